"""Rule ensembles: networks whose every rule is a monotone function of the node's signed
regulators (every regulator essential) and which pass a model's asserted scenarios.

They answer how much a conclusion owes to the exact rules the modeller chose, beyond the
readings the model declares (:mod:`.robustness` sweeps those). :func:`rule_ensemble` draws
them; :func:`~.robustness.organ_robustness` judges organ necessity on them.

>>> import logicnet as ln
>>> draw = rule_ensemble(ln.read_network("gutliver"), 3, seed=1, chains=1)
>>> len(draw.rules), draw.moved <= draw.proposed
(3, True)
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import expr as ex
from .._engines.monotone import MAX_ARITY, minimal_true_points, sample_essential_monotone
from ..errors import ArgumentError
from ..limits import Limits
from ..network import BooleanNetwork
from .runner import Execution
from .scenarios import Scenario, validate

__all__ = ["EnsembleDraw", "rule_ensemble", "chain_summary", "CHECK_SECONDS", "CHECK_STEPS"]


@dataclass(frozen=True, slots=True)
class EnsembleDraw:
    """An ensemble drawn by :func:`rule_ensemble`.

    ``rules``: per network, node -> rule for the nodes whose rule differs from the default.
    ``proposed``/``moved``: rule changes proposed and accepted (passing every scenario) by
    the chains; ``slow``: proposals rejected because their check needed more than
    :data:`CHECK_STEPS` of symbolic reachability (or :data:`CHECK_SECONDS`);
    ``resampled``: the nodes whose rules vary; ``kept``: nodes that keep their rule because
    their regulators do not allow sampling (mixed signs, over six of them); ``chains``: the
    chain each network comes from (in chain order, so estimates can allow for the
    correlation of neighbours, see :func:`chain_summary`).
    """

    rules: tuple[Mapping[str, str], ...]
    proposed: int
    moved: int
    resampled: tuple[str, ...]
    kept: tuple[str, ...] = field(default=())
    slow: int = 0
    chains: tuple[int, ...] = field(default=())

    @property
    def distinct(self) -> int:
        """How many different networks the ensemble holds."""
        return len({tuple(sorted(r.items())) for r in self.rules})


def _signed_regulators(network: BooleanNetwork) -> dict[str, list[tuple[str, str]]]:
    from ..graph import interaction_graph

    graph = interaction_graph(network)
    return {
        n: sorted((src, graph.edges[src, n]["sign"]) for src in graph.predecessors(n))
        for n in network.nodes
        if network.rule(n) is not None
    }


def _rule_text(regulators: Sequence[tuple[str, str]], tt: int) -> str:
    def literal(i: int) -> str:
        node, sign = regulators[i]
        return node if sign == "+" else f"!{node}"

    terms = [
        " & ".join(literal(i) for i in range(len(regulators)) if a >> i & 1)
        for a in minimal_true_points(tt, len(regulators))
    ]
    return " | ".join(f"({t})" if " & " in t and len(terms) > 1 else t for t in terms)


#: Saturation steps a candidate's symbolic reachability questions may take, each direction
#: (the default MAFLD rules need none: their scenarios are decided by percolation or
#: explicitly). A random rule can make them 300 times slower (on MAFLD, a beta-cell stress
#: rule that oscillates with glycaemia: a thousand steps, 20-60 s a check): without a bound a
#: chain that accepts one crawls, and so would every organ run of its networks. The bound
#: counts work, not seconds, so the ensemble is the same on a busy machine. The ensemble is
#: thus of networks that pass the scenarios *and* can be checked within the bound;
#: ``EnsembleDraw.slow`` counts the rest.
CHECK_STEPS = 50
#: A safety net in seconds for the whole check (searches that the step bound does not
#: govern); in normal runs it never triggers (a check takes 0.01-0.1 s).
CHECK_SECONDS = 60.0


def _check(network: BooleanNetwork, scenarios: Sequence[Scenario], semantics: str) -> str:
    """``"pass"`` when every scenario passes, ``"fail"`` at the first that fails,
    ``"slow"`` when a search was cut short by :data:`CHECK_STEPS` or
    :data:`CHECK_SECONDS` (nothing can be asserted then)."""
    results = validate(
        network,
        list(scenarios),
        semantics,
        timeout=CHECK_SECONDS,
        fail_fast=True,
        limits=Limits(reachability_steps=CHECK_STEPS),
    )
    if results and results[-1].status == "fail":
        return "fail" if results[-1].result.complete else "slow"
    return "pass"


def _truth_table(network: BooleanNetwork, node: str, regulators: Sequence[tuple[str, str]]) -> int:
    """The truth table of ``node``'s rule over its regulators (bit ``a``: assignment ``a``)."""

    rule = network.rule(node)
    names = [r for r, _ in regulators]
    tt = 0
    for a in range(1 << len(names)):
        value = ex.constant_value(ex.fix(rule, {n: a >> i & 1 for i, n in enumerate(names)}))
        tt |= (value or 0) << a
    return tt


