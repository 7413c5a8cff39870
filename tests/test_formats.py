"""The formats of other tools: R BoolNet's files, pyboolnet's prime implicants, MaBoSS.

Each is checked against the tool itself where it is installed (pyboolnet always is; R
with BoolNet and cmaboss may not be: those tests skip, saying why), on a sample of the BBM
models (every 10th, found as :mod:`tests.corpus` finds them) and on the bundled models.
"""

from __future__ import annotations

import itertools
import json
import random
import subprocess
from pathlib import Path

import pytest

from logicnet import BooleanNetwork, read_network, write_network
from logicnet import expr as ex
from logicnet._engines.bdd import differing_nodes
from logicnet.errors import ArgumentError, FormatError, ParseError, SizeLimitError
from logicnet.io import detect_format, generate_network, parse_network, primes, unwritten
from tests import peers
from tests.bruteforce import evaluate
from tests.corpus import BBM, requires_bbm

SAMPLE = sorted(BBM.glob("bbm-*.bnet"))[::10] if BBM else []


def _truth_table(net: BooleanNetwork, node: str, order: list[str]) -> list[int]:
    e = net.rule(node)
    assert e is not None
    return [
        ex.constant_value(ex.fix(e, dict(zip(order, bits)))) for bits in itertools.product((0, 1), repeat=len(order))
    ]


# -- R BoolNet ---------------------------------------------------------------------------------
def test_boolnet_operators_mean_what_boolnet_says():
    text = (
        "# a comment line\nTargets, Functions\n"
        "W, all(A, B | C)   # trailing comment\n"
        "X, any(!A, maj(A, B, C))\n"
        "Y, sumgt(A, B, C, D, 1)\n"
        "Z, sumlt(A, B, C, D, 2) & !(0)\n"
        "A, A\nB, B\nC, C\nD, 1\n"
    )
    net = parse_network(text, "boolnet", source="ops.txt")
    assert net.nodes == ("W", "X", "Y", "Z", "A", "B", "C", "D") and net.inputs == ("A", "B", "C")
    order = ["A", "B", "C", "D"]
    full = BooleanNetwork({n: net.rule(n) for n in ("W", "X", "Y", "Z")} | dict.fromkeys(order))
    for bits in itertools.product((0, 1), repeat=4):
        s = dict(zip(order, bits))
        true = sum(bits)
        step = evaluate(full, {**s, "W": 0, "X": 0, "Y": 0, "Z": 0})
        assert step["W"] == (s["A"] and (s["B"] or s["C"]))
        assert step["X"] == int(not s["A"] or s["A"] + s["B"] + s["C"] >= 2)
        assert step["Y"] == int(true > 1) and step["Z"] == int(true < 2), s


def test_boolnet_probability_column_of_ones_is_a_plain_network():
    net = parse_network("targets, factors, probabilities\nA, !B, 1\nB, A, 1.0\n", "boolnet")
    assert net.rule_text("A") == "!B" and net.rule_text("B") == "A"


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ("A, B\n", 1, 1, "expected the header 'targets, factors'"),
        ("targets, factors\nA, !B\nB, A\nA, B\n", 4, 1, "a second rule for 'A' (first on line 2): a probabilistic"),
        ("targets, factors, probabilities\nA, !B, 0.5\nB, A, 1\n", 2, 7, "probability 0.5: a probabilistic"),
        ("targets, factors, probabilities\nA, !B, x\nB, A\n", 2, 7, "probability 'x' is not a number"),
        ("targets, factors\nA, B[-1]\nB, A\n", 2, 5, "a time delay or iterator '['"),
        ("targets, factors\nA, B & timeis(3)\nB, A\n", 2, 8, "the temporal predicate timeis"),
        ("targets, factors\nA, all[t=1..2](B)\nB, A\n", 2, 7, "a time delay or iterator '['"),
        ("targets, factors\nA, B & C\nB, A\n", 2, None, "gene 'C' has no rule (write 'C, C' for an input)"),
        ("targets, factors\nA, sumgt(B, A, x)\nB, A\n", 2, 16, "the last argument must be an integer"),
        ("targets, factors\nA, B & maj(B, & A)\nB, A\n", 2, None, ""),
        ("targets, factors\nA, any(B, A\nB, A\n", 2, 7, "unclosed '('"),
        ("targets, factors\nA-1, B\nB, B\n", 2, 1, "invalid node name"),
        ("targets, factors\n", 1, None, "no rules"),
        ("# nothing\n", 1, None, "empty file"),
    ],
)
def test_boolnet_errors_name_file_line_and_column(text, line, column, message):
    with pytest.raises(ParseError) as err:
        parse_network(text, "boolnet", source="net.txt")
    assert message in str(err.value) and err.value.source == "net.txt"
    assert err.value.line == line
    if column is not None:
        assert err.value.column == column


