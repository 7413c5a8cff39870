"""Protocols the biology asks for, built on reachability: reversal and prevention.

**Reversal**: start in the attractor(s) of a *source* condition (e.g. the sedentary
disease state ``HFD=1,Exercise=0``), switch to the target condition plus a perturbation at
time zero, and report the attractors reachable from there. **Prevention** is the same from
the lean state. Organ perturbations act here: ``freeze:ORGAN`` fixes the organ's outgoing
mediators at their values in the source attractor — per source attractor when there are
several, each reported — and a mediator that is not constant there is an error naming it.

>>> from logicnet.io import read_network
>>> r = reversal(read_network("gutliver"), "HFD=1,Exercise=0", "HFD=1,Exercise=1")
>>> [a.values["Steatosis"] for a in r.combined]
[0]
>>> r = reversal(read_network("gutliver"), "HFD=1,Exercise=0", "HFD=1,Exercise=1;freeze:gut")
>>> [a.values["Steatosis"] for a in r.combined]
[1]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .analysis.attractors import attractors
from .analysis.reachability import MAX_INITIAL, reachable_attractors
from .analysis.results import Attractor, AttractorResult, subspace_key
from .network import BooleanNetwork
from .perturb import Perturbation
from .semantics import ASYNCHRONOUS

__all__ = ["reversal", "source_attractors", "ReversalResult"]


@dataclass(frozen=True)
class ReversalResult:
    """The source attractors, what each one reaches, and everything reachable (combined)."""

    source: AttractorResult
    per_source: tuple[tuple[Attractor, AttractorResult], ...]
    combined: AttractorResult

    def to_json(self) -> dict:
        d = self.combined.to_json()
        d["sources"] = [{"source": dict(src.values), "complete": res.complete,
                         "attractors": [a.to_json() for a in res]} for src, res in self.per_source]
        return d


def source_attractors(network: BooleanNetwork, source: Perturbation | str, semantics: str = ASYNCHRONOUS,
                      *, timeout: float | None = None) -> AttractorResult:
    """The attractors a reversal starts from, with their states listed (up to 100,000)."""
    return attractors(network, semantics, Perturbation.of(source), timeout=timeout, list_states=MAX_INITIAL)


def reversal(network: BooleanNetwork, source: Perturbation | str | AttractorResult,
             target: Perturbation | str, semantics: str = ASYNCHRONOUS, *,
             timeout: float | None = None, cache: dict | None = None) -> ReversalResult:
    """Attractors reachable from the attractors of ``source`` after applying ``target``.

    ``source`` is a condition (any perturbation), or its attractors from
    :func:`source_attractors` when many reversals share them (screens); ``target`` holds the
    new condition and the perturbation, applied at time zero. ``complete`` is False when the source attractors
    or any reachability answer is incomplete, or a source attractor was too large to list
    (its enclosing subspace is used then, a superset of its states). ``cache`` is passed to
    :func:`~logicnet.analysis.reachability.reachable_attractors`.
    """
    src = source if isinstance(source, AttractorResult) else source_attractors(network, source, semantics,
                                                                                 timeout=timeout)
    target = Perturbation.of(target)
    per_source = []
    for a in src:
        starts = a.states if a.states is not None else [a.values]
        res = reachable_attractors(network, starts, semantics, target, reference=a.values, timeout=timeout,
                                  cache=cache)
        if a.states is None and a.type != "trapspace":
            res = replace(res, complete=False,
                          notes=(*res.notes, "the source attractor was too large to list: started from "
                                             "its enclosing subspace"))
        per_source.append((a, res))
    merged: dict[tuple, Attractor] = {}
    for _, res in per_source:
        for b in res:
            merged[(b.type, b.size, tuple(subspace_key(b.values, network.nodes)))] = b
    found = sorted(merged.values(), key=lambda b: subspace_key(b.values, network.nodes))
    complete = src.complete and all(res.complete for _, res in per_source)
    notes = tuple(n for _, res in per_source for n in res.notes)
    if not src.complete:
        notes = (*notes, "the source attractors are incomplete")
    combined = AttractorResult(src.semantics, complete, tuple(found), network.nodes,
                               "reversal: reachable from the source attractors", notes)
    return ReversalResult(src, tuple(per_source), combined)
