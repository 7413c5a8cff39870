"""Questions about the dynamics, one module per question, as free functions.

=============================  ===========================================================
function                       answers
=============================  ===========================================================
:func:`fixed_points`           steady states (every semantics)
:func:`trap_spaces`            minimal or maximal trap spaces
:func:`attractors`             attractors under sync, async, general and mp semantics
:func:`attractors_by_condition`  attractors per input valuation, as a table
:func:`reachable_attractors`   attractors reachable from given states
:func:`basins`                 basin sizes, exact or estimated
:func:`simulate`               trajectories
:func:`state_transition_graph` the explicit state graph of a small network
=============================  ===========================================================

Each returns a :class:`~logicnet.results.Result` (or a DataFrame / networkx graph where
that is the natural shape) and takes the perturbation as a value, text or mapping.
"""

from .attractors import attractors, attractors_by_condition
from .basins import Basins, basins
from .fixed_points import fixed_points
from .reachability import initial_states, reachable_attractors
from .simulation import simulate
from .stg import state_transition_graph
from .trap_spaces import smallest_trap_space, trap_spaces

__all__ = [
    "fixed_points",
    "trap_spaces",
    "smallest_trap_space",
    "attractors",
    "attractors_by_condition",
    "reachable_attractors",
    "initial_states",
    "basins",
    "Basins",
    "simulate",
    "state_transition_graph",
]
