"""Regression tests of what adversarial inputs broke (one test per finding)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import logicnet as ln
from logicnet._engines.bdd import aeon_network
from tests import NOT_EXPLICIT
from tests import bruteforce as bf
from tests.strategies import networks


def test_a_node_named_targets_keeps_its_rule():
    """aeon's bnet reader takes a line ``targets, ...`` for its header: logicnet must not lose
    that node's rule (it answered a wrong attractor count marked complete)."""
    for name in ("targets", "Targets"):
        net = ln.BooleanNetwork({"A": f"!{name} | B", "B": "A & !B | C", "C": "C", name: "A & !C"})
        expected = bf.attractor_sets(net, "asynchronous")
        symbolic = ln.attractors(net, "async", limits=NOT_EXPLICIT)
        assert symbolic.complete and "symbolic" in symbolic.method
        assert {frozenset(bf.key(net, s) for s in a.states) for a in symbolic} == expected
        assert sorted(map(str, map(dict, ln.trap_spaces(net)))) == sorted(map(str, bf.minimal_trap_spaces(net)))
        assert [dict(a.values) for a in ln.attractors(net, "mp")] == [dict(s) for s in ln.trap_spaces(net)]


def test_bnet_keeps_a_node_named_targets_whose_rule_is_factors():
    net = ln.BooleanNetwork({"factors": "!targets", "targets": "factors"})
    again = ln.parse_network(ln.generate_network(net, "bnet"), "bnet")
    assert again == net and again.rule_text("targets") == "factors"


@given(net=networks(max_nodes=6))
@settings(max_examples=60, deadline=None)
def test_aeon_networks_built_through_the_api_equal_the_bnet_ones(net):
    text, api = aeon_network(net), aeon_network(net, api=True)
    assert text.variable_names() == api.variable_names() == list(net.nodes)
    for n in net.nodes:
        assert str(text.get_update_function(n)) == str(api.get_update_function(n))


# -- checkpoints bound to their run ------------------------------------------------------------
GUT = ln.read_network("gutliver")
CONTRAST = ("HFD=1,Exercise=0", "HFD=1,Exercise=1")


def screen(path, contrast=CONTRAST, network=GUT, resume=False):
    execution = ln.Execution(checkpoint=path, resume=resume, keep_checkpoint=True)
    return ln.perturbation_screen(
        network,
        contrast,
        ln.perturbation_sets(network, ["SCFA", "TLR4", "AMPK"]),
        readouts="Steatosis=0",
        execution=execution,
    )


def test_resume_refuses_the_checkpoint_of_another_run(tmp_path):
    path = tmp_path / "s.partial.jsonl"
    screen(path)
    with pytest.raises(
        ln.ArgumentError, match=r"another run.*treatment: 'Exercise=1;HFD=1' there, 'Exercise=0;HFD=1' here"
    ):
        screen(path, ("HFD=1,Exercise=0", "HFD=1,Exercise=0"), resume=True)
    edited = GUT.with_rules({"Steatosis": "SREBP1c"})
    with pytest.raises(ln.ArgumentError, match=r"another run.*model"):
        screen(path, network=edited, resume=True)
    with pytest.raises(ln.ArgumentError, match="interrupted run: resume it"):
        screen(path)


def test_resume_recomputes_a_cut_last_line(tmp_path):
    path = tmp_path / "s.partial.jsonl"
    whole = screen(path)
    text = path.read_text()
    path.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 20])  # the last row cut short
    assert screen(path, resume=True) == whole
    lines = path.read_text().splitlines()
    assert len(lines) == 1 + len(whole) + 1  # header, rows, and the cut line left as it was


@pytest.mark.parametrize("garbage", [b"\xff\xfe not text", b"42\n", b"[1, 2]\n", b"null\n", b"{}\n"])
def test_resume_rejects_garbage(tmp_path, garbage):
    path = tmp_path / "s.partial.jsonl"
    path.write_bytes(garbage)
    with pytest.raises(ln.ArgumentError, match="not a checkpoint logicnet can resume"):
        screen(path, resume=True)


def test_resume_rejects_a_row_without_its_task(tmp_path):
    path = tmp_path / "s.partial.jsonl"
    screen(path)
    lines = path.read_text().splitlines()
    lines.insert(2, '{"perturbation": "SCFA=0", "verdict": "kept"}')  # no semantics, not the last line
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ln.ArgumentError, match="line 3 is not a row of this run"):
        screen(path, resume=True)


