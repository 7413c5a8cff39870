"""How sure is an organ-necessity answer? Its verdicts across alternative rule sets.

Two families of alternative rule sets:

* **Structural sensitivity** (:func:`toggle_design`): the model declares *toggles*, the
  readings its evidence does not settle. An edge toggle (``[toggles.E093]`` with
  ``edge = "Hyperinsulinemia -> HepaticIR"``) removes one hedged, added or design edge: the
  target's rule sees the source at ``value`` (see :class:`~logicnet.perturb.EdgeCut`). Every
  declared rule variant is a toggle too (its alternative rules; a threshold or gate choice).
  A rule set switches some toggles on; all combinations are run when there are at most
  ``samples`` of them, else a seeded uniform sample (plus every toggle alone, to see which
  toggles flip a verdict by themselves).
* **Rule ensembles** (:func:`~.ensemble.rule_ensemble`): networks whose every rule is a
  monotone Boolean function of the node's signed regulators (the signs of the default
  rules, every regulator essential) and which pass every asserted scenario.

:func:`organ_robustness` runs the organ freezes under every rule set (through the screen
runner: parallel, checkpointed, resumable) and gives, per organ set and readout axis, the
fraction of rule sets in which the organ is *necessary* (the benefit is not kept: ``lost``
or ``partial``) with a 95 % Wilson interval, and the toggles that decide it.

>>> import logicnet as ln
>>> net = ln.read_network("gutliver")
>>> [t.name for t in model_toggles(net)][:1]
[]
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .. import expr as ex
from ..errors import ArgumentError, ParseError, UnknownNodeError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import PerturbationLike
from ..variants import variant_names, with_variants
from .ensemble import CHECK_STEPS, chain_summary, rule_ensemble
from .organs import organ_necessity
from .runner import Execution
from .scenarios import Scenario
from .screen import ScreenResult

__all__ = [
    "Toggle",
    "model_toggles",
    "with_toggles",
    "toggle_design",
    "ToggleDesign",
    "organ_robustness",
    "wilson_interval",
]


@dataclass(frozen=True, slots=True)
class Toggle:
    """One reading the model's evidence leaves open.

    ``kind``: ``"edge"`` (``edge`` = (source, target) removed: the target sees the source at
    ``value``) or ``"variant"`` (a declared rule variant, switched on).
    """

    name: str
    kind: str
    description: str = ""
    status: str = ""
    reference: str = ""
    edge: tuple[str, str] | None = None
    value: int = 0


def model_toggles(network: BooleanNetwork) -> list[Toggle]:
    """The model's declared ``[toggles]`` (edges) followed by its rule variants.

    A toggle table holds ``edge = "SOURCE -> TARGET"`` and optionally ``value`` (0 or 1, the
    value the target's rule sees instead; default 0), ``status``, ``reference`` and
    ``description``. Raises :class:`~logicnet.errors.ParseError` for a malformed table and
    :class:`~logicnet.errors.UnknownNodeError` for an edge the rules do not have.
    """
    out = []
    for name, table in network.metadata.get("toggles", {}).items():
        where = f"[toggles.{name}]"
        if not isinstance(table, Mapping) or not isinstance(table.get("edge"), str):
            raise ParseError(f'{where} needs edge = "SOURCE -> TARGET"')
        source, sep, target = (part.strip() for part in table["edge"].partition("->"))
        if not sep or not source or not target:
            raise ParseError(f'{where}: edge must read "SOURCE -> TARGET", got {table["edge"]!r}')
        for node in (source, target):
            network.index(node)
        if source not in network.regulators(target):
            raise UnknownNodeError(source, list(network.regulators(target)), what=f"regulator of {target} ({where})")
        value = table.get("value", 0)
        if value not in (0, 1):
            raise ParseError(f"{where}: value must be 0 or 1, got {value!r}")
        out.append(
            Toggle(
                name,
                "edge",
                str(table.get("description", "")),
                str(table.get("status", "")),
                str(table.get("reference", "")),
                (source, target),
                int(value),
            )
        )
    declared = network.metadata.get("variants", {})
    for name in variant_names(network):
        v = declared[name]
        out.append(Toggle(name, "variant", str(v.get("description", "")), "variant", str(v.get("reference", ""))))
    return out


def with_toggles(network: BooleanNetwork, names: Iterable[str]) -> BooleanNetwork:
    """``network`` with the named toggles on: variants first (in declaration order), then the
    edge cuts (an edge a variant's rule no longer has is left alone)."""
    chosen = set(names)
    toggles = {t.name: t for t in model_toggles(network)}
    for name in chosen:
        if name not in toggles:
            raise UnknownNodeError(name, list(toggles), what="toggle")
    on = [t for t in toggles.values() if t.name in chosen]
    net = with_variants(network, [t.name for t in on if t.kind == "variant"])
    rules: dict[str, Any] = {}
    for t in on:
        if t.edge is None:
            continue
        source, target = t.edge
        rule = rules.get(target, net.rule(target))
        # a variant's rule, or an earlier cut that simplified it, may no longer have the edge
        if rule is not None and source in ex.support(rule):
            rules[target] = ex.fix(rule, {source: t.value})
    return net.with_rules(rules) if rules else net


@dataclass(frozen=True, slots=True)
class ToggleDesign:
    """The toggle combinations of a sensitivity sweep.

    ``sample``: the combinations the fractions are estimated on (every one when
    ``exhaustive``, else drawn uniformly: each toggle on with probability 1/2, distinct,
    seeded); ``probes``: the default and each toggle alone, run to see which toggles flip a
    verdict by themselves (not part of the estimate unless drawn).
    """

    sample: tuple[tuple[str, ...], ...]
    probes: tuple[tuple[str, ...], ...]
    exhaustive: bool

    @property
    def combinations(self) -> list[tuple[str, ...]]:
        """Every combination to run, each once, by size then name."""
        return sorted({*self.sample, *self.probes}, key=lambda c: (len(c), c))


def toggle_design(toggles: Sequence[Toggle], samples: int = 256, seed: int = 0) -> ToggleDesign:
    """Every combination of ``toggles`` when there are at most ``samples``, else ``samples``
    distinct ones drawn uniformly (seeded); plus the default and each toggle alone.

    >>> design = toggle_design([Toggle("E1", "edge"), Toggle("V1", "variant")])
    >>> design.exhaustive, design.sample
    (True, ((), ('E1',), ('V1',), ('E1', 'V1')))
    """
    names = [t.name for t in toggles]
    probes = ((), *((n,) for n in names))
    if 2 ** len(names) <= samples:
        every = tuple(c for k in range(len(names) + 1) for c in itertools.combinations(names, k))
        return ToggleDesign(every, probes, True)
    rng = random.Random(seed)
    drawn: dict[tuple[str, ...], None] = {}
    while len(drawn) < samples:
        drawn.setdefault(tuple(n for n in names if rng.random() < 0.5))
    return ToggleDesign(tuple(drawn), probes, False)


# --------------------------------------------------------------------------------------
# The sweep
# --------------------------------------------------------------------------------------


def wilson_interval(successes: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    """The 95 % Wilson score interval of a binomial proportion (0, 1 when ``n`` is 0);
    ``n`` may be an effective sample size (``successes`` then the same share of it).

    >>> [round(x, 3) for x in wilson_interval(5, 10)]
    [0.237, 0.763]
    """
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # at 0 and n the bounds are exactly 0 and 1 (floating point would leave 1e-16 off)
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    return low, 1.0 if successes >= n else min(1.0, centre + half)


def _as_variants(network: BooleanNetwork, rule_sets: Mapping[str, BooleanNetwork]) -> BooleanNetwork:
    """``network`` whose declared variants are exactly ``rule_sets`` (name -> network with
    the same nodes), so the screen runner sweeps them like variants."""
    variants: dict[str, Any] = {}
    for name, net in rule_sets.items():
        rules = {n: net.rule_text(n) for n in net.nodes if net.rule_text(n) != network.rule_text(n)}
        organs = {o: list(org.mediators) for o, org in net.organs.items()}
        moved = {n: net.organ_of(n) for n in net.nodes if net.organ_of(n) != network.organ_of(n)}
        variants[name] = {
            "rules": rules,
            **({"node_organs": moved} if moved else {}),
            **({"mediators": organs} if organs != {o: list(g.mediators) for o, g in network.organs.items()} else {}),
        }
    return network.evolve(metadata={**network.metadata, "variants": variants})


def organ_robustness(
    network: BooleanNetwork,
    baseline: PerturbationLike,
    treatment: PerturbationLike,
    *,
    sensitivity: bool = False,
    samples: int = 256,
    ensemble: int = 0,
    thin: int = 4,
    scenarios: Sequence[Scenario] = (),
    seed: int = 0,
    mode: str = "freeze",
    organs: Sequence[str] | None = None,
    sets: Sequence[str] = ("single",),
    readouts: str | Mapping[str, int] | Sequence[str] | None = None,
    semantics: str = "asynchronous",
    background: PerturbationLike = None,
    axes: str | Sequence[str] | None = "all",
    lean: PerturbationLike = None,
    execution: Execution | None = None,
    limits: Limits | None = None,
) -> ScreenResult:
    """Organ necessity across alternative rule sets: structural ``sensitivity`` (toggle
    combinations, ``samples`` of them at most, see :func:`toggle_design`) and/or a rule
    ``ensemble`` of that many networks (see :func:`rule_ensemble`, whose chains keep one every
    ``thin`` steps; each passes every asserted one of ``scenarios``).

    Returns the rows of :func:`~.organs.organ_necessity` under the default rules (with the
    start-state check from ``lean``), each with ``robustness``: axis (and ``"overall"``) ->
    ``necessary_fraction`` (the benefit is not kept when the organ set is frozen),
    ``low``/``high`` (its 95 % Wilson interval on ``ess``), ``n`` (rule sets in the estimate:
    the sampled toggle combinations and the ensemble's networks in which the treatment brings
    that benefit with nothing frozen; the ``(none)`` row counts, over all of them, those in
    which it does not), ``ess`` (the effective sample size: a toggle combination counts one,
    the ensemble's networks what their chains are worth, since neighbours in a chain share
    most rules; see :func:`~.ensemble.chain_summary`), ``rhat`` (the chains' R-hat, when
    defined; above 1.01 they have not mixed), ``by_family`` (the same per family when both
    ran) and ``decided_by`` (see :func:`_deciders`). The ``notes`` say how many rule sets ran
    and how many of the ensemble's proposed rule changes were accepted.

    Cost: one organ-necessity run per rule set (``sets`` decides its size), run through
    ``execution`` (parallel, checkpointed, resumable).

    >>> import logicnet as ln
    >>> net = ln.read_network("mafld")
    >>> rows = organ_robustness(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", sensitivity=True,
    ...                         samples=8, organs=["CNS"], axes="none")
    >>> rows[1]["label"], rows[1]["robustness"]["overall"]["n"]
    ('CNS', 8)
    """
    if not sensitivity and not ensemble:
        raise ArgumentError("ask for a sensitivity sweep, an ensemble, or both")
    rule_sets: dict[str, BooleanNetwork] = {"default": network}
    combos_of: dict[str, tuple[str, ...]] = {}  # sensitivity rule set -> toggles on
    family: dict[str, str] = {}  # rule set -> the sample it belongs to, for the estimates
    chain_of: dict[str, int] = {}  # ensemble rule set -> its Markov chain
    changed_of: dict[str, frozenset[str]] = {}  # ensemble rule set -> nodes with another rule
    notes: list[str] = []
    if sensitivity:
        toggles = model_toggles(network)
        if not toggles:
            raise ArgumentError("the model declares no toggles and no rule variants: nothing to vary")
        design = toggle_design(toggles, samples, seed)
        sampled = set(design.sample)
        for combo in design.combinations:
            name = "+".join(combo) or "default"
            rule_sets[name] = with_toggles(network, combo)
            combos_of[name] = combo
            if combo in sampled:
                family[name] = "sensitivity"
        notes.append(
            f"sensitivity: {len(design.sample)} rule sets over {len(toggles)} toggles "
            + ("(every combination)" if design.exhaustive else f"(a uniform sample, seed {seed})")
            + f"; {len(toggles)} more with each toggle alone"
        )
    draw = None
    if ensemble:
        draw = rule_ensemble(
            network,
            ensemble,
            scenarios,
            seed=seed,
            thin=thin,
            semantics=semantics,
            execution=_beside(execution, "ensemble"),
        )
        for i, (rules, chain) in enumerate(zip(draw.rules, draw.chains)):
            rule_sets[f"ensemble-{i + 1:04d}"] = network.with_rules(rules)
            family[f"ensemble-{i + 1:04d}"] = "ensemble"
            chain_of[f"ensemble-{i + 1:04d}"] = chain
            changed_of[f"ensemble-{i + 1:04d}"] = frozenset(rules)
        asserted = sum(bool(s.expect) or s.attractors is not None for s in scenarios)
        notes.append(
            f"ensemble: {len(draw.rules)} networks ({draw.distinct} distinct) from Markov chains over "
            f"{len(draw.resampled)} resampled rules; {draw.moved} of {draw.proposed} proposed rule changes "
            f"passed all {asserted} asserted scenarios"
            + (f" ({draw.slow} rejected as too costly to check)" if draw.slow else "")
            + f" (seed {seed}; intervals use the chains' effective sample size, 'ess')"
        )
    common: dict[str, Any] = dict(
        mode=mode, organs=organs, sets=sets, readouts=readouts, semantics=semantics, background=background, axes=axes
    )
    # the rows: the default rules, with the start-state check; then the sweeps, without it
    rows = organ_necessity(
        network, baseline, treatment, variants="default", execution=execution, lean=lean, limits=limits, **common
    )
    drawn = [name for name in rule_sets if name in chain_of]
    parts = [
        # the declared readings, exactly; the ensemble's networks within the step budget its
        # checks had (a few admissible rules make reachability a thousand times harder)
        ("sweep", [name for name in rule_sets if name not in chain_of], limits),
        ("ensemble-sweep", drawn, replace(resolve(limits), reachability_steps=CHECK_STEPS)),
    ]
    sweeps = [
        organ_necessity(
            _as_variants(network, {name: rule_sets[name] for name in names}),
            baseline,
            treatment,
            variants=names,
            execution=_beside(execution, part),
            limits=part_limits,
            **common,
        )
        for part, names, part_limits in parts
        if names
    ]
    sweep = replace(
        sweeps[0],
        items=tuple(r for s in sweeps for r in s),
        complete=all(s.complete for s in sweeps),
        missing=sum(s.missing for s in sweeps),
        notes=tuple(n for s in sweeps for n in s.notes),
    )
    cut = sum(not r["complete"] for r in sweep if r["variant"] in chain_of)
    if cut:
        notes.append(
            f"ensemble: {cut} organ runs needed over {CHECK_STEPS} reachability steps and are left out of the estimates"
        )
    return _summarise(rows, sweep, combos_of, family, chain_of, changed_of, notes)


def _beside(execution: Execution | None, part: str) -> Execution | None:
    """``execution`` for a second run of the same command: its own checkpoint file."""
    if execution is None or not execution.checkpoint:
        return execution
    return replace(execution, checkpoint=f"{execution.checkpoint}.{part}")


def _necessary(row: Mapping[str, Any], axis: str) -> bool | None:
    if not row.get("complete", True):  # an undecided run says nothing either way
        return None
    verdict = row["verdict"] if axis == "overall" else (row.get("axes") or {}).get(axis, {}).get("verdict")
    return None if verdict not in ("kept", "lost", "partial") else verdict != "kept"


NONE = "(none)"  # the organ set with nothing frozen (see organ_sets)
#: Chains whose R-hat is above this have not mixed (Vehtari et al. 2021 recommend 1.01 for
#: final results; 1.05 flags the clear cases without crying wolf on short chains).
RHAT_MIXED = 1.05


def _estimate(flags: Mapping[str, bool], chain_of: Mapping[str, int]) -> dict[str, Any]:
    """The necessary fraction over rule sets with its Wilson interval, on the effective
    sample size: independent draws count one each, Markov-chain draws (``chain_of``) what
    :func:`~.ensemble.chain_summary` says they are worth (with their R-hat)."""
    chained = [name for name in flags if name in chain_of]
    size, rhat = chain_summary([flags[c] for c in chained], [chain_of[c] for c in chained])
    ess = len(flags) - len(chained) + (size if chained else 0.0)
    hits = sum(flags.values())
    fraction = hits / len(flags) if flags else 0.0
    low, high = wilson_interval(fraction * ess, ess)
    out = {
        "necessary_fraction": round(fraction, 4) if flags else None,
        "low": round(low, 4),
        "high": round(high, 4),
        "n": len(flags),
        "ess": round(ess, 1),
    }
    return out | ({"rhat": rhat} if rhat is not None else {})


def _summarise(
    result: ScreenResult,
    sweep: ScreenResult,
    combos_of: Mapping[str, tuple[str, ...]],
    family: Mapping[str, str],
    chain_of: Mapping[str, int],
    changed_of: Mapping[str, frozenset[str]],
    notes: list[str],
) -> ScreenResult:
    axes = ["overall", *result.axes]
    by_label: dict[str, list[Mapping[str, Any]]] = {}
    for r in sweep:
        by_label.setdefault(r["label"], []).append(r)
    toggles = sorted({t for combo in combos_of.values() for t in combo})
    families = sorted(set(family.values()))
    rows = []
    for r in result:
        robustness: dict[str, Any] = {}
        for axis in axes:
            # a rule set whose treatment loses the benefit with nothing frozen cannot say
            # whether an organ is needed for it: it is left out (the "(none)" row counts them)
            spoilt = {g["variant"] for g in by_label[NONE] if _necessary(g, axis) is not False}
            flags = {
                g["variant"]: flag
                for g in by_label[r["label"]]
                if (flag := _necessary(g, axis)) is not None and (r["label"] == NONE or g["variant"] not in spoilt)
            }
            entry = _estimate({name: f for name, f in flags.items() if name in family}, chain_of)
            if len(families) > 1:
                entry["by_family"] = {
                    fam: _estimate({name: f for name, f in flags.items() if family.get(name) == fam}, chain_of)
                    for fam in families
                }
            if combos_of or changed_of:
                entry["decided_by"] = _deciders(flags, combos_of, changed_of, family, toggles)
            robustness[axis] = entry
        rows.append({**r, "robustness": robustness})
    unmixed = sorted(
        {r["label"] for r in rows if max((e.get("rhat") or 1.0) for e in r["robustness"].values()) > RHAT_MIXED}
    )
    if unmixed:
        notes.append(
            f"the ensemble's chains disagree (R-hat over {RHAT_MIXED}) on {', '.join(unmixed)}: those estimates "
            "are uncertain (see their ess); longer chains (a larger thin, or more networks) settle them"
        )
    return replace(
        result,
        items=tuple(rows),
        columns=(*result.columns, "robustness"),
        complete=result.complete and sweep.complete,
        missing=result.missing + sweep.missing,
        notes=(*result.notes, *sweep.notes, *notes),
        method=f"{result.method}, robustness across {len({r['variant'] for r in sweep})} rule sets",
    )


def _deciders(
    flags: Mapping[str, bool],
    combos_of: Mapping[str, tuple[str, ...]],
    changed_of: Mapping[str, frozenset[str]],
    family: Mapping[str, str],
    toggles: Sequence[str],
) -> dict[str, dict[str, Any]]:
    """What decides a call. A toggle: switched on alone it flips the default verdict, or,
    over the sampled combinations, the necessary fraction with it on differs from the one
    with it off by at least 0.25. A rule of the ensemble (``"rule of NODE"``): the fraction
    over the ensemble's networks in which NODE's rule differs from the default differs by at
    least 0.25 from the fraction over those that keep it. Differences need ten rule sets on
    each side at least (else they are noise). Each with ``alone`` (flips it alone) and
    ``effect`` (fraction with minus fraction without), strongest first."""
    default = flags.get("default")
    sampled = {name: f for name, f in flags.items() if family.get(name) == "sensitivity"}
    drawn = {name: f for name, f in flags.items() if name in changed_of}
    out = []
    for t in toggles:
        effect = _effect(sampled, {name for name in sampled if t in combos_of[name]})
        flips = t in flags and default is not None and flags[t] != default
        if flips or abs(effect) >= 0.25:
            out.append((t, flips, effect))
    for node in sorted({n for nodes in changed_of.values() for n in nodes}):
        effect = _effect(drawn, {name for name in drawn if node in changed_of[name]})
        if abs(effect) >= 0.25:
            out.append((f"rule of {node}", False, effect))
    out.sort(key=lambda x: (-abs(x[2]), not x[1], x[0]))
    return {t: {"alone": flips, "effect": effect} for t, flips, effect in out}


def _effect(flags: Mapping[str, bool], having: set[str]) -> float:
    """Necessary fraction of the rule sets ``having`` a feature minus that of the others
    (0 with fewer than ten on either side)."""
    on = [f for name, f in flags.items() if name in having]
    off = [f for name, f in flags.items() if name not in having]
    if min(len(on), len(off)) < 10:
        return 0.0
    return round(sum(on) / len(on) - sum(off) / len(off), 3)
