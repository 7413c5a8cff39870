"""Small pieces the analyses share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def limited(
    found: list[T], limit: int | None, complete: bool, notes: Sequence[str], noun: str
) -> tuple[list[T], bool, list[str]]:
    """``found`` cut to its first ``limit`` items, the completeness that leaves, and the
    notes with the cut explained."""
    if limit is not None and len(found) > limit:
        return found[:limit], False, [*notes, f"stopped at the limit of {limit:,} {noun}{'s' * (limit != 1)}"]
    return found, complete, list(notes)
