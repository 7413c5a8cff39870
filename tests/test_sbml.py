"""SBML-qual reader and writer (logicnet.io.sbml).

The BBM benchmark (bnet originals and 50 SBML-qual copies written by biodivine-aeon) is
found as every test finds it (:mod:`tests.corpus`); the tests that need it are skipped when
it is absent.
"""

from __future__ import annotations

from pathlib import Path

import biodivine_aeon as ba
import libsbml
import pytest

from logicnet import expr as ex
from logicnet._engines.bdd import differing_nodes, regulator_signs
from logicnet.errors import ModelError, ParseError
from logicnet.io import generate_network, parse_network, read_network, sbml
from logicnet.network import BooleanNetwork, NodeInfo, Organ
from tests.corpus import BBM

SBML_COPIES = sorted((BBM / "sbml").glob("*.sbml")) if BBM else []
# Every 10th bnet model: small and large rules, inputs and constants.
BNET_SAMPLE = sorted(BBM.glob("bbm-*.bnet"))[::10] if BBM else []


@pytest.fixture
def bbm() -> Path:
    if BBM is None:
        pytest.skip("BBM benchmark not found (set LOGICNET_BBM)")
    return BBM


def _read_bbm(path: Path) -> BooleanNetwork:
    return parse_network(path.read_text(encoding="utf-8"), "sbml", source=str(path))


def _round_trip(net: BooleanNetwork) -> BooleanNetwork:
    return sbml.parse(sbml.generate(net), "round-trip.sbml")


def _errors(text: str) -> list[str]:
    """Errors (not warnings) libsbml's consistency checks find in ``text``."""
    doc = libsbml.readSBMLFromString(text)
    doc.checkConsistency()
    return [
        doc.getError(i).getMessage()
        for i in range(doc.getNumErrors())
        if doc.getError(i).getSeverity() >= libsbml.LIBSBML_SEV_ERROR
    ]


# --------------------------------------------------------------------------------------
# reading the BBM SBML copies
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", SBML_COPIES, ids=lambda p: p.stem)
def test_bbm_sbml_equals_bnet_original(path: Path) -> None:
    net = _read_bbm(path)
    original = read_network(path.parent.parent / f"{path.stem}.bnet")
    assert set(net.nodes) == set(original.nodes)
    # bnet: a regulator without a line is an input; SBML: a transition without terms.
    assert set(net.inputs) == set(original.inputs)
    assert differing_nodes(original, net) == []
    assert not net.organs  # aeon writes no compartments


def test_declared_signs_are_read(bbm: Path) -> None:
    net = _read_bbm(bbm / "sbml" / "bbm-003.sbml")
    signs = net.metadata["sbml_signs"]
    assert signs["v_CDK2"] == {"v_CycE1": "+", "v_p21": "-", "v_p27": "-"}
    assert set(signs) == {n for n in net.nodes if net.rule(n) is not None and net.regulators(n)}


def test_declared_unknown_sign_is_question_mark(bbm: Path) -> None:
    found = set()
    for path in SBML_COPIES[:10]:
        for regs in _read_bbm(path).metadata.get("sbml_signs", {}).values():
            found.update(regs.values())
    assert "?" in found and found <= {"+", "-", "±", "?"}


# --------------------------------------------------------------------------------------
# writing and reading back
# --------------------------------------------------------------------------------------
def _check_round_trip(path: Path) -> None:
    original = read_network(path)
    text = sbml.generate(original)
    back = sbml.parse(text, "round-trip.sbml")
    assert back.nodes == original.nodes
    assert back.inputs == original.inputs
    assert differing_nodes(original, back) == []


@pytest.mark.parametrize("path", BNET_SAMPLE, ids=lambda p: p.stem)
def test_bbm_round_trip(path: Path) -> None:
    _check_round_trip(path)


@pytest.mark.slow
def test_bbm_248_round_trip(bbm: Path) -> None:
    # The largest BBM model: 1.5 MB of rules, binary chains 10,000 deep.
    _check_round_trip(bbm / "bbm-248.bnet")


