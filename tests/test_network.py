import pickle

import pytest

from logicnet import expr as ex
from logicnet.errors import ModelError, ParseError, UnknownNodeError
from logicnet.io import read_network
from logicnet.network import BooleanNetwork, NodeInfo, Organ


def test_inputs_constants_and_identity_rules():
    net = BooleanNetwork({"A": None, "B": "B", "C": 1, "D": "A & !C"})
    assert net.inputs == ("A", "B")  # "B" updates to itself: an input
    assert net.constants() == {"C": 1}
    assert net.regulators("D") == ("A", "C")


def test_undeclared_regulator_is_an_error_with_a_suggestion():
    with pytest.raises(UnknownNodeError) as err:
        BooleanNetwork({"Insulin": None, "AKT": "Insulinn"})
    assert "did you mean 'Insulin'" in str(err.value)
    assert isinstance(err.value, KeyError)


def test_undeclared_regulators_as_inputs_when_asked():
    net = BooleanNetwork({"B": "A & C"}, undeclared="input")
    assert net.nodes == ("B", "A", "C") and net.inputs == ("A", "C")


@pytest.mark.parametrize("rules", [{"a-b": "x"}, {"and": None}, {"A": ""}, {"A": "B &"}, {"A": 3.5}])
def test_invalid_models(rules):
    with pytest.raises(ModelError):
        BooleanNetwork(rules, undeclared="input")


def test_organs_and_mediators():
    net = BooleanNetwork(
        {"L": None, "M": "L"},
        info={"L": NodeInfo(organ="gut"), "M": {"organ": "liver"}},
        organs={"gut": {"description": "Intestine", "mediators": ["L"]}},
    )
    assert net.organ_nodes() == {"gut": ["L"], "liver": ["M"]}
    assert net.organ("gut") == Organ("gut", "Intestine", ("L",))
    with pytest.raises(UnknownNodeError):
        net.organ("gutt")
    with pytest.raises(ModelError, match="not a node of that organ"):
        BooleanNetwork({"L": None}, organs={"gut": {"mediators": ["L"]}})


def test_networks_are_immutable_and_edits_return_copies():
    net = BooleanNetwork({"A": None, "B": "A"})
    other = net.with_rules({"B": "!A"})
    assert net.rule_text("B") == "A" and other.rule_text("B") == "!A"
    with pytest.raises(TypeError):
        net.rules["B"] = ex.TRUE  # read-only view
    for attribute in ("nodes", "_nodes", "name"):
        with pytest.raises(AttributeError):
            setattr(net, attribute, ())
    assert net.nodes == ("A", "B")


def test_pickle_by_text_round_trip_keeps_everything():
    net = read_network("gutliver")
    back = pickle.loads(pickle.dumps(net))
    assert back.nodes == net.nodes and back.fingerprint() == net.fingerprint()
    assert back.organs == net.organs and back.info("LPS") == net.info("LPS")


def test_deep_network_pickles():
    deep = "(" * 5000 + "a" + " | b)" * 5000
    net = BooleanNetwork({"a": None, "b": None, "c": deep})
    assert pickle.loads(pickle.dumps(net)).fingerprint() == net.fingerprint()


def test_fingerprint_depends_on_rules_not_annotations():
    a = BooleanNetwork({"A": None, "B": "A"})
    assert a.fingerprint() == a.evolve(name="x").fingerprint()
    assert a.fingerprint() != a.with_rules({"B": "!A"}).fingerprint()


def test_parse_error_from_rule_names_the_node():
    with pytest.raises(ParseError, match="rule of B"):
        BooleanNetwork(
            {
                "A": None,
                "B": "A & (",
            }
        )
