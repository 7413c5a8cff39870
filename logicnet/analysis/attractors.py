"""Attractors under synchronous, asynchronous, general-asynchronous and most-permissive
semantics — exact, with a ``complete`` flag that is True only when nothing can be missing.

How (see ``logicnet.semantics`` for the semantics):

1. The perturbation is applied and constants are percolated. Every attractor of every
   semantics lies in the percolated subspace, so the search runs on the reduced network.
2. Asynchronous and general-asynchronous attractors of a reduced network whose interaction
   graph has no negative circuit are its fixed points (Richard 2010; one BDD pass over the
   rules decides it, ``logicnet._engines.circuits``): they are listed as fixed points
   (``logicnet.analysis.fixed_points``), with no search of the state space.
3. Small reduced spaces (up to ``Limits.explicit_attractor_nodes(semantics)`` free nodes) are
   enumerated explicitly: every state's successors at once, terminal strongly connected
   components with scipy, synchronous cycles by pointer doubling.
4. Larger ones: asynchronous attractors symbolically with biodivine-aeon (complete; inputs
   become colours, so one search answers every input valuation), and beyond
   ``Limits.succession_nodes`` free nodes space by space through the succession diagram of
   trap spaces (``logicnet._engines.succession``: exact percolation, candidates from a
   negative feedback vertex set, block decomposition; complete); general-asynchronous ones
   one input valuation at a time (inputs never change under them), then inside each
   minimal trap space explicitly, proven complete when every state can reach them
   asynchronously (an asynchronous path is also a general-asynchronous one), else
   ``complete=False``; synchronous ones with clingo by bounded unrolling, one solver call
   per doubling of the path, all input valuations at once (see
   ``logicnet._engines.sync_sat``).
5. Most-permissive attractors are the minimal trap spaces (clingo).

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C"})
>>> [dict(a.values) for a in attractors(net, "async")]
[{'A': 0, 'B': 1, 'C': 0}, {'A': 1, 'B': 0, 'C': '*'}]
>>> [(a.type, a.size) for a in attractors(net, "sync")]
[('fixed', 1), ('cyclic', 2), ('cyclic', 2)]
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, cast

from .._engines import Search
from .._engines.circuits import has_negative_circuit
from ..errors import SearchTimeout, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import Perturbation, PerturbationLike, percolate, perturb
from ..results import Attractor, Attractors, AttractorSeed, AttractorSeeds
from ..semantics import ASYNCHRONOUS, GENERAL, MOST_PERMISSIVE, canonical_semantics
from ..types import fixed_part, subspace_key
from ._common import limited
from .fixed_points import fixed_point_values
from .trap_spaces import trap_spaces

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["attractors", "attractor_seeds", "attractors_by_condition"]


def attractors(
    network: BooleanNetwork,
    semantics: str = ASYNCHRONOUS,
    perturbation: PerturbationLike = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    limits: Limits | None = None,
) -> Attractors:
    """All attractors of ``network`` under ``semantics`` (and ``perturbation``).

    Inputs (nodes without an update function) keep their value, so the attractors of every
    input valuation are listed unless the perturbation fixes the inputs. ``limit`` stops
    after that many attractors and ``timeout`` after that many seconds (``complete=False``
    then). Attractors are sorted by their values (0 < 1 < ``*``, node by node). Complex
    attractors list their states when they have at most ``limits.listed_states``.

    Cost: linear in the rules for percolation; then 2^k states explicitly (k free nodes,
    k <= ``limits.explicit_attractor_nodes(semantics)``), symbolic BDD fix-points or
    (synchronous) one SAT call per doubling of the unrolled path, the attractors enumerated
    in it; worst case exponential. Raises :class:`~logicnet.errors.SizeLimitError` rather
    than list more than ``limits.attractors`` asynchronous attractors over free inputs
    without a ``limit`` (they are counted first).
    """
    sem = canonical_semantics(semantics)
    limits = resolve(limits)
    net = perturb(network, perturbation)
    deadline = None if timeout is None else time.monotonic() + timeout
    if sem == MOST_PERMISSIVE:
        spaces = trap_spaces(net, kind="minimal", limit=limit, timeout=timeout)
        search = Search(
            [Attractor.from_space(s) for s in spaces], spaces.complete, "minimal trap spaces (clingo)", spaces.notes
        )
    else:
        perc = percolate(net)
        search = _search(perc.network, sem, limits, limit, deadline).lifted(perc.lift)
    found = sorted(search.found, key=lambda a: subspace_key(a.values, net.nodes))
    found, complete, notes = limited(found, limit, search.complete, search.notes, "attractor")
    return Attractors(
        items=tuple(found), nodes=net.nodes, semantics=sem, complete=complete, method=search.method, notes=tuple(notes)
    )


def attractor_seeds(
    network: BooleanNetwork,
    perturbation: PerturbationLike = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    limits: Limits | None = None,
) -> AttractorSeeds:
    """Asynchronous attractors, each as one of its states and the smallest trap space
    containing it (:class:`~logicnet.results.AttractorSeed`), without their states.

    For networks of hundreds of free nodes, where a complex attractor can hold 2^90 states
    and describing it (``attractors``) takes a symbolic search that may never end, while
    counting the attractors and naming a state in each is quick: the succession diagram
    of trap spaces (``logicnet._engines.succession``) proves a candidate state to lie in
    an attractor, and that attractor to be the only one there. Same completeness, limit
    and timeout rules as :func:`attractors`; sorted by trap space, then state.

    >>> from logicnet import BooleanNetwork
    >>> net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C"})
    >>> [(s.type, dict(s.trap_space)) for s in attractor_seeds(net)]
    [('fixed', {'A': 0, 'B': 1, 'C': 0}), ('complex', {'A': 1, 'B': 0, 'C': '*'})]
    """
    from .._engines.succession import succession_attractors

    limits = resolve(limits)
    net = perturb(network, perturbation)
    deadline = None if timeout is None else time.monotonic() + timeout
    perc = percolate(net)
    search = succession_attractors(perc.network, limits, limit=limit, deadline=deadline, seeds=True)
    found = sorted(
        (cast(AttractorSeed, s).lifted(perc.lift) for s in search.found),
        key=lambda s: (subspace_key(s.trap_space, net.nodes), subspace_key(s.state, net.nodes)),
    )
    found, complete, notes = limited(found, limit, search.complete, search.notes, "attractor")
    return AttractorSeeds(
        items=tuple(found), nodes=net.nodes, complete=complete, method=search.method, notes=tuple(notes)
    )


def _search(
    reduced: BooleanNetwork,
    sem: str,
    limits: Limits,
    limit: int | None,
    deadline: float | None,
    split_inputs: bool = True,
) -> Search:
    """Attractors of a percolated network (at most ``limit + 1`` when a limit is given)."""
    if sem in (ASYNCHRONOUS, GENERAL) and len(reduced) and not has_negative_circuit(reduced):
        return _fixed_points_only(reduced, limits, limit, deadline)
    if len(reduced) <= limits.explicit_attractor_nodes(sem):
        return explicit_search(reduced, sem, limits)
    if sem == ASYNCHRONOUS:
        return _symbolic_async(reduced, limits, limit, deadline)
    if sem == GENERAL:
        if split_inputs and reduced.inputs and len(reduced.inputs) <= limits.input_valuations:
            return _per_input_valuation(reduced, sem, limits, limit, deadline)
        return _general_guided(reduced, limits, deadline)
    # Synchronous: one unrolling for every input valuation. Per valuation (a percolation
    # and a solver each) was slower on most BBM models with inputs and over 12 free nodes
    # (bbm-017 6.0 s against 1.1 s; bbm-014 4.7 against 0.5; bbm-166 2.0 against 0.3;
    # bbm-179 unsolved in 20 s against 4.2), faster by milliseconds on some small ones and
    # twice as fast where long transients of a few valuations lengthen the whole path
    # (bbm-006 5.0 against 12.4, bbm-188 5.9 against 10.7).
    from .._engines.sync_sat import sync_attractors_sat

    return sync_attractors_sat(reduced, limit=limit, deadline=deadline, max_length=limits.sync_depth)


def _fixed_points_only(reduced: BooleanNetwork, limits: Limits, limit: int | None, deadline: float | None) -> Search:
    """Attractors of a network without a negative circuit: its fixed points (Richard 2010,
    asynchronous semantics). Also the general-asynchronous ones: every state reaches a
    fixed point by an asynchronous path, which is a general-asynchronous path too."""
    at_most = (limits.attractors if limit is None else limit) + 1
    timeout = None if deadline is None else max(deadline - time.monotonic(), 0.0)
    found, how, notes = fixed_point_values(reduced, at_most, timeout)
    if limit is None and len(found) > limits.attractors:
        raise SizeLimitError(
            f"more than {limits.attractors:,} attractors (all fixed points): too many to list; "
            "set a limit, fix some inputs, or list the attractors per input valuation"
        )
    nodes = reduced.nodes
    states = (dict(zip(nodes, values)) for values in found)
    method = f"fixed points: no negative circuit (Richard 2010); {how}"
    return Search((Attractor("fixed", 1, s, (s,)) for s in states), not notes, method, notes)


def explicit_search(reduced: BooleanNetwork, sem: str, limits: Limits) -> Search:
    """Attractors of a small network by enumerating its states."""
    if len(reduced) == 0:
        return Search([Attractor("fixed", 1, {}, ({},))], True, "percolation")
    from .._engines.explicit import StateSpace  # numpy and scipy, for small networks only

    space = StateSpace(reduced, limits)
    return Search(space.attractors(sem), True, f"explicit state space (2^{len(reduced)} states)")


def _per_input_valuation(
    reduced: BooleanNetwork, sem: str, limits: Limits, limit: int | None, deadline: float | None
) -> Search:
    """General-asynchronous updating never changes an input, so the state space falls
    apart into one trap space per input valuation; each is percolated (often to a handful
    of free nodes) and searched on its own."""
    inputs = reduced.inputs
    found: list[Attractor] = []
    methods: set[str] = set()
    notes: list[str] = []
    complete = True
    method = f"per valuation of {len(inputs)} inputs"
    for bits in itertools.product((0, 1), repeat=len(inputs)):
        if deadline is not None and time.monotonic() > deadline:
            return Search(found, False, method, [*notes, "timeout before every input valuation was searched"])
        if limit is not None and len(found) > limit:
            return Search(found, False, method, notes)
        part = percolate(reduced, dict(zip(inputs, bits)))
        sub = _search(
            part.network, sem, limits, None if limit is None else limit + 1 - len(found), deadline, split_inputs=False
        )
        found += sub.lifted(part.lift).found
        complete = complete and sub.complete
        methods.add(sub.method.split(" (")[0])
        notes += [n for n in sub.notes if n not in notes]
    return Search(found, complete, f"{method}: {', '.join(sorted(methods))}", notes)


# The diagram visits one trap space per input valuation; aeon's coloured search takes them
# all at once, which wins from 2^13 valuations on (BBM, 13 inputs: bbm-009 diagram 7.0 s,
# aeon 3.6 s; bbm-077 diagram over 60 s, aeon 18.7 s; 14 and 15, bbm-016 and bbm-019:
# diagram 12.8 s and over 60 s, aeon 4.8 and 48 s). Below, the diagram wins or ties
# (12: bbm-039, 37 s and 39 s; 11: bbm-137, 0.7 s and 2.0 s; bbm-041 and bbm-083 unsolved by both).
_DIAGRAM_INPUTS = 12


def _symbolic_async(reduced: BooleanNetwork, limits: Limits, limit: int | None, deadline: float | None) -> Search:
    if len(reduced) > limits.succession_nodes and len(reduced.inputs) <= _DIAGRAM_INPUTS:
        from .._engines.succession import succession_attractors

        return succession_attractors(reduced, limits, limit=limit, deadline=deadline)
    from .._engines.symbolic import SymbolicAsync, input_colored_attractors, time_limit

    coloured = bool(reduced.inputs) and len(reduced.inputs) < len(reduced)
    method = f"symbolic (biodivine-aeon{', inputs as colours' if coloured else ''}) on {len(reduced.nodes)} free nodes"
    try:
        with time_limit(None if deadline is None else deadline - time.monotonic()):
            if coloured:
                found = input_colored_attractors(reduced, limits, limit)
            else:
                sym = SymbolicAsync(reduced)
                found = [sym.attractor(att, limits.listed_states) for att in sym.attractors()]
    except SearchTimeout:
        return Search([], False, method, ["timeout: the symbolic attractor search was cancelled"])
    return Search(found, True, method)


def _general_guided(reduced: BooleanNetwork, limits: Limits, deadline: float | None) -> Search:
    """General-asynchronous attractors: explicit search inside each minimal trap space,
    completeness proven by asynchronous backward reachability (see module docstring)."""
    from .._engines.symbolic import SymbolicAsync

    method = "trap-space guided explicit search"
    spaces = trap_spaces(reduced, kind="minimal")
    if not spaces.complete:
        return Search([], False, method, ["minimal trap spaces could not be enumerated"])
    out: list[Attractor] = []
    notes: list[str] = []
    k = limits.explicit_general
    for space in spaces:
        sub = percolate(reduced, fixed_part(space))
        if len(sub.network) > k:
            notes.append(
                f"a minimal trap space with {len(sub.network)} free nodes is too large to search explicitly (limit {k})"
            )
            continue
        out.extend(explicit_search(sub.network, GENERAL, limits).lifted(sub.lift).found)
    if notes:
        return Search(out, False, method, notes)
    if any(a.states is None for a in out):
        return Search(out, False, method, ["an attractor too large to list: completeness not checked"])
    sym = SymbolicAsync(reduced)
    union = sym.graph.mk_empty_colored_vertices()
    for a in out:
        for s in a.states or ():
            union = union.union(sym.subspace(s))
    covered = sym.reach_bwd(union)
    if covered.vertices().cardinality() == sym.unit().vertices().cardinality():
        return Search(out, True, f"{method} + asynchronous reachability proof")
    return Search(
        out,
        False,
        f"{method} + asynchronous reachability proof",
        [
            "some states cannot reach the attractors found inside minimal trap spaces "
            "asynchronously: motif-avoidant general-asynchronous attractors are not excluded"
        ],
    )


def attractors_by_condition(
    network: BooleanNetwork,
    semantics: str = ASYNCHRONOUS,
    inputs: list[str] | None = None,
    perturbation: PerturbationLike = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """Attractors for every valuation of ``inputs`` (default: all inputs), one search each
    (fixing the inputs lets percolation shrink each search). Returns a DataFrame with one row
    per (condition, attractor): ``condition`` (e.g. ``HFD=1;Exercise=0``), ``complete``,
    ``type``, ``size`` and one column per node. At most ``limits.conditions`` valuations.
    """
    import pandas as pd

    limits = resolve(limits)
    inputs = list(network.inputs if inputs is None else inputs)
    for n in inputs:
        network.index(n)
    if 2 ** len(inputs) > limits.conditions:
        raise SizeLimitError(
            f"{len(inputs)} inputs give {2 ** len(inputs):,} conditions (limit "
            f"{limits.conditions:,}); name the inputs to vary"
        )
    frames = []
    for bits in itertools.product((0, 1), repeat=len(inputs)):
        condition = dict(zip(inputs, bits))
        result = attractors(
            network, semantics, Perturbation.of(perturbation, condition), limit=limit, timeout=timeout, limits=limits
        )
        frame = result.to_frame()
        frame.insert(0, "complete", result.complete)
        frame.insert(0, "condition", ";".join(f"{k}={v}" for k, v in condition.items()))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
