"""Negative circuits of the interaction graph, and the attractors they allow."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import logicnet as ln
from logicnet._engines import circuits
from tests import bruteforce as bf
from tests.strategies import balanced_networks, networks, truth_table_networks


@given(net=st.one_of(networks(max_nodes=7), truth_table_networks(max_nodes=7), balanced_networks()))
@settings(max_examples=120, deadline=None)
def test_a_negative_circuit_is_found_exactly_when_one_exists(net):
    """Against every elementary cycle of the interaction graph read off the truth tables."""
    expected = bool(bf.negative_cycles(net.nodes, bf.signed_edges(net), set()))
    assert circuits.has_negative_circuit(net) == expected


@given(net=balanced_networks())
@settings(max_examples=80, deadline=None)
def test_without_negative_circuit_the_attractors_are_the_fixed_points(net):
    """Richard (2010), checked on the whole state graph; logicnet takes the fixed-point path."""
    assert not circuits.has_negative_circuit(net)
    for semantics in ("asynchronous", "general"):
        expected = bf.attractor_sets(net, semantics)
        assert all(len(a) == 1 for a in expected)
        found = ln.attractors(net, semantics)
        assert "no negative circuit" in found.method and found.complete
        assert sorted(bf.key(net, a.values) for a in found) == sorted(next(iter(a)) for a in expected)


@given(net=st.one_of(networks(max_nodes=7), truth_table_networks(max_nodes=7)))
@settings(max_examples=80, deadline=None)
def test_negative_feedback_vertex_set_meets_every_negative_cycle_and_no_less_would(net):
    nfvs = circuits.negative_feedback_vertex_set(net)
    edges = bf.signed_edges(net)
    assert bf.negative_cycles(net.nodes, edges, set(nfvs)) == []
    for u in nfvs:
        assert bf.negative_cycles(net.nodes, edges, set(nfvs) - {u}), f"{u} is redundant"
