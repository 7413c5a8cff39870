"""Node layouts for drawings: the working tree's ``logicnet/viz/layout.py`` against the one at a
git revision (default HEAD), on the BBM models and on the bundled MAFLD network.

usage: python benchmarks/layouts.py [BBM_DIR] [--baseline REV] [--small N] [--large K] [--repeat R] [--csv OUT]

Models: every BBM model with at most N nodes (default 60) plus K larger ones (default 10) spread
evenly by size up to 400 nodes, each drawn as one group, as :func:`draw_graph` does when a model
has no organs; and MAFLD with its organs as groups. Per layout and model:

- crossings: pairs of straight edges that cross (self-loops and antiparallel pairs counted once);
- overlap: the smallest distance between two nodes, with the layout scaled so that the median
  nearest-neighbour distance is 1 (1 = no pair closer than the typical spacing);
- time: wall time of one ``node_layout`` call, the fastest of R (default 3; old and new take
  turns, and lazy imports are warmed up first); a warning is printed if the R positions differ.

Prints the per-model table, medians (all, small, large) with new/old ratios and how many models
got better or worse. Run it before committing a layout change (the baseline is HEAD's file).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import networkx as nx
import numpy as np

import logicnet as ln
from logicnet.viz import layout as current

ROOT = Path(__file__).resolve().parents[1]


def baseline_module(rev: str) -> types.ModuleType:
    """``logicnet/viz/layout.py`` as it is at ``rev``, imported as a standalone module."""
    source = subprocess.run(
        ["git", "show", f"{rev}:logicnet/viz/layout.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"layout_at_{rev}")
    exec(compile(source, f"{rev}:logicnet/viz/layout.py", "exec"), module.__dict__)
    return module


def run(layout: types.ModuleType, graph: nx.DiGraph, groups: dict) -> tuple[np.ndarray, float]:
    """Positions (in graph node order) and wall time of one ``node_layout`` call."""
    start = time.perf_counter()
    pos, _ = layout.node_layout(graph, groups)
    seconds = time.perf_counter() - start
    return np.array([pos[n] for n in graph], dtype=float).reshape(-1, 2), seconds


def quality(points: np.ndarray, graph: nx.DiGraph) -> tuple[int, float]:
    """(crossings, overlap) of a drawing of ``graph`` with nodes at ``points``."""
    index = {n: i for i, n in enumerate(graph)}
    pairs = ((index[a], index[b]) for a, b in graph.edges if a != b)
    edges = sorted({(min(i, j), max(i, j)) for i, j in pairs})
    crossings = current._crossings(points, edges)
    if len(points) < 2:
        return crossings, 1.0
    gaps = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(gaps, np.inf)
    nearest = gaps.min(1)
    typical = float(np.median(nearest))
    return crossings, float(nearest.min()) / typical if typical > 0 else 0.0


def sample(bbm: Path, small: int, large: int) -> list[tuple[str, nx.DiGraph, dict]]:
    """(name, graph, groups) for the chosen BBM models, then MAFLD with its organs."""
    sized = []
    for path in sorted(bbm.glob("bbm-*.bnet")):
        graph = ln.interaction_graph(ln.read_network(path))
        sized.append((graph.number_of_nodes(), path.stem, graph))
    chosen = [(name, g) for n, name, g in sized if n <= small]
    bigger = sorted((n, name, g) for n, name, g in sized if small < n <= 400)
    if bigger and large:
        picks = sorted({round(i * (len(bigger) - 1) / max(large - 1, 1)) for i in range(large)})
        chosen += [(bigger[i][1], bigger[i][2]) for i in picks]
    models = [(name, g, {None: list(g)}) for name, g in chosen]
    net = ln.read_network("mafld")
    graph = ln.interaction_graph(net)
    # the groups as draw_graph builds them: organs sorted by name, members in graph order, then None
    organ_of = {n: organ for organ, members in net.organ_nodes().items() for n in members}
    groups: dict = {}
    for organ in sorted(set(organ_of.values())):
        groups[organ] = [n for n in graph if organ_of.get(n) == organ]
    rest = [n for n in graph if n not in organ_of]
    if rest:
        groups[None] = rest
    models.append(("mafld", graph, groups))
    return models


def summary(label: str, rows: list[dict]) -> list[str]:
    """Median lines for ``rows``: old, new, new/old, and models better/same/worse."""
    out = [f"{label} ({len(rows)} models)"]
    for key, unit, scale in (("cross", "", 1), ("overlap", "", 1), ("time", " ms", 1000)):
        old = statistics.median(r[f"{key}_old"] for r in rows) * scale
        new = statistics.median(r[f"{key}_new"] for r in rows) * scale
        ratio = f"{new / old:.2f}" if old else "n/a"
        # a larger overlap distance is better; overlaps within 1% count as the same
        sign, tie = (-1, 0.01) if key == "overlap" else (1, 0)
        better = sum(sign * (r[f"{key}_new"] - r[f"{key}_old"]) < -tie for r in rows)
        worse = sum(sign * (r[f"{key}_new"] - r[f"{key}_old"]) > tie for r in rows)
        out.append(
            f"  {key:<8} median old {old:8.2f}{unit:<3} new {new:8.2f}{unit:<3} new/old {ratio:>5}"
            f"   new better on {better}, worse on {worse}, same on {len(rows) - better - worse}"
        )
    if any(r["cross_old"] for r in rows):
        total = sum(r["cross_new"] for r in rows) / sum(r["cross_old"] for r in rows)
        out.append(f"  crossings summed over the models: new/old {total:.2f}")
    times = [r["time_new"] / r["time_old"] for r in rows if r["time_old"] > 0]
    out.append(f"  time: geometric mean of per-model new/old {statistics.geometric_mean(times):.2f}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bbm", nargs="?", default=str(ROOT.parent / "shared" / "bbm"))
    ap.add_argument("--baseline", default="HEAD", help="git revision of the old layout.py (default HEAD)")
    ap.add_argument("--small", type=int, default=60, help="every model with at most this many nodes")
    ap.add_argument("--large", type=int, default=10, help="this many models of more nodes, up to 400")
    ap.add_argument("--repeat", type=int, default=3, help="calls per layout and model; the fastest is kept")
    ap.add_argument("--csv")
    args = ap.parse_args()
    old = baseline_module(args.baseline)
    models = sample(Path(args.bbm), args.small, args.large)
    warm = models[0]
    for layout in (old, current):  # scipy and friends are imported lazily: not timed
        layout.node_layout(warm[1], warm[2])
    rows = []
    for i, (name, graph, groups) in enumerate(models, 1):
        print(f"\r{i}/{len(models)} {name}   ", end="", file=sys.stderr)
        row: dict = {"model": name, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
        layouts = (("old", old), ("new", current))
        points: dict[str, np.ndarray] = {}
        times: dict[str, list[float]] = {tag: [] for tag, _ in layouts}
        for _ in range(args.repeat):  # interleaved, so that load from other processes hits both alike
            for tag, layout in layouts:
                pos, seconds = run(layout, graph, groups)
                if tag in points and not np.array_equal(pos, points[tag]):
                    print(f"\n{name}: the {tag} layout is not deterministic", file=sys.stderr)
                points.setdefault(tag, pos)
                times[tag].append(seconds)
        for tag, _ in layouts:
            row[f"cross_{tag}"], row[f"overlap_{tag}"] = quality(points[tag], graph)
            row[f"time_{tag}"] = min(times[tag])
        rows.append(row)
    print(file=sys.stderr)
    print(f"old = logicnet/viz/layout.py at {args.baseline}, new = the working tree")
    print(
        f"{'model':<10}{'nodes':>6}{'edges':>6} | {'cross old':>9}{'new':>6} | {'overlap old':>11}{'new':>6}"
        f" | {'ms old':>8}{'new':>8}"
    )
    for r in rows:
        print(
            f"{r['model']:<10}{r['nodes']:>6}{r['edges']:>6} | {r['cross_old']:>9}{r['cross_new']:>6} | "
            f"{r['overlap_old']:>11.2f}{r['overlap_new']:>6.2f} | {r['time_old'] * 1000:>8.1f}"
            f"{r['time_new'] * 1000:>8.1f}"
        )
    bbm = [r for r in rows if r["model"] != "mafld"]
    print()
    for label, part in (
        ("BBM sample", bbm),
        (f"BBM, at most {args.small} nodes", [r for r in bbm if r["nodes"] <= args.small]),
        (f"BBM, more than {args.small} nodes", [r for r in bbm if r["nodes"] > args.small]),
    ):
        if part:
            print("\n".join(summary(label, part)))
    if args.csv:
        keys = list(rows[0])
        with open(args.csv, "w") as fh:
            fh.write(",".join(keys) + "\n")
            fh.writelines(",".join(str(r[k]) for k in keys) + "\n" for r in rows)


if __name__ == "__main__":
    main()
