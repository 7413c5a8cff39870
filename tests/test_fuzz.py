"""The fuzz matrix: random model texts in every format, random option combinations for every
command, random perturbation strings. Whatever comes in, logicnet answers with exit status
0, 1 or 2, never a traceback (status 3 would be a bug report), and on success with output
that parses. Derandomised like the rest of the suite; 500 to 1,200 cases per property (about a minute).
``HYPOTHESIS_PROFILE=explore LOGICNET_FUZZ_SCALE=10`` draws ten times as many new cases."""

from __future__ import annotations

import contextlib
import json
import os

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import logicnet as ln
from logicnet_cli.main import cli
from tests.strategies import networks

FORMATS = ["bnet", "booleannet", "native", "sbml", "aeon"]
SCALE = int(os.environ.get("LOGICNET_FUZZ_SCALE", "1"))  # more cases when looking for trouble
FUZZ = settings(max_examples=500 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))


def run(args: list[str], input: bytes | str | None = None) -> None:
    """Run the command line and check the contract whatever it was given."""
    result = CliRunner().invoke(cli, args, input=input)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-500:], result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in result.output, args
    if result.exit_code == 0 and "--format" in args and args[args.index("--format") + 1] == "json":
        json.loads(result.stdout)
    elif result.exit_code:
        assert result.stderr.strip(), args  # an error says what went wrong


# -- model texts -------------------------------------------------------------------------------
@st.composite
def mutated(draw, text: str) -> bytes:
    """``text`` with a few byte-level edits: flips, deletions, insertions, a cut."""
    data = bytearray(text.encode())
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "delete", "insert", "cut", "duplicate"]))
        if kind == "flip":
            data[i] = draw(st.integers(0, 255))
        elif kind == "delete":
            del data[i : i + draw(st.integers(1, 20))]
        elif kind == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b"\n", b"(", b"&", b"!", b","]))
        elif kind == "cut":
            del data[i:]
        else:
            data[i:i] = data[i : i + draw(st.integers(1, 40))]
    return bytes(data)


@FUZZ
@given(data=st.data(), fmt=st.sampled_from(FORMATS))
def test_mutated_model_files(data, fmt):
    """Every format, from a real model (the bundled one, written in that format) mutated."""
    source = ln.generate_network(ln.read_network("gutliver"), fmt)
    run(["info", "-", "--from", fmt, "--format", "json"], input=data.draw(mutated(source)))


@FUZZ
@given(net=networks(max_nodes=5), fmt=st.sampled_from(FORMATS), data=st.data())
def test_grammar_based_models(net, fmt, data):
    """Random networks written in each format, then mutated, analysed as well as read."""
    text = data.draw(mutated(ln.generate_network(net, fmt)) | st.just(ln.generate_network(net, fmt).encode()))
    command = data.draw(
        st.sampled_from(
            [["info"], ["attractors", "-s", "async"], ["fixed-points"], ["trap-spaces"], ["attractors", "-s", "sync"]]
        )
    )
    run(
        [*command, "-", "--from", fmt, "--format", "json", *(["--timeout", "5"] if command[0] != "info" else [])],
        input=text,
    )


# -- option combinations -------------------------------------------------------------------------
NODES = ["HFD", "Exercise", "TLR4", "SCFA", "Steatosis", "tlr4", "Nope", ""]
VALUES = ["0", "1", "2", "-1", "nan", "inf", "1e9", "x", ""]
SPECS = [
    "HFD=1",
    "HFD=1,Exercise=0",
    "Exercise=1;ko:TLR4",
    "freeze:gut",
    "silence:liver",
    "cut:LPS->TLR4=0",
    "freeze:kidney",
    "HFD=2",
    "ko:",
    "",
    "A->",
    "oe:SCFA;SCFA=0",
]
SEMANTICS = ["async", "sync", "general", "mp", "MP", "asynchronous", "nope", ""]
SIZES = ["4G", "512M", "10M", "1.5GB", "0", "-1G", "lots", "", "none"]

