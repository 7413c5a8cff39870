"""Synchronous attractors of large networks (placeholder until the SAT engine lands)."""

from __future__ import annotations


def sync_attractors_sat(reduced, limit=None, deadline=None):
    return [], False, "none", (f"synchronous attractors of {len(reduced)} free nodes need the SAT "
                               "engine, which is not available yet",)
