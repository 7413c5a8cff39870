"""Organ necessity: which organs' responses does a benefit need?

Each organ's outgoing mediators are frozen at their values in the baseline attractor (or
silenced at 0) — alone, in pairs (redundancy) and all but one (sufficiency) — and the
treatment is switched on; the benefit is judged per rule variant, and each verdict says in
how many rule sets it holds.

>>> import logicnet as ln
>>> necessity = ln.organ_necessity(ln.read_network("gutliver"), "HFD=1,Exercise=0", "HFD=1,Exercise=1",
...                                readouts="Steatosis=0", sets=("single",))
>>> [(row["label"], row["verdict"]) for row in necessity]
[('(none)', 'kept'), ('gut', 'lost'), ('liver', 'kept')]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..errors import ArgumentError
from ..limits import Limits
from ..network import BooleanNetwork
from ..perturb import ORGAN_MODES, OrganPerturbation, Perturbation, PerturbationLike
from .contrast import Contrast
from .runner import Execution
from .screen import ScreenResult, perturbation_screen

__all__ = ["organ_necessity", "organ_sets", "SETS"]

SETS = ("single", "pair", "all-but-one")


def organ_sets(names: Sequence[str], sets: Sequence[str] = SETS) -> list[tuple[str, tuple[str, ...]]]:
    """(kind, organs) groups to freeze: none, each organ, each pair, all but each one."""
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        raise ArgumentError(f"unknown organ set kind(s) {', '.join(unknown)} (choose from {', '.join(SETS)})")
    groups: list[tuple[str, tuple[str, ...]]] = [("none", ())]
    if "single" in sets:
        groups += [("single", (o,)) for o in names]
    if "pair" in sets:
        groups += [("pair", c) for c in itertools.combinations(names, 2)]
    if "all-but-one" in sets and len(names) > 2:
        groups += [("all-but-one", tuple(x for x in names if x != o)) for o in names]
    return groups


def organ_necessity(
    network: BooleanNetwork,
    baseline: PerturbationLike,
    treatment: PerturbationLike,
    *,
    mode: str = "freeze",
    organs: Sequence[str] | None = None,
    sets: Sequence[str] = SETS,
    readouts: str | Mapping[str, int] | Sequence[str] | None = None,
    semantics: str = "asynchronous",
    variants: Sequence[str] | str | None = None,
    background: PerturbationLike = None,
    execution: Execution | None = None,
    limits: Limits | None = None,
    axes: str | Sequence[str] | None = "all",
    lean: PerturbationLike = None,
) -> ScreenResult:
    """Freeze (default) or silence organs' outgoing mediators, alone, in pairs and all but
    one, and report the verdict on the benefit per rule variant.

    ``organs``: default every organ that declares mediators. The rows are
    :func:`~logicnet.experiments.screen.perturbation_screen` rows with four more fields:
    ``organs`` (the frozen organs), ``set`` (none / single / pair / all-but-one), ``label``
    ("gut", "gut+CNS", "all but gut") and ``variants_agree`` ("n/m": how many of the m rule sets
    give the same verdict as the first, normally the default rules). ``axes``: the readout
    axes judged on their own besides the overall verdict (every declared axis by default;
    see :func:`~logicnet.experiments.contrast.readout_axes`). ``lean``: a healthy condition
    from whose attractors each switch is made too (organs frozen at their baseline values),
    giving ``lean_verdict`` and ``hysteresis`` per row (see
    :func:`~logicnet.experiments.screen.perturbation_screen`).
    """
    if mode not in ORGAN_MODES:
        raise ArgumentError(f"mode must be 'freeze' or 'silence', got {mode!r}")
    names = list(organs) if organs is not None else [o.name for o in network.organs.values() if o.mediators]
    for o in names:
        network.organ(o)
    groups = organ_sets(names, sets)
    perts = [Perturbation(tuple(OrganPerturbation(o, mode) for o in g)) for _, g in groups]
    screen = perturbation_screen(
        network,
        Contrast.of(baseline, treatment, background),
        perts,
        readouts=readouts,
        semantics=[semantics],
        variants=variants,
        execution=execution,
        limits=limits,
        axes=axes,
        lean=lean,
    )
    kind_of = {str(p): (kind, group) for p, (kind, group) in zip(perts, groups)}

    def label(kind: str, group: tuple[str, ...]) -> str:
        if kind == "all-but-one":
            return "all but " + next(o for o in names if o not in group)
        return "+".join(group) or "(none)"

    # variants_agree: how many rule sets share the verdict of the first one that has a row (all
    # of them unless a time limit left rows out)
    reference: dict[str, str] = {}
    ran: dict[str, int] = {}
    same: dict[str, int] = {}
    for r in screen:
        p = r["perturbation"]
        reference.setdefault(p, r["verdict"])
        ran[p] = ran.get(p, 0) + 1
        same[p] = same.get(p, 0) + (r["verdict"] == reference[p])
    rows: list[dict[str, Any]] = []
    for r in screen:
        kind, group = kind_of[r["perturbation"]]
        rows.append(
            {
                "organs": group,
                "set": kind,
                "label": label(kind, group),
                **r,
                "variants_agree": f"{same[r['perturbation']]}/{ran[r['perturbation']]}",
            }
        )
    return replace(
        screen,
        items=tuple(rows),
        columns=("organs", "set", "label", *screen.columns, "variants_agree"),
        method=f"organ {mode} per rule set",
    )
