"""Writing command results: table, csv, tsv or json, to stdout or atomically to a file.

Commands take ``--format`` and ``-o`` through :func:`output_options`, which hands them one
:class:`Output`: ``out.emit(payload, rows)`` writes the JSON payload or the rows as a table.
``rows`` may be a function giving them (``result.to_frame``): JSON output never builds the
table, nor imports pandas. Given the ``result``, ``emit`` also says when it is incomplete in
the formats whose rows cannot: JSON carries ``complete`` and ``notes`` itself.
"""

from __future__ import annotations

import functools
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import click

from logicnet.io import atomic_write

if TYPE_CHECKING:
    import pandas as pd

Table: TypeAlias = "list[dict[str, Any]] | pd.DataFrame"

FORMATS = ("table", "csv", "tsv", "json")
PRETTY_JSON_LIMIT = 1 << 20  # characters of compact JSON above which the output stays compact
_BY_EXTENSION = {".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "table"}


class Outcome(Protocol):
    """What a result says of itself (every :class:`~logicnet.results.Result` does): whether
    it is everything there is, and if not, why."""

    @property
    def complete(self) -> bool: ...

    @property
    def notes(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Status:
    """An :class:`Outcome` for output that is not a result (a table of several searches)."""

    complete: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    """Where and how a command writes its result: ``path`` (None: stdout) in ``format``;
    ``inputs`` are the files the command read, which it must not overwrite."""

    path: str | None
    chosen: str | None = None
    inputs: tuple[str, ...] = ()

    @property
    def format(self) -> str:
        """The format asked for, else the one the file's extension names, else a table on a
        terminal and JSON otherwise."""
        if self.chosen:
            return self.chosen
        if self.path:
            suffix = Path(self.path).suffix.lower()
            if suffix not in _BY_EXTENSION:
                raise click.UsageError(
                    f"-o {self.path}: cannot tell the output format from {suffix or 'no extension'!r}; "
                    f"use {' '.join(_BY_EXTENSION)} or give --format"
                )
            return _BY_EXTENSION[suffix]
        return "table" if sys.stdout.isatty() else "json"

    def check(self) -> None:
        """Refuse, before any work, an output that cannot be told or would replace an input."""
        if self.path:
            self.format  # noqa: B018 - raises for an extension that names no format
            refuse_overwriting(self.path, self.inputs)

    def emit(
        self,
        payload: Any,
        rows: Table | Callable[[], Table],
        *,
        title: str | None = None,
        result: Outcome | None = None,
    ) -> None:
        """Write ``payload`` (json) or ``rows`` (the tabular formats; a function giving
        them is called only for those).

        JSON is indented unless it is larger than ``PRETTY_JSON_LIMIT`` characters.
        With ``result``, a table's title says ``(complete)`` or ``(INCOMPLETE: why)`` (a line
        of its own when there is no title); csv/tsv end every row with ``complete`` (true or
        false) and ``stop_reason`` (why not; empty when complete), and an incomplete result
        that found nothing yet is one row holding only those two, so a file never hides it.
        csv/tsv, or a table written to a file, also add one line on stderr when the result is
        incomplete: ``note: the result is incomplete: why``.
        """
        fmt = self.format
        if fmt == "json":
            # indented for reading; compact when large: Python indents without its C encoder,
            # which takes seconds on a 40 MB answer (and would overrun a timeout)
            text = json.dumps(payload, ensure_ascii=False, default=_jsonable, separators=(",", ":"))
            if len(text) < PRETTY_JSON_LIMIT:
                text = json.dumps(payload, indent=2, ensure_ascii=False, default=_jsonable)
            text += "\n"
        else:
            if callable(rows):
                rows = rows()
            if fmt == "table":
                # rows given as dicts are drawn without pandas (a third of a second to import)
                table = [{k: _cell(v) for k, v in r.items()} for r in rows] if isinstance(rows, list) else _cells(rows)
                body = render_table(table)
                title = _status(title, result)
                text = (f"{title}\n" if title else "") + (body if len(table) else "(none)") + "\n"
            else:
                frame = _cells(rows)
                if result is not None:
                    if not len(frame) and not result.complete:
                        frame = frame.reindex([0])  # one empty row under the same columns
                    # a node may be called "complete": the result's columns never replace it
                    clash = {"complete", "stop_reason"} & set(frame.columns)
                    prefix = "result." if clash else ""
                    frame = frame.assign(
                        **{
                            f"{prefix}complete": "true" if result.complete else "false",
                            f"{prefix}stop_reason": "" if result.complete else "; ".join(result.notes) or "incomplete",
                        }
                    )
                buf = io.StringIO()
                frame.to_csv(buf, index=False, sep="," if fmt == "csv" else "\t", lineterminator="\n")
                text = buf.getvalue()
        if self.path:
            atomic_write(self.path, text)
        else:
            click.echo(text, nl=False)
        if result is not None and not result.complete and (fmt in ("csv", "tsv") or (fmt == "table" and self.path)):
            click.echo(f"note: the result is incomplete{_why(result)}", err=True)

    def rows_of(self, result: Tabular) -> Callable[[], Table]:
        """What :meth:`emit` needs of a result's rows: its records for a table (no pandas),
        its frame for csv and tsv (whose header lists the columns even with no rows)."""
        return result.records if self.format == "table" else result.to_frame


class Tabular(Protocol):
    """A result with rows (every :class:`~logicnet.results.Rows` is one)."""

    def records(self) -> list[dict[str, Any]]: ...

    def to_frame(self) -> pd.DataFrame: ...


def _cells(rows: Table) -> pd.DataFrame:
    """``rows`` as a DataFrame with lists and dicts in cells written out as text."""
    import pandas as pd

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    return frame.map(_cell) if len(frame) else frame


def render_table(table: pd.DataFrame | list[dict[str, Any]]) -> str:
    """``table`` (a DataFrame, or rows as dicts: a field a row lacks is empty) as aligned
    text: numbers right-aligned (digits line up), other columns and their headers
    left-aligned (text reads from its start); two spaces between columns.

    A column is numeric when every non-empty cell is a number (``True``/``False`` are text).
    """
    if isinstance(table, list):
        names: list[Any] = list(dict.fromkeys(k for r in table for k in r))
        column_values = {n: [r.get(n) for r in table] for n in names}
    else:
        names = list(table.columns)
        column_values = {n: list(table[n]) for n in names}
    if not names:
        return ""
    columns = []
    for name in names:
        values = column_values[name]
        cells = [_shown(v) for v in values]
        numeric = any(_is_number(v) for v in values) and all(_is_number(v) or c == "" for v, c in zip(values, cells))
        width = max(len(str(name)), *(len(c) for c in cells)) if cells else len(str(name))
        align = str.rjust if numeric else str.ljust
        columns.append([align(str(name), width), *(align(c, width) for c in cells)])
    return "\n".join("  ".join(row).rstrip() for row in zip(*columns))


def _is_number(value: Any) -> bool:
    import numbers

    return isinstance(value, numbers.Number) and not isinstance(value, bool) and value == value  # NaN is no number


def _shown(value: Any) -> str:
    """A cell's text: floats with up to 6 significant digits, missing values empty."""
    import numbers

    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):.6g}"
    return str(value)


