"""One screen task: reverse from the baseline attractors under one perturbation, then judge
the reachable attractors on the readouts.

For each reachable attractor the verdict readouts are compared with their benefit values:

* **kept**: every reachable attractor is beneficial (all verdict readouts at benefit);
* **partial**: some are; **lost**: none is;
* **score**: the mean over reachable attractors of the fraction of verdict readouts at
  their benefit value (``*`` counts as not at benefit).

A row holds the perturbation, the shown readouts' values (0, 1, ``*`` within an
attractor, ``mixed`` across attractors), the attractor count, verdict, score,
``readout_fixed`` (the perturbation fixes a verdict readout itself: a trivial verdict, not a
rescue) and provenance (method, ``complete``, model hash).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import LogicnetError
from ..limits import Limits
from ..network import BooleanNetwork
from ..perturb import Fix, OrganPerturbation, Perturbation
from ..results import Attractor, Attractors
from ..variants import with_variants
from .contrast import Contrast
from .protocols import observed_values, reversal

__all__ = ["judge", "evaluate", "Task", "run_tasks"]

#: (perturbation text, semantics, variant): what one row of a screen answers.
Task = tuple[str, str, str]

# Reachability answers per worker process, keyed by the restricted subproblem (see
# reachable_attractors): many double perturbations share one. Bounded; cleared when full.
_REACHABILITY_CACHE: dict = {}
_CACHE_ENTRIES = 20_000


def judge(found: Iterable[Attractor], readouts: Mapping[str, int]) -> tuple[str, float]:
    """(verdict, score) of reachable attractors against the readouts' benefit values.

    >>> judge([Attractor("fixed", 1, {"S": 0, "I": 1})], {"S": 0, "I": 0})
    ('lost', 0.5)
    """
    fractions = [sum(a.values[r] == v for r, v in readouts.items()) / len(readouts) for a in found]
    beneficial = [f == 1.0 for f in fractions]
    verdict = "kept" if all(beneficial) else "lost" if not any(beneficial) else "partial"
    return verdict, round(sum(fractions) / len(fractions), 6) if fractions else 0.0


def evaluate(
    network: BooleanNetwork,
    source: Attractors,
    contrast: Contrast,
    perturbation: Perturbation,
    semantics: str,
    readouts: Mapping[str, int],
    shown: Sequence[str],
    limits: Limits | None = None,
    axes: Mapping[str, Mapping[str, int]] | None = None,
    lean: Attractors | None = None,
) -> dict[str, Any]:
    """The row of one perturbation: reversal from ``source`` (the baseline attractors) to
    the treatment with the background and ``perturbation`` switched on; with ``axes``
    (see :func:`~logicnet.experiments.contrast.readout_axes`), an ``axes`` field holding the
    verdict and score of each axis's readouts.

    With ``lean`` (the attractors of a healthy start, e.g. before the diet), the same switch
    is also made from there, organ freezes held at their values in the baseline attractor:
    ``lean_verdict`` is the verdict from there and ``hysteresis`` says whether the verdict
    depends on where the system starts."""
    if len(_REACHABILITY_CACHE) > _CACHE_ENTRIES:
        _REACHABILITY_CACHE.clear()
    target = contrast.target(perturbation)
    res = reversal(network, source, target, semantics, limits=limits, cache=_REACHABILITY_CACHE).combined
    verdict, score = judge(res, readouts)
    row = {
        "perturbation": str(perturbation),
        **observed_values(res, shown),
        "attractors": len(res),
        "verdict": verdict,
        "score": score,
        "readout_fixed": bool(set(fixed_nodes(network, perturbation)) & set(readouts)),
        "complete": res.complete,
        "method": res.method,
        **(
            {"axes": {name: dict(zip(("verdict", "score"), judge(res, axis))) for name, axis in axes.items()}}
            if axes
            else {}
        ),
    }
    if lean is not None:
        lean_verdict, lean_complete = _from_lean(network, source, lean, target, semantics, readouts, limits)
        row.update(
            lean_verdict=lean_verdict, hysteresis=lean_verdict != verdict, complete=res.complete and lean_complete
        )
    return row


def _from_lean(
    network: BooleanNetwork,
    source: Attractors,
    lean: Attractors,
    target: Perturbation,
    semantics: str,
    readouts: Mapping[str, int],
    limits: Limits | None,
) -> tuple[str, bool]:
    """The verdict of the same switch made from the lean attractors (organ freezes resolved
    against each baseline attractor), and whether that search was complete."""
    found: dict[Any, Attractor] = {}
    complete = lean.complete
    kept = Perturbation(tuple(i for i in target.items if not isinstance(i, OrganPerturbation)))
    for a in source:
        held = Perturbation.of(kept, *(f for o in target.organs for f in o.fixes(network, a.values)))
        res = reversal(network, lean, held, semantics, limits=limits, cache=_REACHABILITY_CACHE).combined
        found.update(((b.type, b.size, b.values), b) for b in res)
        complete &= res.complete
    lean_verdict, _ = judge(found.values(), readouts)
    return lean_verdict, complete


def fixed_nodes(network: BooleanNetwork, perturbation: Perturbation) -> list[str]:
    """The nodes ``perturbation`` holds fixed itself: its knockouts, overexpressions and the
    mediators of the organs it freezes or silences. A readout among them is not rescued or
    lost by the dynamics: the perturbation decides it."""
    nodes = [f.node for f in perturbation.items if isinstance(f, Fix)]
    return nodes + [m for o in perturbation.organs for m in network.organ(o.organ).mediators]


def run_tasks(
    network: BooleanNetwork,
    sources: Mapping[tuple[str, str], Attractors],
    contrast: Contrast,
    readouts: Mapping[str, int],
    shown: Sequence[str],
    limits: Limits | None,
    tasks: Sequence[Task],
    axes: Mapping[str, Mapping[str, int]] | None = None,
    lean: Mapping[tuple[str, str], Attractors] | None = None,
) -> list[dict[str, Any]]:
    """Rows of a chunk of tasks (a worker's entry point; everything it takes pickles).

    ``sources`` maps (semantics, variant) to the baseline attractors. A task that cannot be
    evaluated (a freeze of a mediator that is not constant) gives a row with verdict
    ``error`` and the reason as its method.
    """
    rows = []
    nets: dict[str, BooleanNetwork] = {}
    for text, semantics, variant in tasks:
        if variant not in nets:
            nets[variant] = with_variants(network, variant)
        start = time.perf_counter()
        try:
            row = evaluate(
                nets[variant],
                sources[(semantics, variant)],
                contrast,
                Perturbation.parse(text),
                semantics,
                readouts,
                shown,
                limits,
                axes,
                None if lean is None else lean[(semantics, variant)],
            )
        except LogicnetError as err:
            row = {
                "perturbation": text,
                "attractors": 0,
                "verdict": "error",
                "score": 0.0,
                "complete": False,
                "method": str(err),
            }
        row.update(
            semantics=semantics,
            variant=variant,
            model_hash=nets[variant].fingerprint()[:16],
            seconds=time.perf_counter() - start,
        )
        rows.append(row)
    return rows