def test_boolnet_files_are_named_by_extension_or_format(tmp_path):
    assert detect_format("cellcycle.boolnet") == "boolnet"
    path = tmp_path / "cellcycle.txt"
    path.write_text("targets, factors\nA, !A\n")
    with pytest.raises(FormatError):
        read_network(path)
    assert read_network(path, "boolnet").rule_text("A") == "!A"


def _boolnet_models() -> list[Path]:
    """BBM models BoolNet can tabulate: every rule over at most 12 regulators."""
    small = []
    for path in SAMPLE:
        net = read_network(path)
        if _in_degree(net) <= 12:
            small.append(path)
    return small


_R_STEP = """
suppressMessages(library(BoolNet))
jobs <- read.csv(commandArgs(trailingOnly = TRUE)[1], stringsAsFactors = FALSE)
for (i in seq_len(nrow(jobs))) {
  net <- loadNetwork(jobs$network[i])
  states <- read.csv(jobs$states[i], check.names = FALSE)[, net$genes, drop = FALSE]
  out <- t(apply(states, 1, function(s) stateTransition(net, as.numeric(s), type = "synchronous")))
  colnames(out) <- net$genes
  write.csv(out, jobs$out[i], row.names = FALSE, quote = FALSE)
}
"""


@requires_bbm
@pytest.mark.skipif(not peers.r_boolnet_available(), reason="R with the BoolNet package is not installed")
def test_r_boolnet_loads_what_logicnet_writes(tmp_path):
    """R BoolNet's loadNetwork reads the written file and its synchronous step agrees with
    logicnet's functions on random states, for the sampled BBM models it can tabulate and
    the bundled ones."""
    models = {p.stem: read_network(p) for p in _boolnet_models()}
    models |= {name: read_network(name) for name in ("gutliver", "mafld")}
    assert len(models) >= 8
    rng = random.Random(14)
    jobs, started = ["network,states,out"], {}
    for name, net in models.items():
        write_network(net, tmp_path / f"{name}.boolnet")
        assert not differing_nodes(net, read_network(tmp_path / f"{name}.boolnet"))  # and back
        starts = [{n: rng.randint(0, 1) for n in net.nodes} for _ in range(20)]
        lines = [",".join(net.nodes), *(",".join(str(s[n]) for n in net.nodes) for s in starts)]
        (tmp_path / f"{name}.states.csv").write_text("\n".join(lines) + "\n")
        jobs.append(f"{tmp_path / name}.boolnet,{tmp_path / name}.states.csv,{tmp_path / name}.next.csv")
        started[name] = starts
    (tmp_path / "jobs.csv").write_text("\n".join(jobs) + "\n")
    (tmp_path / "step.R").write_text(_R_STEP)
    r = subprocess.run(
        ["Rscript", str(tmp_path / "step.R"), str(tmp_path / "jobs.csv")], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr
    for name, net in models.items():
        header, *rows = (tmp_path / f"{name}.next.csv").read_text().splitlines()
        assert sorted(header.split(",")) == sorted(net.nodes), name
        theirs = [dict(zip(header.split(","), map(int, row.split(",")))) for row in rows]
        assert theirs == [evaluate(net, s) for s in started[name]], name


# -- pyboolnet's prime implicants --------------------------------------------------------------
def _normal(p: dict) -> dict:
    return {n: [sorted(tuple(sorted(c.items())) for c in cubes) for cubes in pair] for n, pair in p.items()}


def _in_degree(net: BooleanNetwork) -> int:
    return max(len(net.regulators(n)) for n in net.nodes)


@requires_bbm
@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_primes_round_trip(path):
    net = read_network(path)
    back = parse_network(generate_network(net, "primes"), "primes", source=f"{path.stem}.primes")
    assert back.nodes == net.nodes and back.inputs == net.inputs and differing_nodes(net, back) == []


@requires_bbm
@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_primes_equal_pyboolnets(path, tmp_path):
    """logicnet's primes are pyboolnet's (``bnet2primes``, its own prime implicant program),
    pyboolnet's ``read_primes`` reads them, and logicnet reads back pyboolnet's own file."""
    from pyboolnet.file_exchange import bnet2primes, read_primes, write_primes

    net = read_network(path)
    if _in_degree(net) > 9:  # pyboolnet's program takes seconds to minutes from 10 regulators on
        pytest.skip(f"a rule with {_in_degree(net)} regulators: too slow for pyboolnet's bnet2primes")
    ours = generate_network(net, "primes")
    theirs = bnet2primes(generate_network(net, "bnet"))
    assert _normal(json.loads(ours)) == _normal(theirs)
    (tmp_path / "ours.primes").write_text(ours)
    assert _normal(read_primes(str(tmp_path / "ours.primes"))) == _normal(theirs)
    write_primes(theirs, str(tmp_path / "theirs.primes"))  # a Python literal, not JSON
    back = read_network(tmp_path / "theirs.primes")
    assert set(back.inputs) == set(net.inputs) and differing_nodes(net, back) == []


def test_primes_of_the_bundled_models_round_trip():
    for name in ("gutliver", "mafld"):
        net = read_network(name)
        back = parse_network(generate_network(net, "primes"), "pyboolnet")
        assert back.nodes == net.nodes and back.inputs == net.inputs and differing_nodes(net, back) == []
        assert "organs" in unwritten(net, "primes")


def test_prime_implicants_are_every_prime():
    """Against brute force: an implicant is prime when dropping any literal breaks it."""
    from logicnet._engines.bdd import FunctionBdds

    net = BooleanNetwork({"A": None, "B": None, "C": None, "D": None, "F": "A & !B | B & C | !A & D | A & C & !D"})
    order = ["A", "B", "C", "D"]
    table = dict(zip(itertools.product((0, 1), repeat=4), _truth_table(net, "F", order)))

    def implies(cube):
        return all(v for bits, v in table.items() if all(bits[order.index(k)] == x for k, x in cube.items()))

    expected = []
    for values in itertools.product((None, 0, 1), repeat=4):
        cube = {k: v for k, v in zip(order, values) if v is not None}
        if implies(cube) and not any(implies({k: v for k, v in cube.items() if k != d}) for d in cube):
            expected.append(cube)
    bdds = FunctionBdds(net)
    found = primes.prime_implicants(bdds.of_node("F"), bdds.variables)
    assert sorted(sorted(c.items()) for c in found) == sorted(sorted(c.items()) for c in expected)


@pytest.mark.parametrize(
    "text, line, message",
    [
        ('{"A": [[{"A": 0}], [{"A": 1}]],\n "B": [[{"B": 1}], [{"C": 1}]]}', 2, "names 'C', which is not a node"),
        ('{"A": [[{"A": 0}], [{"A": 1}]],\n "B": [[{"A": 1}], [{"A": 1}]]}', 2, "do not describe the complement"),
        ('{"A": [[{"A": 0}], [{"A": 2}]]}', 1, "the value 2 (0 or 1 expected)"),
        ('{"A": [[{"A": 0}]]}', 1, "expected [zero_primes, one_primes]"),
        ('{"A": [[{"A": 0}], [{"A": 1}]],\n "B": 3}', 2, "expected [zero_primes, one_primes]"),
        ('{"A-1": [[], [{}]]}', 1, "invalid node name"),
        ("{}", None, "at least one node"),
    ],
)
def test_primes_errors_name_the_node_and_line(text, line, message):
    with pytest.raises(ParseError) as err:
        parse_network(text, "primes", source="m.primes")
    assert message in str(err.value) and err.value.source == "m.primes" and err.value.line == line


def test_primes_that_are_neither_json_nor_a_literal():
    with pytest.raises(ParseError, match="neither JSON nor a Python literal") as err:
        parse_network('{"A": [[{"A": 0}],\n [{"A": 1}]]', "primes", source="m.primes")
    assert err.value.line == 2
    with pytest.raises(ParseError, match="neither JSON"):
        parse_network("__import__('os')", "primes")  # nothing is evaluated


def test_primes_refuse_to_explode(monkeypatch):
    # a product of 8 sums has 2^8 prime implicants
    product = " & ".join(f"(a{i} | b{i})" for i in range(8))
    net = BooleanNetwork({"P": product}, undeclared="input")
    assert len(json.loads(generate_network(net, "primes"))["P"][1]) == 2**8
    monkeypatch.setattr(primes, "MAX_PRIMES", 100)
    with pytest.raises(SizeLimitError, match="more than 100 prime implicants"):
        generate_network(net, "primes")


def test_readers_refuse_options_they_do_not_take():
    with pytest.raises(ArgumentError, match="the primes reader takes no option"):
        parse_network("{}", "primes", constant_species="fixed")


# -- MaBoSS ------------------------------------------------------------------------------------
def _maboss(size: int):
    """The cmaboss build for networks of ``size`` nodes (None: cmaboss is not installed)."""
    import importlib

    for limit, name in ((64, "cmaboss"), (128, "cmaboss_128n"), (256, "cmaboss_256n"), (1024, "cmaboss_1024n")):
        if size <= limit:
            try:
                return importlib.import_module(name)
            except ImportError:
                return None
    return None


requires_maboss = pytest.mark.skipif(_maboss(1) is None, reason="cmaboss (MaBoSS for Python) is not installed")


def _maboss_rules(net: BooleanNetwork, tmp_path: Path, **options) -> tuple[BooleanNetwork, object]:
    """Write ``net`` for MaBoSS, load it there, and read back the logic MaBoSS parsed."""
    written = write_network(net, tmp_path / "m.bnd", **options)
    assert written == [tmp_path / "m.bnd", tmp_path / "m.cfg"]
    sim = _maboss(len(net)).MaBoSSSim(network=str(tmp_path / "m.bnd"), config=str(tmp_path / "m.cfg"))
    # MaBoSS lists each node's rule as "(!X & logic) | (X & logic)"
    rules = dict(line.split(" : ", 1) for line in sim.get_logical_rules().splitlines())
    return BooleanNetwork({n: rules[n] for n in net.nodes}), sim


def _small(paths: list[Path], characters: int = 100_000) -> list[Path]:
    """Models whose rules are short enough to check quickly (BBM's largest take seconds)."""
    return [p for p in paths if p.stat().st_size <= characters]


@requires_maboss
@pytest.mark.parametrize("name", [*(p.stem for p in _small(SAMPLE)), "gutliver", "mafld"])
def test_maboss_loads_the_export_with_the_same_logic(name, tmp_path):
    net = read_network(BBM / f"{name}.bnet" if name.startswith("bbm-") else name)
    theirs, _ = _maboss_rules(net, tmp_path)
    assert differing_nodes(net, theirs) == []


@requires_maboss
def test_maboss_simulates_the_condition_into_logicnets_attractor(tmp_path):
    """Under HFD=1,Exercise=1 the gut-liver toy has one attractor, a fixed point: MaBoSS's
    trajectories, started at random with the condition held, all end there."""
    import logicnet as ln

    net = read_network("gutliver")
    found = ln.attractors(net, "async", "HFD=1,Exercise=1")
    assert len(found) == 1 and found[0].is_fixed_point
    _, sim = _maboss_rules(net, tmp_path, condition="HFD=1,Exercise=1")
    probabilities, _, nodes, _ = sim.run().get_last_nodes_probtraj()
    assert dict(zip(nodes, probabilities[0].tolist())) == {n: float(v) for n, v in found[0].values.items()}


def test_maboss_condition_by_name_and_its_errors(tmp_path):
    from logicnet.errors import PerturbationError, UnknownNodeError
    from logicnet.io import maboss

    net = read_network("mafld")
    cfg = maboss.generate_cfg(net, "exercise_hfd")  # one of the model's [conditions]
    assert "HFD.istate = 1;" in cfg and "Exercise.istate = 1;" in cfg and "$d_HFD = 0;" in cfg
    assert cfg.count(".istate") == 2 and "$d_Steatosis = 1;" in cfg
    with pytest.raises(UnknownNodeError, match="did you mean 'HFD'"):
        maboss.generate_cfg(net, "hfd=1")
    with pytest.raises(PerturbationError, match=r"expected NODE=0 or NODE=1 \(or a condition of the model"):
        maboss.generate_cfg(net, "obese")
    (tmp_path / "x.bnd").write_text("Node A { logic = A; }\n")
    with pytest.raises(FormatError, match=r"x\.bnd: logicnet writes MaBoSS files .* but does not read them"):
        read_network(tmp_path / "x.bnd")
    with pytest.raises(ArgumentError, match="the bnet writer takes no option 'condition'"):
        write_network(net, tmp_path / "m.bnet", condition="HFD=1")
    assert unwritten(net, "maboss")[:3] == ["name", "description", "organs"]
