import json

import pytest

from logicnet import reversal
from logicnet.errors import PerturbationError, UnknownNodeError
from logicnet.io import parse_network, read_network
from logicnet.network import BooleanNetwork
from logicnet.variants import variant_names, with_variants
from tests import bruteforce as bf


def test_reversal_matches_brute_force_reachability():
    net = read_network("gutliver")
    r = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1;TLR4=0")
    assert len(r.source) == 1 and r.combined.complete
    target = net.with_rules({"HFD": 1, "Exercise": 1, "TLR4": 0})
    g = bf.stg(target, "asynchronous")
    start = {**r.source[0].values, "Exercise": 1, "TLR4": 0}
    import networkx as nx

    reach = nx.descendants(g, bf.key(net, start)) | {bf.key(net, start)}
    expected = {c for c in bf.attractor_sets(target, "asynchronous") if c & reach}
    assert {frozenset(bf.key(net, s) for s in a.states) for a in r.combined} == expected


def test_freeze_uses_each_source_attractor():
    # Two source attractors (bistable switch); the organ's mediator M differs between them.
    net = BooleanNetwork(
        {"E": None, "X": "X | E", "M": "X", "Y": "M | E"},
        info={"X": {"organ": "o"}, "M": {"organ": "o"}, "Y": {"organ": "p"}},
        organs={"o": {"mediators": ["M"]}},
    )
    r = reversal(net, "E=0", "E=1;freeze:o")
    assert len(r.per_source) == 2
    by_source = {src.values["M"]: [a.values["M"] for a in res] for src, res in r.per_source}
    assert by_source == {0: [0], 1: [1]}  # M frozen at its own source value
    assert "sources" in r.to_json() and len(r.to_json()["sources"]) == 2


def test_freeze_of_a_non_constant_mediator_is_an_error():
    net = BooleanNetwork({"M": "!M", "Y": "M"}, info={"M": {"organ": "o"}}, organs={"o": {"mediators": ["M"]}})
    with pytest.raises(PerturbationError, match="mediator M is not constant"):
        reversal(net, "", "freeze:o")


MODEL = """
[organs.a]
mediators = ["M"]
[organs.b]
[nodes.I]
input = true
[nodes.M]
organ = "a"
rule = "I"
[nodes.N]
organ = "b"
rule = "M"
[variants.V1]
description = "N needs not M"
rules = { N = "not M" }
[variants.V2]
rules = { N = "I" }
node_organs = { N = "a" }
mediators = { a = ["M", "N"] }
"""


def test_variants_change_rules_and_organ_data():
    net = parse_network(MODEL, "native")
    assert variant_names(net) == ["V1", "V2"]
    assert with_variants(net, "V1").rule_text("N") == "!M"
    v2 = with_variants(net, ["V2"])
    assert v2.organ_of("N") == "a" and v2.organ("a").mediators == ("M", "N")
    assert with_variants(net, "V1,V2").rule_text("N") == "I"  # later variants win
    assert with_variants(net, "default") is net
    with pytest.raises(UnknownNodeError, match="unknown variant 'V3'"):
        with_variants(net, "V3")


def test_cli_variant_option(tmp_path):
    from click.testing import CliRunner

    from logicnet_cli.main import cli

    path = tmp_path / "m.toml"
    path.write_text(MODEL)
    r = CliRunner().invoke(cli, ["graph", str(path), "--variant", "V1", "--format", "json"])
    assert {"source": "M", "target": "N", "sign": "-"} in json.loads(r.stdout)["edges"]
