"""The .aeon reader and writer (logicnet.io.aeon), checked against biodivine-aeon itself.

Whatever logicnet writes, aeon must load with every declared sign and observability
satisfied and read the same functions; whatever logicnet reads, aeon must read alike. The
BBM corpus is found as every test finds it (:mod:`tests.corpus`) and skipped when absent.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import biodivine_aeon as ba
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet._engines.bdd import differing_nodes, regulator_signs
from logicnet._engines.stack import in_big_stack, might_nest_deep
from logicnet.errors import LogicnetError, ParseError
from logicnet.io import aeon, detect_format, generate_network, parse_network, read_network, write_network
from logicnet.lint import lint
from logicnet.network import BooleanNetwork
from logicnet_cli.main import cli
from tests.corpus import BBM, bbm_models, requires_bbm
from tests.strategies import networks

# every 10th BBM model for the (slower) checks through aeon: small and large rules alike
BBM_SAMPLE = bbm_models()[::10]


def aeon_reading(text: str) -> BooleanNetwork:
    """What biodivine-aeon reads in ``text``, back in logicnet through aeon's own bnet writer.

    Building aeon's asynchronous graph fails when a function breaks a declared sign or
    observability, so this also checks the regulations.
    """

    def read() -> str:
        network = ba.BooleanNetwork.from_aeon(text)
        ba.AsynchronousGraph(network)
        return network.to_bnet()

    return parse_network(in_big_stack(read) if might_nest_deep(text) else read(), "bnet")


def assert_same_as_aeon(net: BooleanNetwork, text: str) -> None:
    theirs = aeon_reading(text)
    # aeon's bnet leaves out the inputs no function reads
    unread = set(net.nodes) - set(theirs.nodes)
    assert unread <= set(net.inputs) and not unread & {r for n in net.nodes for r in net.regulators(n)}
    theirs = BooleanNetwork({n: theirs.rule(n) if n in theirs else None for n in net.nodes})
    assert theirs.inputs == net.inputs
    assert differing_nodes(net, theirs) == []


def assert_round_trip(net: BooleanNetwork) -> str:
    text = aeon.generate(net)
    back = aeon.parse(text, "round-trip.aeon")
    assert back.nodes == net.nodes
    assert back.fingerprint() == net.fingerprint()  # the same nodes, order and rule texts
    return text


# --------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------
MODEL = """\
#name:toy
#position:A:10,20
#! description: an annotation, ignored
A -> B
C -| B
D ->? B
E -?? B
$B: A & !C
  B-|C
