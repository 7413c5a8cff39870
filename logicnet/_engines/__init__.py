"""The engines: how logicnet computes, below every question it answers.

Private: the public functions of :mod:`logicnet.analysis`, :mod:`logicnet.graph` and
:mod:`logicnet.io` choose and call them. Each module knows networks, expressions, the names
of the semantics and the result values; never perturbations, protocols or presentation:

- :mod:`.compiled`: update functions compiled once to bit-parallel Python code;
- :mod:`.bdd`: BDDs of update functions (biodivine-aeon), for signs, equivalence and trap spaces;
- :mod:`.explicit`: explicit state spaces (numpy, scipy's strongly connected components);
- :mod:`.symbolic`: symbolic asynchronous dynamics (biodivine-aeon);
- :mod:`.asp`: answer-set programs for fixed points and trap spaces (clingo);
- :mod:`.sync_sat`: synchronous attractors by bounded unrolling (clingo);
- :mod:`.stack`: running recursive native code (aeon's parser, libsbml) on a big stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..results import Attractor


@dataclass(frozen=True, slots=True, init=False)
class Search:
    """What an attractor engine found: the attractors, whether that is all of them, how,
    and why not (the fields of :class:`~logicnet.results.Attractors` before sorting)."""

    found: tuple[Attractor, ...]
    complete: bool
    method: str
    notes: tuple[str, ...]

    def __init__(self, found: Iterable[Attractor], complete: bool, method: str, notes: Iterable[str] = ()) -> None:
        for name, value in (
            ("found", tuple(found)),
            ("complete", complete),
            ("method", method),
            ("notes", tuple(notes)),
        ):
            object.__setattr__(self, name, value)

    def lifted(self, lift: Callable[[Mapping[str, Any]], dict[str, Any]]) -> Search:
        """The same search with every attractor lifted (from a reduced network)."""
        return Search((a.lifted(lift) for a in self.found), self.complete, self.method, self.notes)
