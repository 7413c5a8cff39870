"""Drawings of the signed interaction graph and of the organ quotient graph (matplotlib
alone: no Graphviz binary needed), and :func:`export_graph`, which writes a graph in the
format its file extension names.

=================  =========================================================================
extension          what :func:`export_graph` writes
=================  =========================================================================
``.graphml``       GraphML (see :func:`logicnet.io.graphs.write_graphml`)
``.dot``, ``.gv``  Graphviz DOT text (see :func:`logicnet.io.graphs.generate_dot`)
``.png``/``.svg``  a drawing (:func:`draw_graph`)
``.pdf``
=================  =========================================================================
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..errors import FormatError
from ..graph import NO_ORGAN
from ..io.graphs import (
    NO_ORGAN_COLOUR,
    SIGN_STYLES,
    blend,
    edge_sign,
    is_quotient,
    mediator_label,
    node_organ,
    organ_colours,
    sort_key,
    write_dot,
    write_graphml,
)
from .figures import MAX_INCHES, figure_kind, finish, legend_inches, new_figure, text_fit
from .layout import node_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_graph", "export_graph", "EXPORT_FORMATS"]

#: Keyword arguments of a matplotlib/networkx drawing call (typed for mypy, built like a dict).
Style = dict[str, Any]

#: extension -> kind, for :func:`export_graph`
EXPORT_FORMATS = {".graphml": "graphml", ".dot": "dot", ".gv": "dot", ".png": "png", ".svg": "svg", ".pdf": "pdf"}


def _edge_legend(ax, signs: Iterable[str], with_inputs: bool, quotient: bool = False, **legend_args):
    """A legend of the edge kinds drawn as small arrows (plus the input marker).

    Between organs ``±`` means the influences are mixed (some activate, some inhibit),
    which the legend says instead of "non-monotone"."""
    from matplotlib.artist import Artist
    from matplotlib.legend_handler import HandlerPatch
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    class ArrowHandler(HandlerPatch):
        def create_artists(self, legend, orig, xdescent, ydescent, width, height, fontsize, trans):
            y = height / 2 - ydescent
            art = FancyArrowPatch(
                (-xdescent, y),
                (width - xdescent, y),
                arrowstyle=orig.get_arrowstyle(),
                mutation_scale=fontsize * 1.1,
                color=orig.get_edgecolor(),
                linestyle=orig.get_linestyle(),
                linewidth=1.5,
                shrinkA=0,
                shrinkB=1,
            )
            art.set_transform(trans)
            return [art]

    styles = _arrowstyles()
    handles: list[Artist] = []
    for s in ("+", "-", "±"):
        if s in signs:
            _, _, colour, style, text = SIGN_STYLES[s]
            if quotient and s == "±":
                text = "mixed or non-monotone (±)"
            handles.append(
                FancyArrowPatch((0, 0), (1, 0), arrowstyle=styles[s], color=colour, linestyle=style, label=text)
            )
    if with_inputs:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="s",
                markersize=9,
                markerfacecolor="white",
                markeredgecolor="black",
                label="input",
            )
        )
    if not handles:
        return None
    return ax.legend(handles=handles, handler_map={FancyArrowPatch: ArrowHandler()}, **legend_args)


def _arrowstyles() -> dict[str, str]:
    return {"+": "-|>", "-": "-[, widthB=0.8, lengthB=0", "±": "-|>"}


def _edge_bends(graph: nx.DiGraph, pos: dict, radius: dict) -> dict[tuple, float]:
    """An ``arc3`` bend per edge: 0 (straight) unless the edge would cross another node.

    Antiparallel pairs always bend (both to their own right, so they separate). Candidate
    bends are tried from small to large, both ways; the first whose curve clears every
    other node wins, else the one crossing the fewest.
    """
    import numpy as np

    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    points = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    radii = np.array([radius[n] for n in nodes], dtype=float) * 1.05
    reach = float(radii.max()) if len(radii) else 0.0
    ts = np.linspace(0.06, 0.94, 23)[:, None]
    bends = {}
    for a, b in graph.edges:
        if a == b:
            bends[a, b] = 0.0
            continue
        pair = graph.has_edge(b, a)
        candidates = (0.18, 0.3, 0.45) if pair else (0.0, 0.14, -0.14, 0.28, -0.28, 0.45, -0.45)
        p0, p2 = points[index[a]], points[index[b]]
        d = p2 - p0
        # only nodes near the edge's (bent) bounding box can be hit
        lo = np.minimum(p0, p2) - 0.25 * np.abs(d[::-1]) - reach
        hi = np.maximum(p0, p2) + 0.25 * np.abs(d[::-1]) + reach
        near = np.all((points >= lo) & (points <= hi), axis=1)
        near[index[a]] = near[index[b]] = False
        if not near.any():
            bends[a, b] = candidates[0]
            continue
        obstacles, obstacle_r = points[near], radii[near]
        best, fewest = candidates[0], None
        for rad in candidates:
            p1 = (p0 + p2) / 2 + rad * np.array([d[1], -d[0]])
            curve = (1 - ts) ** 2 * p0 + 2 * (1 - ts) * ts * p1 + ts**2 * p2
            gaps = np.sqrt(((curve[:, None, :] - obstacles[None, :, :]) ** 2).sum(-1)).min(0)
            hits = int((gaps < obstacle_r).sum())
            if fewest is None or hits < fewest:
                best, fewest = rad, hits
            if hits == 0:
                break
        bends[a, b] = best
    return bends


def _draw_edges(ax, graph, pos, nodelist, sizes, scale: float, radius: dict):
    """Draw edges batched by (sign, bend); returns ``{(sign, bend): [edges]}``.

    ``sizes`` are marker areas (points²) aligned with ``nodelist``, so arrows stop at the
    node borders; ``radius`` (layout units) is used to route edges around other nodes and
    to size self-loops.
    """
    width = max(0.5, min(1.6, scale / 45))
    arrowsize = max(5.0, min(14.0, scale / 4.5))
    styles = _arrowstyles()
    bends = _edge_bends(graph, pos, radius)
    batches: dict[tuple[str, float], list] = {}
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (sort_key(e[0]), sort_key(e[1]))):
        batches.setdefault((edge_sign(data), bends[a, b]), []).append((a, b))
    for (sign, rad), edgelist in sorted(batches.items()):
        _, _, colour, style, _ = SIGN_STYLES[sign]
        loops = [e for e in edgelist if e[0] == e[1]]
        edgelist = [e for e in edgelist if e[0] != e[1]]
        # arrows stop at the node borders (a tee needs a little more room); bent edges are arcs
        where = Style(edgelist=edgelist, ax=ax, nodelist=nodelist, node_size=sizes, hide_ticks=False)
        look = Style(edge_color=colour, style=style, width=width, connectionstyle=f"arc3,rad={rad}")
        heads = Style(arrowstyle=styles[sign], arrowsize=arrowsize, min_target_margin=2 if sign == "-" else 1)
        nx.draw_networkx_edges(graph, pos, arrows=True, min_source_margin=1, **where, **look, **heads)
        for node, _ in loops:
            ax.add_patch(_self_loop(graph, pos, node, radius[node], styles[sign], colour, style, width, arrowsize))
    return batches


def _self_loop(graph, pos, node, r: float, arrowstyle: str, colour, style, width, arrowsize):
    """A loop on the node's border, on the side where it has the fewest neighbours.

    (networkx sizes self-loops by the extent of the edge batch, so they vanish or explode.)
    """
    import numpy as np
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path as MplPath

    centre = np.asarray(pos[node], dtype=float)
    angles = []
    for other in set(graph.successors(node)) | set(graph.predecessors(node)):
        d = np.asarray(pos[other], dtype=float) - centre
        if other != node and np.any(d):
            angles.append(math.atan2(d[1], d[0]))

    def clearance(a: float) -> float:
        return min((abs((a - b + math.pi) % (2 * math.pi) - math.pi) for b in angles), default=math.pi)

    # up first, then the other directions; the freest one wins
    candidates = [math.pi / 2 + k * math.pi / 4 for k in (0, -2, 2, 4, -1, 1, -3, 3)]
    facing = max(candidates, key=lambda a: clearance(a) - 1e-6 * candidates.index(a))
    spread = math.radians(50)

    def unit(a: float):
        return np.array([math.cos(a), math.sin(a)])

    start, end = centre + r * unit(facing - spread), centre + r * unit(facing + spread)
    reach = 2.4 * r
    verts = [start, start + reach * unit(facing - spread * 1.2), end + reach * unit(facing + spread * 1.2), end]
    path = MplPath(verts, [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])
    loop = FancyArrowPatch(path=path, arrowstyle=arrowstyle, mutation_scale=arrowsize, shrinkA=0, shrinkB=0, zorder=1)
    loop.set(color=colour, linestyle=style, linewidth=width)
    return loop


def _draw_nodes_graph(graph: nx.DiGraph, title: str | None):
    from matplotlib.patches import FancyBboxPatch, Patch

    nodes = list(graph.nodes)
    organ_of = {n: node_organ(graph, n) for n in nodes}
    organs = sorted({o for o in organ_of.values() if o is not None})
    has_organs = bool(organs)
    groups: dict[str | None, list] = {}
    if has_organs:
        for o in organs:
            groups[o] = [n for n in nodes if organ_of[n] == o]
        rest = [n for n in nodes if organ_of[n] is None]
        if rest:
            groups[None] = rest
    else:
        groups[None] = nodes
    pos, frames = node_layout(graph, groups)
    colours = organ_colours(organs)

    # extent (data units, one unit ~ one node spacing) -> figure size and point scale
    label_room = 0.5 if has_organs else 0.0  # group names above the boxes
    x0 = min(b[0] for b in frames.values()) - 0.2
    y0 = min(b[1] for b in frames.values()) - 0.2
    x1 = max(b[2] for b in frames.values()) + 0.2
    y1 = max(b[3] for b in frames.values()) + 0.2 + label_room
    span = max(x1 - x0, y1 - y0)
    unit = min(62.0, MAX_INCHES * 72 / span)  # points per layout unit
    font = max(3.0, min(9.0, unit * 0.15))
    legend_font = max(6.0, min(9.0, font))
    title_font = max(8.0, font * 1.4)
    legend_w = legend_inches([SIGN_STYLES["±"][4]] + [str(o) for o in organs] + [NO_ORGAN], legend_font)
    fig, ax = new_figure(
        (x1 - x0) * unit / 72, (y1 - y0) * unit / 72, legend_w=legend_w, title_h=title_font * 2 / 72 if title else 0.0
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")

    # one node size for all: fits the typical label; longer labels get a smaller font
    lengths = sorted(len(str(n)) for n in nodes)
    typical = lengths[int(0.8 * (len(lengths) - 1))]
    d = max(0.42 * unit, min(0.72 * unit, 0.6 * font * typical + 6))
    diameter = dict.fromkeys(nodes, d)
    sizes = [diameter[n] ** 2 for n in nodes]

    if has_organs:
        for g, (bx0, by0, bx1, by1) in frames.items():
            colour = colours[g]
            ax.add_patch(
                FancyBboxPatch(
                    (bx0, by0),
                    bx1 - bx0,
                    by1 - by0,
                    boxstyle="round,pad=0,rounding_size=0.5",
                    facecolor=blend(colour, 0.9),
                    edgecolor=blend(colour, 0.4),
                    linewidth=1.0,
                    linestyle="--" if g is None else "-",
                    zorder=0,
                )
            )
            ax.text(
                (bx0 + bx1) / 2,
                by1 + 0.08,
                NO_ORGAN if g is None else g,
                ha="center",
                va="bottom",
                fontsize=max(6.0, font * 1.25),
                fontweight="bold",
                color=colour if g is not None else "#555555",
                zorder=2,
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75),
            )

    batches = _draw_edges(ax, graph, pos, nodes, sizes, unit, {n: diameter[n] / unit / 2 for n in nodes})

    for shape, keep in (
        ("o", lambda n: not graph.nodes[n].get("input")),
        ("s", lambda n: bool(graph.nodes[n].get("input"))),
    ):
        chosen = [n for n in nodes if keep(n)]
        if not chosen:
            continue
        fill = [blend(colours[organ_of[n]], 0.55) if has_organs else "#dbe9f6" for n in chosen]
        edge = [colours[organ_of[n]] if has_organs else "#4a7ab0" for n in chosen]
        # squares of the same marker size look bigger than circles; shrink them a little
        size = [diameter[n] ** 2 * (0.8 if shape == "s" else 1.0) for n in chosen]
        _draw_nodes(ax, graph, pos, chosen, size, fill, edge, 1.0, shape)
    for n in nodes:
        _label(ax, pos[n], str(n), text_fit(str(n), diameter[n], font, max(3.0, font * 0.6)))

    with_inputs = any(graph.nodes[n].get("input") for n in nodes)
    edge_legend = _edge_legend(
        ax, {s for s, _ in batches}, with_inputs, title="edges", **_side_legend("upper", legend_font)
    )
    if edge_legend is not None:
        ax.add_artist(edge_legend)
        edge_legend.set_clip_on(False)  # add_artist clips to the axes; the legend sits outside
    if has_organs:
        organ_handles = [Patch(facecolor=blend(colours[o], 0.55), edgecolor=colours[o], label=o) for o in organs]
        if None in groups:
            organ_handles.append(
                Patch(facecolor=blend(NO_ORGAN_COLOUR, 0.55), edgecolor=NO_ORGAN_COLOUR, label=NO_ORGAN)
            )
        ax.legend(handles=organ_handles, title="organs", **_side_legend("lower", legend_font))
    if title:
        ax.set_title(title, fontsize=title_font)
    return fig


def _draw_quotient(graph: nx.DiGraph, title: str | None):
    import numpy as np

    nodes = sorted(graph.nodes, key=lambda n: (str(n) == NO_ORGAN, sort_key(n)))
    colours = organ_colours(str(n) for n in nodes)
    counts = {n: len(graph.nodes[n].get("nodes", ())) for n in nodes}
    biggest = max(max(counts.values()), 1)
    max_d = 95.0
    diameter = {n: max(34.0, max_d * math.sqrt(counts[n] / biggest)) for n in nodes}
    k = len(nodes)
    # organs on a circle; the radius (points) leaves room for edge labels between them
    spacing = max(diameter.values()) + 150.0
    ring = 0.0 if k == 1 else spacing / (2 * math.sin(math.pi / k))
    pos = {}
    for i, n in enumerate(nodes):
        a = math.pi / 2 - 2 * math.pi * i / k + (math.pi / 2 if k == 2 else 0)
        pos[n] = np.array([ring * math.cos(a), ring * math.sin(a)])
    margin = max_d / 2 + 40
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs) - margin, max(xs) + margin, min(ys) - margin, max(ys) + margin
    if nx.number_of_selfloops(graph):
        y1 += 40  # room for loops
    scale = min(1.0, MAX_INCHES * 72 / max(x1 - x0, y1 - y0))
    font = 9.0 * max(scale, 0.6)
    legend_font = max(6.0, font * 0.9)
    legend_title = "organ-to-organ influence\n(label: mediators)"
    fig, ax = new_figure(
        (x1 - x0) * scale / 72,
        (y1 - y0) * scale / 72,
        legend_w=legend_inches([legend_title], legend_font),
        title_h=font * 2.6 / 72 if title else 0.0,
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    sizes = [(diameter[n] * scale) ** 2 for n in nodes]

    batches = _draw_edges(ax, graph, pos, nodes, sizes, 62.0 * scale, {n: diameter[n] / 2 for n in nodes})
    for (sign, rad), edgelist in sorted(batches.items()):
        labels = {
            (a, b): textwrap.fill(mediator_label(graph.edges[a, b].get("mediators", [])), 28) for a, b in edgelist
        }
        texts = nx.draw_networkx_edge_labels(
            graph,
            pos,
            edge_labels=labels,
            ax=ax,
            font_size=font * 0.9,
            font_color=SIGN_STYLES[sign][2],
            label_pos=0.38,
            rotate=False,
            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85),
            connectionstyle=f"arc3,rad={rad}",
            nodelist=nodes,
            node_size=sizes,
            hide_ticks=False,
        )
        for t in texts.values():
            t.set_zorder(5)

    for n in nodes:
        colour = colours.get(str(n), NO_ORGAN_COLOUR)
        pseudo = str(n) == NO_ORGAN  # nodes without an organ: a dashed square
        art = _draw_nodes(
            ax,
            graph,
            pos,
            [n],
            [(diameter[n] * scale) ** 2],
            [blend(colour, 0.45)],
            [colour],
            1.5,
            "s" if pseudo else "o",
        )
        if pseudo:
            art.set_linestyle("--")
        c = counts[n]
        label = f"{n}\n{c} node{'s' if c != 1 else ''}"
        fits = text_fit(label, diameter[n] * scale * (1.1 if pseudo else 1.0), font, font * 0.7)
        _label(ax, pos[n], label, fits, linespacing=1.1)
    _edge_legend(
        ax, {s for s, _ in batches}, False, quotient=True, title=legend_title, **_side_legend("upper", legend_font)
    )
    if title:
        ax.set_title(title, fontsize=font * 1.3)
    return fig


def _side_legend(corner: str, font: float) -> dict[str, Any]:
    """Keyword arguments of a legend outside the axes, to the right, at its ``corner``
    (``"upper"`` or ``"lower"``)."""
    return {
        "loc": f"{corner} left",
        "bbox_to_anchor": (1.01, 1.0 if corner == "upper" else 0.0),
        "fontsize": font,
        "title_fontsize": font,
        "frameon": False,
        "borderaxespad": 0,
    }


def _draw_nodes(
    ax: Axes, graph: nx.DiGraph, pos: dict, nodes: list, sizes: list, fill: list, edge: list, width: float, shape: str
) -> Any:
    """Nodes as markers above the edges."""
    look = Style(node_size=sizes, node_color=fill, edgecolors=edge, linewidths=width, node_shape=shape)
    art = nx.draw_networkx_nodes(graph, pos, nodelist=nodes, ax=ax, hide_ticks=False, **look)
    art.set_zorder(3)
    return art


def _label(ax: Axes, xy: Any, text: str, fontsize: float, **style: Any) -> None:
    """A label centred on a node, above it."""
    ax.text(xy[0], xy[1], text, ha="center", va="center", zorder=4, fontsize=fontsize, **style)


def draw_graph(
    graph: nx.DiGraph, path: str | os.PathLike | None = None, *, title: str | None = None, quotient: bool | None = None
) -> Figure:
    """Draw ``graph`` to a PNG, SVG or PDF file (format from the extension) with matplotlib.

    Node graph: organs are laid out as groups on a circle, each on a shaded box with its
    name, nodes coloured by organ (legend); nodes without an organ form a dashed grey
    group; a graph without organs is one group. Inputs are squares. Edges: activation
    ``-|>`` in green, inhibition with a red T-bar, non-monotone grey dashed; antiparallel
    edges are curved apart, edges that would cross a node are bent around it, self-loops
    are small loops. Figure and font sizes follow the node count (at most 24 inches of
    plot a side; labels shrink on big graphs); the layout has fixed seeds.

    Quotient graph (``quotient=None`` detects it, see :func:`is_quotient`): organs on a
    circle, disc area proportional to the number of member nodes, edges labelled with
    their mediators.

    ``title`` defaults to the graph's ``name`` attribute (pass ``""`` for none). Returns the
    figure; with ``path`` (PNG, SVG or PDF by extension) also writes it.
    """
    if path is not None:
        figure_kind(path)
    quotient = is_quotient(graph) if quotient is None else quotient
    if title is None:
        title = str(graph.graph.get("name") or "")
        if title and quotient:
            title = f"{title}: organs"
    if graph.number_of_nodes() == 0:
        fig, ax = new_figure(3.0, 1.5, title_h=0.4 if title else 0.0)
        ax.text(0.5, 0.5, "(empty graph)", ha="center", va="center", fontsize=10, transform=ax.transAxes)
        if title:
            ax.set_title(title)
    elif quotient:
        fig = _draw_quotient(graph, title)
    else:
        fig = _draw_nodes_graph(graph, title)
    return finish(fig, path)


def export_graph(graph: nx.DiGraph, path: str | os.PathLike, *, title: str | None = None) -> None:
    """Write ``graph`` in the format its extension names (see the table in the module doc).

    Raises :class:`~logicnet.errors.FormatError` for any other extension.
    """
    kind = EXPORT_FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise FormatError(
            f"{path}: cannot export a graph to {Path(path).suffix or '(no extension)'!r} "
            f"(choose {', '.join(EXPORT_FORMATS)})"
        )
    if kind == "graphml":
        write_graphml(graph, path)
    elif kind == "dot":
        write_dot(graph, path)
    else:
        draw_graph(graph, path, title=title)
