"""Control: the smallest interventions that bring the benefit, found instead of screened.

The question: starting in every attractor of the *start* condition (e.g. the sedentary
disease state, ``HFD=1,Exercise=0``), switch on the *condition* (the same one for an
exercise mimetic; ``HFD=1,Exercise=1`` with a frozen organ in the *background* for a
rescue) together with a set of interventions (nodes knocked out or overexpressed, held from
time zero). A set is *sufficient* when every attractor reachable from every start attractor
has every target readout at its target value: the verdict "kept" of a screen row, the same
reversal protocol. :func:`control` lists every inclusion-minimal sufficient set of at most
``max_size`` interventions.

How, level by level (sets of 1, then 2, ... interventions), never trying a superset of a set
already found (only minimal sets are asked for, so a superset can never be one):

1. **Where the network can go.** Only nodes upstream of a target readout can change it (an
   intervention elsewhere leaves the readouts' dynamics untouched, so a set holding one is
   not minimal). The smallest trap space containing each start attractor with the condition
   and the interventions applied bounds every trajectory, under every semantics. Computed
   for all candidate sets at once (:mod:`logicnet._engines.closure`), it settles most sets:
   a target readout fixed at its target value in every such trap space proves the set
   sufficient by **percolation** (under every semantics), one fixed at the other value
   proves it insufficient.
2. **Where it does go.** For the undecided sets, trajectories are followed from each start
   state (random asynchronous sweeps, or the synchronous trajectory); a trajectory that ends
   in a trap space where a target readout is fixed at the other value proves the set
   insufficient (an attractor there is reachable).
3. **Exact verification** of the sets still undecided, sufficient by **reachability**.
   Asynchronous: all of a level's sets in one symbolic run (biodivine-aeon's perturbation
   graph, :mod:`logicnet._engines.perturbed`: reachability from the start states under
   every set at once; a run checkpoints no part of it, it is one step). Other semantics, or
   start attractors too large to list: set by set, the screen's reversal and verdict
   (:func:`~logicnet.experiments.evaluate.run_tasks`) through the screen runner (local
   processes, Dask, checkpoints, resumable).

Every set reported is proven sufficient: by percolation, or by the exact reachability
engine. Every set left out was proven insufficient, or is a superset of a reported one; the
result is ``complete`` unless a search was cut short (a timeout, an incomplete attractor
search), and then says so.

>>> from logicnet import read_network
>>> found = control(read_network("gutliver"), "HFD=1,Exercise=0", "HFD=1,Exercise=0",
...                 "Steatosis=0", max_size=2)
>>> for s in found.to_json()["sets"][:3]:
...     print(s["interventions"], s["verified"])
{'AMPK': 1} percolation
{'Microbiota': 1, 'SREBP1c': 0} percolation
{'SCFA': 1, 'SREBP1c': 0} percolation
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import expr as ex
from .._engines.closure import TrapClosure, fold_blocks, lanes_set, sweeps
from .._engines.perturbed import insufficient
from .._engines.symbolic import time_limit
from ..errors import ArgumentError, SearchTimeout, SizeLimitError
from ..io import generate_network
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import KINDS, Perturbation, PerturbationLike, perturb
from ..results import Attractor, Attractors, Rows
from ..semantics import ASYNCHRONOUS, SYNCHRONOUS, canonical_semantics
from ..types import Value, frozendict
from ..version import VERSION
from .contrast import Contrast, benefit_readouts
from .evaluate import run_tasks
from .protocols import source_attractors
from .runner import Execution, run

__all__ = ["ControlResult", "control"]

#: (node, value): one intervention.
Intervention = tuple[str, int]
_WALKS = 4  # trajectories per start state and undecided set
_ROUNDS = 30  # sweeps (or synchronous steps) per trajectory


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ControlResult(Rows):
    """The minimal sufficient intervention sets, one row each, by size then node order.

    Row fields: ``size``, ``interventions`` (node -> 0 or 1), ``verified``
    (``"percolation"``: holds under every semantics; ``"reachability"``: checked by the exact
    engine under ``semantics``) and the value over the reachable attractors (0, 1, ``*`` or
    ``mixed``) of each target readout, then of the model's other declared readouts.
    ``tried`` counts the sets each stage examined: ``propagated`` (all candidates),
    ``followed`` (left undecided by propagation) and ``verified`` (left for the exact engine).
    """

    noun = "intervention set"
    semantics: str
    target: Mapping[str, int]
    max_size: int
    tried: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Rows.__post_init__(self)
        object.__setattr__(self, "target", frozendict(self.target))
        object.__setattr__(self, "tried", frozendict(self.tried))

    def records(self) -> list[dict[str, Any]]:
        """Rows for tables: the interventions written ``A=0, B=1``."""
        return [
            {**r, "interventions": ", ".join(f"{n}={v}" for n, v in r["interventions"].items())}
            for r in Rows.records(self)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "semantics": self.semantics,
            **self._header(),
            "target": dict(self.target),
            "max_size": self.max_size,
            "tried": dict(self.tried),
            "sets": [
                {
                    "interventions": dict(r["interventions"]),
                    "size": r["size"],
                    "verified": r["verified"],
                    "readouts": {n: r[n] for n in self.columns[3:]},
                }
                for r in self
            ],
        }


def control(
    network: BooleanNetwork,
    start: PerturbationLike,
    condition: PerturbationLike,
    target: str | Mapping[str, int] | Sequence[str] | None = None,
    *,
    max_size: int = 2,
    kinds: Sequence[str] = ("ko", "oe"),
    nodes: Iterable[str] | None = None,
    organ: str | None = None,
    forbid: Iterable[str] = (),
    background: PerturbationLike = None,
    semantics: str = "asynchronous",
    execution: Execution | None = None,
    limits: Limits | None = None,
    timeout: float | None = None,
) -> ControlResult:
    """Every inclusion-minimal set of at most ``max_size`` interventions that brings the
    ``target`` readouts (see :func:`~logicnet.experiments.contrast.benefit_readouts`; default:
    the model's core benefit readouts) from every attractor of ``start`` under ``condition``
    (with ``background`` on both). See the module docstring for the method and its guarantees.

    Interventions are ``kinds`` (``"ko"``: fixed at 0, ``"oe"``: fixed at 1) of ``nodes``
    (default: every node with an update function; ``organ`` keeps that organ's), never of a
    node in ``forbid``, a target readout, or a node the condition or background fixes.
    ``execution`` runs the exact verifications (jobs, Dask, checkpoint, timeout). Cost: one
    bit-parallel propagation over every candidate set of each size (their number is checked
    against ``limits.screen_tasks`` × 10 first), then a reversal per set it leaves undecided.
    """
    if max_size < 1:
        raise ArgumentError(f"max_size is at least 1, got {max_size}")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ArgumentError(f"intervention kinds are {' and '.join(KINDS)}, got {', '.join(map(repr, kinds))}")
    deadline = None if timeout is None else time.monotonic() + timeout
    limits = resolve(limits)
    sem = canonical_semantics(semantics)
    contrast = Contrast.of(start, condition, background)
    goal = benefit_readouts(network, target)
    sources = source_attractors(network, contrast.source, sem, limits=limits)
    notes = [] if sources.complete else ["the start attractors are incomplete: sets were checked from those found"]
    switched = contrast.target()
    if switched.organs:  # an organ freeze holds its mediators at each start attractor's values
        targets = [perturb(network, switched, reference=a.values) for a in sources]
    else:
        targets = [perturb(network, switched)] * len(sources)
    singles = _candidates(network, targets, goal, kinds, nodes, organ, forbid)
    sets_per_size = [math.comb(len({n for n, _ in singles}), k) * len(kinds) ** k for k in range(1, max_size + 1)]
    if sum(sets_per_size) > 10 * limits.screen_tasks:
        raise SizeLimitError(
            f"{sum(sets_per_size):,} candidate sets of up to {max_size} interventions (limit "
            f"{10 * limits.screen_tasks:,}): lower the size, or name fewer nodes (or one organ)"
        )
    at_zero = [contrast.target().fixed_values(network, reference=a.values) for a in sources]
    search = _Search(network, sources, targets, at_zero, goal, sem)
    shown = list(dict.fromkeys([*goal, *network.metadata.get("readouts", {})]))
    verify = functools.partial(run_tasks, network, {(sem, "default"): sources}, contrast, goal, shown, limits)
    execution = execution or Execution()
    # what names the run in a checkpoint (writing the model out costs: only for one)
    identity = (
        {
            "question": "control",
            "model": hashlib.sha256(generate_network(network, "native").encode()).hexdigest()[:16],
            **{part: str(getattr(contrast, part)) for part in ("baseline", "treatment", "background")},
            "target": goal,
            "candidates": hashlib.sha256(str(singles).encode()).hexdigest()[:16],
            "semantics": sem,
            "logicnet": VERSION,
        }
        if execution.checkpoint
        else None
    )
    checkpointed = False

    def exact(sets: Sequence[tuple[Intervention, ...]]) -> list[dict[str, Any] | None]:
        """The screen row of each set (None: the time ran out first)."""
        nonlocal checkpointed
        tasks = [(str(Perturbation.of(dict(s))), sem, "default") for s in sets]
        stage = replace(
            execution,
            keep_checkpoint=True,
            resume=execution.resume or checkpointed,  # later stages add to the first one's file
            timeout=None if deadline is None else max(1e-3, deadline - time.monotonic()),
        )
        rows = run(tasks, verify, lambda r: (r["perturbation"], r["semantics"], r["variant"]), stage, identity)
        checkpointed = True
        return [rows.get(t) for t in tasks]

    found: list[tuple[tuple[Intervention, ...], str]] = []
    reached: dict[tuple[Intervention, ...], dict[str, Any] | None] = {}
    tried = dict.fromkeys(("propagated", "followed", "verified"), 0)
    complete = sources.complete
    for size in range(max_size + 1):  # size 0: is the condition alone enough?
        if deadline is not None and time.monotonic() > deadline:
            notes.append(f"timeout: sets of {size} or more interventions were not searched")
            complete = False
            break
        sets = list(_sets(singles, size, [s for s, _ in found]))
        proven, undecided = search.propagate(sets)
        found += [(s, "percolation") for s in proven]
        tried["propagated"] += len(sets)
        tried["followed"] += len(undecided)
        undecided = search.follow(undecided)
        tried["verified"] += len(undecided)
        if undecided and search.batched:
            try:
                kept = search.verify(undecided, deadline)
            except SearchTimeout:
                notes.append(f"timeout: {len(undecided)} set(s) of {size} intervention(s) were not verified")
                complete = False
                break
            found += [(s, "reachability") for s, ok in zip(undecided, kept, strict=True) if ok]
            continue
        rows = exact(undecided) if undecided else []
        unverified = sum(row is None for row in rows)
        if unverified:
            notes.append(f"timeout: {unverified} set(s) of {size} intervention(s) were not verified")
        failed = sorted({row["method"] for row in rows if row is not None and row["verdict"] == "error"})
        notes += [f"a set of {size} could not be verified: {why}" for why in failed]
        complete &= all(row is not None and row["complete"] for row in rows)
        found += [
            (s, "reachability")
            for s, row in zip(undecided, rows)
            if row and row["complete"] and row["verdict"] == "kept"
        ]
        for s, row in zip(undecided, rows):
            if row is not None:
                reached[s] = row
    if not complete and not any(n.startswith("timeout") for n in notes):
        notes.append("an attractor search was incomplete: some sets may be missing")
    # the other readouts each set reaches (proofs by propagation or in one batch know only the targets)
    unread = [s for s, _ in found if s not in reached] if set(shown) > set(goal) else []
    reached.update(zip(unread, exact(unread) if unread else []))
    table = [_row(s, how, reached.get(s), goal, shown) for s, how in found]
    if not execution.keep_checkpoint:
        execution.discard_checkpoint()
    order = {n: i for i, n in enumerate(network.nodes)}
    table.sort(key=lambda r: (r["size"], [(order[n], v) for n, v in r["interventions"].items()]))
    return ControlResult(
        items=tuple(table),
        columns=("size", "interventions", "verified", *shown),
        semantics=sem,
        target=goal,
        max_size=max_size,
        tried=tried,
        complete=complete,
        method=f"trap-space propagation, trajectories, exact reachability ({sem})",
        notes=tuple(notes),
    )


def _candidates(
    network: BooleanNetwork,
    targets: Sequence[BooleanNetwork],
    goal: Mapping[str, int],
    kinds: Sequence[str],
    nodes: Iterable[str] | None,
    organ: str | None,
    forbid: Iterable[str],
) -> list[Intervention]:
    """The single interventions worth combining: allowed nodes upstream of a readout."""
    pool = list(nodes) if nodes is not None else [n for n in network.nodes if network.rule(n) is not None]
    for n in [*pool, *forbid]:
        network.index(n)
    if organ is not None:
        members = set(network.organ_nodes()[network.organ(organ).name])
        pool = [n for n in pool if n in members]
    distinct = {t.fingerprint(): t for t in targets}.values()
    held = {
        n for t in distinct for n in t.nodes if n in network.nodes and _constant(t, n) and not _constant(network, n)
    }
    upstream = set().union(*(_ancestors(t, goal) for t in distinct))
    excluded = set(forbid) | set(goal) | held
    chosen = [n for n in network.nodes if n in set(pool) and n in upstream and n not in excluded]
    return [(n, KINDS[k]) for n in chosen for k in kinds]


def _constant(network: BooleanNetwork, node: str) -> bool:
    rule = network.rule(node)
    return rule is not None and not ex.support(rule)


def _ancestors(network: BooleanNetwork, goal: Iterable[str]) -> set[str]:
    """Nodes with a path to a goal node in the regulatory graph (the goal nodes included)."""
    regulators = {n: ex.support(r) if (r := network.rule(n)) is not None else () for n in network.nodes}
    seen = set(goal)
    stack = list(goal)
    while stack:
        for r in regulators[stack.pop()]:
            if r not in seen:
                seen.add(r)
                stack.append(r)
    return seen


def _sets(
    singles: Sequence[Intervention], size: int, found: Sequence[tuple[Intervention, ...]]
) -> Iterable[tuple[Intervention, ...]]:
    """Sets of ``size`` interventions on distinct nodes, in candidate order, leaving out the
    supersets of ``found`` ones (compared as bit masks over the candidates)."""
    bit = {single: 1 << k for k, single in enumerate(singles)}
    minimal = [sum(bit[i] for i in s) for s in found]
    for combo in itertools.combinations(singles, size):
        if len({n for n, _ in combo}) < size:
            continue
        mask = sum(bit[i] for i in combo)
        if not any(m & mask == m for m in minimal):
            yield combo


def _row(
    interventions: Sequence[Intervention],
    verified: str,
    row: Mapping[str, Any] | None,
    goal: Mapping[str, int],
    shown: Sequence[str],
) -> dict[str, Any]:
    """A result row; the readouts from the set's screen ``row`` (the target values alone
    when a proof by propagation was not followed by a reversal in time)."""
    return {
        "size": len(interventions),
        "interventions": frozendict(interventions),
        "verified": verified,
        **{n: row.get(n, "") if row else goal.get(n, "") for n in shown},
    }


class _Search:
    """The propagation and trajectory stages, over the start attractors' target networks."""

    def __init__(
        self,
        network: BooleanNetwork,
        sources: Attractors,
        targets: Sequence[BooleanNetwork],
        at_zero: Sequence[Mapping[str, int]],
        goal: Mapping[str, int],
        semantics: str,
    ) -> None:
        # each start attractor with what the condition and background set at time zero
        self.starts = [{**a.values, **z} for a, z in zip(sources, at_zero, strict=True)]
        listed = [_states(a) for a in sources]
        self.start_states = [
            None if states is None else [{**s, **z} for s in states] for states, z in zip(listed, at_zero, strict=True)
        ]
        # asynchronous reachability from every listed start state checks all sets in one symbolic run
        self.batched = semantics == ASYNCHRONOUS and all(states is not None for states in listed)
        self.targets = targets
        self.goal = goal
        self.semantics = semantics
        self.index = {n: i for i, n in enumerate(network.nodes)}
        # one closure per distinct target network (freezes differ),
        # the start subspaces grouped by theirs
        self.closures = {key: TrapClosure(t) for key, t in {t.fingerprint(): t for t in targets}.items()}
        self.groups: dict[str, list[Mapping[str, Value]]] = {}
        for start, t in zip(self.starts, targets, strict=True):
            self.groups.setdefault(t.fingerprint(), []).append(start)

    def _judge(self, closure: TrapClosure, lanes: list[list[int]], width: int) -> tuple[int, int]:
        """Lane bits where every goal readout is fixed at its value, and where one is fixed
        at the other value."""
        full = (1 << width) - 1
        right, wrong = full, 0
        for n, v in self.goal.items():
            can = lanes[closure.index[n]]
            right &= can[v] & ~can[1 - v]
            wrong |= can[1 - v] & ~can[v]
        return right, wrong

    def propagate(self, sets: list[tuple[Intervention, ...]]) -> tuple[list, list]:
        """(sets proven sufficient by propagation, sets still undecided); the rest are
        proven insufficient."""
        width = len(sets)
        right_all = (1 << width) - 1
        wrong_any = 0
        held = [dict(s) for s in sets]
        for key, starts in self.groups.items():
            closure = self.closures[key]
            # reachable attractors lie where the start can go and where propagation leaves room
            reach, settle = closure.close_each(starts, held), closure.percolate(held)
            copies = sum(1 << (j * width) for j in range(len(starts)))
            lanes = [[r0 & s0 * copies, r1 & s1 * copies] for (r0, r1), (s0, s1) in zip(reach, settle, strict=True)]
            right, wrong = self._judge(closure, lanes, width * len(starts))
            right_all &= fold_blocks(right, width, len(starts))[0]
            wrong_any |= fold_blocks(wrong, width, len(starts))[1]
        proven = [sets[k] for k in lanes_set(right_all, width)]
        undecided = [sets[k] for k in lanes_set(((1 << width) - 1) & ~(right_all | wrong_any), width)]
        return proven, undecided

    def follow(self, sets: list[tuple[Intervention, ...]]) -> list[tuple[Intervention, ...]]:
        """The sets no followed trajectory proves insufficient."""
        if not sets:
            return sets
        rejected = 0
        synchronous = self.semantics == SYNCHRONOUS
        for listed, t in zip(self.start_states, self.targets, strict=True):
            if listed is None:  # too large to list: no state known to be in it
                continue
            closure = self.closures[t.fingerprint()]
            starts = [tuple(int(s[n]) for n in t.nodes) for s in listed[:_WALKS]]
            walks = 1 if synchronous else _WALKS
            lanes = [(k, state, w) for k, _ in enumerate(sets) for state in starts for w in range(walks)]
            fixed = [{self.index[n]: v for n, v in sets[k]} for k, _, _ in lanes]
            ends = sweeps(closure, [s for _, s, _ in lanes], fixed, _ROUNDS, synchronous=synchronous)
            closed = closure.close(closure.states(ends, len(lanes)), [dict(sets[k]) for k, _, _ in lanes])
            _, wrong = self._judge(closure, closed, len(lanes))
            for j in lanes_set(wrong, len(lanes)):
                rejected |= 1 << lanes[j][0]
        return [sets[k] for k in lanes_set(((1 << len(sets)) - 1) & ~rejected, len(sets))]

    def verify(self, sets: list[tuple[Intervention, ...]], deadline: float | None) -> list[bool]:
        """Per set, whether every attractor reachable from every start state lies in the
        target: one symbolic run over all sets per distinct target network (asynchronous,
        exact; :func:`~logicnet._engines.perturbed.insufficient`). Raises
        :class:`~logicnet.errors.SearchTimeout` past ``deadline``."""
        starts: dict[str, list[Mapping[str, int]]] = {}
        networks = {}
        for states, t in zip(self.start_states, self.targets, strict=True):
            starts.setdefault(t.fingerprint(), []).extend(states or ())
            networks[t.fingerprint()] = t
        failed: set[int] = set()
        for key, t in networks.items():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise SearchTimeout("the time ran out before the exact verification")
            with time_limit(left):
                failed.update(insufficient(t, starts[key], sets, self.goal))
        return [k not in failed for k in range(len(sets))]


def _states(attractor: Attractor) -> Sequence[Mapping[str, int]] | None:
    """The states of ``attractor`` (None: too many to list)."""
    if attractor.states is not None:
        return attractor.states
    if "*" not in attractor.values.values():
        return [{n: int(v) for n, v in attractor.values.items()}]
    return None
