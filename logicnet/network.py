"""The immutable core: :class:`BooleanNetwork`.

A network is an ordered tuple of node names, one update function per node (a boolean.py
expression, or ``None`` for an *input*, which keeps its value: identity update), per-node
annotations (organ/compartment, description, references) and per-organ data (description,
outgoing mediators). Nothing mutates a network: perturbations and edits return new ones.

>>> net = BooleanNetwork({"A": None, "B": "A & !C", "C": "B"})
>>> net.nodes, net.inputs
(('A', 'B', 'C'), ('A',))
>>> net.rule_text("B")
'A & !C'
>>> net == BooleanNetwork({"A": None, "B": "A and not C", "C": "B"})   # equal by content
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from . import expr as ex
from .errors import ModelError, ParseError, UnknownNodeError

__all__ = ["BooleanNetwork", "NodeInfo", "Organ"]


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What a biologist knows about a node: where it lives, what it means, the evidence."""

    organ: str | None = None
    description: str = ""
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.references, str):  # a single reference given as text
            object.__setattr__(self, "references", (self.references,))
        else:
            object.__setattr__(self, "references", tuple(self.references))


@dataclass(frozen=True, slots=True)
class Organ:
    """A named group of nodes (organ, tissue, compartment) and the signals it sends out.

    ``mediators`` are the nodes that carry the organ's effect on other organs; organ-level
    perturbations (freeze, silence) act on them.
    """

    name: str
    description: str = ""
    mediators: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "mediators", tuple(self.mediators))


Rule = ex.Expression | str | bool | int | None


