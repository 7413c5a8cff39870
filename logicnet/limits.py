"""Resource limits: every size guard of logicnet in one documented place.

Each analysis that can explode checks its size against a :class:`Limits` first and either
switches method (explicit enumeration gives way to symbolic search) or raises
:class:`~logicnet.errors.SizeLimitError` saying what to do instead. Every function that
checks a limit takes ``limits=``; pass a changed copy for one call:

>>> import logicnet as ln
>>> strict = ln.Limits(explicit_asynchronous=0)   # always the symbolic engine
>>> strict.explicit_nodes("asynchronous"), DEFAULT.explicit_nodes("asynchronous")
(0, 12)
"""

from __future__ import annotations

from dataclasses import dataclass

from .semantics import ASYNCHRONOUS, GENERAL, SYNCHRONOUS, canonical_semantics

__all__ = ["Limits", "DEFAULT"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Size guards, each with its default and what it bounds.

    The first four switch methods (measured on the BBM models; see the benchmarks); beyond
    the others an analysis raises :class:`~logicnet.errors.SizeLimitError` or returns an
    incomplete answer that says why.
    """

    explicit_synchronous: int = 22
    """Most free nodes (after percolation) whose states are enumerated explicitly under
    synchronous updating, for attractors, reachability and basins; beyond, a SAT search."""
    sync_attractors_explicit: int = 16
    """Most free nodes whose synchronous *attractors* are found by enumerating states;
    beyond, the SAT unrolling, faster from here on (BBM models of 13-23 free nodes:
    enumeration wins up to 15, either at 16, the unrolling from 17; bbm-022, 22 nodes:
    0.74 s against 0.017 s). Never beyond ``explicit_synchronous``."""
    explicit_asynchronous: int = 12
    """The same for asynchronous updating; beyond, the symbolic engine (biodivine-aeon)."""
    succession_nodes: int = 60
    """Asynchronous attractor searches with more free nodes (after percolation) than this,
    and at most 13 free inputs, walk the succession diagram of trap spaces (see
    ``logicnet._engines.succession``); the others are searched whole by biodivine-aeon,
    inputs as colours."""
    explicit_general: int = 14
    """The same for general-asynchronous updating; beyond, the trap-space guided search."""
    input_valuations: int = 16
    """General-asynchronous searches run one input valuation at a time for up to 2^16 of
    them."""
    state_space: int = 22
    """Any explicit state space: 2^22 states (about 100 MB of arrays)."""
    general_transitions: int = 30_000_000
    """Transitions of an explicit general-asynchronous state graph."""
    attractors: int = 100_000
    """Attractors listed when no ``limit`` is given."""
    listed_states: int = 64
    """Complex attractors with at most this many states list them."""
    initial_states: int = 100_000
    """Initial states of a reachability question (and states a reversal's source attractor
    may list)."""
    reachability_steps: int = 0
    """Saturation steps a symbolic reachability question may take (forward and backward
    together) before it answers incomplete; 0: no bound. A bound that counts work, not
    seconds, gives the same answer on a busy machine (rule ensembles use one)."""
    sync_depth: int = 1000
    """Unrolling depth of the synchronous SAT search before it gives up proving completeness."""
    stg_nodes: int = 12
    """Nodes of an explicit state transition graph (a networkx graph of 2^n states; at 16
    nodes it holds about a gigabyte)."""
    trajectory_states: int = 5_000_000
    """States a simulation records (runs x (steps + 1)), one table row each."""
    conditions: int = 1024
    """Input valuations of ``attractors_by_condition``."""
    screen_tasks: int = 200_000
    """Perturbations of one screen."""

    def explicit_attractor_nodes(self, semantics: str) -> int:
        """The explicit-enumeration limit of an attractor search under ``semantics``."""
        limit = self.explicit_nodes(semantics)
        return min(limit, self.sync_attractors_explicit) if canonical_semantics(semantics) == SYNCHRONOUS else limit

    def explicit_nodes(self, semantics: str) -> int:
        """The explicit-enumeration limit of ``semantics`` (most permissive: none, 0), never
        beyond ``state_space``."""
        limit = {
            SYNCHRONOUS: self.explicit_synchronous,
            ASYNCHRONOUS: self.explicit_asynchronous,
            GENERAL: self.explicit_general,
        }.get(canonical_semantics(semantics), 0)
        return min(limit, self.state_space)


DEFAULT = Limits()


def resolve(limits: Limits | None) -> Limits:
    """``limits``, or the defaults when None."""
    return DEFAULT if limits is None else limits
