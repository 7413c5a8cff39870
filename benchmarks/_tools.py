"""One figure computed by one tool on one model, timed in-process (imports, warm-up and
model loading excluded). Run by ``peers.py`` as a long-lived worker per tool:
``python _tools.py TOOL`` reads "FIGURE<TAB>MODEL" lines and prints one JSON line each
({seconds, count, digest, complete} or {error})."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import time

from logicnet._engines.stack import in_big_stack

LIMIT = 10_000  # fixed points / trap spaces: every tool stops here


def digest(items) -> str:
    return hashlib.sha256("\n".join(sorted(map(str, items))).encode()).hexdigest()[:16]


def names_of(text: str) -> list[str]:
    return [line.split(",")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("targets")]


# -- logicnet --------------------------------------------------------------------------
def logicnet(figure: str, text: str):
    from logicnet.io import parse_network

    net = parse_network(text, "bnet")
    start = time.perf_counter()
    if figure == "fixed-points":
        from logicnet.analysis.fixed_points import fixed_points

        r = fixed_points(net, limit=LIMIT)
        items = [tuple(s[n] for n in sorted(net.nodes)) for s in r]
        complete = r.complete
    elif figure == "trap-spaces":
        from logicnet.analysis.trap_spaces import trap_spaces

        r = trap_spaces(net, limit=LIMIT)
        items = [tuple(s[n] for n in sorted(net.nodes)) for s in r]
        complete = r.complete
    else:
        from logicnet.analysis.attractors import attractors

        r = attractors(net, "async" if figure == "async" else "sync")
        items = [(a.size, tuple(a.values[n] for n in sorted(net.nodes))) for a in r]
        complete = r.complete
    return time.perf_counter() - start, items, complete


# -- peers ---------------------------------------------------------------------------------
def aeon(figure: str, text: str):
    import biodivine_aeon as ba

    def run():
        bn = ba.BooleanNetwork.from_bnet(text, repair_graph=False).remove_regulation_constraints()
        names = sorted(bn.variable_names())
        start = time.perf_counter()
        if figure == "fixed-points":
            g = ba.AsynchronousGraph(bn)
            fp = ba.FixedPoints.symbolic(g).vertices()
            items = []
            for k, m in enumerate(fp.items()):
                if k >= LIMIT:
                    break
                d = m.to_named_dict()
                items.append(tuple(int(d[n]) for n in names))
            complete = int(fp.cardinality()) <= LIMIT
        elif figure == "trap-spaces":
            ctx = ba.SymbolicSpaceContext(bn)
            spaces = ba.TrapSpaces.minimal_symbolic(ctx, ba.AsynchronousGraph(bn, ctx)).spaces()
            items = []
            for k, s in enumerate(spaces.items()):
                if k >= LIMIT:
                    break
                d = s.to_named_dict()
                items.append(tuple("*" if d.get(n) is None else int(d[n]) for n in names))
            complete = int(spaces.cardinality()) <= LIMIT
        else:
            g = ba.AsynchronousGraph(bn)
            items = []
            for a in ba.Attractors.attractors(g):
                v = a.vertices()
                enc = v.enclosing_named_subspace() or {}
                items.append((int(v.cardinality()), tuple(int(enc[n]) if n in enc else "*" for n in names)))
            complete = True
        return time.perf_counter() - start, items, complete

    return in_big_stack(run)


def mpbn_tool(figure: str, text: str):
    import mpbn

    rules = {
        line.split(",", 1)[0].strip(): line.split(",", 1)[1].strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("targets")
    }
    mbn = mpbn.MPBooleanNetwork(rules)
    names = sorted(rules)
    start = time.perf_counter()
    if figure == "fixed-points":
        found = list(mbn.fixedpoints(limit=LIMIT + 1))
        items = [tuple(int(s[n]) for n in names) for s in found[:LIMIT]]
    else:
        found = list(mbn.attractors(limit=LIMIT + 1))
        items = [tuple(s.get(n, "*") for n in names) for s in found[:LIMIT]]
    return time.perf_counter() - start, items, len(found) <= LIMIT


def pyboolnet_tool(figure: str, text: str):
    from pyboolnet.file_exchange import bnet2primes
    from pyboolnet.trap_spaces import compute_steady_states, compute_trap_spaces

    primes = bnet2primes(text)
    names = sorted(primes)
    start = time.perf_counter()
    if figure == "fixed-points":
        found = compute_steady_states(primes, max_output=LIMIT + 1)
        items = [tuple(int(s[n]) for n in names) for s in found[:LIMIT]]
    else:
        found = compute_trap_spaces(primes, "min", max_output=LIMIT + 1)
        items = [tuple(s.get(n, "*") for n in names) for s in found[:LIMIT]]
    return time.perf_counter() - start, items, len(found) <= LIMIT


def biobalm_tool(figure: str, text: str):
    from biobalm import SuccessionDiagram

    start = time.perf_counter()
    sd = SuccessionDiagram.from_rules(text, "bnet")
    sd.build()
    count = sum(len(seeds) for seeds in sd.expanded_attractor_seeds().values())
    # biobalm gives seeds, not attractor sets: only the number of attractors is compared
    return time.perf_counter() - start, [("attractor", k) for k in range(count)], True


def boolnet_tool(figure: str, text: str):
    """R BoolNet's synchronous attractors (exhaustive up to 29 genes, else satExhaustive)."""
    names = names_of(text)
    with tempfile.NamedTemporaryFile("w", suffix=".bnet", delete=False) as fh:
        fh.write(
            "targets, factors\n"
            + "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("targets"))
            + "\n"
        )
        path = fh.name
    script = f"""
suppressMessages(library(BoolNet))
net <- loadNetwork("{path}")
n <- length(net$genes)
t0 <- proc.time()[["elapsed"]]
a <- if (n <= 29) getAttractors(net, type="synchronous") else getAttractors(net, method="sat.exhaustive")
t1 <- proc.time()[["elapsed"]]
cat(t1 - t0, "\\n")
for (i in seq_along(a$attractors)) {{
  s <- getAttractorSequence(a, i)
  v <- sapply(colnames(s), function(g) if (length(unique(s[[g]])) == 1) s[[g]][1] else "*")
  cat(nrow(s), paste(v, collapse=","), paste(colnames(s), collapse=","), "\\n")
}}
"""
    out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True).stdout.split("\n")
    seconds = float(out[0])
    items = []
    for line in out[1:]:
        if not line.strip():
            continue
        size, values, genes = line.split()
        vals = dict(zip(genes.split(","), values.split(",")))
        items.append((int(size), tuple(v if v == "*" else int(v) for v in (vals[g] for g in sorted(names)))))
    return seconds, items, True


