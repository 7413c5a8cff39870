"""Commands about the dynamics: attractors, reachable, fixed-points, trap-spaces, basins,
simulate, stg."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import click

import logicnet as ln
from logicnet.analysis import BASIN_METHODS
from logicnet.network import BooleanNetwork
from logicnet.perturb import Fix, Perturbation
from logicnet.results import Attractors, AttractorSeeds
from logicnet.semantics import ASYNCHRONOUS, SYNCHRONOUS

from .options import (
    Budget,
    budget_options,
    from_condition_option,
    limit_option,
    model_argument,
    perturbation_options,
    plot_option,
    require_source,
    seed_option,
    semantics_option,
)
from .output import Output, Status, output_options

if TYPE_CHECKING:
    import pandas as pd


def emit_attractors(result: Attractors, out: Output, payload: Any = None) -> None:
    """Attractors: JSON by the contract; tables show nodes as rows (easier to read), one
    column per attractor, or per state of a synchronous cycle (headed ATTRACTOR.STEP)."""
    payload = result.to_json() if payload is None else payload
    title = f"{result.semantics} attractors"
    if out.format == "json":  # no rows: 0.2 s for bbm-016's 16,384 attractors
        out.emit(payload, [], title=title, result=result)
        return
    rows = attractor_rows(result)
    if not rows:  # csv and tsv still give their header
        steps = ["step"] if result.semantics == SYNCHRONOUS else []
        header = ["attractor", "type", "size", *steps, *result.nodes]
        out.emit(payload, lambda: _empty(header), title=title, result=result)
    elif out.format == "table":
        columns = {
            f"{r['attractor']}.{r['step']}" if r["type"] == "cyclic" and r["step"] != "" else str(r["attractor"]): {
                k: v for k, v in r.items() if k not in ("attractor", "step")
            }
            for r in rows
        }
        fields = dict.fromkeys(k for column in columns.values() for k in column)
        table = [{"node": f, **{c: column.get(f) for c, column in columns.items()}} for f in fields]
        out.emit(payload, table, title=title, result=result)
    else:
        out.emit(payload, rows, result=result)


def emit_seeds(result: AttractorSeeds, out: Output) -> None:
    """Attractor seeds: tables show nodes as rows, two columns per attractor (its state,
    headed N, and its trap space, headed N.space); csv/tsv two rows per attractor."""
    rows = result.records()
    title = "asynchronous attractors (seeds)"
    if not rows:
        out.emit(
            result.to_json(), lambda: _empty(["attractor", "type", "row", *result.nodes]), title=title, result=result
        )
    elif out.format == "table":
        table = [{"node": "type", **{str(i): a.type for i, a in enumerate(result)}}]
        for n in result.nodes:
            cells: dict[str, Any] = {}
            for i, a in enumerate(result):
                cells[str(i)], cells[f"{i}.space"] = a.state[n], a.trap_space[n]
            table.append({"node": n, **cells})
        out.emit(result.to_json(), table, title=title, result=result)
    else:
        out.emit(result.to_json(), rows, result=result)


def _empty(columns: list[str]) -> pd.DataFrame:
    """A table with no rows."""
    import pandas as pd

    return pd.DataFrame(columns=columns)


def attractor_rows(result: Attractors) -> list[dict[str, Any]]:
    """One row per attractor: ``attractor`` (its number), ``type``, ``size``, then its value
    per node (0, 1 or ``*``). Synchronous results add ``step``: a cycle whose states are
    listed takes one row per state, in order (step 0, 1, ...), a fixed point step 0."""
    steps = result.semantics == SYNCHRONOUS
    rows: list[dict[str, Any]] = []
    for i, a in enumerate(result):
        head = {"attractor": i, "type": a.type, "size": a.size}
        if steps and a.states:
            rows += [{**head, "step": t, **state} for t, state in enumerate(a.states)]
        else:
            rows.append({**head, **({"step": ""} if steps else {}), **a.values})
    return rows


def parse_state(text: str, net: BooleanNetwork) -> dict[str, Any]:
    """A (partial) state "A=1,B=0" or a 0/1 string in model order; missing nodes are free."""
    text = text.strip()
    if not text:
        raise click.BadParameter("an empty state: give node values (A=1,B=0) or a 0/1 string")
    if set(text) <= {"0", "1"} and len(text) == len(net):
        return dict(zip(net.nodes, map(int, text)))
    values = {f.node: f.value for f in Perturbation.parse(text).items if isinstance(f, Fix)}
    for n in values:
        net.index(n)
    return {n: values.get(n, "*") for n in net.nodes}


@click.command()
@model_argument
@semantics_option()
@perturbation_options
@from_condition_option
@click.option("--by-inputs", is_flag=True, help="One search per input valuation, as a table by condition.")
@click.option(
    "--seeds",
    is_flag=True,
    help="Asynchronous only: one state per attractor and the smallest trap space holding it, "
    "not the attractor's states (networks of hundreds of nodes).",
)
@plot_option
@limit_option("attractors")
@budget_options()
@output_options
def attractors(
    net: BooleanNetwork,
    model: str,
    semantics: str,
    perturbation: Perturbation,
    from_condition: str | None,
    by_inputs: bool,
    seeds: bool,
    plot: str | None,
    limit: int | None,
    budget: Budget,
    out: Output,
) -> None:
    """Attractors: fixed points, cycles, complex attractors or minimal trap spaces.

    Nodes without an update function are inputs that keep their value, so the result covers
    every input valuation unless --set fixes them. "complete" is true only when nothing can
    be missing.

    A synchronous cycle is shown state by state, in order: csv and tsv give one row per
    state with its step (0, 1, ...; a fixed point is step 0), tables (nodes as rows) one
    column per state headed ATTRACTOR.STEP, and JSON lists the states under "states".
    Elsewhere a * marks a node that is not constant within the attractor.

    --seeds counts the asynchronous attractors of large networks (hundreds of free nodes),
    whose complex attractors can be too large to describe: each is given by one of its
    states and the smallest trap space containing it.

    \b
    Example:
      logicnet attractors model.bnet --semantics sync --format json
      logicnet attractors gutliver --set HFD=1 --set Exercise=1 --ko TLR4
      logicnet attractors gutliver --set HFD=1,Exercise=1 --from-condition HFD=1,Exercise=0
      logicnet attractors large.bnet --seeds --format json
    """
    timeout = budget.timeout
    if seeds:
        if semantics != ASYNCHRONOUS or by_inputs or from_condition or plot:
            raise click.UsageError(
                "--seeds goes with asynchronous semantics only, without --by-inputs, --from-condition or --plot"
            )
        found = budget.run(
            partial(ln.attractor_seeds, net, perturbation, limit=limit, timeout=timeout),
            lambda note: AttractorSeeds.stopped(note, nodes=net.nodes),
        )
        emit_seeds(found, out)
        return
    if by_inputs:
        frame = budget.run(
            partial(ln.attractors_by_condition, net, semantics, perturbation=perturbation, limit=limit, timeout=timeout)
        )
        stopped = list(dict.fromkeys(frame.loc[~frame["complete"].astype(bool), "condition"]))
        status = Status(not stopped, tuple(f"the search under {c} is incomplete" for c in stopped))
        out.emit(frame.to_dict(orient="records"), frame, result=status)
        return
    require_source(perturbation, from_condition)
    if from_condition:
        reversed_ = budget.run(partial(ln.reversal, net, from_condition, perturbation, semantics, timeout=timeout))
        result, payload = reversed_.combined, reversed_.to_json()
    else:
        result = budget.run(
            partial(ln.attractors, net, semantics, perturbation, limit=limit, timeout=timeout),
            lambda note: Attractors.stopped(note, nodes=net.nodes, semantics=semantics),
        )
        payload = result.to_json()
    if plot:
        from logicnet.viz import plot_attractors

        plot_attractors(result, net, plot, title=f"{net.name or model}: {result.semantics} attractors")
    emit_attractors(result, out, payload=payload)


@click.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option(
    "--from-state",
    "from_states",
    multiple=True,
    metavar="STATE",
    help="Initial state: A=1,B=0 (missing nodes take both values) or a 0/1 string in model order (repeatable).",
)
@from_condition_option
@budget_options()
@output_options
def reachable(
    net: BooleanNetwork,
    model: str,
    semantics: str,
    perturbation: Perturbation,
    from_states: tuple[str, ...],
    from_condition: str | None,
    budget: Budget,
    out: Output,
) -> None:
    """Attractors reachable from initial states (after the perturbation, applied at time zero).

    Shown as by the attractors command (synchronous cycles state by state, in order).

    \b
    Example:
      logicnet reachable gutliver --from-state HFD=1,Exercise=0 --set Exercise=1
      logicnet reachable gutliver --from-condition HFD=1,Exercise=0 --set HFD=1,Exercise=1 --ko SCFA
    """
    if bool(from_states) == bool(from_condition):
        raise click.UsageError("give --from-state (one or more) or --from-condition")
    require_source(perturbation, from_condition)
    timeout = budget.timeout
    if from_condition:
        reversed_ = budget.run(partial(ln.reversal, net, from_condition, perturbation, semantics, timeout=timeout))
        emit_attractors(reversed_.combined, out, payload=reversed_.to_json())
    else:
        starts = [parse_state(s, net) for s in from_states]
        result = budget.run(
            partial(ln.reachable_attractors, net, starts, semantics, perturbation, timeout=timeout),
            lambda note: Attractors.stopped(note, nodes=net.nodes, semantics=semantics),
        )
        emit_attractors(result, out)


@click.command("fixed-points")
@model_argument
@perturbation_options
@limit_option("fixed points")
@budget_options()
@output_options
def fixed_points(
    net: BooleanNetwork,
    model: str,
    perturbation: Perturbation,
    limit: int | None,
    budget: Budget,
    out: Output,
) -> None:
    """Fixed points (steady states), the same under every semantics.

    \b
    Example:
      logicnet fixed-points model.bnet --limit 100 --format json
    """
    result = budget.run(
        partial(ln.fixed_points, net, perturbation, limit=limit, timeout=budget.timeout),
        lambda note: ln.FixedPoints.stopped(note, columns=net.nodes),
    )
    out.emit(result.to_json(), out.rows_of(result), result=result)


@click.command("trap-spaces")
@model_argument
@perturbation_options
@click.option("--minimal/--maximal", default=True, help="Minimal (default) or maximal trap spaces.")
@limit_option("trap spaces")
@budget_options()
@output_options
def trap_spaces(
    net: BooleanNetwork,
    model: str,
    perturbation: Perturbation,
    minimal: bool,
    limit: int | None,
    budget: Budget,
    out: Output,
) -> None:
    """Trap spaces: subspaces no trajectory leaves (value * = free).

    \b
    Example:
      logicnet trap-spaces model.bnet --maximal --format json
    """
    kind = "minimal" if minimal else "maximal"
    result = budget.run(
        partial(ln.trap_spaces, net, perturbation, kind=kind, limit=limit, timeout=budget.timeout),
        lambda note: ln.TrapSpaces.stopped(note, columns=net.nodes, kind=kind),
    )
    out.emit(result.to_json(), out.rows_of(result), result=result)


@click.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option(
    "--method",
    type=click.Choice(BASIN_METHODS),
    default="auto",
    show_default=True,
    help="Exact enumeration, BDDs (async only), or sampled estimates.",
)
@click.option("--samples", type=click.IntRange(1), default=2000, show_default=True)
@click.option("--max-steps", type=click.IntRange(1), default=10000, show_default=True)
@seed_option
@budget_options()
@output_options
def basins(
    net: BooleanNetwork,
    model: str,
    semantics: str,
    perturbation: Perturbation,
    method: str,
    samples: int,
    max_steps: int,
    seed: int,
    budget: Budget,
    out: Output,
) -> None:
    """Basins of attraction: exact where the state space allows, else estimated.

    \b
    Example:
      logicnet basins gutliver --set HFD=1 --semantics sync
      logicnet basins model.bnet --method sampling --samples 5000 --format json
    """
    from logicnet.analysis.basins import stopped_basins

    result = budget.run(
        partial(
            ln.basins,
            net,
            semantics,
            perturbation,
            method=method,
            samples=samples,
            max_steps=max_steps,
            seed=seed,
            timeout=budget.timeout,
        ),
        lambda note: stopped_basins(net, semantics, note),
    )
    out.emit(result.to_json(), result.to_frame, title=f"{result.semantics} basins, {result.method}", result=result)


@click.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option("--initial", metavar="STATE", help="Initial state A=1,B=0 (missing nodes random) or a 0/1 string.")
@click.option("--steps", type=click.IntRange(1), default=50, show_default=True)
@click.option("--runs", type=click.IntRange(1), default=1, show_default=True)
@seed_option
@plot_option
@budget_options(timeout=False)
@output_options
def simulate(
    net: BooleanNetwork,
    model: str,
    semantics: str,
    perturbation: Perturbation,
    initial: str | None,
    steps: int,
    runs: int,
    seed: int,
    plot: str | None,
    budget: Budget,
    out: Output,
) -> None:
    """Simulate trajectories (one row per run and step).

    \b
    Example:
      logicnet simulate gutliver --initial HFD=1,Exercise=0 --set Exercise=1 --steps 30 --format csv
    """
    start = {n: v for n, v in parse_state(initial, net).items() if v != "*"} if initial else None
    frame = budget.run(
        partial(ln.simulate, net, start, semantics, steps=steps, runs=runs, perturbation=perturbation, seed=seed)
    )
    if plot:
        from logicnet.viz import plot_trajectory

        plot_trajectory(frame[frame.run == 0], plot)
    out.emit(frame.to_dict(orient="records"), frame)


@click.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option(
    "--export",
    "export_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the graph (.graphml, .dot, .png, .svg).",
)
@click.option("--max-nodes", type=click.IntRange(1, 16), default=12, show_default=True, help="Refuse larger networks.")
@budget_options(timeout=False)
@output_options
def stg(
    net: BooleanNetwork,
    model: str,
    semantics: str,
    perturbation: Perturbation,
    export_path: str | None,
    max_nodes: int,
    budget: Budget,
    out: Output,
) -> None:
    """The state transition graph of a small network.

    \b
    Example:
      logicnet stg toy.bnet --semantics async --export stg.graphml
    """
    limits = ln.Limits(stg_nodes=max_nodes)
    g = budget.run(partial(ln.state_transition_graph, net, semantics, perturbation, limits=limits))
    if export_path:
        from logicnet.viz import export_graph

        export_graph(g, export_path)
    edges = [{"source": a, "target": b} for a, b in sorted(g.edges())]
    payload = {
        "semantics": g.graph["semantics"],
        "nodes": sorted(g.nodes),
        "edges": edges,
        "attractor_states": {n: d["attractor"] for n, d in g.nodes(data=True) if "attractor" in d},
    }
    out.emit(payload, edges)


COMMANDS = [attractors, reachable, fixed_points, trap_spaces, basins, simulate, stg]
