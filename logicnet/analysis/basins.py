"""Basins of attraction: which initial states end in which attractor.

* Synchronous dynamics is deterministic: each state has exactly one attractor, and the
  basins partition the state space (exact when it can be enumerated).
* Asynchronous dynamics is nondeterministic: the *weak* basin of A holds the states that
  can reach A, the *strong* basin those that can reach only A. Both are exact when the
  state space can be enumerated (explicitly) or handled with BDDs (``method="symbolic"``).
* Otherwise the basins are *estimated*: random walks from uniformly drawn states, each step
  updating one uniformly chosen node (a probabilistic reading that asynchronous semantics
  itself does not make). A run ends when it enters a minimal trap space holding exactly one
  known attractor, or the attractor itself; runs that do neither within ``max_steps`` are
  reported as unresolved. Each estimate comes with a 95% Wilson confidence interval.

The states counted are those consistent with the perturbation (it acts at time zero), and
inputs not fixed by it span their values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import SizeLimitError
from ..network import BooleanNetwork
from ..perturb import Perturbation, perturb, restrict
from ..semantics import ASYNCHRONOUS, GENERAL, MOST_PERMISSIVE, SYNCHRONOUS, canonical_semantics
from .attractors import EXPLICIT_NODES, attractors
from .results import AttractorResult, subspace_key
from .trap_spaces import trap_spaces

__all__ = ["basins", "Basins"]


@dataclass(frozen=True)
class Basins:
    """Basin sizes per attractor.

    ``table`` columns: ``attractor`` (index into ``attractors``), then for exact methods
    ``states`` (synchronous) or ``weak``/``strong`` (asynchronous) counts and their
    ``fraction`` of ``total``; for estimates ``probability``, ``ci_low``, ``ci_high``.
    """

    semantics: str
    method: str
    exact: bool
    total: int | None
    attractors: AttractorResult
    table: pd.DataFrame
    samples: int | None = None
    unresolved: float | None = None
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        d = {"semantics": self.semantics, "method": self.method, "exact": self.exact,
             "total_states": self.total, "complete": self.attractors.complete,
             "attractors": [a.to_json() for a in self.attractors],
             "basins": self.table.to_dict(orient="records")}
        if self.samples is not None:
            d.update(samples=self.samples, unresolved_fraction=self.unresolved)
        if self.notes:
            d["notes"] = list(self.notes)
        return d


def basins(network: BooleanNetwork, semantics: str = ASYNCHRONOUS,
           perturbation: Perturbation | str | None = None, *, method: str = "auto",
           samples: int = 2000, max_steps: int = 10_000, seed: int = 0,
           explicit_nodes: int | None = None) -> Basins:
    """Basins of the attractors of ``network`` under ``semantics``.

    ``method``: ``"auto"`` (explicit when the space can be enumerated, else sampling),
    ``"explicit"``, ``"symbolic"`` (asynchronous only; exact weak and strong basins with
    BDDs, may be slow) or ``"sampling"``.
    """
    sem = canonical_semantics(semantics)
    if sem == MOST_PERMISSIVE:
        raise ValueError("basins are defined here for synchronous and asynchronous semantics; "
                         "use reachable_attractors for most-permissive questions")
    p = Perturbation.of(perturbation)
    net = perturb(network, p)
    space = restrict(net, p.fixed_values(network) if p else {})
    sub = space.network
    k = explicit_nodes if explicit_nodes is not None else EXPLICIT_NODES[sem]
    if method == "auto":
        method = "explicit" if len(sub) <= k else "sampling"
    if method == "explicit":
        if len(sub) > max(EXPLICIT_NODES.values()):
            raise SizeLimitError(f"{len(sub)} free nodes: too many states to enumerate; use "
                                 "method='sampling' (or 'symbolic' for asynchronous)")
        return _explicit(net, sub, space.lift, sem)
    if method == "symbolic":
        if sem != ASYNCHRONOUS:
            raise ValueError("symbolic basins are available for asynchronous semantics")
        return _symbolic(net, sub, space.lift)
    if method == "sampling":
        return _sampling(net, sub, space.lift, sem, samples, max_steps, seed)
    raise ValueError(f"unknown basin method {method!r}")


def _explicit(net, sub, lift, sem) -> Basins:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    from ._explicit import StateSpace
    from .attractors import explicit_attractors

    space = StateSpace(sub, max_nodes=max(EXPLICIT_NODES.values()))
    found = explicit_attractors(space, sem)  # engine order, as the basins below
    N = space.N
    if sem == SYNCHRONOUS:
        cycles, ending = space.sync_cycles()
        counts = np.bincount(ending, minlength=len(cycles))
        rows = [{"states": int(c)} for c in counts]
    else:
        src, dst = space.edges(sem)
        weak = []
        for scc in space.terminal_sccs(sem):
            # reversed edges plus a virtual node N pointing at every state of the attractor
            rs = np.concatenate([dst, np.full(len(scc), N, dtype=np.uint32)])
            rd = np.concatenate([src, scc.astype(np.uint32)])
            g = csr_matrix((np.ones(len(rs), dtype=np.int8), (rs, rd)), shape=(N + 1, N + 1))
            mask = np.zeros(N + 1, dtype=bool)
            mask[breadth_first_order(g, N, directed=True, return_predecessors=False)] = True
            weak.append(mask[:N])
        reach_count = np.sum(weak, axis=0)
        rows = [{"weak": int(w.sum()), "strong": int((w & (reach_count == 1)).sum())} for w in weak]
    order = sorted(range(len(found)), key=lambda i: subspace_key(found[i].values, sub.nodes))
    table = pd.DataFrame([{"attractor": k, **rows[i]} for k, i in enumerate(order)])
    for column in ("states", "weak", "strong"):
        if column in table:
            table[f"{column}_fraction" if column != "states" else "fraction"] = table[column] / N
    atts = AttractorResult(sem, True, tuple(found[i].lifted(lift) for i in order), net.nodes,
                           f"explicit state space (2^{len(sub)} states)")
    return Basins(sem, "explicit", True, N, atts, table)


def _symbolic(net, sub, lift) -> Basins:
    from ._symbolic import SymbolicAsync

    sym = SymbolicAsync(sub)
    sets = sym.attractors()
    found = [sym.attractor(att) for att in sets]
    weak = [sym.reach_bwd(a) for a in sets]
    total = int(sym.unit().vertices().cardinality())
    rows = []
    for j, w in enumerate(weak):
        others = sym.graph.mk_empty_colored_vertices()
        for k, v in enumerate(weak):
            if k != j:
                others = others.union(v)
        rows.append({"weak": int(w.vertices().cardinality()),
                     "strong": int(w.minus(others).vertices().cardinality())})
    order = sorted(range(len(found)), key=lambda i: subspace_key(found[i].values, sub.nodes))
    table = pd.DataFrame([{"attractor": k, **rows[i]} for k, i in enumerate(order)],
                         columns=["attractor", "weak", "strong"])
    table["weak_fraction"] = table["weak"] / total
    table["strong_fraction"] = table["strong"] / total
    atts = AttractorResult(ASYNCHRONOUS, True, tuple(found[i].lifted(lift) for i in order), net.nodes,
                           "symbolic (biodivine-aeon)")
    return Basins(ASYNCHRONOUS, "symbolic (biodivine-aeon)", True, total, atts, table)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for k successes in n trials."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _sampling(net, sub, lift, sem, samples, max_steps, seed) -> Basins:
    from ..compile import compile_network

    atts = attractors(sub, sem)
    nodes = sub.nodes
    n = len(nodes)
    rng = np.random.default_rng(seed)
    notes = []
    # Commit zones: a minimal trap space holding exactly one known attractor.
    zones: list[tuple[dict[int, int], int]] = []
    if sem != SYNCHRONOUS:
        for t in trap_spaces(sub).spaces:
            inside = [i for i, a in enumerate(atts)
                      if all(t[m] == "*" or a.values[m] == t[m] for m in nodes)]
            if len(inside) == 1:
                zones.append(({nodes.index(m): int(v) for m, v in t.items() if v != "*"}, inside[0]))
    listed = [(i, {tuple(int(s[m]) for m in nodes) for s in a.states}) for i, a in enumerate(atts)
              if a.states is not None]
    c = compile_network(sub)
    x = [rng.integers(0, 2, samples, dtype=np.uint8) for _ in range(n)]
    one = np.uint8(1)
    outcome = np.full(samples, -1, dtype=np.int64)
    for step in range(max_steps + 1):
        active = outcome < 0
        for values, idx in zones:
            hit = active.copy()
            for i, v in values.items():
                hit &= x[i] == v
            outcome[hit] = idx
            active &= ~hit
        if listed and active.any():
            where = np.flatnonzero(active)
            for w in where:
                state = tuple(int(x[i][w]) for i in range(n))
                for idx, states in listed:
                    if state in states:
                        outcome[w] = idx
                        break
            active = outcome < 0
        if not active.any() or step == max_steps:
            break
        f = [np.broadcast_to(fn(x, one), (samples,)) for fn in c.functions]
        if sem == SYNCHRONOUS:
            x = [np.where(active, f[i], x[i]).astype(np.uint8) for i in range(n)]
        elif sem == ASYNCHRONOUS:
            pick = rng.integers(0, n, samples)
            x = [np.where(active & (pick == i), f[i], x[i]).astype(np.uint8) for i in range(n)]
        else:
            upd = rng.integers(0, 2, (n, samples)).astype(bool)
            x = [np.where(active & upd[i], f[i], x[i]).astype(np.uint8) for i in range(n)]
    counts = np.bincount(outcome[outcome >= 0], minlength=len(atts))
    unresolved = float((outcome < 0).mean())
    rows = []
    for i in range(len(atts)):
        lo, hi = wilson(int(counts[i]), samples)
        rows.append({"attractor": i, "runs": int(counts[i]), "probability": counts[i] / samples,
                     "ci_low": lo, "ci_high": hi})
    if unresolved:
        notes.append(f"{unresolved:.1%} of runs ended in no known attractor within {max_steps} steps")
    desc = ("sampling: uniform random initial states, " +
            {SYNCHRONOUS: "synchronous steps", ASYNCHRONOUS: "one uniformly chosen node updated per step",
             GENERAL: "each node updated with probability 1/2 per step"}[sem])
    lifted = AttractorResult(atts.semantics, atts.complete, tuple(a.lifted(lift) for a in atts),
                             net.nodes, atts.method, atts.notes)
    return Basins(sem, desc, False, 2 ** n, lifted,
                  pd.DataFrame(rows, columns=["attractor", "runs", "probability", "ci_low", "ci_high"]),
                  samples=samples, unresolved=unresolved, notes=tuple(notes))
