"""Exports and drawings of the signed interaction graph (and of the organ quotient graph).

=================  =========================================================================
extension          what :func:`export_graph` writes
=================  =========================================================================
``.graphml``       GraphML (networkx); lists become comma-joined text, ``None`` becomes ``""``
``.dot``, ``.gv``  Graphviz DOT text: one cluster per organ, inputs as boxes
``.png``/``.svg``  a drawing made with matplotlib alone (no Graphviz binary needed)
``.pdf``
=================  =========================================================================

Edges are styled by sign everywhere: ``+`` activation (green, normal arrowhead), ``-``
inhibition (red, T-bar), ``±`` non-monotone (grey, dashed; ``odot`` head in DOT).

Both graphs of :mod:`logicnet.graph` are accepted. The organ quotient graph (from
:func:`~logicnet.graph.organ_graph`) is recognised because *every* node carries a ``nodes``
attribute (its member list); pass ``quotient=True``/``False`` to :func:`generate_dot` or
:func:`draw_graph` to override. Quotient edges are labelled with their mediators and its
nodes are sized by their number of members.

Every writer is atomic (:func:`~logicnet.io.atomic_write`) and deterministic: sorted DOT,
fixed layout seeds, no timestamps in SVG/PDF.

>>> g = nx.DiGraph()
>>> g.add_edge("A", "B", sign="-")
>>> print(generate_dot(g))  # doctest: +NORMALIZE_WHITESPACE
digraph "" {
  node [fontname="Helvetica", style=filled, fillcolor=white];
  "A";
  "B";
  "A" -> "B" [arrowhead=tee, color=red3, tooltip="A -| B"];
}
"""

from __future__ import annotations

import io
import math
import os
import textwrap
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import FormatError
from .graph import NO_ORGAN
from .io import atomic_write

__all__ = ["generate_dot", "write_graphml", "draw_graph", "export_graph", "is_quotient",
           "organ_colours", "EXPORT_FORMATS"]

#: extension -> kind, for :func:`export_graph`
EXPORT_FORMATS = {".graphml": "graphml", ".dot": "dot", ".gv": "dot",
                  ".png": "png", ".svg": "svg", ".pdf": "pdf"}

# sign -> (DOT arrowhead, DOT colour, matplotlib colour, matplotlib line style, legend text)
_EDGE_STYLE = {
    "+": ("normal", "darkgreen", "#006400", "solid", "activation (+)"),
    "-": ("tee", "red3", "#cd0000", "solid", "inhibition (−)"),
    "±": ("odot", "gray40", "#666666", "dashed", "non-monotone (±)"),
}
_ARROW_TEXT = {"+": "->", "-": "-|", "±": "-o"}
_NO_ORGAN_COLOUR = "#9e9e9e"


# --------------------------------------------------------------------------- helpers
def _key(x: Hashable) -> tuple[str, str]:
    """Sort key for node names that need not be strings."""
    return (type(x).__name__, str(x))


def is_quotient(graph: nx.DiGraph) -> bool:
    """True for an organ quotient graph: non-empty, and every node has a ``nodes`` attribute."""
    return graph.number_of_nodes() > 0 and all("nodes" in d for _, d in graph.nodes(data=True))


def _sign(data: dict) -> str:
    s = data.get("sign", "+")
    return s if s in _EDGE_STYLE else "±"


def _node_organ(graph: nx.DiGraph, node: Hashable) -> str | None:
    o = graph.nodes[node].get("organ")
    return None if o in (None, "", NO_ORGAN) else str(o)


