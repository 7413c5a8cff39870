"""Opt-in checks of a network for likely mistakes (``logicnet info --lint``).

None of these is an error: real models have inputs named one letter away from a node
(``EGF``/``EGFR``) on purpose, so they are reported only on request.
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import interaction_graph
from .network import BooleanNetwork

__all__ = ["LintIssue", "lint"]


@dataclass(frozen=True, slots=True, order=True)
class LintIssue:
    kind: str  # near-duplicate-input | non-essential-regulator | declared-sign-mismatch | constant
    node: str
    message: str


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one character inserted, deleted or replaced (case-insensitive)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def lint(network: BooleanNetwork) -> list[LintIssue]:
    """Likely mistakes, sorted by kind and node.

    - ``near-duplicate-input``: an input one edit away from a defined node (a typo that
      turned a regulator into a free input?).
    - ``non-essential-regulator``: a rule mentions a node it does not depend on.
    - ``declared-sign-mismatch``: an SBML-qual file declared a sign the function contradicts.
    - ``constant``: a node whose rule is a constant.
    """
    issues = []
    defined = [n for n in network.nodes if network.rule(n) is not None]
    for i in network.inputs:
        for d in defined:
            if _one_edit_apart(i, d):
                issues.append(
                    LintIssue("near-duplicate-input", i, f"input {i} is one edit away from the defined node {d}")
                )
    graph = interaction_graph(network)
    for src, tgt in graph.graph["non_essential"]:
        issues.append(
            LintIssue("non-essential-regulator", tgt, f"the rule of {tgt} mentions {src} but does not depend on it")
        )
    for tgt, declared in network.metadata.get("sbml_signs", {}).items():
        for src, sign in declared.items():
            if sign == "?" or tgt not in network or src not in network:
                continue
            actual = graph.edges[src, tgt]["sign"] if graph.has_edge(src, tgt) else "0"
            if actual != sign:
                issues.append(
                    LintIssue("declared-sign-mismatch", tgt, f"{src} -> {tgt} is declared {sign} but acts {actual}")
                )
    for n, v in network.constants().items():
        issues.append(LintIssue("constant", n, f"the rule of {n} is the constant {v}"))
    return sorted(issues)
