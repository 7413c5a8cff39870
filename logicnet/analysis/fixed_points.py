"""Fixed points (steady states): states x with F(x) = x, the same under every semantics.

Found without a solver when a feedback vertex set of at most ``CUT_NODES`` nodes cuts every
cycle (all its values evaluated at once, bit-parallel; the other nodes follow in
topological order), else with clingo on the percolated network (constants propagated
first); networks of hundreds of nodes are answered in milliseconds, and enumeration can
stop at ``limit``.

>>> from logicnet import BooleanNetwork
>>> [dict(s) for s in fixed_points(BooleanNetwork({"A": "!B", "B": "!A"}))]
[{'A': 0, 'B': 1}, {'A': 1, 'B': 0}]
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence

from .._engines.asp import fixed_point_rules, solve
from .._engines.cut import cut_fixed_points, feedback_vertex_set
from ..errors import SearchTimeout
from ..network import BooleanNetwork
from ..perturb import PerturbationLike, percolate, perturb
from ..results import FixedPoints
from ._common import limited

__all__ = ["fixed_points"]

# Up to this many nodes in a feedback vertex set, fixed points are found by evaluating all
# 2^k values of the set at once (no solver start-up); beyond, by clingo. At 18 a rule
# operation works on 32 KiB integers, still faster than the solver on the BBM models.
CUT_NODES = 18


def fixed_points(
    network: BooleanNetwork,
    perturbation: PerturbationLike = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
) -> FixedPoints:
    """All fixed points of ``network`` (under ``perturbation``), sorted node by node.

    ``complete`` is False when ``limit`` or ``timeout`` stopped the enumeration first.
    Cost: percolation is linear in the rules; the answer-set program is linear in the
    rules too (NP-hard to solve in general, fast on biological networks).
    """
    net = perturb(network, perturbation)
    found, method, notes = fixed_point_values(net, None if limit is None else limit + 1, timeout)
    found, complete, notes = limited(found, limit, not notes, notes, "fixed point")  # the solver's first ones
    found.sort()
    order = net.nodes
    return FixedPoints(
        items=tuple(dict(zip(order, s)) for s in found),
        columns=order,
        complete=complete,
        method=method,
        notes=tuple(notes),
    )


def fixed_point_values(
    net: BooleanNetwork, at_most: int | None = None, timeout: float | None = None
) -> tuple[list[tuple[int, ...]], str, list[str]]:
    """Up to ``at_most`` fixed points of ``net`` as 0/1 tuples in model order (unsorted),
    how they were found, and a note when ``timeout`` stopped the solver first."""
    # Percolation only shrinks the cut where a constant breaks a cycle through a rule
    # (A = A & B, B = 0): tried first without it, which saves two passes over every rule.
    if (cut := feedback_vertex_set(net, bound=CUT_NODES)) is not None:
        return list(cut_fixed_points(net, cut, at_most)), "enumeration of a feedback vertex set", []
    perc = percolate(net)
    lift = _lifting(net, perc.network.nodes, perc.fixed)
    if (cut := feedback_vertex_set(perc.network, bound=CUT_NODES)) is not None:
        method = "enumeration of a feedback vertex set after percolation"
        return [lift(s) for s in cut_fixed_points(perc.network, cut, at_most)], method, []
    found: list[tuple[int, ...]] = []
    notes = []
    try:
        found.extend(lift(values) for values in solve(fixed_point_rules(perc.network), limit=at_most, timeout=timeout))
    except SearchTimeout as err:
        notes.append(f"timeout: {err}")
    return found, "answer-set enumeration (clingo) after percolation", notes


def _lifting(
    network: BooleanNetwork, free: tuple[str, ...], fixed: Mapping[str, int]
) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """Values of the ``free`` nodes -> 0/1 values of every node of ``network``, in model
    order, the others taking their ``fixed`` values (one C-level gather per state)."""
    slot = {n: i for i, n in enumerate(free)}
    rest = [n for n in network.nodes if n not in slot]
    constants = tuple(fixed[n] for n in rest)
    slot.update((n, len(free) + i) for i, n in enumerate(rest))
    gather = operator.itemgetter(*(slot[n] for n in network.nodes))
    if len(network) == 1:  # itemgetter of one index returns the item, not a tuple
        return lambda values: ((*values, *constants)[0],)
    return lambda values: gather((*values, *constants))
