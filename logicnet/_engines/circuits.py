"""Negative circuits of the signed interaction graph: what they allow asynchronous
attractors to be.

Richard (2010, Thomas' conjecture for asynchronous dynamics): when no circuit of the
interaction graph is negative, every asynchronous attractor is a fixed point. An edge
``r -> n`` is there when ``f_n`` depends on ``r`` (signs from BDDs, not syntax); a
non-monotone one (``±``) counts as a positive and a negative edge.

A strongly connected graph has no negative circuit iff its nodes split in two sides with
positive edges inside a side and negative ones across (a closed walk of odd sign would hold
a negative circuit): one search per strongly connected component, linear in the edges.

>>> from logicnet.network import BooleanNetwork
>>> has_negative_circuit(BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C"}))
True
>>> has_negative_circuit(BooleanNetwork({"A": "!B", "B": "!A", "C": "A | C"}))
False
>>> negative_feedback_vertex_set(BooleanNetwork({"A": "!B", "B": "A", "C": "C & !C"}))
['A']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

import biodivine_aeon as ba

from ..network import BooleanNetwork
from .bdd import FunctionBdds, edge_sign

__all__ = ["signed_edges", "has_negative_circuit", "negative_feedback_vertex_set"]

Edges = Mapping[tuple[str, str], str]


def signed_edges(net: BooleanNetwork) -> dict[tuple[str, str], str]:
    """Every edge ``(regulator, target)`` of the interaction graph -> ``+``, ``-`` or ``±``
    (regulators the function does not depend on have none). Cost: two BDD restrictions
    per regulator."""
    bdds = FunctionBdds(net)
    edges = {}
    for n in net.nodes:
        if net.rule(n) is None:
            continue
        f = bdds.of_node(n)
        for r in net.regulators(n):
            if (sign := edge_sign(f, r)) != "0":
                edges[(r, n)] = sign
    return edges


def has_negative_circuit(net: BooleanNetwork) -> bool:
    """Whether some circuit of the interaction graph of ``net`` is negative (False: every
    asynchronous attractor is a fixed point)."""
    return bool(_unbalanced(net.nodes, signed_edges(net), frozenset()))


def negative_feedback_vertex_set(net: BooleanNetwork) -> list[str]:
    """Nodes meeting every negative circuit, greedy (most edges through a node first) then
    pruned to an irredundant set, in model order."""
    edges = signed_edges(net)
    chosen: list[str] = []
    while bad := _unbalanced(net.nodes, edges, frozenset(chosen)):
        ins: Counter[str] = Counter()
        outs: Counter[str] = Counter()
        for a, b in edges:
            if a not in chosen and b not in chosen:
                ins[b] += 1
                outs[a] += 1
        chosen.append(max(bad, key=lambda v: ins[v] * outs[v]))
    for v in list(chosen):  # prune: drop what the others already cover
        if not _unbalanced(net.nodes, edges, frozenset(chosen) - {v}):
            chosen.remove(v)
    order = {n: i for i, n in enumerate(net.nodes)}
    return sorted(chosen, key=order.__getitem__)


def _unbalanced(nodes: tuple[str, ...], edges: Edges, removed: Collection[str]) -> list[str]:
    """Nodes of the strongly connected components (without ``removed``) that hold a
    negative circuit, sorted."""
    inside = {e: s for e, s in edges.items() if e[0] not in removed and e[1] not in removed}
    comps = _components([n for n in nodes if n not in removed], inside)
    where = {v: i for i, comp in enumerate(comps) for v in comp}
    adjacency: dict[str, list[tuple[str, str]]] = {v: [] for v in where}
    for (a, b), s in inside.items():  # the edges inside a component, both ways
        if a in where and where[a] == where.get(b):
            adjacency[a].append((b, s))
            adjacency[b].append((a, s))
    bad: list[str] = []
    for comp in comps:
        side = {comp[0]: 1}
        todo = [comp[0]]
        balanced = True
        while todo and balanced:
            a = todo.pop()
            for b, s in adjacency[a]:
                want = side[a] if s == "+" else -side[a]
                if s == "±" or side.get(b, want) != want:
                    balanced = False
                    break
                if b not in side:
                    side[b] = want
                    todo.append(b)
        if not balanced:
            bad.extend(comp)
    return sorted(bad)


def _components(nodes: list[str], edges: Edges) -> list[list[str]]:
    """The strongly connected components with an edge inside (biodivine-aeon's, already
    loaded by every engine that asks)."""
    graph = ba.RegulatoryGraph(nodes, [f"{a} -> {b}" for a, b in edges])
    return [sorted(graph.get_variable_name(v) for v in comp) for comp in graph.strongly_connected_components()]
