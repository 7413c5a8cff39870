"""R BoolNet's network files (``loadNetwork``/``saveNetwork``; ``.boolnet``, often ``.txt``).

The first line (after comments) is the header ``targets, factors`` (or ``targets,
functions``), optionally with a third column ``probabilities``. Each further line is
``target, expression`` with ``& | !``, parentheses, the constants ``0 1`` and BoolNet's
convenience operators, expanded into plain logic: ``all(...)`` (AND), ``any(...)`` (OR),
``maj(...)`` (more than half true), ``sumgt(a, b, ..., k)`` (more than k true) and
``sumlt(..., k)`` (fewer than k). ``#`` starts a comment.

Refused with the line and column, because logicnet cannot represent them:

- **probabilistic networks**: a second rule for a gene (BoolNet's alternative functions),
  or a probability other than 1; a probability column whose rules all have probability 1
  is read as the plain network it is;
- **temporal predicates**: time delays ``A[-1]``, iterators ``all[t=1..3](...)`` and
  ``timeis`` ``timegt`` ``timelt`` (BoolNet's symbolic temporal networks);
- a gene without a rule of its own (BoolNet refuses it too: write ``X, X`` for an input).

Writing gives the same text as bnet (header, ``X, X`` for inputs), which BoolNet's
``loadNetwork`` reads (tested on BBM models when R and BoolNet are installed). Nothing
beyond the functions is written.

>>> net = parse("targets, factors\\nA, maj(A, B, C)\\nB, !A\\nC, C\\n")
>>> net.rule_text("A"), net.inputs
('A & B | A & C | B & C', ('C',))
"""

from __future__ import annotations

import itertools
import math
import re

from .. import expr as ex
from ..errors import LogicnetError, ModelError, ParseError, UnknownNodeError
from ..network import BooleanNetwork
from . import bnet

__all__ = ["parse", "generate"]

#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): nothing.
KEEPS: frozenset[str] = frozenset()
#: Terms a threshold operator (maj, sumgt, sumlt) may expand into.
MAX_TERMS = 10_000

_HEADER = re.compile(r"\s*targets\s*,\s*(factors|functions)\s*(,\s*probabilities\s*)?$", re.IGNORECASE)
_TEMPORAL = re.compile(r"\[|\b(timeis|timegt|timelt)\s*\(")
_CALL = re.compile(r"\b(all|any|maj|sumgt|sumlt)\s*\(")
_PLACEHOLDER = "__"  # + a number: a name no gene of a BoolNet file starts with twice


def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    """Read a BoolNet network file (see the module documentation); errors name ``source``,
    the line and the column."""
    lines = [(number, raw.split("#", 1)[0]) for number, raw in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line.strip()]
    if not lines:
        raise ParseError("empty file: expected the header 'targets, factors'", source=source, line=1)
    number, header = lines[0]
    m = _HEADER.match(header)
    if not m:
        raise ParseError(
            f"expected the header 'targets, factors' (or 'targets, factors, probabilities'), got {header.strip()!r}",
            source=source,
            line=number,
            column=1,
        )
    probabilities = m.group(2) is not None

    def entries():
        for number, line in lines[1:]:
            target, comma, body = line.partition(",")
            if not comma:
                raise ParseError("expected 'target, expression' (no comma)", source=source, line=number, column=1)
            column = len(target) + 2
            if probabilities:
                body = _drop_probability(body, source, number, column)
            yield target.strip(), body, number, column

    rules: dict[str, ex.Expression] = {}
    where: dict[str, int] = {}
    for target, body, number, column in _probabilistic_twice(entries(), source):
        try:
            ex.check_name(target)
        except ModelError as err:
            raise ParseError(str(err), source=source, line=number, column=1) from None
        try:
            rules[target] = _expression(body)
        except ParseError as err:
            raise err.located(source=source, line=number, column_offset=column - 1) from None
        where[target] = number
    if not rules:
        raise ParseError("no rules: the file defines no gene", source=source, line=number)
    try:
        return BooleanNetwork(rules, undeclared="error")
    except UnknownNodeError as err:  # BoolNet refuses an undefined gene too
        line = next((where[t] for t, e in rules.items() if err.name in ex.support(e)), None)
        raise ParseError(
            f"gene {err.name!r} has no rule (write '{err.name}, {err.name}' for an input)", source=source, line=line
        ) from None
    except LogicnetError as err:
        raise ParseError(str(err), source=source) from None


