"""logicnet's native, annotated format: TOML a biologist can read and edit by hand.

One ``[nodes.NAME]`` table per node, in model order, with its ``rule`` (``and or not`` or
``& | !``; ``0``/``1`` constants), or ``input = true`` for an input, and the annotations
``organ``, ``description`` and ``references``. Inputs must be declared: a regulator that
is not a node is an error that suggests close names. ``[organs.NAME]`` tables give an
organ's ``description`` and outgoing ``mediators``. Other top-level tables (readouts,
variants, ...) are kept as model metadata and written back unchanged::

    logicnet = 1
    name = "gut-liver toy"

    [organs.gut]
    description = "Intestine and microbiota"
    mediators = ["LPS"]

    [nodes.HFD]
    input = true
    description = "High-fat diet"

    [nodes.LPS]
    organ = "gut"
    rule = "HFD and not Exercise"
    references = ["Review §4.2"]

Round trip: ``parse(generate(net))`` has the same nodes, order, rules (as text),
annotations, organs and metadata.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from typing import Any

import tomli_w

from ..errors import LogicnetError, ParseError, UnknownNodeError
from ..network import BooleanNetwork, NodeInfo

VERSION = 1
#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): everything.
KEEPS = None

_NODE_KEYS = {"rule", "input", "organ", "description", "references"}
_ORGAN_KEYS = {"description", "mediators"}
_TOP_KEYS = {"logicnet", "name", "description", "organs", "nodes"}


def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise ParseError(
            f"TOML syntax: {msg}",
            source=source,
            line=int(m.group(1)) if m else None,
            column=int(m.group(2)) if m else None,
        ) from None
    where = _Locator(text, source)
    version = data.get("logicnet")
    if version is not None and version != VERSION:
        raise ParseError(
            f"unsupported native format version {version!r} (this logicnet reads {VERSION})",
            source=source,
            line=where.line("logicnet"),
        )
    nodes = data.get("nodes")
    if not isinstance(nodes, dict) or not nodes:
        raise ParseError("no [nodes.NAME] tables: a native network needs at least one node", source=source)
    rules: dict[str, Any] = {}
    info: dict[str, NodeInfo] = {}
    for name, table in nodes.items():
        line = where.table("nodes", name)
        if not isinstance(table, dict):
            raise ParseError(f"nodes.{name} must be a table", source=source, line=line)
        unknown = set(table) - _NODE_KEYS
        if unknown:
            raise ParseError(
                f"node {name}: unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_NODE_KEYS))})",
                source=source,
                line=line,
            )
        rule = table.get("rule")
        if table.get("input", False) is True:
            if rule is not None:
                raise ParseError(f"node {name}: an input has no rule", source=source, line=line)
        elif rule is None:
            raise ParseError(
                f'node {name}: no rule (write rule = "...", or input = true for an input)', source=source, line=line
            )
        elif isinstance(rule, bool) or (isinstance(rule, int) and rule in (0, 1)):
            rule = int(rule)
        elif not isinstance(rule, str):
            raise ParseError(f"node {name}: rule must be text or 0/1", source=source, line=line)
        rules[name] = rule
        fields = _Fields(f"node {name}", source, line)
        fields.check(table, "input", bool)
        fields.check(table, "organ", str)
        fields.check(table, "description", str)
        refs = table.get("references", ())
        fields.check(table, "references", str, listed=True)
        info[name] = NodeInfo(
            organ=table.get("organ"),
            description=table.get("description", ""),
            references=(refs,) if isinstance(refs, str) else tuple(refs),
        )
    top = _Fields("the model", source, None)
    for key in ("name", "description"):
        top.check(data, key, str)
    organs = data.get("organs", {})
    top.check(data, "organs", dict)
    for organ, table in organs.items():
        line = where.table("organs", organ)
        unknown = set(table) - _ORGAN_KEYS if isinstance(table, dict) else {"(not a table)"}
        if unknown:
            raise ParseError(f"organ {organ}: unknown key(s) {', '.join(sorted(unknown))}", source=source, line=line)
        fields = _Fields(f"organ {organ}", source, line)
        fields.check(table, "description", str)
        fields.check(table, "mediators", str, listed=True, single=False)
    _check_variants(data.get("variants", {}), source, where)
    _check_toggles(data.get("toggles", {}), rules, source, where)
    metadata = {k: v for k, v in data.items() if k not in _TOP_KEYS}
    try:
        return BooleanNetwork(
            rules,
            info=info,
            organs=organs,
            name=data.get("name", ""),
            description=data.get("description", ""),
            metadata=metadata,
        )
    except ParseError as err:  # a rule's syntax: place it on the rule's line
        line = where.key_in_table("nodes", err.node, "rule") if err.node else None
        raise ParseError(err.message, source=source, line=line, node=err.node) from None
    except UnknownNodeError as err:  # an undeclared regulator, mediator, ...: its first mention
        raise ParseError(str(err), source=source, line=where.first_word(err.name)) from None
    except LogicnetError as err:
        raise ParseError(str(err), source=source) from None


def generate(network: BooleanNetwork) -> str:
    data: dict[str, Any] = {"logicnet": VERSION}
    if network.name:
        data["name"] = network.name
    if network.description:
        data["description"] = network.description
    data.update(network.metadata)
    organs = {}
    for o in network.organs.values():
        table: dict[str, Any] = {}
        if o.description:
            table["description"] = o.description
        if o.mediators:
            table["mediators"] = list(o.mediators)
        organs[o.name] = table
    if organs:
        data["organs"] = organs
    nodes: dict[str, dict[str, Any]] = {}
    for n in network.nodes:
        i = network.info(n)
        table = {}
        if network.rule(n) is None:
            table["input"] = True
        else:
            table["rule"] = network.rule_text(n, "booleannet")
        if i.organ is not None:
            table["organ"] = i.organ
        if i.description:
            table["description"] = i.description
        if i.references:
            table["references"] = list(i.references)
        nodes[n] = table
    data["nodes"] = nodes
    return "# logicnet network (native format, TOML)\n" + tomli_w.dumps(data, multiline_strings=True)


_KIND_NAMES = {str: "text", bool: "true or false", dict: "a table"}


class _Fields:
    """Checks the types of a table's fields, reporting ``what`` and the table's line."""

    def __init__(self, what: str, source: str, line: int | None) -> None:
        self.what, self.source, self.line = what, source, line

    def check(self, table: dict[str, Any], key: str, kind: type, *, listed: bool = False, single: bool = True) -> None:
        """``table[key]``, when present, is of ``kind`` (``listed``: or a list of them; not
        a bare value unless ``single``)."""
        if key not in table:
            return
        value = table[key]
        if single and isinstance(value, kind):
            return
        if listed and isinstance(value, list) and all(isinstance(v, kind) for v in value):
            return
        name = _KIND_NAMES.get(kind, kind.__name__)
        wanted = f"a list of {name}" if listed and not single else f"{name} or a list of it" if listed else name
        raise ParseError(f"{self.what}: {key} must be {wanted}, got {value!r}", source=self.source, line=self.line)


def _check_variants(variants: Any, source: str, where: _Locator) -> None:
    """Variants are tables of ``description``/``reference`` text, ``rules`` (node -> rule),
    ``node_organs`` (node -> organ) and ``mediators`` (organ -> list of nodes)."""
    if not isinstance(variants, dict):
        raise ParseError(
            f"variants must be a table of tables, got {variants!r}", source=source, line=where.line("variants")
        )
    for name, table in variants.items():
        fields = _Fields(f"variant {name}", source, where.table("variants", name))
        if not isinstance(table, dict):
            raise ParseError(f"variant {name} must be a table", source=source, line=fields.line)
        for key in ("description", "reference"):
            fields.check(table, key, str)
        for key, kinds in (("rules", (str, int)), ("node_organs", (str,)), ("mediators", (list,))):
            fields.check(table, key, dict)
            for item, value in table.get(key, {}).items():
                if not isinstance(value, kinds) or (
                    isinstance(value, list) and not all(isinstance(m, str) for m in value)
                ):
                    raise ParseError(
                        f"variant {name}: {key}.{item} must be "
                        f"{'a list of node names' if key == 'mediators' else 'text'}, got {value!r}",
                        source=source,
                        line=fields.line,
                    )


def _check_toggles(toggles: Any, rules: dict[str, Any], source: str, where: _Locator) -> None:
    """Toggles are tables with ``edge = "SOURCE -> TARGET"`` (a regulator the target's rule
    names), an optional ``value`` 0 or 1 and ``description``/``status``/``reference`` text."""
    if not isinstance(toggles, dict):
        raise ParseError(
            f"toggles must be a table of tables, got {toggles!r}", source=source, line=where.line("toggles")
        )
    for name, table in toggles.items():
        line = where.table("toggles", name)
        if not isinstance(table, dict) or not isinstance(table.get("edge"), str):
            raise ParseError(f'toggle {name} needs edge = "SOURCE -> TARGET"', source=source, line=line)
        fields = _Fields(f"toggle {name}", source, line)
        for key in ("description", "status", "reference"):
            fields.check(table, key, str)
        regulator, arrow, target = (part.strip() for part in table["edge"].partition("->"))
        rule = rules.get(target)
        if not arrow or not isinstance(rule, str) or regulator not in re.findall(r"[\w.]+", rule):
            raise ParseError(
                f"toggle {name}: edge {table['edge']!r} is not a regulator -> target pair of the rules",
                source=source,
                line=line,
            )
        if table.get("value", 0) not in (0, 1) or isinstance(table.get("value"), bool):
            raise ParseError(f"toggle {name}: value must be 0 or 1, got {table['value']!r}", source=source, line=line)


# TOML's tokens, for the locator: strings (multi-line ones first), comments, punctuation, and
# bare words (keys, numbers, dates, booleans); whitespace and anything else is skipped.
_TOKEN = re.compile(
    r'(?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""+|\'\'\'.*?\'\'\'+|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
    r"|(?P<comment>#[^\n]*)|(?P<punct>\[\[|\]\]|[\[\]{}=,.\n])|(?P<word>[A-Za-z0-9_\-+:]+)",
    re.S,
)


class _Locator:
    """The line of each table and key in the source text, for error messages.

    tomllib gives values without positions, and tomlkit keeps none that it exposes (its
    issue #55 asks for them), so this reads the text's tokens itself, after tomllib has
    accepted it: table headers (``[nodes.A]``), dotted keys (``nodes.A.rule = ...`` at the
    top, ``A.rule = ...`` under ``[nodes]``) and inline tables (``A = { rule = ... }``).
    A key it cannot place falls back to the nearest table or key above it in the path.
    """

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.where: dict[tuple[str, ...], int] = {}  # key path -> the first line that defines it
        self.values: dict[tuple[str, ...], str] = {}  # key path -> its value's text
        tokens = []  # (kind, text, line)
        line = 1
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup or ""
            if kind != "comment":
                tokens.append((kind, m.group(), line))
            line += m.group().count("\n")
        self._tokens, self._i = tokens, 0
        with contextlib.suppress(IndexError):  # a layout it does not follow: fewer lines, the same errors
            self._scan()

    def _scan(self) -> None:
        tokens = self._tokens
        table: tuple[str, ...] = ()  # the table the lines are in
        while self._i < len(tokens):
            _, word, at = tokens[self._i]
            if word == "\n":
                self._i += 1
            elif word in ("[", "[["):
                self._i += 1
                table = self._key(table=())
                self._mark(table, at)
                self._i += 1  # ] or ]]
            else:
                self._pair(table)

    def _key(self, table: tuple[str, ...]) -> tuple[str, ...]:
        """A dotted key at the cursor (ending before ``=``, ``]`` or ``]]``), below ``table``."""
        parts = []
        while self._tokens[self._i][1] not in ("=", "]", "]]"):
            kind, word, _ = self._tokens[self._i]
            if word != ".":
                parts.append(tomllib.loads(f"k = {word}")["k"] if kind == "str" else word)
            self._i += 1
        return (*table, *parts)

    def _mark(self, path: tuple[str, ...], line: int) -> None:
        for k in range(1, len(path) + 1):
            self.where.setdefault(path[:k], line)

    def _pair(self, table: tuple[str, ...]) -> None:
        """``key = value`` at the cursor; an inline table's pairs too."""
        line = self._tokens[self._i][2]
        path = self._key(table)
        self._mark(path, line)
        self._i += 1  # =
        first = self._i
        self._value(path)
        self.values.setdefault(path, " ".join(t[1] for t in self._tokens[first : self._i]))

    def _value(self, path: tuple[str, ...]) -> None:
        """Past the value at the cursor: an inline table (its pairs marked below ``path``),
        an array (to its closing bracket) or a scalar (``1.5`` and a date-time are several
        words: to the end of the line, a comma or a closing brace)."""
        kind, word, _ = self._tokens[self._i]
        if word == "{":
            self._i += 1
            while self._tokens[self._i][1] != "}":
                if self._tokens[self._i][1] in (",", "\n"):
                    self._i += 1
                else:
                    self._pair(path)
            self._i += 1
        elif word in ("[", "[["):
            depth = 0
            while True:
                kind, word, _ = self._tokens[self._i]
                if kind == "punct":
                    depth += {"[": 1, "[[": 2, "]": -1, "]]": -2}.get(word, 0)
                self._i += 1
                if depth <= 0:
                    break
        else:
            while self._i < len(self._tokens) and not (
                self._tokens[self._i][0] == "punct" and self._tokens[self._i][1] in ("\n", ",", "}")
            ):
                self._i += 1

    def line(self, *path: str) -> int | None:
        """The line of ``path`` (``"nodes", "A", "rule"``), else of its longest prefix found."""
        for k in range(len(path), 0, -1):
            if path[:k] in self.where:
                return self.where[path[:k]]
        return None

    def table(self, kind: str, name: str) -> int | None:
        return self.line(kind, name)

    def key_in_table(self, kind: str, name: str, key: str) -> int | None:
        return self.line(kind, name, key)

    def first_word(self, word: str) -> int | None:
        """The first rule that mentions ``word``, else its first mention anywhere."""
        w = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])")
        rules = [self.where[p] for p, v in self.values.items() if p[-1:] == ("rule",) and w.search(v)]
        if rules:
            return min(rules)
        return next((i + 1 for i, text in enumerate(self.lines) if w.search(text)), None)