def test_two_runs_never_write_one_checkpoint(tmp_path):
    from logicnet.experiments.checkpoint import Checkpoint

    path = tmp_path / "s.partial.jsonl"
    writing = Checkpoint(path, lambda row: row["perturbation"], {"run": 1})
    with writing, pytest.raises(ln.ArgumentError, match="being written by another run"):
        screen(path, resume=True)


# -- one clear line, never a traceback -----------------------------------------------------------
def cli(*args: str, input: bytes | str | None = None):
    from click.testing import CliRunner

    from logicnet_cli.main import cli as command

    result = CliRunner().invoke(command, list(args), input=input)
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    return result


@pytest.mark.parametrize(
    "text, words",
    [
        ('[organs.gut]\nmediators = 3\n[nodes.A]\ninput = true\norgan = "gut"\n', "mediators must be a list of text"),
        ('[organs.gut]\nmediators = [1, 2]\n[nodes.A]\ninput = true\norgan = "gut"\n', "mediators must be"),
        ('[organs.gut]\nmediators = "Bx"\n[nodes.Bx]\ninput = true\norgan = "gut"\n', "mediators must be"),
        ("organs = 5\n[nodes.A]\ninput = true\n", "organs must be a table"),
        ("[nodes.A]\ninput = true\nreferences = 5\n", "references must be text or a list"),
        ("[nodes.A]\ninput = true\norgan = 3\n", "organ must be text"),
        ('[nodes.A]\ninput = true\n[nodes.B]\nrule = "A"\n[variants.V1]\nrules = 3\n', "rules must be a table"),
        ('[nodes.A]\ninput = true\n[variants.V1]\nmediators = { gut = "A" }\n', "a list of node names"),
    ],
)
def test_native_files_with_wrong_types_are_clear_errors(tmp_path, text, words):
    path = tmp_path / "m.toml"
    path.write_text(text)
    with pytest.raises(ln.ParseError, match=words):
        ln.read_network(path)
    result = cli("info", str(path))
    assert result.exit_code == 1 and words in result.stderr and result.stderr.count("\n") == 1


def test_empty_and_odd_inputs_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.bnet"
    empty.write_text("# only a comment\n")
    assert cli("info", str(empty)).exit_code == 1
    assert cli("attractors", "gutliver", "--timeout", "nan").exit_code == 2
    assert cli("simulate", "gutliver", "--seed", "-1").exit_code == 2
    assert cli("reachable", "gutliver", "--from-state", "").exit_code == 2
    assert cli("stg", "gutliver", "--max-nodes", "20").exit_code == 2
    result = cli("simulate", "gutliver", "--runs", "100000", "--steps", "10000")
    assert result.exit_code == 1 and "limit" in result.stderr
    assert cli("info", "-", "--from", "sbml", input=bytes(range(256))).exit_code == 1
    assert cli("info", "-", "--from", "bnet", "--format", "json", input="\ufeffA, B\nB, A\n").exit_code == 0


def test_outputs_never_destroy_inputs(tmp_path):
    model = tmp_path / "m.bnet"
    model.write_text("A, !B\nB, A\n")
    before = model.read_text()
    assert cli("attractors", str(model), "-o", str(model)).exit_code == 2  # .bnet names no output format
    assert cli("attractors", str(model), "-o", str(model), "--format", "json").exit_code == 2
    assert cli("convert", str(model), "-o", str(model)).exit_code == 2
    assert model.read_text() == before
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n")
    assert cli("document", "gutliver", "--readme", str(readme)).exit_code == 1
    (tmp_path / "organs.png").write_bytes(b"someone else's picture")
    readme.write_text("<!-- organ-graph -->\n")
    assert cli("document", "gutliver", "--readme", str(readme)).exit_code == 1
    assert (tmp_path / "organs.png").read_bytes() == b"someone else's picture"


