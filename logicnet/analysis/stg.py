"""The explicit state transition graph of a small network, as a networkx DiGraph.

Nodes are states written as 0/1 strings in model order (``"0110"``) with attributes per
network node; edges are the transitions of the chosen semantics (no self-loops); nodes in
an attractor carry ``attractor`` (its index in sorted order). Guarded: at most
``Limits.stg_nodes`` nodes.

>>> from logicnet import BooleanNetwork
>>> g = state_transition_graph(BooleanNetwork({"A": "!B", "B": "A"}), "sync")
>>> sorted(g.edges())
[('00', '10'), ('01', '00'), ('10', '11'), ('11', '01')]
"""

from __future__ import annotations

import networkx as nx

from .._engines.explicit import StateSpace
from ..errors import ArgumentError, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import PerturbationLike, perturb
from ..semantics import MOST_PERMISSIVE, canonical_semantics
from ..types import subspace_key

__all__ = ["state_transition_graph"]


def state_transition_graph(
    network: BooleanNetwork,
    semantics: str = "asynchronous",
    perturbation: PerturbationLike = None,
    *,
    limits: Limits | None = None,
) -> nx.DiGraph:
    """The state transition graph (see module docstring)."""
    sem = canonical_semantics(semantics)
    if sem == MOST_PERMISSIVE:
        raise ArgumentError(
            "the most-permissive semantics has no finite state transition graph here; "
            "choose the synchronous, asynchronous or general-asynchronous semantics"
        )
    limits = resolve(limits)
    net = perturb(network, perturbation)
    if len(net) > limits.stg_nodes:
        raise SizeLimitError(
            f"{len(net)} nodes: the state transition graph has 2^{len(net)} states "
            f"(limit 2^{limits.stg_nodes}); fix inputs or knock out nodes, or ask for "
            "attractors or basins, which do not need it"
        )
    space = StateSpace(net, limits)
    nodes = net.nodes

    def label(s: int) -> str:
        return "".join(str((s >> i) & 1) for i in range(len(nodes)))

    g: nx.DiGraph[str] = nx.DiGraph(semantics=sem, nodes=",".join(nodes))
    for s in range(space.N):
        g.add_node(label(s), **{n: (s >> i) & 1 for i, n in enumerate(nodes)})
    src, dst = space.edges(sem)
    g.add_edges_from(zip(map(label, src.tolist()), map(label, dst.tolist())))
    found = sorted(space.attractors(sem, listed=space.N), key=lambda a: subspace_key(a.values, nodes))
    for k, a in enumerate(found):
        for st in a.states or ():  # all listed: listed=space.N
            g.nodes["".join(str(st[n]) for n in nodes)]["attractor"] = k
    return g
