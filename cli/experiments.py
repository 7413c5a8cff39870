"""Commands that run experiments: validate, screen, organs, control."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

import click

import logicnet as ln
from logicnet.network import BooleanNetwork
from logicnet.perturb import ORGAN_MODES

from .options import (
    Budget,
    RunOptions,
    axes_option,
    budget_options,
    constant_species_option,
    execution_options,
    from_option,
    load,
    model_argument,
    plot_option,
    readouts_option,
    report_option,
    semantics_option,
    variants_option,
)
from .output import Output, output_options

if TYPE_CHECKING:
    from logicnet.experiments.runner import Execution


@click.command()
@click.argument("model")
@click.argument("scenarios", required=False)
@from_option
@constant_species_option
@semantics_option()
@variants_option()
@budget_options("Seconds for the whole validation (searches still running then fail as incomplete).")
@output_options
@report_option
def validate(
    model: str,
    scenarios: str | None,
    from_format: str | None,
    constant_species: str | None,
    semantics: str,
    variants: tuple[str, ...],
    budget: Budget,
    out: Output,
    report_dir: str | None,
) -> None:
    """Check a model against declarative scenarios (pass / fail / reported).

    SCENARIOS is a TOML scenario file (default: the one bundled beside MODEL). Each row names
    its scenario by id and title. With several variants the table shows each scenario's
    verdict per variant (info MODEL describes the variants).

    Exit status 3 when any scenario fails under any variant asked for (the failing ones are
    named on stderr), 0 when every scenario passes or is only reported, 1 for an error.

    --report DIR writes scenarios.csv (each scenario under each variant: id, title, expected
    and observed values, verdict, failures), summary.md and a self-contained index.html.

    \b
    Example:
      logicnet validate mafld networks/mafld/scenarios.toml
      logicnet validate mafld --variant all --semantics mp
      logicnet validate mafld --variant all --report validation/
    """
    net = load(model, from_format, constant_species)
    scenario_file = scenarios or _bundled_scenarios(model)
    cases = ln.read_scenarios(scenario_file)
    results = budget.run(partial(ln.validate, net, cases, semantics, variants, timeout=budget.timeout))
    payload = [r.to_json() for r in results]
    counts = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "reported")}
    summary = f"{counts['pass']} pass, {counts['fail']} fail, {counts['reported']} reported ({semantics})"
    table = out.format == "table"
    if table and len({r.variant for r in results}) > 1:
        verdicts = ln.experiments.verdict_table(results, titles=True).reset_index()
        out.emit(payload, verdicts.replace({"title": {"": "-"}}), title=f"scenario verdicts by variant: {summary}")
    elif table:
        rows = [
            {
                "id": r.scenario.id,
                "title": r.scenario.title or "-",
                "variant": r.variant,
                "status": r.status,
                "failures": "; ".join(r.failures) or "-",
                # a terminal table stays narrow: only what the scenario reports
                "reported": " ".join(f"{k}={v}" for k, v in r.observed.items() if k in r.scenario.report) or "-",
            }
            for r in results
        ]
        out.emit(payload, rows, title=summary)
    else:  # csv, tsv: every column of the report's scenarios.csv
        out.emit(payload, results.to_frame)
    if report_dir:
        from logicnet.viz import write_validation_report

        options = {**_given(), "scenarios": str(scenario_file)}
        click.echo(f"report: {write_validation_report(report_dir, net, results, options=options)}", err=True)
    failed: dict[str, list[str]] = {}
    for r in results:
        if r.status == "fail":
            failed.setdefault(r.variant, []).append(r.scenario.id)
    if failed:
        where = "; ".join(f"{variant}: {' '.join(ids)}" for variant, ids in failed.items())
        click.echo(f"{counts['fail']} scenario verdict(s) fail ({where})", err=True)
        sys.exit(3)  # a check that did not pass (cli.main.CHECK_FAILED)


def _given() -> dict[str, object]:
    """The options the command was given, for its report."""
    given = {
        k: v
        for k, v in click.get_current_context().params.items()
        if v not in (None, "", (), False) and k not in ("report_dir", "fmt", "output", "from_format")
    }
    return {k: ",".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in given.items()}


def _report(directory: str, net: BooleanNetwork, result: ln.ScreenResult, kind: str) -> None:
    """The run's report, listing the options it was given."""
    from logicnet.viz import write_report

    click.echo(f"report: {write_report(directory, net, result, kind=kind, options=_given())}", err=True)


