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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .._engines.explicit import StateSpace
from ..errors import ArgumentError, SearchTimeout, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import Perturbation, PerturbationLike, perturb, restrict
from ..results import Attractor, Attractors, Rows
from ..semantics import ASYNCHRONOUS, GENERAL, MOST_PERMISSIVE, SYNCHRONOUS, canonical_semantics
from ..types import subspace_key
from . import BASIN_METHODS
from .attractors import attractors
from .trap_spaces import trap_spaces

__all__ = ["basins", "Basins", "wilson"]


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Basins(Rows):
    """Basin sizes, one row (item) per attractor of ``attractors``.

    Row fields: ``attractor`` (index into ``attractors``), then for exact methods
    ``states`` (synchronous) or ``weak``/``strong`` (asynchronous) counts and their
    fractions of ``total``; for estimates ``runs``, ``probability``, ``ci_low``, ``ci_high``.
    ``complete``: every attractor was found; ``exact``: the sizes are counted, not
    estimated by sampling.
    """

    noun = "basin"
    attractors: Attractors
    semantics: str
    exact: bool
    total: int
    samples: int | None = None
    unresolved: float | None = None

    def to_json(self) -> dict[str, Any]:
        d = {
            "semantics": self.semantics,
            **self._header(),
            "exact": self.exact,
            "total_states": self.total,
            "attractors": [a.to_json() for a in self.attractors],
            "basins": [dict(r) for r in self],
        }
        if self.samples is not None:
            d.update(samples=self.samples, unresolved_fraction=self.unresolved)
        return d


