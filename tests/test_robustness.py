"""Robustness of organ necessity: toggles, rule ensembles and the sweep (issue 11, parts 3-4).

Each piece is checked against an independent computation: the monotone functions against
brute force over every truth table, the sweep's fractions against organ necessity run on
each toggled network by hand, the ensemble's networks against the interaction graph (signs,
essential regulators) and the scenarios.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import logicnet as ln
from logicnet import expr as ex
from logicnet._engines.monotone import essential_monotone, minimal_true_points, sample_essential_monotone
from logicnet.errors import ParseError, UnknownNodeError
from logicnet.experiments.ensemble import _rule_text, chain_summary, rule_ensemble
from logicnet.experiments.robustness import (
    Toggle,
    model_toggles,
    organ_robustness,
    toggle_design,
    wilson_interval,
    with_toggles,
)
from logicnet.experiments.runner import Execution
from logicnet.graph import interaction_graph
from logicnet_cli.main import cli

MAFLD_SCENARIOS = Path(__file__).resolve().parents[1] / "networks" / "mafld" / "scenarios.toml"


def brute_monotone_essential(k: int) -> set[int]:
    """Every truth table over k variables that is monotone with every variable essential."""
    points = range(1 << k)
    out = set()
    for tt in range(1 << (1 << k)):
        value = [tt >> a & 1 for a in points]
        monotone = all(value[a] <= value[a | 1 << i] for a in points for i in range(k))
        essential = all(any(value[a] != value[a ^ 1 << i] for a in points) for i in range(k))
        if monotone and essential:
            out.add(tt)
    return out


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_essential_monotone_functions_match_brute_force(k: int) -> None:
    assert set(essential_monotone(k)) == brute_monotone_essential(k)


def test_six_variable_samples_are_monotone_and_essential() -> None:
    rng = random.Random(3)
    for _ in range(5):
        tt = sample_essential_monotone(6, rng)
        ones = [a for a in range(64) if tt >> a & 1]
        assert all(tt >> (a | 1 << i) & 1 for a in ones for i in range(6))  # monotone
        assert all(any((tt >> a & 1) != (tt >> (a ^ 1 << i) & 1) for a in range(64)) for i in range(6))


def test_sampling_is_uniform_over_three_variable_functions() -> None:
    rng = random.Random(0)
    counts: dict[int, int] = {}
    for _ in range(9000):
        tt = sample_essential_monotone(3, rng)
        counts[tt] = counts.get(tt, 0) + 1
    assert set(counts) == set(essential_monotone(3))
    assert max(counts.values()) < 1.2 * min(counts.values())  # 9 functions, ~1000 each


@pytest.mark.parametrize("k", [2, 3, 4])
def test_rule_text_has_the_truth_table_and_the_signs(k: int) -> None:
    names = [f"x{i}" for i in range(k)]
    signs = ["+", "-"] * k
    regulators = list(zip(names, signs[:k]))
    for tt in essential_monotone(k)[:40]:
        rule = ex.parse_rule(_rule_text(regulators, tt))
        for a in range(1 << k):
            # a is the assignment of the *signed* literals: a negative regulator reads 1 - bit
            values = {n: (a >> i & 1) if s == "+" else 1 - (a >> i & 1) for i, (n, s) in enumerate(regulators)}
            assert ex.constant_value(ex.fix(rule, values)) == tt >> a & 1
        assert len(minimal_true_points(tt, k)) >= 1


def test_wilson_interval_contains_the_proportion() -> None:
    for hits, n in [(0, 10), (3, 10), (10, 10), (50, 200)]:
        low, high = wilson_interval(hits, n)
        assert 0 <= low <= hits / n <= high <= 1
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_toggle_design_exhaustive_and_sampled() -> None:
    toggles = [Toggle(f"T{i}", "edge") for i in range(5)]
    every = toggle_design(toggles, samples=64)
    assert every.exhaustive and len(every.sample) == 32 and len(set(every.sample)) == 32
    drawn = toggle_design(toggles, samples=10, seed=4)
    assert not drawn.exhaustive and len(set(drawn.sample)) == 10
    assert drawn == toggle_design(toggles, samples=10, seed=4)  # seeded
    assert set(drawn.probes) == {(), *((t.name,) for t in toggles)}
    assert set(drawn.combinations) == set(drawn.sample) | set(drawn.probes)


def toy() -> ln.BooleanNetwork:
    """gutliver with two edge toggles and a variant: small enough to redo by hand."""
    net = ln.read_network("gutliver")
    meta = dict(net.metadata)
    meta["toggles"] = {
        "E1": {"edge": "FGF21 -> Barrier", "status": "A"},
        "E2": {"edge": "SCFA -> NFkB", "status": "S~"},
    }
    meta["variants"] = {"V1": {"description": "no exercise route to the microbiota", "rules": {"Microbiota": "!HFD"}}}
    return net.evolve(metadata=meta)


def test_model_toggles_and_with_toggles() -> None:
    net = toy()
    assert [(t.name, t.kind) for t in model_toggles(net)] == [("E1", "edge"), ("E2", "edge"), ("V1", "variant")]
    cut = with_toggles(net, ["E1", "V1"])
    assert "FGF21" not in cut.regulators("Barrier") and cut.regulators("Barrier") == ("SCFA",)
    assert cut.rule_text("Microbiota") == "!HFD"
    assert with_toggles(net, []) == net
    with pytest.raises(UnknownNodeError):
        with_toggles(net, ["E9"])


@pytest.mark.parametrize(
    "toggle, error",
    [
        ({"edge": "FGF21 Barrier"}, ParseError),
        ({"edge": "HFD -> Barrier"}, UnknownNodeError),  # not a regulator of Barrier
        ({"edge": "FGF21 -> Barrier", "value": 2}, ParseError),
        ({"value": 0}, ParseError),
    ],
)
def test_malformed_toggles_are_named(toggle: dict, error: type) -> None:
    net = ln.read_network("gutliver")
    net = net.evolve(metadata={**net.metadata, "toggles": {"E7": toggle}})
    with pytest.raises(error, match=r"E7|Barrier|HFD"):
        model_toggles(net)


def test_sweep_fractions_equal_organ_necessity_on_each_toggled_network() -> None:
    net = toy()
    result = organ_robustness(
        net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", sensitivity=True, readouts="Steatosis=0", axes="none"
    )
    names = [t.name for t in model_toggles(net)]
    combos = [c for k in range(len(names) + 1) for c in itertools.combinations(names, k)]
    by_hand: dict[str, list[bool]] = {}
    for combo in combos:
        rows = ln.organ_necessity(
            with_toggles(net, combo),
            "HFD=1,Exercise=0",
            "HFD=1,Exercise=1",
            readouts="Steatosis=0",
            sets=("single",),
            variants="default",
            axes="none",
        )
        verdicts = {r["label"]: r["verdict"] for r in rows}
        for label, verdict in verdicts.items():
            # a rule set whose treatment fails with nothing frozen says nothing about organs
            if label == "(none)" or verdicts["(none)"] == "kept":
                by_hand.setdefault(label, []).append(verdict != "kept")
    assert {r["label"] for r in result} == set(by_hand)
    assert sum(by_hand["(none)"]) > 0  # the toy has such rule sets: the rule is exercised
    for row in result:
        overall = row["robustness"]["overall"]
        flags = by_hand[row["label"]]
        assert overall["n"] == len(flags) and len(by_hand["(none)"]) == len(combos) == 8
        assert overall["necessary_fraction"] == round(sum(flags) / len(flags), 4)
        assert overall["low"] <= overall["necessary_fraction"] <= overall["high"]
        # a toggle listed as flipping the call alone does flip it
        for toggle, decided in overall["decided_by"].items():
            if decided["alone"]:
                alone = ln.organ_necessity(
                    with_toggles(net, [toggle]), "HFD=1,Exercise=0", "HFD=1,Exercise=1",
                    readouts="Steatosis=0", organs=list(row["organs"]) or None, sets=("single",),
                    variants="default", axes="none",
                )  # fmt: skip
                verdicts = {r["label"]: r["verdict"] for r in alone}
                assert (verdicts[row["label"]] == "kept") != (row["verdict"] == "kept")


def test_ensemble_networks_are_admissible_and_pass_the_scenarios() -> None:
    net = ln.read_network("mafld")
    scenarios = ln.read_scenarios(MAFLD_SCENARIOS)
    draw = rule_ensemble(net, 4, scenarios, seed=2, chains=2, thin=2)
    assert len(draw.rules) == 4 and draw.proposed >= draw.moved > 0
    default_signs = {(u, v): d["sign"] for u, v, d in interaction_graph(net).edges(data=True)}
    for rules in draw.rules:
        assert set(rules) <= set(draw.resampled)
        member = net.with_rules(rules)
        # the same signed regulators, each essential
        assert {(u, v): d["sign"] for u, v, d in interaction_graph(member).edges(data=True)} == default_signs
        assert all(r.status != "fail" for r in ln.validate(member, scenarios))
    # seeded: the same networks again, whatever runs the chains
    again = rule_ensemble(net, 4, scenarios, seed=2, chains=2, thin=2, execution=Execution(jobs=2))
    assert again.rules == draw.rules


def test_cli_sensitivity_json_and_checkpoints(tmp_path: Path) -> None:
    out = tmp_path / "organs.json"
    args = ["organs", "mafld", "--sets", "single", "--sensitivity", "--samples", "6", "--axes", "hepatic_ir"]
    res = CliRunner().invoke(cli, [*args, "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text())
    assert [r["label"] for r in rows][:2] == ["(none)", "muscle"]
    for r in rows:
        assert {"organs", "verdict", "score", "variant", "axes", "hysteresis"} <= set(r)
        for axis in ("overall", "hepatic_ir"):
            entry = r["robustness"][axis]
            assert entry["n"] == 6 and entry["low"] <= entry["necessary_fraction"] <= entry["high"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["organs.json"]  # no checkpoint left behind
    report = tmp_path / "report"
    res = CliRunner().invoke(cli, [*args, "--format", "json", "--report", str(report)])
    assert res.exit_code == 0, res.output
    summary = (report / "summary.md").read_text()
    assert "of 6 rule sets" in summary and "Freezing **CNS**" in summary  # the findings use the robustness
    assert {p.name for p in report.iterdir()} >= {"index.html", "organs.png", "results.csv", "summary.md"}


def test_serial_pool_and_dask_give_the_same_robustness(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    net = toy()

    def run(execution: Execution | None) -> ln.ScreenResult:
        return organ_robustness(
            net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", sensitivity=True, ensemble=6, seed=5,
            readouts="Steatosis=0", axes="none", execution=execution,
        )  # fmt: skip

    serial = run(None)
    assert any("ensemble: 6 networks" in note for note in serial.notes)
    assert serial[0]["label"] == "(none)" and serial[0]["robustness"]["overall"]["n"] == 8 + 6
    for row in serial:  # the toggle combinations count one each, the chain draws at most one
        entry = row["robustness"]["overall"]
        assert entry["n"] - 6 < entry["ess"] <= entry["n"] and entry["low"] <= entry["necessary_fraction"]
    assert run(Execution(jobs=2, checkpoint=tmp_path / "ck.jsonl")) == serial
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        assert run(Execution(executor=client.get_executor(), chunk_size=3)) == serial


def test_chain_draws_are_worth_fewer_independent_ones() -> None:
    rng = random.Random(0)
    independent = [rng.random() < 0.3 for _ in range(400)]
    chains = [c for c in range(4) for _ in range(100)]
    size, _ = chain_summary(independent, chains)
    assert 250 < size <= 400
    # each chain sticks to its value for 25 draws at a time: about 16 runs in all
    sticky = [(i // 25) % 2 == 0 for i in range(400)]
    size, rhat = chain_summary(sticky, chains)
    assert size < 60
    # chains that never meet: R-hat far above 1
    apart = [c < 2 for c in chains]
    size, rhat = chain_summary(apart, chains)
    assert size < 10 and rhat is not None and rhat > 1.5
    assert chain_summary([True] * 40, [0] * 20 + [1] * 20) == (40.0, None)  # constant: every draw counts
    # the interval widens with the effective size, around the same share
    assert wilson_interval(30, 100)[0] > wilson_interval(3, 10)[0]


def test_an_ensemble_rule_that_moves_the_call_is_named() -> None:
    from logicnet.experiments.robustness import _deciders

    # 40 drawn networks: the organ is necessary exactly where X has another rule; Y is noise
    changed = {f"e{i}": frozenset({"X"} if i % 2 else set()) | ({"Y"} if i % 3 == 0 else set()) for i in range(40)}
    flags = {name: "X" in nodes for name, nodes in changed.items()}
    decided = _deciders(flags, {}, changed, dict.fromkeys(changed, "ensemble"), [])
    assert decided == {"rule of X": {"alone": False, "effect": 1.0}}
    # fewer than ten networks on a side: no claim
    few = dict(list(changed.items())[:15])
    assert _deciders({n: flags[n] for n in few}, {}, few, dict.fromkeys(few, "ensemble"), []) == {}