@click.command()
@model_argument(variant=False)
@click.option("--baseline", required=True, metavar="SPEC", help="Baseline condition, e.g. HFD=1,Exercise=0.")
@click.option("--treatment", required=True, metavar="SPEC", help="Treatment condition, e.g. HFD=1,Exercise=1.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Nodes perturbed at once.")
@click.option("--kinds", default="ko", show_default=True, help="ko, oe or ko,oe.")
@click.option("--nodes", metavar="A,B,...", help="Nodes to perturb (default: every non-input node).")
@click.option("--organ", metavar="NAME", help="Only nodes of this organ.")
@readouts_option
@axes_option
@click.option("--lean", metavar="SPEC", help="Also switch from this healthy condition (hysteresis per row).")
@semantics_option(several=True)
@variants_option()
@click.option("--background", metavar="SPEC", help="Applied to baseline and treatment, e.g. 'freeze:muscle;Irisin=0'.")
@execution_options
@budget_options("Seconds for the whole screen: then it stops, keeps its rows, and --resume continues it.")
@report_option
@output_options
def screen(
    net: BooleanNetwork,
    model: str,
    baseline: str,
    treatment: str,
    depth: int,
    kinds: str,
    nodes: str | None,
    organ: str | None,
    readouts: str | None,
    axes: str,
    lean: str | None,
    semantics: list[str],
    variants: tuple[str, ...],
    background: str | None,
    run: RunOptions,
    budget: Budget,
    report_dir: str | None,
    out: Output,
) -> None:
    """Knockout/overexpression screen against the benefit contrast (reversal protocol).

    One row per perturbation (and semantics/variant): readout values, attractor count,
    verdict (kept/partial/lost), score, provenance. Progress on stderr; with -o the rows are
    checkpointed beside the output and --resume continues after an interruption.

    \b
    Example:
      logicnet screen mafld --baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=1 --depth 2 -o ko.csv
      logicnet screen mafld --baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=0 \\
          --background "freeze:muscle" --kinds oe --readouts Steatosis=0 -o rescue.csv
    """
    execution = run.execution(out.path, "screen", budget.timeout)
    perturbations = ln.perturbation_sets(
        net, nodes.split(",") if nodes else None, [k.strip() for k in kinds.split(",")], depth, organ=organ
    )
    contrast = ln.Contrast.of(baseline, treatment, background)
    result = budget.run(
        partial(
            ln.perturbation_screen,
            net,
            contrast,
            perturbations,
            readouts=readouts,
            axes=axes,
            lean=lean or None,
            semantics=semantics,
            variants=variants,
            execution=execution,
        ),
        ticking=False,  # the screen draws its own progress bar
    )
    if report_dir:
        _report(report_dir, net, result, "screen")
    out.emit(result.to_json(), result.to_frame, result=result)
    _finish(execution, result)


