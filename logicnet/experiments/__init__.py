"""The biology's protocols on top of the analyses, one module per concern.

=======================  =================================================================
module                   holds
=======================  =================================================================
:mod:`.protocols`        reversal and prevention: reachable after a switch of condition
:mod:`.scenarios`        declarative scenarios checked against a model (``validate``)
:mod:`.contrast`         the benefit contrast, its readouts, the perturbation sets to try
:mod:`.evaluate`         one screen task: reverse, then judge (kept / partial / lost)
:mod:`.runner`           running many tasks: executors, chunks, progress callback
:mod:`.checkpoint`       finished rows on disk, for resuming
:mod:`.screen`           perturbation screens
:mod:`.organs`           organ necessity (freeze or silence organs' mediators)
:mod:`.robustness`       organ necessity across toggles of the rules and rule ensembles
:mod:`.ensemble`         rule ensembles: admissible networks that pass the scenarios
:mod:`.control`          the minimal interventions that bring a target (``control``)
=======================  =================================================================
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .contrast import Contrast, benefit_readouts, perturbation_sets
    from .control import ControlResult, control
    from .ensemble import EnsembleDraw, rule_ensemble
    from .organs import organ_necessity
    from .protocols import ReversalResult, prevention, reversal, source_attractors
    from .robustness import Toggle, model_toggles, organ_robustness, toggle_design, with_toggles
    from .runner import Execution
    from .scenarios import (
        Scenario,
        ScenarioResult,
        Validation,
        read_scenarios,
        scenario_frame,
        validate,
        verdict_table,
    )
    from .screen import ScreenResult, knockout_screen, perturbation_screen
else:  # imported when first used (the command line needs Execution long before any analysis)
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            ".contrast": ("Contrast", "benefit_readouts", "perturbation_sets"),
            ".control": ("ControlResult", "control"),
            ".organs": ("organ_necessity",),
            ".protocols": ("ReversalResult", "prevention", "reversal", "source_attractors"),
            ".ensemble": ("EnsembleDraw", "rule_ensemble"),
            ".robustness": ("Toggle", "model_toggles", "organ_robustness", "toggle_design", "with_toggles"),
            ".runner": ("Execution",),
            ".scenarios": (
                "Scenario",
                "ScenarioResult",
                "Validation",
                "read_scenarios",
                "scenario_frame",
                "validate",
                "verdict_table",
            ),
            ".screen": ("ScreenResult", "knockout_screen", "perturbation_screen"),
        },
    )

__all__ = [
    "reversal",
    "prevention",
    "source_attractors",
    "ReversalResult",
    "Scenario",
    "ScenarioResult",
    "Validation",
    "read_scenarios",
    "validate",
    "verdict_table",
    "scenario_frame",
    "Contrast",
    "benefit_readouts",
    "perturbation_sets",
    "Execution",
    "perturbation_screen",
    "knockout_screen",
    "ScreenResult",
    "organ_necessity",
    "organ_robustness",
    "rule_ensemble",
    "EnsembleDraw",
    "model_toggles",
    "with_toggles",
    "toggle_design",
    "Toggle",
    "control",
    "ControlResult",
]