def test_written_file_is_consistent_and_deterministic(bbm: Path) -> None:
    net = read_network(bbm / "bbm-003.bnet")
    text = sbml.generate(net)
    assert _errors(text) == []
    assert sbml.generate(net) == text
    assert sbml.generate(sbml.parse(text)) == text


def test_organs_and_descriptions_round_trip() -> None:
    net = read_network("gutliver")
    text = sbml.generate(net)
    assert _errors(text) == []
    back = sbml.parse(text, "gutliver.sbml")
    assert back.name == net.name
    assert back.nodes == net.nodes
    assert differing_nodes(net, back) == []
    assert {o.name: o.description for o in back.organs.values()} == {o.name: o.description for o in net.organs.values()}
    for node in net.nodes:
        assert back.info(node).organ == net.info(node).organ, node
        assert back.info(node).description == net.info(node).description, node
    assert any(net.info(n).organ is None for n in net.nodes)  # the default compartment is used
    assert sbml.generate(back) == text


def test_compartments_written() -> None:
    net = BooleanNetwork(
        {"A": None, "B": "A"},
        info={"A": NodeInfo(organ="gut")},
        organs={"gut": Organ("gut", "Intestine"), "empty": Organ("empty")},
    )
    doc = libsbml.readSBMLFromString(sbml.generate(net))
    comps = {c.getId(): c for c in doc.getModel().getListOfCompartments()}
    assert set(comps) == {"gut", "empty", "default"}
    assert comps["gut"].getName() == "Intestine"
    assert comps["default"].getSBOTerm() == 410  # implicit compartment: reads back as no organ
    back = _round_trip(net)
    assert back.info("A").organ == "gut" and back.info("B").organ is None
    assert set(back.organs) == {"gut", "empty"}

    # Every node in an organ: no default compartment.
    only = BooleanNetwork({"A": None}, info={"A": NodeInfo(organ="gut")})
    doc = libsbml.readSBMLFromString(sbml.generate(only))
    assert [c.getId() for c in doc.getModel().getListOfCompartments()] == ["gut"]


def test_foreign_compartments_become_organs() -> None:
    text = _document(
        _species("A", compartment="cell") + _species("B", compartment="cell"),
        _transition("B", "<ci>A</ci>"),
        compartments='<compartment id="cell" name="The cell" constant="true"/>',
    )
    net = sbml.parse(text)
    assert net.info("A").organ == "cell" and net.organs["cell"].description == "The cell"


def test_inputs_constants_and_transition_layout() -> None:
    net = BooleanNetwork({"A": None, "B": 1, "C": 0, "D": "A & !B | C & A", "E": "A | !A"})
    text = sbml.generate(net)
    assert _errors(text) == []
    doc = libsbml.readSBMLFromString(text)  # keep it: the objects below belong to it
    qual = doc.getModel().getPlugin("qual")
    transitions = {t.getOutput(0).getQualitativeSpecies(): t for t in qual.getListOfTransitions()}
    assert set(transitions) == {"B", "C", "D", "E"}  # an input has no transition
    b = transitions["B"]
    assert b.getNumInputs() == 0 and b.getNumFunctionTerms() == 0
    assert b.getDefaultTerm().getResultLevel() == 1
    assert transitions["C"].getDefaultTerm().getResultLevel() == 0
    d = transitions["D"]
    assert d.getId() == "tr_D"
    assert d.getDefaultTerm().getResultLevel() == 0
    assert d.getNumFunctionTerms() == 1 and d.getFunctionTerm(0).getResultLevel() == 1
    signs = {i.getQualitativeSpecies(): i.getSign() for i in d.getListOfInputs()}
    assert signs == {
        "A": libsbml.INPUT_SIGN_POSITIVE,
        "B": libsbml.INPUT_SIGN_NEGATIVE,
        "C": libsbml.INPUT_SIGN_POSITIVE,
    }
    # A regulator the function does not depend on is still listed, with an unknown sign.
    e = transitions["E"]
    assert [(i.getQualitativeSpecies(), i.getSign()) for i in e.getListOfInputs()] == [
        ("A", libsbml.INPUT_SIGN_UNKNOWN)
    ]
    for species in qual.getListOfQualitativeSpecies():
        assert species.getMaxLevel() == 1 and not species.getConstant()
        assert species.getCompartment() == "default"

    back = _round_trip(net)
    assert back.inputs == ("A",)
    assert back.constants() == {"B": 1, "C": 0}
    assert differing_nodes(net, back) == []
    assert back.metadata["sbml_signs"]["D"] == {"A": "+", "B": "-", "C": "+"}


