"""Load time of every BBM model (parse + validate), and of its compiled evaluator.

usage: python benchmarks/load_times.py [BBM_DIR] [--csv OUT]
Prints per-model times for the slowest models and a summary (median, max).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from logicnet._engines.compiled import compile_network
from logicnet.io import read_network


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bbm", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "bbm"))
    ap.add_argument("--csv")
    args = ap.parse_args()
    rows = []
    files = sorted(Path(args.bbm).glob("bbm-*.bnet"))
    for i, f in enumerate(files, 1):
        t0 = time.perf_counter()
        net = read_network(f)
        t1 = time.perf_counter()
        compile_network(net)
        t2 = time.perf_counter()
        rows.append((f.name, len(net), f.stat().st_size, t1 - t0, t2 - t1))
        print(f"\r{i}/{len(files)} {f.name}", end="", file=sys.stderr)
    print(file=sys.stderr)
    loads = [r[3] for r in rows]
    comps = [r[4] for r in rows]
    print(f"{'model':<14}{'nodes':>7}{'bytes':>10}{'load s':>9}{'compile s':>11}")
    for r in sorted(rows, key=lambda r: -r[3])[:10]:
        print(f"{r[0]:<14}{r[1]:>7}{r[2]:>10}{r[3]:>9.3f}{r[4]:>11.3f}")
    print(
        f"\n{len(rows)} models: load median {statistics.median(loads) * 1000:.1f} ms, "
        f"max {max(loads):.2f} s, total {sum(loads):.1f} s; "
        f"compile median {statistics.median(comps) * 1000:.1f} ms, max {max(comps):.2f} s"
    )
    if args.csv:
        with open(args.csv, "w") as fh:
            fh.write("model,nodes,bytes,load_s,compile_s\n")
            fh.writelines(f"{r[0]},{r[1]},{r[2]},{r[3]:.4f},{r[4]:.4f}\n" for r in rows)


if __name__ == "__main__":
    main()
