"""The succession-diagram engine (asynchronous attractors of large networks) against brute
force, its candidate sets and seeds against their definitions, and on published counts."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from unittest import mock

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import logicnet as ln
from logicnet import BooleanNetwork, Limits, attractor_seeds, attractors
from logicnet._engines import succession
from logicnet._engines.symbolic import SymbolicAsync, _forward_set_avoiding, peel, peeled_attractors, peeled_seeds
from tests import bruteforce as bf
from tests.corpus import BBM, requires_bbm
from tests.strategies import networks, truth_table_networks

#: The diagram for every network (no explicit enumeration, no whole-network aeon search).
DIAGRAM = Limits(explicit_asynchronous=0, succession_nodes=0, listed_states=10**6)
RANDOM = Path(__file__).parent / "data" / "random"


def state_sets(net: BooleanNetwork, found) -> set[frozenset]:
    out = set()
    for a in found:
        assert a.states is not None and len(a.states) == a.size
        out.add(frozenset(bf.key(net, s) for s in a.states))
    return out


def smallest_trap_space(net: BooleanNetwork, states: frozenset) -> dict:
    """By enumeration: from the smallest subspace holding ``states``, free every fixed node
    that some state of the subspace would update away, until none would."""
    space = {n: v.pop() if len(v := {s[i] for s in states}) == 1 else "*" for i, n in enumerate(net.nodes)}
    while True:
        free = [n for n in net.nodes if space[n] == "*"]
        inside = [{**space, **dict(zip(free, bits))} for bits in itertools.product((0, 1), repeat=len(free))]
        leaving = {n for s in inside for n, v in bf.evaluate(net, s).items() if space[n] != "*" and v != space[n]}
        if not leaving:
            return space
        space.update(dict.fromkeys(leaving, "*"))


@pytest.mark.parametrize("whole", [0, 3])  # spaces of at most this many free nodes go to aeon whole
@given(net=st.one_of(networks(max_nodes=8), truth_table_networks(max_nodes=9)))
@settings(max_examples=60, deadline=None)
def test_diagram_matches_brute_force(whole, net):
    with mock.patch.object(succession, "SYMBOLIC_NODES", whole):
        result = attractors(net, "async", limits=DIAGRAM)
    assert result.complete
    assert state_sets(net, result) == bf.attractor_sets(net, "asynchronous")


@pytest.mark.parametrize("whole", [0, 3])
@given(net=st.one_of(networks(max_nodes=8), truth_table_networks(max_nodes=9)))
@settings(max_examples=60, deadline=None)
def test_each_attractor_has_exactly_one_seed_in_its_smallest_trap_space(whole, net):
    with mock.patch.object(succession, "SYMBOLIC_NODES", whole):
        seeds = attractor_seeds(net, limits=DIAGRAM)
    expected = bf.attractor_sets(net, "asynchronous")
    assert seeds.complete and len(seeds) == len(expected)
    owners = [next(a for a in expected if bf.key(net, s.state) in a) for s in seeds]  # StopIteration: no owner
    assert set(owners) == expected  # one seed per attractor
    for seed, owner in zip(seeds, owners):
        assert seed.type == ("fixed" if len(owner) == 1 else "complex")
        assert dict(seed.trap_space) == smallest_trap_space(net, owner)


def test_a_motif_avoidant_attractor_is_found_by_the_diagram():
    """Rozum et al. (2021): {000, 100, 010} lies in no minimal trap space (see test_attractors)."""
    net = BooleanNetwork({"A": "!A & !B | C", "B": "!A & !B | C", "C": "A & B"})
    with mock.patch.object(succession, "SYMBOLIC_NODES", 0):
        result = attractors(net, "async", limits=DIAGRAM)
        seeds = attractor_seeds(net, limits=DIAGRAM)
    assert frozenset({(0, 0, 0), (1, 0, 0), (0, 1, 0)}) in state_sets(net, result)
    assert sorted(s.type for s in seeds) == ["complex", "fixed"]


@given(net=st.one_of(networks(max_nodes=8), truth_table_networks(max_nodes=8)), tail=st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_attractors_computed_on_the_core_match_brute_force(net, tail):
    """Chains of sinks hung below a random network: solved on the core, then extended."""
    rules = {n: net.rule(n) for n in net.nodes}
    last = net.nodes[-1]
    for i in range(tail):  # a copy, a negation, an AND with another node: sinks of every kind
        rules[f"t{i}"] = [last, f"!{last}", f"{last} & {net.nodes[0]}", f"{last} | !{net.nodes[0]}"][i % 4]
        last = f"t{i}"
    full = BooleanNetwork(rules)
    found = [a for a, _ in peeled_attractors(full, 10**6)]
    assert state_sets(full, found) == bf.attractor_sets(full, "asynchronous")


def _walked(net: BooleanNetwork, state: dict) -> dict:
    """``state`` with each sink set to its function's value, last removed first, as the
    diagram's walks leave them (a state of an attractor stays in it)."""
    full = dict(state)
    for d in reversed(peel(net)[1]):
        full[d] = bf.evaluate(net, full)[d]
    return full


