"""Reachable attractors against brute-force reachability over the explicit STG."""

from dataclasses import replace

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet import BooleanNetwork, percolate, perturb, reachable_attractors
from logicnet.analysis import initial_states, smallest_trap_space
from tests import NOT_EXPLICIT
from tests import bruteforce as bf
from tests.strategies import networks


def brute_reachable(net, starts, semantics):
    g = bf.stg(net, semantics)
    reach = set()
    for s in starts:
        k = bf.key(net, s)
        reach |= {k} | nx.descendants(g, k)
    return {a for a in bf.attractor_sets(net, semantics) if a & reach}


@st.composite
def problems(draw, max_nodes=6):
    net = draw(networks(max_nodes=max_nodes))
    states = draw(st.lists(st.tuples(*[st.integers(0, 1)] * len(net)), min_size=1, max_size=3))
    starts = [dict(zip(net.nodes, s)) for s in states]
    fix = {}
    for n in net.nodes:
        if draw(st.integers(0, 4)) == 0:
            fix[n] = draw(st.integers(0, 1))
    return net, starts, fix


@pytest.mark.parametrize("semantics", ["synchronous", "asynchronous", "general-asynchronous"])
@pytest.mark.parametrize("limits", [None, NOT_EXPLICIT], ids=["explicit", "not-explicit"])
@given(problem=problems())
@settings(max_examples=50, deadline=None)
def test_reachable_attractors_match_brute_force(semantics, limits, problem):
    net, starts, fix = problem
    result = reachable_attractors(net, starts, semantics, fix, limits=limits)
    target = perturb(net, fix)
    init = [{**s, **fix} for s in starts]  # the perturbation acts at time zero
    expected = brute_reachable(target, init, semantics)
    if not result.complete:
        assert semantics == "general-asynchronous" and limits is NOT_EXPLICIT
        return
    found = set()
    for a in result:
        if a.states is not None:
            found.add(frozenset(bf.key(net, s) for s in a.states))
    assert found == expected


@given(net=networks(max_nodes=5), data=st.data())
@settings(max_examples=60, deadline=None)
def test_smallest_trap_space_is_the_smallest(net, data):
    state = {n: data.draw(st.integers(0, 1)) for n in net.nodes}
    space = smallest_trap_space(net, [state])
    assert bf.is_trap_space(net, space) and bf.contains(space, state)
    for t in bf.trap_spaces(net):
        if bf.contains(t, state):
            assert bf.contains(t, space)


def test_initial_states_expand_subspaces_and_apply_the_perturbation():
    net = BooleanNetwork({"A": None, "B": "A", "C": "B"})
    states = initial_states(net, [{"A": 0, "B": "*", "C": 0}], "A=1")
    assert states == [{"A": 1, "B": 0, "C": 0}, {"A": 1, "B": 1, "C": 0}]


def test_transients_commit_before_constants_arrive():
    """Percolating the new input would claim only one outcome; the transient keeps both."""
    # From (I=0, X=0, Y=0) with I switched on: X and Y race; whichever fires first locks.
    net = BooleanNetwork({"I": None, "X": "I & !Y", "Y": "I & !X"})
    result = reachable_attractors(net, [{"I": 0, "X": 0, "Y": 0}], "async", "I=1")
    assert [a.values for a in result] == [{"I": 1, "X": 0, "Y": 1}, {"I": 1, "X": 1, "Y": 0}]
    sync = reachable_attractors(net, [{"I": 0, "X": 0, "Y": 0}], "sync", "I=1")
    assert [a.type for a in sync] == ["cyclic"]


def answers(cache: dict) -> list:
    """The cache's answers (it also keeps the percolation of each condition)."""
    return [k for k in cache if k[0] != "condition percolated"]


@given(problem=problems(max_nodes=5))
@settings(max_examples=40, deadline=None)
def test_cached_answers_equal_fresh_ones(problem):
    net, starts, fix = problem
    cache: dict = {}
    fresh = reachable_attractors(net, starts, "asynchronous", fix)
    first = reachable_attractors(net, starts, "asynchronous", fix, cache=cache)
    again = reachable_attractors(net, starts, "asynchronous", fix, cache=cache)
    # a network that percolates to one point is answered before the cache is consulted
    assert len(answers(cache)) == (0 if not percolate(perturb(net, fix)).network.nodes else 1)
    assert first.to_json() == again.to_json() == fresh.to_json()


def test_perturbations_with_one_subproblem_share_a_cache_entry():
    # From A=0, B=0 the trap space fixes A and B at 0 with or without knocking B out, so both
    # questions restrict to the same network on C and D: one entry, lifted to each network.
    net = BooleanNetwork({"A": None, "B": "A", "C": "!B & !D", "D": "!C"})
    start = [{"A": 0, "B": 0, "C": 0, "D": 0}]
    cache: dict = {}
    plain = reachable_attractors(net, start, "asynchronous", cache=cache)
    knocked = reachable_attractors(net, start, "asynchronous", "B=0", cache=cache)
    assert len(answers(cache)) == 1
    assert plain.to_json() == reachable_attractors(net, start, "asynchronous").to_json()
    assert knocked.to_json() == reachable_attractors(net, start, "asynchronous", "B=0").to_json()
    assert sorted(a.values["C"] for a in knocked) == [0, 1]


@given(problem=problems(max_nodes=6))
@settings(max_examples=60, deadline=None)
def test_stepwise_bidirectional_reachability_matches_brute_force(problem):
    from logicnet._engines.symbolic import SymbolicAsync

    net, starts, _ = problem
    sym = SymbolicAsync(net)
    start = sym.graph.mk_empty_colored_vertices()
    for s in starts:
        start = start.union(sym.subspace(s))
    candidates = sym.attractors()
    expected = brute_reachable(net, starts, "asynchronous")
    for att, reached in zip(candidates, sym.reaches(start, candidates)):
        states = frozenset(tuple(int(m.to_named_dict()[n]) for n in net.nodes) for m in att.vertices().items())
        assert reached == (states in expected)


def test_reachability_past_its_deadline_says_it_is_incomplete():
    # Two attractors (a toggle switch) beyond the explicit limit: the symbolic search must
    # decide which one the start reaches; with its time used up it answers nothing exact.
    from logicnet._engines.symbolic import SymbolicAsync

    net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A"})
    sym = SymbolicAsync(net)
    start = sym.subspace({"A": 0, "B": 0, "C": 0})
    assert sym.reaches(start, sym.attractors(), deadline=0.0) is None
    assert sym.reaches(start, sym.attractors()) == [True, True]
    exact = reachable_attractors(net, [{"A": 0, "B": 0, "C": 0}], "async", limits=NOT_EXPLICIT)
    assert exact.complete and len(exact) == 2


def test_a_step_budget_bounds_each_direction_of_symbolic_reachability():
    from logicnet._engines.symbolic import SymbolicAsync

    net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A", "D": "C", "E": "D"})
    sym = SymbolicAsync(net)
    start = sym.subspace(dict.fromkeys(net.nodes, 0))
    targets = sym.attractors()
    assert sym.reaches(start, targets, max_steps=1) is None  # the first path needs 4 steps
    assert sym.reaches(start, targets, max_steps=10) == sym.reaches(start, targets) == [True, True]
    bounded = reachable_attractors(
        net, [dict.fromkeys(net.nodes, 0)], "async", limits=replace(NOT_EXPLICIT, reachability_steps=1)
    )
    assert not bounded.complete and len(bounded) == 2  # every attractor of the trap space: a superset
