"""Run reports: the table, figures, a short Markdown summary and a self-contained HTML page
(``index.html``, see :mod:`.html`) of a screen, an organ-necessity run, a control search or
a scenario validation,
with the main findings written as sentences generated from the rows."""

from __future__ import annotations

import platform
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..experiments.control import ControlResult
from ..experiments.scenarios import ScenarioResult, scenario_frame, verdict_table
from ..experiments.screen import ScreenResult
from ..io.files import atomic_write
from ..network import BooleanNetwork
from .heatmaps import plot_control, plot_organ_necessity, plot_screen
from .html import html_page, process_command, provenance_date

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_report", "write_control_report", "write_validation_report"]


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
    directory: str | Path,
    network: BooleanNetwork,
    result: ScreenResult,
    *,
    kind: str,
    options: Mapping[str, Any],
    command: str | None = None,
) -> Path:
    """Write ``results.csv``, the heatmap, ``summary.md`` and ``index.html`` (the same,
    self-contained, for a browser: :mod:`.html`) of a screen (``kind="screen"``) or
    organ-necessity run (``"organs"``) into ``directory``; ``options`` lists how it ran,
    ``command`` the command line (default: this process's). Returns the summary's path."""
    frame = result.to_frame()
    readouts = result.readouts
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "results.csv", frame.to_csv(index=False, lineterminator="\n"))
    organs = kind == "organs"
    if organs and "robustness" in frame:  # a sensitivity or ensemble run: organ sets x axes
        from .robustness import plot_organ_robustness

        plot_organ_robustness(result, out / "organs.png")
        findings, figure = _organ_findings(frame), ("organs.png", "necessity across rule sets")
    elif organs:
        plot_organ_necessity(frame, out / "organs.png")
        findings, figure = _organ_findings(frame), ("organs.png", "verdicts")
    else:
        plot_screen(frame, out / "screen.png", readouts)
        findings, figure = _screen_findings(frame), ("screen.png", "screen")
    return _publish(
        out,
        f"{'Organ necessity' if organs else 'Perturbation screen'}: {network.name or 'model'}",
        network,
        options,
        command,
        extra=[("verdict readouts", ", ".join(f"{k}={v}" for k, v in readouts.items()))],
        findings=findings,
        tables=[
            ("Conclusions and their robustness", _columns(frame, _CONCLUSION_COLUMNS)),
            ("All rows (results.csv)", frame),
        ],
        figure=figure,
    )


def write_control_report(
    directory: str | Path,
    network: BooleanNetwork,
    result: ControlResult,
    *,
    options: Mapping[str, Any],
    command: str | None = None,
) -> Path:
    """Write ``sets.csv``, ``control.png``, ``summary.md`` and ``index.html`` of a control
    search into ``directory``; ``options`` lists how it ran, ``command`` the command line.
    Returns the summary's path."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    frame = result.to_frame()
    atomic_write(out / "sets.csv", frame.to_csv(index=False, lineterminator="\n"))
    plot_control(result, network, out / "control.png")
    sizes = [r["size"] for r in result]
    how = {v: sum(r["verified"] == v for r in result) for v in ("percolation", "reachability")}
    target = f"{', '.join(f'{k}={v}' for k, v in result.target.items())} ({result.semantics})"
    examined = ", ".join(f"{k} {v:,}" for k, v in result.tried.items())
    findings = [
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
    ]
    caveat = (
        "A set is sufficient when every attractor reachable from every start attractor, with the "
        "condition and the interventions applied at time zero and held, has every target readout at "
        "its value. It says nothing about sets that are larger than the size searched, nor about "
        "interventions on nodes that were not allowed."
    )
    return _publish(
        out,
        f"Control: {network.name or 'model'}",
        network,
        options,
        command,
        extra=[("target", target), ("sets examined", examined)],
        findings=findings,
        notes=[caveat],
        tables=[("Sufficient sets", frame)],
        figure=("control.png", "sets x readouts"),
    )


def write_validation_report(
    directory: str | Path,
    network: BooleanNetwork,
    results: list[ScenarioResult],
    *,
    options: Mapping[str, Any],
    command: str | None = None,
) -> Path:
    """Write ``scenarios.csv`` (one row per scenario and variant: id, title, expected and
    observed values, verdict, failures; see :func:`~logicnet.experiments.scenarios.scenario_frame`),
    ``summary.md`` and ``index.html`` of a scenario validation (:func:`logicnet.validate`)
    into ``directory``; ``options`` lists how it ran, ``command`` the command line. Returns
    the summary's path."""
    frame = scenario_frame(results)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "scenarios.csv", frame.to_csv(index=False, lineterminator="\n"))
    variants = list(dict.fromkeys(frame["variant"]))
    counts = {s: int((frame["status"] == s).sum()) for s in ("pass", "fail", "reported")}
    verdicts = f"{counts['pass']} pass, {counts['fail']} fail, {counts['reported']} reported"
    findings = [
        f"- {frame['id'].nunique()} scenario(s) under {len(variants)} rule set(s) ({', '.join(variants)}): {verdicts}."
    ]
    for variant in variants:
        failed = frame[(frame["variant"] == variant) & (frame["status"] == "fail")]
        if len(failed):
            named = "; ".join(f"`{r.id}` ({r.failures})" for r in failed.head(15).itertuples())
            more = f" and {len(failed) - 15} more" if len(failed) > 15 else ""
            findings.append(f"- Under **{variant}**, {len(failed)} scenario(s) **fail**: {named}{more}.")
    if not counts["fail"]:
        findings.append("- Every scenario that asserts something passes under every rule set.")
    incomplete = int((~frame["complete"].astype(bool)).sum())
    findings.append(
        f"- {incomplete} verdict(s) come from incomplete searches (they fail: nothing can be asserted)."
        if incomplete
        else "- Every attractor search was exhaustive (complete)."
    )
    tables = [("Scenarios (scenarios.csv)", frame)]
    if len(variants) > 1:
        tables.insert(0, ("Verdicts by variant", verdict_table(results, titles=True).reset_index()))
    return _publish(
        out,
        f"Scenario validation: {network.name or 'model'}",
        network,
        options,
        command,
        extra=[("verdicts", verdicts), ("rule sets", ", ".join(variants))],
        findings=findings,
        tables=tables,
    )


