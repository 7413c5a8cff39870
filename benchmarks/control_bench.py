"""Control against the brute-force screen and against its peers' control (biodivine-aeon,
biobalm, pystablemotifs).

1. MAFLD, the exercise mimetic (start and condition HFD=1,Exercise=0, target the core
   benefit readouts): every minimal set of up to 3 knockouts/overexpressions with
   ``logicnet.control``, against the depth-2 brute-force screen of the same candidates
   (``perturbation_screen``), whose kept rows give the minimal sets of up to 2 to compare.
2. MAFLD rescues: each organ frozen in the background, exercise on, sets of up to 2.
3. BBM models of at most ``--max-vars`` variables: inputs at 0, the last node constant over
   the start attractors flipped as the target; ``control`` (max size 2) against aeon's
   ``Control.phenotype_permanent`` (size limit 2) on the same candidate nodes, each in a
   forked child with ``--timeout``. aeon answers a stronger question (from every state, not
   from the start attractors), so each of its minimal sets that is sufficient from the start
   attractors must contain one of logicnet's; a set that does not is a disagreement.
4. With ``--biobalm``: BBM models with at least two minimal trap spaces under the inputs at
   0, the target being up to two nodes fixed in the first and different in another (a
   phenotype biobalm's succession-diagram control can aim at). Each of biobalm's
   interventions of at most 2 nodes (one driver set per succession step) that does not
   touch the target nodes themselves (logicnet never intervenes on a target) and is
   sufficient from the start attractors must contain one of logicnet's sets.
5. With ``--pystablemotifs``: the same questions against pystablemotifs' driver sets
   (``reprogram_to_trap_spaces``, merge/minimal, merge/internal and history/internal; its
   time includes reading the primes and building its succession diagram), checked the
   same way. Items the condition already sets are dropped from the peers' sets.

One core, in-process times (each tool in a forked child, so neither keeps the other's
caches), printed with ratios; ``--repeat N`` runs both N times, alternately, and keeps each
one's shortest time, since a shared machine makes single timings noisy:

    python benchmarks/control_bench.py --max-vars 30 --timeout 60 --repeat 3 --biobalm --pystablemotifs
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (the peers' adapters)

import logicnet as ln
from logicnet.bounded import run_bounded
from logicnet.experiments.control import control
from logicnet.perturb import perturb
from tests.corpus import bbm_models
from tests.peers import Aeon, PyStableMotifs, as_interventions

MIMETIC = ("HFD=1,Exercise=0", "HFD=1,Exercise=0")


def timed(work):
    start = time.perf_counter()
    out = work()
    return out, time.perf_counter() - start


def mafld() -> None:
    net = ln.read_network("mafld")
    found, seconds = timed(lambda: control(net, *MIMETIC, max_size=3))
    print(f"MAFLD mimetic, up to 3: {len(found)} minimal sets in {seconds:.2f} s {dict(found.tried)}")
    goal = ln.experiments.benefit_readouts(net, None)
    pool = [n for n in net.nodes if net.rule(n) is not None and n not in goal and n not in ("HFD", "Exercise")]
    perturbations = ln.perturbation_sets(net, pool, ["ko", "oe"], depth=2)
    screen, brute = timed(lambda: ln.perturbation_screen(net, MIMETIC, perturbations))
    kept = {
        frozenset(ln.Perturbation.parse(r["perturbation"]).fixed_values(net).items())
        for r in screen
        if r["verdict"] == "kept"
    }
    minimal = {s for s in kept if not any(o < s for o in kept)}
    upto2 = {frozenset(r["interventions"].items()) for r in found if r["size"] <= 2}
    print(
        f"  depth-2 brute-force screen: {len(perturbations):,} perturbations in {brute:.2f} s "
        f"({brute / seconds:.1f}x control's time for sizes up to 3); minimal sets agree: {minimal == upto2}"
    )
    for organ in sorted(o for o in net.organs if o != "systemic"):
        rescue, seconds = timed(
            lambda organ=organ: control(net, "HFD=1,Exercise=0", "HFD=1,Exercise=1", background=f"freeze:{organ}")
        )
        sizes = sorted(r["size"] for r in rescue)
        print(f"  rescue of frozen {organ}: {len(rescue)} minimal sets (sizes {sizes[:1] or '-'}..) in {seconds:.2f} s")


def question(net):
    condition = dict.fromkeys(net.inputs, 0)
    sources = ln.experiments.source_attractors(net, condition)
    if not sources.complete:
        return None
    for n in reversed(net.nodes):
        values = {a.values[n] for a in sources}
        if net.rule(n) is not None and len(values) == 1 and "*" not in values:
            return condition, {n: 1 - values.pop()}
    return None


def quiet(work):
    """``work()`` with stderr silenced (aeon prints its progress there), in the child."""

    def run():
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        return timed(work)

    return run


def _aeon_sets(net, condition, target) -> list:
    allowed = [n for n in net.nodes if net.rule(n) is not None and n not in condition and n not in target]
    return Aeon.load(ln.generate_network(perturb(net, condition), "bnet")).phenotype_control(target, allowed, 2)


def compare(net, condition, target, seconds: float, peer=_aeon_sets, repeat: int = 1) -> tuple:
    """(logicnet's sets, its seconds, the peer's sets, its seconds), each in a forked child
    stopped after ``seconds`` (then None). With ``repeat``, both run that many times,
    alternately, and the shortest time of each counts (the machine may be shared)."""

    def stopped(note: str) -> tuple:
        return None, seconds

    ours = partial(control, net, condition, condition, target, max_size=2)
    theirs = partial(peer, net, condition, target)
    best = {ours: (None, math.inf), theirs: (None, math.inf)}
    for _ in range(repeat):
        for work in (ours, theirs):
            found, took = best[work]
            if found is None and took < math.inf:  # stopped by the time limit once: not again
                continue
            again, t = run_bounded(quiet(work), seconds=seconds, on_timeout=stopped)
            best[work] = (found, seconds) if again is None else (again, min(took, t))
    return (*best[ours], *best[theirs])


def sufficient(net, condition, target, interventions) -> bool:
    """Whether every attractor reachable from the start attractors has the target (False
    when the exact engine cannot tell)."""
    try:
        reached = ln.reversal(net, condition, {**condition, **dict(interventions)}).combined
    except ln.LogicnetError:
        return False
    return reached.complete and all(a.values[n] == v for a in reached for n, v in target.items())


def disagreements(net, condition, target, ours, theirs) -> int:
    """aeon's sets that are sufficient from the start attractors yet contain none of ours."""
    found = [set(r["interventions"].items()) for r in ours]
    return sum(sufficient(net, condition, target, s) and not any(o <= s for o in found) for s in theirs)


