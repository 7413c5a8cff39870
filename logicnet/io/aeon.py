"""biodivine-aeon's ``.aeon`` format (AEON, AEON.py, the BBM model distribution).

One item per line: a regulation ``A -> B`` (activation), ``A -| B`` (inhibition) or
``A -? B`` (sign not given), with ``?`` after the arrow when the regulation need not be
observable (``A ->? B``, ``A -?? B``); or an update function ``$B: A & !C``, with the
operators ``! & | ^ => <=>`` (from the tightest: ``!``, then ``^``, ``&``, ``|``, ``=>``,
``<=>``; binary ones group to the right), parentheses and the constants ``true false 1 0``.
A line starting with ``#`` is a comment, annotations (``#position:A:1,2``, ``#! key: value``)
included; ``#`` later in a line is an error, as in aeon.

Reading
    The variables are the names of regulations and ``$`` lines, in the order a
    ``#! logicnet: order:`` annotation gives, then in order of first appearance (aeon
    itself sorts them). A variable with a function gets it as its rule (``^ => <=>`` are
    written with ``& | !``; the identity ``$X: X`` is an input); one without a function and
    without regulators is an input. A variable with regulators but no function, a function calling
    an uninterpreted function ``f(A, B)``, or one naming a variable that is not declared as a
    regulator of its target (aeon would read an unknown name as a parameter) leaves the
    function unknown: logicnet cannot represent that, and says so with the line. Declared
    signs go to ``metadata["sbml_signs"]`` (the key ``lint`` checks), as ``{target:
    {regulator: "+"|"-"|"?"}}``: ``->`` is ``+``, ``-|`` is ``-``; ``-?`` and a regulation
    that need not be observable (``->?``, which may not act at all) declare no checkable
    sign, ``?``.

Writing
    Per node, in model order: its regulations, with the sign its function gives them
    (``->``, ``-|``, ``-?`` when neither; ``-??`` for a regulator the rule names but does not
    depend on, which aeon needs declared), then ``$NODE: rule``. Inputs get no line of their
    own (aeon reads a variable without regulators or function as an input), except an input
    nothing else names, which is declared as ``X -> X`` and ``$X: X`` (the identity, read
    back as an input). aeon has no node order, so a ``#! logicnet: order: ...`` annotation
    keeps the model's: reading gives the same nodes, order and rules as written.

>>> net = parse('''
... #position:A:10,20
... A -> B
... C -| B
... $B: A & !C
... A -> C
... B -| C
... $C: B => A
... ''')
>>> net.nodes, net.inputs, net.rule_text("C")
(('A', 'B', 'C'), ('A',), '!B | A')
>>> net.metadata["sbml_signs"]["B"]
{'A': '+', 'C': '-'}
>>> print(generate(net), end="")
# aeon model written by logicnet
#! logicnet: order: A B C
A -> B
C -| B
$B: A & !C
A -> C
B -| C
$C: !B | A
"""

from __future__ import annotations

import re
from collections.abc import Callable

import biodivine_aeon as ba

from .. import expr as ex
from .._engines.bdd import FunctionBdds, regulator_signs
from .._engines.stack import in_big_stack
from ..errors import LogicnetError, ModelError, ParseError
from ..network import BooleanNetwork

__all__ = ["parse", "generate"]

#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): the signs of
#: the regulations, as the functions give them (the name goes into a comment, not read back).
KEEPS = frozenset({"declared signs"})

# aeon's own line grammar (biodivine-lib-param-bn: ID_REGEX, REGULATION_REGEX and the
# update-function regex), matched on the whole line so that columns point into it.
_ID = r"[A-Za-z0-9_]+"
_REGULATION = re.compile(rf"\s*(?P<source>{_ID})\s*-(?P<sign>[>|?])(?P<hidden>\??)\s*(?P<target>{_ID})\s*\Z")
_FUNCTION = re.compile(rf"\s*\$\s*(?P<target>{_ID})\s*:\s*(?P<rule>.*?)\s*\Z")
_ORDER = re.compile(r"\s*#!\s*logicnet\s*:\s*order\s*:(?P<names>.*)\Z")
# A name in a function as aeon's tokenizer reads it (letters, digits, _ { }), and whether a
# parenthesis follows it (a call of an uninterpreted function).
_NAME_IN_RULE = re.compile(r"(?P<name>[\w{}]+)(?P<call>\s*\()?")
_CONSTANTS = frozenset({"true", "false", "1", "0"})
_SIGN = {">": "+", "|": "-", "?": "?"}
_ARROW = {"+": "->", "-": "-|", "±": "-?", "0": "-??"}
# aeon's parser recurses per operator of a chain and per parenthesis (measured: under 750
# bytes of stack each). Rules with more operators than are safe on any thread's stack are
# parsed on a stack sized for them, up to 1 GiB of address space (touched only as used);
# beyond that, the rule is refused rather than crashing the process.
_SAFE_LEVELS = 1000
_STACK_PER_LEVEL = 1 << 10
_MAX_STACK = 1 << 30
_MAX_LEVELS = (_MAX_STACK - (64 << 20)) // _STACK_PER_LEVEL
# ^ and <=> repeat both operands once written with & | !: a chain of them doubles the text
# per link. Beyond this many operators and names the rule is refused, not rendered for hours.
_MAX_EXPANDED = 5_000_000


