"""Do timeouts hold? Every long command, as a user runs it (a whole process), with
``--timeout T`` on the hardest inputs we have: the largest and slowest BBM models, the
random-benchmark networks (N-K, nested-canalyzing, dense; 160-2,560 nodes), and generated
rules that no engine can interrupt (one OR of 50,000 terms, 10,000 nested NOTs).

For each run it records the exit status, the wall time against the promise (``T`` × 1.1 +
2 s from the start of the command) and whether the answer says it is complete; it prints
one line per run and a summary: runs, answered in time, complete, incomplete, errors (one
line), tracebacks and hangs (past the promise). Exit status 1 if anything hung or crashed.

    python benchmarks/timeouts.py --timeout 5            # ~20 minutes on 2 cores
    python benchmarks/timeouts.py --timeout 2 --quick    # a few models
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COMMANDS = [
    ["attractors", "-s", "async"],
    ["attractors", "-s", "sync"],
    ["attractors", "-s", "general"],
    ["attractors", "-s", "mp"],
    ["fixed-points"],
    ["trap-spaces"],
    ["trap-spaces", "--maximal"],
    ["basins"],
    ["basins", "--method", "symbolic"],
]
SLOW_BBM = ["bbm-001", "bbm-152", "bbm-243", "bbm-248", "bbm-079", "bbm-261", "bbm-256", "bbm-017", "bbm-175"]


def generated(folder: Path) -> list[Path]:
    """Rules no engine can interrupt: a 50,000-term OR and 10,000 nested NOTs."""
    rng = random.Random(1)
    wide = folder / "wide-or.bnet"
    terms = " | ".join(
        "(" + " & ".join(f"{rng.choice(['', '!'])}x{rng.randrange(40)}" for _ in range(3)) + ")" for _ in range(50_000)
    )
    lines = [f"x0, {terms}", *(f"x{i}, x{i - 1} | !x{(i * 7) % 40}" for i in range(1, 40))]
    wide.write_text("targets, factors\n" + "\n".join(lines) + "\n")
    deep = folder / "deep-not.bnet"
    deep.write_text("targets, factors\na, " + "!(" * 10_000 + "b" + ")" * 10_000 + "\nb, a\n")
    return [wide, deep]


def models(folder: Path, quick: bool) -> list[Path]:
    found = generated(folder)
    bbm = SHARED / "bbm"
    found += [bbm / f"{m}.bnet" for m in (SLOW_BBM[:3] if quick else SLOW_BBM) if (bbm / f"{m}.bnet").exists()]
    bench = SHARED / "random-benchmark"
    for family, pick in (("nk2", "n2560_0"), ("nk3", "n1280_0"), ("ncf", "n2560_0"), ("dense", "1")):
        path = bench / family / f"{pick}.bnet"
        if path.exists() and not (quick and family != "nk2"):
            found.append(path)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("logicnet")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "logicnet_cli.main"]
    promise = args.timeout * 1.1 + 2
    counts = dict.fromkeys(("runs", "in time", "complete", "incomplete", "errors", "tracebacks", "hangs"), 0)
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for model in models(Path(tmp), args.quick):
            for command in COMMANDS:
                start = time.monotonic()
                try:
                    done = subprocess.run(
                        [*cli, *command, str(model), "--timeout", str(args.timeout), "--format", "json"],
                        capture_output=True,
                        text=True,
                        timeout=promise + 60,
                        env={**os.environ, "PYTHONUNBUFFERED": "1"},
                    )
                    took, status, out, err = time.monotonic() - start, done.returncode, done.stdout, done.stderr
                except subprocess.TimeoutExpired:
                    took, status, out, err = time.monotonic() - start, None, "", "killed by the harness"
                counts["runs"] += 1
                worst = max(worst, took / promise)
                if took > promise:
                    counts["hangs"] += 1
                else:
                    counts["in time"] += 1
                if "Traceback" in err or status not in (0, 1, 2):
                    counts["tracebacks"] += 1
                    verdict = "CRASH"
                elif status == 0:
                    complete = json.loads(out).get("complete")
                    counts["complete" if complete else "incomplete"] += 1
                    verdict = "complete" if complete else "incomplete"
                else:
                    counts["errors"] += 1
                    verdict = "error: " + err.strip().splitlines()[-1][:90] if err.strip() else "error"
                print(f"{model.stem:>14} {' '.join(command):<30} {took:6.1f} s  {verdict}", flush=True)
    print(f"\npromise: {promise:.1f} s (--timeout {args.timeout:g}); worst run {worst:.0%} of it")
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 1 if counts["hangs"] or counts["tracebacks"] else 0


if __name__ == "__main__":
    sys.exit(main())
