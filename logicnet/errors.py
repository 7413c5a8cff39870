"""One exception hierarchy for logicnet.

Every error logicnet raises on purpose is a :class:`LogicnetError`; each class also
subclasses the fitting built-in, so ``except ValueError`` keeps working for callers who do
not know about logicnet. Messages name the problem in the library's own terms (arguments,
nodes, files), never a command-line option: the command line adds its own words.

>>> try:
...     raise UnknownNodeError("tlr4", ["TLR4", "TNF"])
... except KeyError as err:
...     print(err)
unknown node 'tlr4' (did you mean 'TLR4'?)
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

__all__ = [
    "LogicnetError",
    "ModelError",
    "ParseError",
    "UnknownNodeError",
    "FormatError",
    "MissingFileError",
    "OutputError",
    "PerturbationError",
    "SemanticsError",
    "ArgumentError",
    "SizeLimitError",
    "SearchTimeout",
    "MemoryLimitError",
]


class LogicnetError(Exception):
    """Base class of all errors raised on purpose by logicnet."""


class ModelError(LogicnetError, ValueError):
    """A network that is not well formed (duplicate targets, bad names, empty rules)."""


class ParseError(ModelError):
    """Text that cannot be read, with the place it happened.

    ``str(err)`` reads ``file:line:column: message`` (parts that are unknown are left out),
    the layout compilers use and editors understand. ``node`` names the node whose rule
    failed, when there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        node: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.node = node
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.source, self.line, self.column) if p is not None)
        return f"{where}: {self.message}" if where else self.message

    def located(self, *, source: str | None = None, line: int | None = None, column_offset: int = 0) -> ParseError:
        """The same error placed in a file: ``line`` and a column shift for text cut from it."""
        column = None if self.column is None else self.column + column_offset
        return ParseError(
            self.message,
            source=source or self.source,
            line=line if line is not None else self.line,
            column=column,
            node=self.node,
        )


class UnknownNodeError(LogicnetError, KeyError):
    """A node (or organ, variant, ...) name that the network does not have; suggests close
    names, ignoring case."""

    def __init__(self, name: str, known: Sequence[str] = (), what: str = "node", advice: str = "") -> None:
        self.name = name
        by_lower = {k.lower(): k for k in reversed(list(known))}
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(repr(by_lower[c]) for c in close)}?)" if close else ""
        self.message = f"unknown {what} {name!r}{hint}" + (f"; {advice}" if advice else "")
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


class FormatError(LogicnetError, ValueError):
    """An unknown or unsupported file format."""


class MissingFileError(LogicnetError, FileNotFoundError):
    """A model path that does not exist and is no bundled network."""


class OutputError(LogicnetError, OSError):
    """A file that cannot be written (a missing folder, no permission), named as given."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class PerturbationError(LogicnetError, ValueError):
    """A perturbation that cannot be applied (conflicting values, bad syntax, unresolved freeze)."""


class SemanticsError(LogicnetError, ValueError):
    """An unknown update semantics."""


class ArgumentError(LogicnetError, ValueError):
    """An argument a function does not accept: an unknown method or kind, an empty set of
    states, or a question the chosen semantics or method cannot answer."""


class SizeLimitError(LogicnetError, RuntimeError):
    """Work that would explode (state spaces, enumerations); the message says what to do
    instead, and :class:`~logicnet.limits.Limits` says which limit was hit."""


class SearchTimeout(LogicnetError, TimeoutError):
    """A search ran past its time limit and was cancelled.

    Analyses catch it and return what they found with ``complete=False``; it reaches a
    caller only from the engines themselves.
    """


class MemoryLimitError(LogicnetError, MemoryError):
    """Work stopped because it grew past the memory it was allowed
    (:func:`~logicnet.bounded.run_bounded`)."""
