"""Pictures and generated documents: drawings of networks, heatmaps, model documentation,
run reports. matplotlib is imported only when something is drawn.

=====================  ==============================================================
module                 holds
=====================  ==============================================================
:mod:`.layout`         node positions (organs as groups)
:mod:`.network`        drawings of the node and organ graphs; ``export_graph``
:mod:`.heatmaps`       trajectories, attractors, screens, organ necessity, control
:mod:`.robustness`     organ necessity across rule sets (organ sets x readout axes)
:mod:`.figures`        figure sizing, deterministic saving
:mod:`.document`       a model's node table and organ picture in its README
:mod:`.report`         the summary, tables and figure of a screen, organ, control or validation run
=====================  ==============================================================

Every plotting function returns its ``Figure`` and, given a path, writes it.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .document import document_model, node_table_markdown
    from .figures import save_figure
    from .heatmaps import plot_attractors, plot_control, plot_organ_necessity, plot_screen, plot_trajectory
    from .network import draw_graph, export_graph
    from .report import write_control_report, write_report, write_validation_report
    from .robustness import plot_organ_robustness
else:  # imported when first used: a heatmap needs neither networkx nor the layouts
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            ".document": ("document_model", "node_table_markdown"),
            ".figures": ("save_figure",),
            ".heatmaps": ("plot_attractors", "plot_control", "plot_organ_necessity", "plot_screen", "plot_trajectory"),
            ".network": ("draw_graph", "export_graph"),
            ".report": ("write_control_report", "write_report", "write_validation_report"),
            ".robustness": ("plot_organ_robustness",),
        },
    )

__all__ = [
    "draw_graph",
    "export_graph",
    "plot_trajectory",
    "plot_attractors",
    "plot_screen",
    "plot_organ_necessity",
    "plot_organ_robustness",
    "plot_control",
    "save_figure",
    "document_model",
    "node_table_markdown",
    "write_report",
    "write_control_report",
    "write_validation_report",
]
