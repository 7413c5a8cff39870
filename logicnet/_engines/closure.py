"""Smallest trap spaces and walks of many perturbed networks at once, bit-parallel.

A search for interventions asks the same two questions of thousands of variants of one
network (each with a few nodes held fixed), so both run on *lanes*: every node's value is a
Python ``int`` with one bit per lane, and one pass over the rules serves every lane.

- :meth:`TrapClosure.close` gives, per lane, the smallest trap space containing a start
  subspace when some nodes are held at fixed values (every trajectory from the start stays
  in it). It is three-valued propagation: per node the bits "can be 0" and "can be 1",
  grown until nothing changes. Node ``X`` can take value ``v`` as soon as one term of a DNF
  of ``f_X = v`` has all its literals possible, which is exact for any DNF (a point of the
  subspace where ``f_X = v`` satisfies one of its terms). Bits are only added: at most 2n
  passes over the rules.
- :meth:`TrapClosure.percolate` is its dual: from the whole space, a value is removed when
  no term allows it (value propagation from the held nodes; every attractor lies in the
  subspace left).
- :func:`sweeps` follows one asynchronous trajectory per lane: every node updated once per
  sweep, in a random order (a valid asynchronous path, n times as fast as single steps), or
  all at once (the synchronous trajectory).

>>> from logicnet import BooleanNetwork
>>> tc = TrapClosure(BooleanNetwork({"A": "A", "B": "A", "C": "!C"}))
>>> lanes = tc.close({"A": 1, "B": 0, "C": 0}, [{}, {"C": 0}])
>>> [tc.subspace(lanes, k) for k in range(2)]
[{'A': 1, 'B': '*', 'C': '*'}, {'A': 1, 'B': '*', 'C': 0}]
"""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..network import BooleanNetwork
from ..types import Value
from .bdd import FunctionBdds

if TYPE_CHECKING:  # compiled imports numpy, which a control command need not load
    from .compiled import CompiledNetwork

__all__ = ["TrapClosure", "Lanes", "sweeps", "lanes_set", "fold_blocks"]

#: Per node, the lanes where it can be 0 and those where it can be 1.
Lanes = list[list[int]]


