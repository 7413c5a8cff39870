"""What a screen compares and what it perturbs: the benefit contrast, its readouts, and the
perturbation sets to try.

The *benefit contrast*: a *baseline* condition (e.g. ``HFD=1,Exercise=0``) whose attractors
are the starting states, and a *treatment* condition (``HFD=1,Exercise=1``) switched on at
time zero together with the screened perturbation (the reversal protocol). An optional
*background* (an organ frozen, a node knocked out) applies to the baseline and the
treatment alike. The *readouts* are nodes with their benefit values.

>>> from logicnet import read_network
>>> net = read_network("gutliver")
>>> Contrast.of("HFD=1,Exercise=0", "HFD=1,Exercise=1")
Contrast(baseline='Exercise=0;HFD=1', treatment='Exercise=1;HFD=1', background='')
>>> [str(p) for p in perturbation_sets(net, ["TLR4", "SCFA"], depth=2)]
['', 'TLR4=0', 'SCFA=0', 'SCFA=0;TLR4=0']
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ArgumentError, SizeLimitError, UnknownNodeError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import KINDS, Fix, OrganPerturbation, Perturbation, PerturbationLike

__all__ = ["Contrast", "benefit_readouts", "readout_axes", "perturbation_sets"]


@dataclass(frozen=True, slots=True)
class Contrast:
    """Baseline and treatment conditions, plus a background applied to both."""

    baseline: Perturbation
    treatment: Perturbation
    background: Perturbation = field(default_factory=Perturbation)

    @classmethod
    def of(
        cls, baseline: PerturbationLike, treatment: PerturbationLike, background: PerturbationLike = None
    ) -> Contrast:
        return cls(Perturbation.of(baseline), Perturbation.of(treatment), Perturbation.of(background))

    @property
    def source(self) -> Perturbation:
        """Where the system starts: the baseline with the background's node settings (its
        organ freezes need a reference state, and the baseline attractor *is* that state)."""
        fixes = tuple(i for i in self.background.items if not isinstance(i, OrganPerturbation))
        return Perturbation.of(self.baseline, Perturbation(fixes))

    def target(self, perturbation: PerturbationLike = None) -> Perturbation:
        """What is switched on at time zero: the treatment, the background and ``perturbation``."""
        return Perturbation.of(self.treatment, self.background, perturbation)

    def __repr__(self) -> str:
        return (
            f"Contrast(baseline={str(self.baseline)!r}, treatment={str(self.treatment)!r}, "
            f"background={str(self.background)!r})"
        )


def benefit_readouts(
    network: BooleanNetwork, readouts: str | Mapping[str, int] | Sequence[str] | None = None
) -> dict[str, int]:
    """The verdict readouts with their benefit values.

    ``readouts``: ``"Steatosis=0,SHBG=1"``, a mapping, a list of names (benefit values from
    the model), or None: the model's ``readout_sets.core`` if declared, else all declared
    ``readouts``.
    """
    declared = dict(network.metadata.get("readouts", {}))
    chosen: dict[str, Any]
    if readouts is None:
        core = network.metadata.get("readout_sets", {}).get("core")
        chosen = {n: declared[n] for n in core} if core else declared
    elif isinstance(readouts, Mapping):
        chosen = dict(readouts)
    else:
        items = readouts.split(",") if isinstance(readouts, str) else list(readouts)
        chosen = {}
        for item in (i.strip() for i in items if i.strip()):
            name, _, value = item.partition("=")
            if value:
                chosen[name.strip()] = value.strip()
            elif name in declared:
                chosen[name] = declared[name]
            else:
                raise ArgumentError(f"readout {name!r} has no benefit value: write {name}=0 or {name}=1")
    if not chosen:
        raise ArgumentError(
            "no readouts: name them with their benefit values (Steatosis=0,SHBG=1) or declare [readouts] in the model"
        )
    for n, v in chosen.items():
        network.index(n)
        if v not in (0, 1, "0", "1"):
            raise ArgumentError(f"readout {n}: a benefit value is 0 or 1, got {v!r}")
    return {n: int(v) for n, v in chosen.items()}


def readout_axes(network: BooleanNetwork, axes: str | Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    """Readout axes: named groups of readouts judged on their own (hepatic lipid, glycaemia,
    ...), each readout with its benefit value from the model's ``[readouts]``.

    The model declares them in ``[readout_axes]`` (axis -> readout names); its readout sets
    (``[readout_sets]``, e.g. ``core``) are axes too when named. ``axes``: None or ``"all"``
    for every declared axis, ``"none"`` (or empty) for none, else names (``"core,fibrosis"``).

    >>> from logicnet import read_network
    >>> readout_axes(read_network("mafld"), "core,fibrosis")
    {'core': {'Steatosis': 0, 'HepaticIR': 0, 'NFkB_liver': 0}, 'fibrosis': {'HSC_activation': 0}}
    """
    declared = {**network.metadata.get("readout_sets", {}), **network.metadata.get("readout_axes", {})}
    if axes is None or axes == "all":
        names = list(network.metadata.get("readout_axes", {}))
    elif axes == "none":
        names = []
    else:
        names = [a.strip() for a in (axes.split(",") if isinstance(axes, str) else axes) if a.strip()]
    out = {}
    for name in names:
        if name not in declared:
            raise UnknownNodeError(name, list(declared), what="readout axis")
        members = declared[name]
        if isinstance(members, str) or not isinstance(members, Sequence):
            raise ArgumentError(f"readout axis {name!r} must list readout names, got {members!r}")
        out[name] = benefit_readouts(network, list(members))
    return out


def perturbation_sets(
    network: BooleanNetwork,
    nodes: Iterable[str] | None = None,
    kinds: Sequence[str] = ("ko",),
    depth: int = 1,
    *,
    organ: str | None = None,
    include_none: bool = True,
    limits: Limits | None = None,
) -> list[Perturbation]:
    """Every combination of up to ``depth`` single perturbations of distinct nodes, each node
    knocked out (``"ko"``) and/or overexpressed (``"oe"``); the empty perturbation first.

    ``nodes`` defaults to every node with an update function, ``organ`` keeps only that
    organ's. The count is checked against ``limits.screen_tasks`` before anything is built
    (depth 3 over hundreds of nodes is billions).
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ArgumentError(f"perturbation kinds are {' and '.join(KINDS)}, got {', '.join(map(repr, kinds))}")
    pool = list(nodes) if nodes is not None else [n for n in network.nodes if network.rule(n) is not None]
    for n in pool:
        network.index(n)
    if organ is not None:
        members = set(network.organ_nodes()[network.organ(organ).name])
        pool = [n for n in pool if n in members]
    most = resolve(limits).screen_tasks
    total = sum(math.comb(len(pool), k) * len(kinds) ** k for k in range(1, depth + 1)) + include_none
    if total > most:
        raise SizeLimitError(
            f"{total:,} perturbations (limit {most:,}): lower the depth or name fewer nodes (or one organ)"
        )
    singles = [Fix(n, KINDS[k]) for n in pool for k in kinds]
    out = [Perturbation()] if include_none else []
    for k in range(1, depth + 1):
        for combo in itertools.combinations(singles, k):
            if len({f.node for f in combo}) == k:
                out.append(Perturbation(combo))
    return out
