"""Answer-set programs (clingo) for fixed points and trap spaces.

Nodes are atoms over their index in model order, so names never need quoting.

Fixed points: one choice atom ``x(i)`` per node and one auxiliary atom per operator of
each rule (an exact Tseitin-style definition: the auxiliary atoms of a tree are stratified,
so every answer set is one fixed point and vice versa). Linear in the size of the rules.

Trap spaces: atoms ``p(i)`` ("node i can be 1 in the space") and ``n(i)`` ("can be 0");
both true means free. A node fixed at 1 must have ``f_i = 1`` everywhere in the space, i.e.
no path of the BDD of ``f_i`` to the 0 terminal may be compatible with the space (and dually
for 0): exact, where three-valued evaluation of the rule's syntax would reject real trap
spaces (``(a & b) | (!a & b)`` with ``a`` free is ``b``, not ``*``). Minimal and maximal spaces come from clingo's domain heuristics
(``domRec``: subset-minimal / subset-maximal models).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import clingo

from .. import expr as ex
from ..bdd import FunctionBdds
from ..network import BooleanNetwork



# A rule is encoded from its BDD instead of its tree when the tree is this many times larger
# (BBM's 1.3 MB rules: a 250,000-operator tree, a 300-node BDD).
_BDD_ADVANTAGE = 4
_LARGE_TREE = 400


def fixed_point_program(network: BooleanNetwork) -> str:
    index = {n: i for i, n in enumerate(network.nodes)}
    sizes = {n: ex.tree_size(e) for n, e in network.rules.items() if e is not None}
    bdds = FunctionBdds(network) if any(v > _LARGE_TREE for v in sizes.values()) else None
    out: list[str] = []
    for i, node in enumerate(network.nodes):
        out.append(f"{{x({i})}}.")
        e = network.rule(node)
        if e is None:
            continue  # an input keeps its value: every value is a fixed point
        if bdds is not None and sizes[node] > _LARGE_TREE:
            f = bdds.of_node(node)
            if sizes[node] > _BDD_ADVANTAGE * 2 * f.node_count():
                root = _bdd_atoms(f, i, index, bdds, out)
            else:
                root = _tree_atoms(e, i, index, out)
        else:
            root = _tree_atoms(e, i, index, out)
        out.append(f":- x({i}), not {root}.")
        out.append(f":- not x({i}), {root}.")
    out.append("#show x/1.")
    return "\n".join(out) + "\n"


def _tree_atoms(e: ex.Expression, i: int, index: dict[str, int], out: list[str]) -> str:
    """One auxiliary atom ``a(i,k)`` per operator of rule ``i``; returns the root literal."""
    names: dict[int, str] = {}
    k = 0
    for sub in ex.postorder(e):
        if isinstance(sub, ex.ALGEBRA.Symbol):
            names[id(sub)] = f"x({index[sub.obj]})"
            continue
        k += 1
        atom = f"a({i},{k})"
        names[id(sub)] = atom
        value = ex.constant_value(sub)
        if value is not None:
            if value:
                out.append(f"{atom}.")
        elif isinstance(sub, ex.ALGEBRA.NOT):
            out.append(f"{atom} :- not {names[id(sub.args[0])]}.")
        elif isinstance(sub, ex.ALGEBRA.AND):
            out.append(f"{atom} :- {', '.join(names[id(a)] for a in sub.args)}.")
        else:
            out.extend(f"{atom} :- {names[id(a)]}." for a in sub.args)
    return names[id(e)]


def _bdd_atoms(f, i: int, index: dict[str, int], bdds: FunctionBdds, out: list[str]) -> str:
    """One atom ``b(i,k)`` per decision node of rule ``i``'s BDD (if-then-else); returns the
    root literal, or ``#true``/``#false`` for a constant."""
    pointers = f.pointers()
    number = {str(p): k for k, p in enumerate(pointers)}

    def lit(p) -> str | None:  # None: the false terminal
        if p.is_zero():
            return None
        return "" if p.is_one() else f"b({i},{number[str(p)]})"

    for p in pointers:
        if p.is_terminal():
            continue
        var = f"x({index[bdds.variables.get_variable_name(f.node_variable(p))]})"
        low, high = (lit(q) for q in f.node_links(p))
        atom = f"b({i},{number[str(p)]})"
        if high is not None:
            out.append(f"{atom} :- {var}{', ' + high if high else ''}.")
        if low is not None:
            out.append(f"{atom} :- not {var}{', ' + low if low else ''}.")
    root = f.root()
    return "#true" if root.is_one() else "#false" if root.is_zero() else f"b({i},{number[str(root)]})"


