"""The explicit state transition graph of a small network, as a networkx DiGraph.

Nodes are states written as 0/1 strings in model order (``"0110"``) with attributes per
network node; edges are the transitions of the chosen semantics (no self-loops); nodes in
an attractor carry ``attractor`` (its index in sorted order). Guarded: at most
``max_nodes`` free nodes (2^max_nodes states).

>>> from logicnet.network import BooleanNetwork
>>> g = state_transition_graph(BooleanNetwork({"A": "!B", "B": "A"}), "sync")
>>> sorted(g.edges())
[('00', '10'), ('01', '00'), ('10', '11'), ('11', '01')]
"""

from __future__ import annotations

import networkx as nx

from ..errors import SizeLimitError
from ..network import BooleanNetwork
from ..perturb import Perturbation, perturb
from ..semantics import MOST_PERMISSIVE, canonical_semantics
from ._explicit import StateSpace
from .attractors import explicit_attractors
from .results import subspace_key

__all__ = ["state_transition_graph"]


def state_transition_graph(network: BooleanNetwork, semantics: str = "asynchronous",
                           perturbation: Perturbation | str | None = None, *,
                           max_nodes: int = 12) -> nx.DiGraph:
    """The state transition graph (see module docstring)."""
    sem = canonical_semantics(semantics)
    if sem == MOST_PERMISSIVE:
        raise ValueError("the most-permissive semantics has no finite state transition graph here")
    net = perturb(network, perturbation)
    if len(net) > max_nodes:
        raise SizeLimitError(f"{len(net)} nodes: the state transition graph has 2^{len(net)} states "
                             f"(limit 2^{max_nodes}); fix inputs or nodes with --set/--ko, or use "
                             "attractors/basins, which do not need it")
    space = StateSpace(net, max_nodes=max_nodes)
    nodes = net.nodes

    def label(s: int) -> str:
        return "".join(str((s >> i) & 1) for i in range(len(nodes)))

    g = nx.DiGraph(semantics=sem, nodes=",".join(nodes))
    for s in range(space.N):
        g.add_node(label(s), **{n: (s >> i) & 1 for i, n in enumerate(nodes)})
    src, dst = space.edges(sem)
    g.add_edges_from(zip(map(label, src.tolist()), map(label, dst.tolist())))
    found = sorted(explicit_attractors(space, sem, list_states=space.N),
                   key=lambda a: subspace_key(a.values, nodes))
    for k, a in enumerate(found):
        for st in a.states:
            g.nodes["".join(str(st[n]) for n in nodes)]["attractor"] = k
    return g
