"""Work with a hard time and memory limit: run it in a forked child the caller can stop.

The analyses take a ``timeout`` and honour it where they can: between steps, and inside
biodivine-aeon and clingo, which can be cancelled. Some calls cannot be interrupted at all
(clingo's grounding of a huge rule, building the BDD of a 50,000-term rule), and no
in-process limit stops memory from growing. :func:`run_bounded` runs the work in a child
process forked from this one, so it starts at once with everything already loaded, and
stops it from outside:

- past ``seconds`` × 1.05 + 1 s (the slack lets the work's own timeout return what it has
  found first), the child is killed and ``on_timeout(note)`` answers instead, or
  :class:`~logicnet.errors.SearchTimeout` is raised;
- when the child (with its own worker processes) holds more than ``memory`` bytes, it is
  killed and :class:`~logicnet.errors.MemoryLimitError` says so;
- an interrupt (Ctrl-C, SIGTERM) of the caller stops the child first (it has up to
  10 s to end its own workers and keep its checkpoint) and is then raised;
- a child that dies without an answer (a native crash) is an error, never a silent result;
  one whose parent dies is killed by the kernel (Linux), so nothing is left behind.

The result and any exception come back pickled. Forking is safe only in a process with one
thread and needs Linux's parent-death signal: elsewhere, and inside a bounded child, the
work runs in this process with its own timeout only (``hard_limits_available()`` says which).

>>> run_bounded(lambda: sum(range(10)), seconds=5)
45
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import ArgumentError, LogicnetError, MemoryLimitError, SearchTimeout

__all__ = ["run_bounded", "hard_limits_available", "parse_memory", "format_bytes", "hard_deadline"]

T = TypeVar("T")

_INSIDE = False  # True in a bounded child: nested calls run in place
_POLL = 0.05  # seconds between checks of the child
_GRACE = 10.0  # seconds an interrupted child has to stop its workers
_FAMILY_EVERY = 20  # polls between two listings of the child's workers (about a second)
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def hard_deadline(seconds: float) -> float:
    """Seconds after which a bounded child is killed: ``seconds`` plus 5 % and 1 s, so that
    the caller, with its own start-up and its output, stays within 10 % and 2 s."""
    return seconds * 1.05 + 1.0


def hard_limits_available() -> bool:
    """Whether :func:`run_bounded` can enforce its limits here (see the module notes)."""
    return sys.platform == "linux" and not _INSIDE and threading.active_count() == 1


def parse_memory(text: str) -> int:
    """Bytes in a size such as ``"4G"``, ``"512M"``, ``"1.5GB"`` or ``"1000000"`` (binary units).

    >>> parse_memory("512M")
    536870912
    """
    cleaned = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = cleaned[-1:] if cleaned[-1:] in _UNITS else ""
    try:
        value = float(cleaned[: len(cleaned) - len(unit)])
    except ValueError:
        raise ArgumentError(f"{text!r} is not a size (examples: 4G, 512M)") from None
    if not value > 0 or value == float("inf"):
        raise ArgumentError(f"{text!r} is not a positive size")
    return int(value * _UNITS[unit])


def format_bytes(size: float) -> str:
    """``size`` in binary units, e.g. ``"1.5 GiB"``."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024:
            return f"{size:.3g} {unit}"
        size /= 1024
    return f"{size:.3g} TiB"


def run_bounded(
    work: Callable[[], T],
    *,
    seconds: float | None = None,
    memory: int | None = None,
    on_timeout: Callable[[str], T] | None = None,
    on_tick: Callable[[float], None] | None = None,
) -> T:
    """``work()``, stopped past ``seconds`` (× 1.05 + 1 s) or ``memory`` bytes.

    ``on_timeout(note)`` gives the answer when the time limit stopped the work (else
    :class:`~logicnet.errors.SearchTimeout`); ``on_tick(elapsed)`` is called about every
    0.05 s while waiting (a progress line). Without any limit or tick, or where limits cannot
    be enforced, ``work()`` simply runs here.
    """
    if (seconds is None and memory is None and on_tick is None) or not hard_limits_available():
        return work()
    import ctypes  # noqa: F401 - for the child's _die_with, loaded here: only bounded work needs it

    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        os.close(reader)
        _child(work, writer, parent)
    os.close(writer)
    return _supervise(pid, reader, seconds, memory, on_timeout, on_tick)


def _child(work: Callable[[], Any], writer: int, parent: int) -> None:
    global _INSIDE
    _INSIDE = True
    status = 0
    try:
        _die_with(parent)
        try:
            message: tuple[str, Any] = ("result", work())
        except BaseException as err:  # everything goes back to the caller, interrupts too
            message = ("error", err)
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # an unpicklable answer or error: send its text
            data = pickle.dumps(("error", LogicnetError(f"{type(err).__name__}: {err}")))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        status = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(status)


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``)."""
    import ctypes  # loaded by run_bounded before the fork (slower in the child: its pages are shared)

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _supervise(
    pid: int,
    reader: int,
    seconds: float | None,
    memory: int | None,
    on_timeout: Callable[[str], Any] | None,
    on_tick: Callable[[float], None] | None,
) -> Any:
    start = time.monotonic()
    deadline = None if seconds is None else start + hard_deadline(seconds)
    chunks: list[bytes] = []
    alive = True
    family, polls = [pid], 0  # the child and its workers, whose memory counts
    try:
        while True:
            ready, _, _ = select.select([reader], [], [], _POLL)
            if ready:
                chunk = os.read(reader, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            now = time.monotonic()
            if on_tick:
                on_tick(now - start)
            if deadline is not None and now > deadline:
                _kill(pid)
                alive = False
                note = (
                    f"stopped after {now - start:.1f} s: the work was inside a call that cannot be "
                    f"interrupted when its {seconds:g} s ran out, so nothing it found could be kept"
                )
                if on_timeout is None:
                    raise SearchTimeout(note)
                return on_timeout(note)
            if memory is None:
                continue
            if polls % _FAMILY_EVERY == 0:  # listing descendants scans every process: now and then
                family = [pid, *_descendants(pid)]
            polls += 1
            if (held := _resident(family)) > memory:
                _kill(pid)
                alive = False
                raise MemoryLimitError(
                    f"the work grew to {format_bytes(held)}, past the memory limit of {format_bytes(memory)}, "
                    "and was stopped: allow more memory, or ask a smaller question (fix inputs, perturb, "
                    "set a limit on the answers)"
                )
    except BaseException:  # an interrupt here: stop the child (it keeps its checkpoint), then go on
        if alive:
            _stop(pid)
        raise
    finally:
        os.close(reader)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        cause = (
            f"signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit status {os.waitstatus_to_exitcode(status)}"
        )
        raise LogicnetError(f"the computation ended without an answer ({cause}); it may have run out of memory")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def _resident(pids: list[int]) -> int:
    """Resident bytes of processes ``pids`` (those gone count 0): read from ``/proc``, a
    hundredth of what asking psutil for the process tree costs at every poll."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


def _kill(pid: int) -> None:
    """Kill the child and its workers at once and reap it."""
    for p in [pid, *_descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)
    os.waitpid(pid, 0)


def _stop(pid: int) -> None:
    """Let the child stop as an interrupt would (it ends its workers and keeps its
    checkpoint), then kill it. A Ctrl-C at the terminal reaches the child too, so it gets a
    second before being asked (SIGTERM, which interrupts it the same way)."""
    end = time.monotonic() + _GRACE
    asked = False
    while time.monotonic() < end:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        if not asked and time.monotonic() > end - _GRACE + 1:
            asked = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        time.sleep(_POLL)
    _kill(pid)
