"""Running many independent tasks: in chunks, serially, on a local process pool or on any
``concurrent.futures.Executor`` (a Dask cluster's), with progress reported through a
callback and rows checkpointed as they finish.

The rows are the same whatever runs them: each task is answered by the same function of
picklable inputs, and the caller orders the rows by task.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checkpoint import Checkpoint

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["Execution", "Progress", "run"]

#: Called with (tasks done, tasks in all) as chunks finish.
Progress = Callable[[int, int], None]
Row = dict[str, Any]


@dataclass(frozen=True)
class Execution:
    """How a long run executes.

    ``jobs`` > 1 runs a local process pool of that size; ``executor`` any executor instead
    (``distributed.Client(...).get_executor()``). ``chunk_size`` tasks go to a worker at a
    time (default: about four chunks per worker, at most 50 tasks). With ``checkpoint`` (a
    path), finished rows are kept there as they finish and ``resume`` continues a run that
    was interrupted; the file is removed when every task is done, unless
    ``keep_checkpoint``: then the caller removes it once the result is safely written
    (:meth:`Execution.discard_checkpoint`). ``progress`` is told how many tasks are done
    after each chunk. ``timeout`` (seconds) ends the run early: chunks still running are
    stopped (a serial run then uses one worker process, so that it can be), their tasks get
    no row, and a checkpointed run can be resumed later.
    """

    jobs: int = 1
    executor: Executor | None = None
    chunk_size: int | None = None
    checkpoint: str | os.PathLike | None = None
    resume: bool = False
    progress: Progress | None = None
    keep_checkpoint: bool = False
    timeout: float | None = None

    def discard_checkpoint(self) -> None:
        """Remove the checkpoint (after the complete result has been written)."""
        if self.checkpoint:
            Path(self.checkpoint).unlink(missing_ok=True)


def run(
    tasks: Sequence[Hashable],
    work: Callable[[list[Any]], list[Row]],
    key: Callable[[Row], Hashable],
    execution: Execution | None = None,
    identity: Mapping[str, Any] | None = None,
) -> dict[Hashable, Row]:
    """Every task's row, by task: ``work(chunk)`` answers a chunk of tasks (it must pickle
    to run elsewhere) and ``key(row)`` says which task a row answers. ``identity`` names the
    run in its checkpoint: only a run with the same identity resumes it. Tasks without a row
    were not run: ``execution.timeout`` stopped the run first."""
    execution = execution or Execution()
    deadline = None if execution.timeout is None else time.monotonic() + execution.timeout
    checkpoint = (
        Checkpoint(execution.checkpoint, key, identity or {}, resume=execution.resume) if execution.checkpoint else None
    )
    with checkpoint or nullcontext():
        done = checkpoint.load() if checkpoint else {}
        todo = [t for t in tasks if t not in done]
        workers = max(execution.jobs, 1)
        size = execution.chunk_size or max(1, min(50, len(todo) // (4 * workers) or 1))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        pool = None
        # a deadline needs a worker process even for one job: a running chunk cannot be stopped here
        if execution.executor is None and (workers > 1 or deadline is not None) and todo:
            from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only for a pool

            pool = ProcessPoolExecutor(max_workers=workers, initializer=_end_with, initargs=(os.getpid(),))
        count = len(tasks) - len(todo)
        if execution.progress:
            execution.progress(count, len(tasks))
        try:
            for rows in _results(execution.executor or pool, chunks, work, deadline):
                done.update((key(r), r) for r in rows)
                if checkpoint:
                    checkpoint.append(rows)
                count += len(rows)
                if execution.progress:
                    execution.progress(count, len(tasks))
        except BaseException:  # an interrupt (Ctrl-C, SIGTERM) or an error: stop now, keep what is done
            if pool:
                _stop(pool)
            raise
        if pool:
            pool.shutdown() if count == len(tasks) else _stop(pool)
    if not execution.keep_checkpoint and count == len(tasks):
        execution.discard_checkpoint()
    return done


def _end_with(parent: int) -> None:
    """In a pool worker: exit when ``parent`` does (killed, it cannot stop its workers), by
    watching the parent process id from a daemon thread."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="logicnet-parent-watch", daemon=True).start()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the chunks not started and end the workers now, instead of waiting for the
    running chunks (``shutdown`` would)."""
    pool.shutdown(wait=False, cancel_futures=True)
    # Python 3.14 has pool.terminate_workers(); before it, the workers are only reachable here
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _results(
    executor: Executor | None, chunks: list[list[Any]], work: Callable[[list[Any]], list[Row]], deadline: float | None
) -> Iterator[list[Row]]:
    """Rows of each chunk as it finishes, until ``deadline``: on ``executor``, or here, one
    chunk after another (so progress and checkpoints advance with the work) when it is None."""
    if executor is None:
        for c in chunks:
            if deadline is not None and time.monotonic() > deadline:
                return
            yield work(c)
        return
    futures = [executor.submit(work, c) for c in chunks]
    try:
        for f in as_completed(futures, timeout=None if deadline is None else max(0.0, deadline - time.monotonic())):
            yield f.result()
    except TimeoutError:  # the deadline: the caller stops what still runs
        return
    finally:  # stopped early (an interrupt, an error): nothing more is to start
        for f in futures:
            f.cancel()
