"""Symbolic (BDD) asynchronous dynamics through biodivine-aeon.

Used where the state space is too large to enumerate: attractors (aeon's transition-guided
reduction plus Xie-Beerel), forward and backward reachability. Sets stay symbolic; only
their size, their enclosing subspace and, when small, their states come back to Python.
"""

from __future__ import annotations

import math
import operator
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import biodivine_aeon as ba

from ..errors import ArgumentError, SearchTimeout, SizeLimitError
from ..limits import Limits
from ..network import BooleanNetwork
from ..results import Attractor
from ..types import Value, in_order, pick
from .bdd import aeon_network, in_stack_for


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Cancel aeon computations running past ``seconds`` with :class:`~logicnet.errors.SearchTimeout`.

    aeon polls Python's signal handlers and cancels its work when one raises: an interval
    timer's handler does that here. Only the main thread receives signals, so elsewhere
    (worker threads) the block runs without a limit.
    """
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    expired = False

    def alarm(signum, frame):
        nonlocal expired
        expired = True
        raise SearchTimeout(f"the symbolic search ran past {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
    try:
        yield
    except KeyboardInterrupt:  # aeon reports its cancellation as an interrupt
        if expired:
            raise SearchTimeout(f"the symbolic search ran past {seconds:g} s") from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class SymbolicAsync:
    """The asynchronous state graph of ``network`` (its nodes in model order)."""

    def __init__(self, network: BooleanNetwork) -> None:
        self.network = network
        self.aeon = aeon_network(network)
        self.graph = ba.AsynchronousGraph(self.aeon)

    def unit(self) -> ba.ColoredVertexSet:
        return self.graph.mk_unit_colored_vertices()

    def subspace(self, values: Mapping[str, object]) -> ba.ColoredVertexSet:
        """States agreeing with ``values`` (0/1 per node; ``"*"`` or absent = free)."""
        fixed = {n: bool(v) for n, v in values.items() if v in (0, 1)}
        return self.graph.mk_subspace(fixed) if fixed else self.unit()

    def attractors(self, within: ba.ColoredVertexSet | None = None) -> list[ba.ColoredVertexSet]:
        """Attractors inside the trap set ``within`` (the whole space when None)."""
        if within is None:
            return list(ba.Attractors.attractors(self.graph))
        return list(ba.Attractors.attractors(self.graph, within))

    def reach_bwd(self, target: ba.ColoredVertexSet) -> ba.ColoredVertexSet:
        return ba.Reachability.reach_bwd(self.graph, target)

    def reaches(
        self,
        start: ba.ColoredVertexSet,
        targets: list[ba.ColoredVertexSet],
        deadline: float | None = None,
        max_steps: int = 0,
    ) -> list[bool] | None:
        """For each target (an attractor: a set no path leaves), whether a path from
        ``start`` enters it; None when ``deadline`` (``time.monotonic()``) passes or more
        than ``max_steps`` saturation steps (if not 0) are needed first.

        Forward reachability from ``start`` and backward reachability from each undecided
        target advance one saturation step at a time, taking turns by time spent (a step on
        a large set costs far more than one on a small set), and stop as soon as every
        target is decided: the forward set meets it or the target's backward set meets
        ``start`` (reachable); the target's backward set is complete without meeting
        ``start``, or the forward set is complete without meeting the target (not).
        Computing the whole forward set first can take minutes where one backward search
        from a fixed point meets the start in a fraction of a second (and the reverse).
        """
        answer: list[bool | None] = [None] * len(targets)
        forward = _Saturation(self.graph, start, forward=True)
        backward = {i: _Saturation(self.graph, t, forward=False) for i, t in enumerate(targets)}
        spent_forward = spent_backward = 0.0  # give each direction the same time: the answer
        # does not depend on it, only the cost does. A step budget is per direction (and per
        # target backward), so whether a target is decided within it does not depend on
        # the timing that interleaves them.
        budget = max_steps or math.inf
        while None in answer:
            if deadline is not None and time.monotonic() > deadline:
                return None
            began = time.perf_counter()
            behind = [i for i, a in enumerate(answer) if a is None and backward[i].steps < budget]
            if forward.steps < budget and (spent_forward <= spent_backward or not behind):
                done = forward.step()
                for i, t in enumerate(targets):
                    if answer[i] is None and not forward.reached.intersect(t).is_empty():
                        answer[i] = True
                if done:
                    answer = [a is True for a in answer]
                spent_forward += time.perf_counter() - began
                continue
            if not behind:
                return None  # every undecided target used its budget in both directions
            for i in behind:
                if not backward[i].reached.intersect(start).is_empty():
                    answer[i] = True
                elif backward[i].step() and backward[i].reached.intersect(start).is_empty():
                    answer[i] = False
            spent_backward += time.perf_counter() - began
        return [bool(a) for a in answer]

    def state_in(self, states: ba.ColoredVertexSet) -> dict[str, int]:
        """One state of the (non-empty) set."""
        return {n: int(v) for n, v in next(iter(states.vertices().items())).to_named_dict().items()}

    def attractor(self, states: ba.ColoredVertexSet, listed: int) -> Attractor:
        """An attractor found here as an :class:`Attractor` (its states listed when at most
        ``listed``)."""
        return _attractor(*_describe(states.vertices(), self.network.nodes, listed))


def peeled_attractors(
    network: BooleanNetwork, listed: int, starts: Sequence[Mapping[str, int]] | None = None
) -> list[tuple[Attractor, dict[str, int]]]:
    """Asynchronous attractors of ``network`` computed on its core, then extended; each
    with one of its states.

    ``starts``: states such that every attractor holds one (candidates); each attractor is
    then the forward set of the first start in it, and no attractor search is needed.

    The core is what is left after repeatedly removing *sinks*: nodes no other remaining
    node reads and whose function does not read themselves. Removing a sink keeps the
    rest closed under regulators, so each attractor projects onto an attractor of the
    rest; conversely a sink ``d`` added to an attractor ``A`` of the rest varies freely
    (``A x {0, 1}``) when ``f_d`` takes both values on ``A`` (from any state, walk to one
    where ``f_d`` has the wanted value, update ``d``, walk on), else stays at that one
    value. So attractors correspond one to one, and the search runs on the core (random
    networks: a handful of nodes feeding chains of dozens), the sinks added back by two
    BDD operations each, last removed first (its regulators are back by then).
    """
    core, removed = peel(network)
    sym = SymbolicAsync(network)
    ctx = sym.graph.symbolic_context()
    sinks = dict.fromkeys(removed, 0)  # the core's dynamics, sinks held at 0
    if starts is None:
        inner = SymbolicAsync(network.restricted_to(core)) if core else None
        seeds = [inner.state_in(a) for a in inner.attractors()] if inner is not None else [{}]
        cores = [_Saturation(sym.graph, sym.subspace({**sinks, **s}), True, core).saturate() for s in seeds]
    else:
        cores = _forward_sets(sym, [{**sinks, **{n: s[n] for n in core}} for s in starts], core)
    out = []
    for reached in cores:
        states = reached.to_bdd()
        for d in reversed(removed):
            f = sym.graph.mk_update_function(d)
            can = [not states.l_and_not(f).is_false(), not states.l_and(f).is_false()]
            states = states.r_exists(_bdd_variable(ctx, d))
            if not all(can):
                value = ctx.mk_network_variable(d)
                states = states.l_and(value if can[1] else value.l_not())
        attractor = ba.ColoredVertexSet(ctx, states)
        out.append((sym.attractor(attractor, listed), sym.state_in(attractor)))
    return out


def _bdd_variable(ctx: ba.SymbolicContext, node: str) -> ba.BddVariable:
    variable = ctx.find_network_bdd_variable(node)
    if variable is None:
        raise ArgumentError(f"{node} is not a variable of the symbolic context")
    return variable


def _forward_sets(sym: SymbolicAsync, starts: list[dict[str, int]], core: list[str]) -> list[ba.ColoredVertexSet]:
    """The attractors among ``starts`` (every attractor holds one), one forward set each."""
    return [reached for _, reached in _attractor_starts(sym, starts, core, trust_last=False) if reached is not None]


def _attractor_starts(
    sym: SymbolicAsync, starts: list[dict[str, int]], core: list[str], trust_last: bool
) -> list[tuple[dict[str, int], ba.ColoredVertexSet | None]]:
    """The starts that lie in attractors (every attractor holds one), each with its forward
    set, which is that attractor.

    A start whose forward set meets another start still listed, or an attractor already
    found, is dropped as soon as it does: were it in an attractor, so would that start be,
    or the attractor is found. Otherwise the closed forward set holds an attractor, whose
    start can only be this one, so the set is that attractor. With ``trust_last`` (the
    space holds at least one attractor), a last start left when none was kept is kept
    unchecked (None as its set): every other reached it, so it lies in that attractor."""
    left = [dict(t) for t in dict.fromkeys(tuple(sorted(s.items())) for s in starts)]
    out: list[tuple[dict[str, int], ba.ColoredVertexSet | None]] = []
    found = sym.graph.mk_empty_colored_vertices()
    while left:
        start = left.pop(0)
        if trust_last and not left and not out:
            return [(start, None)]
        avoid = found
        for other in left:
            avoid = avoid.union(sym.subspace(other))
        reached = _forward_set_avoiding(sym, start, avoid, core)
        if reached is not None:
            out.append((start, reached))
            found = found.union(reached)
            left = [o for o in left if reached.intersect(sym.subspace(o)).is_empty()]
    return out


def _forward_set_avoiding(
    sym: SymbolicAsync, start: dict[str, int], avoid: ba.ColoredVertexSet, core: list[str]
) -> ba.ColoredVertexSet | None:
    """The states reachable from ``start`` by updating ``core`` nodes, or None as soon as
    one of ``avoid`` is among them.

    Two sets grow towards each other, forward from ``start`` and backward from ``avoid``,
    saturated through a growing set of nodes: first those in which ``start`` differs from
    some state to avoid (a path there must update these), then the others, nearest
    regulators first (biobalm's symbolic attractor test). A path shows up when the sets
    meet, often long before either is whole (nk2-n2560_7: two candidate states of one
    attractor, told apart in seconds where the whole forward set took over a minute). When
    no node moves either set any more, the forward set is closed, hence complete."""
    graph = sym.graph
    if avoid.is_empty():
        return _Saturation(graph, sym.subspace(start), True, core).saturate()
    forward, backward = sym.subspace(start), avoid
    differ = [n for n in core if not avoid.intersect(sym.subspace({n: 1 - start[n]})).is_empty()]
    distance = _distances(sym.network, differ)
    variable = dict(zip(graph.network_variable_names(), graph.network_variables()))
    pending = [variable[n] for n in sorted(core, key=distance.__getitem__)]
    active: list[ba.VariableId] = []  # last first: aeon's saturation order
    while True:
        while forward.intersect(backward).is_empty():  # saturate through the active nodes
            if (ahead := _first_move(graph.var_post_out, active, forward)) is not None:
                forward = forward.union(ahead)
            elif (behind := _first_move(graph.var_pre_out, active, backward)) is not None:
                backward = backward.union(behind)
            else:
                break
        if not forward.intersect(backward).is_empty():
            return None
        for v in pending:  # one more node, the first that moves either set
            ahead, behind = graph.var_post_out(v, forward), graph.var_pre_out(v, backward)
            if not (ahead.is_empty() and behind.is_empty()):
                forward, backward = forward.union(ahead), backward.union(behind)
                pending.remove(v)
                active = sorted([*active, v], reverse=True)
                break
        else:
            return forward


def _first_move(
    step: Callable[[ba.VariableId, ba.ColoredVertexSet], ba.ColoredVertexSet],
    variables: list[ba.VariableId],
    states: ba.ColoredVertexSet,
) -> ba.ColoredVertexSet | None:
    """What ``step`` (``var_post_out`` or ``var_pre_out``) adds to ``states`` through the
    first of ``variables`` that adds anything; None when none does."""
    for v in variables:
        new = step(v, states)
        if not new.is_empty():
            return new
    return None


def _distances(network: BooleanNetwork, sources: list[str]) -> dict[str, int]:
    """Per node, the fewest regulation steps from it to one of ``sources`` (regulators of a
    source at 1, their regulators at 2, ...; unreached: the number of nodes)."""
    distance = dict.fromkeys(network.nodes, len(network))
    level = list(sources)
    for n in level:
        distance[n] = 0
    while level:
        nxt = []
        for n in level:
            for r in network.regulators(n):
                if distance[r] > distance[n] + 1:
                    distance[r] = distance[n] + 1
                    nxt.append(r)
        level = nxt
    return distance


def peeled_seeds(network: BooleanNetwork, starts: Sequence[Mapping[str, int]]) -> list[dict[str, int]]:
    """One state per asynchronous attractor of ``network``, among ``starts``: every
    attractor holds one, and there is at least one (a trap space's whole dynamics). Decided
    on the core (see :func:`peeled_attractors`), the sinks of each start kept: a start
    set by walking (a sink at its function's value) lies in an attractor when its core
    part does. Unlike :func:`peeled_attractors`, a last start is never saturated."""
    core, removed = peel(network)
    sym = SymbolicAsync(network)
    projected: dict[tuple[int, ...], Mapping[str, int]] = {}
    for s in starts:
        projected.setdefault(tuple(s[n] for n in core), s)
    sinks = dict.fromkeys(removed, 0)
    kept = _attractor_starts(sym, [{**sinks, **dict(zip(core, key))} for key in projected], core, trust_last=True)
    return [dict(projected[tuple(start[n] for n in core)]) for start, _ in kept]


def peel(network: BooleanNetwork) -> tuple[list[str], list[str]]:
    """(core nodes in model order, sinks in the order removed); see :func:`peeled_attractors`."""
    # an input keeps its value: it reads itself
    regulators = {n: set(network.regulators(n)) if network.rule(n) is not None else {n} for n in network.nodes}
    readers = dict.fromkeys(network.nodes, 0)
    for n, regs in regulators.items():
        for r in regs - {n}:
            readers[r] += 1
    alive = set(network.nodes)
    removed: list[str] = []
    wave = [n for n in network.nodes if readers[n] == 0 and n not in regulators[n]]
    while wave:
        removed += wave
        alive -= set(wave)
        nxt = []
        for d in wave:
            for r in regulators[d] - {d}:
                readers[r] -= 1
                if readers[r] == 0 and r not in regulators[r] and r in alive:
                    nxt.append(r)
        wave = sorted(set(nxt), key=network.index)
    return [n for n in network.nodes if n in alive], removed


class _Saturation:
    """Forward or backward asynchronous reachability, one saturation step per call: add
    the new successors (predecessors) through the first variable, in aeon's order (last
    to first), that has any."""

    def __init__(
        self, graph: ba.AsynchronousGraph, start: ba.ColoredVertexSet, forward: bool, only: list[str] | None = None
    ) -> None:
        self.reached = start
        self.steps = 0
        self._next = graph.var_post_out if forward else graph.var_pre_out
        variables = graph.network_variables()
        if only is not None:  # only these variables update (the others keep their values)
            kept = set(only)
            variables = [v for v in variables if graph.get_network_variable_name(v) in kept]
        self._variables = list(reversed(variables))

    def saturate(self) -> ba.ColoredVertexSet:
        while not self.step():
            pass
        return self.reached

    def step(self) -> bool:
        """Advance one step; True when the set is complete (nothing new through any variable)."""
        self.steps += 1
        new = _first_move(self._next, self._variables, self.reached)
        if new is None:
            return True
        self.reached = self.reached.union(new)
        return False


def input_colored_attractors(network: BooleanNetwork, limits: Limits, limit: int | None = None) -> list[Attractor]:
    """Asynchronous attractors of ``network`` for every valuation of its inputs at once.

    An input keeps its value under asynchronous updating, so the attractors are those of
    each input valuation. Instead of one search per valuation (or one over a state space
    that many times larger), the inputs become parameters of the aeon network (colours):
    one coloured attractor search answers every valuation, and aeon guarantees that within
    each returned set the states of one colour form one attractor. Inputs that regulate
    nothing are not parameters; every attractor is listed with each of their values.

    Returns the attractors (states listed when at most ``limits.listed_states``) in aeon's
    (deterministic) order, at most ``limit + 1`` of them. Without a ``limit``, more than
    ``limits.attractors`` attractors is refused before any is listed.
    """
    import itertools

    inputs = [n for n in network.nodes if network.rule(n) is None]
    inlined = in_stack_for(network, lambda: aeon_network(network).inline_inputs(infer_inputs=False, repair_graph=False))
    graph = ba.AsynchronousGraph(inlined)
    sets = list(ba.Attractors.attractors(graph))  # on this thread: aeon can be interrupted here
    colored = set(inlined.explicit_parameter_names())
    isolated = [n for n in inputs if n not in colored]
    total = sum(int(a.colors().cardinality()) for a in sets) << len(isolated)
    if limit is None and total > limits.attractors:
        raise SizeLimitError(
            f"{total:,} asynchronous attractors (over the valuations of {len(inputs)} free "
            f"inputs): too many to list (limit {limits.attractors:,}); set a limit, fix "
            "some inputs, or list the attractors per input valuation"
        )
    wanted = total if limit is None else min(total, limit + 1)
    read = _valuation_reader(graph, network.nodes)
    nodes = network.nodes
    out: list = []

    def enough() -> bool:  # each attractor found counts once per valuation of the isolated inputs
        return len(out) << len(isolated) >= wanted

    for attractor in sets:
        if enough():
            break
        # the colours in which the set is a fixed point (it is one attractor per colour)
        steady = attractor.minus(graph.can_post(attractor))
        for state in _colored_states(steady, read):
            if enough():
                break
            out.append((1, state, [state]))
        attractor = attractor.minus_colors(steady.colors())
        colors = attractor.colors()
        if attractor.is_empty():
            continue
        if attractor.cardinality() <= min(_GROUPED_STATES, limits.listed_states * colors.cardinality()):
            # Small attractors over many colours: one pass over the (colour, state) pairs,
            # grouped by colour, instead of one BDD intersection per colour (bbm-009: 4,352
            # attractors of up to 6 states, 1.5 ms each).
            grouped = _grouped_by_colour(attractor, read, nodes, colored, limits.listed_states)
            for count, summary, states in grouped:
                if enough():
                    break
                out.append((count, summary, states))
            continue
        for color in colors.items():
            if enough():
                break
            part = attractor.intersect_colors(color.to_symbolic())
            count, summary, states = _describe(part.vertices(), nodes, limits.listed_states, _input_values(color))
            out.append((count, summary, states))
    if isolated:  # each attractor once per valuation of the inputs that regulate nothing
        expanded = []
        for bits in itertools.product((0, 1), repeat=len(isolated)):
            extra = dict(zip(isolated, bits))
            expanded += [(c, {**s, **extra}, None if st is None else [{**x, **extra} for x in st]) for c, s, st in out]
        out = expanded
    found = []
    ordered = read is not None and not isolated  # every mapping already in model order
    for c, s, st in out:
        summary = s if ordered else in_order(s, nodes)  # a fixed point's one state shares it
        states = None if st is None else [summary if x is s else x if ordered else in_order(x, nodes) for x in st]
        found.append(_attractor(c, summary, states))
    return found


_GROUPED_STATES = 200_000  # (colour, state) pairs listed in one pass at most


def _grouped_by_colour(
    attractor: ba.ColoredVertexSet, read: _Reader | None, nodes: Sequence[str], colored: set[str], listed: int
) -> Iterator[tuple]:
    """(state count, summary, states) per colour of ``attractor``, as :func:`_describe`
    gives them, from one enumeration of its (colour, state) pairs."""
    groups: dict[tuple, list[dict[str, int]]] = {}
    inputs = [n for n in nodes if n in colored]
    for state in _colored_states(attractor, read):
        groups.setdefault(tuple(state[n] for n in inputs), []).append(state)
    for found in groups.values():
        held = [n for n in nodes if n in found[0]]  # isolated inputs are added by the caller
        rows = sorted(pick(s, held) for s in found)
        common = (c[0] if c.count(c[0]) == len(c) else "*" for c in zip(*rows))
        summary: dict[str, Value] = dict.fromkeys(nodes, "*")
        summary.update(zip(held, common))
        yield len(rows), summary, ([dict(zip(held, r)) for r in rows] if len(rows) <= listed else None)


_Reader = Callable[[ba.BddValuation], dict[str, int]]


def _colored_states(attractor: ba.ColoredVertexSet, read: _Reader | None) -> Iterator[dict[str, int]]:
    """Each (colour, state) pair of ``attractor`` as one state, the inputs' values
    included: one walk of the set's BDD (20x faster than aeon's models), else pair by pair."""
    if read is not None:
        return map(read, attractor.to_bdd().valuation_iterator())
    return (_colored_state(color, vertex) for color, vertex in attractor.items())


def _colored_state(color: ba.ColorModel, vertex: ba.VertexModel) -> dict[str, int]:
    """The state ``vertex`` of a network whose inputs are colours, inputs included, as 0/1."""
    values = vertex.to_named_dict()
    return {**_input_values(color), **dict(zip(values, map(int, values.values())))}


def _valuation_reader(graph: ba.AsynchronousGraph, nodes: Sequence[str]) -> _Reader | None:
    """A full valuation of the BDD variables of ``graph`` (a network whose inputs are
    zero-arity parameters) -> node -> 0/1, in ``nodes`` order (inputs that regulate nothing
    have no variable and are left out); None when the BDDs hold other variables."""
    ctx = graph.symbolic_context()
    variables = ctx.bdd_variable_set().variable_ids()
    slot = {v: i for i, v in enumerate(variables)}
    parameters = {ctx.get_function_name(f): v[0] for f, v in ctx.functions_bdd_variables().items() if len(v) == 1}
    held, where = [], []
    for n in nodes:
        var = ctx.find_network_bdd_variable(n) if ctx.find_network_variable(n) is not None else parameters.get(n)
        if var is not None:
            held.append(n)
            where.append(slot[var])
    if len(held) != len(variables) or len(held) < 2:
        return None
    gather = operator.itemgetter(*where)
    return lambda valuation: dict(zip(held, map(int, gather(valuation.values()))))


def _attractor(count: int, summary: Mapping[str, Value], states: Sequence[Mapping[str, int]] | None) -> Attractor:
    return Attractor(
        "fixed" if count == 1 else "complex", count, summary, tuple(states) if states is not None else None
    )


def _input_values(color: ba.ColorModel) -> dict[str, int]:
    """Input node -> 0/1 from a colour of an aeon network whose inputs are parameters."""
    return {name: int(str(value) == "true") for name, value in color.to_named_dict().items()}


def _describe(vertices: ba.VertexSet, nodes, listed: int, extra: Mapping[str, int] | None = None):
    """(state count, node -> 0/1/"*" summary, the states in order when at most ``listed``);
    ``extra`` adds the values of nodes aeon does not hold (inputs turned into colours)."""
    extra = dict(extra or {})
    count = int(vertices.cardinality())
    enclosing = {**(vertices.enclosing_named_subspace() or {}), **extra}
    summary = {n: int(enclosing[n]) if n in enclosing else "*" for n in nodes}
    states = None
    if count <= listed:
        found = [{**extra, **{n: int(v) for n, v in m.to_named_dict().items()}} for m in vertices.items()]
        held = [n for n in nodes if n in found[0]]  # isolated inputs are added by the caller
        found.sort(key=lambda s: tuple(s[n] for n in held))
        states = [{n: s[n] for n in held} for s in found]
    return count, summary, states
