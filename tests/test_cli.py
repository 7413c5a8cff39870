import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet._engines.bdd import differing_nodes
from logicnet.io import read_network
from logicnet_cli.main import cli
from tests.corpus import BBM, requires_bbm


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_info_json_contract():
    r = run("info", "gutliver", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["nodes"] == 12 and d["inputs"] == ["HFD", "Exercise"] and d["edges"] == 19
    assert d["organs"]["gut"] == ["Microbiota", "SCFA", "Barrier", "LPS"]


def test_info_table_csv_tsv_and_output_file(tmp_path):
    assert "inputs" in run("info", "gutliver", "--format", "table").stdout
    assert run("info", "gutliver", "--format", "csv").stdout.startswith("field,value\n")
    assert run("info", "gutliver", "--format", "tsv").stdout.startswith("field\tvalue\n")
    out = tmp_path / "info.json"
    assert run("info", "gutliver", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["nodes"] == 12  # format from the extension
    assert [p.name for p in tmp_path.iterdir()] == ["info.json"]  # no temporary left


def test_lint_is_opt_in():
    text = "targets, factors\nEGFR, EGF\nAKT, EGFR & (PI3K | !PI3K)\n"
    plain = json.loads(run("info", "-", "--from", "bnet", "--format", "json", input=text).stdout)
    assert "lint" not in plain
    linted = json.loads(run("info", "-", "--from", "bnet", "--lint", "--format", "json", input=text).stdout)
    kinds = {(i["kind"], i["node"]) for i in linted["lint"]}
    assert ("near-duplicate-input", "EGF") in kinds and ("non-essential-regulator", "AKT") in kinds


def test_graph_json_contract_and_organs():
    d = json.loads(run("graph", "gutliver", "--format", "json").stdout)
    assert len(d["nodes"]) == 12
    assert {"source": "SCFA", "target": "NFkB", "sign": "-"} in d["edges"]
    assert all(e["sign"] in ("+", "-", "±") for e in d["edges"])
    q = json.loads(run("graph", "gutliver", "--organs", "--format", "json").stdout)
    assert {"source": "liver", "target": "gut", "sign": "+", "mediators": ["FGF21"]} in q["edges"]
    c = json.loads(run("graph", "gutliver", "--circuits", "--format", "json").stdout)
    assert c["circuits_complete"] and any(
        x["nodes"] == ["Barrier", "LPS", "TLR4", "NFkB", "AMPK", "FGF21"] or "Barrier" in x["nodes"]
        for x in c["circuits"]
    )


@pytest.mark.parametrize("ext", ["graphml", "dot", "png", "svg"])
def test_graph_export(tmp_path, ext):
    path = tmp_path / f"g.{ext}"
    r = run("graph", "gutliver", "--export", str(path), "--format", "json")
    assert r.exit_code == 0, r.output
    assert path.stat().st_size > 100


def test_convert_between_every_format(tmp_path):
    net = read_network("gutliver")
    for ext in ("bnet", "booleannet", "sbml", "toml"):
        dst = tmp_path / f"m.{ext}"
        assert run("convert", "gutliver", "-o", str(dst)).exit_code == 0
        assert not differing_nodes(net, read_network(dst))
    r = run("convert", str(tmp_path / "m.bnet"), "-o", "-", "--to", "booleannet")
    assert "NFkB* = TLR4 and not SCFA" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["info", "no-such-model.bnet"], "no such file"),
        (["info", "-"], "needs --from"),
        (["convert", "gutliver", "-o", "x.yaml"], "cannot tell the format"),
        (["info", "-", "--from", "bnet"], "line 1"),
    ],
)
def test_errors_are_one_line_messages_without_traceback(args, message):
    r = CliRunner().invoke(cli, args, input="A, B &&\n")
    assert r.exit_code != 0
    assert message in r.output.replace(":1:", " line 1 ")
    assert "Traceback" not in r.output


def test_help_has_examples():
    for cmd in ("info", "convert", "graph"):
        assert "Example" in run(cmd, "--help").stdout


def installed_command() -> str | None:
    beside = Path(sys.executable).with_name("logicnet")  # the venv's console script
    return str(beside) if beside.exists() else shutil.which("logicnet")


@pytest.mark.skipif(installed_command() is None, reason="logicnet command not installed")
def test_installed_command_works_from_any_directory(tmp_path):
    """The console script and the bundled networks work outside the source tree."""
    exe = installed_command()
    p = subprocess.run([exe, "info", "gutliver", "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["nodes"] == 12
    bad = subprocess.run([exe, "info", "missing.bnet"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "missing.bnet" in bad.stderr


@requires_bbm
def test_info_on_a_real_model():
    d = json.loads(run("info", str(BBM / "bbm-003.bnet"), "--format", "json").stdout)
    assert d["nodes"] == 20 and d["inputs"] == ["v_EGF"]
