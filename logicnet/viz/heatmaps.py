"""Heatmaps: trajectories, attractors, screens and organ necessity.

Each returns its matplotlib ``Figure`` and, given a path, writes it (PNG, SVG or PDF).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError
from ..network import BooleanNetwork
from ..results import Attractor, Result
from .figures import finish

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ..experiments.control import ControlResult
    from ..experiments.screen import ScreenResult

__all__ = ["plot_trajectory", "plot_attractors", "plot_screen", "plot_control", "plot_organ_necessity"]


def _frame(result: ScreenResult | pd.DataFrame) -> pd.DataFrame:
    return result.to_frame() if isinstance(result, Result) else result


def _legend_and_finish(
    fig: Figure,
    colours: Mapping[str, str],
    shown: set[str],
    legend_title: str,
    font: float,
    title: str | None,
    path: str | os.PathLike | None,
) -> Figure:
    """A heatmap's colour legend (the categories ``shown``) right of its axes, its title, its file."""
    from matplotlib.patches import Patch

    ax = fig.axes[0]
    ax.legend(
        handles=[Patch(color=c, label=k) for k, c in colours.items() if k in shown],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=font,
        title=legend_title,
    )
    if title:
        ax.set_title(title, fontsize=10)
    return finish(fig, path)


def plot_trajectory(frame: pd.DataFrame, path: str | os.PathLike | None = None, *, title: str | None = None) -> Figure:
    """A trajectory (``simulate`` output: ``step`` plus one 0/1 column per node) as a
    node x step heatmap: dark = 1 (on), light = 0 (off)."""
    from matplotlib.colors import ListedColormap

    nodes = [c for c in frame.columns if c not in ("run", "step")]
    data = frame[nodes].to_numpy(dtype=float).T
    steps = frame["step"].to_numpy()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(min(24.0, 3.0 + 0.12 * len(steps)), min(24.0, 1.2 + 0.22 * len(nodes))), layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(
        data,
        aspect="auto",
        interpolation="nearest",
        cmap=ListedColormap(["#f0f0f0", "#2b5c8a"]),
        vmin=0,
        vmax=1,
        extent=(steps[0] - 0.5, steps[-1] + 0.5, len(nodes) - 0.5, -0.5),
    )
    ax.set_yticks(range(len(nodes)), nodes, fontsize=max(5, min(9, 300 / max(1, len(nodes)))))
    ax.set_xlabel("step")
    if title:
        ax.set_title(title)
    return finish(fig, path)


_VERDICT_COLOURS = {"kept": "#3a9a5b", "partial": "#e6b43c", "lost": "#c8413b", "error": "#888888"}


def plot_organ_necessity(
    result: ScreenResult | pd.DataFrame, path: str | os.PathLike | None = None, *, title: str | None = None
) -> Figure:
    """Organ sets x rule variants, coloured by verdict (kept / partial / lost / error), each
    cell annotated with the score; ``(start-dependent)`` after a label when the verdict
    differs from the lean start under some rule set (``hysteresis``). ``result`` is
    ``organ_necessity`` output."""
    frame = _frame(result)
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    labels = list(dict.fromkeys(frame["label"]))
    variants = list(dict.fromkeys(frame["variant"]))
    index = {
        (lab, v): (verdict, score)
        for lab, v, verdict, score in zip(frame["label"], frame["variant"], frame["verdict"], frame["score"])
    }
    fig = Figure(
        figsize=(min(24.0, 3.5 + 0.9 * len(variants)), min(24.0, 1.5 + 0.32 * len(labels))), layout="constrained"
    )
    ax = fig.add_subplot()
    for y, label in enumerate(labels):
        for x, v in enumerate(variants):
            verdict, score = index.get((label, v), ("error", 0.0))
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=_VERDICT_COLOURS[verdict], edgecolor="white"))
            ax.text(x, y, f"{score:.2f}", ha="center", va="center", fontsize=7, color="white")
    ax.set_xlim(-0.5, len(variants) - 0.5)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xticks(range(len(variants)), variants, fontsize=8)
    # a verdict that depends on where the system starts (the lean start differs) is named
    moved = set(frame["label"][frame["hysteresis"] == True]) if "hysteresis" in frame else set()  # noqa: E712
    ax.set_yticks(
        range(len(labels)), [f"{lab}  (start-dependent)" if lab in moved else lab for lab in labels], fontsize=7
    )
    ax.set_xlabel("rule variant")
    return _legend_and_finish(fig, _VERDICT_COLOURS, set(frame["verdict"]), "verdict (score)", 8, title, path)


_VALUE_COLOURS = {"benefit": "#3a9a5b", "disease": "#c8413b", "*": "#e6b43c", "mixed": "#9b6bb5", "error": "#888888"}


def _value_key(value: object, benefit: int, failed: bool = False) -> str:
    """The colour category of a readout's value over reachable attractors."""
    if failed or value in ("", None):
        return "error"
    if value in ("mixed", "*"):
        return str(value)
    return "benefit" if int(value) == benefit else "disease"  # type: ignore[call-overload]


