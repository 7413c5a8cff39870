import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet._engines.bdd import differing_nodes
from logicnet.errors import FormatError, LogicnetError, ParseError, SizeLimitError
from logicnet.io import detect_format, generate_network, list_bundled, parse_network, read_network, write_network
from tests.corpus import BBM, bbm_models, requires_bbm

FORMATS = ["bnet", "booleannet", "native", "sbml", "primes", "boolnet"]


def test_bnet_conventions():
    net = parse_network("targets, factors\n# comment\nB, A & !C  # trailing\nC, C\nD, 1\n", "bnet")
    assert net.nodes == ("B", "C", "D", "A")
    assert net.inputs == ("C", "A") and net.constants() == {"D": 1}
    text = generate_network(net, "bnet")
    assert "A, A\n" in text and "C, C\n" in text  # BoolNet rejects undefined genes


def test_booleannet_conventions():
    net = parse_network("# rules\nA = True\n1: B* = A and not C\nC* = C\n", "booleannet")
    assert net.nodes == ("B", "C", "A") and net.inputs == ("C", "A")
    assert generate_network(net, "booleannet").splitlines()[1:] == ["B* = A and not C", "C* = C", "A* = A"]


@pytest.mark.parametrize(
    "fmt, text, line, column, message",
    [
        ("bnet", "A, B\nB, A & (C | \n", 2, 11, "incomplete"),
        ("bnet", "A, B\nB A\n", 2, 1, "no comma"),
        ("bnet", "A, B\nA, !B\n", 2, 1, "duplicate target 'A' (first defined on line 1)"),
        ("bnet", "A-1, B\n", 1, 1, "invalid node name"),
        ("bnet", "A, B $ C\n", 1, 6, "unexpected character"),
        ("booleannet", "A* = B\nB* = A or\n", 2, 9, "incomplete"),
        ("booleannet", "A = B and\n", 1, 1, "expected 'NODE* = rule'"),
        ("native", '[nodes.A]\nrule = "B"\n', 2, None, "unknown regulator 'B'; declare it"),
        ("native", '[nodes.A]\ninput = true\n[nodes.B]\nrule = "A &"\n', 4, None, "incomplete"),
        ("native", "[nodes.A]\ninput = true\n[nodes.B]\n", 3, None, "no rule"),
        ("native", "[nodes.A]\ninput = true\ncolour = 1\n", 1, None, "unknown key"),
        ("native", "[nodes.A\n", 1, 9, "TOML syntax"),
    ],
)
def test_errors_name_file_line_and_column(fmt, text, line, column, message):
    with pytest.raises(ParseError) as err:
        parse_network(text, fmt, source="model.txt")
    e = err.value
    assert message in str(e)
    assert e.source == "model.txt" and e.line == line
    if column is not None:
        assert e.column == column
    assert str(e).startswith(f"model.txt:{line}")


def test_native_undeclared_regulator_suggests_and_points_at_the_rule():
    text = '[nodes.Insulin]\ninput = true\n\n[nodes.AKT]\nrule = "Insulinn"\n'
    with pytest.raises(ParseError) as err:
        parse_network(text, "native", source="m.toml")
    assert "did you mean 'Insulin'" in str(err.value) and err.value.line == 5


# The same mistakes written in the layouts TOML allows: the error names the line it is on.
NATIVE_LAYOUTS = [
    (  # dotted keys at the top level
        'logicnet = 1\nnodes.I.input = true\nnodes.A.organ = "gut"\nnodes.A.rule = "I and"\n',
        4,
        "incomplete",
    ),
    ('[nodes]\nI.input = true\nA.organ = "gut"\nA.rule = "I &"\n', 4, "incomplete"),  # dotted under [nodes]
    ('[nodes]\nI = { input = true }\nA = { rule = "I & (" }\n', 3, "incomplete"),  # inline tables
    ('[nodes]\nI = { input = true }\nB = { organ = "gut" }\n', 3, "no rule"),
    ('[nodes]\nI = { input = true }\nB = { rule = "I", colour = 1 }\n', 3, "unknown key"),
    # an undeclared regulator: the first rule that names it, not a description before it
    ('[nodes]\nI = { input = true, description = "not Q" }\nA = { rule = "I" }\nB.rule = "A or Qq"\n', 4, "'Qq'"),
    ('[nodes.I]\ninput = true\n\n[nodes.A]\nrule = """\nI and\n  Q"""\n', 5, "unknown regulator 'Q'"),
    # a header inside a multi-line string is text, not a table
    (
        '[nodes.I]\ninput = true\ndescription = """\n[nodes.B]\nrule = 1\n"""\n[nodes.B]\nrule = "I and"\n',
        8,
        "incomplete",
    ),
    ('nodes.I = { input = true }\n[variants.V1]\nrules = "I"\n', 2, "variant V1: rules must be a table"),
    ("# comment\nlogicnet = 2\nnodes.I.input = true\n", 2, "unsupported native format version"),
]


