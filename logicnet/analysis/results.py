"""Result types of the analyses: attractors, their sets, and how to print them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Value", "Attractor", "AttractorResult", "summarize_states", "subspace_key"]

Value = int | str  # 0, 1, or "*" (not constant)


def subspace_key(values: Mapping[str, Value], nodes: Sequence[str]) -> tuple[int, ...]:
    """Sort key of a subspace: node by node, 0 < 1 < *."""
    return tuple(2 if values[n] == "*" else int(values[n]) for n in nodes)


def summarize_states(states: Sequence[Mapping[str, int]], nodes: Sequence[str]) -> dict[str, Value]:
    """Per node 0 or 1 when constant over ``states``, else ``"*"``."""
    out: dict[str, Value] = {}
    for n in nodes:
        seen = {s[n] for s in states}
        out[n] = seen.pop() if len(seen) == 1 else "*"
    return out


@dataclass(frozen=True, slots=True)
class Attractor:
    """One attractor (or, for most-permissive semantics, one minimal trap space).

    ``type``: ``fixed``, ``cyclic`` (synchronous), ``complex`` (asynchronous) or
    ``trapspace`` (most permissive). ``size``: its number of states. ``values``: every node
    of the model -> 0, 1 or ``"*"`` (not constant within the attractor). ``states``: the
    states in order for a synchronous cycle; for a complex attractor, its states when it is
    small enough to list (else ``None``).
    """

    type: str
    size: int
    values: dict[str, Value]
    states: tuple[dict[str, int], ...] | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "size": self.size, "values": dict(self.values)}
        if self.type == "cyclic" and self.states is not None:
            d["states"] = [dict(s) for s in self.states]
        return d

    @property
    def is_fixed_point(self) -> bool:
        return self.type == "fixed"

    def lifted(self, lift) -> "Attractor":
        """The same attractor with ``lift`` (e.g. ``Percolation.lift``) applied to its values
        and states: from a reduced network back to the original one."""
        states = None if self.states is None else tuple(lift(s) for s in self.states)
        return Attractor(self.type, self.size, lift(self.values), states)


@dataclass(frozen=True, slots=True)
class AttractorResult:
    """Attractors of a network under one semantics.

    ``complete`` is True only when the search was exhaustive (every attractor is listed);
    ``method`` says how they were found; ``notes`` explain anything incomplete.
    """

    semantics: str
    complete: bool
    attractors: tuple[Attractor, ...]
    nodes: tuple[str, ...]
    method: str = ""
    notes: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.attractors)

    def __iter__(self):
        return iter(self.attractors)

    def __getitem__(self, i: int) -> Attractor:
        return self.attractors[i]

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"semantics": self.semantics, "complete": self.complete,
                             "attractors": [a.to_json() for a in self.attractors]}
        if self.method:
            d["method"] = self.method
        if self.notes:
            d["notes"] = list(self.notes)
        return d

    def to_frame(self) -> pd.DataFrame:
        """One row per attractor: ``type``, ``size``, then one column per node (0, 1 or ``*``)."""
        rows = [{"type": a.type, "size": a.size, **a.values} for a in self.attractors]
        return pd.DataFrame(rows, columns=["type", "size", *self.nodes])
