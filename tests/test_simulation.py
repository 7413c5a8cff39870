import itertools

import pytest
from hypothesis import given, settings

from logicnet import Limits, SizeLimitError, read_network, simulate, state_transition_graph
from tests import bruteforce as bf
from tests.strategies import networks


@pytest.mark.parametrize("semantics", ["synchronous", "asynchronous", "general-asynchronous"])
@given(net=networks(max_nodes=6))
@settings(max_examples=40, deadline=None)
def test_every_simulated_step_is_a_transition(semantics, net):
    g = bf.stg(net, semantics)
    df = simulate(net, None, semantics, steps=15, runs=2, seed=3)
    for _, run in df.groupby("run"):
        states = [tuple(int(v) for v in row) for row in run[list(net.nodes)].values]
        for a, b in itertools.pairwise(states):
            assert g.has_edge(a, b) or (a == b and semantics == "synchronous")
        if semantics != "synchronous" and len(states) < 16:
            assert g.out_degree(states[-1]) == 0  # stopped early only at a fixed point


def test_seed_reproducibility_and_perturbation_at_time_zero():
    net = read_network("gutliver")
    a = simulate(net, {"HFD": 1}, "async", steps=30, runs=3, seed=7, perturbation="Exercise=1;TLR4=0")
    b = simulate(net, {"HFD": 1}, "async", steps=30, runs=3, seed=7, perturbation="Exercise=1;TLR4=0")
    assert a.equals(b)
    assert (a["Exercise"] == 1).all() and (a["TLR4"] == 0).all() and (a["HFD"] == 1).all()


@pytest.mark.parametrize("semantics", ["synchronous", "asynchronous", "general-asynchronous"])
@given(net=networks(max_nodes=5))
@settings(max_examples=30, deadline=None)
def test_state_transition_graph_matches_brute_force(semantics, net):
    g = state_transition_graph(net, semantics)
    ref = bf.stg(net, semantics)
    label = lambda k: "".join(map(str, k))
    assert set(g.edges()) == {(label(a), label(b)) for a, b in ref.edges() if a != b}
    attractor_states = {label(s) for c in bf.attractor_sets(net, semantics) for s in c}
    assert {n for n, d in g.nodes(data=True) if "attractor" in d} == attractor_states


def test_state_transition_graph_size_guard():
    with pytest.raises(SizeLimitError, match="ask for attractors or basins"):
        state_transition_graph(read_network("gutliver"), limits=Limits(stg_nodes=8))
