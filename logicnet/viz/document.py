"""Generated documentation of a model: its node table and organ graph, inserted into a
README between markers, so the documentation never drifts from the model file.

Markers: ``<!-- organ-graph -->`` and ``<!-- node-table -->``. Each is replaced (or, on
later runs, its previous output between ``<!-- X -->`` and ``<!-- /X -->`` is refreshed).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ArgumentError
from ..graph import interaction_graph, organ_graph
from ..io.files import atomic_write
from ..network import BooleanNetwork
from .network import draw_graph

__all__ = ["node_table_markdown", "document_model"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def node_table_markdown(network: BooleanNetwork) -> str:
    """One row per node: id, organ, role (input, mediator, readout with benefit value), rule,
    description."""
    readouts = network.metadata.get("readouts", {})
    mediators = {m: o.name for o in network.organs.values() for m in o.mediators}
    lines = ["| node | organ | role | rule | description |", "|---|---|---|---|---|"]
    for n in network.nodes:
        role = []
        if network.rule(n) is None:
            role.append("input")
        if n in mediators:
            role.append(f"mediator ({mediators[n]})")
        if n in readouts:
            role.append(f"readout (benefit = {readouts[n]})")
        rule = network.rule_text(n, "booleannet") or "(input)"
        lines.append(
            f"| `{n}` | {network.organ_of(n) or ''} | {', '.join(role)} | `{_cell(rule)}` "
            f"| {_cell(network.info(n).description)} |"
        )
    return "\n".join(lines)


def _replace_block(text: str, name: str, content: str) -> str:
    block = f"<!-- {name} -->\n{content}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    return text.replace(f"<!-- {name} -->", block, 1)


def document_model(network: BooleanNetwork, readme: str | Path, figure_name: str = "organs.png") -> Path | None:
    """Fill the markers of ``readme``: the node table at ``<!-- node-table -->``, and at
    ``<!-- organ-graph -->`` the organ quotient graph, drawn beside the README as
    ``figure_name`` (PNG). Returns the figure's path (None without that marker).

    Raises :class:`~logicnet.errors.ArgumentError` when the README has neither marker, or
    when ``figure_name`` exists but is not the README's figure (it would be overwritten).
    """
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    if not any(f"<!-- {m} -->" in text for m in _MARKERS):
        raise ArgumentError(f"{readme} has no marker to fill ({' or '.join(f'<!-- {m} -->' for m in _MARKERS)})")
    figure = None
    if "<!-- organ-graph -->" in text:
        figure = readme.with_name(figure_name)
        if figure.exists() and f"]({figure_name})" not in text:
            raise ArgumentError(f"{figure} exists and is not the figure of {readme}: move it, or choose another name")
        draw_graph(organ_graph(network, interaction_graph(network)), figure)
        text = _replace_block(
            text,
            "organ-graph",
            f"![Organ quotient graph of {network.name or 'the model'}]({figure_name})\n\n"
            "Organs (and the systemic compartment) as nodes; an arrow where a node of one "
            "regulates a node of another, labelled with the mediators that carry it; "
            "green activation, red inhibition, grey mixed.",
        )
    text = _replace_block(text, "node-table", node_table_markdown(network))
    atomic_write(readme, text)
    return figure


_MARKERS = ("organ-graph", "node-table")
