"""Run reports: the table, figures and a short Markdown summary of a screen, an
organ-necessity run or a control search, with the main findings written as sentences
generated from the rows."""

from __future__ import annotations

import platform
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..experiments.control import ControlResult
from ..experiments.screen import ScreenResult
from ..io.files import atomic_write
from ..network import BooleanNetwork
from .heatmaps import plot_control, plot_organ_necessity, plot_screen

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_report", "write_control_report"]


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    return (
        ", ".join(f"{n} {v(n)}" for n in ("logicnet", "clingo", "biodivine-aeon", "boolean.py", "pandas"))
        + f", Python {platform.python_version()}"
    )


def write_report(
    directory: str | Path, network: BooleanNetwork, result: ScreenResult, *, kind: str, options: Mapping[str, Any]
) -> Path:
    """Write ``results.csv``, the heatmap and ``summary.md`` of a screen (``kind="screen"``)
    or organ-necessity run (``"organs"``) into ``directory``; ``options`` lists how it ran.
    Returns the summary's path."""
    frame = result.to_frame()
    readouts = result.readouts
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "results.csv", frame.to_csv(index=False, lineterminator="\n"))
    lines = [
        f"# {'Organ necessity' if kind == 'organs' else 'Perturbation screen'}: {network.name or 'model'}",
        "",
        "## Run",
        "",
        f"- model: `{network.name}` (hash `{network.fingerprint()[:16]}`), {len(network)} nodes",
        *(f"- {k}: `{v}`" for k, v in options.items()),
        f"- verdict readouts: {', '.join(f'{k}={v}' for k, v in readouts.items())}",
        f"- versions: {_versions()}",
        "",
        "## Findings",
        "",
    ]
    if kind == "organs":
        plot_organ_necessity(frame, out / "organs.png")
        lines += [*_organ_findings(frame), "", "![verdicts](organs.png)"]
    else:
        plot_screen(frame, out / "screen.png", readouts)
        lines += [*_screen_findings(frame), "", "![screen](screen.png)"]
    atomic_write(out / "summary.md", "\n".join(lines) + "\n")
    return out / "summary.md"


