"""Regression tests of what adversarial inputs broke (one test per finding)."""

from __future__ import annotations

from hypothesis import given, settings

import logicnet as ln
from logicnet._engines.bdd import aeon_network
from tests import NOT_EXPLICIT
from tests import bruteforce as bf
from tests.strategies import networks


def test_a_node_named_targets_keeps_its_rule():
    """aeon's bnet reader takes a line ``targets, ...`` for its header: logicnet must not lose
    that node's rule (it answered a wrong attractor count marked complete)."""
    for name in ("targets", "Targets"):
        net = ln.BooleanNetwork({"A": f"!{name} | B", "B": "A & !B | C", "C": "C", name: "A & !C"})
        expected = bf.attractor_sets(net, "asynchronous")
        symbolic = ln.attractors(net, "async", limits=NOT_EXPLICIT)
        assert symbolic.complete and "symbolic" in symbolic.method
        assert {frozenset(bf.key(net, s) for s in a.states) for a in symbolic} == expected
        assert sorted(map(str, map(dict, ln.trap_spaces(net)))) == sorted(map(str, bf.minimal_trap_spaces(net)))
        assert [dict(a.values) for a in ln.attractors(net, "mp")] == [dict(s) for s in ln.trap_spaces(net)]


def test_bnet_keeps_a_node_named_targets_whose_rule_is_factors():
    net = ln.BooleanNetwork({"factors": "!targets", "targets": "factors"})
    again = ln.parse_network(ln.generate_network(net, "bnet"), "bnet")
    assert again == net and again.rule_text("targets") == "factors"


@given(net=networks(max_nodes=6))
@settings(max_examples=60, deadline=None)
def test_aeon_networks_built_through_the_api_equal_the_bnet_ones(net):
    text, api = aeon_network(net), aeon_network(net, api=True)
    assert text.variable_names() == api.variable_names() == list(net.nodes)
    for n in net.nodes:
        assert str(text.get_update_function(n)) == str(api.get_update_function(n))