class TrapClosure:
    """The DNFs of every update function and of its negation, ready for :meth:`close`."""

    def __init__(self, network: BooleanNetwork) -> None:
        self.network = network
        self.nodes = network.nodes
        self.index = {n: i for i, n in enumerate(self.nodes)}
        bdds = FunctionBdds(network)
        names = bdds.variables

        def terms(f) -> tuple[tuple[tuple[int, int], ...], ...]:
            return tuple(
                tuple((self.index[names.get_variable_name(k)], int(v)) for k, v in clause.items())
                for clause in f.to_dnf()
            )

        # (node, value, DNF of "f_node = value"), inputs left out: they keep their start values
        self.rules = [
            (i, v, terms(f if v else f.l_not()))
            for i, n in enumerate(self.nodes)
            if network.rule(n) is not None
            for v in (0, 1)
            for f in (bdds.of_node(n),)
        ]
        # the update functions over packed states, as :func:`sweeps` takes them (an input
        # keeps its value): the same DNFs evaluated, no code to generate and compile
        self.n = len(self.nodes)
        ones = {i: dnf for i, v, dnf in self.rules if v}
        self.functions = tuple(
            functools.partial(_evaluate, ones[i]) if i in ones else functools.partial(_keep, i) for i in range(self.n)
        )

    def step(self, x: Sequence[int], mask: int) -> list[int]:
        """Synchronous successor of every packed state (as :class:`~.compiled.CompiledNetwork`)."""
        return [f(x, mask) for f in self.functions]

    def close(self, start: Mapping[str, Value] | Lanes, fixed: Sequence[Mapping[str, int]]) -> Lanes:
        """Per lane ``k``, the smallest trap space containing the start with the nodes of
        ``fixed[k]`` held at their values, as "can be 0 / can be 1" lane bits per node.

        ``start``: one subspace for every lane (values 0, 1 or ``"*"``; a missing node is
        free), or per-lane starts in the answer's own form (e.g. states from :func:`sweeps`).
        """
        width = len(fixed)
        full = (1 << width) - 1
        if isinstance(start, Mapping):
            values = [start.get(n, "*") for n in self.nodes]
            can = [[full if v != 1 else 0, full if v != 0 else 0] for v in values]
        else:
            can = [[c0, c1] for c0, c1 in start]
        return self._grow(can, *self._held(fixed, full))

    def close_each(self, starts: Sequence[Mapping[str, Value]], fixed: Sequence[Mapping[str, int]]) -> Lanes:
        """:meth:`close` of every start with every set of ``fixed`` in one pass: lane
        ``j * len(fixed) + k`` is ``starts[j]`` with ``fixed[k]`` held."""
        width = len(fixed)
        block = (1 << width) - 1
        copies = sum(1 << (j * width) for j in range(len(starts)))  # times a block's mask: one copy per start
        held, free = self._held(fixed, block)
        can = []
        for n in self.nodes:
            values = [s.get(n, "*") for s in starts]
            can.append([
                block * sum(1 << (j * width) for j, v in enumerate(values) if v != 1),
                block * sum(1 << (j * width) for j, v in enumerate(values) if v != 0),
            ])  # fmt: skip
        return self._grow(can, [[h0 * copies, h1 * copies] for h0, h1 in held], [f * copies for f in free])

    def _grow(self, can: Lanes, held: Lanes, free: list[int]) -> Lanes:
        """``can`` with the held values set, grown until every value a function can take
        from the values possible is possible (the fixed point of :meth:`close`)."""
        for i, (h0, h1) in enumerate(held):
            can[i] = [(can[i][0] & free[i]) | h0, (can[i][1] & free[i]) | h1]
        changed = True
        while changed:
            changed = False
            for i, v, dnf in self.rules:
                grown = _some_term(dnf, can, free[i] & ~can[i][v])  # only lanes where this could add
                if grown:
                    can[i][v] |= grown
                    changed = True
        return can

    def percolate(self, fixed: Sequence[Mapping[str, int]]) -> Lanes:
        """Per lane ``k``, the subspace value propagation leaves with the nodes of
        ``fixed[k]`` held (every attractor lies in it, under every semantics): the dual of
        :meth:`close`, shrinking "can be" bits from the whole space until every node can
        take only values its function can produce."""
        width = len(fixed)
        full = (1 << width) - 1
        held, free = self._held(fixed, full)
        can = [[free[i] | h0, free[i] | h1] for i, (h0, h1) in enumerate(held)]
        changed = True
        while changed:
            changed = False
            for i, v, dnf in self.rules:
                lost = can[i][v] & free[i] & ~_some_term(dnf, can, can[i][v])
                if lost:
                    can[i][v] &= ~lost
                    changed = True
        return can

    def _held(self, fixed: Sequence[Mapping[str, int]], full: int) -> tuple[Lanes, list[int]]:
        """Per node, the lanes holding it at 0 and at 1, and the lanes leaving it free."""
        held = [[0, 0] for _ in self.nodes]
        for k, fix in enumerate(fixed):
            for n, v in fix.items():
                held[self.index[n]][v] |= 1 << k
        return held, [full & ~(h0 | h1) for h0, h1 in held]

    @staticmethod
    def states(packed: Sequence[int], width: int) -> Lanes:
        """Single states per lane (packed as :func:`sweeps` returns them), as a start."""
        full = (1 << width) - 1
        return [[full & ~x, x] for x in packed]

    def subspace(self, lanes: Lanes, k: int) -> dict[str, Value]:
        """Lane ``k`` of :meth:`close`'s answer as a subspace (0, 1 or ``"*"`` per node)."""
        out: dict[str, Value] = {}
        for n, (c0, c1) in zip(self.nodes, lanes, strict=True):
            zero, one = c0 >> k & 1, c1 >> k & 1
            out[n] = "*" if zero and one else int(one)
        return out


