"""Named rule variants shipped with a model, applied on demand.

A model's metadata may hold ``variants``: name -> table with ``description``,
``reference``, ``rules`` (node -> alternative rule), and optionally ``node_organs`` (node
-> organ) and ``mediators`` (organ -> new mediator list), so a variant can change organ
data as well as rules (the MAFLD model's V6 moves FGF21 from the liver to the muscle).

>>> from logicnet.io import parse_network
>>> net = parse_network('''
... [nodes.A]
... input = true
... [nodes.B]
... rule = "A"
... [variants.V1]
... rules = { B = "not A" }
... ''', "native")
>>> with_variants(net, ["V1"]).rule_text("B")
'!A'
>>> variant_list(net, "all")
['default', 'V1']
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import UnknownNodeError
from .network import BooleanNetwork, NodeInfo

__all__ = ["variant_names", "variant_list", "with_variants"]


def variant_names(network: BooleanNetwork) -> list[str]:
    """Names of the variants the model declares, in declaration order."""
    return list(network.metadata.get("variants", {}))


def _names(spec: Iterable[str] | str | None) -> list[str]:
    """Names from a comma-separated string or a list of them (each may hold commas)."""
    items = [spec] if isinstance(spec, str) else list(spec or [])
    return [name.strip() for item in items for name in item.split(",") if name.strip()]


def variant_list(network: BooleanNetwork, spec: Iterable[str] | str | None) -> list[str]:
    """The rule sets a sweep runs, each once and in order: ``"default"`` (the rules as
    written), declared variant names, or ``"all"`` (the default and every declared variant);
    nothing means the default alone. Unknown names raise
    :class:`~logicnet.errors.UnknownNodeError`."""
    chosen = _names(spec)
    if "all" in chosen:
        return ["default", *variant_names(network)]
    declared = variant_names(network)
    for name in chosen:
        if name != "default" and name not in declared:
            raise UnknownNodeError(name, declared, what="variant")
    return list(dict.fromkeys(chosen)) or ["default"]


def with_variants(network: BooleanNetwork, names: Iterable[str] | str | None) -> BooleanNetwork:
    """``network`` with the named variants applied in order (later ones win on a node).

    ``names`` may be a list or a comma-separated string; ``"default"`` and ``""`` mean no
    variant. The result's metadata records them under ``"variant"``.
    """
    chosen = [n for n in _names(names) if n != "default"]
    if not chosen:
        return network
    declared = network.metadata.get("variants", {})
    rules: dict[str, str] = {}
    node_organs: dict[str, str] = {}
    mediators: dict[str, list[str]] = {}
    for name in chosen:
        if name not in declared:
            raise UnknownNodeError(name, list(declared), what="variant")
        v = declared[name]
        rules.update(v.get("rules", {}))
        node_organs.update(v.get("node_organs", {}))
        mediators.update(v.get("mediators", {}))
    net = network.with_rules(rules)
    if node_organs or mediators:
        info = {n: net.info(n) for n in net.nodes}
        for node, organ in node_organs.items():
            net.index(node)
            old = info[node]
            info[node] = NodeInfo(organ=organ, description=old.description, references=old.references)
        organs = {
            name: {"description": o.description, "mediators": list(mediators.get(name, o.mediators))}
            for name, o in net.organs.items()
        }
        net = net.evolve(info=info, organs=organs)
    meta = dict(net.metadata)
    meta["variant"] = ",".join(chosen)
    return net.evolve(metadata=meta)