def test_written_signs_agree_with_the_functions() -> None:
    net = read_network("gutliver")
    back = _round_trip(net)
    for target, declared in back.metadata["sbml_signs"].items():
        computed = regulator_signs(net, target)
        assert declared == {r: ("?" if s == "0" else s) for r, s in computed.items()}


def test_id_clashes_are_avoided() -> None:
    net = BooleanNetwork({"A": None, "tr_A": "A", "B": "!tr_A", "default": "B", "model": "A"})
    text = sbml.generate(net)
    assert _errors(text) == []
    assert differing_nodes(net, sbml.parse(text)) == []


def test_organ_names_must_be_sbml_ids() -> None:
    with pytest.raises(ModelError, match="not a valid SBML id"):
        sbml.generate(BooleanNetwork({"A": None}, info={"A": NodeInfo(organ="small gut")}))
    with pytest.raises(ModelError, match="name of a node"):
        sbml.generate(BooleanNetwork({"A": None, "gut": "A"}, info={"A": NodeInfo(organ="gut")}))


def test_deep_rules_write_and_read_back() -> None:
    # A binary chain as in BBM: flattened into one n-ary apply.
    chain = ex.symbol("x0")
    for i in range(1, 12000):
        chain = ex.make("or", chain, ex.symbol(f"x{i % 9}"))
    # Alternating and/or cannot be flattened: libsbml runs on a bigger stack.
    alternating = ex.symbol("x0")
    for i in range(1, 1500):
        alternating = ex.make("and" if i % 2 else "or", ex.symbol(f"x{i % 9}"), alternating)
    net = BooleanNetwork({**{f"x{i}": None for i in range(9)}, "chain": chain, "alt": alternating})
    assert differing_nodes(net, _round_trip(net)) == []


def test_deep_mathml_from_other_tools_is_read() -> None:
    # 12,000 nested binary <or>s: libsbml crashes at this depth on a default stack.
    depth = 12000
    math = "<apply><or/><ci>A</ci>" * depth + "<ci>B</ci>" + "</apply>" * depth
    net = sbml.parse(_document(_species("A") + _species("B") + _species("C"), _transition("C", math)))
    assert differing_nodes(net, BooleanNetwork({"A": None, "B": None, "C": "A | B"})) == []

    # An error deep inside is reported like any other (it is raised on the worker thread).
    bad = math.replace("<ci>B</ci>", "<apply><plus/><ci>B</ci><cn>1</cn></apply>")
    with pytest.raises(ParseError, match="unsupported MathML <plus>"):
        sbml.parse(_document(_species("A") + _species("B") + _species("C"), _transition("C", bad)), "deep.sbml")


# --------------------------------------------------------------------------------------
# MathML subset and transition semantics
# --------------------------------------------------------------------------------------
_CORE = "http://www.sbml.org/sbml/level3/version1/core"
_QUAL = "http://www.sbml.org/sbml/level3/version1/qual/version1"


def _species(sid: str, max_level: int = 1, compartment: str = "c", extra: str = 'qual:constant="false"') -> str:
    return (
        f'<qual:qualitativeSpecies qual:id="{sid}" qual:compartment="{compartment}" '
        f'qual:maxLevel="{max_level}" {extra}/>'
    )