def test_written_files_follow_links_keep_modes_and_name_the_path(tmp_path):
    import os
    import stat

    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("{}")
    link.symlink_to(target)
    assert cli("fixed-points", "gutliver", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and "fixed_points" in target.read_text()
    fresh = tmp_path / "fresh.json"
    assert cli("fixed-points", "gutliver", "-o", str(fresh)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    missing = tmp_path / "no" / "such.json"
    result = cli("fixed-points", "gutliver", "-o", str(missing))
    assert result.exit_code == 1 and f"{missing}: No such file or directory" in result.stderr
    assert ".tmp" not in result.stderr


@pytest.mark.parametrize("rule", ["B * C", "B + C", "~B", "B AND C", "B Or C", "NOT B"])
def test_operators_other_formats_do_not_have_are_errors(rule):
    with pytest.raises(ln.ParseError, match="not an operator here"):
        ln.parse_network(f"A* = {rule}\n", "booleannet")


def test_a_model_name_cannot_inject_rules():
    net = ln.BooleanNetwork({"A": "!A"}, name="evil\nB* = A")
    again = ln.parse_network(ln.generate_network(net, "booleannet"), "booleannet")
    assert again.nodes == ("A",)


def test_circuits_at_the_limit_are_the_same_in_every_run():
    import os
    import subprocess
    import sys

    code = (
        "import logicnet as ln; g = ln.interaction_graph(ln.read_network('mafld')); "
        "print([c.nodes for c in ln.feedback_circuits(g, limit=25)])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


def test_a_perturbation_that_fixes_a_readout_is_flagged():
    screen = ln.perturbation_screen(GUT, CONTRAST, ["", "Steatosis=0", "Steatosis=1", "SCFA=0"], readouts="Steatosis=0")
    assert [(r["perturbation"], r["readout_fixed"]) for r in screen] == [
        ("", False),
        ("Steatosis=0", True),
        ("Steatosis=1", True),
        ("SCFA=0", False),
    ]


# -- security: what a model file can and cannot do ---------------------------------------------
EVIL = "__import__('os').system('touch PWNED')"


@pytest.mark.parametrize(
    "fmt, text",
    [
        ("bnet", f"A, {EVIL}\n"),
        ("bnet", f"{EVIL}, A\n"),
        ("booleannet", f"A* = {EVIL}\n"),
        ("native", f'[nodes."{EVIL}"]\ninput = true\n'),
        ("native", f'[nodes.A]\nrule = "{EVIL}"\n'),
    ],
)
def test_a_node_named_like_python_code_is_refused_in_every_format(tmp_path, monkeypatch, fmt, text):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ln.ParseError):
        ln.parse_network(text, fmt)
    assert not (tmp_path / "PWNED").exists()


def test_generated_code_holds_no_name_of_the_model():
    """Rules compile to code over positions (v0, v1, ...): a node's name never becomes code."""
    net = ln.BooleanNetwork({"os": "__class__ & !system", "__class__": "os", "system": "os | __class__"})
    source = ln.compile_network(net).source
    assert all(name not in source for name in ("os", "__class__", "system"))
    assert ln.compile_network(net).successor((1, 0, 1)) == (0, 1, 1)


def test_sbml_refuses_external_entities_and_entity_bombs(tmp_path):
    head = '<?xml version="1.0"?>\n'
    core = 'xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"'
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    xxe = (
        f'{head}<!DOCTYPE sbml [<!ENTITY x SYSTEM "file://{secret}">]>\n<sbml {core}><model id="m" name="&x;"/></sbml>'
    )
    with pytest.raises(ln.ParseError) as caught:
        ln.parse_network(xxe, "sbml")
    assert "top secret" not in str(caught.value)
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    bomb = f'{head}<!DOCTYPE sbml [{entities}]>\n<sbml {core}><model id="m" name="&e9;"/></sbml>'
    with pytest.raises(ln.ParseError):
        ln.parse_network(bomb, "sbml")


def test_sbml_of_deeply_nested_rules_grows_linearly():
    sizes = []
    for depth in (1000, 4000):
        rule = "!(" * depth + "B" + ")" * depth
        text = ln.generate_network(ln.BooleanNetwork({"A": rule, "B": "A"}), "sbml")
        sizes.append(len(text))
        assert ln.parse_network(text, "sbml").rule_text("A") == "B"
    assert sizes[1] < 5 * sizes[0]  # 4x the depth: about 4x the text (it was 16x)


def test_the_same_command_writes_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the HTML report's date
    runs = []
    for k in (1, 2):
        folder = tmp_path / str(k)
        folder.mkdir()
        cli("attractors", "gutliver", "-s", "sync", "-o", str(folder / "a.json"))
        contrast = ["--baseline", "HFD=1,Exercise=0", "--treatment", "HFD=1,Exercise=1", "--readouts", "Steatosis=0"]
        cli("screen", "gutliver", *contrast, "--jobs", "2", "-o", str(folder / "s.csv"), "--report", str(folder / "r"))
        cli(
            "organs",
            "gutliver",
            *contrast,
            "--jobs",
            "1",
            "--figure",
            str(folder / "o.png"),
            "-o",
            str(folder / "o.json"),
        )
        runs.append({p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()})
    assert len(runs[0]) == 8 and runs[0] == runs[1]