def bbm(max_vars: int, seconds: float, repeat: int = 1) -> None:
    ratios, disagreed, rows = [], 0, 0
    print(f"\n{'model':>8} {'n':>3} {'logicnet':>15} {'aeon':>15} {'ratio':>6}")
    for path in bbm_models():
        net = ln.read_network(path)
        if len(net) > max_vars or (q := question(net)) is None:
            continue
        ours, t_ours, theirs, t_aeon = compare(net, *q, seconds, repeat=repeat)
        rows += 1
        ratio = t_ours / t_aeon if ours is not None and theirs is not None else 0.0
        if ratio:
            ratios.append(ratio)
            disagreed += disagreements(net, *q, ours, theirs)
        shown = [f"{'-' if r is None else len(r):>4} in {t:6.2f} s" for r, t in ((ours, t_ours), (theirs, t_aeon))]
        print(f"{path.stem:>8} {len(net):>3} {shown[0]} {shown[1]} {ratio:6.2f}", flush=True)
    if ratios:
        median = statistics.median(ratios)
        faster = sum(r < 1 for r in ratios)
        print(f"\n{rows} models; both answered {len(ratios)}: median ratio logicnet/aeon {median:.2f}, ", end="")
        print(f"logicnet faster on {faster}; disagreements: {disagreed}")


