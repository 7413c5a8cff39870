import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet import expr as ex
from logicnet._engines.compiled import compile_network
from logicnet.errors import PerturbationError, UnknownNodeError
from logicnet.io import read_network
from logicnet.network import BooleanNetwork
from logicnet.perturb import EdgeCut, Fix, OrganPerturbation, Perturbation, knockout, percolate, perturb, restrict
from tests.bruteforce import evaluate as brute_force_successor
from tests.strategies import expressions, networks


def test_grammar_round_trip_and_canonical_order():
    p = Perturbation.parse("oe:B, A=0; cut:A->C=1 ;freeze:gut")
    assert set(p.items) == {Fix("A", 0), Fix("B", 1), EdgeCut("A", "C", 1), OrganPerturbation("gut")}
    assert Perturbation.parse(str(p)) == p
    assert str(Perturbation.parse("B=1;A=0")) == str(Perturbation.parse("A=0,B=1"))
    assert str(Perturbation()) == "" and not Perturbation.parse("  ")


@pytest.mark.parametrize("text", ["A=2", "ko:", "freeze:", "A", "cut:A>B", "A=0=1"])
def test_bad_grammar(text):
    with pytest.raises(PerturbationError, match="cannot read"):
        Perturbation.parse(text)


def test_equal_settings_merge_and_conflicts_name_both():
    assert Perturbation.parse("A=0;ko:A").items == (Fix("A", 0),)
    with pytest.raises(PerturbationError, match="A=0 and A=1"):
        Perturbation.parse("ko:A;oe:A")
    net = read_network("gutliver")
    with pytest.raises(PerturbationError, match="LPS=0 and freeze:gut"):
        perturb(net, "LPS=0;freeze:gut", reference={"LPS": 1, "SCFA": 0})


def test_apply_returns_a_new_network_and_leaves_the_original():
    net = read_network("gutliver")
    before = net.fingerprint()
    ko = perturb(net, knockout("TLR4") | Perturbation.parse("HFD=1"))
    assert net.fingerprint() == before and net.rule_text("TLR4") == "LPS"
    assert ko.rule_text("TLR4") == "0" and ko.constants() == {"HFD": 1, "TLR4": 0}
    assert ko.metadata["perturbation"] == "HFD=1;TLR4=0"
    with pytest.raises(UnknownNodeError, match="did you mean 'TLR4'"):
        perturb(net, "TLR5=0")


def test_edge_cut_only_changes_the_target_rule():
    net = BooleanNetwork({"A": None, "B": "A", "C": "A & B"})
    cut = perturb(net, "cut:A->C=1")
    assert cut.rule_text("C") == "B" and cut.rule_text("B") == "A"
    with pytest.raises(PerturbationError, match="does not appear"):
        perturb(net, "cut:C->B")


def test_organ_freeze_and_silence():
    net = read_network("gutliver")
    frozen = perturb(net, "freeze:gut", reference={"LPS": 1, "SCFA": 0, "Barrier": 0})
    assert frozen.constants() == {"SCFA": 0, "LPS": 1}
    assert perturb(net, "silence:gut").constants() == {"SCFA": 0, "LPS": 0}
    with pytest.raises(PerturbationError, match="needs the reference"):
        perturb(net, "freeze:gut")
    with pytest.raises(PerturbationError, match="mediator LPS is not constant"):
        perturb(net, "freeze:gut", reference={"LPS": "*", "SCFA": 0})
    with pytest.raises(UnknownNodeError, match="unknown organ 'guts'"):
        perturb(net, "silence:guts")


def all_states(net):
    return [dict(zip(net.nodes, bits)) for bits in itertools.product((0, 1), repeat=len(net))]


@given(networks(max_nodes=7), st.data())
@settings(max_examples=150, deadline=None)
def test_percolation_is_a_forced_trap_space(net, data):
    inputs = list(net.inputs)
    values = {i: data.draw(st.integers(0, 1)) for i in inputs if data.draw(st.booleans())}
    result = percolate(net, values)
    # Inside the percolated subspace every fixed node's update keeps its value (a trap
    # space), and the reduced rules equal the original rules restricted to the subspace.
    for state in all_states(net):
        if any(state[n] != v for n, v in result.fixed.items()):
            continue
        succ = brute_force_successor(net, state)
        assert all(succ[n] == v for n, v in result.fixed.items())
        if result.network.nodes:
            reduced = brute_force_successor(result.network, {n: state[n] for n in result.network.nodes})
            assert all(reduced[n] == succ[n] for n in result.network.nodes)
    # Fixed values are forced: from any state agreeing with `values`, len(net) synchronous
    # steps reach the subspace (constants propagate one layer per step).
    c = compile_network(net)
    for state in all_states(net):
        if any(state[n] != v for n, v in values.items()):
            continue
        x = tuple(state[n] for n in net.nodes)
        for _ in range(len(net)):
            x = c.successor(x)
        assert all(x[net.index(n)] == v for n, v in result.fixed.items())
    assert result.lift(dict.fromkeys(result.network.nodes, "*")).keys() == set(net.nodes)


@given(networks(max_nodes=7), st.data())
@settings(max_examples=300, deadline=None)
def test_percolation_resumed_from_a_related_network_equals_percolation_from_scratch(net, data):
    nodes = list(net.nodes)
    some_values = st.dictionaries(st.sampled_from(nodes), st.integers(0, 1), max_size=3)
    base = percolate(net, data.draw(some_values))
    # the other network: some rules knocked to a constant, rewritten or removed, as a
    # perturbation, an edge cut or a freed input would
    rules = dict(net.rules)
    for n in data.draw(st.lists(st.sampled_from(nodes), max_size=3, unique=True)):
        rules[n] = data.draw(st.one_of(st.sampled_from([ex.TRUE, ex.FALSE, None]), expressions(nodes, max_leaves=4)))
    other = BooleanNetwork(rules)
    values = data.draw(some_values)
    fresh, resumed = percolate(other, values), percolate(other, values, base=base)
    assert resumed.fixed == fresh.fixed
    assert list(resumed.fixed) == list(fresh.fixed)  # model order
    assert resumed.network.fingerprint() == fresh.network.fingerprint()


def test_a_restriction_is_no_base_to_resume_from():
    # restrict() substitutes without propagating: resuming from it would miss B = 1
    net = BooleanNetwork({"A": None, "B": "1"})
    assert percolate(net, base=restrict(net, {"A": 1})).fixed == percolate(net).fixed == {"B": 1}
