"""The command line says what it did and did not do (issue 14): incomplete results in every
format, synchronous cycles state by state, files only where asked, what a conversion drops,
validate's exit status, and what the bundled networks and their variants are."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet_cli.main import cli

TOY = "targets, factors\nA, !B\nB, !A\nC, A & !C\n"
TWO_SWITCHES = "targets, factors\nA, A\nB, B\n"  # four fixed points


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


# -- incomplete results ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, why",
    [
        (["fixed-points", "--limit", "1"], "stopped at the limit of 1 fixed point"),
        (["trap-spaces", "--limit", "1"], "stopped at the limit of 1 trap space"),
        (["attractors", "--limit", "1"], "stopped at the limit of 1 attractor"),
    ],
)
def test_every_format_says_a_result_is_incomplete(args, why, tmp_path):
    model = ["-", "--from", "bnet"]
    table = run(*args, *model, "--format", "table", input=TWO_SWITCHES)
    assert table.exit_code == 0, table.output
    assert f"INCOMPLETE: {why}" in table.stdout.splitlines()[0]
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        r = run(*args, *model, "--format", fmt, input=TWO_SWITCHES)
        assert r.exit_code == 0 and "INCOMPLETE" not in r.stdout  # the rows stay rows
        header, *rows = (line.split(sep) for line in r.stdout.splitlines())
        assert header[-2:] == ["complete", "stop_reason"] and rows
        assert all(row[-2:] == ["false", why] for row in rows)  # every row carries it
        assert r.stderr == f"note: the result is incomplete: {why}\n"
    written = tmp_path / "out.csv"
    r = run(*args, *model, "-o", str(written), input=TWO_SWITCHES)
    assert r.exit_code == 0 and r.stderr == f"note: the result is incomplete: {why}\n"
    r = run(*args, *model, "--format", "json", input=TWO_SWITCHES)
    assert json.loads(r.stdout)["complete"] is False and r.stderr == ""  # JSON says it itself


def test_a_complete_result_has_no_note():
    r = run("fixed-points", "-", "--from", "bnet", "--format", "csv", input=TWO_SWITCHES)
    assert r.exit_code == 0 and r.stderr == "" and len(r.stdout.splitlines()) == 5
    assert all(line.endswith(",true,") for line in r.stdout.splitlines()[1:])
    table = run("fixed-points", "-", "--from", "bnet", "--format", "table", input=TWO_SWITCHES)
    assert "INCOMPLETE" not in table.stdout
    sync = run("attractors", "-", "--from", "bnet", "-s", "sync", "--format", "table", input=TOY)
    assert sync.stdout.splitlines()[0] == "synchronous attractors (complete)"


@pytest.mark.parametrize("fmt, where", [("table", None), ("table", "out.txt"), ("csv", None), ("tsv", "out.tsv")])
def test_output_says_it_once_for_every_command(fmt, where, tmp_path, capsys):
    """Every command hands its result to ``Output.emit``: the one place that says it."""
    from logicnet_cli.output import Output, Status

    path = str(tmp_path / where) if where else None
    status = Status(False, ("timeout: stopped after 5 s", "2 task(s) not run"))
    Output(path, fmt).emit({"complete": False}, [{"x": 1}], title="screen rows", result=status)
    captured = capsys.readouterr()
    text = (tmp_path / where).read_text() if where else captured.out
    why = "timeout: stopped after 5 s; 2 task(s) not run"
    if fmt == "table":
        assert text.splitlines()[0] == f"screen rows (INCOMPLETE: {why})"
    else:
        assert "INCOMPLETE" not in text and text.splitlines()[1].split("," if fmt == "csv" else "\t") == [
            "1",
            "false",
            why,
        ]
    shown_in_stdout = fmt == "table" and not where
    assert captured.err == ("" if shown_in_stdout else f"note: the result is incomplete: {why}\n")


# -- synchronous cycles ------------------------------------------------------------------------
def test_synchronous_cycles_are_listed_state_by_state_in_order():
    """TOY under synchronous updates: the fixed point 010 and the cycles 100 -> 101 and
    001 -> 110 (each listed from its own first state)."""
    d = json.loads(run("attractors", "-", "--from", "bnet", "-s", "sync", "--format", "json", input=TOY).stdout)
    cycles = [a["states"] for a in d["attractors"] if a["type"] == "cyclic"]
    csv = run("attractors", "-", "--from", "bnet", "-s", "sync", "--format", "csv", input=TOY).stdout
    lines = csv.splitlines()
    assert lines[0] == "attractor,type,size,step,A,B,C,complete,stop_reason" and "*" not in csv
    assert lines[1] == "0,fixed,1,0,0,1,0,true,"
    listed = [
        [{"A": int(a), "B": int(b), "C": int(c)} for *_, a, b, c, _, _ in (r.split(",") for r in lines[i : i + 2])]
        for i in (2, 4)
    ]
    assert listed == cycles and [r.split(",")[3] for r in lines[2:]] == ["0", "1", "0", "1"]
    table = run("attractors", "-", "--from", "bnet", "-s", "sync", "--format", "table", input=TOY).stdout
    assert table.splitlines()[1].split() == ["node", "0", "1.0", "1.1", "2.0", "2.1"] and "*" not in table
    by_node = {line.split()[0]: line.split()[1:] for line in table.splitlines()[2:]}
    assert by_node["C"] == ["0", *(str(s["C"]) for states in cycles for s in states)]
    reached = run(
        "reachable", "-", "--from", "bnet", "-s", "sync", "--from-state", "A=1,B=1,C=0", "--format", "csv", input=TOY
    )
    assert reached.stdout.splitlines() == [
        "attractor,type,size,step,A,B,C,complete,stop_reason",
        "0,cyclic,2,0,0,0,1,true,",
        "0,cyclic,2,1,1,1,0,true,",
    ]


def test_a_search_stopped_before_any_attractor_still_gives_its_columns(capsys):
    from logicnet.results import Attractors
    from logicnet_cli.dynamics import emit_attractors
    from logicnet_cli.output import Output

    stopped = Attractors.stopped("timeout before any attractor", nodes=("A", "B"), semantics="synchronous")
    emit_attractors(stopped, Output(None, "csv"))
    captured = capsys.readouterr()
    # nothing found: one row that says so, under the columns there would have been
    assert (
        captured.out == "attractor,type,size,step,A,B,complete,stop_reason\n,,,,,,false,timeout before any attractor\n"
    )
    assert captured.err == "note: the result is incomplete: timeout before any attractor\n"
    emit_attractors(stopped, Output(None, "table"))
    assert capsys.readouterr().out == "synchronous attractors (INCOMPLETE: timeout before any attractor)\n(none)\n"


def test_other_semantics_keep_one_row_per_attractor():
    csv = run("attractors", "-", "--from", "bnet", "-s", "async", "--format", "csv", input=TOY).stdout
    assert csv.splitlines() == [
        "attractor,type,size,A,B,C,complete,stop_reason",
        "0,fixed,1,0,1,0,true,",
        "1,complex,2,1,0,*,true,",
    ]


# -- files only where asked --------------------------------------------------------------------
ORGANS = "organs gutliver --baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=1 --readouts Steatosis=0 --jobs 1"


def test_organs_draws_a_figure_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for fmt in ("json", "table"):
        r = run(*ORGANS.split(), "--format", fmt)
        assert r.exit_code == 0, r.output
        assert list(tmp_path.iterdir()) == []
    r = run(*ORGANS.split(), "--format", "json", "--figure", "verdicts.png")
    assert r.exit_code == 0, r.output
    assert [p.name for p in tmp_path.iterdir()] == ["verdicts.png"] and r.stderr == "figure: verdicts.png\n"
    assert "--figure" in run("organs", "--help").stdout.split("Options:")[0]  # the example asks for it


def test_screen_writes_only_its_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = "screen gutliver --baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=1 --nodes SCFA"
    r = run(*args.split(), "--readouts", "Steatosis=0", "--jobs", "1", "-o", "ko.csv")
    assert r.exit_code == 0, r.output
    assert [p.name for p in tmp_path.iterdir()] == ["ko.csv"]  # no timings, no checkpoint left


# -- conversions -------------------------------------------------------------------------------
MAFLD_EXTRAS = (
    "name, description, organs, mediators, node descriptions, references, "
    "readouts, readout_sets, readout_axes, conditions, protocol, toggles, variants"
)


@pytest.mark.parametrize(
    "fmt, lost",
    [
        ("bnet", MAFLD_EXTRAS),
        ("booleannet", MAFLD_EXTRAS),
        ("aeon", MAFLD_EXTRAS),
        ("sbml", None),  # what SBML-qual has no element for travels in an annotation
        ("toml", None),
    ],
    ids=["bnet", "booleannet", "aeon", "sbml", "toml"],
)
def test_a_conversion_names_what_it_drops(fmt, lost, tmp_path):
    from logicnet.io import read_network, unwritten

    dst = tmp_path / f"mafld.{fmt}"
    r = run("convert", "mafld", "-o", str(dst))
    assert r.exit_code == 0, r.output
    if lost is None:
        assert r.stderr == ""
    else:
        assert r.stderr == f"note: {fmt} does not keep {lost}: they are not in {dst} (use .toml to keep them)\n"
    # what comes back is exactly what was not named (bnet keeps nothing: it lists all there is)
    back = set(unwritten(read_network(dst), "bnet")) - {"declared signs"}  # signs from the functions
    assert back == set(unwritten(read_network("mafld"), "bnet")) - set((lost or "").split(", "))


def test_a_conversion_to_standard_output_names_what_it_drops():
    r = run("convert", "gutliver", "-o", "-", "--to", "bnet")
    assert r.stdout.startswith("targets, factors\n")
    assert r.stderr == (
        "note: bnet does not keep name, description, organs, mediators, node descriptions, references: "
        "they are not in the output (use .toml to keep them)\n"
    )
    quiet = run("convert", "-", "--from", "bnet", "-o", "-", "--to", "sbml", input=TOY)
    assert quiet.exit_code == 0 and quiet.stderr == ""  # a bare network loses nothing


# -- validate's exit status --------------------------------------------------------------------
VARIANT_MODEL = """
description = "A switch B that follows E. Nothing else."
[nodes.E]
input = true
[nodes.B]
rule = "E"
[variants.V1]
description = "B ignores E"
rules = { B = "not E" }
"""
VARIANT_SCENARIOS = """
[[scenario]]
id = "S1"
title = "B follows E"
condition = "E=1"
expect = { B = 1 }
"""


@pytest.fixture
def variant_files(tmp_path):
    model, scenarios = tmp_path / "m.toml", tmp_path / "s.toml"
    model.write_text(VARIANT_MODEL)
    scenarios.write_text(VARIANT_SCENARIOS)
    return str(model), str(scenarios)


@pytest.mark.parametrize(
    "variant, status", [("default", 0), ("V1", 3), ("all", 3), ("default,V1", 3), ("V1,default", 3)]
)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_validate_fails_when_any_variant_fails(variant, status, fmt, variant_files):
    r = run("validate", *variant_files, "--variant", variant, "--format", fmt)
    assert r.exit_code == status, r.output
    assert r.stderr == ("1 scenario verdict(s) fail (V1: S1)\n" if status else "")
    if fmt == "json":
        assert {x["variant"]: x["status"] for x in json.loads(r.stdout)}["V1" if status else "default"] == (
            "fail" if status else "pass"
        )


def test_validation_reads_as_a_table_in_a_notebook(variant_files):
    import logicnet as ln

    found = ln.validate(ln.read_network(variant_files[0]), ln.read_scenarios(variant_files[1]), variants="all")
    assert isinstance(found, list) and [r.status for r in found] == ["pass", "fail"]
    assert repr(found) == "<Validation: 2 verdict(s) under 2 rule set(s) (default, V1): 1 pass, 1 fail, 0 reported>"
    assert repr(found[1]) == "<ScenarioResult S1 (V1): fail>"  # not the attractors and the evidence
    frame = found.to_frame()
    assert frame[["id", "title", "variant", "status", "expected", "observed"]].values.tolist() == [
        ["S1", "B follows E", "default", "pass", "B=1", "B=1"],
        ["S1", "B follows E", "V1", "fail", "B=1", "B=0"],
    ]
    page = found._repr_html_()
    assert page.startswith("<p><b>Validation</b>: 2 verdict(s)") and "<td>B follows E</td>" in page


# -- what there is -----------------------------------------------------------------------------
def test_list_names_the_bundled_networks_with_a_line_each():
    r = run("list", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = {x["name"]: x for x in json.loads(r.stdout)}
    assert set(rows) >= {"gutliver", "mafld"}
    assert rows["gutliver"] == {
        "name": "gutliver",
        "nodes": 12,
        "inputs": 2,
        "organs": 2,
        "variants": 0,
        "description": "Toy gut-liver axis: diet-induced endotoxaemia and hepatic lipogenesis, restrained by exercise.",
    }
    mafld = rows["mafld"]
    assert mafld["variants"] == 9 and mafld["description"].startswith("Exercise improves metabolic-associated")
    assert mafld["description"].endswith("immune system.") and "\n" not in mafld["description"]  # one sentence
    table = run("list", "--format", "table").stdout
    assert table.splitlines()[0].split() == ["name", "nodes", "inputs", "organs", "variants", "description"]


def test_info_describes_the_variants(variant_files):
    d = json.loads(run("info", "mafld", "--format", "json").stdout)
    assert list(d["variants"]) == [f"V{i}" for i in range(1, 10)]
    assert d["variants"]["V5"].startswith("ROS dominate hepatic fatty-acid oxidation")
    assert d["description"].startswith("Exercise improves")
    table = run("info", variant_files[0], "--format", "table").stdout
    assert "variant V1 B ignores E" in " ".join(table.split())
    assert json.loads(run("info", "gutliver", "--format", "json").stdout)["variants"] == {}


def test_scenario_tables_show_the_titles(variant_files):
    csv = run("validate", *variant_files, "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("id,title,variant,status") and csv[1].startswith("S1,B follows E,default,pass")
    table = run("validate", *variant_files, "--variant", "all", "--format", "table").stdout.splitlines()
    assert table[1].split() == ["id", "title", "default", "V1"]
    assert " ".join(table[2].split()) == "S1 B follows E pass fail"
    single = run("validate", *variant_files, "--format", "table").stdout.splitlines()
    assert single[1].split()[:3] == ["id", "title", "variant"] and "B follows E" in single[2]


# -- progress -------------------------------------------------------------------------------------
def test_progress_is_plain_lines_off_a_terminal_and_quiet_silences_it():
    # a real process: the work runs in a forked child, which writes to the inherited stderr
    exe = Path(sys.executable).with_name("logicnet")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "logicnet_cli.main"]
    args = ["screen", "gutliver", "--baseline", "HFD=1,Exercise=0", "--treatment", "HFD=1,Exercise=1"]
    args += ["--nodes", "SCFA,TLR4,FGF21", "--readouts", "Steatosis=0", "--jobs", "1", "--format", "json"]
    env = {**os.environ, "LOGICNET_PROGRESS_SECONDS": "0"}  # a line at every update
    loud = subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=120)
    assert loud.returncode == 0, loud.stderr
    lines = loud.stderr.splitlines()
    assert lines and all(re.fullmatch(r"screen: \d+/4 tasks", line) for line in lines)
    assert lines[-1] == "screen: 4/4 tasks"
    quiet = subprocess.run([*cmd, "--quiet", *args], capture_output=True, text=True, env=env, timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == "" and json.loads(quiet.stdout) == json.loads(loud.stdout)
