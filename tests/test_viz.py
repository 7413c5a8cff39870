"""Pictures and exports: DOT text, GraphML round trips, matplotlib drawings, dispatch by
extension, heatmaps, generated model documentation and run reports."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import warnings

import networkx as nx
import pytest

from logicnet import FormatError, interaction_graph, organ_graph, read_network
from logicnet.graph import NO_ORGAN
from logicnet.io.graphs import generate_dot, is_quotient, node_organ, write_graphml
from logicnet.viz import draw_graph, export_graph
from tests.corpus import BBM, requires_bbm

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _unquote(text: str) -> str:
    """A name or value as written by ``generate_dot``: the quotes off, ``\\"``, ``\\\\``, ``\\n`` read."""
    assert text.startswith('"') and text.endswith('"'), f"not quoted: {text}"
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), text[1:-1], flags=re.S)


def _attrs(element) -> dict[str, str]:
    return {k: _unquote(v) if v.startswith('"') else v for k, v in element.get_attributes().items()}


def parse_dot(dot: str) -> dict:
    """The DOT text read back by pydot: ``nodes`` (name -> attributes), ``edges`` ((a, b) ->
    attributes), ``clusters`` (name -> (attributes, member names)), ``defaults`` (``node``,
    ``edge``, ``graph`` -> attributes). Every node name must be quoted (a bare ``node`` is a
    default statement)."""
    import pydot

    with warnings.catch_warnings():  # pydot's parser on newer pyparsing: deprecated names
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = pydot.graph_from_dot_data(dot)
    assert parsed is not None and len(parsed) == 1, "pydot cannot parse the DOT text"
    top = parsed[0]
    out: dict = {"name": _unquote(top.get_name()), "nodes": {}, "edges": {}, "clusters": {}, "defaults": {}}

    def nodes_of(graph) -> list[str]:
        names = []
        for n in graph.get_nodes():
            if n.get_name() in ("node", "edge", "graph"):
                out["defaults"][n.get_name()] = _attrs(n)
                continue
            names.append(_unquote(n.get_name()))
            out["nodes"][names[-1]] = _attrs(n)
        return names

    nodes_of(top)
    for sub in top.get_subgraphs():
        attrs = {k: _unquote(v) for k, v in sub.get_attributes().items()}
        out["clusters"][_unquote(sub.get_name())] = (attrs, nodes_of(sub))
        assert not sub.get_subgraphs() and not sub.get_edges()
    for e in top.get_edges():
        key = (_unquote(e.get_source()), _unquote(e.get_destination()))
        assert key not in out["edges"]
        out["edges"][key] = _attrs(e)
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
    parsed = parse_dot(dot)
    assert parsed["name"] == "gutliver"
    assert set(parsed["clusters"]) == {f"cluster_{o}" for o in net.organs}
    for organ in net.organs:
        attrs, members = parsed["clusters"][f"cluster_{organ}"]
        assert attrs["label"] == organ and attrs["style"] == "rounded,filled"
        assert members == sorted(n for n in g if g.nodes[n].get("organ") == organ)  # sorted
    assert set(parsed["nodes"]) == set(g.nodes)
    # inputs (no organ) are boxes at top level, not inside a cluster
    in_clusters = {n for _, members in parsed["clusters"].values() for n in members}
    assert "HFD" not in in_clusters and parsed["nodes"]["HFD"] == {"shape": "box"}
    assert parsed["nodes"]["LPS"]["fillcolor"].startswith("#")
    assert parsed["defaults"]["node"] == {"fontname": "Helvetica", "style": "filled", "fillcolor": "white"}
    assert generate_dot(g) == dot  # deterministic
    assert not parse_dot(generate_dot(g, organs=False))["clusters"]


def test_dot_edges_each_once_with_sign_styles(gutliver):
    _, g, _ = gutliver
    edges = parse_dot(generate_dot(g))["edges"]
    assert sorted(edges) == sorted(g.edges)
    style = {"-": ("tee", "red3"), "+": ("normal", "darkgreen"), "±": ("odot", "gray40")}
    arrow = {"-": "-|", "+": "->", "±": "-o"}
    for (a, b), attrs in edges.items():
        sign = g.edges[a, b]["sign"]
        assert (attrs["arrowhead"], attrs["color"]) == style[sign]
        assert attrs["tooltip"] == f"{a} {arrow[sign]} {b}"
        assert ("style" in attrs) == (sign == "±")
    assert any(g.edges[e]["sign"] == "-" for e in edges)