@given(
    net=st.one_of(networks(max_nodes=7), truth_table_networks(max_nodes=7)),
    extra=st.lists(st.integers(0, 127), max_size=4),
    data=st.data(),
)
@settings(max_examples=80, deadline=None)
def test_attractors_from_candidate_states_match_brute_force(net, extra, data):
    """Starts such that every attractor holds one (a state of each, shuffled among others):
    the attractors are exactly those of brute force, and the seeds one state in each."""
    expected = bf.attractor_sets(net, "asynchronous")
    every = list(bf.states(net))
    picks = [dict(zip(net.nodes, data.draw(st.sampled_from(sorted(a))))) for a in sorted(expected, key=min)]
    starts = data.draw(st.permutations([_walked(net, s) for s in picks + [every[i % len(every)] for i in extra]]))
    assert state_sets(net, [a for a, _ in peeled_attractors(net, 10**6, starts)]) == expected
    seeds = peeled_seeds(net, starts)
    homes = [a for s in seeds for a in expected if bf.key(net, s) in a]
    assert len(homes) == len(seeds) and set(homes) == expected and len(seeds) == len(expected)


@given(net=networks(max_nodes=7), data=st.data())
@settings(max_examples=80, deadline=None)
def test_forward_set_avoiding_matches_brute_force_reachability(net, data):
    """None exactly when a state to avoid is reachable; else every reachable state."""
    graph = bf.stg(net, "asynchronous")
    every = [bf.key(net, s) for s in bf.states(net)]
    start = data.draw(st.sampled_from(every))
    avoid = data.draw(st.lists(st.sampled_from(every), max_size=3))
    sym = SymbolicAsync(net)
    avoid_set = sym.graph.mk_empty_colored_vertices()
    for a in avoid:
        avoid_set = avoid_set.union(sym.subspace(dict(zip(net.nodes, a))))
    reached = _forward_set_avoiding(sym, dict(zip(net.nodes, start)), avoid_set, list(net.nodes))
    reachable = {start} | nx.descendants(graph, start)
    if reachable & set(avoid):
        assert reached is None
    else:
        assert reached is not None and reached.cardinality() == len(reachable)
        assert all(not reached.intersect(sym.subspace(dict(zip(net.nodes, s)))).is_empty() for s in reachable)


@pytest.mark.parametrize(("name", "count"), [("nk2-n640_2", 1), ("nk2-n640_4", 3)])
def test_seeds_of_large_random_networks_match_the_published_counts(name, count):
    seeds = attractor_seeds(ln.read_network(RANDOM / f"{name}.bnet"), timeout=120)
    assert seeds.complete and len(seeds) == count
    net = ln.read_network(RANDOM / f"{name}.bnet")
    for seed in seeds:  # the state lies in its trap space, and that space is a trap space
        assert all(v == "*" or seed.state[n] == v for n, v in seed.trap_space.items())
        assert dict(ln.analysis.smallest_trap_space(net, [seed.trap_space])) == dict(seed.trap_space)


def test_cli_seeds_give_json_and_tables(tmp_path):
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    model = str(RANDOM / "nk2-n640_4.bnet")
    out = CliRunner().invoke(cli, ["attractors", model, "--seeds", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["complete"] and len(data["seeds"]) == 3
    assert {s["type"] for s in data["seeds"]} <= {"fixed", "complex"}
    assert all(set(s) == {"type", "state", "trap_space"} for s in data["seeds"])
    csv = CliRunner().invoke(cli, ["attractors", model, "--seeds", "--format", "csv"])
    assert csv.exit_code == 0 and csv.output.splitlines()[0].startswith("attractor,type,row,")
    refused = CliRunner().invoke(cli, ["attractors", model, "--seeds", "-s", "sync"])
    assert refused.exit_code == 2 and "asynchronous" in refused.output


@requires_bbm
@pytest.mark.parametrize("model", ["bbm-006", "bbm-008", "bbm-011", "bbm-020"])
def test_diagram_matches_aeon_on_bbm_models(model):
    """Models of 28-68 free nodes with dozens of attractors, overlapping trap spaces."""
    net = ln.read_network(BBM / f"{model}.bnet")
    whole = attractors(net, "async", limits=Limits(succession_nodes=10**9))
    diagram = attractors(net, "async", limits=Limits(succession_nodes=0))
    assert whole.complete and diagram.complete
    assert {(a.size, a.values) for a in diagram} == {(a.size, a.values) for a in whole}
    assert len(diagram) == len(whole)
