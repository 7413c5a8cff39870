"""Asynchronous attractors of large networks through a succession diagram of trap spaces.

A symbolic search over the whole state space stalls on networks of a few hundred free nodes
(random N-K networks, say); their attractors are found here by splitting the space along
trap spaces, the approach of biobalm (Trinh, Park, Pastva, Rozum 2025), written anew.

Facts the search rests on (asynchronous semantics; "space" = subspace):

1. Every attractor ``A`` has a smallest trap space ``T(A)`` containing it (trap spaces are
   closed under intersection). ``A`` is either all attractors' home in a *minimal* trap
   space, or *motif-avoidant* in ``T(A)``: it lies in none of the maximal proper trap
   subspaces ("children") of ``T(A)``, since any of them containing ``A`` would contain
   ``T(A)``. So visiting trap spaces from the whole space down through children, and
   asking at each visited space only for the attractors avoiding its children, lists each
   attractor once, at ``T(A)``.
2. Candidates (Trinh et al., mts-nfvs): let ``U`` hit every negative cycle of the
   interaction graph and give each ``u`` in ``U`` a value ``r_u``. Forbid ``u`` to leave
   ``r_u``: in an attractor of that restricted dynamics (a subgraph of the original, so
   every original attractor contains one) each ``u`` is constant, and the rest has no
   negative cycle, so its attractors are fixed points (Richard 2010). Hence every attractor
   contains a state where every node outside ``U`` is stable and every ``u`` is stable or
   sits at ``r_u``: clingo lists them, excluding the children. No candidate, no attractor.
3. A candidate whose random walk enters a child is in no motif-avoidant attractor (a child
   is a trap). The rest are settled exactly: the attractors inside the forward-reachable
   set of a candidate that avoids the children (biodivine-aeon).
4. Blocks: if ``B`` is closed under regulators, every attractor projects onto an attractor
   of the network restricted to ``B``. So when that smaller network has no attractor
   avoiding its own maximal trap spaces (which extend to children of the whole), every
   attractor lies in one of those children and only they need visiting.
5. Percolation is exact (on BDDs): a node whose function is constant on a trap space is
   fixed in every attractor inside it. Source nodes (``f_v = v``) split the space into one
   trap space per valuation.

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !D", "D": "C"})
>>> sorted(sorted(a.values.items()) for a in succession_attractors(net).found)  # doctest: +NORMALIZE_WHITESPACE
[[('A', 0), ('B', 1), ('C', 0), ('D', 0)], [('A', 1), ('B', 0), ('C', '*'), ('D', '*')]]
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

import biodivine_aeon as ba

from .. import expr as ex
from ..errors import SearchTimeout, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..results import Attractor, AttractorSeed
from . import Search
from .asp import _reported, rule_literals, solve, trap_space_rules
from .bdd import FunctionBdds, trap_closure
from .circuits import negative_feedback_vertex_set

__all__ = ["succession_attractors"]

Space = dict[str, int]

#: Below this many free nodes a space is handed to aeon whole (fast there, and no trap spaces to list).
SYMBOLIC_NODES = 20
#: Candidate states listed at most per question (more: the space is searched symbolically).
CANDIDATES = 1000
#: Node updates of the random walks that thin out candidates before any symbolic check
#: (one sweep updates every node once, in every walk at once: about a second of Python).
WALK_UPDATES = 4_000_000


def succession_attractors(
    network: BooleanNetwork,
    limits: Limits | None = None,
    *,
    limit: int | None = None,
    deadline: float | None = None,
    seeds: bool = False,
) -> Search:
    """Asynchronous attractors of a percolated ``network`` (at most ``limit + 1`` when a
    limit is given), found space by space (see the module docstring). Complete unless the
    deadline passed. With ``seeds``, the found items are :class:`AttractorSeed`: no
    attractor's states are computed where a candidate is known to lie in it.

    Cost: per visited trap space, two or three answer-set searches linear in the rules'
    BDDs and, only where candidates survive their random walks (or to describe a complex
    attractor), symbolic reachability on the space's core; the number of spaces visited is
    worst-case exponential (biobalm's benchmark networks of 2,560 nodes need a handful).
    """
    diagram = _Diagram(network, resolve(limits), deadline, seeds, limit)
    method = "succession diagram of trap spaces (clingo, biodivine-aeon)"
    try:
        diagram.search()
    except SearchTimeout:
        return Search(diagram.items(), False, method, ["timeout: the succession diagram was not fully explored"])
    return Search(diagram.items(), True, f"{method}: {diagram.visited} trap spaces visited")


class _Found(NamedTuple):
    """An attractor as found: described (None when only seeds are wanted and the seed was
    known without its states) and its seed."""

    attractor: Attractor | None
    seed: AttractorSeed


class _Diagram:
    """The root network's BDDs, exact percolation, and the search over trap spaces."""

    def __init__(
        self, network: BooleanNetwork, limits: Limits, deadline: float | None, seeds: bool, limit: int | None
    ) -> None:
        self.network = network
        self.limits = limits
        self.deadline = deadline
        self.seeds = seeds
        self.limit = limit
        self.bdds = FunctionBdds(network)
        names = self.bdds.variables
        self.functions = {n: self.bdds.of_node(n) for n in network.nodes}
        self.support = {
            n: sorted(names.get_variable_name(v) for v in f.support_set()) for n, f in self.functions.items()
        }
        self.targets: dict[str, list[str]] = {n: [] for n in network.nodes}
        for n, regs in self.support.items():
            for r in regs:
                self.targets[r].append(n)
        self.found: list[_Found] = []
        self.visited = 0

    def items(self) -> list:
        return [f.seed if self.seeds else f.attractor for f in self.found]

    # -- the search -----------------------------------------------------------------

    def search(self) -> None:
        """Visit trap spaces depth first (children lazily: source valuations can be many)."""
        seen: set[frozenset] = set()
        stack: list[Iterator[Space]] = [iter([{}])]
        cap = self.limits.attractors if self.limit is None else self.limit
        while stack and len(self.found) <= cap:
            space = next(stack[-1], None)
            if space is None:
                stack.pop()
                continue
            space = self.percolate(space)
            key = frozenset(space.items())
            if key not in seen:
                seen.add(key)
                self.visited += 1
                stack.append(iter(self.visit(space)))
        if self.limit is None and len(self.found) > cap:
            raise SizeLimitError(
                f"more than {cap:,} asynchronous attractors: too many to list; set a limit or fix some inputs"
            )

    def visit(self, space: Space) -> Iterable[Space]:
        """Record the attractors of ``space`` that avoid the spaces returned (to visit next)."""
        self._check_time()
        net, sources = self.reduced(space)
        if len(net) == 0:
            self._record(Attractor("fixed", 1, {}, ({},)), {}, space)
            return []
        if sources:  # one trap space per valuation of the sources; no state outside them
            if self.limit is None and 2 ** len(sources) > self.limits.attractors:
                raise SizeLimitError(
                    f"{len(sources)} free inputs give more than {self.limits.attractors:,} asynchronous "
                    "attractors: too many to list; set a limit or fix some inputs"
                )
            return (
                {**space, **{s: (k >> i) & 1 for i, s in enumerate(reversed(sources))}}
                for k in range(2 ** len(sources))
            )
        if len(net) <= SYMBOLIC_NODES:
            return self._owned(self._symbolic(net, space, None, []), space)
        children = _maximal_trap_spaces(net, self.deadline)
        if not children:  # a minimal trap space: every attractor in it
            self.found += self._settle(net, space, self.candidates(net, []), [])
            return []
        for block in _blocks(net, children):
            inner = net.restricted_to([n for n in net.nodes if n in block])
            if self.candidates(inner, [c for c in children if c.keys() <= block], walk=True) == []:
                return [{**space, **c} for c in children if c.keys() <= block]
        self.found += self._settle(net, space, self.candidates(net, children, walk=True), children)
        return [{**space, **c} for c in children]

    def _found(self, attractor: Attractor | None, state: Mapping[str, int], space: Space, kind: str = "") -> _Found:
        """A found attractor (values and state over the free nodes of ``space``), lifted."""
        nodes = self.network.nodes
        seed = AttractorSeed(
            kind or (attractor.type if attractor is not None else "complex"),
            {n: space[n] if n in space else state[n] for n in nodes},
            {n: space.get(n, "*") for n in nodes},
        )
        return _Found(None if attractor is None else _lift(attractor, space, nodes), seed)

    def _record(self, attractor: Attractor, state: Mapping[str, int], space: Space) -> None:
        self.found.append(self._found(attractor, state, space))

    def _owned(self, found: list[_Found], space: Space) -> list[Space]:
        """Keep the attractors whose smallest trap space is ``space`` (fact 1: reported
        there only, though overlapping spaces searched whole find them too); return the
        smallest trap spaces of the others, to visit (each is reported there)."""
        elsewhere = []
        for f in found:
            home = self.smallest_trap_space(f.seed.state if f.attractor is None else f.attractor.values)
            if home == space:
                self.found.append(f)
            else:
                elsewhere.append(home)
        return elsewhere

    def smallest_trap_space(self, values: Mapping[str, object]) -> Space:
        """The smallest trap space containing the subspace ``values``."""
        fixed = {n: int(v) for n, v in values.items() if v in (0, 1)}
        return trap_closure(fixed, self.functions, self.support, self.targets)

    # -- candidates and their settlement ------------------------------------------------

    def candidates(self, net: BooleanNetwork, avoid: list[Space], walk: bool = False) -> list[Space] | None:
        """States covering every attractor of ``net`` outside the ``avoid`` trap spaces
        (fact 2), less those whose walk enters one of them (fact 3) when ``walk``; None
        when there are too many to list."""
        self._check_time()
        nfvs = negative_feedback_vertex_set(net)
        retained = {u: _majority(self.functions[u]) for u in nfvs}
        if avoid:  # retained at a child's values: its states are excluded anyway
            child = min(avoid, key=lambda c: len(c.keys() & retained.keys()))
            retained.update({u: child[u] for u in nfvs if u in child})
        found = _retained_fixed_points(net, retained, avoid, CANDIDATES + 1, self._left())
        if found is None or len(found) > CANDIDATES:
            return None
        enough = 0 if avoid else 1  # a minimal trap space holds at least one attractor
        for u in nfvs:  # greedy: flip a retained value while that lists fewer candidates
            if len(found) <= enough:
                break
            flipped = {**retained, u: 1 - retained[u]}
            fewer = _retained_fixed_points(net, flipped, avoid, len(found), self._left())
            if fewer is not None and len(fewer) < len(found):
                retained, found = flipped, fewer
        if walk and avoid and found:
            found = _walk(net, found, avoid, 0)
        return found

    def _settle(
        self, net: BooleanNetwork, space: Space, candidates: list[Space] | None, avoid: list[Space]
    ) -> list[_Found]:
        """The attractors of ``net`` outside ``avoid`` that contain a candidate (all of
        them: fact 2); with no candidate list, searched symbolically in the whole space."""
        if candidates == []:
            return []
        if candidates is not None and not avoid:
            # a minimal trap space: walks that meet merge (fact 3); one left is in the only
            # attractor. They walk on the core (attractors correspond one to one, see
            # peeled_attractors), where states meet far sooner than with every sink's lag.
            candidates = self._walk_core(net, space, candidates)
            if len(candidates) == 1 and self._is_fixed(net, space, candidates[0]):
                (state,) = candidates
                return [self._found(Attractor("fixed", 1, state, (state,)), state, space)]
            if self.seeds:  # no attractor set needed: a state in each (the last unchecked)
                from .symbolic import peeled_seeds, time_limit

                with time_limit(self._left()):
                    states = candidates if len(candidates) == 1 else peeled_seeds(net, candidates)
                kinds = ["fixed" if self._is_fixed(net, space, s) else "complex" for s in states]
                return [self._found(None, s, space, kind) for s, kind in zip(states, kinds)]
        return self._symbolic(net, space, candidates, avoid)

    def _is_fixed(self, net: BooleanNetwork, space: Space, state: Mapping[str, int]) -> bool:
        """Whether ``state`` (over the free nodes of ``space``) is a fixed point."""
        full = {**space, **state}
        return all(self.restricted(n, full).is_true() == bool(state[n]) for n in net.nodes)

    def _walk_core(self, net: BooleanNetwork, space: Space, candidates: list[Space]) -> list[Space]:
        """States, fewer, such that every attractor of ``net`` holds one: the candidates'
        walks on the core, each completed by setting the sinks in the order they come back
        (a sink constant on an attractor gets that constant, so the state lies in it)."""
        from .symbolic import peel

        core, sinks = peel(net)
        inner = net.restricted_to(core)
        walked = _walk(inner, [{n: c[n] for n in core} for c in candidates], [], 1) if core else [{}]
        out = []
        for state in walked:
            full = {**space, **state}
            for d in reversed(sinks):
                full[d] = int(self.restricted(d, full).is_true())
            out.append({n: full[n] for n in net.nodes})
        return out

    def _symbolic(
        self, net: BooleanNetwork, space: Space, candidates: list[Space] | None, avoid: list[Space]
    ) -> list[_Found]:
        """Attractors of ``net`` outside ``avoid`` holding a candidate (anywhere when None)."""
        from .symbolic import SymbolicAsync, peeled_attractors, time_limit

        listed = self.limits.listed_states
        with time_limit(self._left()):
            if not avoid:  # every attractor of the space
                return [self._found(a, state, space) for a, state in peeled_attractors(net, listed, candidates)]
            sym = SymbolicAsync(net)
            children = sym.graph.mk_empty_colored_vertices()
            for c in avoid:
                children = children.union(sym.subspace(c))
            found: list[ba.ColoredVertexSet] = []
            for start_set in (sym.subspace(c) for c in candidates or ()):
                if any(not start_set.intersect(a).is_empty() for a in found):
                    continue
                reach = ba.Reachability.reach_fwd(sym.graph, start_set)
                if not reach.intersect(children).is_empty():
                    continue  # it reaches a child: its attractors are found there
                for a in sym.attractors(reach):
                    if all(a.intersect(b).is_empty() for b in found):
                        found.append(a)
            if candidates is None:  # no candidate list: every attractor avoiding the children
                found = [a for a in sym.attractors() if a.intersect(children).is_empty()]
            return [self._found(sym.attractor(a, listed), sym.state_in(a), space) for a in found]

    # -- spaces ---------------------------------------------------------------------

    def percolate(self, space: Mapping[str, int]) -> Space:
        """``space`` with every node whose function is constant on it fixed, repeatedly (exact)."""
        fixed = dict(space)
        queue = [n for n in self.network.nodes if n not in fixed]
        while queue:
            n = queue.pop()
            if n in fixed:
                continue
            f = self.restricted(n, fixed)
            if f.is_true() or f.is_false():
                fixed[n] = int(f.is_true())
                queue.extend(t for t in self.targets[n] if t not in fixed)
        return fixed

    def restricted(self, node: str, values: Mapping[str, int]) -> ba.Bdd:
        """The function of ``node`` with the ``values`` of its regulators substituted."""
        return self.functions[node].r_restrict({r: bool(values[r]) for r in self.support[node] if r in values})

    def reduced(self, space: Space) -> tuple[BooleanNetwork, list[str]]:
        """The free nodes of ``space`` with their functions restricted to it, each rewritten
        from its BDD (so a regulator it no longer depends on disappears); and the sources
        among them (``f_v = v``)."""
        free = [n for n in self.network.nodes if n not in space]
        rules: dict[str, ex.Expression | None] = {}
        sources = []
        for n in free:
            f = self.restricted(n, space)
            rules[n] = _expression(f, self.bdds.variables)
            if f.semantic_eq(self.bdds.variables.mk_literal(n, True)):
                sources.append(n)
        return self.network.restricted_to(free, rules), sources

    def _left(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def _check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SearchTimeout("the succession diagram ran past its deadline")


# -- pieces ---------------------------------------------------------------------------


def _expression(f: ba.Bdd, names: ba.BddVariableSet) -> ex.Expression:
    if f.is_true() or f.is_false():
        return ex.const(f.is_true())
    terms = [
        ex.conj(
            *(
                ex.symbol(names.get_variable_name(v)) if val else ex.neg(ex.symbol(names.get_variable_name(v)))
                for v, val in sorted(clause.items())
            )
        )
        for clause in f.to_dnf()
    ]
    return ex.disj(*terms)


def _lift(a: Attractor, space: Space, nodes: tuple[str, ...]) -> Attractor:
    return a.lifted(lambda values: {n: space[n] if n in space else values[n] for n in nodes})


def _majority(f: ba.Bdd) -> int:
    """The value ``f`` takes on most states (biobalm's heuristic for retained values)."""
    return int(f.cardinality() > f.l_not().cardinality())


def _maximal_trap_spaces(net: BooleanNetwork, deadline: float | None) -> list[Space]:
    """The maximal proper trap spaces of ``net``: fixed parts only."""
    left = None if deadline is None else max(0.0, deadline - time.monotonic())
    out = []
    for values in solve(trap_space_rules(net, proper=True), heuristic="true", timeout=left):
        out.append({n: int(values[2 * i]) for i, n in enumerate(net.nodes) if values[2 * i] != values[2 * i + 1]})
    return out


def _blocks(net: BooleanNetwork, children: list[Space]) -> list[frozenset[str]]:
    """Regulator-closed node sets (fact 4), one per child's fixed nodes; the inclusion-minimal
    ones that are proper, those with the fewest children first."""
    blocks = {frozenset(_ancestry(net, c)) for c in children}
    minimal = [b for b in blocks if len(b) < len(net) and not any(o < b for o in blocks)]
    return sorted(minimal, key=lambda b: (sum(c.keys() <= b for c in children), sorted(b)))


def _ancestry(net: BooleanNetwork, nodes: Iterable[str]) -> set[str]:
    """``nodes`` and every node regulating one of them, directly or not."""
    seen = set(nodes)
    todo = list(seen)
    while todo:
        for r in net.regulators(todo.pop()):
            if r not in seen:
                seen.add(r)
                todo.append(r)
    return seen


def _retained_fixed_points(
    net: BooleanNetwork, retained: Mapping[str, int], avoid: list[Space], cap: int, timeout: float | None
) -> list[Space] | None:
    """States where every node outside ``retained`` is stable and every retained node is
    stable or at its retained value, outside every ``avoid`` space (fact 2); at most ``cap``."""
    literals = rule_literals(net)
    index = {n: i for i, n in enumerate(net.nodes)}

    def build(b):
        x = _reported(b, range(len(net.nodes)))
        true = b.add_atom()
        b.add_rule([true])
        for atom in x:
            b.add_rule([atom], choice=True)
        for i, root in enumerate(literals(b, x, true)):
            if root is None:
                continue
            r = retained.get(net.nodes[i])
            if r != 1:
                b.add_rule([], [x[i], -root])  # at 1 while f is 0: allowed only when retained at 1
            if r != 0:
                b.add_rule([], [-x[i], root])
        for space in avoid:
            b.add_rule([], [x[index[n]] if v else -x[index[n]] for n, v in space.items()])
        return x

    try:
        return [{n: int(v) for n, v in zip(net.nodes, values)} for values in solve(build, limit=cap, timeout=timeout)]
    except SearchTimeout:
        return None


def _walk(net: BooleanNetwork, states: list[Space], avoid: list[Space], keep: int) -> list[Space]:
    """Fewer states such that every attractor outside the ``avoid`` trap spaces that held
    one of ``states`` still holds one (fact 3): each state walks (one bit lane each, every
    sweep updating every node in one random order, so walks in one attractor tend to
    merge), a walk that enters an ``avoid`` space stops, and of walks at one state one goes
    on. Up to ``WALK_UPDATES / n`` sweeps (1,000 to 30,000), or until at most ``keep`` walks are left; returns
    where the walks are (each reachable from its start, so in the same attractor)."""
    from .compiled import compile_network

    compiled = compile_network(net)
    index = {v: i for i, v in enumerate(net.nodes)}
    mask = (1 << len(states)) - 1
    x = [sum(s[v] << k for k, s in enumerate(states)) for v in net.nodes]
    alive = mask
    order = list(range(len(net.nodes)))
    rng = random.Random(0)
    for _ in range(min(30_000, max(1000, WALK_UPDATES // max(1, len(net.nodes))))):
        if alive.bit_count() <= keep:
            break
        rng.shuffle(order)
        for i in order:
            x[i] = compiled.functions[i](x, mask)
        for space in avoid:
            inside = alive
            for v, val in space.items():
                inside &= x[index[v]] if val else ~x[index[v]]
            alive &= ~inside
        alive &= ~_duplicate_lanes(x, alive)
    return [{v: (x[i] >> k) & 1 for i, v in enumerate(net.nodes)} for k in range(len(states)) if alive >> k & 1]


def _duplicate_lanes(x: list[int], lanes: int) -> int:
    """The lanes at the same state as a lower lane: lanes split by each node's bit in turn
    until every group is one lane (quickly, when the states differ)."""
    groups = [lanes] if lanes & (lanes - 1) else []
    for bits in x:
        if not groups:
            return 0
        groups = [h for g in groups for h in (g & bits, g & ~bits) if h & (h - 1)]
    duplicates = 0
    for g in groups:
        duplicates |= g & (g - 1)  # all but the lowest lane
    return duplicates
