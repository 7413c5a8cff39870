"""Which attractors are reachable from given initial states.

The question behind "reversal" protocols: start in the attractor of one condition, switch
the condition (and apply a perturbation), and ask where the system can go. Asynchronous
dynamics is nondeterministic: several attractors can be reachable from one start.

Method (exact, fast where it is easy):

0. If propagating constants fixes every node of the perturbed network, its one attractor
   is that fixed point, and every state reaches it (every state reaches some attractor,
   and every attractor lies in the percolated subspace) — under every semantics.
1. Otherwise the search is restricted to the smallest trap space containing every initial state,
   never further (percolating constants would preserve attractors but can change which of
   them a state reaches: a transient can commit a switch before a constant arrives).
2. If that trap space holds exactly one attractor, every initial state reaches it.
3. Otherwise: synchronous dynamics is followed state by state; asynchronous and
   general-asynchronous reachability is explored explicitly (breadth-first over the
   trap space's states) when it has at most ``Limits.explicit_nodes(semantics)`` free nodes, and
   asynchronous reachability symbolically beyond (biodivine-aeon's BDDs: forward from the
   initial states and backward from each attractor of the trap space, a step at a time,
   until each attractor is decided); most-permissive
   reachability uses the theorem that a minimal trap space is reachable from x exactly when
   it lies in the smallest trap space containing x (Paulevé et al. 2020).

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A"})
>>> [dict(a.values) for a in reachable_attractors(net, [{"A": 0, "B": 0}], "async")]
[{'A': 0, 'B': 1}, {'A': 1, 'B': 0}]
>>> [dict(a.values) for a in reachable_attractors(net, [{"A": 1, "B": 0}], "async")]
[{'A': 1, 'B': 0}]
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from .._engines import Search
from .._engines.bdd import FunctionBdds
from ..errors import ArgumentError, SearchTimeout, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import Percolation, Perturbation, PerturbationLike, percolate, perturb, restrict
from ..results import Attractor, Attractors
from ..semantics import ASYNCHRONOUS, MOST_PERMISSIVE, SYNCHRONOUS, canonical_semantics
from ..types import Value, fixed_part, subspace_key
from .attractors import attractors
from .trap_spaces import smallest_trap_space, trap_spaces

__all__ = ["reachable_attractors", "initial_states"]


def initial_states(
    network: BooleanNetwork,
    states: Iterable[Mapping[str, Value]],
    perturbation: PerturbationLike = None,
    reference: Mapping[str, Value] | None = None,
    limits: Limits | None = None,
) -> list[dict[str, int]]:
    """Initial states with the perturbation acting at time zero: every node the perturbation
    fixes takes its new value. Subspaces (``"*"`` values) are expanded to their states, at
    most ``limits.initial_states`` of them."""
    most = resolve(limits).initial_states
    p = Perturbation.of(perturbation)
    fixes = p.fixed_values(network, reference) if p else {}
    out: list[dict[str, int]] = []
    seen = set()
    for s in states:
        missing = [n for n in network.nodes if n not in s]
        if missing:
            raise ArgumentError(f"initial state lacks node(s) {', '.join(missing[:5])}")
        base = {n: fixes.get(n, s[n]) for n in network.nodes}
        free = [n for n, v in base.items() if v == "*"]
        if len(out) + 2 ** len(free) > most:
            raise SizeLimitError(f"more than {most:,} initial states; give a smaller set")
        for bits in range(2 ** len(free)):
            state = {**base, **{n: (bits >> i) & 1 for i, n in enumerate(free)}}
            key = tuple(int(state[n]) for n in network.nodes)
            if key not in seen:
                seen.add(key)
                out.append({n: int(state[n]) for n in network.nodes})
    return out


def reachable_attractors(
    network: BooleanNetwork,
    states: Iterable[Mapping[str, Value]],
    semantics: str = ASYNCHRONOUS,
    perturbation: PerturbationLike = None,
    *,
    reference: Mapping[str, Value] | None = None,
    timeout: float | None = None,
    limits: Limits | None = None,
    cache: dict | None = None,
) -> Attractors:
    """The attractors of ``network`` (under ``perturbation``) reachable from ``states``.

    ``states``: full states or subspaces (``"*"`` = both values) of the *unperturbed*
    network; the perturbation acts at time zero (its fixed nodes take their new values).
    ``reference`` resolves organ freezes. ``complete`` is False when the method could not
    decide exactly (e.g. general-asynchronous reachability beyond the explicit limit).

    ``cache``: a dict shared by many calls (a screen) that keeps answers keyed by the
    restricted network (the perturbed network inside the initial states' trap space) and
    the initial states in it: perturbations that leave that subproblem unchanged (a double
    knockout whose second node is already off there) are answered once. It also keeps the
    percolation of ``network`` under the inputs the perturbation sets, from which each
    perturbed network is percolated onwards.
    """
    sem = canonical_semantics(semantics)
    limits = resolve(limits)
    net = perturb(network, perturbation, reference)
    init = initial_states(network, states, perturbation, reference, limits)
    if not init:
        raise ArgumentError("no initial state given")
    whole = percolate(net, base=_condition_percolated(network, perturbation, reference, cache))
    if not whole.network.nodes:  # step 0: no BDD, no trap space needed
        point = Attractor.from_space(dict(whole.fixed))
        return _result(net, sem, Search([point], True, "constant propagation fixes every node: one fixed point"))
    bdds = FunctionBdds(net)
    if sem == MOST_PERMISSIVE:
        return _mp_reachable(net, init, bdds)
    space = smallest_trap_space(net, init, bdds)
    sub = restrict(net, fixed_part(space))
    sub_init = [{n: s[n] for n in sub.network.nodes} for s in init]
    if cache is None:
        search = _reachable_in(sub.network, sub_init, sem, limits, timeout)
    else:
        key = (sub.network.fingerprint(), sem, limits, timeout, frozenset(tuple(s.values()) for s in sub_init))
        if key not in cache:
            cache[key] = _reachable_in(sub.network, sub_init, sem, limits, timeout)
        search = cache[key]
    return _result(net, sem, search.lifted(sub.lift))


def _condition_percolated(
    network: BooleanNetwork, perturbation: PerturbationLike, reference: Mapping[str, Value] | None, cache: dict | None
) -> Percolation | None:
    """The percolation of ``network`` with the inputs ``perturbation`` sets (the condition
    that the tasks of a screen share), once per ``cache``: each perturbed network is
    percolated onwards from it (only what the perturbation changes is evaluated again)."""
    if cache is None:
        return None
    fixes = Perturbation.of(perturbation).fixed_values(network, reference)
    inputs = {n: v for n, v in fixes.items() if network.rule(n) is None}
    key = ("condition percolated", id(network), frozenset(inputs.items()))
    hit = cache.get(key)
    if hit is None or hit[0] is not network:  # the entry holds the network: its id is not reused
        hit = cache[key] = (network, percolate(network, inputs))
    return hit[1]


def _reachable_in(
    sub: BooleanNetwork, init: list[dict[str, int]], sem: str, limits: Limits, timeout: float | None
) -> Search:
    """Attractors reachable from ``init`` in the restricted network ``sub`` (its own nodes)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    within = attractors(sub, sem, timeout=timeout, limits=limits)
    if within.complete and len(within) == 1:
        return Search(within, True, "the trap space of the initial states holds one attractor")
    if sem == SYNCHRONOUS:
        found = _sync_follow(sub, init, deadline)
        if found is None:
            return Search(within, False, "synchronous trajectories not followed to their end (timeout)")
        return Search(found, True, "trajectories followed")
    if len(sub) <= limits.explicit_nodes(sem):
        return Search(
            _explicit_reach(sub, init, sem, limits), True, f"explicit search of the trap space (2^{len(sub)} states)"
        )
    if sem == ASYNCHRONOUS and within.complete:
        found = _symbolic_reach(sub, init, limits, deadline)
        if found is None:
            return Search(
                within,
                False,
                "symbolic reachability cut short by the time limit or Limits.reachability_steps: "
                "listing every attractor of the trap space (a superset)",
            )
        return Search(found, True, "symbolic reachability (biodivine-aeon)")
    return Search(
        within,
        False,
        f"{sem} reachability in a trap space of {len(sub)} free nodes is beyond "
        "the explicit limit: listing every attractor of that trap space (a superset)",
    )


def _result(net: BooleanNetwork, sem: str, search: Search) -> Attractors:
    found = sorted(search.found, key=lambda a: subspace_key(a.values, net.nodes))
    return Attractors(
        items=tuple(found),
        nodes=net.nodes,
        semantics=sem,
        complete=search.complete,
        method=search.method,
        notes=search.notes,
    )


def _mp_reachable(net: BooleanNetwork, init: list[dict[str, int]], bdds: FunctionBdds) -> Attractors:
    minimal = trap_spaces(net, kind="minimal")
    reached = {}
    for state in init:
        closure = smallest_trap_space(net, [state], bdds)
        for t in minimal:
            if all(closure[n] == "*" or closure[n] == t[n] for n in net.nodes):
                reached[t] = Attractor.from_space(t)
    return _result(
        net,
        MOST_PERMISSIVE,
        Search(
            list(reached.values()),
            minimal.complete,
            "minimal trap spaces inside each initial state's smallest trap space",
            minimal.notes,
        ),
    )


def _encode(network: BooleanNetwork, state: Mapping[str, int]) -> int:
    return sum(int(state[n]) << i for i, n in enumerate(network.nodes))


def _explicit_reach(network: BooleanNetwork, init: list[dict[str, int]], sem: str, limits: Limits) -> list[Attractor]:
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    from .._engines.explicit import StateSpace

    space = StateSpace(network, limits)
    src, dst = space.edges(sem)
    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(space.N, space.N))
    reached = np.zeros(space.N, dtype=bool)
    for s in sorted({_encode(network, s) for s in init}):
        if not reached[s]:
            reached[breadth_first_order(graph, s, directed=True, return_predecessors=False)] = True
    return space.attractors(sem, reached=reached)


