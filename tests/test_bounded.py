"""Hard limits: work in a forked child that is stopped past its time or memory, and the
commands' --timeout and --memory built on it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import logicnet as ln
from logicnet.bounded import hard_deadline, parse_memory, run_bounded
from logicnet.errors import ArgumentError, LogicnetError, MemoryLimitError, ParseError, SearchTimeout
from tests.corpus import BBM, requires_bbm

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="hard limits need Linux (fork, PR_SET_PDEATHSIG)")


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("logicnet")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "logicnet_cli.main"]


def _in_fresh_process(code: str) -> subprocess.Popen:
    """``code`` in a new interpreter (one thread: the tests' process may have more)."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_answers_and_errors_come_back_whole():
    assert run_bounded(lambda: {"a": (1, 2)}, seconds=10) == {"a": (1, 2)}

    def bad():
        raise ParseError("boom", source="m.bnet", line=3, node="X")

    with pytest.raises(ParseError) as caught:
        run_bounded(bad, seconds=10)
    assert (str(caught.value), caught.value.line, caught.value.node) == ("m.bnet:3: boom", 3, "X")


def test_a_result_found_in_the_child_equals_one_found_here():
    net = ln.read_network("gutliver")
    assert run_bounded(lambda: ln.attractors(net, "sync"), memory=1 << 34) == ln.attractors(net, "sync")


def test_a_child_that_dies_is_an_error_not_an_answer():
    code = """
        import os
        from logicnet.bounded import run_bounded
        from logicnet.errors import LogicnetError
        try:
            run_bounded(os.abort, seconds=10)
        except LogicnetError as err:
            print("error:", err)
    """
    out, _ = _in_fresh_process(code).communicate(timeout=60)
    assert out.startswith("error: the computation ended without an answer (signal 6")


def test_work_that_ignores_its_timeout_is_stopped_at_the_hard_deadline():
    code = """
        import time
        from logicnet.bounded import run_bounded
        start = time.monotonic()
        note = run_bounded(lambda: time.sleep(600), seconds=0.5, on_timeout=lambda note: note)
        print(round(time.monotonic() - start, 1), note)
    """
    out, err = _in_fresh_process(code).communicate(timeout=60)
    took, note = out.split(" ", 1)
    assert hard_deadline(0.5) <= float(took) < hard_deadline(0.5) + 2, err
    assert note.startswith("stopped after") and "cannot be interrupted" in note


def test_without_on_timeout_the_hard_deadline_raises():
    code = """
        import time
        from logicnet.bounded import run_bounded
        from logicnet.errors import SearchTimeout
        try:
            run_bounded(lambda: time.sleep(600), seconds=0.1)
        except SearchTimeout:
            print("timeout")
    """
    assert _in_fresh_process(code).communicate(timeout=60)[0].strip() == "timeout"
    assert issubclass(SearchTimeout, TimeoutError)


def test_work_that_grows_past_its_memory_is_stopped():
    code = """
        from logicnet.bounded import run_bounded
        from logicnet.errors import MemoryLimitError

        def grow():
            held = []
            while True:
                held.append(bytearray(10**7))

        try:
            run_bounded(grow, memory=400 * 2**20)
        except MemoryLimitError as err:
            print(err)
    """
    out, err = _in_fresh_process(code).communicate(timeout=120)
    assert "past the memory limit of 400 MiB" in out, err
    assert issubclass(MemoryLimitError, MemoryError)


def test_the_child_dies_with_its_parent():
    code = """
        import os, time
        from logicnet.bounded import run_bounded
        tell = lambda t: print(os.getpid(), flush=True) if t > 0.2 else None
        run_bounded(lambda: time.sleep(600), seconds=600, on_tick=tell)
    """
    proc = _in_fresh_process(code)
    assert proc.stdout is not None
    proc.stdout.readline()
    children = subprocess.run(["ps", "--ppid", str(proc.pid), "-o", "pid="], capture_output=True, text=True).stdout
    (child,) = map(int, children.split())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 10
    while time.monotonic() < end and Path(f"/proc/{child}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists()


def test_an_interrupt_stops_the_child_and_is_raised():
    code = """
        import os, time
        from logicnet.bounded import run_bounded
        try:
            tell = lambda t: print("ready", flush=True) if t > 0.2 else None
            run_bounded(lambda: time.sleep(600), seconds=600, on_tick=tell)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    """
    proc = _in_fresh_process(code)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.send_signal(signal.SIGINT)  # to the parent only: it must pass the stop on
    out, _ = proc.communicate(timeout=30)
    assert "interrupted" in out


def test_sizes_parse_in_binary_units():
    assert parse_memory("4G") == 4 << 30 and parse_memory("1.5GB") == 3 << 29 and parse_memory("100") == 100
    for bad in ("", "G", "-1G", "lots", "inf"):
        with pytest.raises(ArgumentError):
            parse_memory(bad)


def test_memory_option_stops_a_command_in_one_line(tmp_path):
    work = ["basins", "gutliver", "--method", "sampling", "--samples", "100000"]  # longer than a check
    done = subprocess.run([*_cli(), *work, "--memory", "10M"], capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "past the memory limit of 10 MiB" in done.stderr and "Traceback" not in done.stderr
    bad = subprocess.run([*_cli(), "attractors", "gutliver", "--memory", "lots"], capture_output=True, text=True)
    assert bad.returncode == 2 and "is not a size" in bad.stderr


@requires_bbm
def test_timeout_holds_where_the_engine_cannot_be_interrupted():
    """The guided general-asynchronous search on bbm-243 ignores its deadline (issue 13:
    302 s with --timeout 10); the command still returns within the bound, incomplete."""
    model = str(BBM / "bbm-243.bnet")
    start = time.monotonic()
    done = subprocess.run(
        [*_cli(), "attractors", model, "-s", "general", "--timeout", "3", "--format", "json"],
        capture_output=True,
        text=True,
    )
    took = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["complete"] is False and answer["notes"]
    assert took < 3 * 1.1 + 2  # the promise, counted from the start of the command


def test_a_screen_stopped_by_its_timeout_resumes_to_the_uninterrupted_result(tmp_path):
    nodes = ",".join(ln.read_network("mafld").nodes[2:18])
    args = [*_cli(), "screen", "mafld", "--baseline", "HFD=1,Exercise=0", "--treatment", "HFD=1,Exercise=1"]
    args += ["--depth", "2", "--nodes", nodes, "--jobs", "1", "--chunk-size", "2"]
    whole = tmp_path / "whole.csv"
    subprocess.run([*args, "-o", str(whole)], check=True, capture_output=True)
    cut = tmp_path / "cut.csv"
    stopped = subprocess.run([*args, "-o", str(cut), "--timeout", "0.5"], capture_output=True, text=True)
    assert stopped.returncode == 0, stopped.stderr
    assert "--resume" in stopped.stderr
    partial = pd.read_csv(cut)
    assert len(partial) < len(pd.read_csv(whole))
    assert Path(f"{cut}.partial.jsonl").exists()
    subprocess.run([*args, "-o", str(cut), "--resume"], check=True, capture_output=True)
    assert cut.read_bytes() == whole.read_bytes()


def test_timeout_and_memory_options_are_on_every_long_command():
    from logicnet_cli.main import cli

    for name in ("attractors", "reachable", "fixed-points", "trap-spaces", "basins", "validate", "screen", "organs"):
        options = {o for p in cli.commands[name].params for o in p.opts}
        assert {"--timeout", "--memory"} <= options, name
    for name in ("simulate", "stg"):  # bounded by their sizes; memory still guarded
        assert "--memory" in {o for p in cli.commands[name].params for o in p.opts}


def test_errors_pickle_with_their_fields():
    import pickle

    for err in (
        ParseError("x", source="f", line=2, column=3, node="A"),
        ln.errors.UnknownNodeError("tlr4", ["TLR4"]),
        MemoryLimitError("m"),
        SearchTimeout("t"),
        LogicnetError("plain"),
    ):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err)


@requires_bbm
@pytest.mark.parametrize("method", ["sampling", "symbolic"])
def test_basins_stop_at_their_timeout_and_say_so(method):
    found = ln.basins(ln.read_network(BBM / "bbm-001.bnet"), method=method, timeout=1)
    assert not found.complete and any(n.startswith("timeout") for n in found.notes)


def test_a_stopped_result_is_empty_incomplete_and_says_why():
    stopped = ln.Attractors.stopped("why", nodes=("a",), semantics="asynchronous")
    assert (len(stopped), stopped.complete, stopped.notes) == (0, False, ("why",))
    assert stopped.to_json()["complete"] is False


def test_large_json_answers_are_written_compact(monkeypatch):
    """Indenting is pure Python and takes seconds on tens of megabytes (a timeout's answer
    must not overrun while it is written): above the limit the JSON is compact."""
    from click.testing import CliRunner

    from logicnet_cli import output
    from logicnet_cli.main import cli

    pretty = CliRunner().invoke(cli, ["fixed-points", "gutliver", "--format", "json"])
    monkeypatch.setattr(output, "PRETTY_JSON_LIMIT", 10)
    compact = CliRunner().invoke(cli, ["fixed-points", "gutliver", "--format", "json"])
    assert pretty.exit_code == compact.exit_code == 0
    assert pretty.output.count("\n") > 5 and compact.output.count("\n") == 1
    assert json.loads(pretty.output) == json.loads(compact.output)
