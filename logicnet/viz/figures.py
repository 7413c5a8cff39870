"""Figures: sizing, and saving them so that the same figure gives the same bytes.

Every plotting function of :mod:`logicnet.viz` returns its matplotlib ``Figure`` (shown
inline by notebooks) and, given a path, also writes it here.

>>> import logicnet as ln
>>> net = ln.read_network("gutliver")
>>> fig = ln.viz.plot_attractors(ln.attractors(net, "async", "HFD=1,Exercise=1"), net)
>>> type(fig).__name__, len(fig.axes)
('Figure', 1)
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FormatError
from ..io.files import atomic_write

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["new_figure", "save_figure", "finish", "legend_inches", "text_fit", "MAX_INCHES"]

MAX_INCHES = 24.0  # the largest side of a drawing
_PAD_INCHES = 0.15


def new_figure(plot_w: float, plot_h: float, *, legend_w: float = 0.0, title_h: float = 0.0) -> tuple[Figure, Axes]:
    """A figure with an axes of ``plot_w`` x ``plot_h`` inches, room for legends on the
    right and a title above (no ``bbox_inches="tight"``: that would render twice)."""
    from matplotlib.figure import Figure

    width = plot_w + legend_w + 2 * _PAD_INCHES
    height = plot_h + title_h + 2 * _PAD_INCHES
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((_PAD_INCHES / width, _PAD_INCHES / height, plot_w / width, plot_h / height))
    ax.set_axis_off()
    return fig, ax


def legend_inches(labels: Iterable[str], font: float) -> float:
    """Rough width of a legend with these entries (handle + longest text + padding)."""
    longest = max((len(line) for t in labels for line in str(t).split("\n")), default=0)
    return (longest * 0.62 * font + 4 * font + 14) / 72


def text_fit(label: str, diameter: float, font: float, smallest: float) -> float:
    """Font size so that ``label`` fits in a circle of ``diameter`` points (not below ``smallest``)."""
    longest = max((len(line) for line in label.split("\n")), default=1) or 1
    return max(smallest, min(font, (diameter - 4) / (0.6 * longest)))


def figure_kind(path: str | os.PathLike) -> str:
    """``png``, ``svg`` or ``pdf`` from the path's extension (anything else is an error)."""
    kind = Path(path).suffix.lower().lstrip(".")
    if kind not in ("png", "svg", "pdf"):
        raise FormatError(f"{path}: cannot draw to {kind or 'a file without extension'!r} (choose .png, .svg or .pdf)")
    return kind


def save_figure(fig: Figure, path: str | os.PathLike) -> None:
    """Write a matplotlib figure atomically as PNG, SVG or PDF (by extension), with no
    timestamps, so the same figure gives the same bytes."""
    import matplotlib

    kind = figure_kind(path)
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}[kind]
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "logicnet", "pdf.fonttype": 42}):
        fig.savefig(buf, format=kind, dpi=_dpi(fig), metadata=metadata, facecolor="white")
    atomic_write(path, buf.getvalue())


def finish(fig: Figure, path: str | os.PathLike | None) -> Figure:
    """``fig``, written to ``path`` first when one is given (and shown as an image when it
    is the value of a notebook cell)."""
    if path is not None:
        save_figure(fig, path)
    _show_inline()
    return fig


def _show_inline() -> None:
    """Teach a running IPython to show a bare ``Figure`` as a PNG. Its inline backend does
    that only once pyplot is imported, and logicnet draws without pyplot (no global figure
    registry that keeps every figure alive): without this a notebook prints
    ``<Figure size 442x340 with 1 Axes>``."""
    ipython = sys.modules.get("IPython")  # never imported here: a script must not pay for it
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    try:
        formatter.lookup_by_type(Figure)
    except KeyError:  # nothing registered yet (pyplot's inline backend would register its own)
        formatter.for_type(Figure, _png)


def _png(fig: Figure) -> Any:
    """PNG bytes of ``fig`` as :func:`save_figure` draws it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_dpi(fig), facecolor="white")
    return buf.getvalue()


def _dpi(fig: Figure) -> float:
    """150 dpi, less for big figures (at most ~3600 pixels a side)."""
    w, h = fig.get_size_inches()
    return max(60.0, min(150.0, 3600.0 / max(w, h, 1.0)))