def organ_colours(organs: Iterable[str | None]) -> dict[str | None, str]:
    """organ -> hex colour from a qualitative palette (tab10, tab20 beyond 9 organs).

    Colours follow the *sorted* organ names, so the node graph and the quotient graph of
    one network agree; nodes without an organ (``None`` or ``"(no organ)"``) are grey.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    names = sorted({o for o in organs if o not in (None, NO_ORGAN)})
    base = "tab10" if len(names) <= 9 else "tab20"
    palette = [to_hex(c) for c in colormaps[base].colors]
    palette = [c for c in palette if c not in ("#7f7f7f", "#c7c7c7")]  # grey means "no organ"
    out: dict[str | None, str] = {o: palette[i % len(palette)] for i, o in enumerate(names)}
    out[None] = out[NO_ORGAN] = _NO_ORGAN_COLOUR
    return out


def _blend(colour: str, white: float) -> str:
    """``colour`` mixed with ``white`` parts of white (0..1)."""
    c = colour.lstrip("#")
    rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(v + (255 - v) * white):02x}" for v in rgb)


def _mediator_label(mediators: Iterable[Any], limit: int = 6) -> str:
    meds = [str(m) for m in mediators]
    if len(meds) > limit:
        meds = meds[:limit] + [f"+{len(meds) - limit} more"]
    return ", ".join(meds)


# --------------------------------------------------------------------------- DOT
def _q(value: Any) -> str:
    """A DOT quoted string: backslashes and double quotes escaped, newlines as ``\\n``."""
    s = str(value).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{s}"'


def _attrs(pairs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in pairs.items())


def generate_dot(graph: nx.DiGraph, *, organs: bool = True, quotient: bool | None = None) -> str:
    """Graphviz DOT text of a signed graph (render with ``dot -Tsvg``).

    Node graph: with ``organs`` (and nodes carrying an ``organ``), each organ is a
    ``subgraph "cluster_<organ>"`` labelled with its name; nodes without an organ sit
    outside the clusters. Inputs (node attribute ``input``) are boxes, other nodes
    ellipses. Edges: ``+`` normal arrowhead in dark green, ``-`` tee in red, ``±`` odot in
    grey (dashed).

    Quotient graph (``quotient=None`` detects it, see :func:`is_quotient`): one node per
    organ labelled with its member count, edges labelled with their mediators.

    Every identifier is quoted; nodes and edges are sorted, so equal graphs give equal text.
    """
    quotient = is_quotient(graph) if quotient is None else quotient
    lines = [f"digraph {_q(graph.graph.get('name', ''))} {{"]
    if quotient:
        lines.append('  graph [overlap=false, splines=true];')
    lines.append('  node [fontname="Helvetica", style=filled, fillcolor=white];')
    if quotient and graph.number_of_edges():
        lines.append('  edge [fontname="Helvetica", fontsize=10];')
    nodes = sorted(graph.nodes, key=_key)

    if quotient:
        colours = organ_colours(str(n) for n in nodes)
        for n in nodes:
            data = graph.nodes[n]
            members = list(data.get("nodes", []))
            attrs = {"label": _q(f"{n}\n{len(members)} node{'s' if len(members) != 1 else ''}"),
                     "fillcolor": _q(_blend(colours.get(str(n), _NO_ORGAN_COLOUR), 0.55)),
                     "color": _q(colours.get(str(n), _NO_ORGAN_COLOUR))}
            if str(n) == NO_ORGAN:
                attrs["shape"] = "box"
                attrs["style"] = _q("filled,dashed")
            if data.get("description"):
                attrs["tooltip"] = _q(data["description"])
            lines.append(f"  {_q(n)} [{_attrs(attrs)}];")
    else:
        by_organ: dict[str | None, list[Hashable]] = {}
        for n in nodes:
            by_organ.setdefault(_node_organ(graph, n) if organs else None, []).append(n)
        colours = organ_colours(by_organ)

        def node_line(n: Hashable, indent: str) -> str:
            attrs: dict[str, str] = {}
            if graph.nodes[n].get("input"):
                attrs["shape"] = "box"
            organ = _node_organ(graph, n)
            if organs and organ is not None:
                attrs["fillcolor"] = _q(_blend(colours[organ], 0.6))
            return f"{indent}{_q(n)}" + (f" [{_attrs(attrs)}]" if attrs else "") + ";"

        for organ in sorted(o for o in by_organ if o is not None):
            lines.append(f"  subgraph {_q('cluster_' + organ)} {{")
            lines.append(f"    label={_q(organ)};")
            lines.append(f'    style="rounded,filled"; fillcolor={_q(_blend(colours[organ], 0.88))}; '
                         f'color={_q(colours[organ])};')
            lines.extend(node_line(n, "    ") for n in by_organ[organ])
            lines.append("  }")
        lines.extend(node_line(n, "  ") for n in by_organ.get(None, []))

    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (_key(e[0]), _key(e[1]))):
        sign = _sign(data)
        head, colour, _, style, _ = _EDGE_STYLE[sign]
        attrs = {"arrowhead": head, "color": colour}
        if style == "dashed":
            attrs["style"] = "dashed"
        if quotient:
            attrs["label"] = _q(_mediator_label(data.get("mediators", [])))
            attrs["penwidth"] = f"{min(1 + 0.5 * (len(data.get('edges', [])) - 1), 4):g}"
        attrs["tooltip"] = _q(f"{a} {_ARROW_TEXT[sign]} {b}")
        lines.append(f"  {_q(a)} -> {_q(b)} [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- GraphML
def _scalar_item(x: Any) -> str:
    if isinstance(x, tuple) and len(x) >= 2:  # an edge (a, b) or (a, b, sign)
        text = f"{x[0]}->{x[1]}"
        return text + "".join(f":{y}" for y in x[2:])
    return "" if x is None else str(x)


_DROP = object()


def _graphml_value(value: Any) -> Any:
    """A GraphML-compatible value, or ``_DROP``."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # numpy scalars
        return _graphml_value(value.item())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ",".join(_scalar_item(x) for x in items)
    return _DROP


def _graphml_ready(graph: nx.DiGraph) -> nx.DiGraph:
    out = nx.DiGraph()
    for k, v in graph.graph.items():
        if (v := _graphml_value(v)) is not _DROP:
            out.graph[k] = v

    def clean(data: dict) -> dict:
        return {k: v for k, v in ((k, _graphml_value(v)) for k, v in data.items()) if v is not _DROP}

    out.add_nodes_from((n, clean(d)) for n, d in graph.nodes(data=True))
    out.add_edges_from((a, b, clean(d)) for a, b, d in graph.edges(data=True))
    return out


