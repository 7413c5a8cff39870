"""pyboolnet's prime implicants (``.primes``): ``{node: [zero_primes, one_primes]}``.

Each node maps to two lists of implicants, the prime implicants of ``f = 0`` and of
``f = 1``; an implicant is an object ``{regulator: 0|1}`` (a conjunction of literals; ``{}``
is true). pyboolnet computes trap spaces, basins and model checking from them.

Reading
    JSON, or the Python literal pyboolnet's ``write_primes`` saves (``str(primes)``: single
    quotes); nothing is evaluated. A node's function is the OR of its 1-primes; a node
    whose primes are exactly ``[[{X: 0}], [{X: 1}]]`` (the identity) is an input, ``[[],
    [{}]]`` the constant 1 and ``[[{}], []]`` the constant 0. The 0-primes must describe the
    complement of the 1-primes (checked with BDDs); a regulator that is not a node is an
    error. Errors name the file and the line of the node.

Writing
    JSON, one node per line in model order, each list sorted: exactly what pyboolnet's
    ``bnet2primes`` computes for the same functions (tested on the BBM models), and what its
    ``read_primes`` reads. Computing every prime implicant can explode (a parity function
    of n regulators has 2^(n-1) of them): more than ``MAX_PRIMES`` in a network, or held
    while computing one function's, raise :class:`~logicnet.errors.SizeLimitError`. Nothing
    beyond the functions is written.

>>> net = parse('{"A": [[{"B": 1}], [{"B": 0}]], "B": [[{"B": 0}], [{"B": 1}]]}')
>>> net.rule_text("A"), net.inputs
('!B', ('B',))
>>> print(generate(net), end="")
{
"A": [[{"B": 1}], [{"B": 0}]],
"B": [[{"B": 0}], [{"B": 1}]]
}
"""

from __future__ import annotations

import ast
import json
import re
from typing import TYPE_CHECKING, Any

from .. import expr as ex
from ..errors import LogicnetError, ModelError, ParseError, SizeLimitError
from ..network import BooleanNetwork

if TYPE_CHECKING:
    import biodivine_aeon as ba

__all__ = ["parse", "generate", "prime_implicants", "MAX_PRIMES"]

#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): nothing.
KEEPS: frozenset[str] = frozenset()
#: Prime implicants a network may have in all before :func:`generate` stops.
MAX_PRIMES = 200_000

Cube = dict[str, int]


# --------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------
def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    """Read prime implicants (JSON or pyboolnet's Python literal); errors name ``source``."""
    data = _load(text, source)
    if not isinstance(data, dict) or not data:
        raise ParseError(
            "expected an object {node: [zero_primes, one_primes], ...} with at least one node", source=source
        )

    def fail(node: str, message: str) -> ParseError:
        return ParseError(f"node {node}: {message}", source=source, line=_line_of(text, node), node=node)

    primes: dict[str, tuple[list[Cube], list[Cube]]] = {}
    for node, pair in data.items():
        if not isinstance(node, str):
            raise ParseError(f"node names must be text, got {node!r}", source=source)
        try:
            ex.check_name(node)
        except ModelError as err:
            raise fail(node, str(err)) from None
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise fail(node, "expected [zero_primes, one_primes]")
        primes[node] = (_cubes(pair[0], node, "0", data, fail), _cubes(pair[1], node, "1", data, fail))

    rules: dict[str, ex.Expression | None] = {}
    for node, (zeros, ones) in primes.items():
        if zeros == [{node: 0}] and ones == [{node: 1}]:
            rules[node] = None  # the identity: an input, as pyboolnet writes them
        else:
            rules[node] = ex.disj(*(_conjunction(c) for c in ones)) if ones else ex.FALSE
    try:
        network = BooleanNetwork(rules)
    except LogicnetError as err:
        raise ParseError(str(err), source=source) from None
    _check_complements(network, primes, fail)
    return network


def _load(text: str, source: str) -> Any:
    """JSON, else a Python literal (pyboolnet writes ``str(primes)``)."""
    try:
        return json.loads(text)
    except ValueError as err:
        json_error = err
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    line = getattr(json_error, "lineno", None)
    column = getattr(json_error, "colno", None)
    message = getattr(json_error, "msg", str(json_error))
    raise ParseError(f"neither JSON nor a Python literal: {message}", source=source, line=line, column=column)