def trap_question(net):
    condition = dict.fromkeys(net.inputs, 0)
    spaces = list(ln.trap_spaces(perturb(net, condition)))
    first = spaces[0] if len(spaces) > 1 else {}
    differ = [
        n
        for n in net.nodes
        if first.get(n, "*") != "*" and n not in condition and any(o[n] not in ("*", first[n]) for o in spaces[1:])
    ]
    return (condition, {n: first[n] for n in differ[:2]}) if differ else None


def biobalm_sets(net, condition, target) -> list:
    """biobalm's succession-diagram control: one driver set per succession step of each
    intervention, as logicnet's question sees them (``as_interventions``)."""
    import itertools

    import biobalm
    from biobalm.control import succession_control

    sd = biobalm.SuccessionDiagram.from_rules(ln.generate_network(perturb(net, condition), "bnet"))
    found = [
        [(n, int(v)) for d in choice for n, v in d.items()]
        for intervention in succession_control(sd, target)
        for choice in itertools.product(*intervention.control)
    ]
    return as_interventions(found, condition, target, 2)


def pystablemotifs_sets(net, condition, target) -> list:
    """pystablemotifs' driver sets (``reprogram_to_trap_spaces``, see ``PyStableMotifs``),
    reading the model and building its succession diagram included."""
    found = PyStableMotifs.load(ln.generate_network(perturb(net, condition), "bnet")).drivers(target, 2)
    return as_interventions(found, condition, target, 2)


def with_peer(name: str, peer, max_vars: int, seconds: float, repeat: int = 1) -> None:
    """logicnet against a succession-diagram peer on the trap-space questions: times, and
    how many of the peer's sets are sufficient and how many of those contain none of ours."""
    print(f"\n{'model':>8} {'n':>3} {'logicnet':>15} {name:>15} {'ratio':>6}  {name} sets: sufficient, not covered")
    ratios, totals = [], [0, 0, 0]
    for path in bbm_models():
        net = ln.read_network(path)
        if len(net) > max_vars or (q := trap_question(net)) is None:
            continue
        condition, target = q
        ours, t_ours, theirs, t_peer = compare(net, condition, target, seconds, peer=peer, repeat=repeat)
        enough = uncovered = 0
        if ours is not None and theirs is not None:
            found = [set(r["interventions"].items()) for r in ours]
            for s in theirs:
                if sufficient(net, condition, target, s):
                    enough += 1
                    uncovered += not any(o <= s for o in found)
            ratios.append(t_ours / t_peer)
            totals = [totals[0] + len(theirs), totals[1] + enough, totals[2] + uncovered]
        shown = [f"{'-' if r is None else len(r):>4} in {t:6.2f} s" for r, t in ((ours, t_ours), (theirs, t_peer))]
        ratio = t_ours / t_peer if ours is not None and theirs is not None else 0.0
        print(f"{path.stem:>8} {len(net):>3} {shown[0]} {shown[1]} {ratio:6.2f}  {enough}, {uncovered}", flush=True)
    if ratios:
        print(f"\nboth answered {len(ratios)}: median ratio logicnet/{name} {statistics.median(ratios):.2f}; ", end="")
        print(f"{name} sets {totals[0]}, sufficient {totals[1]}, not covered {totals[2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-vars", type=int, default=45)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--skip-mafld", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each tool per model (the shortest counts).")
    parser.add_argument("--skip-aeon", action="store_true", help="Leave out the comparison with aeon.")
    parser.add_argument("--biobalm", action="store_true", help="Also compare with biobalm's succession control.")
    parser.add_argument("--pystablemotifs", action="store_true", help="Also compare with pystablemotifs' drivers.")
    args = parser.parse_args()
    if not args.skip_mafld:
        mafld()
    if not args.skip_aeon:
        bbm(args.max_vars, args.timeout, args.repeat)
    if args.biobalm:
        with_peer("biobalm", biobalm_sets, args.max_vars, args.timeout, args.repeat)
    if args.pystablemotifs:
        with_peer("pystablemotifs", pystablemotifs_sets, args.max_vars, args.timeout, args.repeat)


if __name__ == "__main__":
    main()