def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    """Read an ``.aeon`` model; errors name ``source``, the line and, where known, the column.

    Raises :class:`ParseError` for lines that are neither a regulation nor an update
    function, invalid or duplicate names, a second regulation of one pair or a second
    function of one variable, and functions logicnet cannot represent (see the module
    documentation).
    """
    # A hand-written line reader, not aeon's BooleanNetwork.from_aeon: aeon reports no line
    # numbers, sorts the variables and silently reads unknown names as parameters. The lines
    # follow aeon's own regular expressions; each function is then parsed by aeon itself
    # (its exact operator precedence), on a stack sized for the function's operators.
    lines = text.removeprefix("\ufeff").splitlines()
    order: dict[str, None] = {}  # variables in order of first appearance
    hinted: list[str] = []
    regulations: dict[str, dict[str, tuple[str, int]]] = {}  # target -> regulator -> (sign, line)
    functions: dict[str, tuple[str, int, int]] = {}  # target -> (text, line, column)
    deepest = 0  # operators and parentheses of the busiest function: a bound on aeon's recursion

    def fail(message: str, number: int, column: int | None = None) -> ParseError:
        return ParseError(message, source=source, line=number, column=column)

    def declare(name: str, number: int, column: int) -> None:
        try:
            ex.check_name(name)
        except ModelError as err:
            raise fail(str(err), number, column) from None
        order.setdefault(name)

    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if m := _ORDER.match(line):
                hinted.extend(m.group("names").split())
            continue
        if m := _REGULATION.match(line):
            src, tgt = m.group("source"), m.group("target")
            declare(src, number, m.start("source") + 1)
            declare(tgt, number, m.start("target") + 1)
            regs = regulations.setdefault(tgt, {})
            if src in regs:
                raise fail(f"{src} already regulates {tgt} (line {regs[src][1]})", number, m.start("source") + 1)
            regs[src] = ("?" if m.group("hidden") else _SIGN[m.group("sign")], number)
        elif m := _FUNCTION.match(line):
            tgt = m.group("target")
            declare(tgt, number, m.start("target") + 1)
            if tgt in functions:
                raise fail(
                    f"a second update function for {tgt} (the first is on line {functions[tgt][1]})",
                    number,
                    m.start("target") + 1,
                )
            if not m.group("rule"):
                raise fail(f"empty update function of {tgt}", number, m.end("rule") + 1)
            levels = sum(map(m.group("rule").count, "(!&|^>"))
            if levels > _MAX_LEVELS:
                raise fail(f"the function of {tgt} has {levels:,} operators: too many for aeon's parser", number)
            deepest = max(deepest, levels)
            functions[tgt] = (m.group("rule"), number, m.start("rule") + 1)
        else:
            what = "'$NODE: function'" if stripped.startswith("$") else "a regulation 'A -> B', 'A -| B' or 'A -? B'"
            hint = " ('#' starts a comment only at the start of a line)" if "#" in stripped else ""
            raise fail(f"expected {what}{hint}", number, len(line) - len(line.lstrip()) + 1)
    if not order:
        raise fail("no variables: the file has no regulation and no update function", 1)

    for target in order:
        if target not in functions and target in regulations:
            first = min(line for _, line in regulations[target].values())
            raise fail(
                f"{target} has regulators ({', '.join(regulations[target])}) but no update function: "
                f"logicnet cannot represent an unknown function (write '${target}: ...')",
                first,
            )
    known = dict.fromkeys(n for n in hinted if n in order)
    nodes = [*known, *(n for n in order if n not in known)]

    def read_rules() -> dict[str, ex.Expression | None]:
        context, names = ba.BooleanNetwork(variables=nodes), set(nodes)
        return {
            n: _function(n, *functions[n], regulations.get(n, {}), context, names, fail) if n in functions else None
            for n in nodes
        }

    if deepest <= _SAFE_LEVELS:
        rules = read_rules()
    else:
        rules = in_big_stack(read_rules, size=min(_MAX_STACK, (64 << 20) + deepest * _STACK_PER_LEVEL))
    # A function that is the identity ($X: X) reads as an input, whose declared regulation is dropped.
    signs = {
        target: {regulator: sign for regulator, (sign, _) in regs.items()}
        for target, regs in regulations.items()
        if ex.decompose(rules[target]) != ("var", target)
    }
    try:
        return BooleanNetwork(rules, metadata={"sbml_signs": signs} if signs else {})
    except LogicnetError as err:
        raise ParseError(str(err), source=source) from None


