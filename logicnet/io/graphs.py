"""Graph exports: Graphviz DOT and GraphML, and the colours and edge styles that every
picture of a signed graph shares (DOT here, matplotlib drawings in :mod:`logicnet.viz`).

Edges are styled by sign everywhere: ``+`` activation (green, normal arrowhead), ``-``
inhibition (red, T-bar), ``±`` non-monotone (grey, dashed; ``odot`` head in DOT).

Both graphs of :mod:`logicnet.graph` are accepted. The organ quotient graph (from
:func:`~logicnet.graph.organ_graph`) is recognised because *every* node carries a ``nodes``
attribute (its member list); pass ``quotient=True``/``False`` to override. Writers are atomic
and deterministic (sorted output).

>>> import networkx as nx
>>> g = nx.DiGraph()
>>> g.add_edge("A", "B", sign="-")
>>> print(generate_dot(g))  # doctest: +NORMALIZE_WHITESPACE
digraph "" {
  node [fontname=Helvetica, style=filled, fillcolor=white];
  "A";
  "B";
  "A" -> "B" [arrowhead=tee, color=red3, tooltip="A -| B"];
}
>>> g.add_node("node", organ='organ "one"')  # a DOT keyword, a name with quotes: quoted, escaped
>>> print(generate_dot(g))  # doctest: +NORMALIZE_WHITESPACE
digraph "" {
  node [fontname=Helvetica, style=filled, fillcolor=white];
  subgraph "cluster_organ \\"one\\"" {
    label="organ \\"one\\"";
    style="rounded,filled";
    fillcolor="#e4eff6";
    color="#1f77b4";
    "node" [fillcolor="#a5c9e1"];
  }
  "A";
  "B";
  "A" -> "B" [arrowhead=tee, color=red3, tooltip="A -| B"];
}
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from ..graph import NO_ORGAN
from .files import atomic_write

__all__ = [
    "generate_dot",
    "write_dot",
    "write_graphml",
    "is_quotient",
    "organ_colours",
    "SIGN_STYLES",
    "NO_ORGAN_COLOUR",
]

#: sign -> (DOT arrowhead, DOT colour, matplotlib colour, matplotlib line style, legend text)
SIGN_STYLES = {
    "+": ("normal", "darkgreen", "#006400", "solid", "activation (+)"),
    "-": ("tee", "red3", "#cd0000", "solid", "inhibition (−)"),
    "±": ("odot", "gray40", "#666666", "dashed", "non-monotone (±)"),
}
_ARROW_TEXT = {"+": "->", "-": "-|", "±": "-o"}
NO_ORGAN_COLOUR = "#9e9e9e"
# matplotlib's qualitative palettes tab10 and tab20 without their greys (grey means "no organ")
_TAB10 = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf")
_TAB20 = (
    "#1f77b4",
    "#aec7e8",
    "#ff7f0e",
    "#ffbb78",
    "#2ca02c",
    "#98df8a",
    "#d62728",
    "#ff9896",
    "#9467bd",
    "#c5b0d5",
    "#8c564b",
    "#c49c94",
    "#e377c2",
    "#f7b6d2",
    "#bcbd22",
    "#dbdb8d",
    "#17becf",
    "#9edae5",
)


# --------------------------------------------------------------------------- helpers
def sort_key(x: Hashable) -> tuple[str, str]:
    """Sort key for node names that need not be strings."""
    return (type(x).__name__, str(x))


def is_quotient(graph: nx.DiGraph) -> bool:
    """True for an organ quotient graph: non-empty, and every node has a ``nodes`` attribute."""
    return graph.number_of_nodes() > 0 and all("nodes" in d for _, d in graph.nodes(data=True))


def edge_sign(data: dict) -> str:
    s = data.get("sign", "+")
    return s if s in SIGN_STYLES else "±"


def node_organ(graph: nx.DiGraph, node: Hashable) -> str | None:
    o = graph.nodes[node].get("organ")
    return None if o in (None, "", NO_ORGAN) else str(o)


def organ_colours(organs: Iterable[str | None]) -> dict[str | None, str]:
    """organ -> hex colour from a qualitative palette (tab10, tab20 beyond 9 organs).

    Colours follow the *sorted* organ names, so the node graph and the quotient graph of
    one network agree; nodes without an organ (``None`` or ``"(no organ)"``) are grey.
    """
    names = sorted({o for o in organs if o not in (None, NO_ORGAN)})
    palette = _TAB10 if len(names) <= 9 else _TAB20
    out: dict[str | None, str] = {o: palette[i % len(palette)] for i, o in enumerate(names)}
    out[None] = out[NO_ORGAN] = NO_ORGAN_COLOUR
    return out


def blend(colour: str, white: float) -> str:
    """``colour`` mixed with ``white`` parts of white (0..1)."""
    c = colour.lstrip("#")
    rgb = [int(c[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(v + (255 - v) * white):02x}" for v in rgb)


def mediator_label(mediators: Iterable[Any], limit: int = 6) -> str:
    meds = [str(m) for m in mediators]
    if len(meds) > limit:
        meds = [*meds[:limit], f"+{len(meds) - limit} more"]
    return ", ".join(meds)


# --------------------------------------------------------------------------- DOT
def _q(value: Any) -> str:
    """A DOT quoted string: backslashes and double quotes escaped, newlines as ``\\n``.

    Every identifier and free-text attribute goes through here before pydot sees it: pydot
    leaves a double-quoted string as it is, while its own quoting keeps backslashes as they
    are, leaves DOT keywords such as ``node`` bare where they name a node, and reads ``a:b``
    as node ``a``, port ``b``.
    """
    s = str(value).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{s}"'


def generate_dot(graph: nx.DiGraph, *, organs: bool = True, quotient: bool | None = None) -> str:
    """Graphviz DOT text of a signed graph (render with ``dot -Tsvg``), built with pydot.

    Node graph: with ``organs`` (and nodes carrying an ``organ``), each organ is a
    ``subgraph "cluster_<organ>"`` labelled with its name; nodes without an organ sit
    outside the clusters. Inputs (node attribute ``input``) are boxes, other nodes
    ellipses. Edges: ``+`` normal arrowhead in dark green, ``-`` tee in red, ``±`` odot in
    grey (dashed).

    Quotient graph (``quotient=None`` detects it, see :func:`is_quotient`): one node per
    organ labelled with its member count, edges labelled with their mediators.

    Every identifier is quoted; nodes and edges are sorted, so equal graphs give equal text.
    """
    import pydot  # only here: no command but a DOT export needs it

    quotient = is_quotient(graph) if quotient is None else quotient
    attrs: dict[str, Any]  # Any: pydot's keyword arguments
    dot = pydot.Dot(_q(graph.graph.get("name", "")), graph_type="digraph")
    if quotient:
        dot.set_graph_defaults(overlap="false", splines="true")
    dot.set_node_defaults(fontname="Helvetica", style="filled", fillcolor="white")
    if quotient and graph.number_of_edges():
        dot.set_edge_defaults(fontname="Helvetica", fontsize="10")
    nodes = sorted(graph.nodes, key=sort_key)

    if quotient:
        colours = organ_colours(str(n) for n in nodes)
        for n in nodes:
            data = graph.nodes[n]
            members = list(data.get("nodes", []))
            colour = colours.get(str(n), NO_ORGAN_COLOUR)
            attrs = {
                "label": _q(f"{n}\n{len(members)} node{'s' if len(members) != 1 else ''}"),
                "fillcolor": _q(blend(colour, 0.55)),
                "color": _q(colour),
            }
            if str(n) == NO_ORGAN:
                attrs |= {"shape": "box", "style": _q("filled,dashed")}
            if data.get("description"):
                attrs["tooltip"] = _q(data["description"])
            dot.add_node(pydot.Node(_q(n), **attrs))
    else:
        by_organ: dict[str | None, list[Hashable]] = {}
        for n in nodes:
            by_organ.setdefault(node_organ(graph, n) if organs else None, []).append(n)
        colours = organ_colours(by_organ)

        def node(n: Hashable) -> pydot.Node:
            attrs: dict[str, Any] = {}
            if graph.nodes[n].get("input"):
                attrs["shape"] = "box"
            organ = node_organ(graph, n)
            if organs and organ is not None:
                attrs["fillcolor"] = _q(blend(colours[organ], 0.6))
            return pydot.Node(_q(n), **attrs)

        for organ in sorted(o for o in by_organ if o is not None):
            # a Subgraph named "cluster_…", not pydot.Cluster, which would quote the name itself
            cluster = pydot.Subgraph(
                _q("cluster_" + organ),
                label=_q(organ),
                style=_q("rounded,filled"),
                fillcolor=_q(blend(colours[organ], 0.88)),
                color=_q(colours[organ]),
            )
            dot.add_subgraph(cluster)
            for n in by_organ[organ]:
                cluster.add_node(node(n))
        for n in by_organ.get(None, []):
            dot.add_node(node(n))

    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (sort_key(e[0]), sort_key(e[1]))):
        sign = edge_sign(data)
        head, colour, _, style, _ = SIGN_STYLES[sign]
        attrs = {"arrowhead": head, "color": colour}
        if style == "dashed":
            attrs["style"] = "dashed"
        if quotient:
            attrs["label"] = _q(mediator_label(data.get("mediators", [])))
            attrs["penwidth"] = f"{min(1 + 0.5 * (len(data.get('edges', [])) - 1), 4):g}"
        attrs["tooltip"] = _q(f"{a} {_ARROW_TEXT[sign]} {b}")
        dot.add_edge(pydot.Edge(_q(a), _q(b), **attrs))
    return str(dot.to_string(indent="  "))


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
    out: nx.DiGraph[Any] = nx.DiGraph()
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


def write_dot(graph: nx.DiGraph, path: str | os.PathLike) -> None:
    """Write :func:`generate_dot` text atomically."""
    atomic_write(path, generate_dot(graph))
