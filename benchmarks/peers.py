"""logicnet and its peers on the same BBM models, in one run: times, ratios, agreement.

usage: python benchmarks/peers.py [--max-vars 45] [--timeout 60] [--figures fixed-points,trap-spaces,async,sync]
                                  [--models bbm-001,...] [--peers aeon,...] [--repeats 1] [--csv results.csv]

Each (tool, figure, model) runs in its own worker process with a timeout; times are
in-process (imports and model loading excluded). Peers per figure:
fixed points: aeon, mpbn, pyboolnet; minimal trap spaces: aeon, mpbn, pyboolnet;
asynchronous attractors: aeon, biobalm (count only); synchronous attractors: R BoolNet
(when Rscript and BoolNet are installed). Fixed points and trap spaces stop at 10,000.
Results are compared (digests of the sorted answers) and disagreements listed.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = {
    "fixed-points": ["aeon", "mpbn", "pyboolnet"],
    "trap-spaces": ["aeon", "mpbn", "pyboolnet"],
    "async": ["aeon", "biobalm"],
    "sync": ["boolnet"],
}


class Worker:
    """A long-lived ``_tools.py`` process for one tool; restarted after a timeout."""

    def __init__(self, tool: str) -> None:
        self.tool = tool
        self.proc = None
        self.warm: set = set()

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "_tools.py"), self.tool],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            start_new_session=True,
        )  # a process group: kill helpers too

    def run(self, figure: str, model: Path, timeout: float, repeats: int = 1) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
            self.warm = set()
        self.proc.stdin.write(f"{figure}\t{model}\t{repeats}\n")
        self.proc.stdin.flush()
        # The first request of a worker also imports the tool and warms it up (untimed).
        # Repeats add at most _tools.REPEAT_SECONDS (1 s).
        grace = (30 if figure not in self.warm else 2) + (repeats > 1)
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout + grace)
        if not ready:
            self.close()
            return {"status": "timeout"}
        self.warm.add(figure)
        line = self.proc.stdout.readline()
        if not line:
            self.proc = None
            return {"status": "error", "error": "worker died"}
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            return {"status": "error", "error": f"bad reply {line[:60]!r}"}
        if "error" in d:
            d["status"] = "error"
        else:
            d["status"] = "ok" if d["seconds"] <= timeout else "timeout"
        return d

    def close(self) -> None:
        """Kill the worker and whatever it started (pyboolnet's BNetToPrime, Rscript)."""
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bbm", default=str(HERE.parents[1] / "shared" / "bbm"))
    ap.add_argument("--max-vars", type=int, default=45)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--figures", default="fixed-points,trap-spaces,async,sync")
    ap.add_argument("--models", help="comma-separated model ids (default: all up to --max-vars)")
    ap.add_argument("--peers", help="comma-separated peers to run (default: every peer of each figure)")
    ap.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="runs per tool and model while they take under 1 s in all (the fastest counts)",
    )
    ap.add_argument("--csv")
    args = ap.parse_args()
    bbm = Path(args.bbm)
    if args.models:
        models = [bbm / f"{m}.bnet" for m in args.models.split(",")]
    else:
        models = [
            bbm / f"{m.stem}.bnet"
            for m in sorted(bbm.glob("bbm-*.json"))
            if json.loads(m.read_text())["variables"] <= args.max_vars
        ]
    figures = args.figures.split(",")
    have_r = shutil.which("Rscript") is not None
    rows = []
    workers: dict[str, Worker] = {}
    for fig in figures:
        tools = ["logicnet"] + [
            t for t in PEERS[fig] if (t != "boolnet" or have_r) and (not args.peers or t in args.peers.split(","))
        ]
        for i, model in enumerate(models, 1):
            row = {"figure": fig, "model": model.stem}
            for tool in tools:
                row[tool] = workers.setdefault(tool, Worker(tool)).run(fig, model, args.timeout, args.repeats)
            rows.append(row)
            print(f"\r{fig}: {i}/{len(models)} {model.stem}   ", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        report([r for r in rows if r["figure"] == fig], [fig], args)  # as soon as a figure is done
    for w in workers.values():
        w.close()


def print_ratios(ratios: list[tuple[float, str]]) -> None:
    """The line on logicnet's time over the fastest peer's: (ratio, model) per model."""
    if ratios:
        rs = sorted(x for x, _ in ratios)
        worst = max(ratios)
        print(
            f"  logicnet / fastest peer: median {statistics.median(rs):.2f}, "
            f"worst {worst[0]:.1f} ({worst[1]}), faster on {sum(x < 1 for x in rs)}/{len(rs)}"
        )


def report(rows, figures, args) -> None:
    """Print the summary of each figure and append the rows to --csv."""
    lines = []
    for fig in figures:
        sub = [r for r in rows if r["figure"] == fig]
        tools = [t for t in sub[0] if t not in ("figure", "model")] if sub else []
        peers = [t for t in tools if t != "logicnet"]
        print(f"\n== {fig}: {len(sub)} models, timeout {args.timeout:g} s ==")
        for t in tools:
            times = [r[t]["seconds"] for r in sub if r[t]["status"] == "ok"]
            med = statistics.median(times) if times else float("nan")
            print(
                f"  {t:<10} finished {len(times):>3}/{len(sub)}  median {med * 1000:9.1f} ms  "
                f"max {max(times) if times else float('nan'):8.3f} s"
            )
        ratios, missed, disagree = [], [], []
        for r in sub:
            ok_peers = [p for p in peers if r[p]["status"] == "ok"]
            ours = r["logicnet"]
            if ours["status"] != "ok":
                if ok_peers:
                    missed.append(r["model"])
                continue
            if ok_peers:
                best = min(r[p]["seconds"] for p in ok_peers)
                ratios.append((ours["seconds"] / max(best, 1e-6), r["model"]))
            for p in ok_peers:
                if p == "biobalm":
                    continue
                same_claim = ours.get("complete") and r[p].get("complete")
                if same_claim and r[p]["digest"] != ours["digest"]:
                    disagree.append(f"{r['model']}:{p}")
            if "biobalm" in ok_peers and ours.get("complete") and ours["count"] != r["biobalm"]["count"]:
                disagree.append(f"{r['model']}:biobalm(count)")
        print_ratios(ratios)
        print(f"  peers finished but logicnet did not: {', '.join(missed) or 'none'}")
        print(f"  disagreements: {', '.join(disagree) or 'none'}")
        lines.extend(sub)
    if args.csv:
        import csv

        new = not Path(args.csv).exists()
        with open(args.csv, "a", newline="") as fh:
            w = csv.writer(fh)
            if new:
                w.writerow(["figure", "model", "tool", "status", "seconds", "count", "digest", "complete"])
            for r in lines:
                for t, d in r.items():
                    if t in ("figure", "model"):
                        continue
                    w.writerow(
                        [
                            r["figure"],
                            r["model"],
                            t,
                            d["status"],
                            d.get("seconds"),
                            d.get("count"),
                            d.get("digest"),
                            d.get("complete"),
                        ]
                    )


if __name__ == "__main__":
    main()