def _sync_follow(network: BooleanNetwork, init: list[dict[str, int]], deadline: float | None) -> list[Attractor] | None:
    """Follow each synchronous trajectory until it repeats a state (a dict of visited states)."""
    from .._engines.compiled import compile_network

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
        cyc = path[seen[x] :]
        k = cyc.index(min(cyc))
        cyc = cyc[k:] + cyc[:k]
        cycles[cyc[0]] = cyc
    return [Attractor.from_states([dict(zip(nodes, x)) for x in cyc], nodes, "cyclic") for cyc in cycles.values()]


def _symbolic_reach(
    network: BooleanNetwork, init: list[dict[str, int]], limits: Limits, deadline: float | None
) -> list[Attractor] | None:
    """The attractors of ``network`` that ``init`` reaches; None when ``deadline`` passed or
    the search needed more than ``limits.reachability_steps`` saturation steps."""
    from .._engines.symbolic import SymbolicAsync, time_limit

    try:
        with time_limit(None if deadline is None else deadline - time.monotonic()):
            sym = SymbolicAsync(network)
            start = sym.graph.mk_empty_colored_vertices()
            for s in init:
                start = start.union(sym.subspace(s))
            candidates = sym.attractors()  # of the trap space; which of them does the start reach?
            reached = sym.reaches(start, candidates, deadline, limits.reachability_steps)
    except SearchTimeout:
        return None
    if reached is None:
        return None
    return [sym.attractor(att, limits.listed_states) for att, yes in zip(candidates, reached) if yes]
