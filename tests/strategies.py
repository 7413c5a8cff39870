"""Hypothesis strategies: random expressions and random small networks."""

from __future__ import annotations

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
