"""``logicnet``: Boolean network analysis from the command line.

Each command parses its options, calls one library function and writes the result.
"""

from __future__ import annotations

import functools
import os
import sys
import time

import click

from logicnet import __version__
from logicnet.errors import LogicnetError
from logicnet.graph import (feedback_circuits, interaction_graph, organ_graph, sink_nodes,
                            source_nodes, strongly_connected_components)
from logicnet.io import FORMATS as MODEL_FORMATS
from logicnet.io import format_name, generate_network, parse_network, read_network, write_network
from logicnet.lint import lint
from logicnet.network import BooleanNetwork

from .output import emit, output_options


class _Group(click.Group):
    """Turns logicnet's own errors and file errors into one-line messages (exit 1)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LogicnetError as err:
            raise click.ClickException(str(err)) from None
        except OSError as err:
            raise click.ClickException(f"{err.filename or ''}: {err.strerror or err}") from None
        except RecursionError:
            raise click.ClickException("input nested too deeply") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="logicnet")
def cli() -> None:
    """Boolean network modelling: load, inspect, convert and perturb logical models.

    MODEL is a file (.bnet, .booleannet, .sbml/.xml, .toml), the name of a bundled network
    (e.g. gutliver), or - for standard input with --from.
    """


def model_argument(fn=None, *, variant: bool = True):
    """MODEL, --from and (unless ``variant=False``: the command sweeps variants itself)
    --variant; the command receives the loaded network as ``net``."""
    if fn is None:
        return functools.partial(model_argument, variant=variant)

    @functools.wraps(fn)
    def wrapper(*args, model, from_format, **kwargs):
        start = time.perf_counter()
        net = load(model, from_format)
        click.get_current_context().meta["load_seconds"] = time.perf_counter() - start
        chosen = kwargs.pop("model_variants", None) if variant else None
        if chosen:
            from logicnet.variants import with_variants

            net = with_variants(net, [v for item in chosen for v in item.split(",")])
        return fn(*args, net=net, model=model, **kwargs)

    if variant:
        wrapper = click.option("--variant", "model_variants", multiple=True, metavar="NAME",
                               help="Apply the model's named rule variant(s) (repeatable, or V1,V2).")(wrapper)
    wrapper = click.option("--from", "from_format", type=click.Choice(sorted(MODEL_FORMATS)),
                           help="Format of MODEL when its extension does not say (required for -).")(wrapper)
    return click.argument("model")(wrapper)


def load(model: str, from_format: str | None) -> BooleanNetwork:
    if model == "-":
        if not from_format:
            raise click.UsageError("reading a model from standard input needs --from FORMAT")
        return parse_network(sys.stdin.read(), from_format, source="<stdin>")
    return read_network(model, from_format)


@cli.command()
@model_argument
@click.option("--lint", "run_lint", is_flag=True,
              help="Also list likely mistakes (inputs one edit away from a node, unused regulators, ...).")
@output_options
def info(net, model, run_lint, fmt, output):
    """Summary of a network: nodes, inputs, edges, organs.

    \b
    Example:
      logicnet info gutliver
      logicnet info model.bnet --lint --format json
    """
    seconds = click.get_current_context().meta["load_seconds"]
    graph = interaction_graph(net)
    payload = {
        "name": net.name or model,
        "nodes": len(net),
        "inputs": list(net.inputs),
        "constants": net.constants(),
        "edges": graph.number_of_edges(),
        "non_essential_regulators": [list(e) for e in graph.graph["non_essential"]],
        "organs": net.organ_nodes(),
        "mediators": {o.name: list(o.mediators) for o in net.organs.values()},
        "load_seconds": round(seconds, 3),
    }
    if run_lint:
        payload["lint"] = [{"kind": i.kind, "node": i.node, "message": i.message} for i in lint(net)]
    rows = [{"field": k, "value": v} for k, v in payload.items() if k != "lint"]
    rows += [{"field": f"lint {i['kind']}", "value": i["message"]} for i in payload.get("lint", [])]
    emit(payload, rows, fmt, output)


@cli.command()
@click.argument("src")
@click.option("-o", "--output", "dst", required=True,
              help="Destination file (format from its extension), or - for stdout with --to.")
@click.option("--to", "to_format", type=click.Choice(sorted(MODEL_FORMATS)),
              help="Output format (default: from the destination's extension).")
@click.option("--from", "from_format", type=click.Choice(sorted(MODEL_FORMATS)),
              help="Input format (default: from the source's extension; required for -).")
def convert(src, dst, to_format, from_format):
    """Convert a network between formats (bnet, booleannet, sbml, native TOML).

    \b
    Example:
      logicnet convert model.bnet -o model.sbml
      logicnet convert gutliver -o - --to bnet
    """
    net = load(src, from_format)
    if dst == "-":
        if not to_format:
            raise click.UsageError("writing to standard output needs --to FORMAT")
        click.echo(generate_network(net, to_format), nl=False)
    else:
        write_network(net, dst, format_name(to_format) if to_format else None)


@cli.command()
@model_argument
@click.option("--organs", "quotient", is_flag=True, help="The organ quotient graph instead of the node graph.")
@click.option("--circuits", is_flag=True, help="Also enumerate feedback circuits (can be many).")
@click.option("--max-length", type=click.IntRange(1), help="Longest circuit to enumerate.")
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True,
              help="Stop after this many circuits (the output says it is incomplete).")
@click.option("--export", "export_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the graph: .graphml, .dot/.gv, .png, .svg or .pdf.")
@output_options
def graph(net, model, quotient, circuits, max_length, limit, export_path, fmt, output):
    """The signed interaction graph, computed from the update functions.

    Signs: + (activation), - (inhibition), ± (non-monotone). Regulators a rule mentions
    but does not depend on are listed as non-essential and not drawn.

    \b
    Example:
      logicnet graph gutliver --export gutliver.png
      logicnet graph model.bnet --circuits --max-length 6 --format json
    """
    g = interaction_graph(net)
    subject = organ_graph(net, g) if quotient else g
    edges = [{"source": a, "target": b, "sign": d["sign"],
              **({"mediators": d["mediators"]} if quotient else {})}
             for a, b, d in sorted(subject.edges(data=True), key=lambda e: (e[0], e[1]))]
    payload = {
        "nodes": list(subject.nodes),
        "edges": edges,
        "sources": source_nodes(subject),
        "sinks": sink_nodes(subject),
        "strongly_connected_components": strongly_connected_components(subject),
    }
    if not quotient:
        payload["non_essential_regulators"] = [list(e) for e in g.graph["non_essential"]]
    if circuits:
        found = feedback_circuits(subject, max_length=max_length, limit=limit)
        payload["circuits"] = [{"nodes": list(c.nodes), "sign": c.sign} for c in found.circuits]
        payload["circuits_complete"] = found.complete
    if export_path:
        from logicnet.draw import export_graph  # matplotlib loads only when drawing

        export_graph(subject, export_path)
    emit(payload, edges, fmt, output)


# -- dynamics ----------------------------------------------------------------------------
SEMANTICS_CHOICE = click.Choice(["async", "sync", "general", "mp", "asynchronous", "synchronous",
                                 "general-asynchronous", "most-permissive"], case_sensitive=False)


def perturbation_options(fn):
    """--set/--ko/--oe/--perturb, shared by every command that analyses dynamics."""
    fn = click.option("--silence-organ", "silence", multiple=True, metavar="ORGAN",
                      help="Fix the organ's outgoing mediators at 0 (repeatable).")(fn)
    fn = click.option("--freeze-organ", "freeze", multiple=True, metavar="ORGAN",
                      help="Fix the organ's outgoing mediators at their values in the source attractor "
                           "(needs --from-condition; repeatable).")(fn)
    fn = click.option("--perturb", "perturb_items", multiple=True, metavar="SPEC",
                      help="Perturbations in the grammar X=0;ko:Y;oe:Z;cut:A->B=0;silence:ORGAN "
                           "(repeatable).")(fn)
    fn = click.option("--oe", multiple=True, metavar="NODE", help="Overexpress NODE (fix at 1; repeatable).")(fn)
    fn = click.option("--ko", multiple=True, metavar="NODE", help="Knock out NODE (fix at 0; repeatable).")(fn)
    fn = click.option("--set", "settings", multiple=True, metavar="NODE=V",
                      help="Fix a node or input, e.g. --set Exercise=1 (repeatable; also A=1,B=0).")(fn)
    return fn


def semantics_option(default: str = "async"):
    return click.option("--semantics", "-s", type=SEMANTICS_CHOICE, default=default, show_default=True,
                        help="Update semantics: async, sync, general (general asynchronous) or mp "
                             "(most permissive).")


def build_perturbation(settings, ko, oe, perturb_items, freeze=(), silence=()):
    from logicnet.perturb import Perturbation

    return Perturbation.of(*settings, *perturb_items, *(f"ko:{n}" for n in ko), *(f"oe:{n}" for n in oe),
                           *(f"freeze:{o}" for o in freeze), *(f"silence:{o}" for o in silence))


def attractor_rows(result) -> list[dict]:
    return [{"attractor": i, "type": a.type, "size": a.size, **a.values} for i, a in enumerate(result)]


def emit_attractors(result, fmt, output, payload=None):
    """Attractors: JSON by the contract; tables show nodes as rows (easier to read)."""
    import pandas as pd

    from .output import choose_format

    payload = payload if payload is not None else result.to_json()
    rows = attractor_rows(result)
    if choose_format(fmt, output) == "table" and rows:
        frame = pd.DataFrame(rows).set_index("attractor").T.reset_index().rename(columns={"index": "node"})
        frame.columns = [str(c) for c in frame.columns]
        title = f"{result.semantics} attractors ({'complete' if result.complete else 'INCOMPLETE'})"
        emit(payload, frame, fmt, output, title=title)
    else:
        emit(payload, rows, fmt, output)


def parse_state(text: str, net: BooleanNetwork) -> dict:
    """A (partial) state "A=1,B=0" or a 0/1 string in model order; missing nodes are free."""
    text = text.strip()
    if set(text) <= {"0", "1"} and len(text) == len(net):
        return dict(zip(net.nodes, map(int, text)))
    from logicnet.perturb import Perturbation

    values = {f.node: f.value for f in Perturbation.parse(text).items if hasattr(f, "value")}
    for n in values:
        net.index(n)
    return {n: values.get(n, "*") for n in net.nodes}


@cli.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option("--from-condition", "from_condition", metavar="SPEC",
              help="Reversal: start from the attractors of this condition (e.g. HFD=1,Exercise=0) and "
                   "report the attractors reachable after applying --set/--ko/--oe at time zero.")
@click.option("--by-inputs", is_flag=True, help="One search per input valuation, as a table by condition.")
@click.option("--plot", type=click.Path(dir_okay=False, writable=True),
              help="Also draw the attractors x nodes (grouped by organ) heatmap (PNG/SVG).")
@click.option("--limit", type=click.IntRange(1), help="Stop after this many attractors.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help="Seconds before stopping (partial, incomplete).")
@output_options
def attractors(net, model, semantics, settings, ko, oe, perturb_items, freeze, silence, from_condition, by_inputs,
               plot, limit, timeout, fmt, output):
    """Attractors: fixed points, cycles, complex attractors or minimal trap spaces.

    Nodes without an update function are inputs that keep their value, so the result covers
    every input valuation unless --set fixes them. "complete" is true only when nothing can
    be missing.

    \b
    Example:
      logicnet attractors model.bnet --semantics sync --format json
      logicnet attractors gutliver --set HFD=1 --set Exercise=1 --ko TLR4
      logicnet attractors gutliver --set HFD=1,Exercise=1 --from-condition HFD=1,Exercise=0
    """
    from logicnet.analysis.attractors import attractors as find, attractors_by_condition

    p = build_perturbation(settings, ko, oe, perturb_items, freeze, silence)
    if by_inputs:
        frame = attractors_by_condition(net, semantics, perturbation=p, limit=limit, timeout=timeout)
        emit(frame.to_dict(orient="records"), frame, fmt, output)
        return
    require_source(p, from_condition)
    if from_condition:
        rev = reachable_from_condition(net, from_condition, semantics, p, timeout)
        result, payload = rev.combined, rev.to_json()
    else:
        result = find(net, semantics, p, limit=limit, timeout=timeout)
        payload = result.to_json()
    if plot:
        from logicnet.draw import plot_attractors

        plot_attractors(result, net, plot, title=f"{net.name or model}: {result.semantics} attractors")
    emit_attractors(result, fmt, output, payload=payload)


def reachable_from_condition(net, condition, semantics, p, timeout):
    from logicnet.protocols import reversal

    return reversal(net, condition, p, semantics, timeout=timeout)


def require_source(p, from_condition):
    if p.organs and any(o.mode == "freeze" for o in p.organs) and not from_condition:
        raise click.UsageError("--freeze-organ (freeze:ORGAN) needs --from-condition: the organ's mediators "
                               "are frozen at their values in the source condition's attractor")


@cli.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option("--from-state", "from_states", multiple=True, metavar="STATE",
              help="Initial state: A=1,B=0 (missing nodes take both values) or a 0/1 string in model "
                   "order (repeatable).")
@click.option("--from-condition", "from_condition", metavar="SPEC",
              help="Start from every attractor of this condition.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help="Seconds before stopping.")
@output_options
def reachable(net, model, semantics, settings, ko, oe, perturb_items, freeze, silence, from_states, from_condition,
              timeout, fmt, output):
    """Attractors reachable from initial states (after the perturbation, applied at time zero).

    \b
    Example:
      logicnet reachable gutliver --from-state HFD=1,Exercise=0 --set Exercise=1
      logicnet reachable gutliver --from-condition HFD=1,Exercise=0 --set HFD=1,Exercise=1 --ko SCFA
    """
    from logicnet.analysis.reachability import reachable_attractors

    p = build_perturbation(settings, ko, oe, perturb_items, freeze, silence)
    if bool(from_states) == bool(from_condition):
        raise click.UsageError("give --from-state (one or more) or --from-condition")
    require_source(p, from_condition)
    if from_condition:
        rev = reachable_from_condition(net, from_condition, semantics, p, timeout)
        emit_attractors(rev.combined, fmt, output, payload=rev.to_json())
    else:
        starts = [parse_state(s, net) for s in from_states]
        emit_attractors(reachable_attractors(net, starts, semantics, p, timeout=timeout), fmt, output)


@cli.command("fixed-points")
@model_argument
@perturbation_options
@click.option("--limit", type=click.IntRange(1), help="Stop after this many fixed points.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help="Seconds before stopping.")
@output_options
def fixed_points_cmd(net, model, settings, ko, oe, perturb_items, freeze, silence, limit, timeout, fmt, output):
    """Fixed points (steady states), the same under every semantics.

    \b
    Example:
      logicnet fixed-points model.bnet --limit 100 --format json
    """
    from logicnet.analysis.fixed_points import fixed_points

    result = fixed_points(net, build_perturbation(settings, ko, oe, perturb_items, freeze, silence), limit=limit, timeout=timeout)
    emit(result.to_json(), result.to_frame(), fmt, output)


@cli.command("trap-spaces")
@model_argument
@perturbation_options
@click.option("--minimal/--maximal", default=True, help="Minimal (default) or maximal trap spaces.")
@click.option("--limit", type=click.IntRange(1), help="Stop after this many trap spaces.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help="Seconds before stopping.")
@output_options
def trap_spaces_cmd(net, model, settings, ko, oe, perturb_items, freeze, silence, minimal, limit, timeout, fmt, output):
    """Trap spaces: subspaces no trajectory leaves (value * = free).

    \b
    Example:
      logicnet trap-spaces model.bnet --maximal --format json
    """
    from logicnet.analysis.trap_spaces import trap_spaces

    result = trap_spaces(net, build_perturbation(settings, ko, oe, perturb_items, freeze, silence),
                         kind="minimal" if minimal else "maximal", limit=limit, timeout=timeout)
    emit(result.to_json(), result.to_frame(), fmt, output)


@cli.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option("--method", type=click.Choice(["auto", "explicit", "symbolic", "sampling"]), default="auto",
              show_default=True, help="Exact enumeration, BDDs (async), or sampled estimates.")
@click.option("--samples", type=click.IntRange(1), default=2000, show_default=True)
@click.option("--max-steps", type=click.IntRange(1), default=10000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@output_options
def basins(net, model, semantics, settings, ko, oe, perturb_items, freeze, silence, method, samples, max_steps, seed,
           fmt, output):
    """Basins of attraction: exact where the state space allows, else estimated.

    \b
    Example:
      logicnet basins gutliver --set HFD=1 --semantics sync
      logicnet basins model.bnet --method sampling --samples 5000 --format json
    """
    from logicnet.analysis.basins import basins as compute

    result = compute(net, semantics, build_perturbation(settings, ko, oe, perturb_items, freeze, silence), method=method,
                     samples=samples, max_steps=max_steps, seed=seed)
    emit(result.to_json(), result.table, fmt, output,
         title=f"{result.semantics} basins ({result.method})")


@cli.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option("--initial", metavar="STATE", help="Initial state A=1,B=0 (missing nodes random) or a 0/1 string.")
@click.option("--steps", type=click.IntRange(1), default=50, show_default=True)
@click.option("--runs", type=click.IntRange(1), default=1, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False, writable=True), help="Also draw the first run (PNG/SVG).")
@output_options
def simulate(net, model, semantics, settings, ko, oe, perturb_items, freeze, silence, initial, steps, runs, seed, plot,
             fmt, output):
    """Simulate trajectories (one row per run and step).

    \b
    Example:
      logicnet simulate gutliver --initial HFD=1,Exercise=0 --set Exercise=1 --steps 30 --format csv
    """
    from logicnet.analysis.simulation import simulate as run

    start = None
    if initial:
        start = {n: v for n, v in parse_state(initial, net).items() if v != "*"}
    frame = run(net, start, semantics, steps=steps, runs=runs,
                perturbation=build_perturbation(settings, ko, oe, perturb_items, freeze, silence), seed=seed)
    if plot:
        from logicnet.draw import plot_trajectory

        plot_trajectory(frame[frame.run == 0], plot)
    emit(frame.to_dict(orient="records"), frame, fmt, output)


@cli.command()
@model_argument
@semantics_option()
@perturbation_options
@click.option("--export", "export_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the graph (.graphml, .dot, .png, .svg).")
@click.option("--max-nodes", type=click.IntRange(1, 20), default=12, show_default=True,
              help="Refuse networks with more free nodes than this.")
@output_options
def stg(net, model, semantics, settings, ko, oe, perturb_items, freeze, silence, export_path, max_nodes, fmt, output):
    """The state transition graph of a small network.

    \b
    Example:
      logicnet stg toy.bnet --semantics async --export stg.graphml
    """
    from logicnet.analysis.stg import state_transition_graph

    g = state_transition_graph(net, semantics, build_perturbation(settings, ko, oe, perturb_items, freeze, silence),
                               max_nodes=max_nodes)
    if export_path:
        from logicnet.draw import export_graph

        export_graph(g, export_path)
    edges = [{"source": a, "target": b} for a, b in sorted(g.edges())]
    payload = {"semantics": g.graph["semantics"], "nodes": sorted(g.nodes),
               "edges": edges, "attractor_states": {n: d["attractor"] for n, d in g.nodes(data=True)
                                                    if "attractor" in d}}
    emit(payload, edges, fmt, output)


@cli.command()
@click.argument("model")
@click.argument("scenarios", required=False)
@click.option("--from", "from_format", type=click.Choice(sorted(MODEL_FORMATS)), help="Format of MODEL.")
@semantics_option()
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              help="Run under these rule variants (repeatable, V1,V2, or 'all' = default + every variant).")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help="Seconds per attractor search.")
@output_options
def validate(model, scenarios, from_format, semantics, variants, timeout, fmt, output):
    """Check a model against declarative scenarios (pass / fail / reported).

    SCENARIOS is a TOML scenario file (default: the one bundled beside MODEL). With several
    variants the table shows each scenario's verdict per variant.

    \b
    Example:
      logicnet validate mafld networks/mafld/scenarios.toml
      logicnet validate mafld --variant all --semantics mp
    """
    from logicnet.io import bundled_path
    from logicnet.validate import read_scenarios, validate as run, verdict_table
    from logicnet.variants import variant_names

    net = load(model, from_format)
    if scenarios is None:
        bundled = bundled_path(model)
        if bundled is None or not (bundled.parent / "scenarios.toml").is_file():
            raise click.UsageError("give a SCENARIOS file (MODEL has no bundled scenarios)")
        scenarios = str(bundled.parent / "scenarios.toml")
    chosen = [v for item in variants for v in item.split(",")]
    if "all" in chosen:
        chosen = ["default", *variant_names(net)]
    results = run(net, read_scenarios(scenarios), semantics, chosen or None, timeout=timeout)
    payload = [r.to_json() for r in results]
    from .output import choose_format

    if choose_format(fmt, output) == "table" and len(set(r.variant for r in results)) > 1:
        table = verdict_table(results).reset_index()
        emit(payload, table, fmt, output, title=f"scenario verdicts by variant ({semantics})")
        return
    wide = choose_format(fmt, output) != "table"  # a terminal table stays narrow
    rows = [{"id": r.scenario.id, "variant": r.variant, "status": r.status,
             "failures": "; ".join(r.failures) or "-",
             **({"observed": " ".join(f"{k}={v}" for k, v in r.observed.items())} if wide else
                {"reported": " ".join(f"{k}={v}" for k, v in r.observed.items() if k in r.scenario.report) or "-"})}
            for r in results]
    counts = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "reported")}
    emit(payload, rows, fmt, output, title=f"{counts['pass']} pass, {counts['fail']} fail, "
                                            f"{counts['reported']} reported ({semantics})")
    if counts["fail"]:
        sys.exit(1)


@cli.command()
@model_argument
@click.option("--readme", required=True, type=click.Path(exists=True, dir_okay=False),
              help="README with <!-- organ-graph --> and <!-- node-table --> markers to fill.")
def document(net, model, readme):
    """Fill a model README with its generated node table and organ-graph picture.

    \b
    Example:
      logicnet document mafld --readme networks/mafld/README.md
    """
    from logicnet.report import document_model

    figure = document_model(net, readme)
    click.echo(f"wrote {readme} and {figure}", err=True)


def _executor(scheduler):
    if not scheduler:
        return None
    try:
        from distributed import Client
    except ImportError:
        raise click.ClickException("--scheduler needs Dask distributed: pip install 'logicnet[distributed]'") from None
    return Client(scheduler).get_executor()


@cli.command()
@model_argument(variant=False)
@click.option("--baseline", required=True, metavar="SPEC", help="Baseline condition, e.g. HFD=1,Exercise=0.")
@click.option("--treatment", required=True, metavar="SPEC", help="Treatment condition, e.g. HFD=1,Exercise=1.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="Single (1), double (2) or triple (3) perturbations.")
@click.option("--kinds", default="ko", show_default=True, help="ko, oe or ko,oe.")
@click.option("--nodes", metavar="A,B,...", help="Nodes to perturb (default: every non-input node).")
@click.option("--organ", metavar="NAME", help="Only nodes of this organ.")
@click.option("--readouts", metavar="R=V,...", help="Verdict readouts with benefit values (default: the model's).")
@click.option("--semantics", "-s", default="async", show_default=True, help="One or more: async,sync,general,mp.")
@click.option("--variant", "variants", metavar="NAMES", help="Rule variants (V1,V2 or all).")
@click.option("--background", metavar="SPEC", help="Applied to baseline and treatment, e.g. 'freeze:muscle;Irisin=0'.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="all cores",
              help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:8786).")
@click.option("--resume", is_flag=True, help="Continue an interrupted screen with the same -o.")
@click.option("--chunk-size", type=click.IntRange(1), help="Perturbations per work unit (default: automatic).")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), help="Write tables, figures and a summary here.")
@output_options
def screen(net, model, baseline, treatment, depth, kinds, nodes, organ, readouts, semantics, variants, background,
           jobs, scheduler, resume, chunk_size, report_dir, fmt, output):
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
    from logicnet.screens import knockout_screen

    frame = knockout_screen(net, baseline, treatment, nodes=nodes.split(",") if nodes else None, organ=organ,
                            kinds=[k.strip() for k in kinds.split(",")], depth=depth, readouts=readouts,
                            semantics=semantics.split(","), variants=variants, background=background,
                            jobs=jobs, executor=_executor(scheduler), chunk_size=chunk_size,
                            output=_csv_output(output, fmt), resume=resume, progress=True)
    if report_dir:
        from logicnet.screen_report import write_report
        from logicnet.screens import benefit_readouts

        options = dict(baseline=baseline, treatment=treatment, depth=depth, kinds=kinds, nodes=nodes, organ=organ,
                       semantics=semantics, variants=variants, background=background)
        path = write_report(report_dir, net, frame, kind="screen", readouts=benefit_readouts(net, readouts),
                            options={k: v for k, v in options.items() if v})
        click.echo(f"report: {path}", err=True)
    _emit_screen(frame, fmt, output)


def _csv_output(output, fmt):
    """The screen's own checkpointed CSV writer handles -o FILE.csv (resumable)."""
    from .output import choose_format

    return output if output and choose_format(fmt, output) == "csv" else None


