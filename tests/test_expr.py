import contextlib
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicnet import expr as ex
from logicnet.errors import ModelError, ParseError
from tests.strategies import NAMES, expressions


def truth_table(e, names=NAMES):
    rows = []
    for bits in itertools.product((0, 1), repeat=len(names)):
        v = ex.constant_value(ex.fix(e, dict(zip(names, bits))))
        rows.append(v)
    return rows


@given(expressions())
@settings(max_examples=150, deadline=None)
def test_render_then_parse_is_the_same_function_in_both_syntaxes(e):
    table = truth_table(e)
    for style in ("bnet", "booleannet"):
        assert truth_table(ex.parse_rule(ex.render(e, style))) == table


@given(expressions(), st.dictionaries(st.sampled_from(NAMES), st.integers(0, 1)))
@settings(max_examples=150, deadline=None)
def test_fix_agrees_with_full_evaluation(e, partial):
    fixed = ex.fix(e, partial)
    assert ex.support(fixed) <= ex.support(e) - partial.keys()
    for bits in itertools.product((0, 1), repeat=len(NAMES)):
        state = dict(zip(NAMES, bits))
        if all(state[k] == v for k, v in partial.items()):
            assert ex.constant_value(ex.fix(fixed, state)) == ex.constant_value(ex.fix(e, state))


@given(expressions(), st.dictionaries(st.sampled_from(NAMES), st.integers(0, 1)))
@settings(max_examples=150, deadline=None)
def test_partial_value_walked_then_compiled_is_the_constant_fix_folds_to(e, partial):
    expected = ex.constant_value(ex.fix(e, partial))
    # the first questions walk the tree, the later ones run the rule compiled to code
    answers = [ex.partial_value(e, partial) for _ in range(ex._COMPILE_AFTER + 2)]
    assert answers == [expected] * len(answers)


def test_render_uses_minimal_parentheses_and_keeps_structure():
    assert ex.render(ex.parse_rule("((A | B)) & !(C & D) | !E")) == "(A | B) & !(C & D) | !E"
    assert ex.render(ex.parse_rule("A and not B or C"), "booleannet") == "A and not B or C"


def test_deep_rules_do_not_recurse():
    depth = 20_000
    text = "(" * depth + "a" + "".join(f" | b{i})" for i in range(depth))
    e = ex.parse_rule(text)
    assert len(ex.support(e)) == depth + 1
    assert ex.render(e).startswith("a | b0 | b1")
    assert ex.constant_value(ex.fix(e, {"a": 1})) == 1
    for values, value in (({"a": 1}, 1), ({"a": 0}, None)):  # walked, then compiled
        assert [ex.partial_value(e, values) for _ in range(ex._COMPILE_AFTER + 1)] == [value] * (ex._COMPILE_AFTER + 1)


@pytest.mark.parametrize(
    "text, column", [("A & (B", 6), ("A B", 3), ("A & %", 5), ("A & 2x", 5), ("a.b", 2), ("A &", 3)]
)
def test_parse_errors_have_a_column(text, column):
    with pytest.raises(ParseError) as err:
        ex.parse_rule(text)
    assert err.value.column == column
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize("name", ["2a", "a-b", "and", "TRUE", "", "a b", "Not"])
def test_invalid_names(name):
    with pytest.raises(ModelError):
        ex.check_name(name)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_fuzz_parse_rule_raises_only_parse_errors(text):
    with contextlib.suppress(ParseError):
        ex.parse_rule(text)


@given(st.text(alphabet="ab!&|() ~01", max_size=30))
@settings(max_examples=300, deadline=None)
def test_fuzz_operator_soup(text):
    try:
        e = ex.parse_rule(text)
    except ParseError:
        return
    for name in ex.support(e):
        ex.check_name(name)
