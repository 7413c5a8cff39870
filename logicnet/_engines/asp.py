"""Answer-set programs (clingo) for fixed points and trap spaces.

Programs are added through clingo's backend (atoms are integers; nothing is parsed or
grounded), which removes most of the solver's start-up cost on small networks.

Fixed points: one choice atom ``x_i`` per node and one auxiliary atom per AND/OR of
each rule (an exact Tseitin-style definition: the auxiliary atoms of a tree are stratified,
so every answer set is one fixed point and vice versa). Linear in the size of the rules.

Trap spaces: atoms ``p_i`` ("node i can be 1 in the space") and ``n_i`` ("can be 0");
both true means free. A node fixed at 1 must have ``f_i = 1`` everywhere in the space, i.e.
no path of the BDD of ``f_i`` to the 0 terminal may be compatible with the space (and dually
for 0): exact, where three-valued evaluation of the rule's syntax would reject real trap
spaces (``(a & b) | (!a & b)`` with ``a`` free is ``b``, not ``*``). Minimal and maximal
spaces come from clingo's domain heuristic (``domRec``: subset-minimal / subset-maximal
answer sets).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import clingo

from .. import expr as ex
from ..errors import ArgumentError, SearchTimeout
from ..network import BooleanNetwork

if TYPE_CHECKING:  # BDDs are built only for large rules and trap spaces: fixed points rarely need aeon
    import biodivine_aeon as ba

    from .bdd import FunctionBdds

# A rule is encoded from its BDD instead of its tree when the tree is large and this many
# times larger than the BDD (BBM's 1.3 MB rules: a 250,000-operator tree, a 300-node BDD).
# Trees below _LARGE_TREE cost less to encode than building the BDDs.
_BDD_ADVANTAGE = 4
_LARGE_TREE = 5000


def fixed_point_rules(network: BooleanNetwork, encoding: str = "auto"):
    """A program builder (see :func:`solve`) for the fixed points; reports one atom per node.

    ``encoding``: ``"tree"`` (one atom per AND/OR of each rule), ``"bdd"`` (one atom per
    BDD node) or ``"auto"`` (the BDD for rules whose tree is much larger than their BDD).
    """
    literals = rule_literals(network, encoding)

    def build(b):
        x = _reported(b, range(len(network.nodes)))
        true = b.add_atom()
        b.add_rule([true])
        for i in range(len(network.nodes)):
            b.add_rule([x[i]], choice=True)
        for i, root in enumerate(literals(b, x, true)):
            if root is None:
                continue  # an input keeps its value: every value is a fixed point
            b.add_rule([], [x[i], -root])  # x_i = 1 but f_i = 0
            b.add_rule([], [-x[i], root])  # x_i = 0 but f_i = 1
        return x

    return build


def rule_literals(network: BooleanNetwork, encoding: str = "auto"):
    """``literals(backend, x, true)``: adds the rules' definitions over the node atoms ``x``
    (model order; ``true`` an atom that holds) and returns one literal per node equivalent
    to its update function, None for an input. Call it once per copy of the state (the
    synchronous unrolling adds one per time step). ``encoding`` as for
    :func:`fixed_point_rules`; the BDDs are built once, here."""
    if encoding not in ("auto", "tree", "bdd"):
        raise ArgumentError(f"encoding must be 'auto', 'tree' or 'bdd', got {encoding!r}")
    index = {n: i for i, n in enumerate(network.nodes)}
    sizes = {n: ex.tree_size(e) for n, e in network.rules.items() if e is not None}
    large = (
        {n for n, v in sizes.items() if v > _LARGE_TREE}
        if encoding == "auto"
        else set(sizes)
        if encoding == "bdd"
        else set()
    )
    bdds: FunctionBdds | None = None
    if large:
        from .bdd import FunctionBdds

        bdds = FunctionBdds(network)

    def bdd_of(node: str) -> ba.Bdd | None:
        """The rule's BDD when it is to be encoded from it."""
        if bdds is None or node not in large:
            return None
        f = bdds.of_node(node)
        return f if encoding == "bdd" or sizes[node] > _BDD_ADVANTAGE * 2 * f.node_count() else None

    def literals(b, x: list[int], true: int) -> list[int | None]:
        out: list[int | None] = []
        for node in network.nodes:
            e = network.rule(node)
            if e is None:
                out.append(None)
            elif bdds is not None and (f := bdd_of(node)) is not None:
                out.append(_bdd_literal(b, f, x, index, bdds, true))
            else:
                out.append(_tree_literal(b, e, x, index, true))
        return out

    return literals


