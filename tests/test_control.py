"""Control: the minimal sufficient intervention sets, checked against brute force (explicit
state transition graphs of every perturbed network) and against a brute-force screen."""

from __future__ import annotations

import itertools
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import logicnet as ln
from logicnet._engines.closure import TrapClosure, sweeps
from logicnet._engines.compiled import compile_network
from logicnet.analysis.trap_spaces import smallest_trap_space
from logicnet.experiments.control import control
from logicnet.perturb import perturb
from tests import bruteforce as bf
from tests.corpus import BBM, requires_bbm
from tests.peers import Aeon, PyStableMotifs, as_interventions
from tests.strategies import networks

SEMANTICS = ["asynchronous", "synchronous", "general"]


def _held(net, data, max_size=2):
    nodes = data.draw(st.lists(st.sampled_from(net.nodes), max_size=max_size, unique=True))
    return {n: data.draw(st.sampled_from([0, 1])) for n in nodes}


@settings(max_examples=200, deadline=None)
@given(net=networks(max_nodes=6), data=st.data())
def test_closure_is_the_smallest_trap_space_of_each_lane(net, data):
    start = {n: data.draw(st.sampled_from([0, 1, "*"])) for n in net.nodes}
    held = [_held(net, data) for _ in range(data.draw(st.integers(1, 4)))]
    tc = TrapClosure(net)
    lanes = tc.close(start, held)
    for k, fix in enumerate(held):
        assert tc.subspace(lanes, k) == smallest_trap_space(perturb(net, fix), [{**start, **fix}])


@settings(max_examples=100, deadline=None)
@given(net=networks(max_nodes=6), data=st.data())
def test_closing_many_starts_at_once_closes_each(net, data):
    starts = [
        {n: data.draw(st.sampled_from([0, 1, "*"])) for n in net.nodes} for _ in range(data.draw(st.integers(1, 3)))
    ]
    held = [_held(net, data) for _ in range(data.draw(st.integers(1, 4)))]
    tc = TrapClosure(net)
    lanes = tc.close_each(starts, held)
    for j, start in enumerate(starts):
        for k, fix in enumerate(held):
            assert tc.subspace(lanes, j * len(held) + k) == smallest_trap_space(perturb(net, fix), [{**start, **fix}])


def _values_taken(net, space):
    """Per node, the values its function takes over the states of ``space`` (brute force)."""
    free = [n for n in net.nodes if space[n] == "*"]
    taken = {n: set() for n in net.nodes}
    for bits in itertools.product((0, 1), repeat=len(free)):
        for n, v in bf.evaluate(net, {**space, **dict(zip(free, bits))}).items():
            taken[n].add(v)
    return taken


@settings(max_examples=200, deadline=None)
@given(net=networks(max_nodes=6), data=st.data())
def test_percolation_keeps_only_values_the_functions_can_take(net, data):
    held = [_held(net, data) for _ in range(data.draw(st.integers(1, 4)))]
    tc = TrapClosure(net)
    lanes = tc.percolate(held)
    for k, fix in enumerate(held):
        perturbed = perturb(net, fix)
        space = {n: fix.get(n, "*") for n in net.nodes}
        while True:  # shrink: a node whose function is constant over the space takes that value
            taken = _values_taken(perturbed, space)
            shrunk = {
                n: (next(iter(taken[n])) if len(taken[n]) == 1 and perturbed.rule(n) is not None else space[n])
                for n in net.nodes
            }
            if shrunk == space:
                break
            space = shrunk
        assert tc.subspace(lanes, k) == space
        for attractor in bf.attractor_sets(perturbed, "asynchronous"):  # every attractor lies there
            assert all(space[n] in ("*", s[i]) for s in attractor for i, n in enumerate(net.nodes))


@settings(max_examples=100, deadline=None)
@given(net=networks(max_nodes=6), data=st.data(), synchronous=st.booleans(), compiled=st.booleans())
def test_sweeps_follow_real_trajectories(net, data, synchronous, compiled):
    """With the compiled rules, or with the trap closure's DNFs evaluated."""
    held = [_held(net, data) for _ in range(3)]
    starts = [tuple(data.draw(st.sampled_from([0, 1])) for _ in net.nodes) for _ in held]
    index = {n: i for i, n in enumerate(net.nodes)}
    rules = compile_network(net) if compiled else TrapClosure(net)
    ends = sweeps(rules, starts, [{index[n]: v for n, v in f.items()} for f in held], 3,
                  synchronous=synchronous, seed=data.draw(st.integers(0, 9)))  # fmt: skip
    for k, fix in enumerate(held):
        perturbed = perturb(net, fix)
        g = bf.stg(perturbed, "synchronous" if synchronous else "asynchronous")
        start = tuple(fix.get(n, s) for n, s in zip(net.nodes, starts[k], strict=True))
        end = tuple(ends[i] >> k & 1 for i in range(len(net)))
        if synchronous:
            for _ in range(3):
                start = next(iter(g.successors(start)), start)
            assert end == start
        else:
            assert end == start or nx.has_path(g, start, end)


