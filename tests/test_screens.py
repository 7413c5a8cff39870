"""Screens and organ necessity: verdicts against direct reversals, parallel and distributed
execution giving identical rows, and resume after a hard kill."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import logicnet as ln
from logicnet import BooleanNetwork, Execution, read_network, reversal
from logicnet.experiments.contrast import benefit_readouts, perturbation_sets

CONTRAST = "--baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=1"

# Exercise (E) protects the output O through two redundant arms A and B; a third node C
# blocks O and is held off by A. Knocking out A loses the benefit; adding C=0 restores it.
TOY = BooleanNetwork(
    {"E": None, "D": None, "A": "E", "B": "E & D", "C": "!A", "O": "D & !(A | B) | C"}, metadata={"readouts": {"O": 0}}
)


def screen(net, baseline, treatment, nodes=None, depth=1, background=None, execution=None, **options):
    perturbations = perturbation_sets(net, nodes, depth=depth)
    return ln.perturbation_screen(net, (baseline, treatment, background), perturbations, execution=execution, **options)


def test_verdicts_and_scores_follow_direct_reversals():
    result = screen(TOY, "D=1,E=0", "D=1,E=1", depth=2)
    frame = result.to_frame()
    row = frame.set_index("perturbation")
    assert row.loc["", "verdict"] == "kept" and row.loc["A=0", "verdict"] == "lost"
    assert row.loc["A=0;C=0", "verdict"] == "kept"  # a double knockout restores it: no pruning
    for p in ("", "A=0", "B=0;C=0"):
        res = reversal(TOY, "D=1,E=0", f"D=1,E=1;{p}").combined
        expected = sum(a.values["O"] == 0 for a in res) / len(res)
        assert row.loc[p, "score"] == pytest.approx(expected)
    assert list(frame.columns[:4]) == ["perturbation", "semantics", "variant", "O"]
    assert result.complete and result.readouts == {"O": 0} and len(result.seconds) == len(result)
    assert [dict(r) for r in result] == result.to_json() == frame.to_dict(orient="records")


def test_knockout_screen_is_a_deprecated_alias():
    with pytest.warns(DeprecationWarning, match="perturbation_screen"):
        old = ln.knockout_screen(TOY, "D=1,E=0", "D=1,E=1", depth=2)
    assert old.equals(screen(TOY, "D=1,E=0", "D=1,E=1", depth=2).to_frame())


def test_perturbation_sets_and_size_guard():
    sets = perturbation_sets(TOY, ["A", "B", "C"], kinds=("ko", "oe"), depth=2)
    assert str(sets[0]) == "" and len(sets) == 1 + 6 + 12  # pairs of distinct nodes only
    assert all(len({f.node for f in p.items}) == len(p.items) for p in sets)
    with pytest.raises(Exception, match="limit"):
        perturbation_sets(read_network("mafld"), read_network("mafld").nodes, ("ko", "oe"), depth=3)


def test_readouts_from_the_model_or_the_user():
    net = read_network("mafld")
    assert benefit_readouts(net) == {"Steatosis": 0, "HepaticIR": 0, "NFkB_liver": 0}
    assert benefit_readouts(net, "Steatosis=0,SHBG") == {"Steatosis": 0, "SHBG": 1}


def test_semantics_agreement_column():
    frame = screen(TOY, "D=1,E=0", "D=1,E=1", semantics=["async", "sync", "mp"]).to_frame()
    assert set(frame["agreement"]) <= {"agree", "differ"} and len(frame) == 3 * 5


def test_background_applies_to_baseline_and_treatment():
    net = read_network("gutliver").evolve(metadata={"readouts": {"Steatosis": 0, "NFkB": 0}})
    plain = screen(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", nodes=["AMPK"])
    frozen = screen(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", nodes=["AMPK"], background="freeze:gut")
    assert plain[0]["perturbation"] == "" and plain[0]["verdict"] == "kept"
    assert frozen[0]["perturbation"] == "" and frozen[0]["verdict"] == "lost"


def test_process_pool_and_dask_give_identical_rows(tmp_path):
    distributed = pytest.importorskip("distributed")
    net = read_network("mafld")
    kwargs = dict(nodes=["Irisin", "FXR", "SCFA", "Adiponectin", "AMPK_liver", "GLUT4"], depth=2)
    serial = screen(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", **kwargs)
    pooled = screen(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", execution=Execution(jobs=2), **kwargs)
    assert serial == pooled and serial.to_frame().to_csv() == pooled.to_frame().to_csv()
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        dask = screen(
            net,
            "HFD=1,Exercise=0",
            "HFD=1,Exercise=1",
            execution=Execution(executor=client.get_executor(), chunk_size=5),
            **kwargs,
        )
    assert serial == dask


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("logicnet")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "logicnet_cli.main"]


MAFLD_SCREEN = f"screen mafld {CONTRAST} --depth 2 --chunk-size 4 --nodes {','.join(read_network('mafld').nodes[2:18])}"


def _start_and_wait_for_rows(args: list[str], out: Path) -> subprocess.Popen:
    """Start a screen writing ``out`` and return once its checkpoint holds a row."""
    proc = subprocess.Popen([*_cli(), *args, "-o", str(out)], stderr=subprocess.DEVNULL)
    sidecar = Path(f"{out}.partial.jsonl")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not sidecar.exists() or len(sidecar.read_text().splitlines()) < 2):
        time.sleep(0.01)  # the header, then the first of ~35 chunks
    return proc


def _rows(sidecar: Path) -> int:
    return len(sidecar.read_text().splitlines()) - 1  # the header first


def test_kill_and_resume_gives_the_uninterrupted_result(tmp_path):
    args = f"{MAFLD_SCREEN} --jobs 1".split()
    whole = tmp_path / "whole.csv"
    subprocess.run([*_cli(), *args, "-o", str(whole)], check=True, capture_output=True)
    cut = tmp_path / "cut.csv"
    proc = _start_and_wait_for_rows(args, cut)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    sidecar = Path(f"{cut}.partial.jsonl")
    assert not cut.exists() and sidecar.exists()
    again = subprocess.run([*_cli(), *args, "-o", str(cut)], capture_output=True, text=True)
    assert again.returncode == 1 and "--resume" in again.stderr  # never silently restarts
    done_before = _rows(sidecar)
    subprocess.run([*_cli(), *args, "-o", str(cut), "--resume"], check=True, capture_output=True)
    assert cut.read_bytes() == whole.read_bytes() and not sidecar.exists()
    assert 0 < done_before < len(pd.read_csv(whole))


def _children(pid: int) -> list[int]:
    """Every process below ``pid``: the command's bounded child and its pool workers."""
    listed = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True).stdout
    children = [int(p) for p in listed.split()]
    return [d for c in children for d in (c, *_children(c))]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split()[2] == "Z")  # a zombie has ended


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["int", "term", "kill"])
def test_a_stopped_parallel_screen_keeps_its_rows_and_leaves_no_worker(tmp_path, how):
    args = f"{MAFLD_SCREEN} --jobs 2".split()
    out = tmp_path / "s.csv"
    proc = _start_and_wait_for_rows(args, out)
    workers = _children(proc.pid)
    assert len(workers) >= 3  # the bounded child and its two workers
    stopped = time.monotonic()
    proc.send_signal(how)
    proc.wait(timeout=20)
    assert time.monotonic() - stopped < 10
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.1)
    assert not any(map(_alive, workers))  # killed, the parent cannot end them: they watch it
    sidecar = Path(f"{out}.partial.jsonl")
    assert _rows(sidecar) >= 1
    subprocess.run([*_cli(), *args, "-o", str(out), "--resume"], check=True, capture_output=True)
    assert len(pd.read_csv(out)) == 1 + 16 + 16 * 15 // 2 and not sidecar.exists()