def write_graphml(graph: nx.DiGraph, path: str | os.PathLike) -> None:
    """Write ``graph`` as GraphML (readable by Cytoscape, yEd, Gephi, ``nx.read_graphml``).

    GraphML holds scalars only: ``None`` becomes ``""``; lists and tuples become
    comma-joined text, an edge tuple ``(a, b)`` as ``a->b`` and ``(a, b, sign)`` as
    ``a->b:sign`` (so ``non_essential`` reads ``"A->C,B->D"``); other values (dicts,
    objects) are dropped. The graph itself is not changed.
    """
    text = "\n".join(nx.generate_graphml(_graphml_ready(graph), encoding="utf-8", prettyprint=True))
    atomic_write(path, text + "\n")


# --------------------------------------------------------------------------- layout
def _force_layout(n: int, edges: list[tuple[int, int]], seed: int, iterations: int = 80):
    """Fruchterman-Reingold in numpy (dense, float32; no scipy), with a weak pull to the
    centre so that components stay together. Returns an ``(n, 2)`` array centred at 0.
    """
    import numpy as np

    if n < 2:
        return np.zeros((n, 2))
    rng = np.random.default_rng(seed)
    x, y = rng.random(n).astype(np.float32), rng.random(n).astype(np.float32)
    adj = np.zeros((n, n), dtype=np.float32)
    for i, j in edges:
        if i != j:
            adj[i, j] = adj[j, i] = 1.0
    k = np.float32(math.sqrt(1.0 / n))
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.hypot(dx, dy)
        np.maximum(dist, 0.01, out=dist)
        force = k * k / (dist * dist) - adj * dist / k
        fx = (dx * force).sum(1) - 0.05 * (x - x.mean()) / k
        fy = (dy * force).sum(1) - 0.05 * (y - y.mean()) / k
        length = np.maximum(np.hypot(fx, fy), 0.01)
        x += fx * (t / length)
        y += fy * (t / length)
        t -= dt
    pos = np.stack([x, y], axis=1).astype(float)
    return pos - pos.mean(0)


def _spread(pos, dmin: float, iterations: int = 40):
    """Push apart points closer than ``dmin`` (simple overlap removal)."""
    import numpy as np

    n = len(pos)
    if n < 2:
        return pos
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    idx = np.arange(n)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.hypot(dx, dy)
        dist[idx, idx] = 2 * dmin
        close = dist < dmin
        if not close.any():
            break
        same = dist == 0
        if same.any():  # identical points: separate them deterministically
            rows = same.any(1)
            x[rows] += 1e-3 * np.cos(idx[rows]).astype(np.float32)
            y[rows] += 1e-3 * np.sin(idx[rows]).astype(np.float32)
            continue
        push = np.where(close, (dmin - dist) / (2 * dist), 0.0).astype(np.float32)
        x += (dx * push).sum(1)
        y += (dy * push).sum(1)
    return np.stack([x, y], axis=1).astype(float)


def _stress_layout(n: int, edges: list[tuple[int, int]], seed: int, iterations: int = 150):
    """Stress majorization (SMACOF) on graph distances: small groups look tidy this way.

    Returns an ``(n, 2)`` array centred at 0 (unconnected pairs want distance max+1).
    """
    import numpy as np

    if n < 2:
        return np.zeros((n, 2))
    h = nx.Graph()
    h.add_nodes_from(range(n))
    h.add_edges_from(edges)
    dist = np.full((n, n), np.nan)
    for i, lengths in nx.all_pairs_shortest_path_length(h):
        for j, d in lengths.items():
            dist[i, j] = d
    far = np.nanmax(dist) + 1
    dist = np.where(np.isnan(dist), far, dist)
    np.fill_diagonal(dist, 0.0)
    w = np.zeros_like(dist)
    off = dist > 0
    w[off] = dist[off] ** -2.0
    v = -w
    np.fill_diagonal(v, w.sum(1))
    v_pinv = np.linalg.pinv(v)
    x = np.random.default_rng(seed).random((n, 2))
    for _ in range(iterations):
        gaps = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
        b = np.where(gaps > 1e-9, -w * dist / np.where(gaps > 1e-9, gaps, 1.0), 0.0)
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(1))
        x_new = v_pinv @ (b @ x)
        if np.abs(x_new - x).max() < 1e-5:
            x = x_new
            break
        x = x_new
    return x - x.mean(0)


def _crossings(pos, edges: list[tuple[int, int]]) -> int:
    """Number of crossing pairs among straight edges that share no endpoint."""
    import numpy as np

    if len(edges) < 2:
        return 0
    e = np.array(edges)
    a, b = pos[e[:, 0]], pos[e[:, 1]]

    def orient(p, q, r):  # sign of the turn p -> q -> r, for every pair of edges
        return np.sign((q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1])
                       - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0]))

    A, B = a[:, None, :], b[:, None, :]
    C, D = a[None, :, :], b[None, :, :]
    cross = (orient(A, B, C) * orient(A, B, D) < 0) & (orient(C, D, A) * orient(C, D, B) < 0)
    shared = (e[:, None, 0] == e[None, :, 0]) | (e[:, None, 0] == e[None, :, 1]) \
        | (e[:, None, 1] == e[None, :, 0]) | (e[:, None, 1] == e[None, :, 1])
    return int((cross & ~shared).sum()) // 2