def _transition(target: str, math: str, *, default: int = 0, effect: str = "assignmentLevel", inputs: str = "") -> str:
    return (
        f'<qual:transition qual:id="tr_{target}">'
        + (f"<qual:listOfInputs>{inputs}</qual:listOfInputs>" if inputs else "")
        + f'<qual:listOfOutputs><qual:output qual:qualitativeSpecies="{target}" '
        f'qual:transitionEffect="{effect}"/></qual:listOfOutputs>'
        f'<qual:listOfFunctionTerms><qual:defaultTerm qual:resultLevel="{default}"/>'
        f'<qual:functionTerm qual:resultLevel="{1 - default}">'
        f'<math xmlns="http://www.w3.org/1998/Math/MathML">{math}</math>'
        "</qual:functionTerm></qual:listOfFunctionTerms></qual:transition>"
    )


def _document(species: str, transitions: str = "", compartments: str = '<compartment id="c" constant="true"/>') -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sbml xmlns="{_CORE}" xmlns:qual="{_QUAL}" '
        'level="3" version="1" qual:required="true"><model id="m" name="test model">'
        f"<listOfCompartments>{compartments}</listOfCompartments>"
        f"<qual:listOfQualitativeSpecies>{species}</qual:listOfQualitativeSpecies>"
        + (f"<qual:listOfTransitions>{transitions}</qual:listOfTransitions>" if transitions else "")
        + "</model></sbml>"
    )


@pytest.mark.parametrize(
    ("math", "expected"),
    [
        ("<ci>A</ci>", "A"),
        ("<apply><eq/><ci>A</ci><cn type='integer'>1</cn></apply>", "A"),
        ("<apply><eq/><ci>A</ci><cn type='integer'>0</cn></apply>", "!A"),
        ("<apply><neq/><ci>A</ci><cn>0</cn></apply>", "A"),
        ("<apply><geq/><ci>A</ci><cn type='integer'>1</cn></apply>", "A"),
        ("<apply><geq/><ci>A</ci><cn type='integer'>0</cn></apply>", "1"),
        ("<apply><lt/><ci>A</ci><cn type='integer'>1</cn></apply>", "!A"),
        ("<apply><gt/><ci>A</ci><cn type='integer'>0</cn></apply>", "A"),
        ("<apply><leq/><ci>A</ci><cn type='integer'>0</cn></apply>", "!A"),
        ("<apply><eq/><ci>A</ci><cn type='integer'>2</cn></apply>", "0"),
        ("<apply><gt/><cn type='integer'>1</cn><ci>A</ci></apply>", "!A"),  # number first
        ("<apply><leq/><cn type='integer'>1</cn><ci>A</ci></apply>", "A"),
        ("<apply><and/><ci>A</ci><apply><not/><ci>B</ci></apply></apply>", "A & !B"),
        ("<apply><or/><ci>A</ci><ci>B</ci><false/></apply>", "A | B"),
        ("<apply><xor/><ci>A</ci><ci>B</ci></apply>", "A & !B | !A & B"),
        ("<apply><xor/><ci>A</ci><ci>B</ci><true/></apply>", "A & B | !A & !B"),
        ("<apply><implies/><ci>A</ci><ci>B</ci></apply>", "!A | B"),
        ("<true/>", "1"),
        ("<false/>", "0"),
    ],
)
def test_mathml_subset(math: str, expected: str) -> None:
    net = sbml.parse(_document(_species("A") + _species("B") + _species("C"), _transition("C", math)))
    want = BooleanNetwork({"A": None, "B": None, "C": expected})
    assert differing_nodes(net, want) == []


def test_default_term_one_negates_the_zero_terms() -> None:
    math = "<apply><and/><ci>A</ci><ci>B</ci></apply>"
    net = sbml.parse(_document(_species("A") + _species("B") + _species("C"), _transition("C", math, default=1)))
    assert differing_nodes(net, BooleanNetwork({"A": None, "B": None, "C": "!(A & B)"})) == []


