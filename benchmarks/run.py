"""One entry point for logicnet's benchmarks: logicnet and its peers on the same models, in one run.

usage: python benchmarks/run.py --suite SUITE [options] [-- options of the delegated script]

suites
  bbm      in-process times on the BBM models: fixed points, trap spaces, asynchronous and
           synchronous attractors against aeon, mpbn, pyboolnet, biobalm, R BoolNet
           (benchmarks/peers.py; its options after --)
  whole    whole-process times (what a user waits for at the prompt) on the heavy BBM models:
           `logicnet fixed-points M` / `logicnet attractors M -s async` against a fresh Python
           process of each peer running the script its user writes (imports, reading the
           file and printing every answer included)
  random   asynchronous attractors on ../shared/random-benchmark (N-K, nested canalyzing and
           dense networks) against biobalm, whole process: `logicnet attractors M --seeds`
           (one state per attractor, as biobalm's seeds), counts checked against the
           published ones
  screen   the MAFLD depth-2 screen against the aeon, biobalm and mpbn loops (benchmarks/screen_bench.py)
  control  control against aeon and biobalm (benchmarks/control_bench.py)
  startup  `logicnet --version` and the peers' bare imports (and bare Python, and click's import)

Every run prints finished counts, medians, per-model ratios (logicnet / fastest peer), peak
memory (maximum resident set of the process tree, from the kernel) and disagreements, and with
--csv writes the rows, with --plot a log-log scatter of logicnet against the fastest peer.
Whole processes (whole, startup) run --repeats times each: the minimum wall and the minimum
CPU time (user + system, children included) are kept, the figures least disturbed by other
load; ratios are given for both.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from peers import print_ratios  # run as a script: benchmarks/ is on sys.path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
DELEGATED = {"bbm": "peers.py", "screen": "screen_bench.py", "control": "control_bench.py"}
PEERS = {"fixed-points": ["aeon", "mpbn"], "async": ["aeon", "biobalm"]}


def logicnet_command() -> list[str]:
    exe = Path(sys.executable).with_name("logicnet")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "logicnet_cli.main"]


def compile_logicnet() -> None:
    """Write logicnet's bytecode, as installing it does: a checkout run with
    PYTHONDONTWRITEBYTECODE would compile every module at every start (the peers, installed,
    have theirs)."""
    import logicnet
    import logicnet_cli

    for package in (logicnet, logicnet_cli):
        for folder in package.__path__:
            compileall.compile_dir(folder, quiet=2)


def measure(cmd: list[str], timeout: float) -> dict:
    """Run ``cmd`` as its own process group: wall seconds, CPU seconds (user + system of
    the process and the children it waited for), peak memory (MiB: the largest resident set
    among them, as the kernel accounts it), exit status and standard output; killed with its
    children at ``timeout``."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        status = "timeout"
        while time.perf_counter() - start < timeout:
            pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = "ok" if code == 0 else f"exit {os.waitstatus_to_exitcode(code)}"
                break
            time.sleep(0.01)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = 0  # reaped above: Popen must not wait for it again
        out.seek(0)
        peak = round(usage.ru_maxrss / 1024, 1)
        cpu = usage.ru_utime + usage.ru_stime
        return {"status": status, "seconds": seconds, "cpu": cpu, "peak_mib": peak, "stdout": out.read()}


def best_of(cmd: list[str], timeout: float, repeats: int) -> dict:
    """:func:`measure` ``repeats`` times (once when the first run does not finish): the run
    with the least wall time, with the least CPU time of all runs and the largest peak."""
    runs = [measure(cmd, timeout)]
    while runs[0]["status"] == "ok" and len(runs) < repeats:
        runs.append(measure(cmd, timeout))
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "cpu": min(r["cpu"] for r in runs), "peak_mib": max(r["peak_mib"] for r in runs)}


def _counted(result: dict, what: str, limit: int | None = None) -> dict:
    """``result`` with the number of answers in its JSON output (a command's, or a peer's
    reply); an answer that says it is incomplete (a time limit) has not finished, unless it
    lists the ``limit`` answers every tool was asked for (the job was the first ``limit``)."""
    try:
        data = json.loads(result["stdout"]) if result["status"] == "ok" else {}
    except json.JSONDecodeError:
        data = {}
    count = data["count"] if "count" in data else len(data[what]) if what in data else None
    result = {k: v for k, v in result.items() if k != "stdout"}  # counted: the rows keep no answers
    if "error" in data or (data.get("complete") is False and (limit is None or count != limit)):
        return {**result, "status": "incomplete" if "error" not in data else "error", "count": None}
    return {**result, "count": count}


