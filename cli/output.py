"""Writing command results: table, csv, tsv or json, to stdout or atomically to a file."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import click
import pandas as pd

from logicnet.io import atomic_write

FORMATS = ("table", "csv", "tsv", "json")
_BY_EXTENSION = {".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "table"}


def output_options(fn):
    """``--format`` and ``-o/--output``, shared by every command that prints results."""
    fn = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write to this file (atomically) instead of stdout; the format follows "
        "its extension (.json .csv .tsv .txt) unless --format is given.",
    )(fn)
    fn = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        help="Output format (default: table on a terminal, json otherwise).",
    )(fn)
    return fn


def choose_format(fmt: str | None, output: str | None) -> str:
    if fmt:
        return fmt
    if output:
        return _BY_EXTENSION.get(Path(output).suffix.lower(), "table")
    return "table" if sys.stdout.isatty() else "json"


def emit(
    payload: Any, rows: list[dict] | pd.DataFrame, fmt: str | None, output: str | None, *, title: str | None = None
) -> None:
    """Write ``payload`` (json) or ``rows`` (the tabular formats) where the user asked."""
    fmt = choose_format(fmt, output)
    if fmt == "json":
        text = json.dumps(payload, indent=2, ensure_ascii=False, default=_jsonable) + "\n"
    else:
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
        frame = frame.map(_cell) if len(frame) else frame
        if fmt == "table":
            body = frame.to_string(index=False) if len(frame.columns) else ""
            text = (f"{title}\n" if title else "") + (body if len(frame) else "(none)") + "\n"
        else:
            buf = io.StringIO()
            frame.to_csv(buf, index=False, sep="," if fmt == "csv" else "\t", lineterminator="\n")
            text = buf.getvalue()
    if output:
        atomic_write(output, text)
    else:
        click.echo(text, nl=False)


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
