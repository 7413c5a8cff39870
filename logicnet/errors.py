"""One exception hierarchy for logicnet.

Every error logicnet raises on purpose is a :class:`LogicnetError`; each class also
subclasses the fitting built-in, so ``except ValueError`` keeps working for callers
who do not know about logicnet.
"""

from __future__ import annotations


class LogicnetError(Exception):
    """Base class of all errors raised on purpose by logicnet."""


class ModelError(LogicnetError, ValueError):
    """A network that is not well formed (duplicate targets, bad names, empty rules)."""


class ParseError(ModelError):
    """Text that cannot be read, with the place it happened.

    ``str(err)`` reads ``file:line:column: message`` (parts that are unknown are left out),
    the layout compilers use and editors understand.
    """

    def __init__(self, message: str, *, source: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.source, self.line, self.column) if p is not None)
        return f"{where}: {self.message}" if where else self.message

    def located(self, *, source: str | None = None, line: int | None = None,
                column_offset: int = 0) -> "ParseError":
        """The same error placed in a file: ``line`` and a column shift for text cut from it."""
        column = None if self.column is None else self.column + column_offset
        return ParseError(self.message, source=source or self.source,
                          line=line if line is not None else self.line, column=column)


class UnknownNodeError(LogicnetError, KeyError):
    """A node (or organ) name that the network does not have; suggests close names."""

    def __init__(self, name: str, known: "list[str] | tuple[str, ...]" = (), what: str = "node",
                 advice: str = "") -> None:
        import difflib

        self.name = name
        close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        self.message = f"unknown {what} {name!r}{hint}" + (f"; {advice}" if advice else "")
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


class FormatError(LogicnetError, ValueError):
    """An unknown or unsupported file format."""


class PerturbationError(LogicnetError, ValueError):
    """A perturbation that cannot be applied (conflicting values, bad syntax, unresolved freeze)."""


class SizeLimitError(LogicnetError, RuntimeError):
    """Work that would explode (state spaces, enumerations); the message says what to do instead."""
