"""Shared by the line formats (bnet, BooleanNet): one rule per line, errors placed in the file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import expr as ex
from ..errors import LogicnetError, ModelError, ParseError
from ..network import BooleanNetwork


def rules_from_lines(
    entries: Iterable[tuple[str, str, int, int]], source: str, *, undeclared: str = "input", **network_args: Any
) -> BooleanNetwork:
    """Build a network from ``(target, rule_text, line, column_of_rule)`` entries.

    Shared by the line formats: each rule is parsed with its place in the file, so errors
    read ``file:line:column: message``; a second rule for one target is an error.
    """
    rules: dict[str, object] = {}
    first_line: dict[str, int] = {}
    for target, text, line, column in entries:
        try:
            ex.check_name(target)
        except ModelError as err:
            raise ParseError(str(err), source=source, line=line, column=1) from None
        if target in rules:
            raise ParseError(
                f"duplicate target {target!r} (first defined on line {first_line[target]})",
                source=source,
                line=line,
                column=1,
            )
        try:
            rules[target] = ex.parse_rule(text)
        except ParseError as err:
            raise err.located(source=source, line=line, column_offset=column - 1) from None
        first_line[target] = line
    if not rules:
        raise ParseError("no rules: the file defines no node", source=source, line=1)
    try:
        return BooleanNetwork(rules, undeclared=undeclared, **network_args)
    except LogicnetError as err:
        raise ParseError(str(err), source=source) from None
