"""Perturbations as values, applying them, and percolating constants.

One grammar serves every command and the API. Items are separated by ``;`` or ``,``:

==================  ===============================================================
``X=0`` / ``X=1``   fix node X (knockout / overexpression; for an input, a condition)
``ko:X`` ``oe:X``   the same, by name
``cut:A->B=0``      B's rule sees A as the constant 0 (or ``=1``); other rules see A
``freeze:ORGAN``    fix the organ's outgoing mediators at their values in a reference
                    state (the source attractor); needs that reference when applied
``silence:ORGAN``   fix the organ's outgoing mediators at 0
==================  ===============================================================

Equal settings of one node merge; conflicting ones are an error naming both.

>>> from logicnet.network import BooleanNetwork
>>> net = BooleanNetwork({"A": None, "B": "A", "C": "A & !B"})
>>> p = Perturbation.parse("A=1; ko:C")
>>> str(p), perturb(net, p).rule_text("C")
('A=1;C=0', '0')
>>> percolate(perturb(net, p)).fixed
{'A': 1, 'B': 1, 'C': 0}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from . import expr as ex
from .errors import PerturbationError
from .network import BooleanNetwork
from .types import in_order

__all__ = [
    "KINDS",
    "ORGAN_MODES",
    "Fix",
    "EdgeCut",
    "OrganPerturbation",
    "Perturbation",
    "PerturbationLike",
    "perturb",
    "percolate",
    "Percolation",
    "knockout",
    "overexpression",
    "restrict",
]

#: Perturbation kinds by name: a knockout fixes a node at 0, an overexpression at 1.
KINDS = {"ko": 0, "oe": 1}
#: What an organ perturbation does to the organ's outgoing mediators: fix them at their
#: values in a reference state (freeze) or at 0 (silence).
ORGAN_MODES = ("freeze", "silence")


@dataclass(frozen=True, slots=True, order=True)
class Fix:
    """Node fixed at a value: a knockout (0), an overexpression (1), or an input setting."""

    node: str
    value: int

    def __post_init__(self) -> None:
        if self.value not in (0, 1):
            raise PerturbationError(f"{self.node}: value must be 0 or 1, got {self.value!r}")

    def __str__(self) -> str:
        return f"{self.node}={self.value}"


@dataclass(frozen=True, slots=True, order=True)
class EdgeCut:
    """The edge ``source -> target`` cut: ``target``'s rule sees ``source`` as ``value``."""

    source: str
    target: str
    value: int = 0

    def __str__(self) -> str:
        return f"cut:{self.source}->{self.target}={self.value}"


@dataclass(frozen=True, slots=True, order=True)
class OrganPerturbation:
    """An organ's outgoing mediators frozen (at reference values) or silenced (at 0)."""

    organ: str
    mode: str = "freeze"

    def __post_init__(self) -> None:
        if self.mode not in ORGAN_MODES:
            raise PerturbationError(f"organ perturbation mode must be freeze or silence, got {self.mode!r}")

    def __str__(self) -> str:
        return f"{self.mode}:{self.organ}"

    def fixes(self, network: BooleanNetwork, reference: Mapping[str, object] | None) -> list[Fix]:
        mediators = network.organ(self.organ).mediators
        if not mediators:
            raise PerturbationError(f"organ {self.organ!r} declares no outgoing mediators")
        if self.mode == "silence":
            return [Fix(m, 0) for m in mediators]
        if reference is None:
            raise PerturbationError(
                f"freeze:{self.organ} needs the reference state (the source "
                "condition's attractor) its mediators are frozen at"
            )
        out = []
        for m in mediators:
            value = reference.get(m)
            if value not in (0, 1):
                raise PerturbationError(
                    f"freeze:{self.organ}: mediator {m} is not constant in the "
                    f"reference attractor (value {value!r}); it cannot be frozen"
                )
            out.append(Fix(m, int(value)))
        return out


