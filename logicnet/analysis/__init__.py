"""Questions about the dynamics, one module per question, as free functions.

=================================  =======================================================
function                           answers
=================================  =======================================================
:func:`fixed_points`               steady states (every semantics)
:func:`trap_spaces`                minimal or maximal trap spaces
:func:`attractors`                 attractors under sync, async, general and mp semantics
:func:`attractor_seeds`            asynchronous attractors, one state each (large networks)
:func:`attractors_by_condition`    attractors per input valuation, as a table
:func:`reachable_attractors`       attractors reachable from given states
:func:`basins`                     basin sizes, exact or estimated
:func:`simulate`                   trajectories
:func:`state_transition_graph`     the explicit state graph of a small network
=================================  =======================================================

Each returns a :class:`~logicnet.results.Result` (or a DataFrame / networkx graph where
that is the natural shape) and takes the perturbation as a value, text or mapping.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .attractors import attractor_seeds, attractors, attractors_by_condition
    from .basins import Basins, basins
    from .fixed_points import fixed_points
    from .reachability import initial_states, reachable_attractors
    from .simulation import simulate
    from .stg import state_transition_graph
    from .trap_spaces import smallest_trap_space, trap_spaces
else:  # imported when first used: fixed points need neither numpy nor pandas nor networkx
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            ".attractors": ("attractor_seeds", "attractors", "attractors_by_condition"),
            ".basins": ("Basins", "basins"),
            ".fixed_points": ("fixed_points",),
            ".reachability": ("initial_states", "reachable_attractors"),
            ".simulation": ("simulate",),
            ".stg": ("state_transition_graph",),
            ".trap_spaces": ("smallest_trap_space", "trap_spaces"),
        },
    )

BASIN_METHODS = ("auto", "explicit", "symbolic", "sampling")
"""The ``method`` names :func:`basins` accepts (here, where reading them imports nothing)."""

__all__ = [
    "fixed_points",
    "trap_spaces",
    "smallest_trap_space",
    "attractors",
    "attractor_seeds",
    "attractors_by_condition",
    "reachable_attractors",
    "initial_states",
    "basins",
    "Basins",
    "BASIN_METHODS",
    "simulate",
    "state_transition_graph",
]
