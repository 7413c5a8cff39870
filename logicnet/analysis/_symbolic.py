"""Symbolic (BDD) asynchronous dynamics through biodivine-aeon.

Used where the state space is too large to enumerate: attractors (aeon's transition-guided
reduction plus Xie-Beerel), forward and backward reachability. Sets stay symbolic; only
their size, their enclosing subspace and, when small, their states come back to Python.
"""

from __future__ import annotations

from collections.abc import Mapping

import biodivine_aeon as ba

from ..bdd import _bnet_rule, in_big_stack
from ..network import BooleanNetwork

LIST_STATES = 64  # complex attractors up to this many states also list them


class SymbolicAsync:
    """The asynchronous state graph of ``network`` (its nodes in model order)."""

    def __init__(self, network: BooleanNetwork) -> None:
        self.network = network
        text = "".join(f"{n}, {_bnet_rule(network, n)}\n" for n in network.nodes)

        def build():
            # bnet carries no regulation signs; without constraints aeon checks none (a rule
            # may mention a regulator it does not depend on).
            aeon = ba.BooleanNetwork.from_bnet(text, repair_graph=False).remove_regulation_constraints()
            return aeon, ba.AsynchronousGraph(aeon)

        self.aeon, self.graph = in_big_stack(build, text)

    def unit(self) -> ba.ColoredVertexSet:
        return self.graph.mk_unit_colored_vertices()

    def subspace(self, values: Mapping[str, object]) -> ba.ColoredVertexSet:
        """States agreeing with ``values`` (0/1 per node; ``"*"`` or absent = free)."""
        fixed = {n: bool(v) for n, v in values.items() if v in (0, 1)}
        return self.graph.mk_subspace(fixed) if fixed else self.unit()

    def attractors(self, within: ba.ColoredVertexSet | None = None) -> list[ba.ColoredVertexSet]:
        """Attractors inside the trap set ``within`` (the whole space when None)."""
        if within is None:
            return list(ba.Attractors.attractors(self.graph))
        return list(ba.Attractors.attractors(self.graph, within))

    def reach_bwd(self, target: ba.ColoredVertexSet) -> ba.ColoredVertexSet:
        return ba.Reachability.reach_bwd(self.graph, target)

    def reach_fwd(self, source: ba.ColoredVertexSet) -> ba.ColoredVertexSet:
        return ba.Reachability.reach_fwd(self.graph, source)

    def describe(self, states: ba.ColoredVertexSet, list_states: int = LIST_STATES
                 ) -> tuple[int, dict[str, object], list[dict[str, int]] | None]:
        """(number of states, node -> 0/1/"*" summary, the states when at most ``list_states``)."""
        vertices = states.vertices()
        count = int(vertices.cardinality())
        enclosing = vertices.enclosing_named_subspace() or {}
        summary = {n: int(enclosing[n]) if n in enclosing else "*" for n in self.network.nodes}
        listed = None
        if count <= list_states:
            listed = sorted(({n: int(v) for n, v in m.to_named_dict().items()} for m in vertices.items()),
                            key=lambda s: tuple(s[n] for n in self.network.nodes))
            listed = [{n: s[n] for n in self.network.nodes} for s in listed]
        return count, summary, listed