def _group_layout(graph: nx.DiGraph, members: list, seed: int):
    """Positions of ``members`` around 0 with nearest neighbours about 1 apart.

    Small groups try stress and force-directed layouts with a few seeds each and keep
    the one with the fewest edge crossings (the first on ties).
    """
    import numpy as np

    m = len(members)
    if m == 1:
        return np.zeros((1, 2))
    index = {n: i for i, n in enumerate(members)}
    edges = sorted({(index[a], index[b]) for a, b in graph.subgraph(members).edges if a != b})
    if m <= 60 and len(edges) <= 300:  # small: stress and force layouts, a few seeds each
        makers = [(_stress_layout, seed + 101 * t) for t in range(3)] + \
                 [(_force_layout, seed + 101 * t) for t in range(3)]
    else:
        makers = [(_force_layout, seed)]
    tries = len(makers)
    best, best_score = None, None
    for make, start_seed in makers:
        pos = make(m, edges, start_seed, iterations=60 if m > 300 else 120)
        radius = np.sqrt((pos ** 2).sum(-1)).max()
        if radius > 0:
            pos = pos * (0.62 * math.sqrt(m) / radius)  # area ~ 1.2 per node
        pos = _spread(pos, 1.0)
        score = _crossings(pos, edges) if tries > 1 else 0
        if best_score is None or score < best_score:
            best, best_score = pos, score
    return best - best.mean(0)


def _orient(rel, pulls):
    """Rotate/reflect a group layout so nodes face the groups they link to.

    ``pulls[i]`` is the summed unit direction from the group centre to the external
    neighbours of member ``i``; among 24 rotations (and their mirror images) the one
    maximising ``sum(rel[i] . pulls[i])`` wins.
    """
    import numpy as np

    if not np.any(pulls) or len(rel) < 2:
        return rel
    best, best_score = rel, -np.inf
    for mirror in (1.0, -1.0):
        base = rel * np.array([1.0, mirror])
        for step in range(24):
            a = 2 * math.pi * step / 24
            rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
            cand = base @ rot.T
            score = float((cand * pulls).sum())
            if score > best_score + 1e-9:
                best, best_score = cand, score
    return best


_PAD = 0.6  # layout units between a group's outer nodes and its background box


def _node_layout(graph: nx.DiGraph, groups: dict[str | None, list]):
    """Node positions (about 1 unit apart) and per-group boxes ``(x0, y0, x1, y1)``.

    Each group is laid out alone (force-directed, fixed seed), the groups are put on a
    circle far enough apart not to overlap, then each group is turned to face the groups
    it exchanges edges with.
    """
    import numpy as np

    keys = list(groups)
    rel = {g: _group_layout(graph, groups[g], seed=17 + i) for i, g in enumerate(keys)}
    radius = {g: float(np.sqrt((rel[g] ** 2).sum(-1)).max()) + _PAD for g in keys}
    k = len(keys)
    centres: dict[str | None, Any] = {}
    if k == 1:
        centres[keys[0]] = np.zeros(2)
    else:
        gap = 0.9
        need = max(radius[keys[i]] + radius[keys[(i + 1) % k]] + gap for i in range(k))
        big_r = need / (2 * math.sin(math.pi / k))
        for i, g in enumerate(keys):
            a = math.pi / 2 - 2 * math.pi * i / k + (math.pi / 2 if k == 2 else 0)
            centres[g] = big_r * np.array([math.cos(a), math.sin(a)])
    group_of = {n: g for g in keys for n in groups[g]}
    pos = {}
    for g in keys:
        pulls = np.zeros_like(rel[g])
        for i, n in enumerate(groups[g]):
            for other in list(graph.successors(n)) + list(graph.predecessors(n)):
                h = group_of[other]
                if h != g:
                    d = centres[h] - centres[g]
                    pulls[i] += d / (np.linalg.norm(d) or 1.0)
        rel[g] = _orient(rel[g], pulls)
        for i, n in enumerate(groups[g]):
            pos[n] = centres[g] + rel[g][i]
    boxes = {}
    for g in keys:
        pts = np.array([pos[n] for n in groups[g]])
        boxes[g] = (*(pts.min(0) - _PAD), *(pts.max(0) + _PAD))
    return pos, boxes


# --------------------------------------------------------------------------- drawing
_MAX_INCHES = 24.0