def basins(
    network: BooleanNetwork,
    semantics: str = ASYNCHRONOUS,
    perturbation: PerturbationLike = None,
    *,
    method: str = "auto",
    samples: int = 2000,
    max_steps: int = 10_000,
    seed: int = 0,
    limits: Limits | None = None,
    timeout: float | None = None,
) -> Basins:
    """Basins of the attractors of ``network`` under ``semantics``.

    ``method``: ``"auto"`` (explicit when the space can be enumerated, else sampling),
    ``"explicit"``, ``"symbolic"`` (asynchronous only; exact weak and strong basins with
    BDDs, may be slow) or ``"sampling"`` (``samples`` random walks of at most
    ``max_steps`` steps, reproducible with ``seed``).

    ``timeout`` (seconds) stops the attractor search and the sampling walks (runs not yet
    in an attractor count as unresolved) and the symbolic method (which then returns no
    rows); the result says ``complete=False``. The explicit method is bounded by
    ``limits.state_space`` instead.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    sem = canonical_semantics(semantics)
    if sem == MOST_PERMISSIVE:
        raise ArgumentError(
            "basins are defined here for synchronous and (general) asynchronous semantics; "
            "under most-permissive semantics ask which attractors are reachable (reachable_attractors)"
        )
    if method not in BASIN_METHODS:
        raise ArgumentError(f"unknown basin method {method!r} (choose from {', '.join(BASIN_METHODS)})")
    if method == "symbolic" and sem != ASYNCHRONOUS:
        raise ArgumentError(
            f"symbolic basins are computed for asynchronous semantics only, not {sem}; "
            "use the explicit or sampling method"
        )
    limits = resolve(limits)
    p = Perturbation.of(perturbation)
    net = perturb(network, p)
    space = restrict(net, p.fixed_values(network) if p else {})
    sub = space.network
    if method == "auto":
        method = "explicit" if len(sub) <= limits.explicit_nodes(sem) else "sampling"
    if method == "explicit":
        if len(sub) > limits.state_space:
            raise SizeLimitError(
                f"{len(sub)} free nodes: too many states to enumerate (limit "
                f"{limits.state_space}); use the sampling method (or symbolic for asynchronous)"
            )
        return _explicit(net, sub, space.lift, sem, limits)
    if method == "symbolic":
        return _symbolic(net, sub, space.lift, limits, deadline)
    return _sampling(net, sub, space.lift, sem, samples, max_steps, seed, limits, deadline)


def _exact(
    net: BooleanNetwork,
    sub: BooleanNetwork,
    lift: Callable,
    sem: str,
    found: Sequence[Attractor],
    rows: list[dict[str, Any]],
    total: int,
    method: str,
    found_by: str,
) -> Basins:
    """Counted basins (by ``method``): the attractors (found by ``found_by``) sorted by their
    values (0 < 1 < *) and lifted to the whole network, their rows renumbered to match."""
    order = sorted(range(len(found)), key=lambda i: subspace_key(found[i].values, sub.nodes))
    attractors = Attractors(
        items=tuple(found[i].lifted(lift) for i in order), nodes=net.nodes, semantics=sem, method=found_by
    )
    return Basins(
        items=tuple({"attractor": k, **rows[i]} for k, i in enumerate(order)),
        columns=("attractor", *rows[0]) if rows else ("attractor",),
        attractors=attractors,
        semantics=sem,
        exact=True,
        total=total,
        method=method,
    )


def _explicit(net: BooleanNetwork, sub: BooleanNetwork, lift: Callable, sem: str, limits: Limits) -> Basins:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    space = StateSpace(sub, limits)
    found = space.attractors(sem)  # engine order, as the basins below
    N = space.N
    if sem == SYNCHRONOUS:
        cycles, ending = space.sync_cycles()
        counts = np.bincount(ending, minlength=len(cycles))
        rows: list[dict[str, Any]] = [{"states": int(c), "fraction": int(c) / N} for c in counts]
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
        rows = [_weak_strong(int(w.sum()), int((w & (reach_count == 1)).sum()), N) for w in weak]
    return _exact(net, sub, lift, sem, found, rows, N, "explicit", f"explicit state space (2^{len(sub)} states)")


def _symbolic(
    net: BooleanNetwork, sub: BooleanNetwork, lift: Callable, limits: Limits, deadline: float | None
) -> Basins:
    from .._engines.symbolic import SymbolicAsync, time_limit

    method = "symbolic (biodivine-aeon)"
    try:
        with time_limit(None if deadline is None else deadline - time.monotonic()):
            sym = SymbolicAsync(sub)
            sets = sym.attractors()
            found = [sym.attractor(att, limits.listed_states) for att in sets]
            weak = [sym.reach_bwd(a) for a in sets]
            total = int(sym.unit().vertices().cardinality())
            rows = []
            for j, w in enumerate(weak):
                others = sym.graph.mk_empty_colored_vertices()
                for k, v in enumerate(weak):
                    if k != j:
                        others = others.union(v)
                strong = w.minus(others)
                rows.append(_weak_strong(int(w.vertices().cardinality()), int(strong.vertices().cardinality()), total))
    except SearchTimeout as err:
        return stopped_basins(net, ASYNCHRONOUS, f"timeout: {err}")
    return _exact(net, sub, lift, ASYNCHRONOUS, found, rows, total, method, method)


def stopped_basins(network: BooleanNetwork, semantics: str, note: str) -> Basins:
    """No basins: the computation was stopped (``note`` says why) before it had any."""
    sem = canonical_semantics(semantics)
    return Basins.stopped(
        note,
        columns=("attractor",),
        attractors=Attractors.stopped(note, nodes=network.nodes, semantics=sem),
        semantics=sem,
        exact=False,
        total=2 ** len(network),
    )


def _weak_strong(weak: int, strong: int, total: int) -> dict[str, Any]:
    """A basin row: the states that can reach the attractor (weak) and those that can reach
    only it (strong), as counts and fractions of ``total``."""
    return {"weak": weak, "strong": strong, "weak_fraction": weak / total, "strong_fraction": strong / total}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for k successes in n trials."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _sampling(
    net: BooleanNetwork,
    sub: BooleanNetwork,
    lift: Callable,
    sem: str,
    samples: int,
    max_steps: int,
    seed: int,
    limits: Limits,
    deadline: float | None,
) -> Basins:
    from .._engines.compiled import compile_network

    def remaining() -> float | None:
        return None if deadline is None else max(1e-3, deadline - time.monotonic())

    atts = attractors(sub, sem, limits=limits, timeout=remaining())
    nodes = sub.nodes
    n = len(nodes)
    rng = np.random.default_rng(seed)
    notes: list[str] = []
    # Commit zones: a minimal trap space holding exactly one attractor (when all are known).
    zones: list[tuple[dict[int, int], int]] = []
    if sem != SYNCHRONOUS and atts.complete:
        for t in trap_spaces(sub, timeout=remaining()):
            inside = [i for i, a in enumerate(atts) if all(t[m] == "*" or a.values[m] == t[m] for m in nodes)]
            if len(inside) == 1:
                zones.append(({nodes.index(m): int(v) for m, v in t.items() if v != "*"}, inside[0]))
    listed = [
        (i, {tuple(int(s[m]) for m in nodes) for s in a.states}) for i, a in enumerate(atts) if a.states is not None
    ]
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
        if deadline is not None and time.monotonic() > deadline:
            notes.append(f"timeout: the walks were stopped after {step} steps")
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
        rows.append(
            {
                "attractor": i,
                "runs": int(counts[i]),
                "probability": float(counts[i] / samples),
                "ci_low": lo,
                "ci_high": hi,
            }
        )
    if unresolved:
        notes.append(f"{unresolved:.1%} of runs ended in no known attractor within {step} steps")
    desc = (
        "sampling: uniform random initial states, "
        + {
            SYNCHRONOUS: "synchronous steps",
            ASYNCHRONOUS: "one uniformly chosen node updated per step",
            GENERAL: "each node updated with probability 1/2 per step",
        }[sem]
    )
    lifted = replace(atts, items=tuple(a.lifted(lift) for a in atts), nodes=net.nodes)
    return Basins(
        items=tuple(rows),
        columns=("attractor", "runs", "probability", "ci_low", "ci_high"),
        attractors=lifted,
        semantics=sem,
        exact=False,
        total=2**n,
        samples=samples,
        unresolved=unresolved,
        complete=atts.complete and not any(n.startswith("timeout") for n in notes),
        method=desc,
        notes=(*atts.notes, *notes),
    )
