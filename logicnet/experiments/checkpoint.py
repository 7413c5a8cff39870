"""Checkpoints: the finished rows of a long run, kept on disk as they finish.

A checkpoint is a JSON-lines file beside the run's output (``OUTPUT.partial.jsonl``): a
header naming the run (model digest, contrast, readouts, perturbations, semantics,
variants, logicnet version), then one row per line, flushed and synced after every
chunk. While a run writes it, the file is locked: a second run on the same file is refused,
never interleaved. A run that finds one refuses to start over it unless told to resume, and
resumes only a checkpoint of the same run (naming what differs otherwise). A last line cut
by an interruption is recomputed; any other line that is not a row of the run is an error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ..errors import ArgumentError

try:  # POSIX: lock the checkpoint itself (released by the system if the process dies)
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["Checkpoint"]

_MAGIC = "logicnet checkpoint"


class Checkpoint:
    """The checkpoint file at ``path`` of the run ``identity`` (JSON-ready); ``key(row)``
    says which task a row answers. Use it as a context manager: entering locks the file (and
    creates it, so an unwritable place fails before any work)."""

    def __init__(
        self,
        path: str | os.PathLike,
        key: Callable[[dict[str, Any]], Hashable],
        identity: Mapping[str, Any],
        *,
        resume: bool = False,
    ) -> None:
        self.path = Path(path)
        self.key = key
        self.identity = json.loads(json.dumps(identity))  # as it reads back from the file
        self.resume = resume
        self._file: IO[str] | None = None
        self._earlier = False

    def __enter__(self) -> Checkpoint:
        self._earlier = self.path.exists() and self.path.stat().st_size > 0
        if self._earlier and not self.resume:
            raise ArgumentError(f"{self.path} exists from an interrupted run: resume it, or delete it to start over")
        self._file = open(self.path, "a+", encoding="utf-8")
        if fcntl is not None:
            try:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._file.close()
                raise ArgumentError(
                    f"{self.path} is being written by another run: wait for it to finish, or write to another file"
                ) from None
        if not self._earlier:
            self._write([{"checkpoint": _MAGIC, "run": self.identity}])
        return self

    def load(self) -> dict[Hashable, dict[str, Any]]:
        """The rows an earlier run of the same run left, by task (none for a new run)."""
        if not self._earlier or self._file is None:
            return {}
        self._file.seek(0)
        try:
            text = self._file.read()
        except UnicodeDecodeError:
            raise self._garbage("it is not text") from None
        lines = text.split("\n")
        header = _json(lines[0])
        if not isinstance(header, dict) or header.get("checkpoint") != _MAGIC:
            raise self._garbage("its first line is not a logicnet checkpoint header")
        self._same_run(header.get("run"))
        done = {}
        last = len(lines) - 1  # after the final newline: "" when the file ends cleanly
        for number, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            row = _json(line)
            task = self._task(row)
            if task is None:
                if number - 1 == last:
                    continue  # the last line, cut by the interruption: recompute it
                raise self._garbage(f"line {number} is not a row of this run")
            done[task] = row
        if not text.endswith("\n"):
            self._file.write("\n")  # rows appended after a cut line start on a line of their own
        return done

    def append(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add finished rows, durably (flushed and synced)."""
        self._write(rows)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._file is not None:
            self._file.close()  # releases the lock
            self._file = None

    def _write(self, rows: Iterable[dict[str, Any]]) -> None:
        if self._file is None:
            raise ArgumentError("a checkpoint is written inside its with-block")
        for row in rows:
            self._file.write(json.dumps(row) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def _task(self, row: Any) -> Hashable | None:
        """The task a row answers, or None for something that is not a row."""
        if not isinstance(row, dict):
            return None
        try:
            return self.key(row)
        except KeyError:
            return None

    def _same_run(self, earlier: Any) -> None:
        if earlier == self.identity:
            return
        earlier = earlier if isinstance(earlier, dict) else {}
        differs = [
            f"{k}: {earlier.get(k)!r} there, {self.identity.get(k)!r} here"
            for k in sorted(set(earlier) | set(self.identity))
            if earlier.get(k) != self.identity.get(k)
        ]
        raise ArgumentError(
            f"{self.path} is the checkpoint of another run ({'; '.join(differs)}): it cannot be "
            "resumed by this one; delete it to start over"
        )

    def _garbage(self, why: str) -> ArgumentError:
        return ArgumentError(f"{self.path} is not a checkpoint logicnet can resume ({why}): delete it to start over")


def _json(line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None
