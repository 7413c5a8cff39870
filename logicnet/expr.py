"""Update-function expressions: the only module that touches boolean.py.

Rules are held as boolean.py expression trees. boolean.py parses well (iteratively) but
its ``str``, ``hash``, ``.symbols`` and ``simplify`` recurse or explode on the deep rules of
real models (BBM trees reach a depth of 10,000), so everything here walks trees with an
explicit stack and never calls those methods.

>>> e = parse_rule("A & !(B | C)")
>>> sorted(support(e)), render(e, "booleannet")
(['A', 'B', 'C'], 'A and not (B or C)')
>>> render(fix(e, {"B": False}), "bnet")
'A & !C'

Other modules never look inside boolean.py's classes: they take trees apart with
:func:`decompose` or evaluate them bottom-up with :func:`fold` (code generation, BDDs,
answer-set encodings all are folds), and build them with :func:`make` or the folding
constructors :func:`neg`, :func:`conj`, :func:`disj`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias, TypeVar, cast

import boolean

from .errors import ArgumentError, ModelError, ParseError

__all__ = [
    "Expression",
    "TRUE",
    "FALSE",
    "NAME_RE",
    "Kind",
    "check_name",
    "parse_rule",
    "symbol",
    "const",
    "neg",
    "conj",
    "disj",
    "make",
    "decompose",
    "fold",
    "support",
    "postorder",
    "render",
    "fix",
    "constant_value",
    "partial_value",
    "tree_size",
]

Expression: TypeAlias = boolean.Expression  # boolean.py has no type information: Any to mypy
# "_" is the only punctuation allowed inside names: "." and ":" (boolean.py's default) are
# not valid in bnet, SBML ids or Python, so they must fail at parse time, not on export.
_ALGEBRA = boolean.BooleanAlgebra(allowed_in_token=("_",))
TRUE: Expression = _ALGEBRA.TRUE
FALSE: Expression = _ALGEBRA.FALSE
_TRUE_T, _FALSE_T = type(TRUE), type(FALSE)
_SYMBOL_T, _NOT_T, _AND_T, _OR_T = _ALGEBRA.Symbol, _ALGEBRA.NOT, _ALGEBRA.AND, _ALGEBRA.OR

T = TypeVar("T")
Kind: TypeAlias = Literal["const", "var", "not", "and", "or"]
_OPERATORS = {"not": _NOT_T, "and": _AND_T, "or": _OR_T}

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# boolean.py also reads * + ~ and upper-case AND OR NOT as operators; no format logicnet
# reads does, so they are errors rather than silent rewrites ("A* = B * C" is not "B & C").
_LAX = re.compile(r"[*+~]|\b(?!and\b|or\b|not\b)(?i:and|or|not)\b")
_RESERVED = frozenset({"and", "or", "not", "true", "false", "none", "xor"})
_PARSE_MESSAGES = {
    boolean.boolean.PARSE_UNKNOWN_TOKEN: "unexpected character",
    boolean.boolean.PARSE_UNBALANCED_CLOSING_PARENS: "unbalanced closing parenthesis",
    boolean.boolean.PARSE_INVALID_EXPRESSION: "incomplete or invalid expression",
    boolean.boolean.PARSE_INVALID_NESTING: "invalid nesting of parentheses",
    boolean.boolean.PARSE_INVALID_SYMBOL_SEQUENCE: "two names in a row (missing operator?)",
    boolean.boolean.PARSE_INVALID_OPERATOR_SEQUENCE: "two operators in a row (missing name?)",
}


@functools.lru_cache(maxsize=65536)  # networks are copied often (perturbations): names repeat
def check_name(name: str) -> None:
    """Raise :class:`ModelError` unless ``name`` is a valid node name.

    Valid names start with a letter or ``_`` and continue with letters, digits or ``_``
    (the intersection of bnet, BooleanNet, SBML ids and Python identifiers); the words
    ``and or not true false none xor`` (any case) are operators or constants, not names.
    """
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ModelError(f"invalid node name {name!r}: use letters, digits and _ (not starting with a digit)")
    if name.lower() in _RESERVED:
        raise ModelError(f"invalid node name {name!r}: it is an operator or constant word")


def parse_rule(text: str) -> Expression:
    """Parse one update function written with ``& | !`` or ``and or not`` (any mix).

    ``0/1/true/false`` are constants; parentheses group. Raises :class:`ParseError` with a
    1-based column on bad text (the caller adds the file and line with ``.located``).

    >>> render(parse_rule("not A or B and C"), "bnet")
    '!A | B & C'
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty update function", column=1)
    if lax := _LAX.search(text):
        raise ParseError(
            f"{lax.group()!r} is not an operator here: write & | ! (or and, or, not in lower case)",
            column=lax.start() + 1,
        )
    try:
        expr = _ALGEBRA.parse(text)
    except boolean.ParseError as err:
        # boolean.py gives no position for an expression that ends too early: point at its end.
        column = len(text.rstrip()) if err.position is None or err.position < 0 else err.position + 1
        token = f" {err.token_string!r}" if err.token_string else ""
        raise ParseError(f"{_PARSE_MESSAGES.get(err.error_code, 'invalid expression')}{token}", column=column) from None
    except Exception:
        # boolean.py raises TypeError, AssertionError, AttributeError... on some malformed
        # input ("A & NOT", "(|0"): for user text, every failure of its parser is a parse error.
        raise ParseError("invalid expression", column=1) from None
    for name in support(expr):
        try:
            check_name(name)
        except ModelError as err:
            match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text)
            raise ParseError(str(err), column=match.start() + 1 if match else 1) from None
    return expr