@click.command()
@model_argument(variant=False)
@click.option("--baseline", metavar="SPEC", help="Baseline condition (default: the model's protocol source).")
@click.option("--treatment", metavar="SPEC", help="Treatment condition (default: the model's protocol treatment).")
@click.option("--mode", type=click.Choice(ORGAN_MODES), default="freeze", show_default=True)
@readouts_option
@axes_option
@click.option(
    "--lean",
    metavar="SPEC",
    help="Also switch from this healthy condition's attractors and flag verdicts that depend on the start "
    "(default: the model's protocol lean condition; '' for none).",
)
@semantics_option()
@variants_option(default="all")
@click.option(
    "--sets",
    default="single,pair,all-but-one",
    show_default=True,
    metavar="KINDS",
    help="Organ sets to freeze: single, pair, all-but-one (comma-separated).",
)
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Also run every combination of the model's toggles (hedged edges, rule variants), or --samples of "
    "them, and report per organ set and axis the fraction of rule sets in which it is necessary.",
)
@click.option(
    "--samples",
    type=click.IntRange(1),
    default=256,
    show_default=True,
    help="Toggle combinations for --sensitivity when there are more (a uniform sample; 95 %% intervals).",
)
@click.option(
    "--ensemble",
    type=click.IntRange(0),
    default=0,
    metavar="N",
    help="Also judge N networks of the rule ensemble (monotone rules with the same signed regulators that "
    "pass the model's asserted scenarios).",
)
@click.option(
    "--thin",
    type=click.IntRange(1),
    default=4,
    show_default=True,
    metavar="K",
    help="The ensemble's chains keep a network every K steps (larger: more nearly independent networks, "
    "a larger effective sample size, a longer draw).",
)
@click.option(
    "--scenarios",
    type=click.Path(exists=True, dir_okay=False),
    help="Scenarios every ensemble network must pass (default: the ones bundled beside MODEL).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the samples (same seed, same answer).")
@click.option(
    "--figure",
    type=click.Path(dir_okay=False, writable=True),
    help="Also draw the verdicts (organ sets x variants; with --sensitivity or --ensemble organ sets x axes, "
    "coloured by how often each is necessary) as a heatmap here, PNG or SVG (default: no figure).",
)
@execution_options
@budget_options("Seconds for the whole run: then it stops, keeps its rows, and --resume continues it.")
@report_option
@output_options
def organs(
    net: BooleanNetwork,
    model: str,
    baseline: str | None,
    treatment: str | None,
    mode: str,
    readouts: str | None,
    axes: str,
    lean: str | None,
    semantics: str,
    variants: tuple[str, ...],
    sets: str,
    sensitivity: bool,
    samples: int,
    ensemble: int,
    thin: int,
    scenarios: str | None,
    seed: int,
    figure: str | None,
    run: RunOptions,
    budget: Budget,
    report_dir: str | None,
    out: Output,
) -> None:
    """Organ necessity: freeze (or silence) organs alone, in pairs and all-but-one.

    Freezing fixes an organ's outgoing mediators at their values in the baseline attractor,
    then the treatment is switched on: is that organ's response necessary for the benefit?
    Reported per rule variant, with the share of variants that agree. With --sensitivity
    and/or --ensemble N, each organ set of the default rules gets, per readout axis, the
    fraction of alternative rule sets in which it is necessary (95 % interval) and the
    toggles that decide it. Writes no file unless asked: --figure, -o, --report.

    \b
    Example:
      logicnet organs mafld --format table --figure organs.png
      logicnet organs mafld --mode silence --variant default --format json
      logicnet organs mafld --sets single --sensitivity --ensemble 1000 -j 2
    """
    protocol = net.metadata.get("protocol", {})
    baseline = baseline or protocol.get("source")
    treatment = treatment or protocol.get("treatment")
    if not baseline or not treatment:
        raise click.UsageError("give --baseline and --treatment (the model declares no [protocol])")
    execution = run.execution(out.path, "organs", budget.timeout)
    common: dict[str, Any] = dict(
        mode=mode,
        sets=[k.strip() for k in sets.split(",") if k.strip()],
        readouts=readouts,
        semantics=semantics,
        execution=execution,
        axes=axes,
        lean=(protocol.get("lean") if lean is None else lean) or None,
    )
    robust = sensitivity or ensemble > 0
    if robust:
        cases = ln.read_scenarios(scenarios or _bundled_scenarios(model)) if ensemble else []
        work = partial(
            ln.organ_robustness,
            net,
            baseline,
            treatment,
            sensitivity=sensitivity,
            samples=samples,
            ensemble=ensemble,
            thin=thin,
            scenarios=cases,
            seed=seed,
            **common,
        )
    else:
        work = partial(ln.organ_necessity, net, baseline, treatment, variants=variants, **common)
    result = budget.run(work, ticking=False)
    if figure:
        from logicnet.viz import plot_organ_necessity, plot_organ_robustness

        plot = plot_organ_robustness if robust else plot_organ_necessity
        plot(result, figure, title=f"{net.name or model}: organ {mode} ({semantics})")
        click.echo(f"figure: {figure}", err=True)
    if report_dir:
        _report(report_dir, net, result, "organs")
    if out.format == "table" and robust:
        title = (
            f"organ necessity by {mode}: the verdict under the default rules, then the share of rule sets in which "
            "the frozen set is necessary (95 % interval); * a toggle that flips the call alone\n"
            + "\n".join(result.notes)
        )
        out.emit(None, robustness_table(result), title=title, result=result)
    elif out.format == "table":
        frame = result.to_frame()
        first = frame[frame["variant"] == frame["variant"].iloc[0]]
        shown = ["label", "set", "verdict", "score", "variants_agree"]
        shown += [c for c in ("hysteresis",) if c in frame] + [f"axis:{a}" for a in result.axes]
        table = first[shown].rename(columns={"label": "frozen", **{f"axis:{a}": a for a in result.axes}})
        out.emit(
            None,
            table,
            title=f"organ necessity by {mode}: verdicts under the default rules, "
            f"agreement across {frame['variant'].nunique()} rule sets",
            result=result,
        )
    else:
        out.emit(result.to_json(), result.to_frame, result=result)
    _finish(execution, result)


