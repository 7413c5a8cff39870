"""The signed interaction (regulatory) graph, computed from the update functions.

An edge ``A -> B`` exists when B's function depends on A (A is essential); its sign is
``+`` when the function is monotone increasing in A, ``-`` when decreasing, ``±`` when
neither. Regulators that a rule mentions but does not depend on are listed in
``graph.graph["non_essential"]`` and not drawn. Signs come from BDDs, not syntax:
``A & B | !A & B`` has no edge from A.

>>> from logicnet.network import BooleanNetwork
>>> g = interaction_graph(BooleanNetwork({"A": "!B", "B": "A", "C": "A & B | !A & B"}))
>>> sorted(g.edges(data="sign"))
[('A', 'B', '+'), ('B', 'A', '-'), ('B', 'C', '+')]
>>> g.graph["non_essential"]
[('A', 'C')]
>>> [(c.nodes, c.sign) for c in feedback_circuits(g)]
[(('A', 'B'), '-')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from ._engines.bdd import FunctionBdds, regulator_signs
from .network import BooleanNetwork
from .results import Result

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "interaction_graph",
    "Circuit",
    "Circuits",
    "feedback_circuits",
    "organ_graph",
    "strongly_connected_components",
    "source_nodes",
    "sink_nodes",
    "combine_signs",
    "NO_ORGAN",
]

NO_ORGAN = "(no organ)"


def interaction_graph(network: BooleanNetwork) -> nx.DiGraph[str]:
    """The signed regulatory graph of ``network`` (one BDD per rule; linear in the rules).

    Node attributes: ``organ`` (or None), ``input`` (bool). Edge attribute ``sign``.
    """
    g: nx.DiGraph[str] = nx.DiGraph(name=network.name)
    for n in network.nodes:
        g.add_node(n, organ=network.organ_of(n), input=network.rule(n) is None)
    bdds = FunctionBdds(network)
    non_essential = []
    for target in network.nodes:
        for source, sign in regulator_signs(network, target, bdds).items():
            if sign == "0":
                non_essential.append((source, target))
            else:
                g.add_edge(source, target, sign=sign)
    g.graph["non_essential"] = non_essential
    return g


def combine_signs(signs: Iterable[str]) -> str:
    """One sign for several parallel influences: ``+`` or ``-`` when all agree, else ``±``."""
    kinds = set(signs)
    return kinds.pop() if len(kinds) == 1 and kinds <= {"+", "-"} else "±"


def strongly_connected_components(graph: nx.DiGraph[str]) -> list[list[str]]:
    """Non-trivial SCCs (more than one node, or a self-loop), largest first, nodes sorted."""
    comps = [
        sorted(c)
        for c in nx.strongly_connected_components(graph)
        if len(c) > 1 or graph.has_edge(next(iter(c)), next(iter(c)))
    ]
    return sorted(comps, key=lambda c: (-len(c), c))


def source_nodes(graph: nx.DiGraph[str]) -> list[str]:
    """Nodes with no regulator other than themselves (inputs and constants)."""
    return sorted(n for n in graph if all(p == n for p in graph.predecessors(n)))


def sink_nodes(graph: nx.DiGraph[str]) -> list[str]:
    """Nodes that regulate no other node (outputs)."""
    return sorted(n for n in graph if all(s == n for s in graph.successors(n)))


@dataclass(frozen=True, slots=True)
class Circuit:
    """A feedback circuit: ``nodes[0] -> nodes[1] -> ... -> nodes[0]``.

    ``sign`` is ``+`` (even number of inhibitions), ``-`` (odd) or ``±`` (passes a
    non-monotone edge). Positive circuits are needed for multistability, negative ones for
    sustained oscillation (Thomas' rules).
    """

    nodes: tuple[str, ...]
    sign: str


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Circuits(Result[Circuit]):
    """Feedback circuits, shortest first; ``complete`` is False when the enumeration
    stopped at its limit."""

    noun = "circuit"
    method: str = "elementary circuits (networkx simple_cycles)"

    def to_json(self) -> dict[str, Any]:
        return {**self._header(), "circuits": [{"nodes": list(c.nodes), "sign": c.sign} for c in self]}

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [{"length": len(c.nodes), "sign": c.sign, "nodes": " ".join(c.nodes)} for c in self],
            columns=["length", "sign", "nodes"],
        )


def feedback_circuits(graph: nx.DiGraph[str], max_length: int | None = None, limit: int = 10_000) -> Circuits:
    """Elementary circuits of the signed graph, shortest first, each rotated to start at
    its smallest node. The count can be exponential: enumeration stops after ``limit``
    circuits (``complete=False``); ``max_length`` bounds the length.
    """
    # networkx walks sets of nodes: with names, the order (and which circuits come first
    # when the limit stops it) would follow string hashing, which changes from run to run
    names = sorted(graph.nodes)
    numbered = nx.relabel_nodes(graph, {n: i for i, n in enumerate(names)})
    cycles = nx.simple_cycles(numbered, length_bound=max_length)
    found = [[names[i] for i in cycle] for cycle in itertools.islice(cycles, limit + 1)]
    complete = len(found) <= limit
    out = []
    for cycle in found[:limit]:
        k = cycle.index(min(cycle))
        cyc = tuple(cycle[k:] + cycle[:k])
        signs = [graph.edges[a, b]["sign"] for a, b in zip(cyc, cyc[1:] + cyc[:1])]
        sign = "±" if "±" in signs else ("-" if signs.count("-") % 2 else "+")
        out.append(Circuit(cyc, sign))
    out.sort(key=lambda c: (len(c.nodes), c.nodes))
    notes = () if complete else (f"stopped after {limit:,} circuits",)
    return Circuits(items=tuple(out), complete=complete, notes=notes)


def organ_graph(network: BooleanNetwork, graph: nx.DiGraph[str] | None = None) -> nx.DiGraph[str]:
    """The organ quotient graph: one node per organ, an edge where some node of one organ
    regulates a node of another.

    Nodes without an organ (inputs such as diet) form the pseudo-organ ``"(no organ)"``.
    Edge attributes: ``sign`` (combined over the node edges), ``mediators`` (the source-organ
    nodes that carry the influence, sorted) and ``edges`` (the underlying node edges).
    """
    graph = graph if graph is not None else interaction_graph(network)
    q: nx.DiGraph[str] = nx.DiGraph(name=network.name)
    groups = network.organ_nodes()
    for organ, members in groups.items():
        q.add_node(
            organ,
            nodes=members,
            description=network.organs[organ].description,
            declared_mediators=list(network.organs[organ].mediators),
        )
    unassigned = [n for n in network.nodes if network.organ_of(n) is None]
    if unassigned:
        q.add_node(NO_ORGAN, nodes=unassigned, description="nodes without an organ", declared_mediators=[])
    sign: str
    for a, b, sign in graph.edges(data="sign"):
        oa, ob = network.organ_of(a) or NO_ORGAN, network.organ_of(b) or NO_ORGAN
        if oa == ob:
            continue
        if not q.has_edge(oa, ob):
            q.add_edge(oa, ob, edges=[])
        q.edges[oa, ob]["edges"].append((a, b, sign))
    for _, _, data in q.edges(data=True):
        data["edges"].sort()
        data["mediators"] = sorted({a for a, _, _ in data["edges"]})
        data["sign"] = combine_signs(s for _, _, s in data["edges"])
    return q
