"""Other tools' answers to the questions logicnet answers, in one form: for the tests, and
for the benchmark (``benchmarks/_tools.py`` times these same calls).

One class per tool. ``Tool.load(bnet, order)`` reads a model once (the benchmark leaves this
out of its timings); each other method answers one question. A state or subspace is a
tuple of values over ``order``: 0, 1, or "*" for a free node. Answers are sorted by ``str``
(values mix ints and "*"). Enumerations take a ``limit``, since pyboolnet cannot be asked
for all answers, and return a ``Listing`` whose ``complete`` says whether the tool found no
more than ``limit``. The bnet text writes inputs as ``X, X``.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Self, TypeVar

from logicnet._engines.stack import in_big_stack, might_nest_deep

Space = tuple[int | str, ...]  # values over the node order; a state has no "*"
T = TypeVar("T")


class Listing(NamedTuple):
    """Answers up to a limit, and whether there were no more."""

    items: list[Space]
    complete: bool


def rules(bnet: str) -> dict[str, str]:
    """Target -> rule text, in file order."""
    found = {}
    for line in bnet.splitlines():
        if line.strip() and not line.startswith("targets"):
            target, rule = line.split(",", 1)
            found[target.strip()] = rule.strip()
    return found


def listed(spaces: Iterable[Mapping[str, Any]], order: Sequence[str]) -> list[Space]:
    """``spaces`` (logicnet's answers, say) in the form the peers answer in."""
    return sorted((tuple(s[n] for n in order) for s in spaces), key=str)


def _first(items: Iterable[T], limit: int) -> Iterable[T]:
    """Enough of a lazy enumeration to tell whether it has more than ``limit`` items."""
    return itertools.islice(items, limit + 1)


def _listing(found: Iterable[Space], limit: int) -> Listing:
    """``found`` (up to ``limit`` + 1 answers, to tell whether there are more) cut to ``limit``, sorted."""
    items = list(found)
    return Listing(sorted(items[:limit], key=str), len(items) <= limit)


def _stack(deep: bool, fn: Callable[[], T]) -> T:
    """``fn()``, on a big stack when the rules nest deep: aeon's native code recurses per
    level. A thread costs time, so only then (the benchmark times these calls)."""
    return in_big_stack(fn) if deep else fn()


class Peer:
    """One tool holding one model. ``seconds`` is the tool's own timing of its last answer,
    for a tool whose call also starts a program (None: the caller's clock is right)."""

    name: ClassVar[str]
    seconds: float | None = None

    def __init__(self, model: Any, order: Sequence[str], deep: bool) -> None:
        self.model = model
        self.order = tuple(order)
        self.deep = deep

    @classmethod
    def load(cls, bnet: str, order: Sequence[str] | None = None) -> Self:
        """The tool's model of ``bnet``; answers list values over ``order`` (default: the file's)."""
        deep = might_nest_deep(bnet)
        return cls(_stack(deep, lambda: cls.read(bnet)), list(rules(bnet)) if order is None else order, deep)

    @staticmethod
    def read(bnet: str) -> Any:
        """The tool's own model of ``bnet``."""
        raise NotImplementedError

    def state(self, values: Mapping[str, Any]) -> Space:
        """A state over ``order``; every node must have a value."""
        return tuple(int(values[n]) for n in self.order)

    def space(self, values: Mapping[str, Any]) -> Space:
        """A subspace over ``order``; a node that is missing, None or "*" is free."""
        return tuple("*" if values.get(n) in (None, "*") else int(values[n]) for n in self.order)


class Aeon(Peer):
    """biodivine-aeon (symbolic): fixed points, minimal trap spaces, asynchronous attractors."""

    name = "aeon"

    @staticmethod
    def read(bnet: str) -> Any:
        import biodivine_aeon as ba

        # bnet declares no regulation signs or essentiality: aeon must not infer and enforce them
        return ba.BooleanNetwork.from_bnet(bnet, repair_graph=False).remove_regulation_constraints()

    def fixed_points(self, limit: int) -> Listing:
        import biodivine_aeon as ba

        def go() -> Listing:
            states = ba.FixedPoints.symbolic(ba.AsynchronousGraph(self.model)).vertices().items()
            return _listing((self.state(m.to_named_dict()) for m in _first(states, limit)), limit)

        return _stack(self.deep, go)

    def minimal_trap_spaces(self, limit: int) -> Listing:
        import biodivine_aeon as ba

        def go() -> Listing:
            ctx = ba.SymbolicSpaceContext(self.model)
            spaces = ba.TrapSpaces.minimal_symbolic(ctx, ba.AsynchronousGraph(self.model, ctx)).spaces().items()
            return _listing((self.space(s.to_named_dict()) for s in _first(spaces, limit)), limit)

        return _stack(self.deep, go)

    def async_attractors(self) -> list[tuple[int, Space]]:
        """(number of states, smallest enclosing subspace) of each attractor."""
        import biodivine_aeon as ba

        def go() -> list[tuple[int, Space]]:
            found = []
            for attractor in ba.Attractors.attractors(ba.AsynchronousGraph(self.model)):
                states = attractor.vertices()
                found.append((int(states.cardinality()), self.space(states.enclosing_named_subspace() or {})))
            return sorted(found, key=str)

        return _stack(self.deep, go)

    def phenotype_control(
        self, phenotype: Mapping[str, int], allowed: Sequence[str], size_limit: int
    ) -> list[frozenset[tuple[str, int]]]:
        """aeon's symbolic phenotype control (``Control.phenotype_permanent``): the
        inclusion-minimal permanent perturbations of at most ``size_limit`` of the ``allowed``
        nodes after which every attractor, *from any initial state*, lies in ``phenotype``.
        (Its ``initial_states`` option gave perturbations that do not work from those
        states in our checks, so the comparison uses the stronger, all-states question.)"""
        import biodivine_aeon as ba

        def go() -> list[frozenset[tuple[str, int]]]:
            graph = ba.AsynchronousPerturbationGraph(self.model, list(allowed))
            target = graph.mk_subspace_vertices({n: bool(v) for n, v in phenotype.items()})
            found = ba.Control.phenotype_permanent(graph, target, size_limit=size_limit)
            sets = {
                frozenset((n, int(v)) for n, v in p.to_named_dict().items() if v is not None)
                for p in found.perturbations()
            }
            return sorted((s for s in sets if not any(o < s for o in sets)), key=sorted)

        return _stack(self.deep, go)


class Mpbn(Peer):
    """mpbn (answer sets): fixed points, minimal trap spaces, most-permissive reachable attractors."""

    name = "mpbn"

    @staticmethod
    def read(bnet: str) -> Any:
        import mpbn

        return mpbn.MPBooleanNetwork(rules(bnet))

    def fixed_points(self, limit: int) -> Listing:
        return _listing(map(self.state, self.model.fixedpoints(limit=limit + 1)), limit)

    def minimal_trap_spaces(self, limit: int) -> Listing:
        return _listing(map(self.space, self.model.attractors(limit=limit + 1)), limit)

    def reachable_attractors(self, state: Mapping[str, int]) -> list[Space]:
        """The distinct attractors reachable from ``state`` (mpbn may list one more than once)."""
        return sorted(set(map(self.space, self.model.attractors(reachable_from=dict(state)))), key=str)


class PyBoolNet(Peer):
    """pyboolnet (prime implicants, clasp): fixed points, minimal and maximal trap spaces."""

    name = "pyboolnet"

    @staticmethod
    def read(bnet: str) -> Any:
        from pyboolnet.file_exchange import bnet2primes

        return bnet2primes(bnet)

    def fixed_points(self, limit: int) -> Listing:
        from pyboolnet.trap_spaces import compute_steady_states

        return _listing(map(self.state, compute_steady_states(self.model, max_output=limit + 1)), limit)

    def minimal_trap_spaces(self, limit: int) -> Listing:
        return self._trap_spaces("min", limit)

    def maximal_trap_spaces(self, limit: int) -> Listing:
        return self._trap_spaces("max", limit)

    def _trap_spaces(self, kind: str, limit: int) -> Listing:
        from pyboolnet.trap_spaces import compute_trap_spaces

        return _listing(map(self.space, compute_trap_spaces(self.model, kind, max_output=limit + 1)), limit)


class Biobalm(Peer):
    """biobalm (succession diagram): the number of asynchronous attractors. It gives a seed
    state per attractor, not the attractor's states, so only the count compares."""

    name = "biobalm"

    @staticmethod
    def read(bnet: str) -> Any:
        from biodivine_aeon import BooleanNetwork

        return BooleanNetwork.from_bnet(bnet)  # as biobalm's SuccessionDiagram.from_rules reads bnet

    def async_attractor_count(self) -> int:
        from biobalm import SuccessionDiagram

        def go() -> int:
            diagram = SuccessionDiagram(self.model)
            diagram.build()
            return sum(len(seeds) for seeds in diagram.expanded_attractor_seeds().values())

        return _stack(self.deep, go)


class PyStableMotifs(Peer):
    """pystablemotifs (stable motifs, succession diagram): driver sets that reprogram the
    network into a target."""

    name = "pystablemotifs"

    @staticmethod
    def read(bnet: str) -> Any:
        from pyboolnet.file_exchange import bnet2primes

        return bnet2primes(bnet)

    def drivers(self, target: Mapping[str, int], max_size: int) -> list[frozenset[tuple[str, int]]]:
        """The distinct driver sets of at most ``max_size`` nodes that
        ``AttractorRepertoire.reprogram_to_trap_spaces`` gives for ``target`` with the methods
        whose answers are node values to hold (not ordered, temporary steps): "merge" with
        "minimal" drivers (the merged stable motifs' drivers, searched among all nodes),
        "merge" with "internal" drivers and "history" with "internal" drivers (one set per
        shortest stable motif history). The repertoire (the succession diagram) is built here."""
        import pystablemotifs as sm

        def go() -> list[frozenset[tuple[str, int]]]:
            repertoire = sm.AttractorRepertoire.from_primes(self.model)
            found = set()
            for methods in (("merge", "minimal"), ("merge", "internal"), ("history", "internal")):
                for d in repertoire.reprogram_to_trap_spaces(
                    dict(target), target_method=methods[0], driver_method=methods[1], max_drivers=max_size
                ):
                    found.add(frozenset((n, int(v)) for n, v in d.items()))
            return sorted((s for s in found if len(s) <= max_size), key=sorted)

        return _stack(self.deep, go)


def as_interventions(
    sets: Iterable[Iterable[tuple[str, int]]], condition: Mapping[str, int], target: Mapping[str, int], max_size: int
) -> list[frozenset[tuple[str, int]]]:
    """A peer's driver sets (found on the network with ``condition`` applied) as logicnet's
    control question sees them: an item the condition already sets is dropped (holding a
    constant node at its value changes nothing); a set that changes a node of the condition,
    touches a target node (logicnet never intervenes on one) or is larger than ``max_size``
    is left out. Distinct, sorted."""
    out = set()
    for items in sets:
        s = frozenset((n, v) for n, v in items if condition.get(n) != v)
        if len(s) <= max_size and not any(n in condition or n in target for n, _ in s):
            out.add(s)
    return sorted(out, key=sorted)


@functools.cache
def r_boolnet_available() -> bool:
    """Whether ``Rscript`` runs and loads the BoolNet package."""
    if shutil.which("Rscript") is None:
        return False
    found = subprocess.run(["Rscript", "-e", "library(BoolNet)"], capture_output=True, check=False)
    return found.returncode == 0


class BoolNet(Peer):
    """R BoolNet via ``Rscript``: synchronous attractors (exhaustive up to 29 genes, else
    SAT-based). Each call starts R, so ``seconds`` is R's own time for the search."""

    name = "boolnet"

    @staticmethod
    def read(bnet: str) -> Any:
        # BoolNet's reader wants its header and no blank lines
        return "targets, factors\n" + "".join(f"{t}, {f}\n" for t, f in rules(bnet).items())

    def sync_attractors(self) -> list[tuple[int, Space]]:
        """(number of states, smallest enclosing subspace) of each attractor."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "model.bnet")
            path.write_text(self.model)
            script = f"""
suppressMessages(library(BoolNet))
net <- loadNetwork("{path}")
n <- length(net$genes)
t0 <- proc.time()[["elapsed"]]
a <- if (n <= 29) getAttractors(net, type="synchronous") else getAttractors(net, method="sat.exhaustive")
t1 <- proc.time()[["elapsed"]]
cat(t1 - t0, "\\n")
for (i in seq_along(a$attractors)) {{
  s <- getAttractorSequence(a, i)
  v <- sapply(colnames(s), function(g) if (length(unique(s[[g]])) == 1) s[[g]][1] else "*")
  cat(nrow(s), paste(v, collapse=","), paste(colnames(s), collapse=","), "\\n")
}}
"""
            out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True).stdout
        first, *rest = out.splitlines()
        self.seconds = float(first)
        found = []
        for line in filter(str.strip, rest):
            size, values, genes = line.split()
            found.append((int(size), self.space(dict(zip(genes.split(","), values.split(","))))))
        return sorted(found, key=str)


#: The peers by the name the benchmark knows them by.
PEERS: dict[str, type[Peer]] = {tool.name: tool for tool in (Aeon, Mpbn, PyBoolNet, Biobalm, PyStableMotifs, BoolNet)}