Item = Fix | EdgeCut | OrganPerturbation
_ITEM_RE = re.compile(
    r"""^(?:(?P<kind>ko|oe):(?P<knode>\w+)
                          |(?P<mode>freeze|silence):(?P<organ>\w+)
                          |cut:(?P<src>\w+)\s*->\s*(?P<tgt>\w+)(?:\s*=\s*(?P<cval>[01]))?
                          |(?P<node>\w+)\s*=\s*(?P<val>[01]))$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Perturbation:
    """A set of perturbation items; immutable, hashable, printed in canonical sorted form.

    ``Perturbation()`` is "no perturbation" (prints as the empty string).
    """

    items: tuple[Item, ...] = field(default=())

    def __post_init__(self) -> None:
        unique = sorted(set(self.items), key=lambda i: (type(i).__name__, str(i)))
        object.__setattr__(self, "items", tuple(unique))
        # Conflicts between plain fixes are caught here; those involving organs when applied.
        _merge_fixes(i for i in self.items if isinstance(i, Fix))

    @classmethod
    def parse(cls, text: str | None) -> Perturbation:
        """Parse the grammar above (``None`` or blank text is no perturbation)."""
        items: list[Item] = []
        for raw in re.split(r"[;,]", text or ""):
            part = raw.strip()
            if not part:
                continue
            m = _ITEM_RE.match(part)
            if not m:
                raise PerturbationError(
                    f"cannot read perturbation {part!r}: expected X=0, X=1, ko:X, oe:X, "
                    "cut:A->B=0, freeze:ORGAN or silence:ORGAN"
                )
            if m["kind"]:
                items.append(Fix(m["knode"], KINDS[m["kind"].lower()]))
            elif m["mode"]:
                items.append(OrganPerturbation(m["organ"], m["mode"].lower()))
            elif m["src"]:
                items.append(EdgeCut(m["src"], m["tgt"], int(m["cval"] or 0)))
            else:
                items.append(Fix(m["node"], int(m["val"])))
        return cls(tuple(items))

    @classmethod
    def of(cls, *parts: Perturbation | Item | str | Mapping[str, int] | None) -> Perturbation:
        """Combine perturbations, items, grammar strings and ``{node: value}`` mappings."""
        items: list[Item] = []
        for p in parts:
            if p is None:
                continue
            if isinstance(p, Perturbation):
                items.extend(p.items)
            elif isinstance(p, str):
                items.extend(cls.parse(p).items)
            elif isinstance(p, Mapping):
                items.extend(Fix(n, int(v)) for n, v in p.items())
            else:
                items.append(p)
        return cls(tuple(items))

    def __or__(self, other: Perturbation) -> Perturbation:
        return Perturbation.of(self, other)

    def __str__(self) -> str:
        return ";".join(str(i) for i in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def organs(self) -> tuple[OrganPerturbation, ...]:
        return tuple(i for i in self.items if isinstance(i, OrganPerturbation))

    def fixed_values(self, network: BooleanNetwork, reference: Mapping[str, object] | None = None) -> dict[str, int]:
        """Every node this perturbation fixes, with organ items resolved against ``reference``."""
        values = _merge_fixes(i for i in self.items if isinstance(i, Fix))
        for o in self.organs:
            for f in o.fixes(network, reference):
                if values.get(f.node, f.value) != f.value:
                    raise PerturbationError(
                        f"conflicting perturbations: {f.node}={values[f.node]} and {o} (which sets {f})"
                    )
                values[f.node] = f.value
        for node in values:
            network.index(node)  # unknown node -> UnknownNodeError with a suggestion
        return values


#: What every function taking a perturbation accepts: a value, its text in the grammar
#: above, a ``{node: value}`` mapping, or None (no perturbation).
PerturbationLike: TypeAlias = "Perturbation | str | Mapping[str, int] | None"


def knockout(*nodes: str) -> Perturbation:
    """Knock out each node (fix at 0)."""
    return Perturbation(tuple(Fix(n, 0) for n in nodes))


def overexpression(*nodes: str) -> Perturbation:
    """Overexpress each node (fix at 1)."""
    return Perturbation(tuple(Fix(n, 1) for n in nodes))


def _merge_fixes(fixes: Iterable[Fix]) -> dict[str, int]:
    values: dict[str, int] = {}
    for f in fixes:
        if values.get(f.node, f.value) != f.value:
            raise PerturbationError(f"conflicting perturbations: {f.node}={values[f.node]} and {f}")
        values[f.node] = f.value
    return values


def perturb(
    network: BooleanNetwork, perturbation: PerturbationLike, reference: Mapping[str, object] | None = None
) -> BooleanNetwork:
    """A new network with ``perturbation`` applied; ``network`` is untouched.

    Edge cuts rewrite the target's rule; fixes replace rules by constants (so a fixed input
    becomes a constant node). ``reference`` resolves ``freeze:ORGAN`` items. The result's
    metadata records the perturbation under ``"perturbation"``.
    """
    p = Perturbation.of(perturbation)
    if not p:
        return network
    rules: dict[str, ex.Expression | int] = {}
    for cut in (i for i in p.items if isinstance(i, EdgeCut)):
        network.index(cut.source)
        rule = rules.get(cut.target, network.rule(cut.target))
        if rule is None or cut.source not in ex.support(rule):
            raise PerturbationError(f"{cut}: {cut.source} does not appear in the rule of {cut.target}")
        rules[cut.target] = ex.fix(rule, {cut.source: cut.value})
    rules.update(p.fixed_values(network, reference))
    done = network.with_rules(rules)
    meta = dict(network.metadata)
    meta["perturbation"] = ";".join(s for s in (meta.get("perturbation", ""), str(p)) if s)
    return done.evolve(metadata=meta)


@dataclass(frozen=True, slots=True)
class Percolation:
    """Result of :func:`percolate`: the reduced network and the values it fixed."""

    original: BooleanNetwork
    network: BooleanNetwork  # the free nodes, constants substituted into their rules
    fixed: dict[str, int]  # nodes forced to a constant, in original order
    assumed: frozenset[str] = frozenset()  # fixed nodes whose values were given, not derived
    closed: bool = False  # every consequence of ``fixed`` is in it (made by percolate)

    def lift(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A state or subspace of the reduced network extended to every original node."""
        return in_order({**values, **self.fixed}, self.original.nodes)