def _cubes(value: Any, node: str, level: str, nodes: dict[str, Any], fail: Any) -> list[Cube]:
    if not isinstance(value, (list, tuple)):
        raise fail(node, f"the {level}-primes must be a list of implicants, got {value!r}")
    cubes = []
    for cube in value:
        if not isinstance(cube, dict):
            raise fail(node, f"a {level}-prime must be an object {{regulator: 0 or 1}}, got {cube!r}")
        for regulator, v in cube.items():
            if regulator not in nodes:
                raise fail(node, f"a {level}-prime names {regulator!r}, which is not a node")
            if v not in (0, 1) or isinstance(v, float):
                raise fail(node, f"a {level}-prime gives {regulator} the value {v!r} (0 or 1 expected)")
        cubes.append({r: int(v) for r, v in cube.items()})
    return cubes


def _conjunction(cube: Cube) -> ex.Expression:
    return ex.conj(*(ex.symbol(r) if v else ex.neg(ex.symbol(r)) for r, v in cube.items())) if cube else ex.TRUE


def _check_complements(network: BooleanNetwork, primes: dict[str, tuple[list[Cube], list[Cube]]], fail: Any) -> None:
    """The 0-primes must cover exactly where the function is 0."""
    from .._engines.bdd import FunctionBdds

    bdds = FunctionBdds(network)
    for node, (zeros, _) in primes.items():
        off = bdds.of(ex.disj(*(_conjunction(c) for c in zeros)) if zeros else ex.FALSE)
        if not off.semantic_eq(bdds.of_node(node).l_not()):
            raise fail(node, "its 0-primes do not describe the complement of its 1-primes")


def _line_of(text: str, node: str) -> int | None:
    """The line where ``node`` is first a key (quoted either way), for error messages."""
    m = re.search(rf"""["']{re.escape(node)}["']\s*:""", text)
    return text.count("\n", 0, m.start()) + 1 if m else None


# --------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------
def generate(network: BooleanNetwork) -> str:
    """The prime implicants of ``network`` as JSON (see the module documentation)."""
    from .._engines.bdd import FunctionBdds

    bdds = FunctionBdds(network)
    budget = [MAX_PRIMES]
    lines = []
    for node in network.nodes:
        f = bdds.of_node(node)  # an input's is the identity literal, as pyboolnet's
        pair = [prime_implicants(f.l_not(), bdds.variables, budget), prime_implicants(f, bdds.variables, budget)]
        lines.append(f"{json.dumps(node)}: {json.dumps(pair)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def prime_implicants(f: ba.Bdd, variables: ba.BddVariableSet, budget: list[int] | None = None) -> list[Cube]:
    """Every prime implicant of ``f``, each ``{variable: 0|1}``, sorted (by their literals
    in name order).

    Shannon expansion on the first variable x of the support: the primes of
    ``f|x=0 & f|x=1``, plus those of ``f|x=0`` that are not among them with ``x=0``
    added, plus those of ``f|x=1`` likewise with ``x=1``; memoised per sub-function.
    ``budget`` (a one-item list) is decreased by the number found and raises
    :class:`SizeLimitError` below zero, as does holding more than ``MAX_PRIMES`` on the way.

    >>> from biodivine_aeon import BddVariableSet
    >>> v = BddVariableSet(["a", "b", "c"])
    >>> prime_implicants(v.eval_expression("a & b | !a & c"), v)
    [{'a': 0, 'c': 1}, {'a': 1, 'b': 1}, {'b': 1, 'c': 1}]
    """
    names: dict[Any, str] = {}
    stored = [0]  # implicants held in the memo: the memory the computation takes

    def name(var: Any) -> str:
        if var not in names:
            names[var] = variables.get_variable_name(var)
        return names[var]

    memo: dict[Any, frozenset[frozenset[tuple[str, int]]]] = {}

    def primes(g: ba.Bdd) -> frozenset[frozenset[tuple[str, int]]]:
        if g in memo:
            return memo[g]
        if g.is_false():
            found: frozenset[frozenset[tuple[str, int]]] = frozenset()
        elif g.is_true():
            found = frozenset({frozenset()})
        else:
            x = min(g.support_set(), key=name)
            g0, g1 = g.r_restrict({x: False}), g.r_restrict({x: True})
            both = primes(g0.l_and(g1))
            found = (
                both | {p | {(name(x), 0)} for p in primes(g0) - both} | {p | {(name(x), 1)} for p in primes(g1) - both}
            )
        memo[g] = found
        stored[0] += len(found)
        if stored[0] > MAX_PRIMES:  # checked as it grows: the sub-functions' primes take memory too
            raise _too_many()
        return found

    result = primes(f)
    if budget is not None:
        budget[0] -= len(result)
        if budget[0] < 0:
            raise _too_many()
    return [dict(c) for c in sorted(tuple(sorted(p)) for p in result)]


def _too_many() -> SizeLimitError:
    return SizeLimitError(
        f"more than {MAX_PRIMES:,} prime implicants: the network's functions are too big to write as primes "
        "(pyboolnet could not use them either); write bnet instead"
    )
