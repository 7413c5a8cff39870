"""Monotone Boolean functions of a few variables, as truth tables, for sampling rules.

A truth table over ``k`` variables is an int whose bit ``a`` is the value at the assignment
whose bit ``i`` is variable ``i``. The monotone ones are built by the split on the last
variable: ``f = f0 | f1 << 2**(k-1)`` with ``f0 <= f1`` bitwise, both monotone on ``k-1``
variables. Counts (Dedekind numbers): 3, 6, 20, 168, 7,581, 7,828,354 for k = 1..6; the
ones where every variable matters: 1, 2, 9, 114, 6,894, 7,785,062.
"""

from __future__ import annotations

import functools
import random

from ..errors import ArgumentError

__all__ = ["MAX_ARITY", "essential_monotone", "sample_essential_monotone", "minimal_true_points"]

#: Beyond this many regulators the functions are not enumerated (k = 7 has 2.4e12 of them).
MAX_ARITY = 6


@functools.cache
def _monotone(k: int) -> tuple[int, ...]:
    """Every monotone truth table over ``k <= 5`` variables, ascending."""
    if k == 0:
        return (0, 1)
    half = 1 << (k - 1)
    lower = _monotone(k - 1)
    return tuple(sorted(f0 | (f1 << half) for f0 in lower for f1 in lower if f0 & ~f1 == 0))


def _essential(tt: int, k: int) -> bool:
    """Every variable changes the value somewhere."""
    for i in range(k):
        step = 1 << i
        low = sum(1 << a for a in range(1 << k) if not a & step)  # assignments with x_i = 0
        if not ((tt >> step) ^ tt) & low:
            return False
    return True


@functools.cache
def essential_monotone(k: int) -> tuple[int, ...]:
    """The monotone truth tables over ``1 <= k <= 5`` variables in which every variable is
    essential (k = 6 is sampled without listing them, see :func:`sample_essential_monotone`).

    >>> [bin(t) for t in essential_monotone(2)]   # AND, OR
    ['0b1000', '0b1110']
    """
    return tuple(t for t in _monotone(k) if _essential(t, k))


@functools.cache
def _six_weights() -> tuple[list[int], list[int]]:
    """For k = 6 (split on the last variable, f0 <= f1 over the 7,581 five-variable
    functions): the lower halves and how many upper halves each admits (cumulative)."""
    import numpy as np

    five = np.array(_monotone(5), dtype=np.uint64)
    counts = [int(np.count_nonzero((np.uint64(f0) & ~five) == 0)) for f0 in five]
    return [int(f) for f in five], list(np.cumsum(counts).tolist())


def sample_essential_monotone(k: int, rng: random.Random) -> int:
    """A truth table drawn uniformly from the monotone functions of ``k <= 6`` variables in
    which every variable is essential (rejection from the uniform monotone function).

    >>> sample_essential_monotone(2, random.Random(0)) in essential_monotone(2)
    True
    """
    if k < 1 or k > MAX_ARITY:
        raise ArgumentError(f"monotone functions are sampled for 1 to {MAX_ARITY} variables, not {k}")
    if k <= 5:
        return rng.choice(essential_monotone(k))
    lower, cumulative = _six_weights()
    five = _monotone(5)
    while True:  # uniform over all monotone 6-variable functions, then keep essential ones (99.5 %)
        pick = rng.randrange(cumulative[-1])
        lo, hi = 0, len(cumulative) - 1
        while lo < hi:  # first index whose cumulative count exceeds pick
            mid = (lo + hi) // 2
            lo, hi = (mid + 1, hi) if cumulative[mid] <= pick else (lo, mid)
        f0 = lower[lo]
        uppers = [f1 for f1 in five if f0 & ~f1 == 0]
        tt = f0 | (rng.choice(uppers) << 32)
        if _essential(tt, 6):
            return tt


def minimal_true_points(tt: int, k: int) -> list[int]:
    """The minimal assignments where a monotone ``tt`` is 1 (its prime implicants), sorted.

    >>> minimal_true_points(0b1110, 2)   # x0 or x1
    [1, 2]
    """
    ones = [a for a in range(1 << k) if tt >> a & 1]
    return [a for a in ones if not any(b != a and b & a == b for b in ones)]