def _publish(
    out: Path,
    title: str,
    network: BooleanNetwork,
    options: Mapping[str, Any],
    command: str | None,
    *,
    extra: list[tuple[str, str]],
    findings: list[str],
    tables: list[tuple[str, pd.DataFrame]],
    notes: list[str] | None = None,
    figure: tuple[str, str] | None = None,
) -> Path:
    """A report's ``summary.md`` and ``index.html`` in ``out``: the run (the model, the
    ``options``, the ``extra`` (label, value) pairs, the versions), the ``findings`` (Markdown
    list items), ``notes`` (paragraphs), the ``figure`` (file in ``out``, caption) and, on the
    page, the ``tables`` and the provenance. Returns the summary's path."""
    notes = notes or []
    run = [*_run_lines(network, options), *(f"- {k}: {v}" for k, v in extra), f"- versions: {_versions()}"]
    lines = [f"# {title}", "", "## Run", "", *run, "", "## Findings", "", *findings]
    lines += [part for note in notes for part in ("", note)]
    lines += ["", f"![{figure[1]}]({figure[0]})"] if figure else []
    atomic_write(out / "summary.md", "\n".join(lines) + "\n")
    figures = [(f"{figure[1]} ({figure[0]})", out / figure[0])] if figure else []
    provenance = _provenance(network, options, command, extra)
    atomic_write(out / "index.html", html_page(title, provenance, [*_items(findings), *notes], tables, figures))
    return out / "summary.md"


def _run_lines(network: BooleanNetwork, options: Mapping[str, Any]) -> list[str]:
    """The summary's first lines: the model and the options the run was given."""
    return [
        f"- model: `{network.name}` (hash `{network.fingerprint()[:16]}`), {len(network)} nodes",
        *(f"- {k}: `{v}`" for k, v in options.items() if k != "model"),  # the line above names it
    ]


# Columns that state a conclusion and how robust it is, in the order shown (those present).
_CONCLUSION_COLUMNS = (
    "label",
    "perturbation",
    "set",
    "variant",
    "semantics",
    "verdict",
    "score",
    "robustness",
    "variants_agree",
    "agreement",
    "lean_verdict",
    "hysteresis",
    "readout_fixed",
    "complete",
)


def _columns(frame: pd.DataFrame, wanted: tuple[str, ...]) -> pd.DataFrame:
    return frame[[c for c in wanted if c in frame.columns]]


def _items(findings: list[str]) -> list[str]:
    """Markdown list items as sentences."""
    return [f.removeprefix("- ") for f in findings]


def _provenance(
    network: BooleanNetwork, options: Mapping[str, Any], command: str | None, extra: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The page's provenance: model, command, version, date, seed, ``extra``, options, versions."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        logicnet_version = version("logicnet")
    except PackageNotFoundError:
        logicnet_version = "?"
    return [
        ("model", f"`{network.name or 'model'}` (hash `{network.fingerprint()[:16]}`), {len(network)} nodes"),
        ("command", f"`{command if command is not None else process_command()}`"),
        ("logicnet", logicnet_version),
        ("date", provenance_date()),
        ("seed", str(options.get("seed", "none (the run draws no random numbers)"))),
        *extra,
        *((k, f"`{v}`") for k, v in options.items() if k not in ("seed", "model")),
        ("versions", _versions()),
    ]


def _organ_findings(frame: pd.DataFrame) -> list[str]:
    """Sentences on organ necessity under the first rule set, with robustness across all."""
    first = frame[frame["variant"] == frame["variant"].iloc[0]]
    lines = []
    role = {"kept": "is not necessary", "lost": "is necessary", "partial": "is partly necessary"}
    for _, r in first[first["set"] == "single"].iterrows():
        agree = f"same verdict in {r['variants_agree']} of the rule sets"
        if isinstance(r.get("robustness"), Mapping):  # necessary in how many alternative rule sets
            o = r["robustness"]["overall"]
            deciders = ", ".join(list(o.get("decided_by", {}))[:4])
            agree = (
                f"necessary in {o['necessary_fraction']:.0%} ({o['low']:.0%}-{o['high']:.0%}) of {o['n']} rule sets"
                + (f"; decided by {deciders}" if deciders else "")
            )
        if r["verdict"] == "error":
            lines.append(f"- Freezing **{r['label']}** could not be evaluated: {r['method']}.")
        elif r["verdict"] == "kept":
            lines.append(
                f"- Freezing **{r['label']}** keeps the benefit: the organ's response {role['kept']} ({agree})."
            )
        else:
            lines.append(
                f"- Freezing **{r['label']}** {'loses' if r['verdict'] == 'lost' else 'partly loses'} "
                f"the benefit (score {r['score']:.2f}): the organ's response {role[r['verdict']]} ({agree})."
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
