"""The BBM model corpus (285 published models), when it is present.

Found at ``$LOGICNET_BBM`` or ``../shared/bbm`` beside the clone; tests that need it are
skipped with a reason where it is not (a user's machine).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def bbm_dir() -> Path | None:
    """The BBM corpus: $LOGICNET_BBM, else ../shared/bbm beside the clone."""
    for candidate in (os.environ.get("LOGICNET_BBM"), Path(__file__).resolve().parents[2] / "shared" / "bbm"):
        if candidate and Path(candidate, "bbm-001.bnet").is_file():
            return Path(candidate)
    return None


BBM = bbm_dir()
requires_bbm = pytest.mark.skipif(
    BBM is None, reason="BBM models not found (set LOGICNET_BBM or put ../shared/bbm beside the clone)"
)


def bbm_models() -> list[Path]:
    return sorted(BBM.glob("bbm-*.bnet")) if BBM else []
