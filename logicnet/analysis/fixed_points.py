"""Fixed points (steady states): states x with F(x) = x, the same under every semantics.

Solved with clingo on the percolated network (constants propagated first), so networks of
hundreds of nodes are answered in milliseconds; enumeration can stop at ``limit``.

>>> from logicnet.network import BooleanNetwork
>>> fixed_points(BooleanNetwork({"A": "!B", "B": "!A"})).states
({'A': 0, 'B': 1}, {'A': 1, 'B': 0})
"""

from __future__ import annotations

from dataclasses import dataclass

from ..network import BooleanNetwork
from ..perturb import Perturbation, perturb, percolate
from ._asp import Timeout, fixed_point_rules, solve

__all__ = ["fixed_points", "FixedPoints"]


@dataclass(frozen=True, slots=True)
class FixedPoints:
    states: tuple[dict[str, int], ...]
    complete: bool
    nodes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.states)

    def to_json(self) -> dict:
        return {"complete": self.complete, "fixed_points": [dict(s) for s in self.states]}

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self.states), columns=list(self.nodes))


def fixed_points(network: BooleanNetwork, perturbation: Perturbation | str | None = None, *,
                 limit: int | None = None, timeout: float | None = None) -> FixedPoints:
    """All fixed points of ``network`` (under ``perturbation``), sorted.

    ``complete`` is False when ``limit`` or ``timeout`` stopped the enumeration first.
    """
    net = perturb(network, perturbation)
    perc = percolate(net)
    reduced = perc.network
    found: list[dict[str, int]] = []
    complete = True
    if len(reduced) == 0:
        found.append(dict(perc.fixed))
    else:
        nodes = reduced.nodes
        try:
            for values in solve(fixed_point_rules(reduced), limit=None if limit is None else limit + 1,
                                timeout=timeout):
                found.append(perc.lift({n: int(v) for n, v in zip(nodes, values)}))
        except Timeout:
            complete = False
    if limit is not None and len(found) > limit:
        found, complete = found[:limit], False
    order = net.nodes
    found.sort(key=lambda s: tuple(s[n] for n in order))
    return FixedPoints(tuple({n: s[n] for n in order} for s in found), complete, order)