ODD = [
    'a "quoted" node',
    "back\\slash",
    "node",
    "graph",
    "edge",
    "strict",
    "subgraph",
    "Digraph",
    "with space",
    "1-x",
    "1x",
    "12",
    "-1.5",
    "ünï->code",
    "end\\",
    "line\nbreak",
    "a:b",
    "x;y}",
    "<b>html</b>",
    "",
]


def _odd_graph() -> nx.DiGraph:
    g = nx.DiGraph(name='the "odd" one')
    for i, name in enumerate(ODD):
        g.add_node(name, organ='organ "one"\\' if i % 2 else None, input=i == 0)
    for a, b in zip(ODD, ODD[1:] + ODD[:1]):
        g.add_edge(a, b, sign="±" if a == "node" else "-")
    return g


def test_dot_quotes_odd_identifiers():
    g = _odd_graph()
    dot = generate_dot(g)
    parsed = parse_dot(dot)  # every name quoted, read back as it was
    assert parsed["name"] == 'the "odd" one'
    assert set(parsed["nodes"]) == set(ODD)
    assert set(parsed["edges"]) == set(g.edges)
    assert parsed["edges"]["node", "graph"]["arrowhead"] == "odot"
    assert parsed["edges"]["end\\", "line\nbreak"]["tooltip"] == "end\\ -| line\nbreak"
    (cluster,) = parsed["clusters"]
    assert cluster == 'cluster_organ "one"\\' and parsed["clusters"][cluster][1] == sorted(ODD[1::2])
    assert parsed["nodes"]['a "quoted" node'] == {"shape": "box"}


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize("which", ["odd", "nodes", "organs"])
def test_graphviz_reads_the_dot_text(tmp_path, gutliver, which):
    _, g, q = gutliver
    graph = {"odd": _odd_graph(), "nodes": g, "organs": q}[which]
    run = subprocess.run(["dot", "-Tsvg"], input=generate_dot(graph), capture_output=True, text=True)
    assert run.returncode == 0 and not run.stderr, run.stderr
    svg = run.stdout
    titles = [html.unescape(t) for t in re.findall(r'<g id="node\d+" class="node">\s*<title>(.*?)</title>', svg, re.S)]
    assert len(titles) == graph.number_of_nodes()
    assert svg.count('class="edge"') == graph.number_of_edges()
    clusters = {node_organ(graph, n) for n in graph} - {None} if which != "organs" else set()
    assert svg.count('class="cluster"') == len(clusters)
    plain = [str(n) for n in graph if not re.search(r"[\\\n]", str(n))]  # Graphviz keeps \\ and \n in ids
    assert set(plain) <= set(titles)


def test_dot_quotient_labels_edges_with_mediators(gutliver):
    _, _, q = gutliver
    assert is_quotient(q)
    parsed = parse_dot(generate_dot(q))
    assert not parsed["clusters"]
    assert set(parsed["edges"]) == set(q.edges)
    assert parsed["edges"]["gut", "liver"]["label"] == "LPS, SCFA"
    assert parsed["edges"]["liver", "gut"]["label"] == "FGF21"
    assert parsed["edges"]["gut", "liver"]["penwidth"] == "1.5"  # two edges behind it
    assert parsed["nodes"]["gut"]["label"] == "gut\n4 nodes"
    assert parsed["nodes"][NO_ORGAN]["style"] == "filled,dashed"
    assert parsed["defaults"]["graph"] == {"overlap": "false", "splines": "true"}


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
    assert parse_dot(generate_dot(empty)) == {
        "name": "",
        "nodes": {},
        "edges": {},
        "clusters": {},
        "defaults": {"node": {"fontname": "Helvetica", "style": "filled", "fillcolor": "white"}},
    }
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
    parsed = parse_dot(generate_dot(loops))
    assert set(parsed["edges"]) == {(str(a), str(b)) for a, b in loops.edges} and set(parsed["nodes"]) == {
        "A",
        "B",
        "3",
    }


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
    parsed = parse_dot(generate_dot(g))
    assert len(parsed["edges"]) == g.number_of_edges() and len(parsed["nodes"]) == g.number_of_nodes()
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
