"""The documentation and the notebook experience (issue 14, items 6 and 8): the commands
that describe the bundled models (networks, variants), the pages generated from the
library, the examples and names the pages show, and results and figures shown inline by a
real Jupyter kernel. The site itself is built by .ci/run (sphinx-build -W)."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import logicnet as ln
from logicnet_cli.main import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# -- logicnet networks ---------------------------------------------------------------------------
def test_networks_lists_the_bundled_networks_and_list_is_a_hidden_alias():
    r = run("networks", "--format", "json")
    assert r.exit_code == 0, r.output
    names = [row["name"] for row in json.loads(r.stdout)]
    assert names == ln.list_bundled() and {"gutliver", "mafld"} <= set(names)
    assert run("list", "--format", "json").stdout == r.stdout  # scripts using the old name still work
    listed = run("--help").stdout
    assert re.search(r"^\s+networks\s", listed, re.M) and re.search(r"^\s+variants\s", listed, re.M)
    assert not re.search(r"^\s+list\s", listed, re.M)


# -- logicnet variants ---------------------------------------------------------------------------
def test_variants_describes_each_variant_of_mafld_from_the_model():
    r = run("variants", "mafld", "--format", "json")
    assert r.exit_code == 0, r.output
    described = json.loads(r.stdout)
    net = ln.read_network("mafld")
    assert [v["name"] for v in described] == ln.variant_names(net) == [f"V{i}" for i in range(1, 10)]
    for v in described:
        changed = ln.with_variants(net, v["name"])
        assert v["description"] and v["reference"] and v["rules"]
        for node, rule in v["rules"].items():
            assert rule == {"default": net.rule_text(node), "variant": changed.rule_text(node)}
            assert rule["default"] != rule["variant"]
    v6 = described[5]
    assert v6["node_organs"] == {"FGF21": {"from": "liver", "to": "muscle"}}
    assert v6["mediators"] == {
        "muscle": {"added": ["FGF21"], "removed": []},
        "liver": {"added": [], "removed": ["FGF21"]},
    }
    declared = net.metadata["variants"]
    for v in described:  # organ moves exactly where the model's variant table has them
        assert bool(v["node_organs"]) == bool(declared[v["name"]].get("node_organs"))
        assert bool(v["mediators"]) == bool(declared[v["name"]].get("mediators"))


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
def test_variants_in_tables_name_the_changed_rules_and_organ_moves(fmt, sep):
    r = run("variants", "mafld", "--format", fmt)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split(sep) == ["name", "description", "reference", "rules", "organ_moves"]
    net = ln.read_network("mafld")
    assert len(lines) == 1 + len(ln.variant_names(net))
    v6 = next(line for line in lines if line.startswith("V6"))
    assert f"FGF21: {net.rule_text('FGF21')} -> {ln.with_variants(net, 'V6').rule_text('FGF21')}" in v6
    assert "FGF21: liver -> muscle" in v6 and "muscle mediators: +FGF21" in v6 and "liver mediators: -FGF21" in v6
    table = run("variants", "mafld", "--format", "table").stdout.splitlines()
    assert table[0].split()[:2] == ["name", "description"] and table[1].split()[0] == "V1"


VARIANT_MODEL = """\
[nodes]
E = { input = true }
A = { rule = "E", organ = "gut" }
B = { rule = "A and E", organ = "liver" }
[organs]
gut = { mediators = ["A"] }
liver = { mediators = ["B"] }
[variants.loose]
description = "B needs A alone"
rules = { B = "A" }
node_organs = { A = "liver" }
mediators = { gut = [], liver = ["A", "B"] }
"""


def test_variants_of_a_model_file(tmp_path):
    model = tmp_path / "m.toml"
    model.write_text(VARIANT_MODEL)
    r = run("variants", str(model), "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [
        {
            "name": "loose",
            "description": "B needs A alone",
            "reference": "",
            "rules": {"B": {"default": "A & E", "variant": "A"}},
            "node_organs": {"A": {"from": "gut", "to": "liver"}},
            "mediators": {"gut": {"added": [], "removed": ["A"]}, "liver": {"added": ["A"], "removed": []}},
        }
    ]


def test_variants_of_a_model_without_variants_says_so():
    r = run("variants", "gutliver", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    assert r.stderr == "note: gutliver declares no rule variants\n"


def test_variants_of_an_unknown_model_is_an_error_naming_it():
    r = run("variants", "no-such-model")
    assert r.exit_code == 1
    assert "no-such-model: no such file" in r.stderr and "gutliver" in r.stderr


# -- what the pages show -------------------------------------------------------------------------
def test_every_page_is_in_the_site():
    names = {p.relative_to(DOCS).with_suffix("").as_posix() for p in PAGES}
    assert {"index", "getting-started", "notebooks/mafld", "coming-from", "cli", "mafld-variants", "changelog"} <= names
    assert {"concepts/perturbations", "concepts/semantics", "concepts/experiments", "concepts/exit-codes"} <= names
    linked = " ".join(p.read_text() for p in PAGES if p.name == "index.md")
    for name in names - {"index", "api/index"}:
        leaf = name.split("/")[-1]
        assert re.search(rf"(^|\s|/){re.escape(leaf)}\s*$", linked, re.M), f"{name} is in no toctree"


def _code(text: str) -> list[str]:
    """The code of a page: inline code spans and the lines of fenced blocks."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    return re.findall(r"`([^`\n]+)`", text) + [line for b in blocks for line in b.splitlines()]


def test_the_commands_the_pages_show_exist():
    commands = set(cli.commands)
    shown = set()
    for page in PAGES:
        for code in _code(page.read_text()):
            shown |= set(re.findall(r"(?:^|\|\s*|&&\s*)logicnet ([a-z][a-z-]+)", code.strip()))
    assert {"networks", "variants", "attractors", "organs", "control", "screen"} <= shown
    assert shown <= commands, f"pages show commands that do not exist: {sorted(shown - commands)}"


def test_the_python_names_the_pages_show_exist():
    shown = set()
    for page in PAGES:
        for code in _code(page.read_text()):
            shown |= set(re.findall(r"\bln\.([A-Za-z_][\w.]*)", code))
    assert {"attractors", "organ_necessity", "viz.plot_attractors", "perturb", "control"} <= shown
    missing = []
    for dotted in shown:
        obj = ln
        for part in dotted.split("."):
            if not hasattr(obj, part):
                missing.append(dotted)
                break
            obj = getattr(obj, part)
    assert not missing, f"pages show names logicnet does not have: {sorted(missing)}"


def test_the_native_format_example_is_a_model_logicnet_reads():
    text = (DOCS / "concepts" / "formats.md").read_text()
    example = re.search(r"```toml\n(.*?)```", text, re.S)
    assert example
    net = ln.parse_network(example.group(1), "native", "formats.md")
    assert net.inputs == ("HFD", "Exercise") and net.organ_nodes()["gut"] == ["LPS"]
    assert ln.with_variants(net, "V1").rule_text("LPS") == "HFD"
    assert ln.organ_necessity(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", sets=("single",)).complete


def test_the_semantics_page_says_how_colomoto_names_are_read():
    from logicnet.semantics import canonical_semantics

    page = (DOCS / "concepts" / "semantics.md").read_text()
    read = re.findall(r"`([\w-]+)`\s+\(read as `([\w-]+)`\)", page)
    assert dict(read) == {"fully-asynchronous": "asynchronous", "parallel": "synchronous"}
    for name, meaning in read:
        assert canonical_semantics(name) == meaning


FAILING_SCENARIO = '[[scenario]]\nid = "S1"\ncondition = "HFD=1,Exercise=0"\nexpect = { Steatosis = 0 }\n'


def test_the_exit_codes_page_says_what_the_command_does(tmp_path):
    page = (DOCS / "concepts" / "exit-codes.md").read_text()
    meaning = dict(re.findall(r"^\| (\d+) \| (.+) \|$", page, re.M))
    assert set(meaning) == {"0", "1", "2", "3", "70"}
    scenarios = tmp_path / "s.toml"
    scenarios.write_text(FAILING_SCENARIO)
    failed = run("validate", "gutliver", str(scenarios), "--format", "json")
    assert "validate" in meaning[str(failed.exit_code)] and failed.stderr.startswith("1 scenario verdict(s) fail")
    assert "usage" in meaning[str(run("networks", "-o", str(tmp_path / "g.png")).exit_code)]
    assert "unknown node" in meaning[str(run("attractors", "gutliver", "--ko", "NoSuchNode").exit_code)]
    assert "done" in meaning[str(run("networks", "--format", "json").exit_code)]


# -- the pages generated from the library ------------------------------------------------------------
@pytest.fixture(scope="module")
def generated():
    pytest.importorskip("sphinx", reason="the docs extension needs Sphinx (pip install '.[docs]')")
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import logicnet_docs

        yield logicnet_docs
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def test_the_api_pages_document_every_public_name_once(generated):
    top = generated.api_members("logicnet")
    assert "attractors" in top and "BooleanNetwork" in top and "LogicnetError" in top
    assert not {"analysis", "io", "viz", "experiments"} & set(top)  # subpackages have pages of their own
    seen = list(top)
    for sub in ("analysis", "experiments", "viz", "io"):
        names = generated.api_members(f"logicnet.{sub}")
        assert not set(names) & set(top)
        seen += names
    assert len(seen) == len(set(seen))
    assert {"detect_format", "unwritten", "plot_organ_necessity", "benefit_readouts"} <= set(seen)
    assert generated.api_page("logicnet.io")[1] == ".. automodule:: logicnet.io"


def test_the_variants_page_is_the_model_data(generated):
    page = "\n".join(generated.variants_page("mafld"))
    net = ln.read_network("mafld")
    headings = re.findall(r"^## (V\d): (.+)$", page, re.M)
    assert [h[0] for h in headings] == ln.variant_names(net)
    for name, description in headings:
        spec = net.metadata["variants"][name]
        assert description == spec["description"] and spec["reference"] in page
        for node in spec["rules"]:
            assert f"`{ln.with_variants(net, name).rule_text(node)}`" in page
    assert "`FGF21` moves from liver to muscle" in page and "the muscle mediators: gains `FGF21`" in page


def test_the_semantics_page_lists_what_the_library_accepts(generated):
    from logicnet.semantics import canonical_semantics

    names = generated.semantics_names()
    assert set(names) == {"synchronous", "asynchronous", "general-asynchronous", "most-permissive"}
    assert "async" in names["asynchronous"] and "mp" in names["most-permissive"]
    assert all(canonical_semantics(a) == name for name, aliases in names.items() for a in aliases)
    table = "\n".join(generated.formats_table())
    assert all(f"``{name}``" in table for name in ln.io.FORMATS)


# -- notebooks -------------------------------------------------------------------------------------
def test_plot_functions_return_a_figure_and_write_only_when_given_a_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    net = ln.read_network("gutliver")
    found = ln.attractors(net, "async")
    contrast = ("HFD=1,Exercise=0", "HFD=1,Exercise=1")
    screen = ln.perturbation_screen(net, contrast, ln.perturbation_sets(net, ["SCFA", "TLR4"]), readouts="Steatosis=0")
    drawings = {
        "attractors": lambda path: ln.viz.plot_attractors(found, net, path),
        "trajectory": lambda path: ln.viz.plot_trajectory(ln.simulate(net, {"HFD": 1}, steps=5), path),
        "screen": lambda path: ln.viz.plot_screen(screen, path),
        "organs": lambda path: ln.viz.plot_organ_necessity(
            ln.organ_necessity(net, *contrast, readouts="Steatosis=0", sets=("single",)), path
        ),
        "control": lambda path: ln.viz.plot_control(
            ln.control(net, "HFD=1,Exercise=0", "HFD=1,Exercise=0", "Steatosis=0", max_size=1), net, path
        ),
        "graph": lambda path: ln.viz.draw_graph(ln.interaction_graph(net), path),
    }
    for name, draw in drawings.items():
        assert type(draw(None)).__name__ == "Figure", name
        assert list(tmp_path.iterdir()) == [], f"{name} wrote a file it was not asked for"
        assert draw(tmp_path / f"{name}.png") is not None
        assert [p.name for p in tmp_path.iterdir()] == [f"{name}.png"]
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        (tmp_path / f"{name}.png").unlink()


def test_attractor_figures_number_the_attractors_as_the_tables_do():
    net = ln.BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C"})
    found = ln.attractors(net, "sync")
    labels = [t.get_text() for t in ln.viz.plot_attractors(found, net).axes[0].get_yticklabels()]
    assert labels == [f"{i}: {a.type} ({a.size})" for i, a in enumerate(found)]
    assert [label.split(":")[0] for label in labels] == [str(i) for i in dict.fromkeys(found.to_frame()["attractor"])]
    table = CliRunner().invoke(
        cli, ["attractors", "-", "--from", "bnet", "-s", "sync", "--format", "table"], input="A, !B\nB, !A\nC, A & !C\n"
    )
    assert table.exit_code == 0, table.output
    header = table.stdout.splitlines()[1].split()  # node 0 1.0 1.1 2.0 2.1: attractor.step
    assert sorted({column.split(".")[0] for column in header[1:]}) == [label.split(":")[0] for label in labels]


def test_a_notebook_shows_results_as_tables_and_figures_as_images(tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="needs nbformat (pip install '.[docs]')")
    nbclient = pytest.importorskip("nbclient", reason="needs nbclient (pip install '.[docs]')")
    pytest.importorskip("ipykernel", reason="needs a Jupyter kernel (pip install '.[docs]')")
    cells = [
        "import logicnet as ln\nnet = ln.read_network('gutliver')\nfound = ln.attractors(net, 'async')\nfound",
        "ln.viz.plot_attractors(found, net)",
        "necessity = ln.organ_necessity(net, 'HFD=1,Exercise=0', 'HFD=1,Exercise=1', readouts='Steatosis=0')\n"
        "ln.viz.plot_organ_necessity(necessity)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    shown = [{k for o in cell.outputs for k in o.get("data", {})} for cell in notebook.cells]
    table = notebook.cells[0].outputs[0]["data"]
    assert "<table" in table["text/html"] and "complete" in table["text/html"]
    assert table["text/plain"].startswith("<Attractors: 4 attractors (asynchronous), complete")
    assert "image/png" in shown[1] and "image/png" in shown[2]
    assert list(tmp_path.iterdir()) == []  # shown, not written


def test_a_network_shows_as_a_node_table_in_a_notebook():
    net = ln.read_network("gutliver")
    page = net._repr_html_()
    assert page.count("<tr>") == len(net) + 1 and "<code>HFD &amp; !Barrier</code>" in page
    assert html.escape(repr(net)) in page