def sweeps(
    compiled: CompiledNetwork | TrapClosure,
    starts: Sequence[Sequence[int]],
    fixed: Sequence[Mapping[int, int]],
    rounds: int,
    *,
    synchronous: bool = False,
    seed: int = 0,
) -> list[int]:
    """The state reached by one trajectory per lane from ``starts[k]`` (0/1 per node, in
    model order) with the nodes of ``fixed[k]`` (by position) held: ``rounds`` sweeps of
    asynchronous updates in random orders, or ``rounds`` synchronous steps. Packed: per node,
    its value in every lane. ``compiled``: the update functions, compiled or a closure's DNFs."""
    width = len(starts)
    mask = (1 << width) - 1
    n = compiled.n
    ones = [0] * n
    zeros = [0] * n
    x = [0] * n
    for k, (start, fix) in enumerate(zip(starts, fixed, strict=True)):
        bit = 1 << k
        for i in range(n):
            if start[i]:
                x[i] |= bit
        for i, v in fix.items():
            (ones if v else zeros)[i] |= bit
    keep = [mask & ~(ones[i] | zeros[i]) for i in range(n)]
    x = [(x[i] & keep[i]) | ones[i] for i in range(n)]
    order = list(range(n))
    rng = random.Random(seed)
    for _ in range(rounds):
        if synchronous:
            x = [(v & keep[i]) | ones[i] for i, v in enumerate(compiled.step(x, mask))]
            continue
        rng.shuffle(order)
        for i in order:
            x[i] = (compiled.functions[i](x, mask) & keep[i]) | ones[i]
    return x


def _evaluate(dnf: Sequence[Sequence[tuple[int, int]]], x: Sequence[int], mask: int) -> int:
    """The lanes of packed states ``x`` where some term of ``dnf`` holds."""
    found = 0
    for term in dnf:
        hit = mask
        for j, w in term:
            hit &= x[j] if w else ~x[j]
            if not hit:
                break
        found |= hit
    return found


def _keep(i: int, x: Sequence[int], mask: int) -> int:
    return x[i] & mask


def _some_term(dnf: Sequence[Sequence[tuple[int, int]]], can: Lanes, lanes: int) -> int:
    """The lanes among ``lanes`` where some term of ``dnf`` has every literal possible."""
    found = 0
    for term in dnf:
        hit = lanes & ~found
        for j, w in term:
            hit &= can[j][w]
            if not hit:
                break
        found |= hit
    return found


def lanes_set(bits: int, width: int) -> list[int]:
    """The lanes whose bit is set in ``bits`` (of ``width`` lanes), in order; linear in the
    width (testing ``bits >> k & 1`` lane by lane is quadratic). Pure Python: importing
    numpy for this costs a command more than the search often does.

    >>> lanes_set(0b1010, 4)
    [1, 3]
    """
    text = format(bits & ((1 << width) - 1), "b")[::-1]  # lane 0 first
    found: list[int] = []
    k = text.find("1")
    while k >= 0:
        found.append(k)
        k = text.find("1", k + 1)
    return found


def fold_blocks(bits: int, width: int, blocks: int) -> tuple[int, int]:
    """(AND, OR) over ``blocks`` consecutive blocks of ``width`` lanes of ``bits`` (the lanes
    of :meth:`TrapClosure.close_each`: per set, whether every start, or some start, has it).

    >>> fold_blocks(0b10_11, 2, 2)
    (2, 3)
    """
    full = (1 << width) - 1
    every, some = full, 0
    for j in range(blocks):
        block = (bits >> (j * width)) & full
        every &= block
        some |= block
    return every, some