def _tree_literal(b, e: ex.Expression, x: list[int], index: dict[str, int], true: int) -> int:
    """A literal equivalent to ``e``: one auxiliary atom per AND/OR; NOT flips the sign."""

    def atom_for(bodies: list[list[int]]) -> int:
        atom = b.add_atom()
        for body in bodies:
            b.add_rule([atom], body)
        return atom

    return ex.fold(
        e,
        const=lambda v: true if v else -true,
        var=lambda n: x[index[n]],
        not_=lambda a: -a,
        and_=lambda args: atom_for([list(args)]),
        or_=lambda args: atom_for([[a] for a in args]),
    )


def _bdd_literal(b, f, x: list[int], index: dict[str, int], bdds: FunctionBdds, true: int) -> int:
    """A literal equivalent to BDD ``f``: one atom per decision node (if-then-else)."""
    pointers = [p for p in f.pointers() if not p.is_terminal()]
    atom_of = {str(p): b.add_atom() for p in pointers}

    def lit(p) -> int:
        return true if p.is_one() else -true if p.is_zero() else atom_of[str(p)]

    for p in pointers:
        v = x[index[bdds.variable(f, p)]]
        low, high = f.node_links(p)
        a = atom_of[str(p)]
        b.add_rule([a], [v, lit(high)])
        b.add_rule([a], [-v, lit(low)])
    return lit(f.root())


def trap_space_rules(network: BooleanNetwork, proper: bool = False):
    """A program builder for trap spaces; reports atoms p_0, n_0, p_1, n_1, ...

    For each rule's BDD an atom says a decision node is reachable from the root along
    edges the subspace allows (the low edge when the variable can be 0, the high edge when
    it can be 1). In a reduced ordered BDD every path is consistent, so a terminal is
    reachable exactly when the subspace holds a state with that value of ``f_i``: linear
    in the BDD, where listing its paths as a DNF can be exponential. ``proper`` excludes
    the whole state space (for maximal spaces).
    """
    from .bdd import FunctionBdds

    bdds = FunctionBdds(network)
    index = {n: i for i, n in enumerate(network.nodes)}

    def build(b):
        both = _reported(b, range(2 * len(network.nodes)))
        p, n = both[0::2], both[1::2]
        for i in range(len(network.nodes)):
            b.add_rule([p[i], n[i]], choice=True)
            b.add_rule([], [-p[i], -n[i]])
        for i, node in enumerate(network.nodes):
            if network.rule(node) is None:
                continue  # identity: fixing an input is always a trap, and so is leaving it free
            f = bdds.of_node(node)
            root = f.root()
            if root.is_terminal():  # a constant rule: free, or fixed at its value
                b.add_rule([], [n[i], -p[i]] if root.is_one() else [p[i], -n[i]])
                continue
            reach = {str(q): b.add_atom() for q in f.pointers()}
            b.add_rule([reach[str(root)]])
            for q in f.pointers():
                if q.is_terminal():
                    continue
                v = index[bdds.variable(f, q)]
                low, high = f.node_links(q)
                b.add_rule([reach[str(low)]], [reach[str(q)], n[v]])
                b.add_rule([reach[str(high)]], [reach[str(q)], p[v]])
            zero, one = (reach[str(q)] for q in f.pointers()[:2])  # pointers 0, 1: the terminals
            b.add_rule([], [p[i], -n[i], zero])  # fixed at 1, yet f_i can be 0
            b.add_rule([], [n[i], -p[i], one])  # fixed at 0, yet f_i can be 1
        if proper:
            fixed = b.add_atom()
            for i in range(len(network.nodes)):
                b.add_rule([fixed], [n[i], -p[i]])
                b.add_rule([fixed], [p[i], -n[i]])
            b.add_rule([], [-fixed])
        return both

    return build