def _bundled_scenarios(model: str) -> str:
    """The scenario file bundled beside a bundled MODEL."""
    from logicnet.io import bundled_path

    bundled = bundled_path(model)
    if bundled is None or not (bundled.parent / "scenarios.toml").is_file():
        raise click.UsageError("give a SCENARIOS file (MODEL has no bundled scenarios)")
    return str(bundled.parent / "scenarios.toml")


def robustness_table(result: ln.ScreenResult) -> list[dict[str, object]]:
    """Organ sets x axes: the default verdict with the necessary fraction and its interval,
    and the toggles that decide the overall call."""

    def cell(row: Mapping[str, Any], axis: str) -> str:
        verdict = row["verdict"] if axis == "overall" else row["axes"][axis]["verdict"]
        r = row["robustness"][axis]
        if r["necessary_fraction"] is None:
            return verdict
        return f"{verdict} {r['necessary_fraction']:.0%} ({100 * r['low']:.0f}-{100 * r['high']:.0f})"

    return [
        {
            "frozen": row["label"],
            "hysteresis": row.get("hysteresis", ""),
            **{axis: cell(row, axis) for axis in row["robustness"]},
            "decided_by": " ".join(
                t + "*" * d["alone"] for t, d in list(row["robustness"]["overall"].get("decided_by", {}).items())[:4]
            )
            or "-",
        }
        for row in result
    ]


def _finish(execution: Execution, result: ln.ScreenResult) -> None:
    """The rows are written: drop their checkpoints, unless a time limit left tasks to resume."""
    if not result.missing:
        execution.discard_checkpoint()
        # the robustness runs' own files
        for part in ("sweep", "ensemble", "ensemble-sweep") if execution.checkpoint else ():
            replace(execution, checkpoint=f"{execution.checkpoint}.{part}").discard_checkpoint()
    elif execution.checkpoint:
        click.echo(
            f"{result.missing} task(s) not run before the time limit; their rows are missing: rerun the same "
            f"command with --resume to finish (the finished rows are kept in {execution.checkpoint})",
            err=True,
        )
    else:
        click.echo(f"{result.missing} task(s) not run before the time limit (give -o to resume later)", err=True)