def _brute_force_control(net, semantics, target, max_size):
    """Minimal sets of at most ``max_size`` interventions (any node with a rule but the
    targets) after which every attractor reachable from every attractor has the targets."""
    sources = bf.attractor_sets(net, semantics)
    singles = [(n, v) for n in net.nodes if net.rule(n) is not None and n not in target for v in (0, 1)]
    sufficient = []
    for size in range(max_size + 1):  # the empty set first: the condition alone may do
        for combo in itertools.combinations(singles, size):
            if len({n for n, _ in combo}) < size or any(m <= set(combo) for m in sufficient):
                continue
            perturbed = perturb(net, dict(combo))
            g = bf.stg(perturbed, semantics)
            attractors = {frozenset(c) for c in nx.attracting_components(g)}
            starts = {tuple(dict(combo).get(n, s[i]) for i, n in enumerate(net.nodes)) for a in sources for s in a}
            reached = {a for a in attractors if any(nx.has_path(g, s, next(iter(a))) for s in starts)}
            index = [net.nodes.index(n) for n in target]
            if all({s[i] for s in a} == {target[n]} for a in reached for i, n in zip(index, target, strict=True)):
                sufficient.append(set(combo))
    return {frozenset(s) for s in sufficient}


@settings(max_examples=60, deadline=None)
@given(net=networks(max_nodes=5), data=st.data(), semantics=st.sampled_from(SEMANTICS))
def test_control_finds_exactly_the_minimal_sufficient_sets(net, data, semantics):
    readout = data.draw(st.sampled_from(net.nodes))
    target = {readout: data.draw(st.sampled_from([0, 1]))}
    found = control(net, None, None, target, max_size=2, semantics=semantics)
    assert found.complete
    got = {frozenset(r["interventions"].items()) for r in found}
    assert got == _brute_force_control(net, semantics, target, 2)
    for r in found:  # a percolation proof holds whatever the semantics
        if r["verified"] == "percolation":
            for other in SEMANTICS:
                reached = ln.reversal(net, None, dict(r["interventions"]), other).combined
                assert all(a.values[readout] == target[readout] for a in reached)


def _minimal(kept):
    return {s for s in kept if not any(o < s for o in kept)}


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        ("HFD=1,Exercise=0", "HFD=1,Exercise=0", None),  # an exercise mimetic
        ("HFD=1,Exercise=0", "HFD=1,Exercise=1", "freeze:adipose"),  # a rescue of frozen adipose tissue
    ],
    ids=["mimetic", "rescue-adipose"],
)
def test_mafld_control_equals_a_brute_force_screen(question):
    """Depth 2, knockouts and overexpressions of every node the condition leaves free: the
    minimal sets read off the screen's kept rows are the ones control finds."""
    net = ln.read_network("mafld")
    start, condition, background = question
    contrast = ln.Contrast.of(start, condition, background)
    readouts = ln.experiments.benefit_readouts(net, None)
    (source,) = ln.experiments.source_attractors(net, contrast.source)
    held = set(contrast.target().fixed_values(net, reference=source.values))
    pool = [n for n in net.nodes if net.rule(n) is not None and n not in readouts and n not in held]
    screen = ln.perturbation_screen(
        net, contrast, ln.perturbation_sets(net, pool, ["ko", "oe"], depth=2), execution=ln.Execution(jobs=2)
    )
    kept = {
        frozenset(ln.Perturbation.parse(r["perturbation"]).fixed_values(net).items())
        for r in screen
        if r["verdict"] == "kept" and r["perturbation"]
    }
    assert screen.complete
    found = control(net, start, condition, max_size=2, background=background)
    assert found.complete
    assert {frozenset(r["interventions"].items()) for r in found} == _minimal(kept)


