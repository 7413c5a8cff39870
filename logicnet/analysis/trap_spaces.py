"""Trap spaces: subspaces that no trajectory leaves, under any update semantics.

A subspace fixes some nodes and leaves the others free (``"*"``); it is a trap space when
every fixed node's update function is constant at its value over the whole subspace.
*Minimal* trap spaces are the attractors of the most-permissive semantics and each holds at
least one attractor of every other semantics; *maximal* ones are the largest proper ones.

Solved exactly with clingo from the BDD of each rule (see ``logicnet._engines.asp``); minimal spaces on the
percolated network, maximal ones on the network as given.

>>> from logicnet import BooleanNetwork
>>> [dict(s) for s in trap_spaces(BooleanNetwork({"A": "!B", "B": "!A", "C": "!C"}))]
[{'A': 0, 'B': 1, 'C': '*'}, {'A': 1, 'B': 0, 'C': '*'}]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import expr as ex
from .._engines.asp import solve, trap_space_rules
from .._engines.bdd import FunctionBdds, trap_closure
from ..errors import ArgumentError, SearchTimeout
from ..network import BooleanNetwork
from ..perturb import PerturbationLike, percolate, perturb
from ..results import TrapSpaces
from ..types import Value, subspace_key
from ._common import limited

__all__ = ["trap_spaces", "smallest_trap_space"]


def trap_spaces(
    network: BooleanNetwork,
    perturbation: PerturbationLike = None,
    *,
    kind: str = "minimal",
    limit: int | None = None,
    timeout: float | None = None,
) -> TrapSpaces:
    """Minimal (``kind="minimal"``) or maximal (``"maximal"``) trap spaces, sorted.

    ``complete`` is False when ``limit`` or ``timeout`` stopped the enumeration. Maximal
    trap spaces exclude the whole state space; a network whose only trap space is the whole
    space has none. Cost: one BDD per rule, an answer-set program linear in the BDDs.
    """
    if kind not in ("minimal", "maximal"):
        raise ArgumentError(f"kind must be 'minimal' or 'maximal', got {kind!r}")
    net = perturb(network, perturbation)
    # Minimal trap spaces lie in the percolated subspace; maximal ones need the whole network.
    target: BooleanNetwork = net
    lift: Callable[[Mapping[str, Any]], dict[str, Any]] = dict
    if kind == "minimal":
        perc = percolate(net)
        target, lift = perc.network, perc.lift
    found: list[dict[str, Value]] = []
    notes: list[str] = []
    if len(target) == 0:
        found.append(lift({}))
    else:
        try:
            build = trap_space_rules(target, proper=(kind == "maximal"))
            for values in solve(
                build,
                limit=None if limit is None else limit + 1,
                timeout=timeout,
                heuristic="false" if kind == "minimal" else "true",
            ):
                space: dict[str, Value] = {}
                for i, n in enumerate(target.nodes):
                    one, zero = values[2 * i], values[2 * i + 1]
                    space[n] = "*" if one and zero else int(one)
                found.append(lift(space))
        except SearchTimeout as err:
            notes.append(f"timeout: {err}")
    order = net.nodes
    found, complete, notes = limited(found, limit, not notes, notes, "trap space")  # the solver's first ones
    found.sort(key=lambda s: subspace_key(s, order))
    return TrapSpaces(
        items=tuple({n: s[n] for n in order} for s in found),
        columns=order,
        kind=kind,
        complete=complete,
        method=f"{kind} answer sets over the rules' BDDs (clingo)",
        notes=tuple(notes),
    )


def smallest_trap_space(
    network: BooleanNetwork, states: Iterable[Mapping[str, Value]], bdds: FunctionBdds | None = None
) -> dict[str, Value]:
    """The smallest trap space containing every state (or subspace) in ``states``.

    Start from the smallest subspace holding them; free every fixed node whose update
    function is not constant at its value over the subspace (checked exactly on its BDD,
    restricted to the fixed regulators); when a node is freed, recheck the nodes it
    regulates. Each node is freed at most once: at most n * (max in-degree + 1) checks.

    >>> net = BooleanNetwork({"A": "A", "B": "A", "C": "!C"})
    >>> smallest_trap_space(net, [{"A": 1, "B": 0, "C": 0}])
    {'A': 1, 'B': '*', 'C': '*'}
    """
    states = list(states)
    if not states:
        raise ArgumentError("smallest_trap_space needs at least one state")
    space: dict[str, Value] = {}
    for n in network.nodes:
        seen = {s[n] for s in states}
        space[n] = seen.pop() if len(seen) == 1 and "*" not in seen else "*"
    bdds = bdds or FunctionBdds(network)
    regulators = {n: (ex.support(e) if (e := network.rule(n)) is not None else (n,)) for n in network.nodes}
    readers: dict[str, list[str]] = {n: [] for n in network.nodes}
    for n, regs in regulators.items():
        for r in regs:
            readers[r].append(n)
    functions = {n: bdds.of_node(n) for n in network.nodes}
    fixed = trap_closure({n: int(v) for n, v in space.items() if v != "*"}, functions, regulators, readers)
    return {n: fixed.get(n, "*") for n in network.nodes}
