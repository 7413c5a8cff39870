"""Trap spaces: subspaces that no trajectory leaves, under any update semantics.

A subspace fixes some nodes and leaves the others free (``"*"``); it is a trap space when
every fixed node's update function is constant at its value over the whole subspace.
*Minimal* trap spaces are the attractors of the most-permissive semantics and each holds at
least one attractor of every other semantics; *maximal* ones are the largest proper ones.

Solved exactly with clingo from the BDD of each rule (see ``_asp``); minimal spaces on the
percolated network, maximal ones on the network as given.

>>> from logicnet.network import BooleanNetwork
>>> trap_spaces(BooleanNetwork({"A": "!B", "B": "!A", "C": "!C"})).spaces
({'A': 0, 'B': 1, 'C': '*'}, {'A': 1, 'B': 0, 'C': '*'})
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import expr as ex
from ..network import BooleanNetwork
from ..perturb import Perturbation, perturb, percolate
from ._asp import Timeout, solve, trap_space_rules
from .results import Value, subspace_key

__all__ = ["trap_spaces", "TrapSpaces"]


@dataclass(frozen=True, slots=True)
class TrapSpaces:
    spaces: tuple[dict[str, Value], ...]
    complete: bool
    nodes: tuple[str, ...]
    kind: str

    def __len__(self) -> int:
        return len(self.spaces)

    def to_json(self) -> dict:
        return {"complete": self.complete, "trap_spaces": [dict(s) for s in self.spaces]}

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self.spaces), columns=list(self.nodes))


def trap_spaces(network: BooleanNetwork, perturbation: Perturbation | str | None = None, *,
                kind: str = "minimal", limit: int | None = None,
                timeout: float | None = None) -> TrapSpaces:
    """Minimal (``kind="minimal"``) or maximal (``"maximal"``) trap spaces, sorted.

    ``complete`` is False when ``limit``, ``timeout`` or the encoding's size guard stopped
    the enumeration. Maximal trap spaces exclude the whole state space; a network whose only
    trap space is the whole space has none.
    """
    if kind not in ("minimal", "maximal"):
        raise ValueError(f"kind must be 'minimal' or 'maximal', got {kind!r}")
    net = perturb(network, perturbation)
    if kind == "minimal":
        perc = percolate(net)
        target, lift = perc.network, perc.lift
    else:
        target, lift = net, (lambda v: v)
    found: list[dict[str, Value]] = []
    complete = True
    if len(target) == 0:
        found.append(lift({}))
    else:
        try:
            build = trap_space_rules(target, proper=(kind == "maximal"))
            for values in solve(build, limit=None if limit is None else limit + 1, timeout=timeout,
                                heuristic="false" if kind == "minimal" else "true"):
                space: dict[str, Value] = {}
                for i, n in enumerate(target.nodes):
                    one, zero = values[2 * i], values[2 * i + 1]
                    space[n] = "*" if one and zero else int(one)
                found.append(lift(space))
        except Timeout:
            complete = False
    if limit is not None and len(found) > limit:
        found, complete = found[:limit], False
    order = net.nodes
    found.sort(key=lambda s: subspace_key(s, order))
    return TrapSpaces(tuple({n: s[n] for n in order} for s in found), complete, order, kind)


def smallest_trap_space(network: BooleanNetwork, states, bdds=None) -> dict[str, Value]:
    """The smallest trap space containing every state (or subspace) in ``states``.

    Start from the smallest subspace holding them; free every fixed node whose update
    function is not constant at its value over the subspace (checked exactly on its BDD,
    restricted to the fixed regulators); when a node is freed, recheck the nodes it
    regulates. Each node is freed at most once: at most n * (max in-degree + 1) checks.

    >>> from logicnet.network import BooleanNetwork
    >>> net = BooleanNetwork({"A": "A", "B": "A", "C": "!C"})
    >>> smallest_trap_space(net, [{"A": 1, "B": 0, "C": 0}])
    {'A': 1, 'B': '*', 'C': '*'}
    """
    from ..bdd import FunctionBdds

    states = list(states)
    if not states:
        raise ValueError("smallest_trap_space needs at least one state")
    space: dict[str, Value] = {}
    for n in network.nodes:
        seen = {s[n] for s in states}
        space[n] = seen.pop() if len(seen) == 1 and "*" not in seen else "*"
    bdds = bdds or FunctionBdds(network)
    regulators = {n: (ex.support(e) if (e := network.rule(n)) is not None else (n,)) for n in network.nodes}
    targets: dict[str, list[str]] = {n: [] for n in network.nodes}
    for n, regs in regulators.items():
        for r in regs:
            targets[r].append(n)
    queue = [n for n in network.nodes if space[n] != "*"]
    while queue:
        n = queue.pop()
        if space[n] == "*":
            continue
        f = bdds.of_node(n).r_restrict({r: bool(space[r]) for r in regulators[n] if space[r] != "*"})
        if not (f.is_true() if space[n] == 1 else f.is_false()):
            space[n] = "*"
            queue.extend(t for t in targets[n] if space[t] != "*")
    return space
