"""Hypothesis strategies: random expressions and random small networks."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from logicnet import expr as ex
from logicnet.network import BooleanNetwork

NAMES = [f"x{i}" for i in range(8)]


def expressions(names=NAMES, max_leaves: int = 12):
    leaves = st.one_of(st.sampled_from(names).map(ex.symbol), st.sampled_from([ex.TRUE, ex.FALSE]))
    return st.recursive(
        leaves,
        lambda kids: st.one_of(
            kids.map(lambda a: ex.make("not", a)),
            st.lists(kids, min_size=2, max_size=3).map(lambda xs: ex.make("and", *xs)),
            st.lists(kids, min_size=2, max_size=3).map(lambda xs: ex.make("or", *xs)),
        ),
        max_leaves=max_leaves,
    )


@st.composite
def networks(draw, min_nodes: int = 1, max_nodes: int = 7, inputs: bool = True):
    n = draw(st.integers(min_nodes, max_nodes))
    names = [f"n{i}" for i in range(n)]
    rules = {}
    for name in names:
        if inputs and draw(st.integers(0, 5)) == 0:
            rules[name] = None
        else:
            rules[name] = draw(expressions(names, max_leaves=6))
    return BooleanNetwork(rules)


@st.composite
def truth_table_networks(draw, min_nodes: int = 3, max_nodes: int = 9):
    """Random N-K networks (K = 2 or 3 regulators, random truth tables, written as DNFs):
    denser feedback than :func:`networks`, motif-avoidant attractors included."""
    n = draw(st.integers(min_nodes, max_nodes))
    names = [f"n{i}" for i in range(n)]
    rules = {}
    for name in names:
        regs = draw(st.lists(st.sampled_from(names), min_size=2, max_size=3, unique=True))
        rows = draw(st.lists(st.booleans(), min_size=2 ** len(regs), max_size=2 ** len(regs)))
        terms = [
            ex.conj(*(ex.symbol(r) if bit else ex.neg(ex.symbol(r)) for r, bit in zip(regs, bits)))
            for bits, on in zip(itertools.product((1, 0), repeat=len(regs)), rows)
            if on
        ]
        rules[name] = ex.disj(*terms) if terms else ex.FALSE
    return BooleanNetwork(rules)


@st.composite
def balanced_networks(draw, min_nodes: int = 2, max_nodes: int = 8):
    """Networks without a negative circuit: each node sits on a side, and a regulator acts
    positively within its side and negatively across (AND/OR of such literals), so every
    circuit crosses sides an even number of times. A few free inputs too."""
    n = draw(st.integers(min_nodes, max_nodes))
    names = [f"n{i}" for i in range(n)]
    side = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    rules: dict[str, ex.Expression | None] = {}
    for t, name in enumerate(names):
        if draw(st.integers(0, 6)) == 0:
            rules[name] = None
            continue
        regs = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
        lits = [ex.symbol(names[r]) if side[r] == side[t] else ex.neg(ex.symbol(names[r])) for r in regs]
        rules[name] = lits[0] if len(lits) == 1 else ex.make(draw(st.sampled_from(["and", "or"])), *lits)
    return BooleanNetwork(rules)
