"""Fixed points (steady states): states x with F(x) = x, the same under every semantics.

Solved with clingo on the percolated network (constants propagated first), so networks of
hundreds of nodes are answered in milliseconds; enumeration can stop at ``limit``.

>>> from logicnet import BooleanNetwork
>>> [dict(s) for s in fixed_points(BooleanNetwork({"A": "!B", "B": "!A"}))]
[{'A': 0, 'B': 1}, {'A': 1, 'B': 0}]
"""

from __future__ import annotations

from .._engines.asp import fixed_point_rules, solve
from ..errors import SearchTimeout
from ..network import BooleanNetwork
from ..perturb import PerturbationLike, percolate, perturb
from ..results import FixedPoints
from ._common import limited

__all__ = ["fixed_points"]


def fixed_points(
    network: BooleanNetwork,
    perturbation: PerturbationLike = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
) -> FixedPoints:
    """All fixed points of ``network`` (under ``perturbation``), sorted node by node.

    ``complete`` is False when ``limit`` or ``timeout`` stopped the enumeration first.
    Cost: percolation is linear in the rules; the answer-set program is linear in the
    rules too (NP-hard to solve in general, fast on biological networks).
    """
    net = perturb(network, perturbation)
    perc = percolate(net)
    reduced = perc.network
    found: list[dict[str, int]] = []
    notes: list[str] = []
    if len(reduced) == 0:
        found.append(dict(perc.fixed))
    else:
        try:
            for values in solve(
                fixed_point_rules(reduced), limit=None if limit is None else limit + 1, timeout=timeout
            ):
                found.append(perc.lift({n: int(v) for n, v in zip(reduced.nodes, values)}))
        except SearchTimeout as err:
            notes.append(f"timeout: {err}")
    order = net.nodes
    found, complete, notes = limited(found, limit, not notes, notes, "fixed point")  # the solver's first ones
    found.sort(key=lambda s: tuple(s[n] for n in order))
    return FixedPoints(
        items=tuple({n: s[n] for n in order} for s in found),
        columns=order,
        complete=complete,
        method="answer-set enumeration (clingo) after percolation",
        notes=tuple(notes),
    )
