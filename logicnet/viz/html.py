"""A run report as one self-contained HTML page: what a person opens in a browser.

The page holds everything itself (no script, no link, no file beside it): the findings,
the robustness of each conclusion when the result carries it, the tables as HTML tables,
the figures as PNG embedded in base64, and the provenance (model, command, version, date,
seed, options, library versions). ``SOURCE_DATE_EPOCH`` fixes the date, so a rebuilt
report can be the same bytes.

>>> import pandas as pd
>>> page = html_page("Screen", [("model", "toy")], ["The benefit is **kept**."],
...                  [("Rows", pd.DataFrame({"verdict": ["kept"]}))], [])
>>> "<strong>kept</strong>" in page and "<td>kept</td>" in page and "<script" not in page
True
"""

from __future__ import annotations

import base64
import datetime
import html
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["html_page", "provenance_date", "process_command", "MAX_ROWS"]

#: Rows of a table shown on the page (the CSV beside it has them all).
MAX_ROWS = 500

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f2f2f2; } caption { text-align: left; font-size: 1.25em; font-weight: bold; padding: 1.5em 0 0.3em; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
code { background: #f4f4f4; padding: 0 0.2em; } .note { color: #555; font-size: 0.9em; }
dl.prov { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.prov dt { font-weight: bold; } dl.prov dd { margin: 0; }
"""


def html_page(
    title: str,
    provenance: Sequence[tuple[str, str]],
    findings: Sequence[str],
    tables: Sequence[tuple[str, pd.DataFrame]],
    figures: Sequence[tuple[str, Path]],
) -> str:
    """The page: ``findings`` (one sentence each; ``**bold**`` and ```code``` kept),
    ``figures`` (caption, PNG path) embedded, ``tables`` (caption, frame) at most
    :data:`MAX_ROWS` rows each, and ``provenance`` (label, value) pairs."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<h2>Findings</h2>",
        "<ul>" + "".join(f"<li>{_inline(f)}</li>" for f in findings) + "</ul>",
    ]
    for caption, path in figures:
        data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        parts.append(
            f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
    parts += [_table(caption, frame) for caption, frame in tables]
    parts += [
        "<h2>Provenance</h2>",
        '<dl class="prov">'
        + "".join(f"<dt>{html.escape(k)}</dt><dd>{_inline(v)}</dd>" for k, v in provenance)
        + "</dl>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _inline(text: str) -> str:
    """Escaped text with Markdown's ``**bold**`` and ```code``` as HTML."""
    out = html.escape(str(text))
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out)


def _table(caption: str, frame: pd.DataFrame) -> str:
    """An HTML table: text left, numbers right (as in the command line's tables)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    shown = frame.head(MAX_ROWS)
    numeric = [is_numeric_dtype(shown[c]) and not is_bool_dtype(shown[c]) for c in shown.columns]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False):
        cells = "".join(
            f'<td class="n">{html.escape(_cell(v))}</td>' if num else f"<td>{html.escape(_cell(v))}</td>"
            for v, num in zip(values, numeric)
        )
        rows.append(f"<tr>{cells}</tr>")
    more = (
        f'<p class="note">The first {MAX_ROWS:,} of {len(frame):,} rows; the CSV beside this page has them all.</p>'
        if len(frame) > MAX_ROWS
        else ""
    )
    body = "".join(rows)
    caption = html.escape(caption)
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _cell(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(map(str, value))
    if isinstance(value, float):
        return "" if value != value else f"{value:.6g}"
    return str(value)


def provenance_date() -> str:
    """Now in UTC (ISO 8601, seconds), or ``SOURCE_DATE_EPOCH``'s time when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else datetime.datetime.now(datetime.UTC)
    return moment.replace(microsecond=0).isoformat()


def process_command() -> str:
    """The command line of this process, its program by name (``logicnet organs mafld ...``)."""
    argv = list(sys.argv)
    if argv:
        argv[0] = Path(argv[0]).name
        if argv[0] in ("__main__.py", "-m"):
            argv[0] = "logicnet"
    return shlex.join(argv)
