"""Binary decision diagrams of update functions (biodivine-aeon's BDD engine).

Truth tables are hopeless on real rules (BBM has rules over 80 regulators); BDDs of the
same rules have a few hundred nodes. Used for semantic questions: is a regulator
essential, with which sign does it act, are two functions equal.

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": None, "B": None, "C": "A & !B | A & B"})
>>> regulator_signs(net, "C")
{'A': '+', 'B': '0'}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import reduce
from typing import TypeVar

import biodivine_aeon as ba

from .. import expr as ex
from ..errors import ArgumentError
from ..network import BooleanNetwork
from .stack import DEEP_LINE, in_big_stack

T = TypeVar("T")

__all__ = [
    "FunctionBdds",
    "trap_closure",
    "edge_sign",
    "regulator_signs",
    "differing_nodes",
    "aeon_network",
    "in_stack_for",
]


class FunctionBdds:
    """BDDs of a network's update functions, over one ordered variable set.

    The rules are converted by biodivine-aeon's own parser and BDD builder (about 10x faster
    than building from Python on BBM's largest rules); it recurses in Rust, so it runs on a
    thread with a large stack. ``of(expr)`` builds other expressions over the same variables.

    >>> b = FunctionBdds(BooleanNetwork({"A": None, "B": "A | !A"}))
    >>> b.of_node("B").is_true(), b.of(ex.parse_rule("A & !A")).is_false()
    (True, True)
    """

    def __init__(self, network: BooleanNetwork, order: tuple[str, ...] | None = None) -> None:
        order = tuple(order or network.nodes)
        aeon = aeon_network(network, order)
        ctx = ba.SymbolicContext(aeon)
        self.variables: ba.BddVariableSet = ctx.bdd_variable_set()
        self._literals = {n: self.variables.mk_literal(n, True) for n in order}
        self._rules: dict[str, ba.Bdd] = in_stack_for(network, lambda: {n: self._function(aeon, ctx, n) for n in order})

    def _function(self, aeon: ba.BooleanNetwork, ctx: ba.SymbolicContext, node: str) -> ba.Bdd:
        f = aeon.get_update_function(node)
        return self._literals[node] if f is None else ctx.mk_update_function(f)  # inputs: the identity

    def of_node(self, node: str) -> ba.Bdd:
        """The update function of ``node`` (the identity literal for an input)."""
        return self._rules[node]

    def variable(self, f: ba.Bdd, pointer: ba.BddPointer) -> str:
        """The node whose variable decides the (non-terminal) ``pointer`` of BDD ``f``."""
        variable = f.node_variable(pointer)
        if variable is None:
            raise ArgumentError(f"{pointer} is a terminal of the BDD, not a decision node")
        return self.variables.get_variable_name(variable)

    def of(self, e: ex.Expression) -> ba.Bdd:
        """The BDD of expression ``e``, built bottom-up from Python (for small rules)."""
        return ex.fold(
            e,
            const=lambda v: self.variables.mk_const(bool(v)),
            var=self._literals.__getitem__,
            not_=ba.Bdd.l_not,
            and_=lambda args: reduce(ba.Bdd.l_and, args),
            or_=lambda args: reduce(ba.Bdd.l_or, args),
        )


def trap_closure(
    space: Mapping[str, int],
    functions: Mapping[str, ba.Bdd],
    regulators: Mapping[str, Iterable[str]],
    readers: Mapping[str, Iterable[str]],
) -> dict[str, int]:
    """The largest part of the fixed values ``space`` that makes a trap space: free every
    fixed node whose function (a BDD) is not constant at its value once its fixed
    regulators are substituted, then recheck the nodes it regulates (``readers``), until
    none is freed. From the smallest subspace holding some states, this is the smallest
    trap space holding them. Each node is freed at most once: at most n * (in-degree + 1)
    restrictions.
    """
    fixed = dict(space)
    queue = list(fixed)
    while queue:
        n = queue.pop()
        if n not in fixed:
            continue
        f = functions[n].r_restrict({r: bool(fixed[r]) for r in regulators[n] if r in fixed})
        if not (f.is_true() if fixed[n] else f.is_false()):
            del fixed[n]
            queue.extend(t for t in readers[n] if t in fixed)
    return fixed


def aeon_network(
    network: BooleanNetwork, order: Sequence[str] | None = None, *, api: bool = False
) -> ba.BooleanNetwork:
    """``network`` as a biodivine-aeon network, its variables in ``order``. Inputs update to
    themselves; regulations carry no sign and no observability constraint (a rule may mention
    a regulator it does not depend on). aeon parses rules recursively, so deep rules are
    parsed on a big stack.

    aeon reads bnet text fastest, but its reader takes a line ``targets, ...`` for the
    header, so a node named ``targets`` (any case) would silently lose its rule: such a
    network (or ``api=True``) is built through aeon's API instead, rule by rule.
    """
    order = list(order or network.nodes)
    rules = {n: _aeon_rule(network, n) for n in order}
    if not api and all(n.lower() != "targets" for n in order):
        text = "".join(f"{n}, {rule}\n" for n, rule in rules.items())
        return in_stack_for(
            network, lambda: ba.BooleanNetwork.from_bnet(text, repair_graph=False).remove_regulation_constraints()
        )

    def build() -> ba.BooleanNetwork:
        aeon = ba.BooleanNetwork(variables=order)
        for target in order:
            e = network.rule(target)
            for source in sorted(ex.support(e)) if e is not None else [target]:
                aeon.add_regulation({"source": source, "target": target, "essential": False, "sign": None})
            aeon.set_update_function(target, rules[target])
        return aeon

    return in_stack_for(network, build)


def _aeon_rule(network: BooleanNetwork, node: str) -> str:
    e = network.rule(node)
    if e is None:
        return node  # an input: the identity
    value = ex.constant_value(e)
    return ("true" if value else "false") if value is not None else ex.render(e, "bnet")


def in_stack_for(network: BooleanNetwork, fn: Callable[[], T]) -> T:
    """``fn()``, which hands the rules of ``network`` to aeon's recursive Rust code: on a big
    stack when a rule is long enough to nest that deep (see :mod:`.stack`)."""
    # rule texts are remembered per rule: this is a length check, no rendering (a screen calls it per task)
    deep = any(len(network.rule_text(n) or "") >= DEEP_LINE for n in network.nodes)
    return in_big_stack(fn) if deep else fn()


def edge_sign(f: ba.Bdd, regulator: str) -> str:
    """The effect of ``regulator`` on the function ``f``: ``"+"`` monotone increasing,
    ``"-"`` decreasing, ``"±"`` neither, ``"0"`` none (two BDD restrictions)."""
    f0, f1 = f.r_restrict({regulator: False}), f.r_restrict({regulator: True})
    up = f0.l_and_not(f1).is_false()  # f(r=0) implies f(r=1): monotone increasing
    down = f1.l_and_not(f0).is_false()
    return "0" if up and down else "+" if up else "-" if down else "±"


def regulator_signs(net: BooleanNetwork, node: str, bdds: FunctionBdds | None = None) -> dict[str, str]:
    """Effect of each regulator named in the rule of ``node``, from the function itself.

    ``"+"``: monotone increasing; ``"-"``: decreasing; ``"±"``: neither (non-monotone);
    ``"0"``: the function does not depend on it (a non-essential regulator). Inputs have no
    regulators. Cost: two BDD restrictions per regulator.
    """
    if net.rule(node) is None:
        return {}
    bdds = bdds or FunctionBdds(net)
    f = bdds.of_node(node)
    return {r: edge_sign(f, r) for r in net.regulators(node)}


def differing_nodes(a: BooleanNetwork, b: BooleanNetwork) -> list[str]:
    """Nodes whose update functions differ between two networks (empty: equivalent).

    Both networks must have the same node set (order may differ); inputs compare as the
    identity function. Equality is semantic (BDDs), never textual.
    """
    if set(a.nodes) != set(b.nodes):
        only = sorted(set(a.nodes) ^ set(b.nodes))
        raise ArgumentError(f"the networks have different nodes: {', '.join(only[:10])}")
    fa, fb = FunctionBdds(a), FunctionBdds(b, order=a.nodes)
    return [n for n in a.nodes if not fa.of_node(n).semantic_eq(fb.of_node(n))]
