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
    """Size guards, with their defaults and what each bounds.

    Method switches (measured on the BBM models; see the benchmarks):

    - ``explicit_synchronous`` (22), ``explicit_asynchronous`` (12), ``explicit_general``
      (14): the most free nodes (after percolation) whose states are enumerated explicitly
      for attractors, reachability and basins; beyond, the symbolic, trap-space or
      SAT engines answer.
    - ``input_valuations`` (16): synchronous and general-asynchronous searches run one
      input valuation at a time for up to 2^16 of them.

    Hard limits (beyond them: :class:`~logicnet.errors.SizeLimitError` or an incomplete
    answer that says why):

    - ``state_space`` (22): any explicit state space, 2^22 states (about 100 MB of arrays).
    - ``general_transitions`` (30,000,000): transitions of an explicit
      general-asynchronous state graph.
    - ``attractors`` (100,000): attractors listed when no ``limit`` is given.
    - ``listed_states`` (64): complex attractors with at most this many states list them.
    - ``initial_states`` (100,000): initial states of a reachability question (and states
      a reversal's source attractor may list).
    - ``sync_depth`` (1,000): unrolling depth of the synchronous SAT search before it
      gives up proving completeness.
    - ``stg_nodes`` (12): nodes of an explicit state transition graph.
    - ``conditions`` (1,024): input valuations of ``attractors_by_condition``.
    - ``screen_tasks`` (200,000): perturbations of one screen.
    """

    explicit_synchronous: int = 22
    explicit_asynchronous: int = 12
    explicit_general: int = 14
    input_valuations: int = 16
    state_space: int = 22
    general_transitions: int = 30_000_000
    attractors: int = 100_000
    listed_states: int = 64
    initial_states: int = 100_000
    sync_depth: int = 1000
    stg_nodes: int = 12
    conditions: int = 1024
    screen_tasks: int = 200_000

    def explicit_nodes(self, semantics: str) -> int:
        """The explicit-enumeration limit of ``semantics`` (most permissive: none, 0)."""
        return {
            SYNCHRONOUS: self.explicit_synchronous,
            ASYNCHRONOUS: self.explicit_asynchronous,
            GENERAL: self.explicit_general,
        }.get(canonical_semantics(semantics), 0)


DEFAULT = Limits()


def resolve(limits: Limits | None) -> Limits:
    """``limits``, or the defaults when None."""
    return DEFAULT if limits is None else limits
