"""The robustness of organ necessity as a picture: organ sets x readout axes.

>>> import logicnet as ln
>>> from logicnet.experiments.robustness import organ_robustness
>>> rows = organ_robustness(ln.read_network("mafld"), "HFD=1,Exercise=0", "HFD=1,Exercise=1",
...                         sensitivity=True, samples=4, organs=["gut"], axes="hepatic_ir")
>>> fig = plot_organ_robustness(rows)
>>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
['overall', 'hepatic_ir']
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .figures import finish

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..experiments.screen import ScreenResult

__all__ = ["plot_organ_robustness"]


def plot_organ_robustness(
    result: ScreenResult, path: str | os.PathLike | None = None, *, title: str | None = None
) -> Figure:
    """Organ sets x axes (``overall`` first), each cell coloured by the fraction of rule sets
    in which freezing the set loses the benefit (green 0 % to red 100 %), annotated with the
    fraction and its 95 % interval; a black frame marks a call the default rules make
    (necessary), and ``(start-dependent)`` after a label a verdict that depends on the start
    state (``hysteresis``). ``result`` is :func:`~logicnet.experiments.robustness.organ_robustness`
    output."""
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    rows = list(result)
    axes = list(rows[0]["robustness"]) if rows else []
    labels = [r["label"] + ("  (start-dependent)" if r.get("hysteresis") is True else "") for r in rows]
    fig = Figure(figsize=(min(24.0, 3.5 + 1.15 * len(axes)), min(24.0, 1.4 + 0.42 * len(rows))), layout="constrained")
    ax = fig.add_subplot()
    cmap = colormaps["RdYlGn_r"]
    for y, row in enumerate(rows):
        for x, axis in enumerate(axes):
            r = row["robustness"][axis]
            fraction = r["necessary_fraction"]
            verdict = row["verdict"] if axis == "overall" else row["axes"][axis]["verdict"]
            colour = "#dddddd" if fraction is None else cmap(fraction)
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.5))
            if verdict != "kept":  # the default rules call it necessary
                ax.add_patch(Rectangle((x - 0.44, y - 0.44), 0.88, 0.88, fill=False, edgecolor="black", linewidth=1.2))
            text = "n/a" if fraction is None else f"{fraction:.0%}\n{r['low']:.0%}-{r['high']:.0%}"
            ax.text(x, y, text, ha="center", va="center", fontsize=6.5)
    ax.set_xlim(-0.5, len(axes) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(axes)), axes, fontsize=8, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_xlabel("readout axis (framed: necessary under the default rules)")
    n = rows[0]["robustness"]["overall"]["n"] if rows else 0
    bar = fig.colorbar(ScalarMappable(Normalize(0, 1), cmap), ax=ax, fraction=0.05)
    bar.set_label(f"necessary in this share of {n} rule sets", fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return finish(fig, path)
