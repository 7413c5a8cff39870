"""One figure computed by one tool on one model, timed in-process (imports, warm-up and
model loading excluded). Run by ``peers.py`` as a long-lived worker per tool:
``python _tools.py TOOL`` reads "FIGURE<TAB>MODEL<TAB>REPEATS" lines and prints one JSON line each
({seconds, count, digest, complete} or {error}). ``python _tools.py --once TOOL FIGURE
MODEL`` answers one request and exits: what a user of the peer's Python API waits for as a
whole process (``run.py --suite whole`` times it from outside). The peers are asked through the test
suite's adapters (tests/peers.py), so the tests and the benchmark check the same calls.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

# Run as a script, Python puts benchmarks/ on sys.path, not the repository root that holds
# tests/; and first, since pyboolnet and mpbn install a top-level package named "tests" too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import peers

LIMIT = 10_000  # fixed points / trap spaces: every tool stops here
WARM_UP = "targets, factors\na, !b\nb, !a\nc, a & c\n"


def digest(items) -> str:
    return hashlib.sha256("\n".join(sorted(map(str, items))).encode()).hexdigest()[:16]


def logicnet(figure: str, text: str, order: list[str]) -> tuple[float, list, bool]:
    from logicnet.io import parse_network

    net = parse_network(text, "bnet")
    start = time.perf_counter()
    if figure == "fixed-points":
        from logicnet.analysis.fixed_points import fixed_points

        r = fixed_points(net, limit=LIMIT)
        items = peers.listed(r, order)
    elif figure == "trap-spaces":
        from logicnet.analysis.trap_spaces import trap_spaces

        r = trap_spaces(net, limit=LIMIT)
        items = peers.listed(r, order)
    else:
        from logicnet.analysis.attractors import attractors

        r = attractors(net, "async" if figure == "async" else "sync")
        items = [(a.size, tuple(a.values[n] for n in order)) for a in r]
    return time.perf_counter() - start, items, r.complete


def peer(tool: str, figure: str, text: str, order: list[str]) -> tuple[float, list, bool]:
    model = peers.PEERS[tool].load(text, order)
    start = time.perf_counter()
    if figure == "fixed-points":
        items, complete = model.fixed_points(LIMIT)
    elif figure == "trap-spaces":
        items, complete = model.minimal_trap_spaces(LIMIT)
    elif figure == "sync":
        items, complete = model.sync_attractors(), True
    elif tool == "biobalm":
        # a count only: its digest is not compared (peers.py compares the count)
        items, complete = [("attractor", k) for k in range(model.async_attractor_count())], True
    else:
        items, complete = model.async_attractors(), True
    seconds = time.perf_counter() - start
    return (seconds if model.seconds is None else model.seconds), items, complete


def run(tool: str, figure: str, text: str) -> tuple[float, list, bool]:
    # every tool lists values over the same node order, so the digests compare
    order = sorted(peers.rules(text))
    if tool == "logicnet":
        return logicnet(figure, text, order)
    return peer(tool, figure, text, order)


REPEAT_SECONDS = 1.0  # repeats stop once this much time has been spent on one request


def answer(tool: str, figure: str, model: str, warmed: set[str], repeats: int = 1) -> dict:
    """One request's JSON reply; ``warmed``: the figures already warmed up (not timed).
    With ``repeats`` > 1 the call runs again (fresh model objects each time) while the runs
    so far took under ``REPEAT_SECONDS``, and the fastest run counts: fast calls are timed
    at the resolution of a few runs, slow ones once."""
    from logicnet.io import generate_network, parse_network

    try:
        # every tool gets the same bnet text, with inputs written "X, X"
        text = generate_network(parse_network(Path(model).read_text(), "bnet"), "bnet")
        if figure not in warmed:  # lazy imports and solver start-up are not timed
            run(tool, figure, WARM_UP)
            warmed.add(figure)
        seconds, items, complete = run(tool, figure, text)
        spent, runs = seconds, 1
        while runs < repeats and spent < REPEAT_SECONDS:
            again = run(tool, figure, text)[0]
            seconds, spent, runs = min(seconds, again), spent + again, runs + 1
        return {"seconds": seconds, "count": len(items), "digest": digest(items), "complete": complete}
    except Exception as err:
        return {"error": f"{type(err).__name__}: {str(err)[:100]}"}


def serve() -> None:
    """Answer requests "FIGURE<TAB>MODEL<TAB>REPEATS" on stdin, one JSON line each on stdout."""
    tool = sys.argv[1]
    out = sys.stdout
    sys.stdout = sys.stderr  # tools that print (pyboolnet's INFO lines) must not break the protocol
    warmed: set[str] = set()
    for line in sys.stdin:
        figure, model, repeats = line.rstrip("\n").split("\t")
        print(json.dumps(answer(tool, figure, model, warmed, int(repeats))), file=out, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--once":  # no warm-up: the whole process is what is timed
        out, sys.stdout = sys.stdout, sys.stderr
        tool, figure, model = sys.argv[2:5]
        print(json.dumps(answer(tool, figure, model, {figure})), file=out, flush=True)
    else:
        serve()
