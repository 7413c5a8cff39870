"""Reading and writing networks: one module per format, chosen by file extension.

``read_network(path_or_name)`` also accepts the name of a bundled network (``"mafld"``,
``"gutliver"``); ``list_bundled()`` lists them.

===========  ===========================  ==========================================
format       extensions                   notes
===========  ===========================  ==========================================
bnet         .bnet                        ``target, factors``; undefined regulators are inputs
booleannet   .booleannet                  ``A* = B and not C``; ``#`` comments
sbml         .sbml, .xml                  SBML-qual via python-libsbml; organs = compartments; constant
                                          species are free inputs unless ``constant_species="fixed"``
aeon         .aeon                        biodivine-aeon's ``A -> B`` / ``$B: A`` (see ``aeon``)
primes       .primes                      pyboolnet's prime implicants, JSON (see ``primes``)
boolnet      .boolnet                     R BoolNet's files (often .txt: name the format)
maboss       .bnd (+ .cfg)                written only: MaBoSS network and settings (see ``maboss``)
native       .toml                        logicnet's annotated format (see ``native``)
===========  ===========================  ==========================================

>>> net = parse_network("A, B\\nB, !A\\n", "bnet")
>>> print(generate_network(net, "booleannet"), end="")
# BooleanNet rules written by logicnet
A* = B
B* = not A
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import ArgumentError, FormatError, MissingFileError, ParseError
from ..network import BooleanNetwork
from .files import atomic_write, bundled_path, list_bundled

__all__ = [
    "FORMATS",
    "read_network",
    "write_network",
    "parse_network",
    "generate_network",
    "detect_format",
    "format_name",
    "unwritten",
    "reading_notes",
    "list_bundled",
    "bundled_path",
    "atomic_write",
]

#: format -> its file extensions; each format is the module ``logicnet.io.FORMAT`` with
#: ``parse(text, source)``, ``generate(network)`` and ``KEEPS`` (what its writer keeps
#: beyond the rules, see :func:`unwritten`; None: everything), imported when first used
#: (libsbml costs a third of a second to import).
FORMATS: dict[str, tuple[str, ...]] = {
    "bnet": (".bnet",),
    "booleannet": (".booleannet",),
    "sbml": (".sbml", ".xml"),
    "aeon": (".aeon",),
    "primes": (".primes",),
    "boolnet": (".boolnet",),
    "maboss": (".bnd",),
    "native": (".toml",),
}
_ALIASES = {
    "toml": "native",
    "logicnet": "native",
    "sbml-qual": "sbml",
    "xml": "sbml",
    "rules": "booleannet",
    "pyboolnet": "primes",
}


def format_name(name: str) -> str:
    """Canonical format name for ``name`` or an alias; :class:`FormatError` if unknown."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise FormatError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    return key


def detect_format(path: str | os.PathLike) -> str:
    """The format a file's extension names (``.bnet``, ``.booleannet``, ``.sbml``/``.xml``, ``.aeon``, ``.toml``)."""
    suffix = Path(path).suffix.lower()
    for name, exts in FORMATS.items():
        if suffix in exts:
            return name
    raise FormatError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; "
        f"name it (formats: {', '.join(FORMATS)})"
    )


