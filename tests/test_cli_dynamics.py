import json

import pytest
from click.testing import CliRunner

from logicnet_cli.main import cli

TOY = "targets, factors\nA, !B\nB, !A\nC, A & !C\n"


def run(*args, input=None):
    r = CliRunner().invoke(cli, list(args), input=input)
    return r


def as_json(*args, input=None):
    r = run(*args, "--format", "json", input=input)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.mark.parametrize(
    "semantics, kinds",
    [
        ("async", {"fixed", "complex"}),
        ("sync", {"fixed", "cyclic"}),
        ("general", {"fixed", "complex"}),
        ("mp", {"fixed", "trapspace"}),
    ],
)
def test_attractors_contract(semantics, kinds):
    d = as_json("attractors", "-", "--from", "bnet", "--semantics", semantics, input=TOY)
    assert isinstance(d["complete"], bool) and d["complete"]
    assert d["semantics"] in ("asynchronous", "synchronous", "general-asynchronous", "most-permissive")
    for a in d["attractors"]:
        assert a["type"] in kinds and set(a["values"]) == {"A", "B", "C"}
        if a["type"] == "cyclic":
            assert len(a["states"]) == a["size"] and all(set(s) == {"A", "B", "C"} for s in a["states"])
    if semantics == "sync":
        assert sorted((a["type"], a["size"]) for a in d["attractors"]) == [("cyclic", 2), ("cyclic", 2), ("fixed", 1)]


def test_perturbation_options_compose():
    d = as_json("attractors", "gutliver", "--set", "HFD=1,Exercise=1", "--ko", "SCFA", "--perturb", "oe:LPS")
    assert [a["values"]["SCFA"] for a in d["attractors"]] == [0] * len(d["attractors"])
    assert all(a["values"]["LPS"] == 1 and a["values"]["Exercise"] == 1 for a in d["attractors"])
    bad = run("attractors", "gutliver", "--ko", "SCFB")
    assert bad.exit_code == 1 and "did you mean 'SCFA'" in bad.output
    conflict = run("attractors", "gutliver", "--ko", "SCFA", "--oe", "SCFA")
    assert conflict.exit_code == 1 and "conflicting" in conflict.output


def test_reversal_from_condition():
    d = as_json(
        "attractors", "gutliver", "--set", "HFD=1", "--set", "Exercise=1", "--from-condition", "HFD=1,Exercise=0"
    )
    assert d["complete"] and [a["values"]["Steatosis"] for a in d["attractors"]] == [0]
    r = as_json(
        "reachable",
        "gutliver",
        "--from-state",
        "HFD=1,Exercise=0,Microbiota=0,SCFA=0,Barrier=0,LPS=1,TLR4=1,NFkB=1,AMPK=0,SREBP1c=1,Steatosis=1,FGF21=0",
        "--set",
        "Exercise=1",
    )
    assert r["attractors"] == d["attractors"]


def test_fixed_points_and_trap_spaces():
    fp = as_json("fixed-points", "-", "--from", "bnet", input=TOY)
    assert fp["complete"] is True and fp["fixed_points"] == [{"A": 0, "B": 1, "C": 0}] and fp["method"]
    ts = as_json("trap-spaces", "-", "--from", "bnet", "--maximal", input=TOY)
    assert {"A": 1, "B": 0, "C": "*"} in ts["trap_spaces"] and ts["complete"]
    limited = as_json("fixed-points", "-", "--from", "bnet", "--limit", "1", input="A, A\nB, B\n")
    assert limited["complete"] is False and len(limited["fixed_points"]) == 1


def test_basins_simulate_stg(tmp_path):
    b = as_json("basins", "-", "--from", "bnet", "--semantics", "sync", input=TOY)
    assert sum(row["states"] for row in b["basins"]) == 8 and b["exact"]
    s = run(
        "simulate",
        "gutliver",
        "--initial",
        "HFD=1,Exercise=0",
        "--steps",
        "5",
        "--format",
        "csv",
        "--plot",
        str(tmp_path / "t.png"),
    )
    assert s.exit_code == 0 and s.stdout.startswith("run,step,HFD") and (tmp_path / "t.png").exists()
    g = as_json("stg", "-", "--from", "bnet", "--semantics", "async", input=TOY)
    assert len(g["nodes"]) == 8 and set(g["attractor_states"]) == {"010", "100", "101"}
    big = run("stg", "gutliver", "--max-nodes", "4")
    assert big.exit_code == 1 and "limit" in big.output


def test_by_inputs_table():
    r = run("attractors", "gutliver", "--by-inputs", "--format", "csv")
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("condition,complete,attractor,type,size")
    assert len(r.stdout.splitlines()) == 5