# What a user of each peer writes to answer the same question as a whole process: read the
# file, compute, print every answer as JSON (logicnet prints them all too). Only the peer is
# imported (not logicnet, not tests/peers.py); deep rules run on a big stack, as its users must.
_PRELUDE = """
import json, sys, threading
path = sys.argv[1]
deep = max(map(len, open(path).read().splitlines()), default=0) >= 2000
def run(job):
    if not deep:
        return job()
    out = {}
    threading.stack_size(1 << 29)
    t = threading.Thread(target=lambda: out.update(value=job()))
    t.start(); t.join()
    return out["value"]
"""
_LIMIT = 10_000  # fixed points: every tool stops here (logicnet's --limit)
PEER_SCRIPTS = {
    ("aeon", "fixed-points"): f"""
import itertools, biodivine_aeon as ba
def job():
    net = ba.BooleanNetwork.from_file(path, repair_graph=False).remove_regulation_constraints()
    states = ba.FixedPoints.symbolic(ba.AsynchronousGraph(net)).vertices().items()
    return [{{k: int(v) for k, v in s.to_named_dict().items()}} for s in itertools.islice(states, {_LIMIT + 1})]
found = run(job)
json.dump({{"complete": len(found) <= {_LIMIT}, "fixed_points": found[:{_LIMIT}]}}, sys.stdout)
""",
    # mpbn reads a regulator without a rule as constant: its users declare inputs (X, X)
    ("mpbn", "fixed-points"): f"""
import re, mpbn
def job():
    rules = dict(line.split(",", 1) for line in open(path).read().splitlines()[1:] if line.strip())
    rules = {{t.strip(): f.strip() for t, f in rules.items()}}
    used = {{n for f in rules.values() for n in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", f)}}
    rules.update({{n: n for n in used - set(rules)}})
    return list(mpbn.MPBooleanNetwork(rules).fixedpoints(limit={_LIMIT + 1}))
found = run(job)
json.dump({{"complete": len(found) <= {_LIMIT}, "fixed_points": found[:{_LIMIT}]}}, sys.stdout)
""",
    # an input without a rule is a parameter to aeon: each set found holds one attractor per
    # colour (input valuation), so the count is the sum of the sets' colours
    ("aeon", "async"): """
import biodivine_aeon as ba
def job():
    net = ba.BooleanNetwork.from_file(path, repair_graph=False).remove_regulation_constraints()
    found = []
    for a in ba.Attractors.attractors(ba.AsynchronousGraph(net)):
        states = a.vertices()
        space = states.enclosing_named_subspace() or {}
        found.append({"size": int(states.cardinality()), "colors": int(a.colors().cardinality()),
                      "values": {k: int(v) for k, v in space.items()}})
    return found
found = run(job)
json.dump({"attractors": found, "count": sum(a["colors"] for a in found)}, sys.stdout)
""",
    ("biobalm", "async"): """
from biobalm import SuccessionDiagram
def job():
    diagram = SuccessionDiagram.from_file(path)
    diagram.build()
    return [s for seeds in diagram.expanded_attractor_seeds().values() for s in seeds]
json.dump({"attractors": run(job)}, sys.stdout)
""",
}


def peer_command(tool: str, figure: str, model: Path) -> list[str]:
    """A peer's whole process: its own script where there is one (``whole``), else the
    benchmark's adapter (``_tools.py --once``, which also imports logicnet to read the model)."""
    script = PEER_SCRIPTS.get((tool, figure))
    if script is not None:
        return [sys.executable, "-c", _PRELUDE + script, str(model)]
    return [sys.executable, str(HERE / "_tools.py"), "--once", tool, figure, str(model)]