def _function(
    target: str,
    text: str,
    number: int,
    column: int,
    regulators: dict[str, tuple[str, int]],
    context: ba.BooleanNetwork,
    variables: set[str],
    fail: Callable[[str, int, int | None], ParseError],
) -> ex.Expression:
    """The update function ``text`` of ``target`` as a logicnet expression, or the error."""
    if "#" in text:
        raise fail("'#' starts a comment only at the start of a line", number, column + text.index("#"))
    # Names first, for messages that say why and where (aeon would make an unknown name a
    # parameter, or report the call of an undeclared function without its place).
    for m in _NAME_IN_RULE.finditer(text):
        name, where = m.group("name"), column + m.start()
        if m.group("call"):
            raise fail(
                f"the function of {target} calls {name}(...), an uninterpreted function: "
                "logicnet cannot represent an unknown function",
                number,
                where,
            )
        if name in _CONSTANTS:
            continue
        if name not in variables:
            raise fail(
                f"{name!r} in the function of {target} is not a variable (aeon would read it as an unknown "
                "parameter, which logicnet cannot represent)",
                number,
                where,
            )
        if name not in regulators:
            raise fail(f"{name!r} is not declared as a regulator of {target} (add '{name} -? {target}')", number, where)
    whose = f"update function of {target}"
    try:
        function = ba.UpdateFunction(context, text)
    except RuntimeError as err:  # aeon's parse errors (its messages give no position)
        raise fail(f"{whose}: {str(err).strip()}", number, None) from None
    expression = _to_expression(function, context, lambda why: fail(f"{whose}: {why}", number, None))
    if undeclared := sorted(ex.support(expression) - regulators.keys()):  # the names checked above, as aeon read them
        raise fail(f"{undeclared[0]!r} is not declared as a regulator of {target}", number, None)
    return expression


def _to_expression(
    function: ba.UpdateFunction, context: ba.BooleanNetwork, fail: Callable[[str], ParseError]
) -> ex.Expression:
    """aeon's function tree as a logicnet expression, walked without recursion.

    Chains of ``&`` and ``|`` (nested pairs in aeon) become one operator over all their
    operands; ``a => b`` is ``!a | b``, ``a ^ b`` is ``a & !b | !a & b``, ``a <=> b`` is
    ``a & b | !a & !b``.
    """
    done: list[tuple[ex.Expression, int]] = []  # (expression, its size once rendered)
    stack: list[tuple[ba.UpdateFunction, tuple[str, int] | None]] = [(function, None)]
    while stack:
        f, op = stack.pop()
        if op is not None:  # an operator whose operands are done
            kind, count = op
            args, sizes = zip(*done[len(done) - count :])
            del done[len(done) - count :]
            size = sum(sizes) + count - 1
            if kind == "not":
                done.append((ex.make("not", args[0]), size + 1))
            elif kind in ("and", "or"):
                done.append((ex.make("and" if kind == "and" else "or", *args), size + 1))
            elif kind == "imp":
                done.append((ex.make("or", ex.neg(args[0]), args[1]), size + 1))
            else:  # xor, iff: both operands twice
                a, b = args
                same = ex.make("and", a, b) if kind == "iff" else ex.make("and", a, ex.neg(b))
                other = ex.make("and", ex.neg(a), ex.neg(b)) if kind == "iff" else ex.make("and", ex.neg(a), b)
                done.append((ex.make("or", same, other), 2 * size + 5))
                if done[-1][1] > _MAX_EXPANDED:
                    raise fail(f"more than {_MAX_EXPANDED:,} operators once ^ and <=> are written with & | !")
        elif (binary := f.as_binary()) is not None:
            kind, left, right = binary
            operands = [left, right]
            if kind in ("and", "or"):  # the whole chain a & (b & (c & ...)) at once: linear, not quadratic
                operands, todo = [], [right, left]
                while todo:
                    g = todo.pop()
                    inner = g.as_binary()
                    if inner is not None and inner[0] == kind:
                        todo += [inner[2], inner[1]]
                    else:
                        operands.append(g)
            stack.append((f, (kind, len(operands))))
            stack += [(g, None) for g in reversed(operands)]
        elif (negated := f.as_not()) is not None:
            stack += [(f, ("not", 1)), (negated, None)]
        elif (variable := f.as_var()) is not None:
            done.append((ex.symbol(context.get_variable_name(variable)), 1))
        elif (value := f.as_const()) is not None:
            done.append((ex.const(value), 1))
        else:
            raise fail(f"{f} is not a Boolean expression logicnet can represent")
    return done[0][0]


def generate(network: BooleanNetwork) -> str:
    """The ``.aeon`` text of ``network``: regulations signed by the functions (BDDs), then rules."""
    name = " ".join(network.name.split())  # one comment line, whatever the name holds
    lines = [f"# {name}" if name else "# aeon model written by logicnet", f"#! logicnet: order: {' '.join(network)}"]
    named = {r for n in network.nodes for r in network.regulators(n)}
    bdds = FunctionBdds(network)
    for node in network.nodes:
        rule = network.rule(node)
        if rule is None:
            if node not in named:  # aeon declares a variable only in a regulation or a function
                lines += [f"{node} -> {node}", f"${node}: {node}"]
            continue
        for regulator, sign in regulator_signs(network, node, bdds).items():
            lines.append(f"{regulator} {_ARROW[sign]} {node}")
        value = ex.constant_value(rule)
        lines.append(f"${node}: {network.rule_text(node) if value is None else ('true' if value else 'false')}")
    return "\n".join(lines) + "\n"
