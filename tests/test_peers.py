"""logicnet against other tools on real models from the BBM corpus.

A sample that fits the CI budget; ``benchmarks/peers.py`` runs the same comparisons, timed,
on more of the corpus."""

import json
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from logicnet import attractors, fixed_points, generate_network, reachable_attractors, read_network, trap_spaces
from logicnet import expr as ex
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


def unate(net) -> bool:
    """No rule names a node both plainly and negated: mpbn's domain (locally monotone rules;
    on ``n1 = n0 & !n0`` it misses the trap space ``n1 = 0`` that aeon and pyboolnet find)."""

    def literals(e):
        return ex.fold(
            e,
            const=lambda v: (set(), set()),
            var=lambda n: ({n}, set()),
            not_=lambda a: (a[1], a[0]),
            and_=_union,
            or_=_union,
        )

    return all(not set.intersection(*literals(e)) for e in net.rules.values() if e is not None)


def _union(parts):
    return set().union(*(p for p, _ in parts)), set().union(*(n for _, n in parts))


@given(net=networks(max_nodes=7), data=st.data())
@settings(max_examples=60, deadline=None)
def test_mp_reachability_agrees_with_mpbn_on_random_networks(net, data):
    """Independent check of the trap-space-closure characterisation of MP reachability."""
    assume(unate(net))
    state = {n: data.draw(st.integers(0, 1)) for n in net.nodes}
    mpbn = peers.Mpbn.load(generate_network(net, "bnet"), net.nodes)
    ours = reachable_attractors(net, [state], "mp")
    assert peers.listed((a.values for a in ours), net.nodes) == mpbn.reachable_attractors(state)
    ours = attractors(net, "mp")
    assert peers.listed((a.values for a in ours), net.nodes) == mpbn.minimal_trap_spaces(limit=1000).items


def agree_with_peers(stem, ours_of, peers_of, question, limit):
    """logicnet's answer (``ours_of(net, limit)``) equals each peer's complete answer."""
    net, text = load(stem)
    ours = ours_of(net, limit)
    if not ours.complete:
        pytest.skip(f"more than {limit} answers")
    for peer in peers_of:
        theirs = getattr(peer.load(text, net.nodes), question)(limit=limit)
        assert theirs.complete and theirs.items == peers.listed(ours, net.nodes), peer.name


@pytest.mark.parametrize("stem", sample(60, 12, seed=1))
@requires_bbm
def test_fixed_points_agree_with_aeon_and_pyboolnet(stem):
    agree_with_peers(
        stem, lambda net, limit: fixed_points(net, limit=limit), (peers.Aeon, peers.PyBoolNet), "fixed_points", 5000
    )


@pytest.mark.parametrize("stem", sample(40, 10, seed=2))
@requires_bbm
def test_minimal_trap_spaces_agree_with_mpbn_aeon_pyboolnet(stem):
    agree_with_peers(
        stem,
        lambda net, limit: trap_spaces(net, limit=limit),
        (peers.Mpbn, peers.Aeon, peers.PyBoolNet),
        "minimal_trap_spaces",
        2000,
    )


@pytest.mark.parametrize("stem", sample(30, 8, seed=3))
@requires_bbm
def test_maximal_trap_spaces_agree_with_pyboolnet(stem):
    net, text = load(stem)
    ours = trap_spaces(net, kind="maximal", limit=2000)
    assert ours.complete
    theirs = peers.PyBoolNet.load(text, net.nodes).maximal_trap_spaces(limit=2000)
    assert theirs.complete
    assert theirs.items == peers.listed(ours, net.nodes)


@pytest.mark.parametrize("stem", sample(40, 10, seed=4))
@requires_bbm
def test_async_attractors_agree_with_aeon(stem):
    net, text = load(stem)
    ours = attractors(net, "async", timeout=60)
    assert ours.complete
    mine = sorted(((a.size, tuple(a.values[n] for n in net.nodes)) for a in ours), key=str)
    assert mine == peers.Aeon.load(text, net.nodes).async_attractors()


@pytest.mark.parametrize("stem", ["bbm-013", "bbm-150", "bbm-025"])
@requires_bbm
@pytest.mark.skipif(not peers.r_boolnet_available(), reason="R with the BoolNet package is not installed")
def test_sync_attractors_agree_with_r_boolnet(stem):
    """Models where input valuations leave 30 to 54 free nodes: the SAT unrolling answers."""
    net, text = load(stem)
    ours = attractors(net, "sync", timeout=120)
    assert ours.complete and "clingo" in ours.method
    mine = sorted(((a.size, tuple(a.values[n] for n in net.nodes)) for a in ours), key=str)
    assert mine == peers.BoolNet.load(text, net.nodes).sync_attractors()


@pytest.mark.parametrize("stem", sample(30, 6, seed=5))
@requires_bbm
def test_mp_reachability_agrees_with_mpbn(stem):
    net, text = load(stem)
    rng = random.Random(stem)
    state = {n: rng.randint(0, 1) for n in net.nodes}
    ours = reachable_attractors(net, [state], "mp")
    assert ours.complete
    mpbn = peers.Mpbn.load(text, net.nodes)
    assert peers.listed((a.values for a in ours), net.nodes) == mpbn.reachable_attractors(state)
