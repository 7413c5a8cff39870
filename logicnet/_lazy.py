"""Packages whose public names are imported when first used (PEP 562).

``import logicnet`` and the command line start without numpy, scipy, pandas, networkx,
clingo or biodivine-aeon: each name a package offers is imported from its module on first
access, so a command imports what it uses and nothing else. A package declares its names
by module and keeps the same imports under ``if TYPE_CHECKING:`` for type checkers::

    if TYPE_CHECKING:
        from .basins import Basins, basins
    else:
        __getattr__, __dir__ = lazy_exports(__name__, {".basins": ("Basins", "basins")})
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, Iterable[str]], submodules: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: ``exports`` maps each module
    (relative to the package, e.g. ``".basins"``) to the names it gives; ``submodules`` are
    public subpackages or modules, imported when first named."""
    where = {name: module for module, names in exports.items() for name in names}
    modules = frozenset(submodules)
    own = sys.modules[package]
    own.__dict__["_lazy_names"] = frozenset(where)
    own.__class__ = _Package

    def __getattr__(name: str) -> Any:
        if name in modules:
            return importlib.import_module(f".{name}", package)
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name], package), name)
        setattr(own, name, value)  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*own.__dict__, *where, *modules})

    return __getattr__, __dir__


class _Package(ModuleType):
    """A package offering, lazily, a name its own submodule also has (``analysis.attractors``
    the function, ``analysis.attractors`` the module). Python binds every submodule it loads
    on its package; here that binding is skipped for such a name, which keeps meaning what
    the package offers, as it did when the package imported everything up front."""

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            isinstance(value, ModuleType)
            and value.__name__ == f"{self.__name__}.{name}"
            and name in self.__dict__["_lazy_names"]
        ):
            return
        super().__setattr__(name, value)
