"""Explicit state-space engine for small (reduced) networks.

States are integers: bit i is node i (model order). All update functions are evaluated
once for all 2^n states with the compiled rules over numpy arrays, then successors,
strongly connected components (scipy's C implementation) and cycles are array operations.
Memory is about n bytes per state plus the edges: the size guards (``Limits.state_space``
and ``Limits.general_transitions``) bound both.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ..errors import ArgumentError, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..results import Attractor
from ..semantics import ASYNCHRONOUS, GENERAL, SYNCHRONOUS, attractor_types
from ..types import Value
from .compiled import compile_network


class StateSpace:
    """Every state of ``network`` with its update-function values (``F[i][s] = f_i(s)``)."""

    def __init__(self, network: BooleanNetwork, limits: Limits | None = None) -> None:
        self.limits = resolve(limits)
        n = len(network)
        if n > self.limits.state_space:
            raise SizeLimitError(
                f"{n} free nodes: 2^{n} states is too many to enumerate "
                f"(limit 2^{self.limits.state_space}); use the symbolic or trap-space methods"
            )
        self.network = network
        self.n = n
        self.N = 1 << n
        index = np.arange(self.N, dtype=np.uint32)
        x = [((index >> i) & 1).astype(np.uint8) for i in range(n)]
        one = np.uint8(1)
        compiled = compile_network(network)
        self.F = np.empty((n, self.N), dtype=np.uint8)
        for i, f in enumerate(compiled.functions):
            self.F[i] = np.broadcast_to(f(x, one), (self.N,))
        # D[s]: bit i set when node i is unstable in s (f_i(s) != s_i)
        self.unstable = np.zeros(self.N, dtype=np.uint32)
        for i in range(n):
            self.unstable |= (self.F[i] ^ x[i]).astype(np.uint32) << i
        self.index = index

    # -- successors -------------------------------------------------------------------
    def sync_successors(self) -> np.ndarray:
        return self.index ^ self.unstable

    def edges(self, semantics: str) -> tuple[np.ndarray, np.ndarray]:
        """(sources, targets) of every transition (no self-loops) under ``semantics``."""
        if semantics == SYNCHRONOUS:
            src = np.flatnonzero(self.unstable).astype(np.uint32)
            return src, src ^ self.unstable[src]
        if semantics == ASYNCHRONOUS:
            srcs, dsts = [], []
            for i in range(self.n):
                s = np.flatnonzero((self.unstable >> i) & 1).astype(np.uint32)
                srcs.append(s)
                dsts.append(s ^ np.uint32(1 << i))
            return _cat(srcs), _cat(dsts)
        if semantics == GENERAL:
            counts = np.left_shift(np.uint64(1), _popcount(self.unstable).astype(np.uint64)) - np.uint64(1)
            total = int(counts.sum())
            if total > self.limits.general_transitions:
                raise SizeLimitError(
                    f"general-asynchronous state graph has {total:,} transitions "
                    f"(limit {self.limits.general_transitions:,})"
                )
            # Enumerate the non-empty sub-masks T of D(s) for all states at once: T <- (T-1) & D.
            srcs, dsts = [], []
            active = np.flatnonzero(self.unstable).astype(np.uint32)
            t = self.unstable[active].copy()
            while len(active):
                srcs.append(active)
                dsts.append(active ^ t)
                t = (t - np.uint32(1)) & self.unstable[active]
                keep = t != 0
                active, t = active[keep], t[keep]
            return _cat(srcs), _cat(dsts)
        raise ArgumentError(f"no explicit state graph for {semantics}")

    # -- attractors -------------------------------------------------------------------
    def terminal_sccs(self, semantics: str) -> list[np.ndarray]:
        """Attractors as sorted state arrays, ordered by their smallest state."""
        src, dst = self.edges(semantics)
        graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(self.N, self.N))
        count, labels = connected_components(graph, directed=True, connection="strong")
        ls = labels[src]
        terminal = np.ones(count, dtype=bool)
        terminal[ls[ls != labels[dst]]] = False  # an SCC with an edge out is not an attractor
        in_terminal = terminal[labels]
        states = self.index[in_terminal]
        order = np.argsort(labels[in_terminal], kind="stable")
        states, lab = states[order], labels[in_terminal][order]
        groups = np.split(states, np.flatnonzero(np.diff(lab)) + 1) if len(states) else []
        return sorted((np.sort(g) for g in groups), key=lambda g: int(g[0]))

    def sync_cycles(self) -> tuple[list[list[int]], np.ndarray]:
        """Synchronous attractors (each cycle in order, from its smallest state) and, for
        every state, the index of the cycle it ends in (the exact basins)."""
        succ = self.sync_successors()
        # Pointer doubling: after 2^k >= N steps every state sits on its cycle.
        p = succ.copy()
        steps = 1
        while steps < self.N:
            p = p[p]
            steps *= 2
        on_cycle = np.unique(p)
        cycles: list[list[int]] = []
        cycle_of = np.full(self.N, -1, dtype=np.int64)
        for s in on_cycle:
            if cycle_of[s] >= 0:
                continue
            cyc = [int(s)]
            t = int(succ[s])
            while t != s:
                cyc.append(t)
                t = int(succ[t])
            for c in cyc:
                cycle_of[c] = len(cycles)
            cycles.append(cyc)  # starts at its smallest state: on_cycle is sorted
        return cycles, cycle_of[p]

    def attractors(
        self, semantics: str, listed: int | None = None, reached: np.ndarray | None = None
    ) -> list[Attractor]:
        """The attractors, ordered by their smallest state: synchronous cycles with their
        states in order, complex attractors with their states (node by node, 0 before 1)
        when they have at most ``listed`` (default ``Limits.listed_states``). With
        ``reached`` (a boolean per state), only the attractors whose states it marks."""
        listed = self.limits.listed_states if listed is None else listed
        other = attractor_types(semantics)[1]
        nodes = self.network.nodes
        if semantics == SYNCHRONOUS:
            groups = [np.asarray(c, dtype=np.uint32) for c in self.sync_cycles()[0]]
        else:
            groups = self.terminal_sccs(semantics)
        out = []
        for codes in groups:
            if reached is not None and not reached[codes[0]]:
                continue
            if semantics == SYNCHRONOUS:  # a cycle, its states in order
                out.append(Attractor.from_states(self.states(codes), nodes, other))
            else:
                out.append(
                    Attractor(
                        "fixed" if len(codes) == 1 else other,
                        len(codes),
                        self.summary(codes),
                        self.sorted_states(codes) if len(codes) <= listed else None,
                    )
                )
        return out

    def states(self, codes) -> list[dict[str, int]]:
        """The states with these codes, as dicts, in the order given."""
        nodes = self.network.nodes
        return [{n: (int(s) >> i) & 1 for i, n in enumerate(nodes)} for s in codes]

    def sorted_states(self, codes) -> tuple[dict[str, int], ...]:
        """A set of states as dicts in the engines' common order: node by node, 0 before 1."""
        nodes = self.network.nodes
        return tuple(sorted(self.states(codes), key=lambda s: tuple(s[n] for n in nodes)))

    def summary(self, codes: np.ndarray) -> dict[str, Value]:
        """Per node 0 or 1 when constant over the states, else ``"*"`` (vectorised)."""
        out: dict[str, Value] = {}
        for i, n in enumerate(self.network.nodes):
            bits = (codes >> i) & 1
            out[n] = "*" if bits.min() != bits.max() else int(bits[0])
        return out


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)


def _popcount(a: np.ndarray) -> np.ndarray:
    a = a.astype(np.uint32)
    count = np.zeros(a.shape, dtype=np.uint32)
    while a.any():
        count += a & 1
        a = a >> 1
    return count