def _emit_screen(frame, fmt, output):
    from .output import choose_format

    if output and choose_format(fmt, output) == "csv":
        return  # written (atomically) by the screen itself
    emit(frame.to_dict(orient="records"), frame, fmt, output)


@cli.command()
@model_argument(variant=False)
@click.option("--baseline", metavar="SPEC", help="Baseline condition (default: the model's protocol source).")
@click.option("--treatment", metavar="SPEC", help="Treatment condition (default: the model's protocol treatment).")
@click.option("--mode", type=click.Choice(["freeze", "silence"]), default="freeze", show_default=True)
@click.option("--readouts", metavar="R=V,...", help="Verdict readouts (default: the model's core set).")
@click.option("--semantics", "-s", type=SEMANTICS_CHOICE, default="async", show_default=True)
@click.option("--variant", "variants", default="all", show_default=True, metavar="NAMES",
              help="Rule variants to run (all = default + every declared variant; 'default' for none).")
@click.option("--figure", type=click.Path(dir_okay=False, writable=True), default="organs.png", show_default=True,
              help="Heatmap of verdicts (organ sets x variants), PNG or SVG.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="all cores")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), help="Write tables, figures and a summary here.")
@output_options
def organs(net, model, baseline, treatment, mode, readouts, semantics, variants, figure, jobs, scheduler, report_dir,
           fmt, output):
    """Organ necessity: freeze (or silence) organs alone, in pairs and all-but-one.

    Freezing fixes an organ's outgoing mediators at their values in the baseline attractor,
    then the treatment is switched on: is that organ's response necessary for the benefit?
    Reported per rule variant, with robustness (verdict shared by n of m variants).

    \b
    Example:
      logicnet organs mafld
      logicnet organs mafld --mode silence --variant default --format json
    """
    from logicnet.draw import plot_organ_necessity
    from logicnet.screens import organ_necessity

    protocol = net.metadata.get("protocol", {})
    baseline = baseline or protocol.get("source")
    treatment = treatment or protocol.get("treatment")
    if not baseline or not treatment:
        raise click.UsageError("give --baseline and --treatment (the model declares no [protocol])")
    frame = organ_necessity(net, baseline, treatment, mode=mode, readouts=readouts, semantics=semantics,
                            variants=variants, jobs=jobs, executor=_executor(scheduler), progress=True)
    if figure:
        plot_organ_necessity(frame, figure, title=f"{net.name or model}: organ {mode} ({semantics})")
        click.echo(f"figure: {figure}", err=True)
    if report_dir:
        from logicnet.screen_report import write_report
        from logicnet.screens import benefit_readouts

        path = write_report(report_dir, net, frame, kind="organs", readouts=benefit_readouts(net, readouts),
                            options=dict(baseline=baseline, treatment=treatment, mode=mode, semantics=semantics,
                                         variants=variants))
        click.echo(f"report: {path}", err=True)
    default = frame[frame["variant"] == frame["variant"].iloc[0]]
    table = default[["label", "set", "verdict", "score", "robustness"]].rename(columns={"label": "frozen"})
    from .output import choose_format

    if choose_format(fmt, output) == "table":
        emit(None, table, fmt, output, title=f"organ necessity ({mode}; verdicts under the default rules, "
                                            f"robustness across {frame['variant'].nunique()} rule sets)")
    else:
        emit(frame.to_dict(orient="records"), frame, fmt, output)


def main() -> None:
    cli(prog_name="logicnet")


if __name__ == "__main__":
    main()