class BooleanNetwork:
    """An immutable Boolean network.

    Parameters
    ----------
    rules:
        Ordered mapping node -> update function: an expression, its text (``& | !`` or
        ``and or not``), a constant ``0/1/True/False``, or ``None`` for an input.
    info:
        Optional mapping node -> :class:`NodeInfo` (or a dict of its fields).
    organs:
        Optional mapping organ name -> :class:`Organ` (or a dict of its fields). Organs
        named in ``info`` but not here are added with no description or mediators.
    name, description:
        Free text about the model.
    metadata:
        Other model data (readouts, variants, ...), kept as given and written back by the
        native format.
    undeclared:
        What to do with a regulator that is not a node: ``"error"`` (default; the message
        suggests close names) or ``"input"`` (add it as an input, the bnet convention).

    Validation raises :class:`ModelError` (invalid names, empty rules, unknown organs,
    mediators outside their organ) or :class:`UnknownNodeError`.

    Networks are equal when their nodes (in order), rules (as text), annotations, organs,
    name, description and metadata are equal, and hash by their :meth:`fingerprint`.
    """

    __slots__ = ("_fingerprint", "_index", "_info", "_metadata", "_nodes", "_organs", "_rules", "description", "name")

    def __init__(
        self,
        rules: Mapping[str, Rule],
        *,
        info: Mapping[str, NodeInfo | Mapping[str, Any]] | None = None,
        organs: Mapping[str, Organ | Mapping[str, Any]] | None = None,
        name: str = "",
        description: str = "",
        metadata: Mapping[str, Any] | None = None,
        undeclared: str = "error",
    ) -> None:
        parsed: dict[str, ex.Expression | None] = {}
        for node, rule in rules.items():
            ex.check_name(node)
            parsed[node] = _as_expression(node, rule)
        missing = sorted({r for e in parsed.values() if e is not None for r in ex.support(e)} - parsed.keys())
        if missing:
            if undeclared != "input":
                raise UnknownNodeError(
                    missing[0], list(parsed), what="regulator", advice="declare it as a node or an input"
                )
            parsed.update((m, None) for m in missing)
        self._nodes: tuple[str, ...] = tuple(parsed)
        self._index = {n: i for i, n in enumerate(self._nodes)}
        self._rules = parsed
        self._info = {n: _as_info(v) for n, v in (info or {}).items()}
        for n in self._info:
            self._check_node(n)
        self._organs = _collect_organs(organs or {}, self._info)
        for organ in self._organs.values():
            for m in organ.mediators:
                self._check_node(m)
                if self._info.get(m, NodeInfo()).organ != organ.name:
                    raise ModelError(f"mediator {m!r} of organ {organ.name!r} is not a node of that organ")
        self.name = name
        self.description = description
        self._metadata = dict(metadata or {})
        self._fingerprint: str | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        # Only __init__ sets attributes (every slot but the lazily computed fingerprint once).
        if name != "_fingerprint" and hasattr(self, "_fingerprint"):
            raise AttributeError(f"BooleanNetwork is immutable (use with_rules/evolve): cannot set {name}")
        object.__setattr__(self, name, value)

    # -- nodes and rules -------------------------------------------------------------
    @property
    def nodes(self) -> tuple[str, ...]:
        """Node names in model order (the order of every state vector)."""
        return self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def index(self, node: str) -> int:
        """Position of ``node`` in :attr:`nodes`."""
        self._check_node(node)
        return self._index[node]

    @property
    def inputs(self) -> tuple[str, ...]:
        """Nodes without an update function (they keep their value)."""
        return tuple(n for n in self._nodes if self._rules[n] is None)

    @property
    def rules(self) -> Mapping[str, ex.Expression | None]:
        """Read-only mapping node -> expression (``None`` for inputs)."""
        return MappingProxyType(self._rules)

    def rule(self, node: str) -> ex.Expression | None:
        self._check_node(node)
        return self._rules[node]

    def rule_text(self, node: str, style: str = "bnet") -> str | None:
        """The update function as text (``None`` for an input); ``expr.render`` remembers it."""
        e = self.rule(node)
        return None if e is None else ex.render(e, style)

    def regulators(self, node: str) -> tuple[str, ...]:
        """Names the rule of ``node`` mentions, in model order (syntactic; see graph for essential ones)."""
        e = self.rule(node)
        return () if e is None else tuple(sorted(ex.support(e), key=self._index.__getitem__))

    def constants(self) -> dict[str, int]:
        """Nodes whose rule is the constant 0 or 1."""
        return {n: v for n, e in self._rules.items() if e is not None and (v := ex.constant_value(e)) is not None}

    # -- annotations -----------------------------------------------------------------
    def info(self, node: str) -> NodeInfo:
        self._check_node(node)
        return self._info.get(node, NodeInfo())

    @property
    def organs(self) -> Mapping[str, Organ]:
        """Read-only mapping organ name -> :class:`Organ`, in order of first appearance."""
        return MappingProxyType(self._organs)

    def organ(self, name: str) -> Organ:
        if name not in self._organs:
            raise UnknownNodeError(name, list(self._organs), what="organ")
        return self._organs[name]

    def organ_of(self, node: str) -> str | None:
        return self.info(node).organ

    def organ_nodes(self) -> dict[str, list[str]]:
        """organ -> its nodes in model order (organs without nodes included, empty)."""
        groups: dict[str, list[str]] = {o: [] for o in self._organs}
        for n in self._nodes:
            o = self._info.get(n, NodeInfo()).organ
            if o is not None:
                groups[o].append(n)
        return groups

    @property
    def metadata(self) -> Mapping[str, Any]:
        return MappingProxyType(self._metadata)

    # -- derived networks ------------------------------------------------------------
    def with_rules(self, rules: Mapping[str, Rule]) -> BooleanNetwork:
        """A copy with some update functions replaced (``None`` makes a node an input)."""
        for n in rules:
            self._check_node(n)
        parsed = {n: _as_expression(n, r) for n, r in rules.items()}
        merged = dict(self._rules)
        merged.update(parsed)
        return self._derived(merged, self._nodes, changed=parsed)

    def restricted_to(self, nodes: Iterable[str], rules: Mapping[str, Rule] | None = None) -> BooleanNetwork:
        """The sub-network on ``nodes`` (model order kept), with some rules replaced by
        ``rules``; the resulting rules must only mention kept nodes."""
        keep = set(nodes)
        for n in keep:
            self._check_node(n)
        parsed = {n: _as_expression(n, r) for n, r in (rules or {}).items() if n in keep}
        kept = tuple(n for n in self._nodes if n in keep)
        merged = {n: parsed[n] if n in parsed else self._rules[n] for n in kept}
        return self._derived(
            merged,
            kept,
            changed=merged,
            info={n: i for n, i in self._info.items() if n in keep},
            organs={
                o.name: replace(o, mediators=tuple(m for m in o.mediators if m in keep)) for o in self._organs.values()
            },
        )

    def evolve(self, **changes: Any) -> BooleanNetwork:
        """A copy with constructor arguments replaced (``name``, ``info``, ``metadata``, ...)."""
        if changes.keys() <= {"name", "description", "metadata"}:
            return self._derived(self._rules, self._nodes, changed={}, **changes)
        args: dict[str, Any] = dict(
            rules=self._rules,
            info=self._info,
            organs=self._organs,
            name=self.name,
            description=self.description,
            metadata=self._metadata,
        )
        args.update(changes)
        return BooleanNetwork(**args)

    def _derived(
        self,
        rules: dict[str, ex.Expression | None],
        nodes: tuple[str, ...],
        *,
        changed: Mapping[str, ex.Expression | None],
        **changes: Any,
    ) -> BooleanNetwork:
        """A copy that shares this network's validated parts: only the ``changed`` rules
        (parsed, over ``nodes``) are checked. Perturbations and percolation derive thousands
        of networks in a screen; re-validating every rule and annotation of each was most of
        their cost."""
        missing = sorted({r for e in changed.values() if e is not None for r in ex.support(e)} - set(nodes))
        if missing:
            raise UnknownNodeError(missing[0], list(nodes), what="regulator", advice="declare it as a node or an input")
        new = object.__new__(BooleanNetwork)
        put = functools.partial(object.__setattr__, new)
        put("_nodes", nodes)
        put("_index", self._index if nodes is self._nodes else {n: i for i, n in enumerate(nodes)})
        put("_rules", rules)
        put("_info", changes.get("info", self._info))
        put("_organs", changes.get("organs", self._organs))
        put("name", changes.get("name", self.name))
        put("description", changes.get("description", self.description))
        put("_metadata", dict(changes.get("metadata", self._metadata)))
        put("_fingerprint", None)  # last: from here on the network is immutable
        return new

    # -- identity --------------------------------------------------------------------
    def fingerprint(self) -> str:
        """SHA-256 of the nodes and rule texts: equal for networks with the same rules."""
        if self._fingerprint is None:
            import hashlib  # here: OpenSSL's start-up is not for commands that never fingerprint

            h = hashlib.sha256()
            for n in self._nodes:
                h.update(f"{n}\t{self.rule_text(n) if self._rules[n] is not None else '<input>'}\n".encode())
            self._fingerprint = h.hexdigest()
        return self._fingerprint

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BooleanNetwork):
            return NotImplemented
        return self is other or (
            self.fingerprint() == other.fingerprint()
            and self._info == other._info
            and self._organs == other._organs
            and self.name == other.name
            and self.description == other.description
            and self._metadata == other._metadata
        )

    def __hash__(self) -> int:
        return hash(self.fingerprint())

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return (
            f"<BooleanNetwork{label}: {len(self._nodes)} nodes, {len(self.inputs)} inputs, {len(self._organs)} organs>"
        )

    def _repr_html_(self) -> str:
        """A notebook's view: the summary line, then a table of the nodes (organ, rule or
        input, description), the first 200 of them."""
        import html

        rows = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(self.organ_of(n) or '')}</td>"
            f"<td><code>{html.escape(self.rule_text(n) or '(input)')}</code></td>"
            f"<td>{html.escape(self.info(n).description)}</td></tr>"
            for n in self._nodes[:200]
        )
        more = f"<p>... and {len(self._nodes) - 200} more nodes</p>" if len(self._nodes) > 200 else ""
        head = "<tr><th>node</th><th>organ</th><th>rule</th><th>description</th></tr>"
        return f"<p>{html.escape(repr(self))}</p><table>{head}{rows}</table>{more}"

    def __reduce__(self) -> tuple[Callable[..., BooleanNetwork], tuple[Any, ...]]:
        # Expression trees are too deep for pickle's recursion on real models: pickle the
        # rules as text (parsing is iterative) so networks cross process boundaries.
        rules = {n: (None if e is None else self.rule_text(n)) for n, e in self._rules.items()}
        return (_rebuild, (rules, self._info, self._organs, self.name, self.description, self._metadata))

    def _check_node(self, node: str) -> None:
        if node not in self._index:
            raise UnknownNodeError(node, self._nodes)