@click.command("control")
@model_argument(variant=False, format_flag="--model-format")
@click.option("--from", "start", metavar="SPEC", help="Start condition (default: the model's protocol source).")
@click.option("--condition", metavar="SPEC", help="Condition after the switch (default: the start condition).")
@click.option("--target", metavar="R=V,...", help="Readouts and the values wanted (default: the core benefit).")
@click.option("--max-size", type=click.IntRange(0, 4), default=2, show_default=True, help="Largest set to search.")
@click.option("--kinds", default="ko,oe", show_default=True, help="ko (fix at 0), oe (fix at 1) or ko,oe.")
@click.option("--nodes", metavar="A,B,...", help="Nodes that may be intervened on (default: every node with a rule).")
@click.option("--organ", metavar="NAME", help="Only nodes of this organ.")
@click.option("--forbid", metavar="A,B,...", help="Nodes never intervened on.")
@click.option("--background", metavar="SPEC", help="Applied to start and condition alike, e.g. 'freeze:adipose'.")
@semantics_option()
@plot_option
@execution_options
@budget_options("Seconds for the whole search: then it stops and says what was not searched.")
@report_option
@output_options
def control(
    net: BooleanNetwork,
    model: str,
    start: str | None,
    condition: str | None,
    target: str | None,
    max_size: int,
    kinds: str,
    nodes: str | None,
    organ: str | None,
    forbid: str | None,
    background: str | None,
    semantics: str,
    plot: str | None,
    run: RunOptions,
    budget: Budget,
    report_dir: str | None,
    out: Output,
) -> None:
    """The smallest interventions that bring the target: every inclusion-minimal set of at
    most --max-size knockouts/overexpressions after which every attractor reachable from every
    attractor of --from, under --condition (both with --background), has the target readouts.

    Each set says how it was proven: "percolation" (value propagation alone: it holds under
    every semantics) or "reachability" (the exact engine, under --semantics). Supersets of a
    set found are never listed: only minimal sets are asked for. The target readouts and
    nodes the condition or background fixes are never intervened on.

    \b
    Example:
      logicnet control mafld --from HFD=1,Exercise=0 --condition HFD=1,Exercise=0 --max-size 3
      logicnet control mafld --from HFD=1,Exercise=0 --condition HFD=1,Exercise=1 --background freeze:CNS
    """
    start = net.metadata.get("protocol", {}).get("source") if start is None else start
    if start is None:
        raise click.UsageError("give --from (the model declares no [protocol] source; --from '' starts anywhere)")
    execution = run.execution(out.path, "control", budget.timeout)
    result = budget.run(
        partial(
            ln.control,
            net,
            start,
            start if condition is None else condition,
            target,
            max_size=max_size,
            kinds=_names(kinds),
            nodes=_names(nodes) if nodes else None,
            organ=organ,
            forbid=_names(forbid),
            background=background,
            semantics=semantics,
            execution=execution,
            timeout=budget.timeout,
        ),
        ticking=False,  # verification draws its own progress bar
    )
    if plot:
        from logicnet.viz import plot_control

        plot_control(result, net, plot, title=f"{net.name or model}: minimal interventions ({semantics})")
    if report_dir:
        from logicnet.viz import write_control_report

        click.echo(f"report: {write_control_report(report_dir, net, result, options=_given())}", err=True)
    title = f"{len(result)} minimal intervention set(s) of up to {max_size}"
    out.emit(result.to_json(), result.to_frame, title=title, result=result)
    if result.complete or not execution.checkpoint:
        execution.discard_checkpoint()
    else:
        click.echo(
            f"incomplete: the sets verified so far are kept in {execution.checkpoint} (--resume reuses them)", err=True
        )


def _names(text: str | None) -> list[str]:
    """A comma-separated list."""
    return [p.strip() for p in (text or "").split(",") if p.strip()]


COMMANDS = [validate, screen, organs, control]