def test_organ_necessity_matches_direct_freezes():
    net = read_network("gutliver").evolve(metadata={"readouts": {"Steatosis": 0}})
    frame = ln.organ_necessity(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1").to_frame()
    assert list(frame["label"]) == ["(none)", "gut", "liver", "gut+liver"]
    for label, organs in (("gut", ["gut"]), ("liver", ["liver"])):
        res = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1;" + ";".join(f"freeze:{o}" for o in organs))
        verdict = frame.set_index("label").loc[label, "verdict"]
        assert verdict == (
            "kept"
            if all(a.values["Steatosis"] == 0 for a in res.combined)
            else "lost"
            if all(a.values["Steatosis"] == 1 for a in res.combined)
            else "partial"
        )
    assert set(frame["variants_agree"]) == {"1/1"}


def test_organs_and_screen_cli_contract(tmp_path):
    import json

    from click.testing import CliRunner

    from logicnet_cli.main import cli

    r = CliRunner().invoke(
        cli,
        f"organs mafld --variant default,V1 --jobs 1 --format json --figure {tmp_path / 'o.png'}".split(),
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert all({"organs", "verdict", "score", "variant"} <= set(x) for x in rows)
    assert (tmp_path / "o.png").stat().st_size > 1000
    out = tmp_path / "s.csv"
    r = CliRunner().invoke(
        cli,
        f"screen mafld {CONTRAST} --organ islet --kinds ko,oe --jobs 1 -o {out}".split(),
    )
    assert r.exit_code == 0, r.output
    frame = pd.read_csv(out, keep_default_na=False)
    assert {"perturbation", "verdict", "score", "Steatosis"} <= set(frame.columns)
    assert list(frame["perturbation"]) == [
        "",
        "InsulinSecretion=0",
        "InsulinSecretion=1",
        "BetaCellStress=0",
        "BetaCellStress=1",
    ]


def test_a_finished_screen_is_kept_until_its_results_are_written(tmp_path):
    """The checkpoint outlives a failure to write the report, so --resume recovers the rows."""
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    out, blocked = tmp_path / "s.csv", tmp_path / "file"
    blocked.write_text("not a folder")
    args = f"screen gutliver {CONTRAST} --nodes SCFA,TLR4 --readouts Steatosis=0 --jobs 1 -o {out}".split()
    failed = CliRunner().invoke(cli, [*args, "--report", str(blocked / "report")])
    assert failed.exit_code == 1 and not out.exists()
    sidecar = Path(f"{out}.partial.jsonl")
    assert len(sidecar.read_text().splitlines()) == 1 + 3  # the header and every row survived
    resumed = CliRunner().invoke(cli, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert list(pd.read_csv(out, keep_default_na=False)["perturbation"]) == ["", "SCFA=0", "TLR4=0"]
    assert not sidecar.exists()


def test_readout_axes_are_judged_on_their_own():
    """Freezing muscle keeps the core benefit but loses glycaemia and insulin (issue 11):
    each axis's verdict is the verdict of its readouts on the same reachable attractors."""
    from logicnet.experiments.contrast import readout_axes
    from logicnet.experiments.evaluate import judge

    net = read_network("mafld")
    axes = readout_axes(net)
    assert {"hepatic_lipid", "glycaemia_insulin", "energy_balance"} <= set(axes)
    screen = ln.perturbation_screen(net, ("HFD=1,Exercise=0", "HFD=1,Exercise=1"), ["freeze:muscle", "freeze:CNS"])
    assert screen.axes == axes
    for row in screen:
        reached = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1;" + row["perturbation"]).combined
        for name, readouts in axes.items():
            verdict, score = judge(reached, readouts)
            assert row["axes"][name] == {"verdict": verdict, "score": score}
    muscle = screen[0]
    assert muscle["verdict"] == "kept" and muscle["axes"]["glycaemia_insulin"]["verdict"] == "lost"
    frame = screen.to_frame()
    assert list(frame.columns[-len(axes) :]) == [f"axis:{a}" for a in axes]
    none = ln.perturbation_screen(net, ("HFD=1,Exercise=0", "HFD=1,Exercise=1"), ["freeze:muscle"], axes="none")
    assert "axes" not in none.columns and not none.axes
    with pytest.raises(ln.UnknownNodeError, match="readout axis"):
        readout_axes(net, "hepatic_lipd")


def test_organs_json_rows_carry_their_axes():
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    r = CliRunner().invoke(cli, ["organs", "mafld", "--variant", "default", "--jobs", "1", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert all({"organs", "verdict", "score", "variant", "axes"} <= set(row) for row in rows)
    assert all(set(a) == {"verdict", "score"} for row in rows for a in row["axes"].values())
    core = CliRunner().invoke(
        cli, ["organs", "mafld", "--variant", "default", "--jobs", "1", "--axes", "core", "--format", "json"]
    )
    assert {tuple(row["axes"]) for row in json.loads(core.output)} == {("core",)}


def test_hysteresis_flags_verdicts_that_depend_on_the_start():
    """Adiponectin knocked out: the disease state stays diseased, the lean state stays lean
    (issue 11). The lean verdict is a direct reversal from the lean condition's attractors,
    with organ freezes held at their values in the disease attractor."""
    from logicnet.experiments.evaluate import judge

    net = read_network("mafld")
    contrast = ("HFD=1,Exercise=0", "HFD=1,Exercise=1")
    screen = ln.perturbation_screen(net, contrast, ["", "Adiponectin=0", "freeze:CNS"], lean="HFD=0,Exercise=0")
    rows = {r["perturbation"]: r for r in screen}
    assert rows[""]["hysteresis"] is False
    assert (rows["Adiponectin=0"]["verdict"], rows["Adiponectin=0"]["lean_verdict"]) == ("lost", "kept")
    (disease,) = ln.experiments.source_attractors(net, "HFD=1,Exercise=0")
    frozen = ln.Perturbation.of("HFD=1,Exercise=1", "freeze:CNS").fixed_values(net, reference=disease.values)
    direct = reversal(net, "HFD=0,Exercise=0", frozen).combined
    assert rows["freeze:CNS"]["lean_verdict"] == judge(direct, screen.readouts)[0]
    assert rows["freeze:CNS"]["hysteresis"] == (rows["freeze:CNS"]["lean_verdict"] != rows["freeze:CNS"]["verdict"])
    organs = ln.organ_necessity(net, *contrast, variants="default", lean="HFD=0,Exercise=0")
    assert all(isinstance(r["hysteresis"], bool) for r in organs)
