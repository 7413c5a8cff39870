"""Basins against brute force over the explicit state transition graph."""

import networkx as nx
import pytest
from hypothesis import given, settings

from logicnet import BooleanNetwork, basins
from logicnet.analysis.basins import wilson
from tests import bruteforce as bf
from tests.strategies import networks


def attractor_key(net, a):
    return frozenset(bf.key(net, s) for s in a.states)


@given(net=networks(max_nodes=6))
@settings(max_examples=60, deadline=None)
def test_sync_basins_partition_the_state_space(net):
    b = basins(net, "sync")
    g = bf.stg(net, "synchronous")
    expected = {}
    for comp in nx.attracting_components(g):
        expected[frozenset(comp)] = sum(1 for s in g if nx.has_path(g, s, next(iter(comp))))
    got = {attractor_key(net, a): row["states"] for a, row in zip(b.attractors, b)}
    assert got == expected and sum(row["states"] for row in b) == 2 ** len(net)


@pytest.mark.parametrize("method", ["explicit", "symbolic"])
@given(net=networks(max_nodes=6))
@settings(max_examples=40, deadline=None)
def test_async_weak_and_strong_basins(method, net):
    b = basins(net, "async", method=method)
    g = bf.stg(net, "asynchronous")
    comps = [frozenset(c) for c in nx.attracting_components(g)]
    reach = {s: {c for c in comps if any(nx.has_path(g, s, t) for t in list(c)[:1])} for s in g}
    for a, row in zip(b.attractors, b):
        k = attractor_key(net, a)
        assert row["weak"] == sum(k in r for r in reach.values())
        assert row["strong"] == sum(r == {k} for r in reach.values())


def test_sampling_estimates_cover_the_exact_basins():
    net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C", "D": "D | C"})
    exact = basins(net, "async", method="explicit")
    est = basins(net, "async", method="sampling", samples=3000, seed=1)
    assert not est.exact and est.samples == 3000 and est.unresolved == 0.0
    assert sum(row["probability"] for row in est) == pytest.approx(1.0)
    for row, basin in zip(est, exact):  # between the strong and weak basins
        assert basin["strong_fraction"] - 0.05 <= row["probability"] <= basin["weak_fraction"] + 0.05


def test_perturbation_acts_at_time_zero():
    net = BooleanNetwork({"I": None, "A": "I | A"})
    b = basins(net, "sync", "I=1")
    assert b.total == 2 and [row["states"] for row in b] == [2]
    assert list(b.to_frame()["states"]) == [2]


def test_wilson_interval():
    lo, hi = wilson(50, 100)
    assert lo < 0.5 < hi and hi - lo == pytest.approx(0.19, abs=0.01)