def _readout_grid(
    rows: Sequence[tuple[str, Mapping[Any, Any], bool]],
    readouts: Mapping[str, int],
    title: str | None,
    path: str | os.PathLike | None,
) -> Figure:
    """Rows (label, readout values, failed) x readouts, coloured benefit / disease / ``*`` /
    mixed against the readouts' benefit values."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    names = list(readouts)
    fig = Figure(figsize=(min(24.0, 3.0 + 0.45 * len(names)), min(30.0, 1.5 + 0.25 * len(rows))), layout="constrained")
    ax = fig.add_subplot()
    for y, (_, values, failed) in enumerate(rows):
        for x, n in enumerate(names):
            key = _value_key(values[n], readouts[n], failed)
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=_VALUE_COLOURS[key], edgecolor="white"))
    ax.set_xlim(-0.5, len(names) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(rows)), [label for label, _, _ in rows], fontsize=6)
    shown = set(_VALUE_COLOURS) - ({"error"} if not any(failed for _, _, failed in rows) else set())
    return _legend_and_finish(fig, _VALUE_COLOURS, shown, "readout", 7, title, path)


def plot_screen(
    result: ScreenResult | pd.DataFrame,
    path: str | os.PathLike | None = None,
    readouts: Mapping[str, int] | None = None,
    *,
    title: str | None = None,
    max_rows: int = 80,
) -> Figure:
    """Screen heatmap: perturbations x readouts, green at the benefit value, red at the
    disease value, amber when it oscillates (``*``), purple when reachable attractors
    disagree (``mixed``). The perturbations with the lowest scores come first (at most
    ``max_rows``). Rows whose task failed (verdict ``error``) are grey. ``readouts``
    default to the result's own."""
    if readouts is None:
        readouts = getattr(result, "readouts", None)
        if readouts is None:
            raise ArgumentError("plot_screen needs the readouts with their benefit values")
    frame = _frame(result).sort_values(["score", "perturbation"], kind="stable").head(max_rows)
    rows = [
        (f"{r['perturbation'] or '(none)'}  [{r['verdict']}, {r['score']:.2f}]", r, bool(r["verdict"] == "error"))
        for r in frame.to_dict(orient="records")
    ]
    return _readout_grid(rows, readouts, title, path)


def plot_control(
    result: ControlResult,
    network: BooleanNetwork,
    path: str | os.PathLike | None = None,
    *,
    title: str | None = None,
    max_rows: int = 80,
) -> Figure:
    """Intervention sets x readouts (the targets, then the model's other declared readouts
    with their benefit values): what each minimal set brings besides its target, coloured
    as :func:`plot_screen`. Labels say how each set was verified."""
    benefit = {**network.metadata.get("readouts", {}), **result.target}
    readouts = {n: int(benefit[n]) for n in result.columns[3:]}
    rows = [(f"{r['interventions'] or '(none)'}  [{r['verified']}]", r, False) for r in result.records()[:max_rows]]
    return _readout_grid(rows, readouts, title, path)


def plot_attractors(
    result: Iterable[Attractor],
    network: BooleanNetwork,
    path: str | os.PathLike | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Attractors x nodes, nodes grouped (and labelled) by organ: dark = 1, light = 0,
    amber = not constant within the attractor. Rows are numbered as the attractor tables
    number them (0, 1, ...)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    groups = network.organ_nodes()
    order = [n for members in groups.values() for n in members]
    order += [n for n in network.nodes if n not in set(order)]
    data = [[{0: 0, 1: 1, "*": 2}[a.values[n]] for n in order] for a in result]
    fig = Figure(
        figsize=(min(24.0, 2.5 + 0.16 * len(order)), min(24.0, 1.8 + 0.4 * max(1, len(data)))), layout="constrained"
    )
    ax = fig.add_subplot()
    ax.imshow(
        data or [[0] * len(order)],
        aspect="auto",
        interpolation="nearest",
        vmin=0,
        vmax=2,
        cmap=ListedColormap(["#f0f0f0", "#2b5c8a", "#e6b43c"]),
    )
    ax.set_xticks(range(len(order)), order, rotation=90, fontsize=6)
    # numbered as the tables and to_frame() number them (0, 1, ...; a cycle's columns 1.0, 1.1)
    ax.set_yticks(range(len(data)), [f"{i}: {a.type} ({a.size})" for i, a in enumerate(result)], fontsize=7)
    x = 0
    for organ, members in groups.items():
        if members:
            ax.axvline(x - 0.5, color="black", linewidth=0.8)
            ax.text(x + len(members) / 2 - 0.5, -0.7, organ, ha="center", va="bottom", fontsize=7)
            x += len(members)
    if title:
        ax.set_title(title, fontsize=10, pad=14)
    return finish(fig, path)
