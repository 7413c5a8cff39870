"""Screen throughput: logicnet's screen against the same question asked in a loop with a
peer (as a user of biodivine-aeon, biobalm or mpbn would write it), and screen time vs network size.

usage: python benchmarks/screen_bench.py [--depth 2] [--peer-budget 120] [--jobs 2] [--scaling]
                                        [--scaling-only] [--scaling-models bbm-152,bbm-012,bbm-254]

The question, per perturbation: start in the sedentary disease attractor (HFD=1,
Exercise=0), switch Exercise on and apply the knockout at time zero, and report the
attractors reachable from there (asynchronous: aeon's forward reachability + attractors in
the reached set, constants inlined first; biobalm's succession diagram of each perturbed
network; most permissive: mpbn's reachable attractors). Peers run a sample of the
perturbations within a time budget; throughputs (perturbations per second) are compared.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import logicnet as ln
from logicnet import attractors, generate_network, perturb, perturbation_sets, read_network

HERE = Path(__file__).resolve().parent


def aeon_loop(net, source_state, perturbations, budget):
    import biodivine_aeon as ba

    done, start = 0, time.perf_counter()
    for p in perturbations:
        target = perturb(net, f"HFD=1;Exercise=1;{p}" if str(p) else "HFD=1;Exercise=1")
        state = {**source_state, "Exercise": 1, **p.fixed_values(net)}

        def run(target=target, state=state):
            bn = ba.BooleanNetwork.from_bnet(generate_network(target, "bnet"), repair_graph=False)
            # constants inlined first, as a careful aeon user does: without it the first
            # knockout of the 74-node MAFLD does not finish in 120 s (the reachable set is huge)
            bn = bn.remove_regulation_constraints().inline_constants(infer_constants=True, repair_graph=True)
            g = ba.AsynchronousGraph(bn)
            kept = {bn.get_variable_name(v) for v in bn.variables()}
            init = g.mk_subspace({n: bool(v) for n, v in state.items() if n in kept})
            reach = ba.Reachability.reach_fwd(g, init)
            return list(ba.Attractors.attractors(g, reach))

        run()  # on the main thread, as its user calls it (aeon 1.4 warns off it, twice a call)
        done += 1
        if time.perf_counter() - start > budget:
            break
    return done, time.perf_counter() - start


def biobalm_loop(net, source_state, perturbations, budget):
    """biobalm's succession diagram takes no initial state: its loop finds all attractors of
    each perturbed network (the reachable ones among them), the peer loop issue 10 names."""
    from biobalm import SuccessionDiagram
    from biodivine_aeon import BooleanNetwork

    done, start = 0, time.perf_counter()
    for p in perturbations:
        target = perturb(net, f"HFD=1;Exercise=1;{p}" if str(p) else "HFD=1;Exercise=1")

        def run(target=target):
            diagram = SuccessionDiagram(BooleanNetwork.from_bnet(generate_network(target, "bnet")))
            diagram.build()
            return diagram.expanded_attractor_seeds()

        run()  # on the main thread, as its user calls it
        done += 1
        if time.perf_counter() - start > budget:
            break
    return done, time.perf_counter() - start


def mpbn_loop(net, source_state, perturbations, budget):
    import mpbn

    done, start = 0, time.perf_counter()
    for p in perturbations:
        target = perturb(net, f"HFD=1;Exercise=1;{p}" if str(p) else "HFD=1;Exercise=1")
        rules = {n: (target.rule_text(n) if target.rule(n) is not None else n) for n in target.nodes}
        mbn = mpbn.MPBooleanNetwork(rules)
        state = {**source_state, "Exercise": 1, **p.fixed_values(net)}
        list(mbn.attractors(reachable_from=state))
        done += 1
        if time.perf_counter() - start > budget:
            break
    return done, time.perf_counter() - start


def _loop_in_child(loop, net, source, perts, budget):
    """Run a peer loop in a child process killed after ``budget`` seconds (a single peer call
    can run far longer than the budget); returns (calls finished, seconds)."""
    import multiprocessing as mp

    # shared counters, not a queue: a queue read only after the child ends fills its pipe
    # (about 2,000 items) and stalls the child, capping the peer's measured rate
    finished, elapsed = mp.Value("l", 0), mp.Value("d", 0.0)

    def child():
        start = time.perf_counter()
        for i, p in enumerate(perts, 1):
            loop(net, source, [p], float("inf"))
            with finished.get_lock():
                finished.value, elapsed.value = i, time.perf_counter() - start

    proc = mp.get_context("fork").Process(target=child)
    start = time.perf_counter()
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.kill()
        proc.join()
    secs = time.perf_counter() - start
    done = finished.value
    return done, (elapsed.value if done == len(perts) else secs)


def mafld(args):
    net = read_network("mafld")
    nodes = [n for n in net.nodes if net.rule(n) is not None]
    perts = perturbation_sets(net, nodes, ("ko",), args.depth)
    print(f"MAFLD: {len(perts)} perturbations (single + double knockouts up to depth {args.depth}), {len(net)} nodes")
    source = attractors(net, "async", "HFD=1,Exercise=0")[0].values
    rows = []
    for sem, loops in (("asynchronous", (aeon_loop, biobalm_loop)), ("most-permissive", (mpbn_loop,))):
        t = time.perf_counter()
        frame = ln.perturbation_screen(
            net,
            ("HFD=1,Exercise=0", "HFD=1,Exercise=1"),
            perts,
            semantics=[sem],
            execution=ln.Execution(jobs=args.jobs),
        ).to_frame()
        ours = time.perf_counter() - t
        ours_rate = len(perts) / ours
        print(
            f"  {sem}: logicnet {len(perts)} in {ours:.1f} s ({ours_rate:.1f}/s, jobs={args.jobs}); "
            f"verdicts: {frame['verdict'].value_counts().to_dict()}"
        )
        best = None
        for loop in loops:
            # the peers answer the same perturbations in the same order, within a time budget
            done, secs = _loop_in_child(loop, net, source, perts, args.peer_budget)
            peer_rate = max(done, 1) / secs  # < 1 done: an upper bound
            bound = "<" if done == 0 else ""
            peer = loop.__name__.removesuffix("_loop")
            rows.append((sem, len(perts), ours, ours_rate, peer, done, secs, peer_rate))
            print(
                f"    {peer} loop {done} in {secs:.1f} s ({bound}{peer_rate:.3f}/s): logicnet's throughput "
                f"{'>' if bound else ''}{ours_rate / peer_rate:.0f}x"
            )
            best = max(best or 0.0, peer_rate)
        print(f"    against the fastest peer loop: {ours_rate / best:.0f}x")
    return rows


def scaling(args):
    """Single-knockout screens on three BBM models of about 50, 100 and 200 nodes.

    The models with 1-8 inputs nearest those sizes are bbm-152, bbm-012 and bbm-280; the
    two ~170-node ones with that many inputs, bbm-280 and bbm-277, have no asynchronous
    attractors for the all-inputs-off baseline within minutes (by any tool), so the ~200
    default is bbm-254 (179 nodes, 9 inputs).
    """
    bbm = Path(args.bbm)
    picks = args.scaling_models.split(",")
    print(
        "\nScaling (single knockouts of every non-input node; baseline: all inputs 0, treatment: "
        "all inputs 1; readouts: up to 3 sink nodes (else the 3 least regulating), benefit = their value after "
        "the switch without a knockout; asynchronous):"
    )
    for stem in picks:
        net = read_network(bbm / f"{stem}.bnet")
        inputs = list(net.inputs)
        base = ",".join(f"{i}=0" for i in inputs)
        treat = ",".join(f"{i}=1" for i in inputs)
        from logicnet.graph import sink_nodes

        graph = ln.interaction_graph(net)
        # readouts: up to 3 sinks, else the 3 nodes regulating the fewest others
        sinks = [n for n in sink_nodes(graph) if n not in inputs][:3] or sorted(
            (n for n in net.nodes if n not in inputs), key=lambda n: (graph.out_degree(n), n)
        )[:3]
        after = ln.reversal(net, base, treat)
        readouts = {n: after[0].values[n] if after[0].values[n] != "*" else 1 for n in sinks}
        t = time.perf_counter()
        frame = ln.perturbation_screen(
            net, (base, treat), readouts=readouts, execution=ln.Execution(jobs=args.jobs)
        ).to_frame()
        secs = time.perf_counter() - t
        print(
            f"  {stem}: {len(net)} nodes, {len(inputs)} inputs, {len(frame)} perturbations in {secs:.1f} s "
            f"({len(frame) / secs:.1f}/s); complete: {bool(frame['complete'].all())}; "
            f"verdicts {frame['verdict'].value_counts().to_dict()}"
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--peer-budget", type=float, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scaling", action="store_true")
    ap.add_argument("--scaling-only", action="store_true", help="skip the MAFLD comparison")
    ap.add_argument("--scaling-models", default="bbm-152,bbm-012,bbm-254")
    ap.add_argument("--bbm", default=str(HERE.parents[1] / "shared" / "bbm"))
    args = ap.parse_args()
    if not args.scaling_only:
        mafld(args)
    if args.scaling or args.scaling_only:
        scaling(args)


if __name__ == "__main__":
    main()
