"""Files: atomic writes, and the networks bundled with logicnet.

>>> "mafld" in list_bundled()
True
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import OutputError

__all__ = ["atomic_write", "list_bundled", "bundled_path"]


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    A symbolic link is written through (its target is replaced, the link kept). The file
    keeps the mode of the one it replaces, or gets the usual one (0666 less the umask, not
    the temporary file's 0600). Errors name ``path``, not the temporary file beside it.
    """
    import tempfile  # written files only: printing to stdout does not load it

    given = path
    path = Path(os.path.realpath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(err.errno, err.strerror, str(given)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as err:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise OutputError(err.errno, err.strerror, str(given)) from None
        raise


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


def _bundled_root() -> Path:
    """The folder of the bundled networks: the ``logicnet.networks`` package data of an
    installed copy, or ``networks/`` beside the package in a source checkout."""
    from importlib import resources  # here: a model read from a file needs no package data

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