def test_species_attributes() -> None:
    species = (
        _species("A", extra='qual:constant="true" qual:initialLevel="1" qual:name="Alpha"')
        + _species("B", extra='qual:constant="true"')
        + _species("C", extra='qual:constant="false" qual:name="C"')
        + _species("D")
    )
    net = sbml.parse(_document(species, _transition("D", "<ci>C</ci>")))
    assert net.name == "test model"
    assert net.nodes == ("A", "B", "C", "D")
    assert net.constants() == {} and net.inputs == ("A", "B", "C")  # constant species are free inputs
    assert net.metadata["sbml_constants"] == {"reading": "free", "species": {"A": 1}}
    fixed = sbml.parse(_document(species, _transition("D", "<ci>C</ci>")), constant_species="fixed")
    assert fixed.constants() == {"A": 1} and fixed.inputs == ("B", "C")
    assert fixed.metadata["sbml_constants"] == {"reading": "fixed", "species": {"A": 1}}
    assert net.info("A").description == "Alpha" and net.info("C").description == ""
    assert "sbml_signs" not in net.metadata  # no input declares a sign


def test_signs_and_input_effects() -> None:
    inputs = (
        '<qual:input qual:qualitativeSpecies="A" qual:transitionEffect="none" qual:sign="dual"/>'
        '<qual:input qual:qualitativeSpecies="B" qual:transitionEffect="none"/>'
    )
    net = sbml.parse(
        _document(
            _species("A") + _species("B") + _species("C"),
            _transition("C", "<apply><xor/><ci>A</ci><ci>B</ci></apply>", inputs=inputs),
        )
    )
    assert net.metadata["sbml_signs"] == {"C": {"A": "±"}}

    consumed = inputs.replace('"none" qual:sign', '"consumption" qual:sign')
    with pytest.raises(ParseError, match="consumption"):
        sbml.parse(
            _document(_species("A") + _species("B") + _species("C"), _transition("C", "<ci>A</ci>", inputs=consumed)),
            "eat.sbml",
        )


def test_bare_transition_is_an_input() -> None:
    transition = (
        '<qual:transition qual:id="tr_A"><qual:listOfOutputs><qual:output '
        'qual:qualitativeSpecies="A" qual:transitionEffect="assignmentLevel"/>'
        "</qual:listOfOutputs></qual:transition>"
    )
    net = sbml.parse(_document(_species("A") + _species("B"), transition))
    assert net.inputs == ("A", "B")


# --------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------
_TWO = _species("A") + _species("B")

_BAD_DOCUMENTS = {
    "not-xml": ("this is not XML <", "not well-formed"),
    "empty": ("", "empty document"),
    "xml-not-sbml": ('<?xml version="1.0"?><network><node id="A"/></network>', "not an SBML document"),
    "level-2": (
        '<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4"><model id="m"/></sbml>',
        "Level 2",
    ),
    "no-qual": (f'<sbml xmlns="{_CORE}" level="3" version="1"><model id="m"/></sbml>', "no qual model"),
    "multi-valued": (
        _document(_species("A", max_level=2) + _species("B")),
        r"multi-valued species A \(maxLevel 2\) is not supported",
    ),
    "unsupported-mathml": (
        _document(_TWO, _transition("A", "<apply><plus/><ci>B</ci><cn>1</cn></apply>")),
        "transition tr_A: unsupported MathML <plus>",
    ),
    "unsupported-function": (
        _document(_TWO, _transition("A", "<apply><sin/><ci>B</ci></apply>")),
        "unsupported MathML <sin>",
    ),
    "species-species": (
        _document(_TWO, _transition("A", "<apply><eq/><ci>A</ci><ci>B</ci></apply>")),
        "unsupported MathML <eq>",
    ),
    "production": (
        _document(_TWO, _transition("A", "<ci>B</ci>", effect="production")),
        "transition tr_A: output A has transitionEffect 'production'",
    ),
    "unknown-ci": (_document(_TWO, _transition("A", "<ci>Z</ci>")), "Z is not a qualitativeSpecies"),
    "bad-name": (_document(_species("not") + _species("B")), "invalid node name 'not'"),
    "result-level": (
        _document(_TWO, _transition("A", "<ci>B</ci>").replace('resultLevel="1"', 'resultLevel="2"')),
        "resultLevel 2",
    ),
    "two-transitions": (
        _document(
            _TWO,
            _transition("A", "<ci>B</ci>")
            + _transition("A", "<ci>B</ci>").replace('qual:id="tr_A"', 'qual:id="tr_A2"'),
        ),
        "already the output",
    ),
}