def _edge_legend(ax, signs: Iterable[str], with_inputs: bool, quotient: bool = False, **legend_args):
    """A legend of the edge kinds drawn as small arrows (plus the input marker).

    Between organs ``±`` means the influences are mixed (some activate, some inhibit),
    which the legend says instead of "non-monotone"."""
    from matplotlib.legend_handler import HandlerPatch
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    class ArrowHandler(HandlerPatch):
        def create_artists(self, legend, orig, xdescent, ydescent, width, height, fontsize, trans):
            y = height / 2 - ydescent
            art = FancyArrowPatch((-xdescent, y), (width - xdescent, y), arrowstyle=orig.get_arrowstyle(),
                                  mutation_scale=fontsize * 1.1, color=orig.get_edgecolor(),
                                  linestyle=orig.get_linestyle(), linewidth=1.5, shrinkA=0, shrinkB=1)
            art.set_transform(trans)
            return [art]

    styles = _arrowstyles()
    handles = []
    for s in ("+", "-", "±"):
        if s in signs:
            _, _, colour, style, text = _EDGE_STYLE[s]
            if quotient and s == "±":
                text = "mixed or non-monotone (±)"
            handles.append(FancyArrowPatch((0, 0), (1, 0), arrowstyle=styles[s], color=colour,
                                           linestyle=style, label=text))
    if with_inputs:
        handles.append(Line2D([], [], linestyle="none", marker="s", markersize=9,
                              markerfacecolor="white", markeredgecolor="black", label="input"))
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
            curve = (1 - ts) ** 2 * p0 + 2 * (1 - ts) * ts * p1 + ts ** 2 * p2
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
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (_key(e[0]), _key(e[1]))):
        batches.setdefault((_sign(data), bends[a, b]), []).append((a, b))
    for (sign, rad), edgelist in sorted(batches.items()):
        _, _, colour, style, _ = _EDGE_STYLE[sign]
        loops = [e for e in edgelist if e[0] == e[1]]
        edgelist = [e for e in edgelist if e[0] != e[1]]
        nx.draw_networkx_edges(
            graph, pos, edgelist=edgelist, ax=ax, nodelist=nodelist, node_size=sizes,
            edge_color=colour, style=style, width=width, arrows=True,
            arrowstyle=styles[sign], arrowsize=arrowsize, connectionstyle=f"arc3,rad={rad}",
            min_source_margin=1, min_target_margin=2 if sign == "-" else 1, hide_ticks=False)
        for node, _ in loops:
            ax.add_patch(_self_loop(graph, pos, node, radius[node], styles[sign], colour, style,
                                    width, arrowsize))
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
    return FancyArrowPatch(path=path, arrowstyle=arrowstyle, mutation_scale=arrowsize, color=colour,
                           linestyle=style, linewidth=width, shrinkA=0, shrinkB=0, zorder=1)


_PAD_INCHES = 0.15


def _new_figure(plot_w: float, plot_h: float, *, legend_w: float = 0.0, title_h: float = 0.0):
    """A figure with an axes of ``plot_w`` x ``plot_h`` inches, room for legends on the
    right and a title above (no ``bbox_inches="tight"``: that would render twice)."""
    from matplotlib.figure import Figure

    width = plot_w + legend_w + 2 * _PAD_INCHES
    height = plot_h + title_h + 2 * _PAD_INCHES
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((_PAD_INCHES / width, _PAD_INCHES / height, plot_w / width, plot_h / height))
    ax.set_axis_off()
    return fig, ax


def _legend_inches(labels: Iterable[str], font: float) -> float:
    """Rough width of a legend with these entries (handle + longest text + padding)."""
    longest = max((len(line) for t in labels for line in str(t).split("\n")), default=0)
    return (longest * 0.62 * font + 4 * font + 14) / 72


def _text_fit(label: str, diameter: float, font: float, smallest: float) -> float:
    """Font size so that ``label`` fits in a circle of ``diameter`` points (not below ``smallest``)."""
    longest = max((len(line) for line in label.split("\n")), default=1) or 1
    return max(smallest, min(font, (diameter - 4) / (0.6 * longest)))