def _chain(
    network: BooleanNetwork,
    signed: Mapping[str, Sequence[tuple[str, str]]],
    scenarios: Sequence[Scenario],
    semantics: str,
    seed: int,
    burn_in: int,
    thin: int,
    counts: Sequence[int],
    chains: Sequence[int],
) -> list[dict[str, Any]]:
    """Rows of chains (a worker's entry point; everything it takes pickles): each chain's
    ``counts[chain]`` recorded networks (node -> rule where it differs from the default)
    and its proposal counts."""
    nodes = sorted(signed)
    default = {n: _truth_table(network, n, signed[n]) for n in nodes}

    @functools.cache
    def parsed(node: str, tt: int) -> ex.Expression:  # chains revisit rules: parse each once
        return ex.parse_rule(_rule_text(signed[node], tt))

    rows = []
    for chain in chains:
        rng = random.Random(f"{seed}:{chain}")
        state = dict(default)
        samples: list[dict[str, str]] = []
        proposed = moved = slow = step = 0
        while len(samples) < counts[chain]:
            step += 1
            node = rng.choice(nodes)
            tt = sample_essential_monotone(len(signed[node]), rng)
            if tt != state[node]:  # the same rule again: the chain stays, nothing to check
                proposed += 1
                candidate = {**state, node: tt}
                rules = {n: parsed(n, t) for n, t in candidate.items() if t != default[n]}
                verdict = _check(network.with_rules(rules), scenarios, semantics)
                slow += verdict == "slow"
                if verdict == "pass":
                    state = candidate
                    moved += 1
            if step > burn_in and (step - burn_in) % thin == 0:
                samples.append({n: _rule_text(signed[n], t) for n, t in sorted(state.items()) if t != default[n]})
        rows.append({"chain": chain, "samples": samples, "proposed": proposed, "moved": moved, "slow": slow})
    return rows


