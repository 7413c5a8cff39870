"""Commands about the model itself: networks, variants, info, convert, graph, document."""

from __future__ import annotations

import re
from typing import Any

import click

import logicnet as ln

from .options import FORMAT_CHOICE, constant_species_option, load, model_argument
from .output import Output, output_options, refuse_overwriting


@click.command("networks")
@output_options
def list_networks(out: Output) -> None:
    """The bundled networks, each with its size and the first sentence of its description.

    Each is a MODEL by its name; info MODEL says more, variants MODEL describes its rule
    variants.

    \b
    Example:
      logicnet networks
      logicnet variants mafld
    """
    rows = []
    for name in ln.list_bundled():
        net = ln.read_network(name)
        rows.append(
            {
                "name": name,
                "nodes": len(net),
                "inputs": len(net.inputs),
                "organs": len(net.organs),
                "variants": len(ln.variant_names(net)),
                "description": first_sentence(net.description),
            }
        )
    out.emit(rows, rows)


# the command's first name, kept working for scripts written before `networks`
list_alias = click.Command(
    "list", callback=list_networks.callback, params=list_networks.params, help=list_networks.help, hidden=True
)


@click.command()
@model_argument(variant=False)
@output_options
def variants(net: ln.BooleanNetwork, model: str, out: Output) -> None:
    """The model's rule variants: what each assumes, where the reading comes from, the rules
    it changes (default -> variant) and the nodes and mediators it moves between organs.

    Apply one with --variant NAME (validate, organs and screen also take --variant all).

    \b
    Example:
      logicnet variants mafld
      logicnet variants mafld --format json
    """
    described = describe_variants(net)
    if not described:
        click.echo(f"note: {net.name or model} declares no rule variants", err=True)
    rows = [
        {
            "name": v["name"],
            "description": v["description"],
            "reference": v["reference"],
            "rules": [f"{node}: {r['default']} -> {r['variant']}" for node, r in v["rules"].items()],
            "organ_moves": [f"{node}: {m['from']} -> {m['to']}" for node, m in v["node_organs"].items()]
            + [_mediator_change(organ, m) for organ, m in v["mediators"].items()],
        }
        for v in described
    ]
    out.emit(described, rows)


def describe_variants(net: ln.BooleanNetwork) -> list[dict[str, Any]]:
    """Each declared variant of ``net`` as data: name, description, reference, ``rules``
    (node -> its ``default`` and ``variant`` rule, both as logicnet writes them),
    ``node_organs`` (node -> ``from`` and ``to`` organ) and ``mediators`` (organ ->
    mediators ``added`` and ``removed``), in declaration order.

    >>> [v["name"] for v in describe_variants(ln.read_network("mafld"))][:3]
    ['V1', 'V2', 'V3']
    """
    from logicnet.variants import with_variants

    described = []
    for name, spec in net.metadata.get("variants", {}).items():
        changed = with_variants(net, [name])
        mediators = {}
        for organ in spec.get("mediators", {}):
            before = set(net.organs[organ].mediators) if organ in net.organs else set()
            after = set(changed.organs[organ].mediators)
            mediators[organ] = {"added": sorted(after - before), "removed": sorted(before - after)}
        described.append(
            {
                "name": name,
                "description": spec.get("description", ""),
                "reference": spec.get("reference", ""),
                "rules": {
                    node: {"default": net.rule_text(node) or "(input)", "variant": changed.rule_text(node)}
                    for node in spec.get("rules", {})
                },
                "node_organs": {
                    node: {"from": net.info(node).organ or "-", "to": organ}
                    for node, organ in spec.get("node_organs", {}).items()
                },
                "mediators": mediators,
            }
        )
    return described