def _draw_nodes_graph(graph: nx.DiGraph, title: str | None):
    from matplotlib.patches import FancyBboxPatch, Patch

    nodes = list(graph.nodes)
    organ_of = {n: _node_organ(graph, n) for n in nodes}
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
    pos, frames = _node_layout(graph, groups)
    colours = organ_colours(organs)

    # extent (data units, one unit ~ one node spacing) -> figure size and point scale
    label_room = 0.5 if has_organs else 0.0  # group names above the boxes
    x0 = min(b[0] for b in frames.values()) - 0.2
    y0 = min(b[1] for b in frames.values()) - 0.2
    x1 = max(b[2] for b in frames.values()) + 0.2
    y1 = max(b[3] for b in frames.values()) + 0.2 + label_room
    span = max(x1 - x0, y1 - y0)
    unit = min(62.0, _MAX_INCHES * 72 / span)  # points per layout unit
    font = max(3.0, min(9.0, unit * 0.15))
    legend_font = max(6.0, min(9.0, font))
    title_font = max(8.0, font * 1.4)
    legend_w = _legend_inches([_EDGE_STYLE["±"][4]] + [str(o) for o in organs] + [NO_ORGAN], legend_font)
    fig, ax = _new_figure((x1 - x0) * unit / 72, (y1 - y0) * unit / 72, legend_w=legend_w,
                          title_h=title_font * 2 / 72 if title else 0.0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")

    # one node size for all: fits the typical label; longer labels get a smaller font
    lengths = sorted(len(str(n)) for n in nodes)
    typical = lengths[int(0.8 * (len(lengths) - 1))]
    d = max(0.42 * unit, min(0.72 * unit, 0.6 * font * typical + 6))
    diameter = {n: d for n in nodes}
    sizes = [diameter[n] ** 2 for n in nodes]

    if has_organs:
        for g, (bx0, by0, bx1, by1) in frames.items():
            colour = colours[g]
            ax.add_patch(FancyBboxPatch((bx0, by0), bx1 - bx0, by1 - by0,
                                        boxstyle="round,pad=0,rounding_size=0.5",
                                        facecolor=_blend(colour, 0.9), edgecolor=_blend(colour, 0.4),
                                        linewidth=1.0, linestyle="--" if g is None else "-", zorder=0))
            ax.text((bx0 + bx1) / 2, by1 + 0.08, NO_ORGAN if g is None else g,
                    ha="center", va="bottom", fontsize=max(6.0, font * 1.25), fontweight="bold",
                    color=colour if g is not None else "#555555", zorder=2,
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75))

    batches = _draw_edges(ax, graph, pos, nodes, sizes, unit, {n: diameter[n] / unit / 2 for n in nodes})

    for shape, keep in (("o", lambda n: not graph.nodes[n].get("input")),
                        ("s", lambda n: bool(graph.nodes[n].get("input")))):
        chosen = [n for n in nodes if keep(n)]
        if not chosen:
            continue
        fill = [_blend(colours[organ_of[n]], 0.55) if has_organs else "#dbe9f6" for n in chosen]
        edge = [colours[organ_of[n]] if has_organs else "#4a7ab0" for n in chosen]
        # squares of the same marker size look bigger than circles; shrink them a little
        size = [diameter[n] ** 2 * (0.8 if shape == "s" else 1.0) for n in chosen]
        art = nx.draw_networkx_nodes(graph, pos, nodelist=chosen, node_size=size, node_color=fill,
                                     edgecolors=edge, linewidths=1.0, node_shape=shape, ax=ax,
                                     hide_ticks=False)
        art.set_zorder(3)
    for n in nodes:
        ax.text(pos[n][0], pos[n][1], str(n), ha="center", va="center", zorder=4,
                fontsize=_text_fit(str(n), diameter[n], font, max(3.0, font * 0.6)))

    edge_legend = _edge_legend(ax, {s for s, _ in batches}, any(graph.nodes[n].get("input") for n in nodes),
                               title="edges", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                               fontsize=legend_font, title_fontsize=legend_font, frameon=False,
                               borderaxespad=0)
    if edge_legend is not None:
        ax.add_artist(edge_legend)
        edge_legend.set_clip_on(False)  # add_artist clips to the axes; the legend sits outside
    if has_organs:
        organ_handles = [Patch(facecolor=_blend(colours[o], 0.55), edgecolor=colours[o], label=o)
                         for o in organs]
        if None in groups:
            organ_handles.append(Patch(facecolor=_blend(_NO_ORGAN_COLOUR, 0.55),
                                       edgecolor=_NO_ORGAN_COLOUR, label=NO_ORGAN))
        ax.legend(handles=organ_handles, title="organs", loc="lower left",
                  bbox_to_anchor=(1.01, 0.0), fontsize=legend_font, title_fontsize=legend_font,
                  frameon=False, borderaxespad=0)
    if title:
        ax.set_title(title, fontsize=title_font)
    return fig


def _draw_quotient(graph: nx.DiGraph, title: str | None):
    import numpy as np

    nodes = sorted(graph.nodes, key=lambda n: (str(n) == NO_ORGAN, _key(n)))
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
    scale = min(1.0, _MAX_INCHES * 72 / max(x1 - x0, y1 - y0))
    font = 9.0 * max(scale, 0.6)
    legend_font = max(6.0, font * 0.9)
    legend_title = "organ-to-organ influence\n(label: mediators)"
    fig, ax = _new_figure((x1 - x0) * scale / 72, (y1 - y0) * scale / 72,
                          legend_w=_legend_inches([legend_title], legend_font),
                          title_h=font * 2.6 / 72 if title else 0.0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    sizes = [(diameter[n] * scale) ** 2 for n in nodes]

    batches = _draw_edges(ax, graph, pos, nodes, sizes, 62.0 * scale, {n: diameter[n] / 2 for n in nodes})
    for (sign, rad), edgelist in sorted(batches.items()):
        labels = {(a, b): textwrap.fill(_mediator_label(graph.edges[a, b].get("mediators", [])), 28)
                  for a, b in edgelist}
        texts = nx.draw_networkx_edge_labels(
            graph, pos, edge_labels=labels, ax=ax, font_size=font * 0.9,
            font_color=_EDGE_STYLE[sign][2], label_pos=0.38, rotate=False,
            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85),
            connectionstyle=f"arc3,rad={rad}", nodelist=nodes,
            node_size=sizes, hide_ticks=False)
        for t in texts.values():
            t.set_zorder(5)

    for n in nodes:
        colour = colours.get(str(n), _NO_ORGAN_COLOUR)
        art = nx.draw_networkx_nodes(graph, pos, nodelist=[n], node_size=[(diameter[n] * scale) ** 2],
                                     node_color=[_blend(colour, 0.45)], edgecolors=[colour],
                                     linewidths=1.5, node_shape="s" if str(n) == NO_ORGAN else "o",
                                     ax=ax, hide_ticks=False)
        art.set_zorder(3)
        if str(n) == NO_ORGAN:
            art.set_linestyle("--")
        c = counts[n]
        label = f"{n}\n{c} node{'s' if c != 1 else ''}"
        ax.text(pos[n][0], pos[n][1], label, ha="center", va="center", zorder=4, linespacing=1.1,
                fontsize=_text_fit(label, diameter[n] * scale * (1.1 if str(n) == NO_ORGAN else 1.0),
                                   font, font * 0.7))
    _edge_legend(ax, {s for s, _ in batches}, False, quotient=True, title=legend_title, loc="upper left",
                 bbox_to_anchor=(1.01, 1.0), fontsize=legend_font, title_fontsize=legend_font,
                 frameon=False, borderaxespad=0)
    if title:
        ax.set_title(title, fontsize=font * 1.3)
    return fig