def _module(format: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{format_name(format)}")


def parse_network(text: str, format: str, source: str = "<string>", **options: Any) -> BooleanNetwork:
    """Parse ``text`` in ``format``; errors name ``source``, line and column.

    ``options`` are the reader's own keywords (its module's ``OPTIONS``; e.g. SBML's
    ``constant_species``); one the reader does not take is an :class:`ArgumentError`.
    """
    module = _module(format)
    _check_options(format_name(format), options, getattr(module, "OPTIONS", frozenset()), "reader")
    return module.parse(text, source, **options)


def generate_network(network: BooleanNetwork, format: str) -> str:
    """The text of ``network`` in ``format``."""
    return _module(format).generate(network)


def unwritten(network: BooleanNetwork, format: str) -> list[str]:
    """What ``network`` holds beyond its rules that ``format`` does not keep, in this order:
    ``name``, ``description`` (the model's), ``organs``, ``mediators``, ``node descriptions``,
    ``references``, then its metadata tables by their names (``readouts``, ``variants``,
    ``protocol``, ...; ``sbml_signs`` as ``declared signs``). Empty when nothing is lost.

    >>> net = parse_network("[nodes.A]\\ninput = true\\n[nodes.B]\\nrule = 'A'\\n[readouts]\\nB = 1\\n", "native")
    >>> unwritten(net, "bnet"), unwritten(net, "native")
    (['readouts'], [])
    """
    keeps = _module(format).KEEPS
    if keeps is None:
        return []
    infos = [network.info(n) for n in network.nodes]
    held = {
        "name": bool(network.name),
        "description": bool(network.description),
        "organs": bool(network.organs) or any(i.organ for i in infos),
        "mediators": any(o.mediators for o in network.organs.values()),
        "node descriptions": any(i.description for i in infos),
        "references": any(i.references for i in infos),
        **{_METADATA_NAMES.get(k, k): bool(v) for k, v in network.metadata.items() if k not in _READING},
    }
    return [part for part, present in held.items() if present and part not in keeps]


_METADATA_NAMES = {"sbml_signs": "declared signs"}
# Metadata that says how a file was read (not part of the model): nothing to lose.
_READING = frozenset({"sbml_constants"})


def reading_notes(network: BooleanNetwork) -> list[str]:
    """Sentences on how the file behind ``network`` was read where tools differ (empty when
    nothing needs saying): today, SBML-qual's constant species (see :mod:`.sbml`).

    >>> net = BooleanNetwork({"A": None}, metadata={"sbml_constants": {"reading": "free", "species": {"A": 1}}})
    >>> reading_notes(net)[0][:72]
    '1 constant SBML species (A) read as free inputs (as biodivine-aeon, mpbn'
    """
    constants = network.metadata.get("sbml_constants")
    if not isinstance(constants, dict) or not constants.get("species"):
        return []
    species = constants["species"]
    names = ", ".join(list(species)[:10]) + (f", ... ({len(species) - 10} more)" if len(species) > 10 else "")
    if constants.get("reading") == "fixed":
        how = "fixed at their initialLevel (biodivine-aeon, mpbn and pyboolnet read them as free inputs)"
    else:
        how = 'read as free inputs (as biodivine-aeon, mpbn and pyboolnet do; constant_species="fixed" fixes them)'
    return [f"{len(species)} constant SBML species ({names}) {how}"]


def read_network(model: str | os.PathLike, format: str | None = None, **options: Any) -> BooleanNetwork:
    """Load a network from a file, or a bundled network by name.

    The format follows the extension unless ``format`` is given; ``options`` go to its
    reader (see :func:`parse_network`), e.g. ``constant_species="fixed"`` for SBML-qual.
    A missing file that is not a bundled name raises
    :class:`~logicnet.errors.MissingFileError` (also a ``FileNotFoundError``), with the
    bundled names as a hint.
    """
    path = Path(model)
    if path.is_dir() and (path / f"{path.name}.toml").is_file():
        path = path / f"{path.name}.toml"  # a model folder laid out like the bundled ones
    elif not path.is_file():
        found = bundled_path(str(model)) if isinstance(model, str) and os.sep not in model else None
        if found is None:
            what = "is a directory, not a network file" if path.is_dir() else "no such file"
            raise MissingFileError(f"{model}: {what} (bundled networks: {', '.join(list_bundled())})")
        path = found
    fmt = format_name(format) if format else detect_format(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ParseError(f"not UTF-8 text ({err.reason} at byte {err.start})", source=str(model)) from None
    return parse_network(text, fmt, source=str(model), **options)


def write_network(
    network: BooleanNetwork, path: str | os.PathLike, format: str | None = None, **options: Any
) -> list[Path]:
    """Write ``network`` atomically; the format follows the extension unless given.

    Most formats are one file; MaBoSS writes ``path`` (``.bnd``) and the ``.cfg`` beside it,
    and takes ``condition`` (see :mod:`.maboss`). ``options`` the writer does not take are
    an :class:`ArgumentError`. Returns the paths written.
    """
    fmt = format_name(format) if format else detect_format(path)
    module = _module(fmt)
    _check_options(fmt, options, getattr(module, "WRITE_OPTIONS", frozenset()), "writer")
    written = module.files(network, path, **options) if hasattr(module, "files") else {path: module.generate(network)}
    for target, text in written.items():
        atomic_write(target, text)
    return [Path(p) for p in written]


def _check_options(fmt: str, given: dict[str, Any], takes: frozenset[str], what: str) -> None:
    unknown = sorted(set(given) - takes)
    if unknown:
        raise ArgumentError(
            f"the {fmt} {what} takes no option {unknown[0]!r} "
            f"({'it takes ' + ', '.join(sorted(takes)) if takes else 'it takes none'})"
        )