def test_control_cli_contract(tmp_path):
    from logicnet_cli.main import cli

    question = ["control", "gutliver", "--from", "HFD=1,Exercise=0", "--condition", "HFD=1,Exercise=0"]
    question += ["--target", "Steatosis=0", "--format", "json"]
    r = CliRunner().invoke(cli, [*question, "--max-size", "2"])
    assert r.exit_code == 0, r.output
    answer = json.loads(r.output)
    assert answer["complete"] is True and answer["semantics"] == "asynchronous"
    assert answer["sets"] and all(
        set(s) == {"interventions", "size", "verified", "readouts"}
        and s["size"] == len(s["interventions"])
        and s["verified"] in ("percolation", "reachability")
        and s["readouts"] == {"Steatosis": 0}
        for s in answer["sets"]
    )
    forbidden = CliRunner().invoke(cli, [*question, "--max-size", "1", "--forbid", "AMPK"])
    assert "AMPK" not in {n for s in json.loads(forbidden.output)["sets"] for n in s["interventions"]}


def _flip_question(net):
    """Inputs at 0; target: the last non-input node that is constant over the start
    attractors, at its other value."""
    condition = dict.fromkeys(net.inputs, 0)
    sources = ln.experiments.source_attractors(net, condition)
    for n in reversed(net.nodes):
        values = {a.values[n] for a in sources}
        if net.rule(n) is not None and len(values) == 1 and "*" not in values:
            return condition, {n: 1 - values.pop()}
    raise AssertionError("no constant readout to flip")


def _sufficient(net, condition, target, interventions) -> bool:
    reached = ln.reversal(net, condition, {**condition, **interventions}).combined
    return reached.complete and all(a.values[n] == v for a in reached for n, v in target.items())


@requires_bbm
@pytest.mark.slow
@pytest.mark.parametrize("model", ["bbm-008", "bbm-013", "bbm-044", "bbm-090", "bbm-107", "bbm-154"])
def test_control_agrees_with_aeon_phenotype_control(model):
    """Every set found is sufficient (checked again here); every minimal set of aeon's
    symbolic control that is sufficient from the start attractors contains one found."""
    net = ln.read_network(BBM / f"{model}.bnet")
    condition, target = _flip_question(net)
    found = control(net, condition, condition, target, max_size=2)
    assert found.complete
    ours = [dict(r["interventions"]) for r in found]
    assert all(_sufficient(net, condition, target, s) for s in ours)
    allowed = [n for n in net.nodes if net.rule(n) is not None and n not in condition and n not in target]
    theirs = Aeon.load(ln.generate_network(perturb(net, condition), "bnet")).phenotype_control(target, allowed, 2)
    for s in theirs:
        if _sufficient(net, condition, target, dict(s)):
            assert any(set(o.items()) <= s for o in ours), sorted(s)


@requires_bbm
def test_an_interrupted_control_search_resumes_to_the_whole_answer(tmp_path):
    """bbm-057 leaves 71 sets to the exact engine, set by set under synchronous updating
    (asynchronous ones are verified in one symbolic step, which keeps no checkpoint). A
    checkpoint cut after a few rows (as a kill leaves it) is resumed to the answer of an
    uninterrupted run, then removed; a run whose time is up says so and is incomplete."""
    net = ln.read_network(BBM / "bbm-057.bnet")
    condition, target = _flip_question(net)
    checkpoint = tmp_path / "c.partial.jsonl"
    sync = {"max_size": 2, "semantics": "synchronous"}
    whole = control(
        net, condition, condition, target, **sync,
        execution=ln.Execution(checkpoint=checkpoint, keep_checkpoint=True),
    )  # fmt: skip
    assert whole.complete and whole.tried["verified"] > 20
    lines = checkpoint.read_text().splitlines()
    assert len(lines) > 20  # the header, then one row per verified set
    checkpoint.write_text("\n".join(lines[:6]) + "\n")
    resumed = control(
        net, condition, condition, target, **sync, execution=ln.Execution(checkpoint=checkpoint, resume=True)
    )
    assert resumed == whole and not checkpoint.exists()
    late = control(net, condition, condition, target, max_size=2, timeout=1e-3)
    assert not late.complete and any(n.startswith("timeout") for n in late.notes)


def _trap_question(net):
    """Inputs at 0; target: up to two nodes fixed in the first minimal trap space and
    different in another (a phenotype succession-diagram control can aim at)."""
    condition = dict.fromkeys(net.inputs, 0)
    spaces = list(ln.trap_spaces(perturb(net, condition)))
    first = spaces[0]
    differ = [n for n in net.nodes if first[n] != "*" and any(o[n] not in ("*", first[n]) for o in spaces[1:])]
    return condition, {n: first[n] for n in differ[:2] if n not in condition}