def _probabilistic_twice(entries, source: str):
    """The entries, refusing a second rule for one target: BoolNet's probabilistic networks."""
    first: dict[str, int] = {}
    for target, body, number, column in entries:
        if target in first:
            raise ParseError(
                f"a second rule for {target!r} (first on line {first[target]}): a probabilistic Boolean "
                "network, which logicnet cannot represent (keep one function per gene)",
                source=source,
                line=number,
                column=1,
            )
        first[target] = number
        yield target, body, number, column


def _drop_probability(body: str, source: str, line: int, column: int) -> str:
    """The expression without its probability column, which must be 1 (one rule per gene)."""
    depth, cut = 0, None
    for i, ch in enumerate(body):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            cut = i
    if cut is None:
        return body
    text = body[cut + 1 :].strip()
    try:
        p = float(text)
    except ValueError:
        at = column + cut + 1
        raise ParseError(f"probability {text!r} is not a number", source=source, line=line, column=at) from None
    if not math.isclose(p, 1.0):
        raise ParseError(
            f"probability {text}: a probabilistic Boolean network, which logicnet cannot represent "
            "(a gene's single rule has probability 1)",
            source=source,
            line=line,
            column=column + cut + 1,
        )
    return body[:cut]


def _expression(text: str) -> ex.Expression:
    """Parse one BoolNet expression, expanding its convenience operators (columns 1-based)."""
    temporal = _TEMPORAL.search(text)
    if temporal:
        what = "a time delay or iterator '['" if temporal.group() == "[" else f"the temporal predicate {temporal[1]}"
        raise ParseError(
            f"{what}: BoolNet's temporal networks are not supported (logicnet models have no clock)",
            column=temporal.start() + 1,
        )
    calls: dict[str, ex.Expression] = {}
    while m := _CALL.search(text):
        start, open_at = m.start(), m.end() - 1
        close, args = _arguments(text, open_at)
        name = f"{_PLACEHOLDER}{len(calls)}"
        calls[name] = _operator(m[1], args, start)
        text = text[:start] + name.ljust(close + 1 - start) + text[close + 1 :]  # columns stay put
    e = ex.parse_rule(text)
    if not calls:
        return e
    return ex.fold(
        e,
        const=ex.const,
        var=lambda n: calls[n] if n in calls else ex.symbol(n),
        not_=ex.neg,
        and_=lambda a: ex.conj(*a),
        or_=lambda a: ex.disj(*a),
    )


def _arguments(text: str, open_at: int) -> tuple[int, list[tuple[str, int]]]:
    """The closing parenthesis of the call opened at ``open_at`` and its top-level
    arguments with their offsets."""
    depth, start, args = 0, open_at + 1, []
    for i in range(open_at, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                args.append((text[start:i], start))
                return i, args
        elif text[i] == "," and depth == 1:
            args.append((text[start:i], start))
            start = i + 1
    raise ParseError("unclosed '(' of this operator", column=open_at + 1)


def _operator(name: str, args: list[tuple[str, int]], at: int) -> ex.Expression:
    """all/any/maj/sumgt/sumlt of the parsed ``args`` (threshold ones expanded to DNF)."""
    if name in ("sumgt", "sumlt"):
        if len(args) < 2:
            raise ParseError(f"{name} needs arguments and a count", column=at + 1)
        (count_text, count_at), args = args[-1], args[:-1]
        try:
            k = int(count_text)
        except ValueError:
            blank = len(count_text) - len(count_text.lstrip())
            raise ParseError(
                f"{name}: the last argument must be an integer count", column=count_at + blank + 1
            ) from None
    operands = []
    for arg, offset in args:
        try:
            operands.append(_expression(arg))
        except ParseError as err:
            raise err.located(column_offset=offset) from None
    n = len(operands)
    if name == "all":
        return ex.conj(*operands)
    if name == "any":
        return ex.disj(*operands)
    if name == "maj":
        return _at_least(n // 2 + 1, operands, at)
    if name == "sumgt":
        return _at_least(k + 1, operands, at)
    return ex.neg(_at_least(k, operands, at))  # sumlt: fewer than k true


def _at_least(m: int, operands: list[ex.Expression], at: int) -> ex.Expression:
    """At least ``m`` of ``operands`` true, as an OR of ANDs."""
    if m <= 0:
        return ex.TRUE
    if m > len(operands):
        return ex.FALSE
    if math.comb(len(operands), m) > MAX_TERMS:
        raise ParseError(
            f"a threshold of {m} of {len(operands)} arguments expands into {math.comb(len(operands), m):,} terms "
            f"(more than {MAX_TERMS:,})",
            column=at + 1,
        )
    return ex.disj(*(ex.conj(*group) for group in itertools.combinations(operands, m)))


def generate(network: BooleanNetwork) -> str:
    """The BoolNet text of ``network``: the bnet text, which BoolNet reads."""
    return bnet.generate(network)
