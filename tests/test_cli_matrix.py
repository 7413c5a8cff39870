"""Every command with every semantics and method, and the option combinations a method does
not support: each ends with exit status 0, 1 (a clear error) or 2 (usage), one line of
error at most, and never a Python traceback (status 3 is logicnet's own bug report)."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner

from logicnet_cli.main import cli

SEMANTICS = ["async", "sync", "general", "mp"]
METHODS = ["auto", "explicit", "symbolic", "sampling"]
TOY = "targets, factors\nA, !B\nB, !A\nC, A & !C\n"
GUT = ["gutliver", "--set", "HFD=1"]
CONTRAST = ["--baseline", "HFD=1,Exercise=0", "--treatment", "HFD=1,Exercise=1"]
SCENARIO = (
    '[[scenario]]\nid = "S1"\ncondition = "HFD=1,Exercise=1"\nsource = "HFD=1,Exercise=0"\nexpect = { Steatosis = 0 }\n'
)


def invocations() -> list[list[str]]:
    runs: list[list[str]] = [
        ["info", "gutliver"],
        ["info", "gutliver", "--lint"],
        ["info", "nonexistent-model"],
        ["graph", "gutliver"],
        ["graph", "gutliver", "--organs"],
        ["graph", "gutliver", "--circuits"],
        ["fixed-points", *GUT],
        ["fixed-points", "gutliver", "--limit", "1"],
        ["fixed-points", "gutliver", "--freeze-organ", "gut"],
        ["trap-spaces", "gutliver"],
        ["trap-spaces", "gutliver", "--maximal", "--limit", "1"],
        ["attractors", "gutliver", "--ko", "NoSuchNode"],
        ["attractors", "gutliver", "--freeze-organ", "gut"],
        ["attractors", "gutliver", "--set", "HFD=2"],
        ["attractors", "gutliver", "--variant", "V9"],
        ["reachable", "gutliver"],
        ["screen", "gutliver", *CONTRAST, "--nodes", "SCFA", "--jobs", "1"],
        ["screen", "gutliver", *CONTRAST, "--kinds", "kx", "--readouts", "Steatosis=0", "--jobs", "1"],
        ["organs", "gutliver", "--jobs", "1", "--figure", ""],
        ["networks"],
        ["variants", "mafld"],
        ["variants", "gutliver"],
        ["organs", "mafld", "--sets", "single", "--sensitivity", "--samples", "4", "--jobs", "1"],
        ["control", "gutliver", "--from", "HFD=1,Exercise=0", "--target", "Steatosis=0", "--max-size", "1"],
    ]
    for s in SEMANTICS:
        runs += [
            ["attractors", *GUT, "-s", s],
            ["attractors", *GUT, "-s", s, "--limit", "1", "--timeout", "5"],
            ["attractors", "gutliver", "-s", s, "--by-inputs"],
            [
                "attractors",
                "gutliver",
                "-s",
                s,
                "--set",
                "HFD=1,Exercise=1",
                "--from-condition",
                "HFD=1,Exercise=0",
                "--freeze-organ",
                "gut",
            ],
            ["reachable", "gutliver", "-s", s, "--from-state", "HFD=1,Exercise=0", "--set", "Exercise=1"],
            [
                "reachable",
                "gutliver",
                "-s",
                s,
                "--from-condition",
                "HFD=1,Exercise=0",
                "--set",
                "Exercise=1",
                "--silence-organ",
                "liver",
            ],
            ["simulate", *GUT, "-s", s, "--steps", "5"],
            ["stg", "-", "--from", "bnet", "-s", s],
            ["validate", "gutliver", "SCENARIOS", "-s", s],
            ["screen", "gutliver", *CONTRAST, "--nodes", "SCFA", "--readouts", "Steatosis=0", "-s", s, "--jobs", "1"],
            ["organs", "gutliver", *CONTRAST, "--readouts", "Steatosis=0", "-s", s, "--jobs", "1", "--figure", ""],
            [
                "organs",
                "gutliver",
                *CONTRAST,
                "--readouts",
                "Steatosis=0",
                "-s",
                s,
                "--mode",
                "silence",
                "--jobs",
                "1",
                "--figure",
                "",
            ],
        ]
        runs += [["basins", *GUT, "-s", s, "--method", m, "--samples", "50"] for m in METHODS]
    every = ",".join(SEMANTICS)
    runs.append(f"screen gutliver {' '.join(CONTRAST)} --nodes SCFA --readouts Steatosis=0 --jobs 1 -s {every}".split())
    return runs


@pytest.mark.parametrize("args", invocations(), ids=lambda a: " ".join(a)[:90])
def test_no_traceback(args, tmp_path):
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(SCENARIO)
    args = [str(scenarios) if a == "SCENARIOS" else a for a in args]
    result = CliRunner().invoke(cli, [*args, "--format", "json"], input=TOY)
    assert result.exit_code in (0, 1, 2, 3), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) <= 1 or result.exit_code == 2, result.stderr


def test_unsupported_combinations_are_clear_errors():
    runner = CliRunner()
    for args, words in (
        (["basins", *GUT, "-s", "mp"], "most-permissive"),
        (["basins", *GUT, "-s", "sync", "--method", "symbolic"], "symbolic basins"),
        (["simulate", *GUT, "-s", "mp"], "most-permissive"),
        (["stg", *GUT, "-s", "mp"], "most-permissive"),
        (["attractors", "gutliver", "--freeze-organ", "gut"], "--from-condition"),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code in (1, 2) and words in result.stderr, (args, result.output)
        assert "Traceback" not in result.output


@pytest.mark.parametrize("semantics, method", list(itertools.product(SEMANTICS, METHODS)))
def test_basins_library_errors_are_logicnet_errors(semantics, method):
    """Every combination either answers or raises logicnet's own error (never a bare ValueError)."""
    import logicnet as ln

    try:
        result = ln.basins(ln.read_network("gutliver"), semantics, "HFD=1", method=method, samples=50)
    except ln.LogicnetError:
        return
    assert len(result) == len(result.attractors) and result.to_json()["basins"]
