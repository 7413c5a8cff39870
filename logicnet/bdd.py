"""Binary decision diagrams of update functions (biodivine-aeon's BDD engine).

Truth tables are hopeless on real rules (BBM has rules over 80 regulators); BDDs of the
same rules have a few hundred nodes. Used for semantic questions: is a regulator
essential, with which sign does it act, are two functions equal.

>>> from logicnet.network import BooleanNetwork
>>> net = BooleanNetwork({"A": None, "B": None, "C": "A & !B | A & B"})
>>> regulator_signs(net, "C")
{'A': '+', 'B': '0'}
"""

from __future__ import annotations

from collections.abc import Mapping

import biodivine_aeon as ba

from . import expr as ex
from .network import BooleanNetwork

__all__ = ["FunctionBdds", "regulator_signs", "differing_nodes"]


class FunctionBdds:
    """Builds BDDs over a fixed, ordered set of variable names.

    >>> b = FunctionBdds(["A", "B"])
    >>> b.of(ex.parse_rule("A | !A")).is_true()
    True
    """

    def __init__(self, names: list[str] | tuple[str, ...]) -> None:
        self.variables = ba.BddVariableSet(list(names))
        self._literals = {n: self.variables.mk_literal(n, True) for n in names}

    def of(self, e: ex.Expression) -> ba.Bdd:
        """The BDD of expression ``e``, built bottom-up without recursion."""
        done: dict[int, ba.Bdd] = {}
        for node in ex.postorder(e):
            value = ex.constant_value(node)
            if value is not None:
                r = self.variables.mk_const(bool(value))
            elif isinstance(node, ex.ALGEBRA.Symbol):
                r = self._literals[node.obj]
            else:
                args = [done.pop(id(a)) for a in node.args]
                if isinstance(node, ex.ALGEBRA.NOT):
                    r = args[0].l_not()
                else:
                    r = args[0]
                    for a in args[1:]:
                        r = (r.l_and(a) if isinstance(node, ex.ALGEBRA.AND) else r.l_or(a))
            done[id(node)] = r
        return done[id(e)]

    def of_node(self, net: BooleanNetwork, node: str) -> ba.Bdd:
        """The update function of ``node`` (the identity literal for an input)."""
        e = net.rule(node)
        return self._literals[node] if e is None else self.of(e)


def _signs(f: ba.Bdd, regulators) -> dict[str, str]:
    out = {}
    for r in regulators:
        f0, f1 = f.r_restrict({r: False}), f.r_restrict({r: True})
        up = f0.l_and_not(f1).is_false()      # f(r=0) implies f(r=1): monotone increasing
        down = f1.l_and_not(f0).is_false()
        out[r] = "0" if up and down else "+" if up else "-" if down else "±"
    return out


def regulator_signs(net: BooleanNetwork, node: str, bdds: FunctionBdds | None = None) -> dict[str, str]:
    """Effect of each regulator named in the rule of ``node``, from the function itself.

    ``"+"``: monotone increasing; ``"-"``: decreasing; ``"±"``: neither (non-monotone);
    ``"0"``: the function does not depend on it (a non-essential regulator). Inputs have no
    regulators. Cost: two BDD restrictions per regulator.
    """
    bdds = bdds or FunctionBdds(net.nodes)
    e = net.rule(node)
    return {} if e is None else _signs(bdds.of(e), net.regulators(node))


def differing_nodes(a: BooleanNetwork, b: BooleanNetwork) -> list[str]:
    """Nodes whose update functions differ between two networks (empty: equivalent).

    Both networks must have the same node set (order may differ); inputs compare as the
    identity function. Equality is semantic (BDDs), never textual.
    """
    if set(a.nodes) != set(b.nodes):
        only = sorted(set(a.nodes) ^ set(b.nodes))
        raise ValueError(f"the networks have different nodes: {', '.join(only[:10])}")
    bdds = FunctionBdds(a.nodes)
    return [n for n in a.nodes if not bdds.of_node(a, n).semantic_eq(bdds.of_node(b, n))]
