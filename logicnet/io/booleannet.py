"""BooleanNet rules: ``A* = B and not C``.

``#`` starts a comment; a rank prefix (``1: A* = ...``) is accepted and ignored; lines
``A = True`` / ``A = Random`` set BooleanNet's initial values and are skipped (logicnet
analyses all states). Regulators without a rule are inputs; the writer emits ``A* = A``.
"""

from __future__ import annotations

import re

from ..errors import ParseError
from ..network import BooleanNetwork
from ._lines import rules_from_lines

#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): nothing (the
#: name goes into a comment, which is not read back).
KEEPS: frozenset[str] = frozenset()

_RULE = re.compile(r"\s*(?:\d+\s*:\s*)?([^=*\s]*)\s*\*\s*=")
_INITIAL = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*(true|false|random|0|1)\s*$", re.IGNORECASE)


def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    def entries():
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0]
            if not line.strip() or _INITIAL.match(line):
                continue
            m = _RULE.match(line)
            if not m:
                raise ParseError("expected 'NODE* = rule'", source=source, line=number, column=1)
            yield m.group(1), line[m.end() :], number, m.end() + 1

    return rules_from_lines(entries(), source, undeclared="input")


def generate(network: BooleanNetwork) -> str:
    name = " ".join(network.name.split())  # one comment line, whatever the name holds
    lines = [f"# {name}" if name else "# BooleanNet rules written by logicnet"]
    for node in network.nodes:
        rule = network.rule_text(node, "booleannet") if network.rule(node) is not None else node
        lines.append(f"{node}* = {rule}")
    return "\n".join(lines) + "\n"