def percolate(
    network: BooleanNetwork, values: Mapping[str, int] | None = None, *, base: Percolation | None = None
) -> Percolation:
    """Propagate constants: fix ``values`` (and constant rules), substitute, repeat.

    A node whose rule becomes constant after substitution is fixed too. Every attractor of
    every update semantics lies in the percolated subspace, so attractor searches may run on
    ``result.network``; which attractor a given initial state reaches may change (a transient
    can commit before the constant arrives), so reachability questions must not.
    Each rule is evaluated once per wave of newly fixed regulators (a few waves on real
    models) and the free ones are folded once.

    Percolation is syntactic: ``A | !A`` is not recognised as constant.

    ``base``: the percolation (by this function; any other is ignored) of a network on the
    same nodes that differs from ``network`` in a few rules (a screen's condition, of which
    each task is a perturbation). Its values are kept except downstream of a node whose
    value changed, and only the changed nodes and those are evaluated again: the answer is
    the same as without ``base``. Constants propagate monotonically (more known inputs never
    unfix a node), so every kept value is still forced, and percolating onwards from forced
    values reaches the same closure.

    >>> net = BooleanNetwork({"A": None, "B": "A", "C": "B & !D", "D": "C"})
    >>> on = percolate(net, {"A": 1})
    >>> percolate(net, {"A": 1, "D": 0}, base=on).fixed == percolate(net, {"A": 1, "D": 0}).fixed
    True
    """
    for n in values or {}:
        network.index(n)
    values = {n: int(v) for n, v in (values or {}).items()}
    rules = network.rules
    dependents: dict[str, list[str]] = {n: [] for n in network.nodes}
    for n, e in rules.items():
        for r in ex.support(e) if e is not None else ():
            dependents[r].append(n)
    # Which rules fold to a constant is decided by three-valued evaluation, wave by wave (a
    # node is re-evaluated once per wave in which regulators fixed); only the free nodes'
    # rules are rebuilt, once, at the end. Rebuilding a rule each time one of its
    # regulators fixed was most of the time of a screen.
    if base is not None and base.closed and base.original.nodes == network.nodes:
        fixed, wave = _resumed(network, base, values, dependents)
    else:
        fixed = dict(values)
        wave = [n for n, e in rules.items() if e is not None and n not in fixed]
    while wave:
        newly = []
        for t in wave:
            if t not in fixed and (v := ex.partial_value(rules[t], fixed)) is not None:
                fixed[t] = v
                newly.append(t)
        touched = {t for c in newly for t in dependents[c] if t not in fixed}
        wave = [n for n in network.nodes if n in touched]  # model order: deterministic
    free = [n for n in network.nodes if n not in fixed]
    folded = {
        n: None if (e := rules[n]) is None else ex.fix(e, {r: fixed[r] for r in ex.support(e) if r in fixed})
        for n in free
    }
    reduced = network.restricted_to(free, folded) if free else None
    ordered = {n: fixed[n] for n in network.nodes if n in fixed}
    return Percolation(network, reduced if reduced is not None else _empty(network), ordered, frozenset(values), True)