def symbol(name: str) -> Expression:
    return _ALGEBRA.Symbol(name)


def const(value: bool | int) -> Expression:
    return TRUE if value else FALSE


def neg(e: Expression) -> Expression:
    """Negation that folds constants and double negations."""
    if isinstance(e, _TRUE_T):
        return FALSE
    if isinstance(e, _FALSE_T):
        return TRUE
    if isinstance(e, _NOT_T):
        return e.args[0]
    return _NOT_T(e)


def conj(*args: Expression) -> Expression:
    """Conjunction that folds constants: ``conj()`` is TRUE, one argument is itself."""
    return _fold_operator(_AND_T, args)


def disj(*args: Expression) -> Expression:
    """Disjunction that folds constants: ``disj()`` is FALSE, one argument is itself."""
    return _fold_operator(_OR_T, args)


def _fold_operator(op: type, args: tuple[Expression, ...] | list[Expression]) -> Expression:
    unit, zero = (_TRUE_T, _FALSE_T) if op is _AND_T else (_FALSE_T, _TRUE_T)
    kept = []
    for a in args:
        if isinstance(a, zero):
            return TRUE if zero is _TRUE_T else FALSE
        if not isinstance(a, unit):
            kept.append(a)
    if not kept:
        return TRUE if unit is _TRUE_T else FALSE
    return kept[0] if len(kept) == 1 else op(*kept)


def make(kind: Kind, *args: Expression) -> Expression:
    """The operator node ``kind`` (``"not"``, ``"and"``, ``"or"``) over ``args``, as given
    (no folding; AND and OR need at least two arguments).

    >>> render(make("and", symbol("A"), TRUE), "bnet")
    'A & 1'
    """
    return _OPERATORS[kind](*args)


def decompose(expr: Expression) -> tuple[Kind, Any]:
    """What ``expr`` is: ``("const", 0|1)``, ``("var", name)``, or ``("not"|"and"|"or",
    operands)`` with the operands as a tuple.

    >>> decompose(parse_rule("A | !B"))[0], decompose(symbol("A"))
    ('or', ('var', 'A'))
    """
    if isinstance(expr, _SYMBOL_T):
        return "var", expr.obj
    if isinstance(expr, _TRUE_T):
        return "const", 1
    if isinstance(expr, _FALSE_T):
        return "const", 0
    if isinstance(expr, _NOT_T):
        return "not", expr.args
    return ("and" if isinstance(expr, _AND_T) else "or"), expr.args


