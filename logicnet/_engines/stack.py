"""Running native code that recurses (aeon's parser, libsbml's MathML) on a big stack.

Real models nest rules 10,000 levels deep; the Rust and C++ libraries logicnet hands them to
recurse per level and overflow the main thread's stack. Such calls run on a thread of their
own with a stack sized for them. ``threading.stack_size`` is process-wide, so it is set only
around that thread's start, under a lock (screens run threads of their own).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import LogicnetError

__all__ = ["BIG_STACK", "in_big_stack", "might_nest_deep", "DEEP_LINE"]

T = TypeVar("T")
BIG_STACK = 1 << 29  # 512 MiB of address space; only the pages touched cost memory
_LOCK = threading.Lock()
DEEP_LINE = 2000  # characters of one rule (one line) from which parsing may nest too deep


def might_nest_deep(text: str) -> bool:
    """Whether parsing ``text`` can nest deep enough to need a big stack: only a line of
    thousands of characters can (and starting a thread costs milliseconds per call)."""
    return max(map(len, text.splitlines()), default=0) >= DEEP_LINE


def in_big_stack(fn: Callable[[], T], *, size: int = BIG_STACK) -> T:
    """``fn()`` on a thread with a ``size``-byte stack; its result, or its error re-raised here.

    An error that is not logicnet's own carries the worker's traceback as a note; the
    frames themselves are dropped, since they may own native objects whose destructors
    recurse as deeply as the call did.
    """
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = fn()
        except BaseException as err:  # handed to the caller's thread below
            if not isinstance(err, LogicnetError):
                err.add_note("in a big-stack worker thread:\n" + "".join(traceback.format_exception(err)))
            seen: set[int] = set()
            e: BaseException | None = err
            while e is not None and id(e) not in seen:
                seen.add(id(e))
                e.__traceback__ = None
                e = e.__context__
            result["error"] = err

    with _LOCK:
        previous = threading.stack_size(size)
        try:
            worker = threading.Thread(target=run, name="logicnet-big-stack", daemon=True)
            worker.start()
        finally:
            threading.stack_size(previous)
    worker.join()
    if "error" in result:
        raise result["error"]
    return result["value"]