def _rebuild(
    rules: Mapping[str, Rule],
    info: Mapping[str, NodeInfo],
    organs: Mapping[str, Organ],
    name: str,
    description: str,
    metadata: Mapping[str, Any],
) -> BooleanNetwork:
    return BooleanNetwork(rules, info=info, organs=organs, name=name, description=description, metadata=metadata)


def _as_expression(node: str, rule: Rule) -> ex.Expression | None:
    if rule is None:
        return None
    if isinstance(rule, bool) or (isinstance(rule, int) and rule in (0, 1)):
        return ex.const(rule)
    if isinstance(rule, str):
        try:
            e = ex.parse_rule(rule)
        except ParseError as err:
            raise ParseError(f"rule of {node}: {err.message}", column=err.column, node=node) from None
    elif isinstance(rule, ex.Expression):
        e = rule
    else:
        raise ModelError(f"rule of {node}: expected an expression, text, 0/1 or None, got {type(rule).__name__}")
    # A rule that is the node itself is the identity update: an input.
    if ex.decompose(e) == ("var", node):
        return None
    return e


def _as_info(value: NodeInfo | Mapping[str, Any]) -> NodeInfo:
    if isinstance(value, NodeInfo):
        return value
    unknown = set(value) - {"organ", "description", "references"}
    if unknown:
        raise ModelError(f"unknown node annotation(s): {', '.join(sorted(unknown))}")
    return NodeInfo(**value)


def _collect_organs(organs: Mapping[str, Organ | Mapping[str, Any]], info: Mapping[str, NodeInfo]) -> dict[str, Organ]:
    out: dict[str, Organ] = {}
    for name, o in organs.items():
        organ = o if isinstance(o, Organ) else Organ(name=name, **dict(o))
        if organ.name != name:
            raise ModelError(f"organ {name!r} is declared with the name {organ.name!r}")
        out[name] = organ
    for i in info.values():
        if i.organ is not None and i.organ not in out:
            out[i.organ] = Organ(i.organ)
    return out
