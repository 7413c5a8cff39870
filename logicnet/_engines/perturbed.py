"""Which of many held interventions keep every reachable attractor in a target, at once.

Control asks the same question of hundreds of variants of one network (each with a few
nodes held at fixed values): from the start states, with the interventions applied at time
zero and held, does every reachable asynchronous attractor lie in the target subspace? One
symbolic run answers it for all of them, on biodivine-aeon's perturbation graph: each
perturbable node gets a colour parameter "held", a held node is never updated, and its
state variable carries the value it is held at. A (colour, held values) pair is one
intervention set, so one set of colored vertices holds every set's trajectories.

Backward reachability only (forward reachability from the starts over many colours is
what costs: 100 s against 0.2 s on a BBM model of 28 nodes). In the states ``U`` of every
set (closed under transitions: colours and held values never change), with target ``T``:
``W = U \\ pre*(U \\ T)`` are the states no path leads out of ``T`` from, and
``B = U \\ pre*(W)`` those that cannot reach ``W``. A set is insufficient exactly when one
of its start states reaches ``B``: a state of ``B`` reaches an attractor, which cannot reach
``W`` and so is not inside ``T`` (an attractor inside ``T`` lies in ``W``); conversely an
attractor not inside ``T`` meets no state of ``W`` and is closed, so it lies in ``B``.

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A"})
>>> insufficient(net, [{"A": 0, "B": 0, "C": 0}], [(), (("A", 1),), (("B", 1),)], {"C": 1})
[0, 2]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import biodivine_aeon as ba

from ..network import BooleanNetwork
from .bdd import aeon_network, in_stack_for

__all__ = ["insufficient"]


def insufficient(
    network: BooleanNetwork,
    starts: Sequence[Mapping[str, int]],
    sets: Sequence[Sequence[tuple[str, int]]],
    target: Mapping[str, int],
) -> list[int]:
    """The positions in ``sets`` of the intervention sets (node, value pairs held from time
    zero) after which some asynchronous attractor of ``network`` reachable from a state of
    ``starts`` (full states) leaves ``target``. Exact; the cost is that of symbolic
    reachability over every set's colour at once (aeon's BDDs), not of one search per set."""
    if not sets:
        return []
    perturbable = sorted({n for s in sets for n, _ in s}, key=network.index)
    graph = in_stack_for(network, lambda: ba.AsynchronousPerturbationGraph(aeon_network(network), perturbable))
    dynamics = graph.to_perturbed()
    ctx = dynamics.symbolic_context()
    # the start states over every colour; a held node's value is the set's, not the start's
    clauses = [{n: bool(v) for n, v in state.items()} for state in starts]  # one native call for them all
    begin = dynamics.mk_unit_colored_vertices().intersect(
        ba.ColoredVertexSet(ctx, ctx.bdd_variable_set().mk_dnf(clauses))
    )
    coloured = [graph.mk_perturbation({n: bool(v) for n, v in held}).to_internal() for held in sets]
    free: dict[tuple[str, ...], ba.Bdd] = {}  # the starts with the held nodes' values forgotten
    initial = dynamics.mk_empty_colored_vertices()
    for held, colour in zip(sets, coloured, strict=True):
        nodes = tuple(sorted(n for n, _ in held))
        if nodes not in free:  # aeon names a state variable's BDD variable after the node
            free[nodes] = begin.to_bdd().r_exists(list(nodes)) if nodes else begin.to_bdd()
        initial = initial.union(ba.ColoredVertexSet(ctx, free[nodes]).intersect(colour))
    every = dynamics.mk_empty_colored_vertices()
    for colour in coloured:
        every = every.union(colour)
    within = dynamics.restrict(every)
    outside = every.minus(dynamics.mk_subspace({n: bool(v) for n, v in target.items()}))
    settled = every.minus(ba.Reachability.reach_bwd(within, outside))
    trapped = every.minus(ba.Reachability.reach_bwd(within, settled))
    doomed = ba.Reachability.reach_bwd(within, trapped)
    return [k for k, colour in enumerate(coloured) if not initial.intersect(colour).intersect(doomed).is_empty()]
