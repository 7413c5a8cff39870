"""Attractors under synchronous, asynchronous, general-asynchronous and most-permissive
semantics — exact, with a ``complete`` flag that is True only when nothing can be missing.

How (see ``logicnet.semantics`` for the semantics):

1. The perturbation is applied and constants are percolated. Every attractor of every
   semantics lies in the percolated subspace, so the search runs on the reduced network.
2. Small reduced spaces (up to ``explicit_nodes`` free nodes) are enumerated explicitly:
   every state's successors at once, terminal strongly connected components with scipy,
   synchronous cycles by pointer doubling.
3. Larger ones: asynchronous attractors symbolically with biodivine-aeon (complete);
   general-asynchronous attractors inside each minimal trap space explicitly, proven
   complete when every state can reach them asynchronously (an asynchronous path is also a
   general-asynchronous one), else ``complete=False``; synchronous attractors with clingo
   by bounded unrolling (see ``_sync_sat``).
4. Most-permissive attractors are the minimal trap spaces (clingo).

>>> from logicnet.network import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C"})
>>> [a.values for a in attractors(net, "async")]
[{'A': 0, 'B': 1, 'C': 0}, {'A': 1, 'B': 0, 'C': '*'}]
>>> [(a.type, a.size) for a in attractors(net, "sync")]
[('fixed', 1), ('cyclic', 2), ('cyclic', 2)]
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from ..errors import SizeLimitError
from ..network import BooleanNetwork
from ..perturb import Perturbation, percolate, perturb
from ..semantics import (ASYNCHRONOUS, GENERAL, MOST_PERMISSIVE, SYNCHRONOUS, attractor_types,
                         canonical_semantics)
from ._explicit import StateSpace
from .results import Attractor, AttractorResult, subspace_key
from .trap_spaces import trap_spaces

__all__ = ["attractors", "attractors_by_condition"]

EXPLICIT_NODES = {SYNCHRONOUS: 22, ASYNCHRONOUS: 12, GENERAL: 14}  # async: aeon is faster beyond 12 (benchmarks)
LIST_STATES = 64
MAX_SPLIT_INPUTS = 16  # synchronous / general: one search per input valuation up to 2^16 of them


def attractors(network: BooleanNetwork, semantics: str = ASYNCHRONOUS,
               perturbation: Perturbation | str | Mapping[str, int] | None = None, *,
               limit: int | None = None, timeout: float | None = None,
               explicit_nodes: int | None = None, list_states: int = LIST_STATES) -> AttractorResult:
    """All attractors of ``network`` under ``semantics`` (and ``perturbation``).

    Inputs (nodes without an update function) keep their value, so the attractors of every
    input valuation are listed unless the perturbation fixes the inputs. ``limit`` stops
    after that many attractors and ``timeout`` after that many seconds (``complete=False``
    then). Attractors are sorted by their values (0 < 1 < ``*``, node by node). Complex
    attractors list their states when they have at most ``list_states`` of them.

    Cost: linear in the rules for percolation; then 2^k states explicitly (k free nodes,
    k <= ``explicit_nodes``) or symbolic BDD fix-points, worst case exponential.
    """
    sem = canonical_semantics(semantics)
    net = perturb(network, perturbation)
    deadline = None if timeout is None else time.monotonic() + timeout
    if sem == MOST_PERMISSIVE:
        found, complete, method, notes = _most_permissive(net, limit, timeout)
    else:
        perc = percolate(net)
        k = explicit_nodes if explicit_nodes is not None else EXPLICIT_NODES[sem]
        found, complete, method, notes = _search(perc.network, sem, k, limit, deadline, list_states)
        found = [a.lifted(perc.lift) for a in found]
    found.sort(key=lambda a: subspace_key(a.values, net.nodes))
    if limit is not None and len(found) > limit:
        found, complete = found[:limit], False
        notes = (*notes, f"stopped at --limit {limit}")
    return AttractorResult(sem, complete, tuple(found), net.nodes, method, tuple(notes))


def _search(reduced: BooleanNetwork, sem: str, k: int, limit: int | None, deadline: float | None,
            list_states: int, split_inputs: bool = True):
    """Attractors of a percolated network: (attractors, complete, method, notes)."""
    inputs = reduced.inputs
    if len(reduced) <= k:
        return _explicit(reduced, sem, list_states)
    if sem == ASYNCHRONOUS:
        return _symbolic_async(reduced, list_states, limit, deadline)
    if split_inputs and inputs and len(inputs) <= MAX_SPLIT_INPUTS:
        return _per_input_valuation(reduced, sem, k, limit, deadline, list_states)
    if sem == GENERAL:
        return _general_guided(reduced, deadline)
    from ._sync_sat import sync_attractors_sat

    return sync_attractors_sat(reduced, limit=limit, deadline=deadline)


def _per_input_valuation(reduced: BooleanNetwork, sem: str, k: int, limit: int | None,
                         deadline: float | None, list_states: int):
    """Synchronous and general-asynchronous updating never change an input, so the state
    space falls apart into one trap space per input valuation; each is percolated (often
    to a handful of free nodes) and searched on its own."""
    import itertools

    inputs = reduced.inputs
    found: list[Attractor] = []
    methods: set[str] = set()
    notes: list[str] = []
    complete = True
    for bits in itertools.product((0, 1), repeat=len(inputs)):
        if deadline is not None and time.monotonic() > deadline:
            return found, False, "per input valuation", (*notes, "timeout before every input valuation was searched")
        if limit is not None and len(found) > limit:
            return found, False, "per input valuation", tuple(notes)
        part = percolate(reduced, dict(zip(inputs, bits)))
        sub, ok, method, sub_notes = _search(part.network, sem, k, None if limit is None else limit + 1 - len(found),
                                             deadline, list_states, split_inputs=False)
        found += [a.lifted(part.lift) for a in sub]
        complete = complete and ok
        methods.add(method.split(" (")[0])
        notes += [n for n in sub_notes if n not in notes]
    return found, complete, f"per valuation of {len(inputs)} inputs: {', '.join(sorted(methods))}", tuple(notes)


def _most_permissive(net: BooleanNetwork, limit: int | None, timeout: float | None):
    spaces = trap_spaces(net, kind="minimal", limit=limit, timeout=timeout)
    out = []
    for space in spaces.spaces:
        free = sum(v == "*" for v in space.values())
        out.append(Attractor("fixed" if free == 0 else "trapspace", 2 ** free, dict(space),
                             (dict(space),) if free == 0 else None))
    notes = () if spaces.complete else ("minimal trap space enumeration stopped early",)
    return out, spaces.complete, "minimal trap spaces (clingo)", notes



def _explicit(reduced: BooleanNetwork, sem: str, list_states: int = LIST_STATES):
    if len(reduced) == 0:
        return [Attractor("fixed", 1, {}, ({},))], True, "percolation", ()
    space = StateSpace(reduced, max_nodes=max(EXPLICIT_NODES.values()))
    return explicit_attractors(space, sem, list_states), True, f"explicit state space (2^{len(reduced)} states)", ()


def explicit_attractors(space: StateSpace, sem: str, list_states: int = LIST_STATES) -> list[Attractor]:
    """The attractors of an enumerated state space, in the engine's order (by smallest state);
    complex attractors list their states when they have at most ``list_states``."""
    other = attractor_types(sem)[1]
    nodes = space.network.nodes
    out = []
    if sem == SYNCHRONOUS:
        cycles, _ = space.sync_cycles()
        for cyc in cycles:
            states = tuple(space.states_to_dicts(cyc, nodes))
            kind = "fixed" if len(cyc) == 1 else other
            out.append(Attractor(kind, len(cyc), space.summary(_arr(cyc), nodes), states))
    else:
        for scc in space.terminal_sccs(sem):
            kind = "fixed" if len(scc) == 1 else other
            states = space.state_set(scc, nodes) if len(scc) <= list_states else None
            out.append(Attractor(kind, len(scc), space.summary(scc, nodes), states))
    return out


def _arr(xs):
    import numpy as np

    return np.asarray(xs, dtype=np.uint32)


def _symbolic_async(reduced: BooleanNetwork, list_states: int = LIST_STATES, limit: int | None = None,
                    deadline: float | None = None):
    from ._symbolic import SymbolicAsync, SymbolicTimeout, input_colored_attractors, time_limit

    coloured = any(reduced.rule(n) is None for n in reduced.nodes) and \
        any(reduced.rule(n) is not None for n in reduced.nodes)
    method = (f"symbolic (biodivine-aeon{', inputs as colours' if coloured else ''}) on "
              f"{len(reduced.nodes)} free nodes")
    try:
        with time_limit(None if deadline is None else deadline - time.monotonic()):
            if coloured:
                found = input_colored_attractors(reduced, list_states, limit)
            else:
                sym = SymbolicAsync(reduced)
                found = [sym.attractor(att, list_states) for att in sym.attractors()]
    except SymbolicTimeout:
        return [], False, method, ("timeout: the symbolic attractor search was cancelled",)
    return found, True, method, ()


def _general_guided(reduced: BooleanNetwork, deadline: float | None):
    """General-asynchronous attractors: explicit search inside each minimal trap space,
    completeness proven by asynchronous backward reachability (see module docstring)."""
    from ._symbolic import SymbolicAsync

    spaces = trap_spaces(reduced, kind="minimal")
    if not spaces.complete:
        return [], False, "trap-space guided", ("minimal trap spaces could not be enumerated",)
    out: list[Attractor] = []
    notes: list[str] = []
    k = EXPLICIT_NODES[GENERAL]
    for space in spaces.spaces:
        fixed = {n: v for n, v in space.items() if v != "*"}
        sub = percolate(reduced, fixed)
        if len(sub.network) > k:
            notes.append(f"a minimal trap space with {len(sub.network)} free nodes is too large to search "
                         f"explicitly (limit {k})")
            continue
        found, _, _, _ = _explicit(sub.network, GENERAL)
        out.extend(a.lifted(sub.lift) for a in found)
    if notes:
        return out, False, "trap-space guided explicit search", tuple(notes)
    sym = SymbolicAsync(reduced)
    union = sym.graph.mk_empty_colored_vertices()
    for a in out:
        for s in (a.states or ()):
            union = union.union(sym.subspace(s))
        if a.states is None:
            return out, False, "trap-space guided explicit search", (
                "an attractor too large to list: completeness not checked",)
    covered = sym.reach_bwd(union)
    complete = covered.vertices().cardinality() == sym.unit().vertices().cardinality()
    if not complete:
        notes.append("some states cannot reach the attractors found inside minimal trap spaces "
                     "asynchronously: motif-avoidant general-asynchronous attractors are not excluded")
    return out, complete, "trap-space guided explicit search + asynchronous reachability proof", tuple(notes)


def attractors_by_condition(network: BooleanNetwork, semantics: str = ASYNCHRONOUS,
                            inputs: list[str] | None = None,
                            perturbation: Perturbation | str | Mapping[str, int] | None = None, *,
                            max_conditions: int = 1024, **options):
    """Attractors for every valuation of ``inputs`` (default: all inputs), one search each
    (fixing the inputs lets percolation shrink each search). Returns a DataFrame with one row
    per (condition, attractor): ``condition`` (e.g. ``HFD=1;Exercise=0``), ``complete``,
    ``type``, ``size`` and one column per node."""
    import itertools

    import pandas as pd

    inputs = list(network.inputs if inputs is None else inputs)
    for n in inputs:
        network.index(n)
    if 2 ** len(inputs) > max_conditions:
        raise SizeLimitError(f"{len(inputs)} inputs give {2 ** len(inputs):,} conditions (limit "
                             f"{max_conditions:,}); name the inputs to vary")
    frames = []
    for bits in itertools.product((0, 1), repeat=len(inputs)):
        condition = dict(zip(inputs, bits))
        result = attractors(network, semantics, Perturbation.of(perturbation, condition), **options)
        frame = result.to_frame()
        frame.insert(0, "complete", result.complete)
        frame.insert(0, "condition", ";".join(f"{k}={v}" for k, v in condition.items()))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