def _covers(net, condition, target, theirs):
    """Control's sets for the question, each checked sufficient again set by set; every
    one of ``theirs`` (a peer's sets) that is sufficient contains one of them. The number
    of sufficient peer sets."""
    found = control(net, condition, condition, target, max_size=2)
    assert found.complete and len(found) > 0
    ours = [set(r["interventions"].items()) for r in found]
    assert all(_sufficient(net, condition, target, dict(s)) for s in ours)
    checked = 0
    for s in as_interventions(theirs, condition, target, 2):
        if _sufficient(net, condition, target, dict(s)):
            checked += 1
            assert any(o <= s for o in ours), sorted(s)
    return checked


@requires_bbm
@pytest.mark.slow
@pytest.mark.parametrize("model", ["bbm-003", "bbm-008", "bbm-010"])
def test_control_covers_biobalm_succession_control(model):
    """On a phenotype that is a minimal trap space (what biobalm's succession-diagram control
    aims at): every biobalm intervention of at most 2 nodes, not on a target node, that is
    sufficient from the start attractors contains a set found here."""
    import biobalm
    from biobalm.control import succession_control

    net = ln.read_network(BBM / f"{model}.bnet")
    condition, target = _trap_question(net)
    diagram = biobalm.SuccessionDiagram.from_rules(ln.generate_network(perturb(net, condition), "bnet"))
    theirs = [
        [(n, int(v)) for d in choice for n, v in d.items()]  # one driver set per succession step
        for intervention in succession_control(diagram, target)
        for choice in itertools.product(*intervention.control)
    ]
    assert _covers(net, condition, target, theirs) > 0


@requires_bbm
@pytest.mark.slow
@pytest.mark.parametrize("model", ["bbm-003", "bbm-010", "bbm-022", "bbm-053"])
def test_control_covers_pystablemotifs_drivers(model):
    """The same phenotypes: every pystablemotifs driver set (reprogramming to the target's
    trap spaces) of at most 2 nodes that is sufficient from the start attractors, with the
    interventions held, contains a set found here."""
    pytest.importorskip("pystablemotifs", reason="pystablemotifs is not installed")
    net = ln.read_network(BBM / f"{model}.bnet")
    condition, target = _trap_question(net)
    theirs = PyStableMotifs.load(ln.generate_network(perturb(net, condition), "bnet")).drivers(target, 2)
    assert _covers(net, condition, target, theirs) > 0


@settings(max_examples=150, deadline=None)
@given(net=networks(max_nodes=5), data=st.data())
def test_one_symbolic_batch_judges_every_set_as_brute_force_does(net, data):
    """The batched asynchronous verification: a set is insufficient exactly when an
    attractor reachable from a start state, with the set held, leaves the target."""
    from logicnet._engines.perturbed import insufficient

    target = {
        n: data.draw(st.sampled_from([0, 1]))
        for n in data.draw(st.lists(st.sampled_from(net.nodes), min_size=1, max_size=2, unique=True))
    }
    starts = [
        dict(zip(net.nodes, s))
        for s in data.draw(st.lists(st.tuples(*[st.sampled_from([0, 1])] * len(net)), min_size=1, max_size=3))
    ]
    free = [n for n in net.nodes if n not in target]
    sets = [tuple(sorted(_held_among(free, data).items())) for _ in range(data.draw(st.integers(1, 5)))]
    expected = []
    for k, s in enumerate(sets):
        perturbed = perturb(net, dict(s))
        g = bf.stg(perturbed, "asynchronous")
        init = {tuple(dict(s).get(n, x[n]) for n in net.nodes) for x in starts}
        index = [net.nodes.index(n) for n in target]
        for a in nx.attracting_components(g):
            if any(nx.has_path(g, x, next(iter(a))) for x in init) and any(
                y[i] != target[n] for y in a for i, n in zip(index, target, strict=True)
            ):
                expected.append(k)
                break
    assert insufficient(net, starts, sets, target) == expected


def _held_among(nodes, data):
    chosen = data.draw(st.lists(st.sampled_from(nodes), max_size=2, unique=True)) if nodes else []
    return {n: data.draw(st.sampled_from([0, 1])) for n in chosen}