@pytest.mark.parametrize("case", list(_BAD_DOCUMENTS))
def test_bad_documents(case: str) -> None:
    text, message = _BAD_DOCUMENTS[case]
    with pytest.raises(ParseError, match=message) as info:
        sbml.parse(text, f"{case}.sbml")
    assert isinstance(info.value, ValueError)
    assert f"{case}.sbml" in str(info.value)


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="UTF-8"?>\n'])
def test_xml_error_has_line(declaration: str) -> None:
    with pytest.raises(ParseError) as info:
        sbml.parse(declaration + "<sbml>\n  <model>\n</sbml>\n", "broken.sbml")
    assert info.value.source == "broken.sbml"
    assert info.value.line == 3 + bool(declaration)


def test_structure_error_has_line() -> None:
    text = _document(_species("A") + "\n" + _species("B", max_level=3))
    with pytest.raises(ParseError) as info:
        sbml.parse(text, "multi.sbml")
    assert info.value.line == 3  # the declaration, <sbml ...>, then species B


def test_read_network_uses_sbml_extension(tmp_path: Path) -> None:
    path = tmp_path / "gutliver.sbml"
    path.write_text(generate_network(read_network("gutliver"), "sbml"), encoding="utf-8")
    assert differing_nodes(read_network("gutliver"), read_network(path)) == []


# --------------------------------------------------------------------------------------
# other readers
# --------------------------------------------------------------------------------------
def _aeon_rules(text: str) -> dict[str, str | None]:
    aeon = ba.BooleanNetwork.from_sbml(text)
    rules = {}
    for var in aeon.variables():
        f = aeon.get_update_function(var)
        rules[aeon.get_variable_name(var)] = None if f is None else str(f)
    return rules


@pytest.mark.parametrize("stem", ["bbm-003", "bbm-015", "bbm-057", "bbm-198"])
def test_aeon_reads_written_file(bbm: Path, stem: str) -> None:
    net = read_network(bbm / f"{stem}.bnet")
    rules = _aeon_rules(sbml.generate(net))
    assert sorted(rules) == sorted(net.nodes)
    assert {n for n, r in rules.items() if r is None} == set(net.inputs)
    assert differing_nodes(net, BooleanNetwork(rules)) == []


def test_aeon_reads_organs_and_constants() -> None:
    net = read_network("gutliver").with_rules({"HFD": 1})
    assert net.info("Microbiota").description  # descriptions go to notes, names stay ids
    rules = _aeon_rules(sbml.generate(net))
    assert sorted(rules) == sorted(net.nodes)
    assert differing_nodes(net, BooleanNetwork(rules)) == []


# --------------------------------------------------------------------------------------
# constant species: the field's reading, or fixed on request
# --------------------------------------------------------------------------------------
# A CellCollective-style model: two environment species marked constant with a level.
_CONSTANT_MODEL = _document(
    _species("Light", extra='qual:constant="true" qual:initialLevel="1"')
    + _species("Sugar", extra='qual:constant="true" qual:initialLevel="0"')
    + _species("Growth"),
    _transition(
        "Growth",
        "<apply><and/><ci>Light</ci><ci>Sugar</ci></apply>",
        inputs="".join(
            f'<qual:input qual:qualitativeSpecies="{n}" qual:transitionEffect="none"/>' for n in ("Light", "Sugar")
        ),
    ),
)