def trap_space_program(network: BooleanNetwork, proper: bool = False) -> str:
    """Trap-space constraints; ``proper`` excludes the whole state space (for maximal spaces).

    For each rule's BDD, atom ``r(i,k)`` says decision node ``k`` is reachable from the root
    along edges the subspace allows (the low edge when the variable can be 0, the high edge
    when it can be 1). In a reduced ordered BDD every path is consistent, so a terminal is
    reachable exactly when the subspace holds a state with that value of ``f_i``: linear in
    the BDD, where listing its paths as a DNF can be exponential.
    """
    bdds = FunctionBdds(network)
    index = {n: i for i, n in enumerate(network.nodes)}
    out: list[str] = []
    for i, node in enumerate(network.nodes):
        out.append(f"1 {{p({i}); n({i})}}.")
        if network.rule(node) is None:
            continue  # identity: fixing an input is always a trap, and so is leaving it free
        f = bdds.of_node(node)
        root = f.root()
        if root.is_terminal():  # a constant rule: free, or fixed at its value
            out.append(f":- n({i}), not p({i})." if root.is_one() else f":- p({i}), not n({i}).")
            continue
        pointers = f.pointers()
        number = {str(p): k for k, p in enumerate(pointers)}
        out.append(f"r({i},{number[str(root)]}).")
        for p in pointers:
            if p.is_terminal():
                continue
            k = number[str(p)]
            v = index[bdds.variables.get_variable_name(f.node_variable(p))]
            low, high = f.node_links(p)
            out.append(f"r({i},{number[str(low)]}) :- r({i},{k}), n({v}).")
            out.append(f"r({i},{number[str(high)]}) :- r({i},{k}), p({v}).")
        # pointers 0 and 1 are the false and true terminals
        out.append(f":- p({i}), not n({i}), r({i},0).")   # fixed at 1, yet f_i can be 0
        out.append(f":- n({i}), not p({i}), r({i},1).")   # fixed at 0, yet f_i can be 1
    if proper:
        out.append("fixed :- n(I), not p(I).\nfixed :- p(I), not n(I).\n:- not fixed.")
    out.append("#show p/1.\n#show n/1.")
    return "\n".join(out) + "\n"


class Timeout(Exception):
    pass


def solve(program: str, *, limit: int | None = None, timeout: float | None = None,
          dom_mod: str | None = None) -> Iterator[list[clingo.Symbol]]:
    """Yield the shown atoms of each answer set; raises :class:`Timeout` past ``timeout``
    seconds (answers yielded before stay valid). ``dom_mod`` "false"/"true" selects subset-minimal
    / subset-maximal enumeration of the shown atoms."""
    options = ["-W", "none", "--single-shot", f"--models={limit or 0}"]
    if dom_mod:
        options += ["--heuristic=Domain", "--enum-mode=domRec", f"--dom-mod={dom_mod},show"]
    else:
        options += ["--project"]
    ctl = clingo.Control(options)
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    deadline = None if timeout is None else time.monotonic() + timeout
    with ctl.solve(yield_=True, async_=True) as handle:
        while True:
            handle.resume()
            if deadline is None:
                ready = handle.wait()
            else:
                ready = handle.wait(max(0.0, deadline - time.monotonic()))
                if not ready:
                    handle.cancel()
                    raise Timeout
            model = handle.model()
            if model is None:
                return
            yield model.symbols(shown=True)
