import itertools

import networkx as nx
from hypothesis import given, settings

from logicnet import expr as ex
from logicnet.graph import (
    combine_signs,
    feedback_circuits,
    interaction_graph,
    organ_graph,
    sink_nodes,
    source_nodes,
    strongly_connected_components,
)
from logicnet.io import read_network
from logicnet.network import BooleanNetwork
from tests.corpus import BBM, requires_bbm
from tests.strategies import networks


def brute_force_sign(e, regulator, names):
    """Sign of ``regulator`` in ``e`` by enumerating every assignment of the other names."""
    up = down = False
    others = [n for n in names if n != regulator]
    for bits in itertools.product((0, 1), repeat=len(others)):
        state = dict(zip(others, bits))
        lo = ex.constant_value(ex.fix(e, {**state, regulator: 0}))
        hi = ex.constant_value(ex.fix(e, {**state, regulator: 1}))
        up |= lo < hi
        down |= lo > hi
    return "±" if up and down else "+" if up else "-" if down else None


@given(networks(max_nodes=6))
@settings(max_examples=120, deadline=None)
def test_signs_agree_with_truth_tables(net):
    g = interaction_graph(net)
    for target in net.nodes:
        e = net.rule(target)
        if e is None:
            continue
        for r in net.regulators(target):
            sign = brute_force_sign(e, r, list(net.nodes))
            if sign is None:
                assert (r, target) in g.graph["non_essential"] and not g.has_edge(r, target)
            else:
                assert g.edges[r, target]["sign"] == sign


def test_signs_come_from_functions_not_syntax():
    net = BooleanNetwork({"A": None, "B": None, "C": "A & B | !A & B", "D": "A & !B | !A & B", "E": "A | !A"})
    g = interaction_graph(net)
    assert sorted(g.edges(data="sign")) == [("A", "D", "±"), ("B", "C", "+"), ("B", "D", "±")]
    assert sorted(g.graph["non_essential"]) == [("A", "C"), ("A", "E")]


def test_circuits_sccs_sources_sinks():
    net = BooleanNetwork({"I": None, "A": "I & !B", "B": "A", "C": "C | A", "O": "C"})
    g = interaction_graph(net)
    assert [(c.nodes, c.sign) for c in feedback_circuits(g)] == [(("C",), "+"), (("A", "B"), "-")]
    assert strongly_connected_components(g) == [["A", "B"], ["C"]]
    assert source_nodes(g) == ["I"] and sink_nodes(g) == ["O"]
    limited = feedback_circuits(g, limit=1)
    assert not limited.complete and len(limited) == 1
    assert len(feedback_circuits(g, max_length=1)) == 1


def test_circuits_match_networkx_cycle_count_on_random_graphs():
    for seed in range(5):
        d = nx.gnp_random_graph(8, 0.3, seed=seed, directed=True)
        rules = {f"n{v}": (" | ".join(f"n{u}" for u in d.predecessors(v)) or None) for v in d}
        g = interaction_graph(BooleanNetwork(rules))
        assert len(feedback_circuits(g)) == sum(1 for _ in nx.simple_cycles(d))


def test_organ_quotient_graph():
    net = read_network("gutliver")
    q = organ_graph(net)
    assert set(q.nodes) == {"gut", "liver", "(no organ)"}
    gut_liver = q.edges["gut", "liver"]
    assert gut_liver["mediators"] == ["LPS", "SCFA"] and gut_liver["sign"] == "±"
    assert ("LPS", "TLR4", "+") in gut_liver["edges"] and ("SCFA", "NFkB", "-") in gut_liver["edges"]
    assert q.edges["liver", "gut"]["mediators"] == ["FGF21"] and q.edges["liver", "gut"]["sign"] == "+"
    assert combine_signs(["+", "+"]) == "+" and combine_signs(["+", "-"]) == "±"


@requires_bbm
def test_graph_of_real_model_has_the_declared_regulations():
    import json

    net = read_network(BBM / "bbm-003.bnet")
    meta = json.loads((BBM / "bbm-003.json").read_text())
    g = interaction_graph(net)
    assert g.number_of_edges() + len(g.graph["non_essential"]) == meta["regulations"]
