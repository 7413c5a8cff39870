"""Checkpoints: the finished rows of a long run, kept on disk as they finish.

A checkpoint is a JSON-lines file beside the run's output (``OUTPUT.partial.jsonl``), one
row per line, flushed and synced after every chunk. A run that finds one refuses to start
over it unless told to resume; resuming skips the tasks whose rows it holds. A line cut by
the interruption is recomputed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ..errors import ArgumentError

__all__ = ["Checkpoint"]


class Checkpoint:
    """The checkpoint file at ``path``; ``key(row)`` says which task a row answers."""

    def __init__(
        self, path: str | os.PathLike, key: Callable[[dict[str, Any]], Hashable], *, resume: bool = False
    ) -> None:
        self.path = Path(path)
        self.key = key
        self.resume = resume
        self._out: IO[str] | None = None

    def load(self) -> dict[Hashable, dict[str, Any]]:
        """The rows already done, by task (none for a new run)."""
        if not self.path.exists():
            return {}
        if not self.resume:
            raise ArgumentError(f"{self.path} exists from an interrupted run: resume it, or delete it to start over")
        done = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by the interruption: recompute it
            done[self.key(row)] = row
        return done

    def __enter__(self) -> Checkpoint:
        return self

    def append(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add finished rows, durably (flushed and synced)."""
        if self._out is None:
            self._out = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed by __exit__
        for row in rows:
            self._out.write(json.dumps(row) + "\n")
        self._out.flush()
        os.fsync(self._out.fileno())

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
