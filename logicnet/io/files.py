"""Files: atomic writes, and the networks bundled with logicnet.

>>> "mafld" in list_bundled()
True
"""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

__all__ = ["atomic_write", "list_bundled", "bundled_path"]


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _bundled_root() -> Path:
    """The folder of the bundled networks: the ``logicnet.networks`` package data of an
    installed copy, or ``networks/`` beside the package in a source checkout."""
    try:
        return Path(str(resources.files("logicnet.networks")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "networks"


def list_bundled() -> list[str]:
    """Names of the networks shipped with logicnet."""
    root = _bundled_root()
    names = {p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml")}
    names |= {p.name for p in root.iterdir() if p.is_dir() and (p / f"{p.name}.toml").is_file()}
    return sorted(names)


def bundled_path(name: str) -> Path | None:
    """Path of the bundled network ``name`` (``networks/NAME.toml`` or ``networks/NAME/NAME.toml``)."""
    root = _bundled_root()
    for candidate in (root / f"{name}.toml", root / name / f"{name}.toml"):
        if candidate.is_file():
            return candidate
    return None
