"""Shared fixtures: the BBM model corpus and small helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from logicnet.network import BooleanNetwork


def bbm_dir() -> Path | None:
    """The BBM corpus: $LOGICNET_BBM, else ../shared/bbm beside the clone, else /work/shared/bbm."""
    candidates = [os.environ.get("LOGICNET_BBM"), Path(__file__).resolve().parents[2] / "shared" / "bbm",
                  "/work/shared/bbm"]
    for c in candidates:
        if c and Path(c, "bbm-001.bnet").is_file():
            return Path(c)
    return None


BBM = bbm_dir()
requires_bbm = pytest.mark.skipif(BBM is None, reason="BBM models (../shared/bbm) not found")


def bbm_models() -> list[Path]:
    return sorted(BBM.glob("bbm-*.bnet")) if BBM else []


def brute_force_successor(net: BooleanNetwork, state: dict[str, int]) -> dict[str, int]:
    """Synchronous successor by evaluating each rule with boolean.py (slow, independent)."""
    from logicnet import expr as ex

    out = {}
    for n in net.nodes:
        e = net.rule(n)
        if e is None:
            out[n] = state[n]
        else:
            v = ex.constant_value(ex.fix(e, {s: state[s] for s in ex.support(e)}))
            out[n] = v
    return out
