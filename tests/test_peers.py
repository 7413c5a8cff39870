"""logicnet against other tools on real models from the BBM corpus.

A sample that fits the CI budget; ``benchmarks/compare_peers.py`` runs all 284 models."""

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet import attractors, fixed_points, generate_network, reachable_attractors, read_network, trap_spaces
from tests import peers
from tests.corpus import BBM, requires_bbm
from tests.strategies import networks


def sample(max_vars: int, count: int, seed: int = 0) -> list[str]:
    if BBM is None:
        return []
    small = []
    for meta in sorted(BBM.glob("bbm-*.json")):
        d = json.loads(meta.read_text())
        if d["variables"] <= max_vars and (BBM / f"{meta.stem}.bnet").exists():
            small.append(meta.stem)
    return sorted(random.Random(seed).sample(small, min(count, len(small))))


def load(stem):
    net = read_network(BBM / f"{stem}.bnet")
    return net, generate_network(net, "bnet")


@given(net=networks(max_nodes=7), data=st.data())
@settings(max_examples=60, deadline=None)
def test_mp_reachability_agrees_with_mpbn_on_random_networks(net, data):
    """Independent check of the trap-space-closure characterisation of MP reachability."""
    state = {n: data.draw(st.integers(0, 1)) for n in net.nodes}
    text = generate_network(net, "bnet")
    ours = reachable_attractors(net, [state], "mp")
    assert sorted((dict(a.values) for a in ours), key=str) == peers.mpbn_reachable(text, net.nodes, state)
    assert sorted((dict(a.values) for a in attractors(net, "mp")), key=str) == peers.mpbn_minimal_trap_spaces(
        text, net.nodes
    )


@pytest.mark.parametrize("stem", sample(60, 12, seed=1))
@requires_bbm
def test_fixed_points_agree_with_aeon_and_pyboolnet(stem):
    net, text = load(stem)
    ours = fixed_points(net, limit=5000)
    if not ours.complete:
        pytest.skip("more than 5000 fixed points")
    mine = sorted(tuple(s[n] for n in net.nodes) for s in ours)
    assert mine == peers.aeon_fixed_points(text, net.nodes)
    assert mine == peers.pyboolnet_steady_states(text, net.nodes)


@pytest.mark.parametrize("stem", sample(40, 10, seed=2))
@requires_bbm
def test_minimal_trap_spaces_agree_with_mpbn_aeon_pyboolnet(stem):
    net, text = load(stem)
    ours = trap_spaces(net, limit=2000)
    if not ours.complete:
        pytest.skip("more than 2000 minimal trap spaces")
    mine = sorted(map(dict, ours), key=str)
    assert mine == peers.mpbn_minimal_trap_spaces(text, net.nodes)
    assert mine == peers.aeon_minimal_trap_spaces(text, net.nodes)
    assert mine == peers.pyboolnet_trap_spaces(text, net.nodes, "min")


@pytest.mark.parametrize("stem", sample(30, 8, seed=3))
@requires_bbm
def test_maximal_trap_spaces_agree_with_pyboolnet(stem):
    net, text = load(stem)
    ours = trap_spaces(net, kind="maximal", limit=2000)
    assert ours.complete
    assert sorted(map(dict, ours), key=str) == peers.pyboolnet_trap_spaces(text, net.nodes, "max")


@pytest.mark.parametrize("stem", sample(40, 10, seed=4))
@requires_bbm
def test_async_attractors_agree_with_aeon(stem):
    net, text = load(stem)
    ours = attractors(net, "async", timeout=60)
    assert ours.complete
    mine = sorted(((a.size, dict(a.values)) for a in ours), key=str)
    assert mine == peers.aeon_async_attractors(text, net.nodes)


@pytest.mark.parametrize("stem", sample(30, 6, seed=5))
@requires_bbm
def test_mp_reachability_agrees_with_mpbn(stem):
    net, text = load(stem)
    rng = random.Random(stem)
    state = {n: rng.randint(0, 1) for n in net.nodes}
    ours = reachable_attractors(net, [state], "mp")
    assert ours.complete
    assert sorted((dict(a.values) for a in ours), key=str) == peers.mpbn_reachable(text, net.nodes, state)
