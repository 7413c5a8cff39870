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


import threading

import biodivine_aeon as ba

from . import expr as ex
from .network import BooleanNetwork

__all__ = ["FunctionBdds", "regulator_signs", "differing_nodes"]


class FunctionBdds:
    """BDDs of a network's update functions, over one ordered variable set.

    The rules are converted by biodivine-aeon's own parser and BDD builder (about 10x faster
    than building from Python on BBM's largest rules); it recurses in Rust, so it runs on a
    thread with a large stack. ``of(expr)`` builds other expressions over the same variables.

    >>> from logicnet.network import BooleanNetwork
    >>> b = FunctionBdds(BooleanNetwork({"A": None, "B": "A | !A"}))
    >>> b.of_node("B").is_true(), b.of(ex.parse_rule("A & !A")).is_false()
    (True, True)
    """

    def __init__(self, network: BooleanNetwork, order: tuple[str, ...] | None = None) -> None:
        order = tuple(order or network.nodes)
        text = aeon_bnet(network, order)
        aeon, ctx = in_big_stack(lambda: _aeon_context(text), text)
        self.variables: ba.BddVariableSet = ctx.bdd_variable_set()
        self._literals = {n: self.variables.mk_literal(n, True) for n in order}
        self._rules: dict[str, ba.Bdd] = in_big_stack(lambda: {
            n: (self._literals[n] if network.rule(n) is None
                else ctx.mk_update_function(aeon.get_update_function(n)))
            for n in order}, text)

    def of_node(self, node: str) -> ba.Bdd:
        """The update function of ``node`` (the identity literal for an input)."""
        return self._rules[node]

    def of(self, e: ex.Expression) -> ba.Bdd:
        """The BDD of expression ``e``, built bottom-up without recursion (for small rules)."""
        done: dict[int, ba.Bdd] = {}
        for node in ex.postorder(e):
            value = ex.constant_value(node)
            if value is not None:
                r = self.variables.mk_const(bool(value))
            elif isinstance(node, ex.ALGEBRA.Symbol):
                r = self._literals[node.obj]
            else:
                args = [done[id(a)] for a in node.args]
                if isinstance(node, ex.ALGEBRA.NOT):
                    r = args[0].l_not()
                else:
                    r = args[0]
                    for a in args[1:]:
                        r = r.l_and(a) if isinstance(node, ex.ALGEBRA.AND) else r.l_or(a)
            done[id(node)] = r
        return done[id(e)]


def aeon_bnet(network: BooleanNetwork, order: tuple[str, ...] | None = None) -> str:
    """The network as bnet lines for aeon's parser (inputs as the identity ``X, X``)."""
    return "".join(f"{n}, {_bnet_rule(network, n)}\n" for n in (order or network.nodes))


def _bnet_rule(network: BooleanNetwork, node: str) -> str:
    e = network.rule(node)
    if e is None:
        return node
    value = ex.constant_value(e)
    return ("true" if value else "false") if value is not None else network.rule_text(node, "bnet")


def _aeon_context(text: str):
    aeon = ba.BooleanNetwork.from_bnet(text, repair_graph=False)  # repair infers signs: slow
    return aeon, ba.SymbolicContext(aeon)


_BIG_STACK = 1 << 29  # 512 MiB of address space; only touched pages cost memory


def in_big_stack(fn, text: str | None = None):
    """Run ``fn`` on a thread with a large stack (aeon's parser recurses on deep rules).

    With ``text`` (the bnet text ``fn`` parses), short rules run directly: only a rule of
    thousands of characters can nest deep enough to overflow the main thread's stack, and
    starting a thread with a big stack costs milliseconds (a screen parses thousands).
    """
    if text is not None and max(map(len, text.splitlines()), default=0) < 2000:
        return fn()
    result: list = []
    error: list = []

    def run():
        try:
            result.append(fn())
        except BaseException as err:  # re-raised in the caller's thread
            error.append(err)

    previous = threading.stack_size(_BIG_STACK)
    try:
        t = threading.Thread(target=run, name="logicnet-bdd")
        t.start()
    finally:
        threading.stack_size(previous)
    t.join()
    if error:
        raise error[0]
    return result[0]


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
    if net.rule(node) is None:
        return {}
    bdds = bdds or FunctionBdds(net)
    return _signs(bdds.of_node(node), net.regulators(node))


def differing_nodes(a: BooleanNetwork, b: BooleanNetwork) -> list[str]:
    """Nodes whose update functions differ between two networks (empty: equivalent).

    Both networks must have the same node set (order may differ); inputs compare as the
    identity function. Equality is semantic (BDDs), never textual.
    """
    if set(a.nodes) != set(b.nodes):
        only = sorted(set(a.nodes) ^ set(b.nodes))
        raise ValueError(f"the networks have different nodes: {', '.join(only[:10])}")
    fa, fb = FunctionBdds(a), FunctionBdds(b, order=a.nodes)
    return [n for n in a.nodes if not fa.of_node(n).semantic_eq(fb.of_node(n))]