def _reported(b, keys) -> list[int]:
    """Atoms ``r(k)``: the only atoms with a name, so a model lists them cheaply."""
    return [b.add_atom(_report_symbol(k)) for k in keys]


def _report_symbol(k: int) -> clingo.Symbol:
    return clingo.Function("r", [clingo.Number(k)])


def solve_text(
    program: str, *, limit: int | None = None, timeout: float | None = None
) -> Iterator[list[clingo.Symbol]]:
    """Solve a program given as text; yields the shown atoms of each answer set."""
    ctl = _control(limit, None)
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    yield from _models(ctl, None, timeout, lambda m: m.symbols(shown=True))


def solve(
    build, *, limit: int | None = None, timeout: float | None = None, heuristic: str | None = None
) -> Iterator[tuple[int, ...]]:
    """Solve the program ``build(backend)`` adds through clingo's backend (no text to parse
    or ground); yields, per answer set, the truth values of the atoms ``build`` returns,
    as 0/1, which must be the ``_reported`` atoms r(0), r(1), ... in that order.

    ``heuristic`` "false"/"true" enumerates the subset-minimal / subset-maximal answer sets
    with respect to those atoms (clingo's domain heuristic with ``domRec``). Raises
    :class:`~logicnet.errors.SearchTimeout` past ``timeout`` seconds (answers yielded before
    stay valid).
    """
    from clingo.backend import HeuristicType

    ctl = _control(limit, heuristic)
    with ctl.backend() as b:
        report = build(b)
        if heuristic:
            kind = HeuristicType.False_ if heuristic == "false" else HeuristicType.True_
            for a in report:
                b.add_heuristic(a, kind, 1, 1, [])
    yield from _models(ctl, report, timeout, _atom_reader(len(report)))


def _atom_reader(count: int) -> Callable[[clingo.Model], tuple[int, ...]]:
    """``read(model)``: the truth values (0/1) of r(0), ..., r(count - 1) in ``model``.

    clingo's ``Model.symbols`` wraps every atom in a Python ``Symbol`` (about 2 us each,
    hashing through the C API): 10,000 fixed points of bbm-127 took 425 ms to read and 49
    ms to solve. The reader asks the same C function for the atoms' integer handles
    instead, through the cffi objects clingo's Python API is built on, and keeps the public
    path for a clingo without them.
    """
    position = {_report_symbol(k): k for k in range(count)}

    def read(model: clingo.Model) -> tuple[int, ...]:
        values = [0] * count
        for sym in model.symbols(atoms=True):
            values[position[sym]] = 1
        return tuple(values)

    try:
        from clingo._internal import _ffi, _lib

        handles = {sym._rep: k for sym, k in position.items()}
        show, size = _lib.clingo_show_type_atoms, _ffi.new("size_t*")
    except (ImportError, AttributeError):
        return read

    def read_handles(model: clingo.Model) -> tuple[int, ...]:
        if not _lib.clingo_model_symbols_size(model._rep, show, size):
            return read(model)  # let the public API raise clingo's error
        buffer = _ffi.new("clingo_symbol_t[]", size[0])
        if not _lib.clingo_model_symbols(model._rep, show, buffer, size[0]):
            return read(model)
        values = [0] * count
        for handle in _ffi.unpack(buffer, size[0]):
            values[handles[handle]] = 1
        return tuple(values)

    return read_handles


def _control(limit, heuristic) -> clingo.Control:
    options = ["-W", "none", "--single-shot", f"--models={limit or 0}"]
    if heuristic:
        options += ["--heuristic=Domain", "--enum-mode=domRec"]
    return clingo.Control(options)


def _models(ctl, report, timeout, read):
    if timeout is None:
        with ctl.solve(yield_=True) as handle:
            for model in handle:
                yield read(model)
        return
    deadline = time.monotonic() + timeout
    with ctl.solve(yield_=True, async_=True) as handle:
        while True:
            handle.resume()
            if not handle.wait(max(0.0, deadline - time.monotonic())):
                handle.cancel()
                raise SearchTimeout(f"the answer-set search ran past {timeout:g} s")
            model = handle.model()
            if model is None:
                return
            yield read(model)