def _resumed(
    network: BooleanNetwork, base: Percolation, values: dict[str, int], dependents: dict[str, list[str]]
) -> tuple[dict[str, int], list[str]]:
    """The values of ``base`` still forced in ``network`` under ``values``, and the nodes to
    evaluate first: those whose rule or given value differs from the base's, those downstream
    of a node whose base value no longer holds (their derivation read it), and the nodes
    these regulate."""
    rules, before = network.rules, base.original.rules
    changed = [n for n in network.nodes if n in values or n in base.assumed or rules[n] is not before[n]]

    def now(n: str) -> int | None:  # the value ``network`` gives a changed node outright
        e = rules[n]
        return values[n] if n in values else None if e is None else ex.constant_value(e)

    stale = [n for n in changed if n in base.fixed and now(n) != base.fixed[n]]
    dropped, stack = set(stale), list(stale)
    while stack:
        for d in dependents[stack.pop()]:
            if d not in dropped and d in base.fixed:
                dropped.add(d)
                stack.append(d)
    fixed = {n: v for n, v in base.fixed.items() if n not in dropped} | values
    again = dropped.union(changed)
    again.update(t for n in list(again) for t in dependents[n])  # their regulators' values moved
    return fixed, [n for n in network.nodes if n in again and n not in fixed and rules[n] is not None]


def restrict(network: BooleanNetwork, values: Mapping[str, int]) -> Percolation:
    """The network on the nodes ``values`` does not fix, with those values substituted.

    Unlike :func:`percolate` nothing propagates: use it to restrict dynamics to a trap
    space (whose fixed nodes stay fixed) without losing the transient of its free nodes.
    """
    for n in values:
        network.index(n)
    fixed = {n: int(values[n]) for n in network.nodes if n in values}
    free = [n for n in network.nodes if n not in fixed]
    rules = {}
    for n in free:
        e = network.rule(n)
        rules[n] = None if e is None else ex.fix(e, {r: fixed[r] for r in ex.support(e) if r in fixed})
    reduced = network.restricted_to(free, rules) if free else _empty(network)
    return Percolation(network, reduced, fixed, frozenset(fixed))


def _empty(network: BooleanNetwork) -> BooleanNetwork:
    # A network with no free node: represented by an empty rule set (BooleanNetwork allows it).
    return BooleanNetwork({}, name=network.name)