def whole(args: argparse.Namespace) -> list[dict]:
    """Whole-process fixed points and asynchronous attractors on the heavy BBM models."""
    bbm = Path(args.bbm)
    heavy = [m for m in sorted(bbm.glob("bbm-*.json")) if json.loads(m.read_text())["variables"] >= args.min_vars]
    models = [bbm / f"{m.stem}.bnet" for m in heavy][: args.limit]
    rows = []
    for figure in args.figures.split(","):
        # what a user types: no --timeout (the peers' scripts have none either; both are
        # stopped at the same limit from outside)
        ours = (
            [*logicnet_command(), "fixed-points", "--limit", str(_LIMIT)]
            if figure == "fixed-points"
            else [*logicnet_command(), "attractors", "-s", "async"]
        )
        what, limit = ("fixed_points", _LIMIT) if figure == "fixed-points" else ("attractors", None)
        for i, model in enumerate(models, 1):
            row = {"suite": "whole", "figure": figure, "model": model.stem}
            r = best_of([*ours, str(model), "--format", "json"], args.timeout, args.repeats)
            row["logicnet"] = _counted(r, what, limit)
            for tool in PEERS[figure]:
                theirs = best_of(peer_command(tool, figure, model), args.timeout, args.repeats)
                row[tool] = _counted(theirs, what, limit)
            rows.append(row)
            print(f"\r{figure}: {i}/{len(models)} {model.stem}   ", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    return rows


def random_suite(args: argparse.Namespace) -> list[dict]:
    """Asynchronous attractors of the random networks: logicnet and biobalm, whole process."""
    root = Path(args.random)
    published: dict[str, int] = {}
    for table in (root / "published-results").glob("attractors-*.tsv"):
        with open(table) as fh:
            for rec in csv.DictReader(fh, delimiter="\t"):
                if rec.get("attractors", "").isdigit():
                    published[rec["model"]] = int(rec["attractors"])
    rows = []
    for family in args.families.split(","):
        files = sorted((root / family).glob("*.bnet"))
        if args.sizes and family != "dense":
            files = [f for f in files if f.stem.split("_")[0].lstrip("n") in args.sizes.split(",")]
        for i, model in enumerate(files[: args.limit], 1):
            key = f"{family}-{model.stem}"
            row = {"suite": "random", "figure": "async", "model": key, "published": published.get(key)}
            cmd = [*logicnet_command(), "attractors", str(model), "--seeds", "--format", "json"]
            r = measure([*cmd, "--timeout", str(args.timeout)], args.timeout + 5)
            row["logicnet"] = _counted(r, "seeds")
            row["biobalm"] = _counted(measure(peer_command("biobalm", "async", model), args.timeout), "attractors")
            rows.append(row)
            print(f"\r{family}: {i}/{len(files[: args.limit])} {model.stem}   ", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    return rows


def startup(args: argparse.Namespace) -> list[dict]:
    """`logicnet --version` and the peers' bare imports, the best of --repeats starts; bare
    Python and click's import are shown for reference (not peers)."""
    commands = {
        "logicnet": [*logicnet_command(), "--version"],
        "aeon": [sys.executable, "-c", "import biodivine_aeon"],
        "mpbn": [sys.executable, "-c", "import mpbn"],
        "biobalm": [sys.executable, "-c", "import biobalm"],
    }
    references = {"python": [sys.executable, "-c", "pass"], "click": [sys.executable, "-c", "import click"]}
    row: dict = {"suite": "startup", "figure": "start-up", "model": "-"}
    for tool, cmd in commands.items():
        row[tool] = best_of(cmd, 60, args.repeats)
    for name, cmd in references.items():
        r = best_of(cmd, 60, args.repeats)
        print(f"  reference: {name:<7} wall {r['seconds'] * 1000:6.1f} ms  cpu {r['cpu'] * 1000:6.1f} ms")
    return [row]


def report(rows: list[dict]) -> None:
    """Finished counts and medians per tool, ratios against the fastest peer, disagreements."""
    for figure in dict.fromkeys(r["figure"] for r in rows):
        sub = [r for r in rows if r["figure"] == figure]
        tools = [t for t in sub[0] if isinstance(sub[0][t], dict)]
        print(f"\n== {sub[0]['suite']} / {figure}: {len(sub)} model(s) ==")
        for t in tools:
            done = [r[t] for r in sub if r[t]["status"] == "ok"]
            times = [d["seconds"] for d in done]
            cpus = [d["cpu"] for d in done if d.get("cpu") is not None]
            peak = max((d.get("peak_mib") or 0 for d in done), default=0)
            med = f"median {statistics.median(times):8.3f} s" if times else "median        - "
            cpu = f"cpu {statistics.median(cpus):8.3f} s" if cpus else "cpu        - "
            print(f"  {t:<9} finished {len(done):>3}/{len(sub)}  {med}  {cpu}  peak {peak:7.0f} MiB")
        ratios, cpu_ratios, missed, disagree = [], [], [], []
        for r in sub:
            peers = [t for t in tools if t != "logicnet" and r[t]["status"] == "ok"]
            if r["logicnet"]["status"] != "ok":
                missed += [r["model"]] if peers else []
                continue
            if peers:
                best = min(r[p]["seconds"] for p in peers)
                ratios.append((r["logicnet"]["seconds"] / max(best, 1e-6), r["model"]))
                if all(r[t].get("cpu") is not None for t in ("logicnet", *peers)):
                    least = min(r[p]["cpu"] for p in peers)
                    cpu_ratios.append((r["logicnet"]["cpu"] / max(least, 1e-6), r["model"]))
            counts = {p: r[p].get("count") for p in peers if r[p].get("count") is not None}
            if r.get("published") is not None:
                counts["published"] = r["published"]
            ours = r["logicnet"].get("count")
            if ours is not None:
                disagree += [f"{r['model']}:{p}({c} vs {ours})" for p, c in counts.items() if c != ours]
        print_ratios(ratios)
        if cpu_ratios:
            print("  (cpu)", end="")
            print_ratios(cpu_ratios)
        print(f"  a peer finished, logicnet did not: {', '.join(missed) or 'none'}")
        print(f"  count disagreements: {', '.join(disagree) or 'none'}")


def write_csv(rows: list[dict], path: str) -> None:
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["suite", "figure", "model", "tool", "status", "seconds", "cpu", "peak_mib", "count", "published"])
        for r in rows:
            for t, d in r.items():
                if isinstance(d, dict):
                    w.writerow(
                        [r["suite"], r["figure"], r["model"], t, d["status"], d.get("seconds"), d.get("cpu"),
                         d.get("peak_mib"), d.get("count"), r.get("published")]
                    )  # fmt: skip


def plot(rows: list[dict], path: str) -> None:
    """logicnet's time against the fastest peer's, per model (log-log; below the diagonal:
    logicnet faster); a run that did not finish sits at the time limit."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5, 5), layout="constrained")
    ax = fig.add_subplot()
    for figure in dict.fromkeys(r["figure"] for r in rows):
        xs, ys = [], []
        for r in (r for r in rows if r["figure"] == figure):
            peers = [d["seconds"] for t, d in r.items() if isinstance(d, dict) and t != "logicnet"]
            if peers and r["logicnet"]["seconds"]:
                xs.append(min(peers))
                ys.append(r["logicnet"]["seconds"])
        ax.scatter(xs, ys, s=12, label=figure)
    ax.set_xscale("log")
    ax.set_yscale("log")
    lo, hi = ax.get_xlim()
    ax.plot([lo, hi], [lo, hi], color="grey", linewidth=0.8)
    ax.set_xlabel("fastest peer (s)")
    ax.set_ylabel("logicnet (s)")
    ax.legend(fontsize=8)
    fig.savefig(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", required=True, choices=["bbm", "whole", "random", "screen", "control", "startup"])
    ap.add_argument("--bbm", default=str(SHARED / "bbm"))
    ap.add_argument("--random", default=str(SHARED / "random-benchmark"))
    ap.add_argument("--timeout", type=float, default=60, help="seconds per tool and model")
    ap.add_argument("--min-vars", type=int, default=60, help="whole: the heavy BBM models have this many variables")
    ap.add_argument("--figures", default="fixed-points,async", help="whole: fixed-points and/or async")
    ap.add_argument("--families", default="nk2,nk3,ncf,dense", help="random: the families")
    ap.add_argument("--sizes", default="160,320,640", help="random: network sizes (N-K and ncf)")
    ap.add_argument("--limit", type=int, default=10, help="at most this many models per family / figure")
    ap.add_argument("--repeats", type=int, default=3, help="whole, startup: runs per tool and model (the best is kept)")
    ap.add_argument("--csv", help="write every row here")
    ap.add_argument("--plot", help="draw logicnet against the fastest peer here (PNG/SVG)")
    args, rest = ap.parse_known_args()
    if args.suite in DELEGATED:
        rest = rest[1:] if rest[:1] == ["--"] else rest
        sys.exit(subprocess.call([sys.executable, str(HERE / DELEGATED[args.suite]), *rest]))
    compile_logicnet()
    rows = {"whole": whole, "random": random_suite, "startup": startup}[args.suite](args)
    report(rows)
    if args.csv:
        write_csv(rows, args.csv)
    if args.plot:
        plot(rows, args.plot)


if __name__ == "__main__":
    main()
