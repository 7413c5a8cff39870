"""The flagship MAFLD x exercise network: structure against the specification, scenario
validation, reversal/organ protocols, and exports read by another tool."""

import csv
import re

import pytest

from logicnet import reversal
from logicnet.analysis.attractors import attractors
from logicnet.analysis.fixed_points import fixed_points
from logicnet.experiments.scenarios import read_scenarios, validate
from logicnet.graph import interaction_graph
from logicnet.io import bundled_path, generate_network, read_network
from logicnet.variants import variant_names, with_variants
from tests import peers

ORGANS = ["muscle", "adipose", "liver", "gut", "CNS", "islet", "immune"]
SCENARIOS = bundled_path("mafld").parent / "scenarios.toml"
# the signed-edge table shipped with the model (spec §3 E001-E135, plus the edges added since)
EDGES = bundled_path("mafld").parent / "edges.csv"
STATUSES = {"S", "S~", "A", "D", "A/D", "D/A"}


def edge_table() -> list[dict[str, str]]:
    with EDGES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def net():
    return read_network("mafld")


def test_structure(net):
    assert len(net) == 74 and net.inputs == ("Exercise", "HFD")
    assert net.constants() == {"VLDL_export": 1}  # no regulator stated (§1.1); its loss is a knockout
    assert set(ORGANS) <= set(net.organs)
    assert net.organ("muscle").mediators == ("MuscleContraction", "Irisin", "IL6_muscle", "GLUT4", "MuscleFAO")
    assert net.organ("islet").mediators == ("InsulinSecretion",)
    assert net.metadata["readout_sets"]["core"] == ["Steatosis", "HepaticIR", "NFkB_liver"]
    assert net.metadata["readouts"]["SHBG"] == 1 and len(net.metadata["readouts"]) == 12
    assert variant_names(net) == [f"V{i}" for i in range(1, 10)]
    for n in net.nodes:
        refs = net.info(n).references
        assert net.rule(n) is None or any(r.startswith("rule:") for r in refs), n


def test_signed_edges_equal_the_edge_table(net):
    rows = edge_table()
    assert len(rows) == 150 and len({r["id"] for r in rows}) == len(rows)
    assert {r["status"] for r in rows} <= STATUSES
    g = interaction_graph(net)
    assert {(a, b): s for a, b, s in g.edges(data="sign")} == {(r["source"], r["target"]): r["sign"] for r in rows}
    assert g.graph["non_essential"] == []


def test_the_edge_table_is_the_references(net):
    """Each row is cited, with its section and status, among its target's references (the
    encoded edges into a node), and each cited edge is a row."""
    cited = {}
    for n in net.nodes:
        for ref in net.info(n).references:
            if m := re.match(r"(E\d+) ", ref):
                assert m.group(1) not in cited, ref
                cited[m.group(1)] = (n, ref)
    rows = edge_table()
    assert set(cited) == {r["id"] for r in rows}
    for r in rows:
        node, ref = cited[r["id"]]
        assert node == r["target"], r
        assert ref.startswith(f"{r['id']} {r['section']}") and f"({r['status']}" in ref, r


def test_baselines(net):
    readouts = net.metadata["readouts"]
    for condition, benefit in (
        ("HFD=1,Exercise=0", False),
        ("HFD=1,Exercise=1", True),
        ("HFD=0,Exercise=0", True),
        ("HFD=0,Exercise=1", True),
    ):
        for semantics in ("async", "mp"):
            result = attractors(net, semantics, condition)
            assert result.complete and len(result) == 1, (condition, semantics)
            values = result[0].values
            assert all((values[r] == v) == benefit for r, v in readouts.items()), (condition, semantics)


@pytest.mark.parametrize("semantics", ["async", "mp"])
def test_every_determinate_scenario_passes(net, semantics):
    results = validate(net, read_scenarios(SCENARIOS), semantics)
    assert len(results) == 22
    assert {r.scenario.id: r.failures for r in results if r.status == "fail"} == {}
    assert {r.scenario.id for r in results if r.status == "reported"} == {"LA03", "LA06"}


def test_variants_change_verdicts_where_the_review_is_undecided(net):
    results = validate(net, read_scenarios(SCENARIOS), "async", ["V5", "V6"])
    failed = {(r.variant, r.scenario.id) for r in results if r.status == "fail"}
    # V5 lets ROS veto every oxidation route, contradicting the stated FAO=1 of these:
    assert failed == {("V5", "LA04"), ("V5", "LM02"), ("V5", "LG05")}
    v6 = with_variants(net, "V6")
    assert v6.organ_of("FGF21") == "muscle" and "FGF21" in v6.organ("muscle").mediators


def test_reversal_and_organ_freeze(net):
    plain = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1")
    assert plain.combined.complete and len(plain.combined) == 1
    assert plain.combined[0].values["Steatosis"] == 0
    gut = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1;freeze:gut")
    assert [a.values["NFkB_liver"] for a in gut.combined] == [1]
    assert all(a.values["LPS"] == 1 and a.values["SCFA"] == 0 for a in gut.combined)  # frozen at disease
    everything = ";".join(f"freeze:{o}" for o in ORGANS if o != "liver")
    rd01 = reversal(net, "HFD=1,Exercise=0", f"HFD=1,Exercise=1;{everything}").combined
    assert {(a.values["Steatosis"], a.values["HepaticIR"], a.values["NFkB_liver"]) for a in rd01} == {(1, 1, 1)}


