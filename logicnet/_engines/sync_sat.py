"""Synchronous attractors of networks too large to enumerate: bounded unrolling with clingo.

The iterative scheme of Dubrova & Teslenko (2011), also BoolNet's ``satExhaustive``:

* for k = 1, 2, 3, ...: every state x_0 with F^k(x_0) = x_0 (a state on a cycle whose
  period divides k) that is not in a known attractor is found by the solver; the cycle
  through it is then followed with the compiled rules and all its states are excluded;
* after step k, if no path of k + 1 pairwise distinct states avoids every known attractor,
  every cycle has period at most k, so all attractors are known: the answer is complete.

Long transients make the last check fail for a long time; a deadline or ``max_length``
then returns the attractors found so far with ``complete=False``.
"""

from __future__ import annotations

import itertools
import time

from .. import expr as ex
from ..errors import SearchTimeout
from ..network import BooleanNetwork
from ..results import Attractor
from . import Search
from .asp import solve_text
from .compiled import compile_network


def _step_rules(network: BooleanNetwork) -> list[str]:
    """x(T+1,i) <-> f_i(x(T,.)) for every time T with step(T)."""
    index = {n: i for i, n in enumerate(network.nodes)}
    out: list[str] = []
    for i, node in enumerate(network.nodes):
        e = network.rule(node)
        if e is None:
            out.append(f"x(T+1,{i}) :- x(T,{i}), step(T).")
            continue
        atoms = (f"a(T,{i},{k})" for k in itertools.count(1))

        def define(bodies: list[str], atoms=atoms) -> str:  # one auxiliary atom per operator
            atom = next(atoms)
            out.extend(f"{atom} :- step(T){', ' + body if body else ''}." for body in bodies)
            return atom

        top = ex.fold(
            e,
            const=lambda v: define([""] if v else []),
            var=lambda n: f"x(T,{index[n]})",
            not_=lambda a: define([f"not {a}"]),
            and_=lambda args: define([", ".join(args)]),
            or_=lambda args: define(list(args)),
        )
        out.append(f"x(T+1,{i}) :- {top}, step(T).")
    return out


def _state_literals(state: tuple[int, ...], t: str) -> str:
    return ", ".join(f"x({t},{i})" if v else f"not x({t},{i})" for i, v in enumerate(state))


def sync_attractors_sat(
    network: BooleanNetwork, *, limit: int | None = None, deadline: float | None = None, max_length: int = 1000
) -> Search:
    """Synchronous attractors of ``network`` (see the module docstring), at most ``limit + 1``."""
    n = len(network)
    rules = _step_rules(network)
    compiled = compile_network(network)
    nodes = network.nodes
    known: list[list[tuple[int, ...]]] = []
    known_states: set[tuple[int, ...]] = set()

    def remaining():
        return None if deadline is None else max(0.001, deadline - time.monotonic())

    def blocks(t: str) -> list[str]:
        return [f":- {_state_literals(s, t)}." for s in sorted(known_states)]

    try:
        for k in range(1, max_length + 1):
            # (a) cycles with period dividing k
            while True:
                program = [
                    f"step(0..{k - 1}).",
                    *(f"{{x(0,{i})}}." for i in range(n)),
                    *rules,
                    f":- x(0,I), not x({k},I), I=0..{n - 1}.",
                    f":- x({k},I), not x(0,I), I=0..{n - 1}.",
                    *blocks("0"),
                    "#show x/2.",
                ]
                found = None
                for atoms in solve_text("\n".join(program), limit=1, timeout=remaining()):
                    on = {a.arguments[1].number for a in atoms if a.arguments[0].number == 0}
                    found = tuple(int(i in on) for i in range(n))
                if found is None:
                    break
                cycle = [found]
                x = compiled.successor(found)
                while x != found:
                    cycle.append(x)
                    x = compiled.successor(x)
                m = cycle.index(min(cycle))
                cycle = cycle[m:] + cycle[:m]
                known.append(cycle)
                known_states.update(cycle)
                if limit is not None and len(known) > limit:
                    return Search(_out(known, nodes), False, "clingo unrolling")
            # (b) completeness: a path of k+1 distinct states outside every known attractor?
            program = [
                f"step(0..{k - 1}).",
                *(f"{{x(0,{i})}}." for i in range(n)),
                *rules,
                f"time(0..{k}).",
                f"diff(T1,T2) :- time(T1), time(T2), T1 < T2, x(T1,I), not x(T2,I), I=0..{n - 1}.",
                f"diff(T1,T2) :- time(T1), time(T2), T1 < T2, x(T2,I), not x(T1,I), I=0..{n - 1}.",
                ":- time(T1), time(T2), T1 < T2, not diff(T1,T2).",
                *(b.replace(":- ", ":- time(T), ", 1) for b in blocks("T")),
                "#show x/2.",
            ]
            if not any(True for _ in solve_text("\n".join(program), limit=1, timeout=remaining())):
                return Search(_out(known, nodes), True, f"clingo unrolling (complete at depth {k})")
    except SearchTimeout:
        return Search(_out(known, nodes), False, "clingo unrolling", ("timeout before completeness was proven",))
    return Search(
        _out(known, nodes),
        False,
        "clingo unrolling",
        (f"no proof of completeness up to depth {max_length} (long transients)",),
    )


def _out(cycles: list[list[tuple[int, ...]]], nodes: tuple[str, ...]) -> list[Attractor]:
    return [Attractor.from_states([dict(zip(nodes, s)) for s in cyc], nodes, "cyclic") for cyc in cycles]