def draw_graph(graph: nx.DiGraph, path: str | os.PathLike, *, title: str | None = None,
               quotient: bool | None = None) -> None:
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

    ``title`` defaults to the graph's ``name`` attribute (pass ``""`` for none).
    """
    _figure_kind(path)
    quotient = is_quotient(graph) if quotient is None else quotient
    if title is None:
        title = str(graph.graph.get("name") or "")
        if title and quotient:
            title = f"{title}: organs"
    if graph.number_of_nodes() == 0:
        fig, ax = _new_figure(3.0, 1.5, title_h=0.4 if title else 0.0)
        ax.text(0.5, 0.5, "(empty graph)", ha="center", va="center", fontsize=10,
                transform=ax.transAxes)
        if title:
            ax.set_title(title)
    elif quotient:
        fig = _draw_quotient(graph, title)
    else:
        fig = _draw_nodes_graph(graph, title)
    save_figure(fig, path)


def _figure_kind(path: str | os.PathLike) -> str:
    kind = Path(path).suffix.lower().lstrip(".")
    if kind not in ("png", "svg", "pdf"):
        raise FormatError(f"{path}: cannot draw to {kind or 'a file without extension'!r} "
                          f"(choose .png, .svg or .pdf)")
    return kind


def save_figure(fig, path: str | os.PathLike) -> None:
    """Write a matplotlib figure atomically as PNG, SVG or PDF (by extension), with no
    timestamps, so the same figure gives the same bytes."""
    import matplotlib

    kind = _figure_kind(path)
    metadata = {"png": {"Software": None}, "svg": {"Date": None},
                "pdf": {"CreationDate": None, "ModDate": None}}[kind]
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "logicnet",
                                "pdf.fonttype": 42}):
        fig.savefig(buf, format=kind, dpi=_dpi(fig), metadata=metadata, facecolor="white")
    atomic_write(path, buf.getvalue())


def plot_trajectory(frame, path: str | os.PathLike, *, title: str | None = None) -> None:
    """A trajectory (``simulate`` output: ``step`` plus one 0/1 column per node) as a
    node x step heatmap: dark = 1 (on), light = 0 (off)."""
    from matplotlib.colors import ListedColormap

    nodes = [c for c in frame.columns if c not in ("run", "step")]
    data = frame[nodes].to_numpy(dtype=float).T
    steps = frame["step"].to_numpy()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(min(24.0, 3.0 + 0.12 * len(steps)), min(24.0, 1.2 + 0.22 * len(nodes))),
                 layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(data, aspect="auto", interpolation="nearest", cmap=ListedColormap(["#f0f0f0", "#2b5c8a"]),
              vmin=0, vmax=1, extent=(steps[0] - 0.5, steps[-1] + 0.5, len(nodes) - 0.5, -0.5))
    ax.set_yticks(range(len(nodes)), nodes, fontsize=max(5, min(9, 300 / max(1, len(nodes)))))
    ax.set_xlabel("step")
    if title:
        ax.set_title(title)
    save_figure(fig, path)


def _dpi(fig) -> float:
    """150 dpi, less for big figures (at most ~3600 pixels a side)."""
    w, h = fig.get_size_inches()
    return max(60.0, min(150.0, 3600.0 / max(w, h, 1.0)))


# --------------------------------------------------------------------------- dispatch
def export_graph(graph: nx.DiGraph, path: str | os.PathLike, *, title: str | None = None) -> None:
    """Write ``graph`` in the format its extension names (see the table in the module doc).

    Raises :class:`~logicnet.errors.FormatError` for any other extension.
    """
    kind = EXPORT_FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise FormatError(f"{path}: cannot export a graph to {Path(path).suffix or '(no extension)'!r} "
                          f"(choose {', '.join(EXPORT_FORMATS)})")
    if kind == "graphml":
        write_graphml(graph, path)
    elif kind == "dot":
        atomic_write(path, generate_dot(graph))
    else:
        draw_graph(graph, path, title=title)


_VERDICT_COLOURS = {"kept": "#3a9a5b", "partial": "#e6b43c", "lost": "#c8413b", "error": "#888888"}


def plot_organ_necessity(frame, path: str | os.PathLike, *, title: str | None = None) -> None:
    """Organ sets x rule variants, coloured by verdict (kept / partial / lost), each cell
    annotated with the score. ``frame`` is ``organ_necessity`` output."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    labels = list(dict.fromkeys(frame["label"]))
    variants = list(dict.fromkeys(frame["variant"]))
    index = {(lab, v): (verdict, score)
             for lab, v, verdict, score in zip(frame["label"], frame["variant"], frame["verdict"], frame["score"])}
    fig = Figure(figsize=(min(24.0, 3.5 + 0.9 * len(variants)), min(24.0, 1.5 + 0.32 * len(labels))),
                 layout="constrained")
    ax = fig.add_subplot()
    for y, label in enumerate(labels):
        for x, v in enumerate(variants):
            verdict, score = index.get((label, v), ("error", 0.0))
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=_VERDICT_COLOURS[verdict],
                                   edgecolor="white"))
            ax.text(x, y, f"{score:.2f}", ha="center", va="center", fontsize=7, color="white")
    ax.set_xlim(-0.5, len(variants) - 0.5)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xticks(range(len(variants)), variants, fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("rule variant")
    ax.legend(handles=[Patch(color=c, label=k) for k, c in _VERDICT_COLOURS.items() if k in set(frame["verdict"])],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="verdict (score)")
    if title:
        ax.set_title(title, fontsize=10)
    save_figure(fig, path)


_VALUE_COLOURS = {"benefit": "#3a9a5b", "disease": "#c8413b", "*": "#e6b43c", "mixed": "#9b6bb5"}


def plot_screen(frame, path: str | os.PathLike, readouts: dict, *, title: str | None = None,
                max_rows: int = 80) -> None:
    """Screen heatmap: perturbations x readouts, green at the benefit value, red at the
    disease value, amber when it oscillates (``*``), purple when reachable attractors
    disagree (``mixed``). The perturbations with the lowest scores come first (at most
    ``max_rows``)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    rows = frame.sort_values(["score", "perturbation"], kind="stable").head(max_rows)
    names = list(readouts)
    fig = Figure(figsize=(min(24.0, 3.0 + 0.45 * len(names)), min(30.0, 1.5 + 0.25 * len(rows))),
                 layout="constrained")
    ax = fig.add_subplot()
    for y, (_, r) in enumerate(rows.iterrows()):
        for x, n in enumerate(names):
            v = r[n]
            key = "mixed" if v == "mixed" else "*" if v == "*" else ("benefit" if int(v) == readouts[n] else "disease")
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=_VALUE_COLOURS[key], edgecolor="white"))
    ax.set_xlim(-0.5, len(names) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=7)
    labels = [f"{p or '(none)'}  [{r['verdict']}, {r['score']:.2f}]" for p, (_, r) in zip(rows["perturbation"], rows.iterrows())]
    ax.set_yticks(range(len(rows)), labels, fontsize=6)
    ax.legend(handles=[Patch(color=c, label=k) for k, c in _VALUE_COLOURS.items()], loc="upper left",
              bbox_to_anchor=(1.01, 1), fontsize=7, title="readout")
    if title:
        ax.set_title(title, fontsize=10)
    save_figure(fig, path)


def plot_attractors(result, network, path: str | os.PathLike, *, title: str | None = None) -> None:
    """Attractors x nodes, nodes grouped (and labelled) by organ: dark = 1, light = 0,
    amber = not constant within the attractor."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    groups = network.organ_nodes()
    order = [n for members in groups.values() for n in members]
    order += [n for n in network.nodes if n not in set(order)]
    data = [[{0: 0, 1: 1, "*": 2}[a.values[n]] for n in order] for a in result]
    fig = Figure(figsize=(min(24.0, 2.5 + 0.16 * len(order)), min(24.0, 1.8 + 0.4 * max(1, len(data)))),
                 layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(data or [[0] * len(order)], aspect="auto", interpolation="nearest", vmin=0, vmax=2,
              cmap=ListedColormap(["#f0f0f0", "#2b5c8a", "#e6b43c"]))
    ax.set_xticks(range(len(order)), order, rotation=90, fontsize=6)
    ax.set_yticks(range(len(data)), [f"{a.type} ({a.size})" for a in result], fontsize=7)
    x = 0
    for organ, members in groups.items():
        if members:
            ax.axvline(x - 0.5, color="black", linewidth=0.8)
            ax.text(x + len(members) / 2 - 0.5, -0.7, organ, ha="center", va="bottom", fontsize=7)
            x += len(members)
    if title:
        ax.set_title(title, fontsize=10, pad=14)
    save_figure(fig, path)