def rule_ensemble(
    network: BooleanNetwork,
    size: int,
    scenarios: Sequence[Scenario] = (),
    *,
    seed: int = 0,
    chains: int = 4,
    burn_in: int | None = None,
    thin: int = 4,
    semantics: str = "asynchronous",
    execution: Execution | None = None,
) -> EnsembleDraw:
    """``size`` networks drawn from the rule ensemble: every rule a monotone Boolean function
    of the node's signed regulators (the signs of the default rules) in which every regulator
    matters, and every asserted scenario passing. Seeded; the same whatever runs it.

    The target is the uniform distribution over such networks. Drawing each rule
    independently and rejecting failures would sample it, but almost no candidate passes
    (on MAFLD none of 200 passed the lean reference, the Adiponectin and the gut scenarios
    together), so ``chains`` Markov chains start from the default rules and propose, at each
    step, a node chosen uniformly and a new rule drawn uniformly among its admissible ones,
    accepted when every scenario still passes (Metropolis with a symmetric proposal: its
    stationary distribution is the uniform one over the networks it can reach one rule
    change at a time). A candidate whose check needs more than :data:`CHECK_STEPS` is
    rejected (how many were is in ``EnsembleDraw.slow``). After ``burn_in`` steps (default: twice the
    resampled nodes) each
    chain records a network every ``thin`` steps. Nodes with regulators of both signs or more
    than six regulators keep their rule. The chains run through ``execution`` (one task
    each; parallel, checkpointed).

    Cost: one scenario validation per proposed change, about ``size * thin`` of them.
    """
    from .runner import run

    if size < 0 or chains < 1 or thin < 1:
        raise ArgumentError(f"ensemble size, chains and thinning must be positive, got {size}, {chains}, {thin}")
    signed = _signed_regulators(network)
    resampled = {
        n: regs for n, regs in signed.items() if 1 < len(regs) <= MAX_ARITY and all(s in "+-" for _, s in regs)
    }
    # one regulator of one sign, or none (a constant): the rule is the only admissible one
    kept = tuple(
        n for n, regs in signed.items() if n not in resampled and (len(regs) > 1 or "±" in dict(regs).values())
    )
    asserted = [sc for sc in scenarios if sc.expect or sc.attractors is not None]
    burn = 2 * len(resampled) if burn_in is None else burn_in
    counts = [size // chains + (i < size % chains) for i in range(chains)]
    work = functools.partial(_chain, network, resampled, asserted, semantics, seed, burn, thin, counts)
    identity = {"model": network.fingerprint()[:16], "ensemble": size, "seed": seed, "chains": chains, "thin": thin}
    done = run(list(range(chains)), work, lambda row: row["chain"], execution, identity)
    rows = [done[c] for c in range(chains) if c in done]
    return EnsembleDraw(
        tuple(s for r in rows for s in r["samples"]),
        sum(r["proposed"] for r in rows),
        sum(r["moved"] for r in rows),
        tuple(sorted(resampled)),
        kept,
        sum(r.get("slow", 0) for r in rows),
        tuple(r["chain"] for r in rows for _ in r["samples"]),
    )


def chain_summary(values: Sequence[bool], chains: Sequence[int]) -> tuple[float, float | None]:
    """The effective sample size of the mean of ``values``, draws of Markov chains in chain
    order (``chains[i]``: the chain of ``values[i]``), and the chains' R-hat (None when it
    is undefined: a constant, or chains too short).

    Neighbours in a chain share most rules, so ``n`` draws carry less information than ``n``
    independent ones: the effective size (ArviZ's multi-chain estimate, which also drops when
    the chains disagree) says how many independent draws they are worth. R-hat above 1.01
    says the chains have not mixed. Chains are cut to the shortest one for the estimate and
    the ratio applied to every draw. Constant values: every draw counts.

    >>> size, rhat = chain_summary([True, False] * 20, [0] * 20 + [1] * 20)
    >>> size > 30, rhat is not None
    (True, True)
    """
    if len(values) != len(chains):
        raise ArgumentError(f"{len(values)} values but {len(chains)} chain labels")
    series: dict[int, list[float]] = {}
    for value, chain in zip(values, chains):
        series.setdefault(chain, []).append(float(value))
    length = min((len(s) for s in series.values()), default=0)
    if len(set(values)) < 2 or length < 4:
        return float(len(values)), None
    import numpy as np
    from arviz_stats.base import array_stats

    draws = np.array([s[:length] for s in series.values()])
    with np.errstate(divide="ignore", invalid="ignore"):  # a constant chain: undefined, not wrong
        ess = float(array_stats.ess(draws, chain_axis=0, draw_axis=1, method="mean"))
        rhat = float(array_stats.rhat(draws, chain_axis=0, draw_axis=1))
    size = len(values) * ess / draws.size if math.isfinite(ess) else 1.0
    return min(float(len(values)), max(1.0, size)), (round(rhat, 3) if math.isfinite(rhat) else None)
