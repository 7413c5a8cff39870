"""Independent reference implementations: explicit state transition graphs built by
evaluating rules with boolean.py one state at a time, and networkx graph algorithms."""

from __future__ import annotations

import itertools
import math

import networkx as nx

from logicnet import expr as ex
from logicnet.network import BooleanNetwork


def evaluate(net: BooleanNetwork, state: dict[str, int]) -> dict[str, int]:
    out = {}
    for n in net.nodes:
        e = net.rule(n)
        out[n] = state[n] if e is None else ex.constant_value(ex.fix(e, {s: state[s] for s in ex.support(e)}))
    return out


def states(net: BooleanNetwork):
    for bits in itertools.product((0, 1), repeat=len(net)):
        yield dict(zip(net.nodes, bits))


def key(net, state) -> tuple[int, ...]:
    return tuple(state[n] for n in net.nodes)


def stg(net: BooleanNetwork, semantics: str) -> nx.DiGraph:
    g = nx.DiGraph()
    for s in states(net):
        f = evaluate(net, s)
        k = key(net, s)
        g.add_node(k)
        unstable = [n for n in net.nodes if f[n] != s[n]]
        if semantics == "synchronous":
            g.add_edge(k, key(net, f))
        elif semantics == "asynchronous":
            for n in unstable:
                g.add_edge(k, key(net, {**s, n: f[n]}))
        else:  # general asynchronous
            for r in range(1, len(unstable) + 1):
                for subset in itertools.combinations(unstable, r):
                    g.add_edge(k, key(net, {**s, **{n: f[n] for n in subset}}))
    return g


def attractor_sets(net: BooleanNetwork, semantics: str) -> set[frozenset]:
    """Attractors as frozensets of state tuples (model order)."""
    g = stg(net, semantics)
    return {frozenset(c) for c in nx.attracting_components(g)}


def is_trap_space(net: BooleanNetwork, space: dict) -> bool:
    free = [n for n in net.nodes if space[n] == "*"]
    for bits in itertools.product((0, 1), repeat=len(free)):
        s = {**space, **dict(zip(free, bits))}
        f = evaluate(net, s)
        if any(f[n] != space[n] for n in net.nodes if space[n] != "*"):
            return False
    return True


def trap_spaces(net: BooleanNetwork) -> list[dict]:
    out = []
    for vals in itertools.product((0, 1, "*"), repeat=len(net)):
        space = dict(zip(net.nodes, vals))
        if is_trap_space(net, space):
            out.append(space)
    return out


def contains(a: dict, b: dict) -> bool:
    """Subspace a contains subspace b."""
    return all(a[n] == "*" or a[n] == b[n] for n in a)


def minimal_trap_spaces(net):
    ts = trap_spaces(net)
    return [t for t in ts if not any(u != t and contains(t, u) for u in ts)]


def maximal_trap_spaces(net):
    ts = [t for t in trap_spaces(net) if any(v != "*" for v in t.values())]
    return [t for t in ts if not any(u != t and contains(u, t) for u in ts)]


def signed_edges(net: BooleanNetwork) -> dict[tuple[str, str], set[int]]:
    """Signs by truth table: +1 if raising the regulator can raise the target's function."""
    edges: dict[tuple[str, str], set[int]] = {}
    for s in states(net):
        f = evaluate(net, s)
        for r in net.nodes:
            if s[r]:
                continue
            g = evaluate(net, {**s, r: 1})
            for n in net.nodes:
                if net.rule(n) is not None and f[n] != g[n]:
                    edges.setdefault((r, n), set()).add(1 if g[n] > f[n] else -1)
    return edges


def negative_cycles(nodes, edges, removed) -> list:
    graph = nx.DiGraph(e for e in edges if removed.isdisjoint(e))
    out = []
    for cycle in nx.simple_cycles(graph):
        pairs = list(zip(cycle, cycle[1:] + cycle[:1]))
        for signs in itertools.product(*(sorted(edges[p]) for p in pairs)):
            if math.prod(signs) < 0:
                out.append(cycle)
                break
    return out