def test_portal_ffa_overload_and_lost_vldl_export_drive_steatosis(net):
    """Issue 11 §5: an FFA spill-over overwhelms oxidation with SREBP-1c off (Irisin without
    exercise: CPT1 released, no PPARα/FXR), and a knocked-out VLDL export turns the single
    residual insult of a frozen adipose tissue into steatosis."""
    (irisin,) = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=0;Irisin=1").combined
    assert [irisin.values[n] for n in ("SREBP1c", "DNL", "FAO", "FFA_flux", "PPARa", "FXR")] == [0, 0, 1, 1, 0, 0]
    assert irisin.values["HepaticFFA_overload"] == irisin.values["Steatosis"] == 1
    (fxr,) = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=0;Irisin=1;FXR=1").combined
    assert fxr.values["FFA_flux"] == 1 and fxr.values["Steatosis"] == 0  # the induced programme copes
    for vldl, steatosis in (("", 0), (";VLDL_export=0", 1)):
        reached = reversal(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1;freeze:adipose" + vldl).combined
        assert {a.values["Steatosis"] for a in reached} == {steatosis}


def test_the_work_of_exercise_flows_through_contracting_muscle(net):
    """Issue 11 §5: a frozen muscle does not contract (MuscleContraction is a mediator), so with
    the immune system frozen too nothing drives sympathetic lipolysis and hepatic insulin
    resistance persists; V9, the direct Exercise wiring, keeps the benefit."""
    treatment = "HFD=1,Exercise=1;freeze:muscle;freeze:immune"
    frozen = reversal(net, "HFD=1,Exercise=0", treatment).combined
    assert frozen and all(a.values["MuscleContraction"] == 0 and a.values["SNS_Catecholamines"] == 0 for a in frozen)
    assert {a.values["HepaticIR"] for a in frozen} == {1}
    v9 = with_variants(net, "V9")
    assert "MuscleContraction" not in v9.organ("muscle").mediators
    old = reversal(v9, "HFD=1,Exercise=0", treatment).combined
    assert old and all(a.values["SNS_Catecholamines"] == 1 for a in old)
    assert {(a.values["Steatosis"], a.values["HepaticIR"], a.values["NFkB_liver"]) for a in old} == {(0, 0, 0)}


def test_beta_cell_failure_raises_glucose_where_muscle_is_insulin_resistant(net):
    """With hepatic output off and muscle uptake forced on, the sedentary diseased animal stays
    hyperglycaemic through its failing, insulin-resistant-muscle-facing β cells, unless GLP-1
    protects them (issue 11 §5: BetaCellStress has a consequence)."""
    for glp1, expected in ((None, 1), (1, 0)):
        perturbation = "HFD=1,Exercise=0;HGO=0;GLUT4=1" + (f";GLP1={glp1}" if glp1 is not None else "")
        reached = reversal(net, "HFD=1,Exercise=0", perturbation, "mp").combined
        assert reached.complete and reached
        assert {(a.values["Hyperglycemia"], a.values["BetaCellStress"]) for a in reached} == {(expected, expected)}
        assert all(a.values["MuscleIR"] == 1 for a in reached)


@pytest.mark.parametrize("fmt", ["bnet", "sbml"])
def test_exports_load_in_aeon_with_the_same_fixed_points(net, fmt, tmp_path):
    import biodivine_aeon as ba

    text = generate_network(net, fmt)
    path = tmp_path / f"mafld.{fmt}"
    path.write_text(text)
    aeon = ba.BooleanNetwork.from_file(str(path))
    assert sorted(aeon.variable_names()) == sorted(net.nodes)
    bnet = aeon.to_bnet() if fmt == "sbml" else text
    theirs = peers.Aeon.load(bnet, net.nodes).fixed_points(limit=1000)
    assert theirs.complete
    assert theirs.items == peers.listed(fixed_points(net), net.nodes)


def test_cli_validate_and_reversal_contract():
    import json

    from click.testing import CliRunner

    from logicnet_cli.main import cli

    r = CliRunner().invoke(cli, ["validate", "mafld", str(SCENARIOS), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert all({"id", "status", "observed"} <= set(x) for x in rows)
    assert all(v in (0, 1, "*", "mixed") for x in rows for v in x["observed"].values())
    r = CliRunner().invoke(
        cli,
        [
            "attractors",
            "mafld",
            "--set",
            "HFD=1",
            "--set",
            "Exercise=1",
            "--from-condition",
            "HFD=1,Exercise=0",
            "--freeze-organ",
            "muscle",
            "--ko",
            "FXR",
            "--format",
            "json",
        ],
    )
    d = json.loads(r.stdout)
    assert d["complete"] and all(a["values"]["Irisin"] == 0 and a["values"]["FXR"] == 0 for a in d["attractors"])
    assert len(d["sources"]) == 1
