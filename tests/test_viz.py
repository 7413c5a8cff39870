"""Pictures and exports: DOT text, GraphML round trips, matplotlib drawings, dispatch by
extension, heatmaps, generated model documentation and run reports."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from logicnet import FormatError, interaction_graph, organ_graph, read_network
from logicnet.graph import NO_ORGAN
from logicnet.io.graphs import generate_dot, is_quotient, write_graphml
from logicnet.viz import draw_graph, export_graph
from tests.corpus import BBM, requires_bbm

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_EDGE_LINE = re.compile(rf"^\s*{_QUOTED}\s*->\s*{_QUOTED}\s*\[(.*)\];\s*$")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), text)


def dot_edges(dot: str) -> list[tuple[str, str, str]]:
    """(source, target, attribute text) of every ``->`` line."""
    out = []
    for line in dot.splitlines():
        if "->" in line and (m := _EDGE_LINE.match(line)):
            out.append((_unquote(m.group(1)), _unquote(m.group(2)), m.group(3)))
    return out


@pytest.fixture(scope="module")
def gutliver():
    net = read_network("gutliver")
    g = interaction_graph(net)
    return net, g, organ_graph(net, g)


# --------------------------------------------------------------------------- DOT
def test_dot_has_one_cluster_per_organ_and_inputs_outside(gutliver):
    net, g, _ = gutliver
    dot = generate_dot(g)
    clusters = re.findall(r'subgraph "cluster_([^"]*)"', dot)
    assert sorted(clusters) == sorted(net.organs)
    for organ in net.organs:
        assert f'label="{organ}";' in dot
    # inputs (no organ) are boxes at top level, not inside a cluster
    assert re.search(r'^  "HFD" \[shape=box\];$', dot, re.M)
    assert generate_dot(g) == dot  # deterministic
    assert "cluster" not in generate_dot(g, organs=False)


def test_dot_edges_each_once_with_sign_styles(gutliver):
    _, g, _ = gutliver
    edges = dot_edges(generate_dot(g))
    assert sorted((a, b) for a, b, _ in edges) == sorted(g.edges)
    assert len(edges) == g.number_of_edges()
    for a, b, attrs in edges:
        sign = g.edges[a, b]["sign"]
        if sign == "-":
            assert "arrowhead=tee" in attrs and "red3" in attrs
        elif sign == "+":
            assert "arrowhead=normal" in attrs and "darkgreen" in attrs
        else:
            assert "arrowhead=odot" in attrs
    assert any(g.edges[a, b]["sign"] == "-" for a, b, _ in edges)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot on newer pyparsing
def test_dot_quotes_odd_identifiers():
    odd = ['a "quoted" node', "back\\slash", "node", "with space", "1-x", "ünï->code", "end\\"]
    g = nx.DiGraph()
    for i, name in enumerate(odd):
        g.add_node(name, organ='organ "one"' if i % 2 else None, input=i == 0)
    for a, b in zip(odd, odd[1:] + odd[:1]):
        g.add_edge(a, b, sign="±" if a == "node" else "-")
    dot = generate_dot(g)
    assert sorted((a, b) for a, b, _ in dot_edges(dot)) == sorted(g.edges)
    assert '"a \\"quoted\\" node"' in dot and '"back\\\\slash"' in dot and '"end\\\\"' in dot
    assert 'subgraph "cluster_organ \\"one\\""' in dot
    pydot = pytest.importorskip("pydot")
    parsed = pydot.graph_from_dot_data(dot)
    assert parsed and len(parsed[0].get_edges()) == g.number_of_edges()


def test_dot_quotient_labels_edges_with_mediators(gutliver):
    _, _, q = gutliver
    assert is_quotient(q)
    dot = generate_dot(q)
    assert "cluster" not in dot
    edges = {(a, b): attrs for a, b, attrs in dot_edges(dot)}
    assert set(edges) == set(q.edges)
    assert 'label="LPS, SCFA"' in edges["gut", "liver"]
    assert 'label="FGF21"' in edges["liver", "gut"]
    assert '"gut" [label="gut\\n4 nodes"' in dot


# --------------------------------------------------------------------------- GraphML
def test_graphml_round_trip(tmp_path, gutliver):
    _, g, _ = gutliver
    g = g.copy()
    g.graph["non_essential"] = [("A", "B"), ("C", "D")]
    path = tmp_path / "g.graphml"
    write_graphml(g, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert set(back.edges) == set(g.edges)
    for a, b, sign in g.edges(data="sign"):
        assert back.edges[a, b]["sign"] == sign
    assert back.nodes["HFD"]["organ"] == "" and back.nodes["LPS"]["organ"] == "gut"
    assert back.nodes["HFD"]["input"] is True
    assert back.graph["non_essential"] == "A->B,C->D"
    assert g.graph["non_essential"] == [("A", "B"), ("C", "D")]  # input untouched


def test_graphml_quotient_lists_become_text(tmp_path, gutliver):
    _, _, q = gutliver
    path = tmp_path / "q.graphml"
    export_graph(q, path)
    back = nx.read_graphml(path)
    assert set(back.edges) == set(q.edges)
    assert back.edges["gut", "liver"]["mediators"] == "LPS,SCFA"
    assert back.edges["gut", "liver"]["edges"] == "LPS->TLR4:+,SCFA->NFkB:-"
    assert back.nodes["gut"]["nodes"] == "Microbiota,SCFA,Barrier,LPS"
    assert back.edges["gut", "liver"]["sign"] == "±"


# --------------------------------------------------------------------------- drawings
@pytest.mark.parametrize("which", ["nodes", "organs"])
def test_png_and_svg(tmp_path, gutliver, which):
    net, g, q = gutliver
    graph = g if which == "nodes" else q
    png, svg = tmp_path / "g.png", tmp_path / "g.svg"
    export_graph(graph, png)
    export_graph(graph, svg)
    assert png.read_bytes().startswith(PNG_MAGIC)
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    words = set(re.findall(r"<text[^>]*>([^<]*)<", text))  # text kept as text (svg.fonttype none)
    assert set(net.organs) | {NO_ORGAN} <= words
    if which == "organs":
        assert {"LPS, SCFA", "FGF21", "4 nodes"} <= words
    else:
        assert set(g.nodes) <= words and {"activation (+)", "inhibition (−)"} <= words
    export_graph(graph, tmp_path / "again.svg")
    assert (tmp_path / "again.svg").read_text(encoding="utf-8") == text  # deterministic


def test_pdf(tmp_path, gutliver):
    _, g, _ = gutliver
    export_graph(g, tmp_path / "g.pdf")
    assert (tmp_path / "g.pdf").read_bytes().startswith(b"%PDF")


def test_edge_cases_draw(tmp_path):
    empty = nx.DiGraph()
    draw_graph(empty, tmp_path / "empty.png")
    assert (tmp_path / "empty.png").read_bytes().startswith(PNG_MAGIC)
    assert generate_dot(empty).startswith('digraph "" {')
    loops = nx.DiGraph()
    loops.add_node("A", organ=None, input=False)  # no organs at all
    loops.add_edge("A", "A", sign="+")
    loops.add_edge("A", "B", sign="-")
    loops.add_edge("B", "A", sign="±")
    loops.add_edge("B", "B", sign="-")
    loops.add_edge(3, "B", sign="+")  # non-string node name
    draw_graph(loops, tmp_path / "loops.svg", title="loops")
    text = (tmp_path / "loops.svg").read_text(encoding="utf-8")
    assert "loops" in text and "inhibition" in text
    assert len(dot_edges(generate_dot(loops))) == 5


def test_unknown_extension(tmp_path, gutliver):
    _, g, _ = gutliver
    with pytest.raises(FormatError, match=r"\.graphml"):
        export_graph(g, tmp_path / "g.jpeg")
    with pytest.raises(FormatError):
        export_graph(g, tmp_path / "noext")
    with pytest.raises(FormatError):
        draw_graph(g, tmp_path / "g.dot")
    assert not list(tmp_path.iterdir())


@requires_bbm
def test_big_bbm_model(tmp_path):
    g = interaction_graph(read_network(BBM / "bbm-001.bnet"))
    assert g.number_of_nodes() > 300
    dot = generate_dot(g)
    assert len(dot_edges(dot)) == g.number_of_edges()
    export_graph(g, tmp_path / "bbm.png")
    assert (tmp_path / "bbm.png").read_bytes().startswith(PNG_MAGIC)
    write_graphml(g, tmp_path / "bbm.graphml")
    assert nx.read_graphml(tmp_path / "bbm.graphml").number_of_edges() == g.number_of_edges()


# -- heatmaps, documentation and reports -----------------------------------------------------------
def _screen_with_an_error_row():
    import logicnet as ln

    net = read_network("gutliver")
    return net, ln.perturbation_screen(
        net, ("HFD=1,Exercise=0", "HFD=1,Exercise=1"), ["", "SCFA=0", "freeze:kidney"], readouts="Steatosis=0"
    )


def test_heatmaps_return_figures_and_write_files(tmp_path):
    import logicnet as ln
    from logicnet.viz import plot_attractors, plot_screen, plot_trajectory

    net, screen = _screen_with_an_error_row()
    assert [r["verdict"] for r in screen] == ["kept", "lost", "error"]
    figure = plot_screen(screen)  # the readouts come with the result
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["Steatosis"]
    assert len(figure.axes[0].get_yticklabels()) == 3
    plot_screen(screen, tmp_path / "screen.png")
    assert (tmp_path / "screen.png").read_bytes().startswith(PNG_MAGIC)
    found = ln.attractors(net, "sync", "HFD=1")
    plot_attractors(found, net, tmp_path / "attractors.svg", title="sync")
    assert "<svg" in (tmp_path / "attractors.svg").read_text()
    assert len(plot_attractors(found, net).axes[0].get_yticklabels()) == len(found)
    plot_trajectory(ln.simulate(net, {"HFD": 1}, "sync", steps=4), tmp_path / "run.pdf")
    assert (tmp_path / "run.pdf").read_bytes().startswith(b"%PDF")


OSCILLATING = {"E": None, "M": "!M", "P": "E", "O": "!P"}


def test_reports_say_what_could_not_be_evaluated(tmp_path):
    import logicnet as ln
    from logicnet.viz import write_report

    net, screen = _screen_with_an_error_row()
    summary = write_report(tmp_path / "screen", net, screen, kind="screen", options={"depth": 1})
    text = summary.read_text()
    assert "1 perturbation(s) abolish the benefit: `SCFA=0`" in text
    assert "could not be evaluated: `freeze:kidney`" in text
    assert (tmp_path / "screen" / "screen.png").exists() and (tmp_path / "screen" / "results.csv").exists()
    # an organ whose mediator oscillates in the baseline attractor cannot be frozen: an error row
    organs = ln.BooleanNetwork(
        OSCILLATING,
        info={"M": {"organ": "osc"}, "P": {"organ": "pro"}},
        organs={"osc": {"mediators": ["M"]}, "pro": {"mediators": ["P"]}},
        metadata={"readouts": {"O": 0}},
    )
    necessity = ln.organ_necessity(organs, "E=0", "E=1", sets=("single",))
    assert {r["label"]: r["verdict"] for r in necessity} == {"(none)": "kept", "osc": "error", "pro": "lost"}
    text = write_report(tmp_path / "organs", organs, necessity, kind="organs", options={}).read_text()
    assert "Freezing **osc** could not be evaluated" in text and "Freezing **pro** loses the benefit" in text
    assert (tmp_path / "organs" / "organs.png").exists()


def test_cli_report_with_error_rows(tmp_path):
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    args = "screen gutliver --baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=1 --background freeze:kidney"
    args += f" --nodes SCFA --readouts Steatosis=0 --jobs 1 --report {tmp_path / 'r'} --format json"
    r = CliRunner().invoke(cli, args.split())
    assert r.exit_code == 0, r.output
    assert "could not be evaluated" in (tmp_path / "r" / "summary.md").read_text()


def test_document_fills_the_markers(tmp_path):
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    readme = tmp_path / "README.md"
    readme.write_text("# Model\n\n<!-- organ-graph -->\n\n## Nodes\n\n<!-- node-table -->\n\nEnd.\n")
    r = CliRunner().invoke(cli, ["document", "gutliver", "--readme", str(readme)])
    assert r.exit_code == 0, r.output
    text = readme.read_text()
    net = read_network("gutliver")
    assert "![Organ quotient graph of" in text and text.endswith("End.\n")
    table = text.split("<!-- node-table -->")[1].split("<!-- /node-table -->")[0]
    assert all(f"| `{n}` |" in table for n in net.nodes) and "| `HFD` |  | input |" in table
    assert (tmp_path / "organs.png").read_bytes().startswith(PNG_MAGIC)
    CliRunner().invoke(cli, ["document", "gutliver", "--readme", str(readme)])
    assert readme.read_text() == text  # refreshed in place, not inserted twice