# command -> its options: flag -> values it may be given (None: a flag without a value)
OPTIONS: dict[str, dict[str, list[str] | None]] = {
    "info": {"--lint": None},
    "graph": {"--organs": None, "--circuits": None, "--max-length": VALUES, "--limit": VALUES},
    "attractors": {
        "-s": SEMANTICS,
        "--set": SPECS,
        "--ko": NODES,
        "--oe": NODES,
        "--perturb": SPECS,
        "--freeze-organ": ["gut", "liver", "kidney"],
        "--silence-organ": ["gut", "kidney"],
        "--from-condition": SPECS,
        "--by-inputs": None,
        "--limit": VALUES,
        "--timeout": VALUES,
        "--memory": SIZES,
        "--variant": ["V1", "default", "all"],
    },
    "reachable": {
        "-s": SEMANTICS,
        "--set": SPECS,
        "--ko": NODES,
        "--from-state": ["HFD=1", "", "0101", "HFD=2"],
        "--from-condition": SPECS,
        "--timeout": VALUES,
        "--freeze-organ": ["gut"],
    },
    "fixed-points": {"--set": SPECS, "--ko": NODES, "--limit": VALUES, "--timeout": VALUES, "--memory": SIZES},
    "trap-spaces": {"--maximal": None, "--limit": VALUES, "--perturb": SPECS, "--timeout": VALUES},
    "basins": {
        "-s": SEMANTICS,
        "--method": ["auto", "explicit", "symbolic", "sampling", "nope"],
        "--samples": VALUES,
        "--max-steps": VALUES,
        "--seed": VALUES,
        "--set": SPECS,
        "--timeout": VALUES,
        "--memory": SIZES,
    },
    "simulate": {
        "-s": SEMANTICS,
        "--initial": ["HFD=1", "", "10", "HFD=2"],
        "--steps": VALUES,
        "--runs": VALUES,
        "--seed": VALUES,
        "--ko": NODES,
    },
    "stg": {"-s": SEMANTICS, "--max-nodes": VALUES, "--set": SPECS, "--memory": SIZES},
    "screen": {
        "--baseline": SPECS,
        "--treatment": SPECS,
        "--depth": VALUES,
        "--kinds": ["ko", "oe", "ko,oe", "kx", ""],
        "--nodes": ["SCFA", "SCFA,TLR4", "Nope", ""],
        "--readouts": ["Steatosis=0", "Steatosis=2", "Nope=1", ""],
        "-s": ["async", "async,mp", "sync,nope", ""],
        "--background": SPECS,
        "--organ": ["gut", "kidney"],
        "--timeout": VALUES,
        "--axes": ["all", "none", "core", "nope", ""],
        "--lean": SPECS,
    },
    "organs": {
        "--baseline": SPECS,
        "--treatment": SPECS,
        "--mode": ["freeze", "silence", "nope"],
        "--readouts": ["Steatosis=0", "x"],
        "-s": SEMANTICS,
        "--variant": ["all", "default", "V9"],
        "--timeout": VALUES,
        "--memory": SIZES,
        "--axes": ["all", "none", "core", "nope", ""],
        "--lean": SPECS,
    },
}
REQUIRED = {
    "screen": [
        "--baseline",
        "HFD=1,Exercise=0",
        "--treatment",
        "HFD=1,Exercise=1",
        "--nodes",
        "SCFA",
        "--readouts",
        "Steatosis=0",
    ],
    "organs": ["--baseline", "HFD=1,Exercise=0", "--treatment", "HFD=1,Exercise=1", "--readouts", "Steatosis=0"],
}


@st.composite
def invocations(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    args = [command, "gutliver", *(REQUIRED.get(command, []) if draw(st.booleans()) else [])]
    for flag in draw(st.lists(st.sampled_from(sorted(OPTIONS[command])), max_size=4, unique=True)):
        values = OPTIONS[command][flag]
        args += [flag] if values is None else [flag, draw(st.sampled_from(values))]
    if command in ("screen", "organs"):
        args += ["--jobs", "1", *(["--figure", ""] if command == "organs" else [])]
    return [*args, "--format", "json"]


@settings(max_examples=1200 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(args=invocations())
def test_random_option_combinations(args):
    run(args)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("AB01=:;,-> kooefrzsilctHFD_!&|()\n")), max_size=30))
def test_random_perturbation_strings(text):
    with contextlib.suppress(ln.LogicnetError):
        ln.Perturbation.parse(text)
    run(["attractors", "gutliver", "--perturb", text, "--format", "json"])