def fold(
    expr: Expression,
    *,
    const: Callable[[int], T],
    var: Callable[[str], T],
    not_: Callable[[T], T],
    and_: Callable[[Sequence[T]], T],
    or_: Callable[[Sequence[T]], T],
) -> T:
    """Evaluate ``expr`` bottom-up: each leaf through ``const``/``var``, each operator through
    ``not_``/``and_``/``or_`` applied to its operands' results.

    Iterative (trees of real models are 10,000 levels deep), children before parents and
    left to right, and a sub-tree shared by several parents is evaluated once. Linear in
    the size of the tree. Generated code, BDDs and answer-set encodings are all folds:

    >>> fold(parse_rule("A & !(B | C)"), const=str, var=str.lower,
    ...      not_=lambda a: f"not ({a})", and_=" and ".join, or_=" or ".join)
    'a and not (b or c)'
    """
    done: dict[int, T] = {}

    def go(e: Expression, depth: int) -> T:
        # Recursive while shallow (twice as fast as the explicit stack on real rules); a
        # subtree deeper than _RECURSION levels is handed to the stack-based loop.
        if not e.args:
            return var(e.obj) if isinstance(e, _SYMBOL_T) else const(int(isinstance(e, _TRUE_T)))
        key = id(e)
        if key in done:
            return done[key]
        if depth > _RECURSION:
            return _fold_iteratively(e, done, const, var, not_, and_, or_)
        if isinstance(e, _NOT_T):
            r = not_(go(e.args[0], depth + 1))
        else:
            args = [go(a, depth + 1) for a in e.args]
            r = and_(args) if isinstance(e, _AND_T) else or_(args)
        done[key] = r
        return r

    return go(expr, 0)


_RECURSION = 150  # levels of fold's recursion: 2 frames each, well inside Python's 1,000


def _fold_iteratively(
    expr: Expression,
    done: dict[int, T],
    const: Callable[[int], T],
    var: Callable[[str], T],
    not_: Callable[[T], T],
    and_: Callable[[Sequence[T]], T],
    or_: Callable[[Sequence[T]], T],
) -> T:
    stack: list[tuple[Expression, bool]] = [(expr, False)]
    while stack:
        e, expanded = stack.pop()
        if id(e) in done:
            continue
        if not e.args:
            done[id(e)] = var(e.obj) if isinstance(e, _SYMBOL_T) else const(int(isinstance(e, _TRUE_T)))
        elif expanded:
            args = [done[id(a)] for a in e.args]
            done[id(e)] = not_(args[0]) if isinstance(e, _NOT_T) else and_(args) if isinstance(e, _AND_T) else or_(args)
        else:
            stack.append((e, True))
            stack.extend((a, False) for a in reversed(e.args) if id(a) not in done)
    return done[id(expr)]


def postorder(expr: Expression) -> Iterator[Expression]:
    """Every sub-expression, children before parents, without recursion."""
    stack: list[tuple[Expression, bool]] = [(expr, False)]
    while stack:
        e, expanded = stack.pop()
        if expanded or not e.args:
            yield e
        else:
            stack.append((e, True))
            stack.extend((a, False) for a in reversed(e.args))


# Perturbed copies of a network share its rule objects, and percolation asks the same
# questions of them again and again: answers are kept by object identity (an entry holds
# its expression, so the id cannot be reused while the entry exists). Bounded; cleared
# when full.
_FACTS: dict[tuple[int, str], tuple[Expression, object]] = {}
_FACTS_MAX = 200_000


def _remembered(kind: str, expr: Expression, compute: Callable[[Expression], T]) -> T:
    hit = _FACTS.get((id(expr), kind))
    if hit is not None:
        return cast(T, hit[1])
    if len(_FACTS) >= _FACTS_MAX:
        _FACTS.clear()
    value = compute(expr)
    _FACTS[(id(expr), kind)] = (expr, value)
    return value