def write_control_report(
    directory: str | Path, network: BooleanNetwork, result: ControlResult, *, options: Mapping[str, Any]
) -> Path:
    """Write ``sets.csv``, ``control.png`` and ``summary.md`` of a control search into
    ``directory``; ``options`` lists how it ran. Returns the summary's path."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "sets.csv", result.to_frame().to_csv(index=False, lineterminator="\n"))
    plot_control(result, network, out / "control.png")
    sizes = [r["size"] for r in result]
    how = {v: sum(r["verified"] == v for r in result) for v in ("percolation", "reachability")}
    lines = [
        f"# Control: {network.name or 'model'}",
        "",
        "## Run",
        "",
        f"- model: `{network.name}` (hash `{network.fingerprint()[:16]}`), {len(network)} nodes",
        *(f"- {k}: `{v}`" for k, v in options.items()),
        f"- target: {', '.join(f'{k}={v}' for k, v in result.target.items())} ({result.semantics})",
        f"- sets examined: {', '.join(f'{k} {v:,}' for k, v in result.tried.items())}",
        f"- versions: {_versions()}",
        "",
        "## Findings",
        "",
        (
            f"- {len(result)} minimal set(s) of up to {result.max_size} intervention(s), the smallest of "
            f"{min(sizes)}: {how['percolation']} proven by value propagation (they hold under every "
            f"semantics), {how['reachability']} by the exact reachability engine."
            if sizes
            else f"- No set of up to {result.max_size} intervention(s) brings the target."
        ),
        *(["- The condition alone brings the target: no intervention is needed."] if 0 in sizes else []),
        *(f"- `{r['interventions'] or '(none)'}` ({r['verified']})" for r in result.records()[:30]),
        *([f"- ... and {len(result) - 30} more (sets.csv)."] if len(result) > 30 else []),
        (
            f"- The search was complete: every other set of up to {result.max_size} intervention(s) is "
            "insufficient or contains one of these."
            if result.complete
            else "- INCOMPLETE: " + "; ".join(result.notes)
        ),
        "",
        "A set is sufficient when every attractor reachable from every start attractor, with the "
        "condition and the interventions applied at time zero and held, has every target readout at "
        "its value. It says nothing about sets that are larger than the size searched, nor about "
        "interventions on nodes that were not allowed.",
        "",
        "![sets x readouts](control.png)",
    ]
    atomic_write(out / "summary.md", "\n".join(lines) + "\n")
    return out / "summary.md"


def _organ_findings(frame: pd.DataFrame) -> list[str]:
    """Sentences on organ necessity under the first rule set, with robustness across all."""
    first = frame[frame["variant"] == frame["variant"].iloc[0]]
    lines = []
    role = {"kept": "is not necessary", "lost": "is necessary", "partial": "is partly necessary"}
    for _, r in first[first["set"] == "single"].iterrows():
        if r["verdict"] == "error":
            lines.append(f"- Freezing **{r['label']}** could not be evaluated: {r['method']}.")
        elif r["verdict"] == "kept":
            lines.append(
                f"- Freezing **{r['label']}** keeps the benefit: the organ's response {role['kept']} "
                f"(same verdict in {r['variants_agree']} of the rule sets)."
            )
        else:
            lines.append(
                f"- Freezing **{r['label']}** {'loses' if r['verdict'] == 'lost' else 'partly loses'} "
                f"the benefit (score {r['score']:.2f}): the organ's response {role[r['verdict']]} "
                f"(same verdict in {r['variants_agree']} of the rule sets)."
            )
    pairs = first[(first["set"] == "pair") & first["verdict"].isin(["lost", "partial"])]
    singles_kept = set(first[(first["set"] == "single") & (first["verdict"] == "kept")]["label"])
    redundant = [r["label"] for _, r in pairs.iterrows() if set(r["organs"]) <= singles_kept]
    if redundant:
        lines.append(f"- Redundancy: each alone is dispensable but together they are needed: {', '.join(redundant)}.")
    sufficient = [
        r["label"].removeprefix("all but ")
        for _, r in first[first["set"] == "all-but-one"].iterrows()
        if r["verdict"] == "kept"
    ]
    lines.append(
        "- Sufficiency: "
        + (
            f"the response of {', '.join(sufficient)} alone suffices."
            if sufficient
            else "no single organ responding alone restores the benefit."
        )
    )
    lines.append(f"- {frame['variant'].nunique()} rule set(s) compared: {', '.join(dict.fromkeys(frame['variant']))}.")
    return lines


def _screen_findings(frame: pd.DataFrame) -> list[str]:
    """Sentences on which perturbations lose the benefit, which decide a readout themselves,
    where semantics disagree, and what failed."""
    perturbed = frame["perturbation"].fillna("") != ""
    itself = frame["readout_fixed"].astype(str) == "True"  # the perturbation fixes a verdict readout
    base = frame[~perturbed]
    lines = [f"- Without perturbation the benefit is **{base['verdict'].iloc[0] if len(base) else '?'}**."]
    for rows, phrase in (
        (frame["verdict"].eq("lost") & ~itself, "abolish the benefit"),
        (frame["verdict"].eq("partial") & ~itself, "make it partial"),
        (itself, "fix a verdict readout themselves (their verdict is not the dynamics')"),
        (frame["verdict"].eq("error"), "could not be evaluated"),
    ):
        names = list(dict.fromkeys(frame[rows & perturbed]["perturbation"]))
        if names:
            more = f" and {len(names) - 15} more" if len(names) > 15 else ""
            lines.append(f"- {len(names)} perturbation(s) {phrase}: {', '.join(f'`{n}`' for n in names[:15])}{more}.")
    if "agreement" in frame:
        differ = list(dict.fromkeys(frame[frame["agreement"] == "differ"]["perturbation"]))
        lines.append(
            f"- Semantics disagree on {len(differ)} perturbation(s)"
            + (f": {', '.join(differ[:10])}." if differ else ".")
        )
    incomplete = int((~frame["complete"].astype(bool)).sum())
    lines.append(
        f"- {incomplete} row(s) come from incomplete searches."
        if incomplete
        else "- Every attractor search was exhaustive (complete)."
    )
    return lines
