"""``logicnet``: Boolean network analysis from the command line.

Each command parses its options, calls one library function and writes the result.
"""

from __future__ import annotations

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


def model_argument(fn):
    fn = click.option("--from", "from_format", type=click.Choice(sorted(MODEL_FORMATS)),
                      help="Format of MODEL when its extension does not say (required for -).")(fn)
    return click.argument("model")(fn)


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
def info(model, from_format, run_lint, fmt, output):
    """Summary of a network: nodes, inputs, edges, organs.

    \b
    Example:
      logicnet info gutliver
      logicnet info model.bnet --lint --format json
    """
    start = time.perf_counter()
    net = load(model, from_format)
    seconds = time.perf_counter() - start
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
def graph(model, from_format, quotient, circuits, max_length, limit, export_path, fmt, output):
    """The signed interaction graph, computed from the update functions.

    Signs: + (activation), - (inhibition), ± (non-monotone). Regulators a rule mentions
    but does not depend on are listed as non-essential and not drawn.

    \b
    Example:
      logicnet graph gutliver --export gutliver.png
      logicnet graph model.bnet --circuits --max-length 6 --format json
    """
    net = load(model, from_format)
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


def main() -> None:
    cli(prog_name="logicnet")


if __name__ == "__main__":
    main()