def support(expr: Expression) -> frozenset[str]:
    """Names that occur in ``expr`` (syntactic; the BDD module gives the essential ones)."""
    return _remembered("support", expr, _support)


def _support(expr: Expression) -> frozenset[str]:
    names: set[str] = set()
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, _SYMBOL_T):
            names.add(e.obj)
        else:
            stack.extend(e.args)
    return frozenset(names)


def tree_size(expr: Expression) -> int:
    """Number of operator and leaf nodes of the tree."""
    count, stack = 0, [expr]
    while stack:
        e = stack.pop()
        count += 1
        stack.extend(e.args)
    return count


# Operators and constants per output syntax: (and, or, not, true, false).
_STYLES = {
    "bnet": (" & ", " | ", "!", "1", "0"),
    "booleannet": (" and ", " or ", "not ", "True", "False"),
}
_PREC = {_OR_T: 1, _AND_T: 2, _NOT_T: 3}


def render(expr: Expression, style: str = "bnet") -> str:
    """Text of ``expr`` in ``style`` (``"bnet"`` or ``"booleannet"``), minimal parentheses.

    The tree's structure is kept (no simplification), so a user's rule reads back as written
    up to redundant parentheses. Linear in the size of the tree, however deep; remembered
    per expression object.
    """
    if style not in _STYLES:
        raise ArgumentError(f"unknown rule style {style!r}")
    return _remembered(f"render:{style}", expr, lambda e: _render(e, style))


