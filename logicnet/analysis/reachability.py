"""Which attractors are reachable from given initial states.

The question behind "reversal" protocols: start in the attractor of one condition, switch
the condition (and apply a perturbation), and ask where the system can go. Asynchronous
dynamics is nondeterministic: several attractors can be reachable from one start.

Method (exact, fast where it is easy):

1. The search is restricted to the smallest trap space containing every initial state,
   never further (percolating constants would preserve attractors but can change which of
   them a state reaches: a transient can commit a switch before a constant arrives).
2. If that trap space holds exactly one attractor, every initial state reaches it.
3. Otherwise: synchronous dynamics is followed state by state; asynchronous and
   general-asynchronous reachability is explored explicitly (breadth-first over the
   trap space's states) when it has at most ``explicit_nodes`` free nodes, and
   asynchronous reachability symbolically beyond (biodivine-aeon's BDDs: forward from the
   initial states and backward from each attractor of the trap space, a step at a time,
   until each attractor is decided); most-permissive
   reachability uses the theorem that a minimal trap space is reachable from x exactly when
   it lies in the smallest trap space containing x (Paulevé et al. 2020).

>>> from logicnet.network import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A"})
>>> [a.values for a in reachable_attractors(net, [{"A": 0, "B": 0}], "async")]
[{'A': 0, 'B': 1}, {'A': 1, 'B': 0}]
>>> [a.values for a in reachable_attractors(net, [{"A": 1, "B": 0}], "async")]
[{'A': 1, 'B': 0}]
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

import numpy as np

from ..network import BooleanNetwork
from ..perturb import Perturbation, perturb, restrict
from ..semantics import ASYNCHRONOUS, MOST_PERMISSIVE, SYNCHRONOUS, canonical_semantics
from .attractors import EXPLICIT_NODES, attractors
from .results import Attractor, AttractorResult, subspace_key
from .trap_spaces import smallest_trap_space, trap_spaces

__all__ = ["reachable_attractors", "initial_states"]

MAX_INITIAL = 100_000


def initial_states(network: BooleanNetwork, states: Iterable[Mapping[str, object]],
                   perturbation: Perturbation | str | Mapping[str, int] | None = None,
                   reference: Mapping[str, object] | None = None) -> list[dict[str, int]]:
    """Initial states with the perturbation acting at time zero: every node the perturbation
    fixes takes its new value. Subspaces (``"*"`` values) are expanded to their states."""
    p = Perturbation.of(perturbation)
    fixes = p.fixed_values(network, reference) if p else {}
    out: list[dict[str, int]] = []
    seen = set()
    for s in states:
        missing = [n for n in network.nodes if n not in s]
        if missing:
            raise ValueError(f"initial state lacks node(s) {', '.join(missing[:5])}")
        base = {n: fixes.get(n, s[n]) for n in network.nodes}
        free = [n for n, v in base.items() if v == "*"]
        if len(out) + 2 ** len(free) > MAX_INITIAL:
            raise ValueError(f"more than {MAX_INITIAL:,} initial states; give a smaller set")
        for bits in range(2 ** len(free)):
            state = {**base, **{n: (bits >> i) & 1 for i, n in enumerate(free)}}
            key = tuple(int(state[n]) for n in network.nodes)
            if key not in seen:
                seen.add(key)
                out.append({n: int(state[n]) for n in network.nodes})
    return out


def reachable_attractors(network: BooleanNetwork, states: Iterable[Mapping[str, object]],
                         semantics: str = ASYNCHRONOUS,
                         perturbation: Perturbation | str | Mapping[str, int] | None = None, *,
                         reference: Mapping[str, object] | None = None,
                         explicit_nodes: int | None = None,
                         timeout: float | None = None,
                         cache: dict | None = None) -> AttractorResult:
    """The attractors of ``network`` (under ``perturbation``) reachable from ``states``.

    ``states``: full states or subspaces (``"*"`` = both values) of the *unperturbed*
    network; the perturbation acts at time zero (its fixed nodes take their new values).
    ``reference`` resolves organ freezes. ``complete`` is False when the method could not
    decide exactly (e.g. general-asynchronous reachability beyond the explicit limit).

    ``cache``: a dict shared by many calls (a screen) that keeps answers keyed by the
    restricted network (the perturbed network inside the initial states' trap space) and
    the initial states in it: perturbations that leave that subproblem unchanged (a double
    knockout whose second node is already off there) are answered once.
    """
    sem = canonical_semantics(semantics)
    net = perturb(network, perturbation, reference)
    init = initial_states(network, states, perturbation, reference)
    if not init:
        raise ValueError("no initial state given")
    from ..bdd import FunctionBdds

    bdds = FunctionBdds(net)
    if sem == MOST_PERMISSIVE:
        return _mp_reachable(net, init, bdds)
    space = smallest_trap_space(net, init, bdds)
    sub = restrict(net, {n: v for n, v in space.items() if v != "*"})
    sub_init = [{n: s[n] for n in sub.network.nodes} for s in init]
    if cache is None:
        found, complete, method = _reachable_in(sub.network, sub_init, sem, explicit_nodes, timeout)
    else:
        key = (sub.network.fingerprint(), sem, explicit_nodes, timeout,
               frozenset(tuple(s.values()) for s in sub_init))
        if key not in cache:
            cache[key] = _reachable_in(sub.network, sub_init, sem, explicit_nodes, timeout)
        found, complete, method = cache[key]
    return _result(net, sem, [a.lifted(sub.lift) for a in found], complete, method)


def _reachable_in(sub: BooleanNetwork, init: list[dict[str, int]], sem: str, explicit_nodes: int | None,
                  timeout: float | None) -> tuple[list[Attractor], bool, str]:
    """Attractors reachable from ``init`` in the restricted network ``sub`` (its own nodes)."""
    within = attractors(sub, sem, explicit_nodes=explicit_nodes, timeout=timeout)
    if within.complete and len(within) == 1:
        return list(within), True, "the trap space of the initial states holds one attractor"
    k = explicit_nodes if explicit_nodes is not None else EXPLICIT_NODES[sem]
    deadline = None if timeout is None else time.monotonic() + timeout
    if sem == SYNCHRONOUS:
        found = _sync_follow(sub, init, deadline)
        if found is None:
            return list(within), False, "synchronous trajectories not followed to their end (timeout)"
        return found, True, "trajectories followed"
    if len(sub) <= k:
        return _explicit_reach(sub, init, sem), True, f"explicit search of the trap space (2^{len(sub)} states)"
    if sem == ASYNCHRONOUS and within.complete:
        return _symbolic_reach(sub, init), True, "symbolic reachability (biodivine-aeon)"
    return list(within), False, (f"{sem} reachability in a trap space of {len(sub)} free nodes is beyond "
                                 "the explicit limit: listing every attractor of that trap space (a superset)")


def _result(net, sem, found, complete, method) -> AttractorResult:
    found = sorted(found, key=lambda a: subspace_key(a.values, net.nodes))
    return AttractorResult(sem, complete, tuple(found), net.nodes, method)



def _mp_reachable(net: BooleanNetwork, init, bdds) -> AttractorResult:
    minimal = trap_spaces(net, kind="minimal")
    reached = {}
    for state in init:
        closure = smallest_trap_space(net, [state], bdds)
        for t in minimal.spaces:
            if all(closure[n] == "*" or closure[n] == t[n] for n in net.nodes):
                reached[tuple(subspace_key(t, net.nodes))] = t
    out = []
    for t in reached.values():
        free = sum(v == "*" for v in t.values())
        out.append(Attractor("fixed" if free == 0 else "trapspace", 2 ** free, dict(t),
                             (dict(t),) if free == 0 else None))
    return _result(net, MOST_PERMISSIVE, out, minimal.complete,
                   "minimal trap spaces inside each initial state's smallest trap space")


def _encode(network: BooleanNetwork, state: Mapping[str, int]) -> int:
    return sum(int(state[n]) << i for i, n in enumerate(network.nodes))


def _explicit_reach(network: BooleanNetwork, init, sem: str) -> list[Attractor]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    from ._explicit import StateSpace

    space = StateSpace(network, max_nodes=max(EXPLICIT_NODES.values()))
    src, dst = space.edges(sem)
    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(space.N, space.N))
    starts = sorted({_encode(network, s) for s in init})
    reached = np.zeros(space.N, dtype=bool)
    for s in starts:
        if not reached[s]:
            reached[breadth_first_order(graph, s, directed=True, return_predecessors=False)] = True
    out = []
    for scc in space.terminal_sccs(sem):
        if reached[scc[0]]:
            kind = "fixed" if len(scc) == 1 else "complex"
            states = space.state_set(scc, network.nodes) if len(scc) <= 64 else None
            out.append(Attractor(kind, len(scc), space.summary(scc, network.nodes), states))
    return out


def _sync_follow(network: BooleanNetwork, init, deadline) -> list[Attractor] | None:
    """Follow each synchronous trajectory until it repeats a state (Brent-free: a dict)."""
    from ..compile import compile_network

    c = compile_network(network)
    nodes = network.nodes
    cycles: dict[tuple, list[tuple]] = {}
    for s in init:
        x = tuple(int(s[n]) for n in nodes)
        seen: dict[tuple, int] = {}
        path: list[tuple] = []
        while x not in seen:
            if deadline is not None and time.monotonic() > deadline:
                return None
            seen[x] = len(path)
            path.append(x)
            x = c.successor(x)
        cyc = path[seen[x]:]
        k = cyc.index(min(cyc))
        cyc = cyc[k:] + cyc[:k]
        cycles[cyc[0]] = cyc
    out = []
    for cyc in cycles.values():
        states = tuple({n: v for n, v in zip(nodes, x)} for x in cyc)
        summary = {n: (states[0][n] if all(st[n] == states[0][n] for st in states) else "*") for n in nodes}
        out.append(Attractor("fixed" if len(cyc) == 1 else "cyclic", len(cyc), summary, states))
    return out


def _symbolic_reach(network: BooleanNetwork, init) -> list[Attractor]:
    from ._symbolic import SymbolicAsync

    sym = SymbolicAsync(network)
    start = sym.graph.mk_empty_colored_vertices()
    for s in init:
        start = start.union(sym.subspace(s))
    candidates = sym.attractors()  # of the trap space; which of them does the start reach?
    return [sym.attractor(att) for att, reached in zip(candidates, sym.reaches(start, candidates)) if reached]