def _mediator_change(organ: str, change: dict[str, list[str]]) -> str:
    """``muscle mediators: +FGF21`` (added with +, removed with -)."""
    parts = [f"+{m}" for m in change["added"]] + [f"-{m}" for m in change["removed"]]
    return f"{organ} mediators: {' '.join(parts) or 'unchanged'}"


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, on one line."""
    text = " ".join(text.split())
    found = re.match(r".+?[.!?](?=\s|$)", text)
    return found.group(0) if found else text


@click.command()
@model_argument
@click.option(
    "--lint",
    "run_lint",
    is_flag=True,
    help="Also list likely mistakes (inputs one edit away from a node, unused regulators, ...).",
)
@output_options
def info(net: ln.BooleanNetwork, model: str, run_lint: bool, out: Output) -> None:
    """Summary of a network: nodes, inputs, edges, organs, and its rule variants with what
    each one assumes (apply one with --variant NAME wherever a command takes it).

    \b
    Example:
      logicnet info gutliver
      logicnet info model.bnet --lint --format json
    """
    seconds = click.get_current_context().meta["load_seconds"]
    graph = ln.interaction_graph(net)
    payload = {
        "name": net.name or model,
        "description": net.description,
        "nodes": len(net),
        "inputs": list(net.inputs),
        "constants": net.constants(),
        "reading": ln.io.reading_notes(net),
        "edges": graph.number_of_edges(),
        "non_essential_regulators": [list(e) for e in graph.graph["non_essential"]],
        "organs": net.organ_nodes(),
        "mediators": {o.name: list(o.mediators) for o in net.organs.values()},
        "variants": {v: net.metadata["variants"][v].get("description", "") for v in ln.variant_names(net)},
        "load_seconds": round(seconds, 3),
    }
    if run_lint:
        from logicnet.lint import lint

        payload["lint"] = [{"kind": i.kind, "node": i.node, "message": i.message} for i in lint(net)]
    rows = [{"field": k, "value": v} for k, v in payload.items() if k not in ("lint", "variants")]
    rows += [{"field": f"variant {name}", "value": text or "-"} for name, text in payload["variants"].items()]
    rows += [{"field": f"lint {i['kind']}", "value": i["message"]} for i in payload.get("lint", [])]
    out.emit(payload, rows)


@click.command()
@click.argument("src")
@click.option(
    "-o",
    "--output",
    "dst",
    required=True,
    help="Destination file (format from its extension), or - for stdout with --to.",
)
@click.option(
    "--to", "to_format", type=FORMAT_CHOICE, help="Output format (default: from the destination's extension)."
)
@click.option(
    "--from",
    "from_format",
    type=FORMAT_CHOICE,
    help="Input format (default: from the source's extension; required for -).",
)
@constant_species_option
def convert(src: str, dst: str, to_format: str | None, from_format: str | None, constant_species: str | None) -> None:
    """Convert a network between formats (bnet, booleannet, sbml, aeon, native TOML).

    What the target format does not keep (organs, mediators, variants, readouts, the
    protocol, descriptions, references, ...) is named in one line on stderr; native TOML
    keeps everything.

    \b
    Example:
      logicnet convert model.bnet -o model.sbml
      logicnet convert gutliver -o - --to bnet
    """
    net = load(src, from_format, constant_species)
    if dst == "-":
        if not to_format:
            raise click.UsageError("writing to standard output needs --to FORMAT")
        fmt = ln.io.format_name(to_format)
        click.echo(ln.generate_network(net, fmt), nl=False)
    else:
        refuse_overwriting(dst, (src,))
        fmt = ln.io.format_name(to_format) if to_format else ln.io.detect_format(dst)
        ln.write_network(net, dst, fmt)
    lost = ln.io.unwritten(net, fmt)
    if lost:
        where = "the output" if dst == "-" else dst
        click.echo(
            f"note: {fmt} does not keep {', '.join(lost)}: they are not in {where} (use .toml to keep them)", err=True
        )


@click.command()
@model_argument
@click.option("--organs", "quotient", is_flag=True, help="The organ quotient graph instead of the node graph.")
@click.option("--circuits", is_flag=True, help="Also enumerate feedback circuits (can be many).")
@click.option("--max-length", type=click.IntRange(1), help="Longest circuit to enumerate.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    help="Stop after this many circuits (the output says it is incomplete).",
)
@click.option(
    "--export",
    "export_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the graph: .graphml, .dot/.gv, .png, .svg or .pdf.",
)
@output_options
def graph(
    net: ln.BooleanNetwork,
    model: str,
    quotient: bool,
    circuits: bool,
    max_length: int | None,
    limit: int,
    export_path: str | None,
    out: Output,
) -> None:
    """The signed interaction graph, computed from the update functions.

    Signs: + (activation), - (inhibition), ± (non-monotone). Regulators a rule mentions
    but does not depend on are listed as non-essential and not drawn.

    \b
    Example:
      logicnet graph gutliver --export gutliver.png
      logicnet graph model.bnet --circuits --max-length 6 --format json
    """
    from logicnet.graph import sink_nodes, source_nodes, strongly_connected_components

    g = ln.interaction_graph(net)
    subject = ln.organ_graph(net, g) if quotient else g
    edges = [
        {"source": a, "target": b, "sign": d["sign"], **({"mediators": d["mediators"]} if quotient else {})}
        for a, b, d in sorted(subject.edges(data=True), key=lambda e: (e[0], e[1]))
    ]
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
        found = ln.feedback_circuits(subject, max_length=max_length, limit=limit)
        payload["circuits"] = found.to_json()["circuits"]
        payload["circuits_complete"] = found.complete
    if export_path:
        from logicnet.viz import export_graph  # matplotlib loads only when drawing

        export_graph(subject, export_path)
    out.emit(payload, edges)


@click.command()
@model_argument
@click.option(
    "--readme",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="README with <!-- organ-graph --> and <!-- node-table --> markers to fill.",
)
def document(net: ln.BooleanNetwork, model: str, readme: str) -> None:
    """Fill a model README with its generated node table and organ-graph picture.

    \b
    Example:
      logicnet document mafld --readme networks/mafld/README.md
    """
    from logicnet.viz import document_model

    figure = document_model(net, readme)
    click.echo(f"wrote {readme}" + (f" and {figure}" if figure else ""), err=True)


COMMANDS = [list_networks, list_alias, variants, info, convert, graph, document]
