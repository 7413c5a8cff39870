"""Protocols the biology asks for, built on reachability: reversal and prevention.

**Reversal**: start in the attractor(s) of a *source* condition (e.g. the sedentary
disease state ``HFD=1,Exercise=0``), switch to the target condition plus a perturbation at
time zero, and report the attractors reachable from there. **Prevention** is the same from
the lean state. Organ perturbations act here: ``freeze:ORGAN`` fixes the organ's outgoing
mediators at their values in the source attractor — per source attractor when there are
several, each reported — and a mediator that is not constant there is an error naming it.

>>> from logicnet import read_network
>>> r = reversal(read_network("gutliver"), "HFD=1,Exercise=0", "HFD=1,Exercise=1")
>>> [a.values["Steatosis"] for a in r]
[0]
>>> r = reversal(read_network("gutliver"), "HFD=1,Exercise=0", "HFD=1,Exercise=1;freeze:gut")
>>> [a.values["Steatosis"] for a in r]
[1]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..analysis.attractors import attractors
from ..analysis.reachability import reachable_attractors
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import Perturbation, PerturbationLike
from ..results import Attractor, Attractors, Result
from ..semantics import ASYNCHRONOUS
from ..types import subspace_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["reversal", "prevention", "source_attractors", "ReversalResult", "observed_values"]


_METHOD = "reversal: reachable from the source attractors"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ReversalResult(Result[Attractor]):
    """Everything reachable (``items``, also as ``combined``), the source attractors, and
    what each source attractor reaches (``per_source``)."""

    noun = "attractor"
    source: Attractors
    per_source: tuple[tuple[Attractor, Attractors], ...]
    combined: Attractors
    method: str = _METHOD

    def to_json(self) -> dict[str, Any]:
        d = self.combined.to_json()
        d["sources"] = [
            {"source": dict(src.values), "complete": res.complete, "attractors": [a.to_json() for a in res]}
            for src, res in self.per_source
        ]
        return d

    def to_frame(self) -> pd.DataFrame:
        return self.combined.to_frame()


def source_attractors(
    network: BooleanNetwork,
    source: PerturbationLike,
    semantics: str = ASYNCHRONOUS,
    *,
    timeout: float | None = None,
    limits: Limits | None = None,
) -> Attractors:
    """The attractors a reversal starts from, with their states listed (up to
    ``limits.initial_states`` per attractor)."""
    limits = resolve(limits)
    listing = replace(limits, listed_states=limits.initial_states)
    return attractors(network, semantics, Perturbation.of(source), timeout=timeout, limits=listing)


def reversal(
    network: BooleanNetwork,
    source: PerturbationLike | Attractors,
    target: PerturbationLike,
    semantics: str = ASYNCHRONOUS,
    *,
    timeout: float | None = None,
    limits: Limits | None = None,
    cache: dict | None = None,
) -> ReversalResult:
    """Attractors reachable from the attractors of ``source`` after applying ``target``.

    ``source`` is a condition (any perturbation), or its attractors from
    :func:`source_attractors` when many reversals share them (screens); ``target`` holds the
    new condition and the perturbation, applied at time zero. ``complete`` is False when the source attractors
    or any reachability answer is incomplete, or a source attractor was too large to list
    (its enclosing subspace is used then, a superset of its states). ``cache`` is passed to
    :func:`~logicnet.analysis.reachability.reachable_attractors`.
    """
    src = (
        source
        if isinstance(source, Attractors)
        else source_attractors(network, source, semantics, timeout=timeout, limits=limits)
    )
    target = Perturbation.of(target)
    per_source = []
    for a in src:
        starts = a.states if a.states is not None else [a.values]
        res = reachable_attractors(
            network, starts, semantics, target, reference=a.values, timeout=timeout, limits=limits, cache=cache
        )
        if a.states is None and a.type != "trapspace":
            res = replace(
                res,
                complete=False,
                notes=(*res.notes, "the source attractor was too large to list: started from its enclosing subspace"),
            )
        per_source.append((a, res))
    # One attractor reached from several sources counts once (whether its states are listed or not).
    merged = {(b.type, b.size, b.values): b for _, res in per_source for b in res}
    found = sorted(merged.values(), key=lambda b: subspace_key(b.values, network.nodes))
    complete = src.complete and all(res.complete for _, res in per_source)
    notes = tuple(n for _, res in per_source for n in res.notes)
    if not src.complete:
        notes = (*notes, "the source attractors are incomplete")
    combined = Attractors(
        items=tuple(found),
        nodes=network.nodes,
        semantics=src.semantics,
        complete=complete,
        method=_METHOD,
        notes=notes,
    )
    return ReversalResult(
        items=combined.items,
        source=src,
        per_source=tuple(per_source),
        combined=combined,
        complete=complete,
        notes=notes,
    )


def observed_values(result: Iterable[Attractor], nodes: Iterable[str]) -> dict[str, Any]:
    """Per node: the common value of the reachable attractors, ``"*"`` or ``"mixed"``."""
    out = {}
    for n in nodes:
        values = {a.values[n] for a in result}
        out[n] = values.pop() if len(values) == 1 else "mixed"
    return out


def prevention(
    network: BooleanNetwork,
    source: PerturbationLike | Attractors,
    target: PerturbationLike,
    semantics: str = ASYNCHRONOUS,
    **options: Any,
) -> ReversalResult:
    """The prevention protocol: :func:`reversal` from the healthy condition's attractors
    (e.g. ``HFD=0,Exercise=1`` before the diet switches to ``HFD=1,Exercise=1``)."""
    return reversal(network, source, target, semantics, **options)
