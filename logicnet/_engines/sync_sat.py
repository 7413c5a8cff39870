"""Synchronous attractors of networks too large to enumerate: bounded unrolling with clingo.

The scheme of Dubrova & Teslenko's BNS (2011), also behind R BoolNet's ``sat.exhaustive``:
a path of ``k`` synchronous steps ``y_k -> ... -> y_1 -> y_0`` is unrolled, and every state
of every attractor known so far is forbidden as its *last* state ``y_0``. Then

* no such path exists: every state reached after ``k`` steps, ``f^k(S)``, lies in a known
  attractor; since every cycle lies in ``f^k(S)``, all attractors are known (complete);
* the solver finds one: the trajectory from its ``y_0`` is followed with the compiled rules
  until it repeats a state or meets a known attractor. A repeated state closes a new
  cycle, whose states are then forbidden too; a known attractor means ``y_0`` is a
  transient state more than ``k`` steps from its cycle, and ``k`` is doubled.

One solver call enumerates paths until a doubling is needed: each new cycle's states are
added as nogoods from the model callback, so the search goes on where it was instead of
starting again per attractor (bbm-175, 4,770 attractors: 8.6 s became 1.7 s). Such nogoods
hold for one call only; before the next, the program grows in place (clingo multi-shot)
by the forbidden states and, numbered backwards from ``y_0``, by the earlier states of the
longer path. So there are at most (log2 of the longest transient + 2) solver calls. Long
transients make ``k`` grow; past ``max_length`` steps, or a deadline, the attractors found
so far are returned with ``complete=False``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import clingo

from ..errors import SearchTimeout
from ..network import BooleanNetwork
from ..results import Attractor
from . import Search
from .asp import _report_symbol, rule_literals
from .compiled import compile_network

State = tuple[int, ...]


class _Template:
    """The rules' definitions recorded once over placeholder atoms and replayed per time
    step with fresh atoms: the expression trees are walked once, not once per step."""

    def __init__(self, n: int, literals: Callable) -> None:
        self.n = n
        self.count = n + 1  # placeholders 1..n: the node atoms; n + 1: the atom that holds
        self.rules: list[tuple[list[int], list[int], bool]] = []
        self.roots = literals(self, list(range(1, n + 1)), n + 1)

    def add_atom(self) -> int:  # the backend calls the literal builder makes
        self.count += 1
        return self.count

    def add_rule(self, head: Sequence[int], body: Sequence[int] = (), choice: bool = False) -> None:
        self.rules.append((list(head), list(body), choice))

    def replay(self, b: clingo.backend.Backend, x: list[int], true: int) -> list[int | None]:
        """Add the definitions over the atoms ``x``; the literal of each update function."""
        atom = [0, *x, true, *(b.add_atom() for _ in range(self.count - self.n - 1))]

        def lit(v: int) -> int:
            return atom[v] if v > 0 else -atom[-v]

        for head, body, choice in self.rules:
            b.add_rule([lit(v) for v in head], [lit(v) for v in body], choice)
        return [None if r is None else lit(r) for r in self.roots]


class _Unrolling:
    """The clingo program of a backward path ``y_k -> ... -> y_0`` (see the module notes)."""

    def __init__(self, network: BooleanNetwork) -> None:
        self.n = len(network)
        self.template = _Template(self.n, rule_literals(network))
        self.ctl = clingo.Control(["-W", "none", "--models=0"])
        with self.ctl.backend() as b:
            self.true = b.add_atom()
            b.add_rule([self.true])
            # y_0, the last state: the only named atoms, so a model lists them cheaply
            self.steps = [[b.add_atom(_report_symbol(i)) for i in range(self.n)]]
            for a in self.steps[0]:
                b.add_rule([a], choice=True)
        self.position = {_report_symbol(i): i for i in range(self.n)}

    @property
    def length(self) -> int:
        return len(self.steps) - 1

    def extend(self, length: int) -> None:
        """Unroll earlier states until the path has ``length`` steps: y_{j-1} = f(y_j)."""
        with self.ctl.backend() as b:
            while self.length < length:
                y = [b.add_atom() for _ in range(self.n)]
                for a in y:
                    b.add_rule([a], choice=True)
                later = self.steps[-1]
                for i, root in enumerate(self.template.replay(b, y, self.true)):
                    f = y[i] if root is None else root  # an input keeps its value
                    b.add_rule([], [later[i], -f])
                    b.add_rule([], [-later[i], f])
                self.steps.append(y)

    def forbid(self, states: list[State]) -> None:
        """No path may end in these states."""
        with self.ctl.backend() as b:
            for s in states:
                b.add_rule([], [a if v else -a for a, v in zip(self.steps[0], s)])

    def enumerate_last_states(self, visit: Callable[[State], list[State] | None]) -> bool:
        """Hand the last state of each path to ``visit``, which returns states that no later
        path may end in, or None to stop. Whether every path was seen (False: stopped).
        Solved synchronously (an asynchronous solve costs a thread hand-over, ms where the
        search takes µs); :func:`_watchdog` interrupts it at the deadline."""
        stopped = False

        def read(model: clingo.Model) -> bool:
            nonlocal stopped
            values = [0] * self.n
            for sym in model.symbols(atoms=True):
                values[self.position[sym]] = 1
            forbidden = visit(tuple(values))
            if forbidden is None:
                stopped = True
                return False
            for s in forbidden:
                model.context.add_nogood([a if v else -a for a, v in zip(self.steps[0], s)])
            return True

        result = self.ctl.solve(on_model=read)
        if result.interrupted:
            raise SearchTimeout("the synchronous unrolling was interrupted at its deadline")
        return not stopped


@contextlib.contextmanager
def _watchdog(ctl: clingo.Control, deadline: float | None) -> Iterator[None]:
    """Interrupt ``ctl``'s search when ``deadline`` (time.monotonic) passes: one timer
    thread for the whole search, joined on exit (a forked child must not inherit it)."""
    if deadline is None:
        yield
        return
    timer = threading.Timer(max(0.0, deadline - time.monotonic()), ctl.interrupt)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()


def sync_attractors_sat(
    network: BooleanNetwork, *, limit: int | None = None, deadline: float | None = None, max_length: int = 1000
) -> Search:
    """Synchronous attractors of ``network`` (see the module notes), at most ``limit + 1``.

    Cost: one SAT call per doubling of the path, on a program of (path length) x (size of
    the rules), enumerating the attractors; the trajectories are followed one state at a
    time.
    """
    compiled = compile_network(network)
    nodes = network.nodes
    known: list[list[State]] = []
    path = _Unrolling(network)
    path.extend(1)

    try:
        with _watchdog(path.ctl, deadline):
            complete, note = _search(path, compiled.successor, known, limit, deadline, max_length)
    except SearchTimeout:
        complete, note = False, "timeout before completeness was proven"
    method = "clingo unrolling"
    if complete:
        method += f" (complete at {path.length} steps)"
    return Search(_out(known, nodes), complete, method, (note,) if note else ())


def _search(
    path: _Unrolling,
    successor: Callable[[State], State],
    known: list[list[State]],
    limit: int | None,
    deadline: float | None,
    max_length: int,
) -> tuple[bool, str | None]:
    """Fill ``known`` with cycles; whether that is all of them, and a note why not."""
    known_states: set[State] = set()
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise SearchTimeout("deadline")  # the timer fired between two searches
        fresh = len(known)

        def visit(last: State) -> list[State] | None:
            cycle = _new_cycle(successor, last, known_states)
            if cycle is None:  # a transient more than `length` steps long: unroll further
                return None
            known.append(cycle)
            known_states.update(cycle)
            return None if limit is not None and len(known) > limit else cycle

        if path.enumerate_last_states(visit):
            return True, None
        if limit is not None and len(known) > limit:
            return False, None
        for cycle in known[fresh:]:  # the nogoods held for that call only
            path.forbid(cycle)
        if path.length >= max_length:
            return False, f"no proof of completeness within {max_length} steps (long transients)"
        path.extend(min(2 * path.length, max_length))


def _new_cycle(successor: Callable[[State], State], start: State, known: set[State]) -> list[State] | None:
    """The cycle the trajectory from ``start`` ends in, starting at its smallest state (as a
    number, node i being bit i, as in the explicit engine); None when it is a known one."""
    seen: dict[State, int] = {}
    trajectory: list[State] = []
    x = start
    while x not in seen:
        if x in known:
            return None
        seen[x] = len(trajectory)
        trajectory.append(x)
        x = successor(x)
    cycle = trajectory[seen[x] :]
    m = cycle.index(min(cycle, key=lambda s: s[::-1]))
    return cycle[m:] + cycle[:m]


def _out(cycles: list[list[State]], nodes: tuple[str, ...]) -> list[Attractor]:
    return [Attractor.from_states([dict(zip(nodes, s)) for s in cyc], nodes, "cyclic") for cyc in cycles]
