"""In-silico screens: which perturbations (or organs) does a benefit need?

The benefit contrast: a *baseline* condition (e.g. ``HFD=1,Exercise=0``) whose attractors
are the starting states, and a *treatment* condition (``HFD=1,Exercise=1``) switched on at
time zero together with the screened perturbation (the reversal protocol). An optional
*background* (an organ frozen, a node knocked out) applies to the baseline and the
treatment alike. For each reachable attractor the verdict readouts are compared with their
benefit values:

* **kept**: every reachable attractor is beneficial (all verdict readouts at benefit);
* **partial**: some are; **lost**: none is;
* **score**: the mean over reachable attractors of the fraction of verdict readouts at
  their benefit value (``*`` counts as not at benefit).

One tidy row per (perturbation, semantics, variant) with the readout values (0, 1, ``*``
within an attractor, ``mixed`` across attractors), the attractor count, verdict, score and
provenance (model hash, method, ``complete``). No superset pruning: a double knockout can
restore what a single one lost. Work is chunked over a ``concurrent.futures.Executor``
(serial, a local process pool, or a Dask cluster's executor), checkpointed to a sidecar
file as it goes and resumable.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .analysis.results import AttractorResult
from .errors import LogicnetError, SizeLimitError
from .io import atomic_write
from .network import BooleanNetwork
from .perturb import Fix, OrganPerturbation, Perturbation
from .protocols import reversal, source_attractors
from .semantics import canonical_semantics
from .validate import observed_values
from .variants import variant_names, with_variants

__all__ = ["Contrast", "perturbation_sets", "knockout_screen", "organ_necessity", "benefit_readouts",
           "MAX_TASKS"]

MAX_TASKS = 200_000


@dataclass(frozen=True)
class Contrast:
    """Baseline and treatment conditions, plus a background applied to both."""

    baseline: Perturbation
    treatment: Perturbation
    background: Perturbation = Perturbation()

    @classmethod
    def of(cls, baseline, treatment, background=None) -> "Contrast":
        return cls(Perturbation.of(baseline), Perturbation.of(treatment), Perturbation.of(background))


def benefit_readouts(network: BooleanNetwork, readouts: str | dict | Sequence[str] | None = None) -> dict[str, int]:
    """The verdict readouts with their benefit values.

    ``readouts``: ``"Steatosis=0,SHBG=1"``, a dict, a list of names (benefit values from
    the model), or None: the model's ``readout_sets.core`` if declared, else all declared
    ``readouts``.
    """
    declared = dict(network.metadata.get("readouts", {}))
    if readouts is None:
        core = network.metadata.get("readout_sets", {}).get("core")
        chosen = {n: declared[n] for n in core} if core else declared
    elif isinstance(readouts, dict):
        chosen = {n: int(v) for n, v in readouts.items()}
    else:
        items = readouts.split(",") if isinstance(readouts, str) else list(readouts)
        chosen = {}
        for item in (i.strip() for i in items if i.strip()):
            name, _, value = item.partition("=")
            if value:
                chosen[name.strip()] = int(value)
            elif name in declared:
                chosen[name] = declared[name]
            else:
                raise LogicnetError(f"readout {name!r} has no benefit value: write {name}=0 or {name}=1")
    if not chosen:
        raise LogicnetError("no readouts: name them (--readouts Steatosis=0,SHBG=1) or declare [readouts] "
                            "in the model")
    for n in chosen:
        network.index(n)
    return chosen


def perturbation_sets(network: BooleanNetwork, nodes: Iterable[str], kinds: Sequence[str] = ("ko",),
                      depth: int = 1, include_none: bool = True) -> list[Perturbation]:
    """Every combination of up to ``depth`` single perturbations of distinct nodes, each node
    knocked out (``ko``) and/or overexpressed (``oe``); the empty perturbation first."""
    import math

    value = {"ko": 0, "oe": 1}
    nodes = list(nodes)
    total = sum(math.comb(len(nodes), k) * len(kinds) ** k for k in range(1, depth + 1)) + include_none
    if total > MAX_TASKS:  # checked before generating: depth 3 over hundreds of nodes is billions
        raise SizeLimitError(f"{total:,} perturbations (limit {MAX_TASKS:,}): lower --depth or name "
                             "fewer --nodes / one --organ")
    singles = [Fix(n, value[k]) for n in nodes for k in kinds]
    out = [Perturbation()] if include_none else []
    for k in range(1, depth + 1):
        for combo in itertools.combinations(singles, k):
            if len({f.node for f in combo}) == k:
                out.append(Perturbation(combo))
    return out


# -- the unit of work --------------------------------------------------------------------------
# Reachability answers per worker process, keyed by the restricted subproblem (see
# reachable_attractors): many double perturbations share one. Bounded; cleared when full.
_REACHABILITY_CACHE: dict = {}
_CACHE_ENTRIES = 20_000


def _evaluate(network: BooleanNetwork, source: AttractorResult, contrast: Contrast, p: Perturbation,
              semantics: str, readouts: dict[str, int], report: list[str]) -> dict:
    target = Perturbation.of(contrast.treatment, contrast.background, p)
    if len(_REACHABILITY_CACHE) > _CACHE_ENTRIES:
        _REACHABILITY_CACHE.clear()
    res = reversal(network, source, target, semantics, cache=_REACHABILITY_CACHE).combined
    observed = observed_values(res, report)
    fractions = [sum(a.values[r] == v for r, v in readouts.items()) / len(readouts) for a in res]
    beneficial = [f == 1.0 for f in fractions]
    verdict = "kept" if all(beneficial) else "lost" if not any(beneficial) else "partial"
    return {"perturbation": str(p), **observed, "attractors": len(res), "verdict": verdict,
            "score": round(sum(fractions) / len(fractions), 6) if fractions else 0.0,
            "complete": res.complete, "method": res.method}


def _run_chunk(network: BooleanNetwork, sources: dict, contrast: Contrast, readouts: dict,
               report: list[str], tasks: list) -> list[dict]:
    """Worker entry point: a chunk of (perturbation, semantics, variant) tasks."""
    rows = []
    nets = {}
    for p_text, semantics, variant in tasks:
        if variant not in nets:
            nets[variant] = with_variants(network, variant)
        start = time.perf_counter()
        try:
            row = _evaluate(nets[variant], sources[(semantics, variant)], contrast, Perturbation.parse(p_text),
                            semantics, readouts, report)
        except LogicnetError as err:  # e.g. a freeze of a mediator that is not constant
            row = {"perturbation": p_text, "attractors": 0, "verdict": "error", "score": 0.0,
                   "complete": False, "method": str(err)}
        row.update(semantics=semantics, variant=variant, model_hash=nets[variant].fingerprint()[:16],
                   _seconds=time.perf_counter() - start)
        rows.append(row)
    return rows


def _chunk_results(executor: Executor | None, chunks: list, *args) -> Iterable[list[dict]]:
    """Rows of each chunk as it finishes: on ``executor``, or here, one chunk after another
    (so progress and checkpoints advance with the work) when it is None."""
    if executor is None:
        for c in chunks:
            yield _run_chunk(*args, c)
        return
    from concurrent.futures import as_completed

    futures = [executor.submit(_run_chunk, *args, c) for c in chunks]
    for f in as_completed(futures):
        yield f.result()


def _progress(done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.monotonic() - started, 1e-9)
    eta = (total - done) / rate if rate else 0
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:.1f}/s  eta {eta:.0f}s ",
          end="", file=sys.stderr, flush=True)


# -- screens -------------------------------------------------------------------------------------
def knockout_screen(network: BooleanNetwork, baseline, treatment, *, perturbations: Sequence[Perturbation] | None = None,
                    nodes: Iterable[str] | None = None, organ: str | None = None, kinds: Sequence[str] = ("ko",),
                    depth: int = 1, readouts=None, semantics: Sequence[str] | str = ("asynchronous",),
                    variants: Sequence[str] | str | None = None, background=None, jobs: int = 1,
                    executor: Executor | None = None, chunk_size: int | None = None,
                    output: str | os.PathLike | None = None, resume: bool = False,
                    progress: bool = False) -> pd.DataFrame:
    """Screen perturbations for their effect on the benefit contrast (module docstring).

    Perturbations: given, or generated from ``nodes`` (default: every non-input node),
    restricted to one ``organ``, ``kinds`` ``("ko",)``/``("oe",)``/both, up to ``depth``.
    ``semantics`` and ``variants`` ("all" = default + every declared variant) multiply the
    rows. ``executor`` (any ``concurrent.futures.Executor``, e.g. a Dask client's
    ``get_executor()``) or ``jobs`` > 1 (a local process pool) run chunks in parallel; the
    rows are the same bytes whatever runs them. With ``output``, finished rows are
    checkpointed to ``OUTPUT.partial.jsonl`` and ``resume`` skips them after an
    interruption; the final CSV is written atomically and timings go to
    ``OUTPUT.timings.csv``.
    """
    contrast = Contrast.of(baseline, treatment, background)
    sems = [canonical_semantics(s) for s in ([semantics] if isinstance(semantics, str) else semantics)]
    vlist = _variant_list(network, variants)
    chosen = benefit_readouts(network, readouts)
    report = list(dict.fromkeys([*chosen, *network.metadata.get("readouts", {})]))
    if perturbations is None:
        pool = list(nodes) if nodes is not None else [n for n in network.nodes if network.rule(n) is not None]
        if organ is not None:
            members = set(network.organ_nodes()[network.organ(organ).name])
            pool = [n for n in pool if n in members]
        for n in pool:
            network.index(n)
        perturbations = perturbation_sets(network, pool, kinds, depth)
    tasks = [(str(p), s, v) for v in vlist for s in sems for p in perturbations]
    return _run(network, contrast, tasks, chosen, report, sems, vlist, jobs, executor, chunk_size, output,
                resume, progress)


def _variant_list(network: BooleanNetwork, variants) -> list[str]:
    if variants is None:
        return ["default"]
    items = [v.strip() for v in (variants.split(",") if isinstance(variants, str) else variants) if v.strip()]
    if "all" in items:
        return ["default", *variant_names(network)]
    return items or ["default"]


def _run(network, contrast, tasks, readouts, report, sems, vlist, jobs, executor, chunk_size, output,
         resume, progress) -> pd.DataFrame:
    sidecar = Path(f"{output}.partial.jsonl") if output else None
    done: dict[tuple, dict] = {}
    if sidecar and sidecar.exists():
        if not resume:
            raise LogicnetError(f"{sidecar} exists from an interrupted run: rerun with --resume to continue "
                                "it, or delete it to start over")
        for line in sidecar.read_text().splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by the interruption: recompute it
            done[(row["perturbation"], row["semantics"], row["variant"])] = row
    todo = [t for t in tasks if t not in done]
    # Source attractors once per (semantics, variant), shared by every task.
    sources = {}
    for v in vlist:
        net = with_variants(network, v)
        for s in sems:
            background = Perturbation(tuple(i for i in contrast.background.items
                                            if not isinstance(i, OrganPerturbation)))
            sources[(s, v)] = source_attractors(net, Perturbation.of(contrast.baseline, background), s)
    chunk = chunk_size or max(1, min(50, len(todo) // (4 * max(jobs, 1)) or 1))
    chunks = [todo[i:i + chunk] for i in range(0, len(todo), chunk)]
    own_pool = None
    if executor is None and jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        executor = own_pool = ProcessPoolExecutor(max_workers=jobs)
    started = time.monotonic()
    count = len(tasks) - len(todo)
    out = open(sidecar, "a", encoding="utf-8") if sidecar else None
    try:
        for rows in _chunk_results(executor, chunks, network, sources, contrast, readouts, report):
            for row in rows:
                done[(row["perturbation"], row["semantics"], row["variant"])] = row
                if out:
                    out.write(json.dumps(row) + "\n")
            if out:
                out.flush()
                os.fsync(out.fileno())
            count += len(rows)
            if progress:
                _progress(count, len(tasks), started)
    finally:
        if out:
            out.close()
        if own_pool:
            own_pool.shutdown()
        if progress:
            print(file=sys.stderr)
    frame = _frame([done[t] for t in tasks], readouts, report, sems)
    if output:
        timings = pd.DataFrame([{"perturbation": done[t]["perturbation"], "semantics": t[1], "variant": t[2],
                                 "seconds": done[t].get("_seconds")} for t in tasks])
        atomic_write(f"{output}.timings.csv", timings.to_csv(index=False, lineterminator="\n"))
        atomic_write(output, frame.to_csv(index=False, lineterminator="\n"))
        sidecar.unlink(missing_ok=True)
    return frame


def _frame(rows: list[dict], readouts: dict, report: list[str], sems: list[str]) -> pd.DataFrame:
    columns = ["perturbation", "semantics", "variant", *report, "attractors", "verdict", "score",
               "complete", "method", "model_hash"]
    frame = pd.DataFrame([{k: r.get(k, "") for k in columns} for r in rows], columns=columns)
    if len(sems) > 1:  # one verdict per perturbation and variant across the semantics?
        agree = frame.groupby(["perturbation", "variant"])["verdict"].transform(lambda v: v.nunique() == 1)
        frame["agreement"] = agree.map({True: "agree", False: "differ"})
    return frame


def organ_necessity(network: BooleanNetwork, baseline, treatment, *, mode: str = "freeze",
                    organs: Sequence[str] | None = None, sets: Sequence[str] = ("single", "pair", "all-but-one"),
                    readouts=None, semantics: str = "asynchronous", variants=None, background=None,
                    jobs: int = 1, executor: Executor | None = None, progress: bool = False) -> pd.DataFrame:
    """Freeze (default) or silence organs' outgoing mediators, alone, in pairs (redundancy)
    and all but one (sufficiency), and report the verdict on the benefit per variant.

    Adds ``organs`` (the frozen organs), ``set`` (single / pair / all-but-one / none),
    ``label`` ("gut", "gut+CNS", "all but gut") and ``robustness`` ("n/m": the number of
    rule sets giving the same verdict as the first, normally the default rules) columns.
    """
    if mode not in ("freeze", "silence"):
        raise ValueError("mode must be 'freeze' or 'silence'")
    names = list(organs) if organs is not None else [o.name for o in network.organs.values() if o.mediators]
    for o in names:
        network.organ(o)
    groups: list[tuple[str, tuple[str, ...]]] = [("none", ())]
    if "single" in sets:
        groups += [("single", (o,)) for o in names]
    if "pair" in sets:
        groups += [("pair", c) for c in itertools.combinations(names, 2)]
    if "all-but-one" in sets and len(names) > 2:
        groups += [("all-but-one", tuple(x for x in names if x != o)) for o in names]
    perts = [Perturbation(tuple(OrganPerturbation(o, mode) for o in g)) for _, g in groups]
    frame = knockout_screen(network, baseline, treatment, perturbations=perts, readouts=readouts,
                            semantics=[semantics], variants=variants, background=background, jobs=jobs,
                            executor=executor, progress=progress)
    kind_of = {str(p): (k, list(g)) for p, (k, g) in zip(perts, groups)}

    def label(p: str) -> str:
        kind, group = kind_of[p]
        if kind == "all-but-one":
            return "all but " + next(o for o in names if o not in group)
        return "+".join(group) or "(none)"

    frame.insert(0, "label", frame["perturbation"].map(label))
    frame.insert(0, "set", frame["perturbation"].map(lambda p: kind_of[p][0]))
    frame.insert(0, "organs", frame["perturbation"].map(lambda p: kind_of[p][1]))
    reference = frame[frame["variant"] == frame["variant"].iloc[0]].set_index("perturbation")["verdict"]
    total = frame["variant"].nunique()
    same = frame.apply(lambda r: r["verdict"] == reference[r["perturbation"]], axis=1)
    counts = same.groupby(frame["perturbation"]).sum()
    frame["robustness"] = frame["perturbation"].map(lambda p: f"{int(counts[p])}/{total}")
    return frame