$ C :B => A
A -? C
F -? D
$D: F ^ true
"""


def test_reading_a_model():
    net = aeon.parse(MODEL, "toy.aeon")
    assert net.nodes == ("A", "B", "C", "D", "E", "F")  # first appearance (aeon sorts names)
    assert net.inputs == ("A", "E", "F")  # no function and no regulators
    assert [net.rule_text(n) for n in ("B", "C", "D")] == ["A & !C", "!B | A", "F & 0 | !F & 1"]
    # ->? and -?? may not act at all, -? gives no sign: no sign lint could check
    assert net.metadata["sbml_signs"] == {
        "B": {"A": "+", "C": "-", "D": "?", "E": "?"},
        "C": {"B": "-", "A": "?"},
        "D": {"F": "?"},
    }
    assert_same_as_aeon(net, MODEL)


def test_reading_a_bbm_style_file():
    """The layout of the files in the BBM distribution: a block per variable, no spaces."""
    text = "#position:ChpT:822,95\n$ChpT:CckA\nCckA -> ChpT\n$CckA:(ChpT & !ClpX)\nChpT -> CckA\nClpX -| CckA\n"
    net = aeon.parse(text)
    assert net.nodes == ("ChpT", "CckA", "ClpX") and net.inputs == ("ClpX",)
    assert net.rule_text("CckA") == "ChpT & !ClpX"


@pytest.mark.parametrize(
    "function, rule",
    [
        ("A ^ C & A", "(A & !C | !A & C) & A"),  # ^ binds tighter than &
        ("A & C | !A", "A & C | !A"),
        ("A => C => A", "!A | !C | A"),  # => groups to the right
        ("(A => C) => A", "!(!A | C) | A"),
        ("A <=> !C", "A & !C | !A & C"),
        ("!!A", "!!A"),  # the tree is kept: no simplification
        ("(A & (C & A)) | false", "A & C & A | 0"),
        ("1", "1"),
        ("!(A | C) & 0", "!(A | C) & 0"),
    ],
)
def test_operators_read_as_aeon_reads_them(function, rule):
    text = f"A -?? B\nC -?? B\n$B: {function}\n"
    net = aeon.parse(text)
    assert net.rule_text("B") == rule
    assert_same_as_aeon(net, text)


def test_the_order_annotation_orders_the_nodes():
    body = "A -> B\n$B: A\nB -> C\n$C: B\n"
    assert aeon.parse(body).nodes == ("A", "B", "C")
    assert aeon.parse(f"#! logicnet: order: C B A\n{body}").nodes == ("C", "B", "A")
    # names it does not know are ignored, nodes it does not name follow in file order
    assert aeon.parse(f"#! logicnet: order: C Z\n{body}").nodes == ("C", "A", "B")


def test_identity_function_reads_as_an_input():
    net = aeon.parse("X -> X\n$X: X\nX -| Y\n$Y: !X\n")
    assert net.inputs == ("X",)
    assert net.metadata["sbml_signs"] == {"Y": {"X": "-"}}  # an input has no declared regulation


def test_byte_order_mark_and_windows_line_ends():
    assert aeon.parse("\ufeffA -> B\r\n$B: A\r\n").rule_text("B") == "A"


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ("A -> B\nA --> B\n", 2, 1, "expected a regulation 'A -> B'"),
        ("A -> B\n  $B A\n", 2, 3, "expected '$NODE: function'"),
        ("A -> B # trailing\n$B: A\n", 1, 1, "'#' starts a comment only at the start of a line"),
        ("A -> B\n$B: A # trailing\n", 2, 7, "'#' starts a comment only at the start of a line"),
        ("A -> B\nA -| B\n$B: A\n", 2, 1, "A already regulates B (line 1)"),
        ("A -> B\n$B: A\n$B: !A\n", 3, 2, "a second update function for B (the first is on line 2)"),
        ("A -> B\n$B:   \n", 2, 7, "empty update function of B"),
        ("A -> 1B\n$1B: A\n", 1, 6, "invalid node name '1B'"),
        ("xor -> B\n$B: xor\n", 1, 1, "invalid node name 'xor'"),
        ("A -> B\n$B: A &\n", 2, None, "update function of B: Expected formula, found nothing."),
        ("A -> B\n$B: (A | A\n", 2, None, "update function of B: Expected ')'."),
        ("A -> B\n$B: A <= A\n", 2, None, "update function of B: Expected '>' after '='."),
        ("A -> B\n$B: A and A\n", 2, 7, "'and' in the function of B is not a variable"),
        ("# nothing\n\n", 1, None, "no variables"),
        ("", 1, None, "no variables"),
    ],
)
def test_errors_name_file_line_and_column(text, line, column, message):
    with pytest.raises(ParseError) as err:
        parse_network(text, "aeon", source="model.aeon")
    e = err.value
    assert message in e.message
    assert e.source == "model.aeon" and e.line == line and e.column == column
    assert str(e).startswith(f"model.aeon:{line}:")


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        # a regulated variable without a function: aeon's unknown (parametrised) function
        ("A -> B\nC -| B\n", 1, None, "B has regulators (A, C) but no update function"),
        ("A -?? A\n", 1, None, "A has regulators (A) but no update function"),
        # explicit parameters: an uninterpreted function, or an unknown constant
        ("A -> B\n$B: f(A) & A\n", 2, 5, "calls f(...), an uninterpreted function"),
        ("A -> B\n$B: A | k\n", 2, 9, "'k' in the function of B is not a variable"),
        # aeon refuses a variable the function names but the regulations do not declare
        ("A -> B\nC -> D\n$D: C\n$B: A & C\n", 4, 9, "'C' is not declared as a regulator of B (add 'C -? B')"),
        ("A -> B\n$B: A\n$A: A\n", 3, 5, "'A' is not declared as a regulator of A"),
    ],
)
def test_functions_logicnet_cannot_represent_are_errors(text, line, column, message):
    with pytest.raises(ParseError) as err:
        aeon.parse(text, "model.aeon")
    assert message in err.value.message
    assert err.value.line == line and err.value.column == column


def test_aeon_agrees_those_functions_are_not_plain_boolean():
    """What logicnet refuses, aeon reads as parameters or refuses too."""
    assert ba.BooleanNetwork.from_aeon("A -> B\n$B: A | k\n").explicit_parameter_names() == ["k"]
    assert ba.BooleanNetwork.from_aeon("A -> B\nC -| B\n").get_update_function("B") is None
    with pytest.raises(RuntimeError):
        ba.BooleanNetwork.from_aeon("A -> B\nC -> D\n$D: C\n$B: A & C\n")


def test_too_many_operators_for_aeon_are_refused(monkeypatch):
    monkeypatch.setattr(aeon, "_MAX_LEVELS", 100)
    with pytest.raises(ParseError, match="has 101 operators: too many for aeon's parser") as err:
        aeon.parse("A -> B\n$B: A" + " & A" * 101 + "\n", "deep.aeon")
    assert err.value.line == 2


def test_deep_functions_are_read_on_a_big_stack():
    depth = 20_000  # far beyond what aeon's recursive parser survives on a thread's default stack
    net = aeon.parse(f"A -> B\n$B: {'!(' * depth}A{')' * depth}\n")
    assert net.rule_text("B") == "!" * depth + "A"


def test_exclusive_or_chains_that_explode_are_refused():
    # each ^ doubles the text written with & | !: 30 of them would be a billion operators
    with pytest.raises(ParseError, match="operators once \\^ and <=> are written with & \\| !"):
        aeon.parse("A -? B\n$B: A" + " ^ A" * 30 + "\n")


def test_declared_signs_are_checked_by_lint():
    net = aeon.parse("A -> B\nC -| B\nD ->? B\n$B: !A & C & D\n")
    issues = {(i.kind, i.node, i.message) for i in lint(net) if i.kind == "declared-sign-mismatch"}
    assert issues == {
        ("declared-sign-mismatch", "B", "A -> B is declared + but acts -"),
        ("declared-sign-mismatch", "B", "C -> B is declared - but acts +"),
    }


# --------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------
def test_writing_signs_every_regulation_from_the_function():
    net = BooleanNetwork(
        {"A": None, "B": "A & !C", "C": "A & B | !A & !B", "D": "A | !A & C & !C", "E": "1", "F": None},
        name="two\nlines",
    )
    text = aeon.generate(net)
    assert text.splitlines() == [
        "# two lines",
        "#! logicnet: order: A B C D E F",
        "A -> B",
        "C -| B",
        "$B: A & !C",
        "A -? C",
        "B -? C",
        "$C: A & B | !A & !B",
        "A -> D",
        "C -?? D",  # named but not acted through: declared (aeon insists), need not be observable
        "$D: A | !A & C & !C",
        "$E: true",
        "F -> F",  # an input nothing names is declared through the identity
        "$F: F",
    ]
    assert_round_trip(net)
    assert_same_as_aeon(net, text)


def test_written_regulations_are_the_ones_aeon_infers():
    net = read_network("mafld")
    text = aeon.generate(net)
    inferred = set(ba.BooleanNetwork.from_aeon(text).infer_valid_graph().regulation_strings())
    regulations = [line for line in text.splitlines() if not line.startswith(("#", "$"))]
    assert inferred == {line for line in regulations if "-??" not in line}


def test_written_signs_agree_with_the_functions():
    net = read_network("gutliver")
    back = aeon.parse(aeon.generate(net))
    for target, declared in back.metadata["sbml_signs"].items():
        computed = regulator_signs(net, target)
        assert declared == {r: s if s in "+-" else "?" for r, s in computed.items()}


@pytest.mark.parametrize("name", ["mafld", "gutliver"])
def test_bundled_networks_round_trip_exactly(name):
    net = read_network(name)
    text = assert_round_trip(net)
    assert_same_as_aeon(net, text)


@settings(max_examples=150, deadline=None)
@given(net=networks())
def test_random_networks_round_trip_exactly_and_aeon_agrees(net):
    text = assert_round_trip(net)
    assert_same_as_aeon(net, text)


# Function texts in aeon's whole grammar, precedence left to its parser: operands (names,
# constants or parenthesised functions, each negated or not) joined by any operators.
@st.composite
def chains(draw, operand):
    items = draw(st.lists(st.tuples(st.sampled_from(["", "!", "!!"]), operand), min_size=1, max_size=4))
    operators = ["&", "|", "^", "=>", "<=>"]
    text = "".join(f" {draw(st.sampled_from(operators))} " * bool(i) + neg + x for i, (neg, x) in enumerate(items))
    return f"({text})" if draw(st.booleans()) else text


aeon_functions = st.recursive(st.sampled_from(["A", "B", "C", "true", "false", "1", "0"]), chains, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(function=aeon_functions)
def test_any_function_in_aeon_syntax_reads_as_aeon_reads_it(function):
    text = f"A -?? T\nB -?? T\nC -?? T\n$T: {function}\n"
    assert_same_as_aeon(aeon.parse(text), text)


# --------------------------------------------------------------------------------------
# robustness
# --------------------------------------------------------------------------------------
@given(text=st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_fuzz_raises_only_logicnet_errors(text):
    with contextlib.suppress(LogicnetError):
        aeon.parse(text, "fuzz.aeon")


@given(
    lines=st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from(["A", "B", "x_1"]), st.sampled_from(["->", "-|", "-?", "->?", "-??", "-", "->>"])
            ).map(lambda t: f"{t[0]} {t[1]} {'AB'[len(t[1]) % 2]}"),
            st.tuples(st.sampled_from(["A", "B", "x_1"]), st.text(alphabet="AB !&|^=<>()01,f", max_size=12)).map(
                lambda t: f"${t[0]}: {t[1]}"
            ),
        ),
        max_size=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_fuzz_near_valid_input_fails_on_a_line(lines):
    try:
        aeon.parse("\n".join(lines))
    except LogicnetError as err:
        assert isinstance(err, ParseError) and err.line is not None


# --------------------------------------------------------------------------------------
# files and the command line
# --------------------------------------------------------------------------------------
def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_files_by_extension(tmp_path):
    net = read_network("gutliver")
    assert detect_format("x/model.AEON") == "aeon"
    write_network(net, tmp_path / "m.aeon")
    assert read_network(tmp_path / "m.aeon").fingerprint() == net.fingerprint()
    assert generate_network(net, "aeon") == (tmp_path / "m.aeon").read_text()


def test_command_line_info_and_convert(tmp_path):
    assert run("convert", "gutliver", "-o", str(tmp_path / "m.bnet")).exit_code == 0
    r = run("convert", str(tmp_path / "m.bnet"), "-o", str(tmp_path / "m.aeon"))
    assert r.exit_code == 0, r.output
    assert "$NFkB: TLR4 & !SCFA" in (tmp_path / "m.aeon").read_text()
    info = json.loads(run("info", str(tmp_path / "m.aeon"), "--lint", "--format", "json").stdout)
    assert info["nodes"] == 12 and info["inputs"] == ["HFD", "Exercise"] and info["lint"] == []
    back = run("convert", str(tmp_path / "m.aeon"), "-o", "-", "--to", "bnet")
    assert not differing_nodes(read_network("gutliver"), parse_network(back.stdout, "bnet"))
    piped = json.loads(run("info", "-", "--from", "aeon", "--format", "json", input=MODEL).stdout)
    assert piped["inputs"] == ["A", "E", "F"]


def test_command_line_errors_name_the_line(tmp_path):
    bad = tmp_path / "bad.aeon"
    bad.write_text("A -> B\n$B: A &\n")
    r = CliRunner().invoke(cli, ["info", str(bad)])
    assert r.exit_code == 1
    assert f"{bad}:2: update function of B: Expected formula" in r.output and "Traceback" not in r.output


# --------------------------------------------------------------------------------------
# the BBM corpus
# --------------------------------------------------------------------------------------
@requires_bbm
@pytest.mark.slow
@pytest.mark.parametrize("path", bbm_models(), ids=lambda p: p.stem)
def test_bbm_round_trip_is_exact(path: Path):
    assert_round_trip(read_network(path))


@requires_bbm
@pytest.mark.slow
@pytest.mark.parametrize("path", BBM_SAMPLE, ids=lambda p: p.stem)
def test_bbm_as_written_reads_the_same_in_aeon(path: Path):
    net = read_network(path)
    assert_same_as_aeon(net, aeon.generate(net))


@requires_bbm
def test_bbm_model_written_by_aeon_reads_like_its_bnet_original():
    """aeon's own writer (regulations sorted, then functions) read by logicnet."""
    original = read_network(BBM / "bbm-003.bnet")
    text = ba.BooleanNetwork.from_bnet((BBM / "bbm-003.bnet").read_text()).to_aeon()
    net = aeon.parse(text, "bbm-003.aeon")
    assert set(net.nodes) == set(original.nodes) and set(net.inputs) == set(original.inputs)
    assert differing_nodes(original, net) == []
