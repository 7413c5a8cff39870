"""Reading and writing networks: one module per format, chosen by file extension.

``read_network(path_or_name)`` also accepts the name of a bundled network (``"mafld"``,
``"gutliver"``); ``list_bundled()`` lists them.

===========  ===========================  ==========================================
format       extensions                   notes
===========  ===========================  ==========================================
bnet         .bnet                        ``target, factors``; undefined regulators are inputs
booleannet   .booleannet                  ``A* = B and not C``; ``#`` comments
sbml         .sbml, .xml                  SBML-qual via python-libsbml; organs = compartments
native       .toml                        logicnet's annotated format (see ``native``)
===========  ===========================  ==========================================

>>> net = parse_network("A, B\\nB, !A\\n", "bnet")
>>> print(generate_network(net, "booleannet"), end="")
A* = B
B* = not A
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

from ..errors import FormatError, LogicnetError, ModelError, ParseError
from ..network import BooleanNetwork
from . import bnet, booleannet, native, sbml

__all__ = ["FORMATS", "read_network", "write_network", "parse_network", "generate_network",
           "detect_format", "list_bundled", "bundled_path", "atomic_write", "rules_from_lines"]

# name -> (parse(text, source), generate(network), extensions)
FORMATS: dict[str, tuple[Callable[[str, str], BooleanNetwork], Callable[[BooleanNetwork], str], tuple[str, ...]]] = {
    "bnet": (bnet.parse, bnet.generate, (".bnet",)),
    "booleannet": (booleannet.parse, booleannet.generate, (".booleannet",)),
    "sbml": (sbml.parse, sbml.generate, (".sbml", ".xml")),
    "native": (native.parse, native.generate, (".toml",)),
}
_ALIASES = {"toml": "native", "logicnet": "native", "sbml-qual": "sbml", "xml": "sbml",
            "boolnet": "bnet", "rules": "booleannet"}


def format_name(name: str) -> str:
    """Canonical format name for ``name`` or an alias; :class:`FormatError` if unknown."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise FormatError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    return key


def detect_format(path: str | os.PathLike) -> str:
    """The format a file's extension names (``.bnet``, ``.booleannet``, ``.sbml``/``.xml``, ``.toml``)."""
    suffix = Path(path).suffix.lower()
    for name, (_, _, exts) in FORMATS.items():
        if suffix in exts:
            return name
    raise FormatError(f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; "
                      f"name it (formats: {', '.join(FORMATS)})")


def parse_network(text: str, format: str, source: str = "<string>") -> BooleanNetwork:
    """Parse ``text`` in ``format``; errors name ``source``, line and column."""
    return FORMATS[format_name(format)][0](text, source)


def generate_network(network: BooleanNetwork, format: str) -> str:
    """The text of ``network`` in ``format``."""
    return FORMATS[format_name(format)][1](network)


def list_bundled() -> list[str]:
    """Names of the networks shipped with logicnet."""
    root = resources.files("logicnet.networks")
    names = {p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml")}
    names |= {p.name for p in root.iterdir() if p.is_dir() and (p / f"{p.name}.toml").is_file()}
    return sorted(names)


def bundled_path(name: str) -> Path | None:
    """Path of the bundled network ``name`` (``networks/NAME.toml`` or ``networks/NAME/NAME.toml``)."""
    root = resources.files("logicnet.networks")
    for candidate in (root / f"{name}.toml", root / name / f"{name}.toml"):
        if candidate.is_file():
            return Path(str(candidate))
    return None


def read_network(model: str | os.PathLike, format: str | None = None) -> BooleanNetwork:
    """Load a network from a file, or a bundled network by name.

    The format follows the extension unless ``format`` is given. A missing file that is
    not a bundled name raises :class:`FileNotFoundError` (a :class:`LogicnetError`), with
    the bundled names as a hint.
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
    return parse_network(text, fmt, source=str(model))


def write_network(network: BooleanNetwork, path: str | os.PathLike, format: str | None = None) -> None:
    """Write ``network`` atomically; the format follows the extension unless given."""
    fmt = format_name(format) if format else detect_format(path)
    atomic_write(path, generate_network(network, fmt))


class MissingFileError(LogicnetError, FileNotFoundError):
    """A model path that does not exist and is no bundled network."""


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


def rules_from_lines(entries: Iterable[tuple[str, str, int, int]], source: str, *,
                     undeclared: str = "input", **network_args) -> BooleanNetwork:
    """Build a network from ``(target, rule_text, line, column_of_rule)`` entries.

    Shared by the line formats: each rule is parsed with its place in the file, so errors
    read ``file:line:column: message``; a second rule for one target is an error.
    """
    from .. import expr as ex

    rules: dict[str, object] = {}
    first_line: dict[str, int] = {}
    for target, text, line, column in entries:
        try:
            ex.check_name(target)
        except ModelError as err:
            raise ParseError(str(err), source=source, line=line, column=1) from None
        if target in rules:
            raise ParseError(f"duplicate target {target!r} (first defined on line {first_line[target]})",
                             source=source, line=line, column=1)
        try:
            rules[target] = ex.parse_rule(text)
        except ParseError as err:
            raise err.located(source=source, line=line, column_offset=column - 1) from None
        first_line[target] = line
    try:
        return BooleanNetwork(rules, undeclared=undeclared, **network_args)
    except LogicnetError as err:
        raise ParseError(str(err), source=source) from None
