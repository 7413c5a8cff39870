"""The feedback vertex set and the bit-parallel fixed points of ``_engines.cut``."""

import pytest
from hypothesis import given, settings

from logicnet import BooleanNetwork
from logicnet._engines.cut import _lane_pattern, cut_fixed_points, feedback_vertex_set, topological_order
from logicnet.errors import ArgumentError
from tests import bruteforce as bf
from tests.strategies import networks, truth_table_networks


@given(net=truth_table_networks(max_nodes=12))
@settings(max_examples=100, deadline=None)
def test_feedback_vertex_set_cuts_every_cycle_and_no_member_is_spare(net):
    cut = feedback_vertex_set(net)
    assert topological_order(net, set(cut)) is not None
    for v in cut:
        assert topological_order(net, set(cut) - {v}) is None, v
    assert list(cut) == [n for n in net.nodes if n in cut]


def test_feedback_vertex_set_takes_inputs_and_self_loops_and_respects_its_bound():
    net = BooleanNetwork({"I": None, "A": "A | I", "B": "!C", "C": "B", "D": "A & C"})
    cut = feedback_vertex_set(net)
    assert {"I", "A"} <= set(cut) and len(set(cut) & {"B", "C"}) == 1 and "D" not in cut
    assert feedback_vertex_set(net, bound=2) is None
    assert feedback_vertex_set(BooleanNetwork({"A": "1", "B": "A"})) == []


@given(net=networks(max_nodes=8))
@settings(max_examples=100, deadline=None)
def test_cut_fixed_points_match_brute_force_for_any_cut(net):
    """Any feedback vertex set gives the same fixed points, the greedy one and all nodes."""
    expected = sorted(bf.key(net, s) for s in bf.states(net) if bf.evaluate(net, s) == s)
    for cut in (feedback_vertex_set(net), list(net.nodes)):
        assert sorted(cut_fixed_points(net, cut)) == expected
        assert len(list(cut_fixed_points(net, cut, limit=1))) == min(1, len(expected))


def test_a_set_that_leaves_a_cycle_is_refused():
    net = BooleanNetwork({"A": "!B", "B": "A", "C": "C"})
    with pytest.raises(ArgumentError, match="not a feedback vertex set"):
        list(cut_fixed_points(net, ["C"]))


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_lane_patterns_spell_every_assignment(k):
    lanes = 1 << k
    patterns = [_lane_pattern(i, lanes) for i in range(k)]
    for j in range(lanes):
        assert [p >> j & 1 for p in patterns] == [j >> i & 1 for i in range(k)]
