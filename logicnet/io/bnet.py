"""The bnet format (pyboolnet, mpbn, BoolNet, bioLQM): ``target, factors`` per line.

Operators ``& | !``, constants ``0 1``, ``#`` comments, an optional ``targets, factors``
header on the first line. A regulator without a line of its own is a free input (the format's convention);
``X, X`` is also an input. The writer emits ``X, X`` for inputs because BoolNet rejects
undefined genes.
"""

from __future__ import annotations

from ..errors import ParseError
from ..network import BooleanNetwork
from ._lines import rules_from_lines

#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): nothing.
KEEPS: frozenset[str] = frozenset()


def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    def entries():
        first = True
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0]
            if not line.strip():
                continue
            target, comma, rule = line.partition(",")
            # the header, only as the first line: later, it is the rule of a node named targets
            header = first and target.strip().lower() == "targets" and rule.strip().lower() == "factors"
            first = False
            if header:
                continue
            if not comma:
                raise ParseError(
                    "expected 'target, factors' (no comma on this line)", source=source, line=number, column=1
                )
            column = len(target) + 2  # 1-based column where the rule text starts
            yield target.strip(), rule, number, column

    return rules_from_lines(entries(), source, undeclared="input")


def generate(network: BooleanNetwork) -> str:
    lines = ["targets, factors"]
    for node in network.nodes:
        lines.append(f"{node}, {network.rule_text(node) if network.rule(node) is not None else node}")
    return "\n".join(lines) + "\n"