def _render(expr: Expression, style: str) -> str:
    and_, or_, not_, true, false = _STYLES[style]
    out: list[str] = []
    stack: list[str | tuple[Expression, int]] = [(expr, 0)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        e, outer = item
        if isinstance(e, _SYMBOL_T):
            out.append(e.obj)
        elif isinstance(e, _TRUE_T):
            out.append(true)
        elif isinstance(e, _FALSE_T):
            out.append(false)
        else:
            prec = _PREC[type(e)]
            parens = prec < outer
            if parens:
                out.append("(")
                stack.append(")")
            if prec == 3:
                out.append(not_)
                stack.append((e.args[0], 3))
            else:
                op = and_ if prec == 2 else or_
                # Same-precedence children need no parentheses: AND and OR are associative.
                for i, a in enumerate(reversed(e.args)):
                    if i:
                        stack.append(op)
                    stack.append((a, prec))
    return "".join(out)


def fix(expr: Expression, values: Mapping[str, bool | int]) -> Expression:
    """``expr`` with the named variables replaced by constants and the constants folded.

    Partial evaluation only (no other simplification): sound, linear time, and the result
    keeps the rule's structure; constants already in ``expr`` are folded too, so a rule
    whose variables are all given becomes TRUE or FALSE.
    """
    if not values:
        return _remembered("folded", expr, _fold_constants)
    return _substitute(expr, values)


def _fold_constants(expr: Expression) -> Expression:
    return _substitute(expr, {}) if _has_constant_operand(expr) else expr


def _substitute(expr: Expression, values: Mapping[str, bool | int]) -> Expression:
    done: dict[int, Expression] = {}
    for e in postorder(expr):
        if isinstance(e, _SYMBOL_T):
            r = const(values[e.obj]) if e.obj in values else e
        elif not e.args:
            r = e
        else:
            args = [done[id(a)] for a in e.args]
            if all(a is b and not isinstance(a, (_TRUE_T, _FALSE_T)) for a, b in zip(args, e.args)):
                r = e  # nothing to fold below: share the original subtree
            elif isinstance(e, _NOT_T):
                r = neg(args[0])
            else:
                r = _fold_operator(type(e), args)
        done[id(e)] = r
    return done[id(expr)]


def _has_constant_operand(expr: Expression) -> bool:
    return bool(expr.args) and any(isinstance(e, (_TRUE_T, _FALSE_T)) for e in postorder(expr))


def partial_value(expr: Expression, values: Mapping[str, int]) -> int | None:
    """The constant ``expr`` folds to once the named variables take ``values``, or None:
    ``constant_value(fix(expr, values))`` without building the folded tree (three-valued
    evaluation: an AND with a 0 operand is 0, an OR with a 1 operand is 1, NOT of unknown is
    unknown). Syntactic like :func:`fix`: ``A | !A`` stays unknown. Linear time.
    ``values`` map names to 0 or 1 (a name not in it is unknown).

    A rule asked about again and again (percolation of every network of a screen) is
    compiled to Python code once, on its ``_COMPILE_AFTER``-th question (16 times faster
    from then on; compiling costs about five walks of the tree).

    >>> partial_value(parse_rule("A & (B | C)"), {"B": 1}), partial_value(parse_rule("A & B"), {"B": 0})
    (None, 0)
    """
    hit = _COMPILED.get(id(expr))
    if hit is not None:
        return hit[1](values)
    asked = _remembered("asked", expr, lambda _: [0])  # a counter kept with the expression
    asked[0] += 1
    if asked[0] >= _COMPILE_AFTER:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[id(expr)] = (expr, _three_valued(expr))
    return _partial_walk(expr, values)


_COMPILE_AFTER = 6  # questions about one rule before it is compiled
_COMPILED_MAX = 20_000  # compiled rules kept (about 2 KB each); cleared when full
# rules compiled to Python, by identity like _FACTS (each entry holds its expression)
_COMPILED: dict[int, tuple[Expression, Callable[[Mapping[str, int]], int | None]]] = {}


def _three_valued(expr: Expression) -> Callable[[Mapping[str, int]], int | None]:
    """``expr`` compiled to ``f(values) -> 0, 1 or None``: Kleene's logic on 0 < U < 1, with
    U = 0.5 for unknown, is AND = min, OR = max, NOT = 1 - x. One line per operator
    (straight-line code compiles at any depth; nested expressions fail beyond ~200 levels)."""
    lines = ["def f(v, U=0.5):", "    g = v.get"]

    def assign(code: str) -> str:
        name = f"t{len(lines)}"
        lines.append(f"    {name} = {code}")
        return name

    def call(function: str) -> Callable[[Sequence[str]], str]:
        return lambda args: assign(f"{function}({', '.join(args)})") if len(args) > 1 else args[0]

    result: str = fold(
        expr,
        const=str,
        var=lambda name: f"g({name!r}, U)",
        not_=lambda a: assign(f"1 - {a}"),
        and_=call("min"),
        or_=call("max"),
    )
    lines.append(f"    r = {result}")
    lines.append("    return None if r == U else int(r)")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<logicnet three-valued rule>", "exec"), namespace)
    return cast(Callable[[Mapping[str, int]], int | None], namespace["f"])


def _partial_walk(expr: Expression, values: Mapping[str, int]) -> int | None:
    done: dict[int, int | None] = {}
    for e in postorder(expr):
        if isinstance(e, _SYMBOL_T):
            r = values.get(e.obj)
        elif isinstance(e, _TRUE_T):
            r = 1
        elif isinstance(e, _FALSE_T):
            r = 0
        elif isinstance(e, _NOT_T):
            a = done[id(e.args[0])]
            r = None if a is None else 1 - a
        else:
            zero = 0 if isinstance(e, _AND_T) else 1
            known = [done[id(a)] for a in e.args]
            r = zero if zero in known else (1 - zero if None not in known else None)
        done[id(e)] = r
    return done[id(expr)]


def constant_value(expr: Expression) -> int | None:
    """1 or 0 when ``expr`` is the constant TRUE or FALSE (syntactically), else None."""
    if isinstance(expr, _TRUE_T):
        return 1
    if isinstance(expr, _FALSE_T):
        return 0
    return None