def test_constant_species_are_read_as_aeon_reads_them(tmp_path: Path) -> None:
    import logicnet as ln

    free = read_network(_write(tmp_path / "c.sbml", _CONSTANT_MODEL))
    aeon = _aeon_rules(_CONSTANT_MODEL)
    assert set(free.inputs) == {n for n, r in aeon.items() if r is None} == {"Light", "Sugar"}
    assert len(ln.fixed_points(free)) == 4  # every level of the two inputs
    fixed = read_network(tmp_path / "c.sbml", constant_species="fixed")
    assert fixed.constants() == {"Light": 1, "Sugar": 0}
    assert [dict(s) for s in ln.fixed_points(fixed)] == [{"Light": 1, "Sugar": 0, "Growth": 0}]
    assert "read as free inputs" in ln.io.reading_notes(free)[0]
    assert "fixed at their initialLevel" in ln.io.reading_notes(fixed)[0]
    assert ln.io.reading_notes(read_network("gutliver")) == []


def test_constant_species_option_on_the_command_line(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from logicnet_cli.main import cli

    path = str(_write(tmp_path / "c.sbml", _CONSTANT_MODEL))
    for given, expected in (([], 4), (["--constant-species", "free"], 4), (["--constant-species", "fixed"], 1)):
        r = CliRunner().invoke(cli, ["fixed-points", path, *given, "--format", "json"])
        assert r.exit_code == 0, r.output
        assert len(json.loads(r.stdout)["fixed_points"]) == expected, given
    r = CliRunner().invoke(cli, ["fixed-points", "gutliver", "--constant-species", "fixed"])
    assert r.exit_code == 1 and "the native reader takes no option 'constant_species'" in r.output


def test_constant_species_reading_is_checked() -> None:
    from logicnet.errors import ArgumentError

    with pytest.raises(ArgumentError, match="constant_species must be 'free' or 'fixed'"):
        sbml.parse(_CONSTANT_MODEL, constant_species="fix")
    with pytest.raises(ArgumentError, match="the bnet reader takes no option 'constant_species' \\(it takes none\\)"):
        parse_network("A, A\n", "bnet", constant_species="fixed")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# what SBML-qual has no element for travels in logicnet's annotation
# --------------------------------------------------------------------------------------
def _without_reading(net: BooleanNetwork) -> BooleanNetwork:
    """``net`` without the metadata that records how SBML was read (declared signs)."""
    return net.evolve(metadata={k: v for k, v in net.metadata.items() if k not in sbml.READING_KEYS})


@pytest.mark.parametrize("name", ["mafld", "gutliver"])
def test_the_annotation_carries_everything(name: str) -> None:
    from logicnet.io import unwritten

    net = read_network(name)
    assert unwritten(net, "sbml") == []
    text = sbml.generate(net)
    assert _errors(text) == []  # still a consistent document
    back = _without_reading(sbml.parse(text))
    assert back == net  # rules, annotations, organs with mediators, description and every table
    assert list(back.metadata) == list(net.metadata)  # in their order
    assert sbml.generate(back) == text  # and again the same bytes
    assert sorted(_aeon_rules(text)) == sorted(net.nodes)  # other tools read past it


def test_organs_answer_the_same_from_the_sbml_copy(tmp_path: Path) -> None:
    """``convert mafld -o m.sbml`` then ``organs m.sbml``: the protocol, readouts, axes and
    mediators come back, so the organ-necessity table is the same."""
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    r = CliRunner().invoke(cli, ["convert", "mafld", "-o", str(tmp_path / "m.sbml")])
    assert r.exit_code == 0 and r.stderr == "", r.output  # nothing is lost: no note
    args = ["--variant", "default", "--jobs", "1", "--format", "csv"]
    original = CliRunner().invoke(cli, ["organs", "mafld", *args])
    copy = CliRunner().invoke(cli, ["organs", str(tmp_path / "m.sbml"), *args])
    assert original.exit_code == copy.exit_code == 0, copy.output
    assert copy.stdout == original.stdout and len(copy.stdout.splitlines()) > 10


def test_a_broken_annotation_is_an_error_with_its_place() -> None:
    text = sbml.generate(read_network("gutliver").evolve(metadata={"readouts": {"Steatosis": 0}}))
    broken = text.replace(">{&quot;", ">{not json", 1)
    assert broken != text
    with pytest.raises(ParseError, match=r"logicnet annotation: not JSON") as err:
        sbml.parse(broken, "broken.sbml")
    assert err.value.source == "broken.sbml" and err.value.line == 3