TOOLS = {
    "logicnet": logicnet,
    "aeon": aeon,
    "mpbn": mpbn_tool,
    "pyboolnet": pyboolnet_tool,
    "biobalm": biobalm_tool,
    "boolnet": boolnet_tool,
}


def serve() -> None:
    """Answer requests "FIGURE<TAB>MODEL" on stdin, one JSON line each on stdout."""
    from pathlib import Path

    from logicnet.io import generate_network, parse_network

    tool = sys.argv[1]
    out = sys.stdout
    sys.stdout = sys.stderr  # tools that print (pyboolnet's INFO lines) must not break the protocol
    warmed = set()
    for line in sys.stdin:
        figure, model = line.rstrip("\n").split("\t")
        try:
            # every tool gets the same bnet text, with inputs written "X, X"
            text = generate_network(parse_network(Path(model).read_text(), "bnet"), "bnet")
            if figure not in warmed:  # lazy imports and solver start-up are not timed
                TOOLS[tool](figure, "targets, factors\na, !b\nb, !a\nc, a & c\n")
                warmed.add(figure)
            seconds, items, complete = TOOLS[tool](figure, text)
            reply = {"seconds": seconds, "count": len(items), "digest": digest(items), "complete": complete}
        except Exception as err:
            reply = {"error": f"{type(err).__name__}: {str(err)[:100]}"}
        print(json.dumps(reply), file=out, flush=True)


if __name__ == "__main__":
    serve()