@pytest.mark.parametrize("text, line, message", NATIVE_LAYOUTS)
def test_native_errors_name_the_line_in_every_layout(text, line, message):
    with pytest.raises(ParseError) as err:
        parse_network(text, "native", source="m.toml")
    assert message in str(err.value) and err.value.line == line, str(err.value)
    assert str(err.value).startswith(f"m.toml:{line}:")


def test_native_locator_falls_back_to_the_nearest_table():
    from logicnet.io.native import _Locator

    where = _Locator('x = 1\n\n[nodes]\nA = { rule = "1" }\n', "m.toml")
    assert where.line("nodes", "A", "rule") == 4 and where.line("nodes", "A", "organ") == 4
    assert where.line("nodes", "B", "rule") == 3 and where.line("organs", "gut") is None


def test_native_round_trip_is_lossless():
    net = read_network("gutliver")
    back = parse_network(generate_network(net, "native"), "native")
    assert back.nodes == net.nodes and back.name == net.name and back.description == net.description
    assert all(back.rule_text(n) == net.rule_text(n) for n in net.nodes if net.rule(n) is not None)
    assert back.organs == net.organs
    assert all(back.info(n) == net.info(n) for n in net.nodes)
    meta = net.evolve(metadata={"readouts": {"Steatosis": 0}, "variants": {"V1": {"NFkB": "TLR4"}}})
    assert parse_network(generate_network(meta, "native"), "native").metadata == meta.metadata


def test_format_detection_and_unknown_formats(tmp_path):
    assert detect_format("a/b.BNET") == "bnet" and detect_format("m.xml") == "sbml"
    with pytest.raises(FormatError):
        detect_format("model.txt")
    with pytest.raises(FormatError):
        parse_network("A, B", "yaml")
    with pytest.raises(LogicnetError, match="no such file"):
        read_network(tmp_path / "missing.bnet")


def test_bundled_networks_load_by_name_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "gutliver" in list_bundled()
    assert read_network("gutliver").organs.keys() == {"gut", "liver"}


def test_write_is_atomic_and_follows_the_extension(tmp_path):
    net = read_network("gutliver")
    for ext in ("bnet", "booleannet", "toml"):
        path = tmp_path / f"m.{ext}"
        write_network(net, path)
        assert not differing_nodes(net, read_network(path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.bnet", "m.booleannet", "m.toml"]


@pytest.mark.parametrize("fmt", FORMATS)
@given(text=st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_fuzz_parsers_raise_only_logicnet_errors(fmt, text):
    with contextlib.suppress(LogicnetError):
        parse_network(text, fmt, source="fuzz")


@pytest.mark.parametrize("fmt", ["bnet", "booleannet", "boolnet"])
@given(
    lines=st.lists(
        st.tuples(st.sampled_from(["A", "B", "C", "x_1"]), st.text(alphabet="ABC !&|()01", max_size=12)), max_size=5
    )
)
@settings(max_examples=200, deadline=None)
def test_fuzz_line_formats_near_valid_input(fmt, lines):
    sep = "* = " if fmt == "booleannet" else ", "
    header = ["targets, factors"] if fmt == "boolnet" else []
    try:
        parse_network("\n".join([*header, *(f"{t}{sep}{r}" for t, r in lines)]), fmt)
    except LogicnetError as err:
        assert isinstance(err, ParseError) and err.line is not None


@requires_bbm
@pytest.mark.slow
@pytest.mark.parametrize("path", bbm_models(), ids=lambda p: p.stem)
def test_bbm_round_trip_through_every_format(path):
    original = read_network(path)
    for fmt in FORMATS:
        try:
            text = generate_network(original, fmt)
        except SizeLimitError:
            assert fmt == "primes"  # too many prime implicants (bbm-122): refused, never cut short
            continue
        back = parse_network(text, fmt, source=f"{path.stem}.{fmt}")
        assert set(back.nodes) == set(original.nodes), fmt
        # primes cannot tell an input from a rule equal to the identity (bbm-237's v_KLF6, "v_KLF6 &
        # v_MAFF | v_KLF6"): such a node reads back as an input, the same function (checked next)
        assert set(back.inputs) == set(original.inputs) or (
            fmt == "primes" and set(back.inputs) > set(original.inputs)
        ), fmt
        assert differing_nodes(original, back) == [], fmt
        again = parse_network(generate_network(back, "bnet"), "bnet")
        assert differing_nodes(original, again) == [], fmt


@requires_bbm
@pytest.mark.parametrize("path", sorted(BBM.glob("booleannet/*.booleannet")) if BBM else [], ids=lambda p: p.stem)
def test_bbm_booleannet_copies_equal_their_bnet_originals(path):
    copy = read_network(path)
    original = read_network(BBM / f"{path.stem}.bnet")
    assert set(copy.nodes) == set(original.nodes)
    assert differing_nodes(original, copy) == []
