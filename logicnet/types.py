"""Type aliases shared across logicnet: values, states and subspaces.

A *state* gives every node 0 or 1; a *subspace* (a trap space, the enclosing subspace of
an attractor) gives each node 0, 1 or ``"*"`` (free: both values occur). Results hold them
as :class:`frozendict` mappings, so states, subspaces and the objects holding them are
immutable and hashable; they compare equal to plain dicts and serialise to JSON as they are.

>>> s = frozendict({"A": 1, "B": "*"})
>>> s == {"A": 1, "B": "*"}, {s: "a subspace"}[frozendict(B="*", A=1)]
(True, 'a subspace')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

from frozendict import frozendict

__all__ = ["Value", "State", "Subspace", "frozendict", "subspace_key", "fixed_part"]

Value: TypeAlias = int | str  # 0, 1, or "*" (not constant)
State: TypeAlias = Mapping[str, int]
Subspace: TypeAlias = Mapping[str, Value]


def subspace_key(values: Mapping[str, Value], nodes: Sequence[str]) -> tuple[int, ...]:
    """Sort key of a state or subspace: node by node, 0 < 1 < ``*``.

    >>> subspace_key({"A": "*", "B": 0}, ["A", "B"])
    (2, 0)
    """
    return tuple(2 if values[n] == "*" else int(values[n]) for n in nodes)


def fixed_part(space: Mapping[str, Value]) -> dict[str, int]:
    """The nodes a subspace fixes, with their values.

    >>> fixed_part({"A": "*", "B": 0})
    {'B': 0}
    """
    return {n: int(v) for n, v in space.items() if v != "*"}
