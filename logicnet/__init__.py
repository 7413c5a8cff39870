"""logicnet: Boolean (logical) network modelling for systems biology.

Load a network, perturb it, and ask about its long-term behaviour:

>>> import logicnet as ln
>>> net = ln.read_network("gutliver")
>>> len(net), net.inputs
(12, ('HFD', 'Exercise'))
>>> found = ln.attractors(net, "async", "HFD=1,Exercise=1")
>>> found.complete, [a.values["Steatosis"] for a in found]
(True, [0])

Everything below is the public API; the layers behind it are ``logicnet.io`` (formats),
``logicnet.graph``, ``logicnet.perturb``, ``logicnet.analysis`` (questions about the
dynamics), ``logicnet.experiments`` (protocols, screens, organ necessity) and
``logicnet.viz`` (pictures and reports). Each name is imported on first use, so
``import logicnet`` stays quick and a program loads only the engines it calls.
"""

from typing import TYPE_CHECKING

from . import errors
from ._lazy import lazy_exports
from .errors import *  # noqa: F403 - every error class is part of the API
from .version import VERSION

if TYPE_CHECKING:
    from . import analysis, experiments, io, viz
    from ._engines.compiled import CompiledNetwork, compile_network

    # from their modules, not .analysis: mypy may take analysis.attractors (also a module) for the module
    from .analysis.attractors import attractor_seeds, attractors, attractors_by_condition
    from .analysis.basins import Basins, basins
    from .analysis.fixed_points import fixed_points
    from .analysis.reachability import reachable_attractors
    from .analysis.simulation import simulate
    from .analysis.stg import state_transition_graph
    from .analysis.trap_spaces import trap_spaces
    from .bounded import run_bounded
    from .experiments import (
        Contrast,
        ControlResult,
        Execution,
        ReversalResult,
        ScreenResult,
        control,
        knockout_screen,
        organ_necessity,
        organ_robustness,
        perturbation_screen,
        perturbation_sets,
        prevention,
        read_scenarios,
        reversal,
        validate,
    )
    from .graph import Circuits, feedback_circuits, interaction_graph, organ_graph
    from .io import generate_network, list_bundled, parse_network, read_network, write_network
    from .limits import Limits
    from .network import BooleanNetwork, NodeInfo, Organ
    from .perturb import Perturbation, knockout, overexpression, percolate, perturb
    from .results import Attractor, Attractors, AttractorSeed, AttractorSeeds, FixedPoints, Result, Rows, TrapSpaces
    from .variants import variant_names, with_variants
else:  # each name is imported when first used: a command loads only what it needs
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "._engines.compiled": ("CompiledNetwork", "compile_network"),
            ".analysis": (
                "Basins",
                "attractor_seeds",
                "attractors",
                "attractors_by_condition",
                "basins",
                "fixed_points",
                "reachable_attractors",
                "simulate",
                "state_transition_graph",
                "trap_spaces",
            ),
            ".bounded": ("run_bounded",),
            ".experiments": (
                "Contrast",
                "ControlResult",
                "Execution",
                "ReversalResult",
                "ScreenResult",
                "control",
                "knockout_screen",
                "organ_necessity",
                "organ_robustness",
                "perturbation_screen",
                "perturbation_sets",
                "prevention",
                "read_scenarios",
                "reversal",
                "validate",
            ),
            ".graph": ("Circuits", "feedback_circuits", "interaction_graph", "organ_graph"),
            ".io": ("generate_network", "list_bundled", "parse_network", "read_network", "write_network"),
            ".limits": ("Limits",),
            ".network": ("BooleanNetwork", "NodeInfo", "Organ"),
            ".perturb": ("Perturbation", "knockout", "overexpression", "percolate", "perturb"),
            ".results": (
                "Attractor",
                "Attractors",
                "AttractorSeed",
                "AttractorSeeds",
                "FixedPoints",
                "Result",
                "Rows",
                "TrapSpaces",
            ),
            ".variants": ("variant_names", "with_variants"),
        },
        submodules=("analysis", "experiments", "io", "viz"),
    )

__version__ = VERSION

__all__ = [
    # the layers, as subpackages
    "analysis", "experiments", "io", "viz",
    # the network and its files
    "BooleanNetwork", "NodeInfo", "Organ", "read_network", "write_network", "parse_network", "generate_network",
    "list_bundled", "variant_names", "with_variants",
    # structure and perturbations
    "interaction_graph", "organ_graph", "feedback_circuits", "Perturbation", "perturb", "percolate", "knockout",
    "overexpression",
    # dynamics
    "fixed_points", "trap_spaces", "attractors", "attractor_seeds", "attractors_by_condition", "reachable_attractors",
    "basins", "simulate", "state_transition_graph", "compile_network", "CompiledNetwork",
    # protocols and screens
    "reversal", "prevention", "validate", "read_scenarios", "Contrast", "perturbation_sets", "perturbation_screen",
    "knockout_screen", "organ_necessity", "organ_robustness", "control", "Execution",
    # results and limits
    "Result", "Rows", "Attractor", "Attractors", "AttractorSeed", "AttractorSeeds", "FixedPoints", "TrapSpaces",
    "Basins", "Circuits", "ReversalResult", "ScreenResult", "ControlResult", "Limits", "run_bounded",
    # errors: every class of logicnet.errors
    *errors.__all__,
    "__version__",
]  # fmt: skip