def _why(result: Outcome) -> str:
    """``: `` and the result's notes, or nothing when it has none."""
    return f": {'; '.join(result.notes)}" if result.notes else ""


def _status(title: str | None, result: Outcome | None) -> str | None:
    """A table's title with the result's completeness."""
    if result is None:
        return title
    if result.complete:
        return f"{title} (complete)" if title else None
    return f"{title} (INCOMPLETE{_why(result)})" if title else f"INCOMPLETE{_why(result)}"


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--format`` and ``-o/--output``, handed to the command as ``out``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str | None, output: str | None, **kwargs: Any) -> Any:
        out = Output(output, fmt, tuple(click.get_current_context().meta.get("inputs", ())))
        out.check()
        return fn(*args, out=out, **kwargs)

    wrapper = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write to this file (atomically) instead of stdout; the format follows "
        "its extension (.json .csv .tsv .txt) unless --format is given.",
    )(wrapper)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        help="Output format (default: table on a terminal, json otherwise).",
    )(wrapper)


def refuse_overwriting(path: str, inputs: tuple[str, ...]) -> None:
    """A usage error when writing ``path`` would replace one of the files read."""
    for source in inputs:
        if os.path.exists(path) and os.path.exists(source) and os.path.samefile(path, source):
            raise click.UsageError(f"-o {path} would overwrite the input {source}")


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
