import numpy as np
import pytest
from hypothesis import given, settings

from logicnet._engines.compiled import compile_network, pack_states, unpack_states
from logicnet.io import read_network
from tests.bruteforce import evaluate as brute_force_successor
from tests.corpus import BBM, requires_bbm
from tests.strategies import networks


@given(networks(max_nodes=7))
@settings(max_examples=150, deadline=None)
def test_compiled_step_equals_rule_evaluation(net):
    c = compile_network(net)
    rng = np.random.default_rng(len(net))
    states = rng.integers(0, 2, (50, len(net)))
    got = c.evaluate(states)
    for row, out in zip(states, got):
        expected = brute_force_successor(net, dict(zip(net.nodes, map(int, row))))
        assert tuple(out) == tuple(expected[n] for n in net.nodes)
        assert c.successor(tuple(map(int, row))) == tuple(out)


def test_pack_unpack_round_trip():
    states = np.random.default_rng(1).integers(0, 2, (130, 5))
    packed, _ = pack_states(states)
    assert len(packed) == 5 and packed[0].shape == (3,)
    assert (unpack_states(packed, 130) == states).all()


def test_python_int_bitsets_and_numpy_words_agree():
    net = read_network("gutliver")
    c = compile_network(net)
    states = np.random.default_rng(2).integers(0, 2, (64, len(net)))
    ints = [int("".join(str(b) for b in states[::-1, i]), 2) for i in range(len(net))]
    out = c.step(ints, (1 << 64) - 1)
    assert [[(v >> j) & 1 for v in out] for j in range(64)] == c.evaluate(states).tolist()


@requires_bbm
@pytest.mark.parametrize("model", ["bbm-001", "bbm-079", "bbm-122", "bbm-248"])
def test_compiled_real_models_agree_with_bdds(model):
    """Compiled code vs BDD evaluation (an independent implementation) on random states."""
    from logicnet._engines.bdd import FunctionBdds

    net = read_network(BBM / f"{model}.bnet")
    c, bdds = compile_network(net), FunctionBdds(net)
    states = np.random.default_rng(3).integers(0, 2, (8, len(net)))
    got = c.evaluate(states)
    for row, out in zip(states, got):
        valuation = {n: bool(v) for n, v in zip(net.nodes, row)}
        for i, n in enumerate(net.nodes):
            assert bdds.of_node(n).r_restrict(valuation).is_true() == bool(out[i])
