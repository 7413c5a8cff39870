"""In-silico screens: which perturbations keep or lose a benefit?

A screen runs the reversal protocol of a benefit contrast (see :mod:`.contrast`) under each
perturbation, semantics and rule variant and judges the reachable attractors on the
readouts (see :mod:`.evaluate`): one tidy row per (perturbation, semantics, variant). No
superset pruning: a double knockout can restore what a single one lost. The work runs as
:mod:`.runner` says: serially, on a process pool or a Dask cluster, checkpointed and
resumable.

>>> import logicnet as ln
>>> net = ln.read_network("gutliver")
>>> screen = ln.perturbation_screen(net, ("HFD=1,Exercise=0", "HFD=1,Exercise=1"),
...                                ln.perturbation_sets(net, ["SCFA", "TLR4"]), readouts="Steatosis=0")
>>> [(row["perturbation"], row["verdict"]) for row in screen]
[('', 'kept'), ('SCFA=0', 'lost'), ('TLR4=0', 'kept')]
"""

from __future__ import annotations

import functools
import hashlib
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..io import generate_network
from ..io.files import atomic_write
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import Perturbation, PerturbationLike
from ..results import Rows
from ..semantics import canonical_semantics
from ..types import frozendict
from ..variants import variant_list, with_variants
from ..version import VERSION
from .contrast import Contrast, benefit_readouts, perturbation_sets, readout_axes
from .evaluate import run_tasks
from .protocols import source_attractors
from .runner import Execution, run

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ScreenResult", "perturbation_screen", "knockout_screen"]

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ScreenResult(Rows):
    """The rows of a screen (or an organ-necessity run), in task order.

    ``columns`` orders a row's fields in tables; ``readouts`` are the verdict readouts with
    their benefit values; ``axes`` the readout axes judged on their own (each row's
    ``axes`` field: axis -> verdict and score; a table has one ``axis:NAME`` column of
    verdicts per axis); ``seconds`` the time each row took (not part of the rows, which are
    the same bytes whatever ran them). ``complete``: every row's search was exhaustive and
    no task is ``missing`` (tasks a time limit left without a row).
    """

    readouts: Mapping[str, int]
    axes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    seconds: tuple[float, ...] = field(default=(), compare=False)
    method: str = "reversal per perturbation"
    missing: int = 0

    def __post_init__(self) -> None:
        Rows.__post_init__(self)
        object.__setattr__(self, "readouts", frozendict(self.readouts))
        object.__setattr__(self, "axes", frozendict({k: frozendict(v) for k, v in self.axes.items()}))

    def to_frame(self) -> pd.DataFrame:
        """One row per task; each axis's verdict in a column ``axis:NAME``."""
        import pandas as pd

        records = [
            {
                **{c: v for c, v in r.items() if c != "axes"},
                **{f"axis:{a}": (r["axes"] or {}).get(a, {}).get("verdict", "") for a in self.axes},
            }
            for r in self.records()
        ]
        columns = [c for c in self.columns if c != "axes"] + [f"axis:{a}" for a in self.axes]
        return pd.DataFrame(records, columns=columns)


def perturbation_screen(
    network: BooleanNetwork,
    contrast: Contrast | tuple[PerturbationLike, ...],
    perturbations: Iterable[PerturbationLike] | None = None,
    *,
    readouts: str | Mapping[str, int] | Sequence[str] | None = None,
    semantics: Sequence[str] | str = ("asynchronous",),
    variants: Sequence[str] | str | None = None,
    execution: Execution | None = None,
    limits: Limits | None = None,
    axes: str | Sequence[str] | None = "all",
    lean: PerturbationLike = None,
) -> ScreenResult:
    """Screen ``perturbations`` for their effect on the benefit ``contrast``.

    ``contrast``: a :class:`~logicnet.experiments.contrast.Contrast` or a tuple (baseline,
    treatment[, background]). ``perturbations``: any perturbations (knockouts,
    overexpressions, edge cuts, organ freezes), by default every single knockout from
    :func:`~logicnet.experiments.contrast.perturbation_sets`. ``readouts``: see
    :func:`~logicnet.experiments.contrast.benefit_readouts`. ``semantics`` and ``variants``
    (``"all"`` = default + every declared variant) multiply the rows. ``axes`` adds a
    verdict per readout axis (see :func:`~logicnet.experiments.contrast.readout_axes`;
    ``"all"``: every declared axis). ``lean`` (a healthy condition, e.g. ``HFD=0,Exercise=0``)
    also makes each switch from that condition's attractors (organ freezes at their baseline
    values): rows get ``lean_verdict`` and ``hysteresis`` (the verdict depends on the start).
    ``execution`` says where and how the work runs (see
    :class:`~logicnet.experiments.runner.Execution`).

    Cost: one reversal per row; the baseline attractors are computed once per semantics and
    variant, and reachability answers are shared between rows with the same subproblem.
    """
    contrast = contrast if isinstance(contrast, Contrast) else Contrast.of(*contrast)
    sems = [canonical_semantics(s) for s in ([semantics] if isinstance(semantics, str) else semantics)]
    rule_sets = variant_list(network, variants)
    chosen = benefit_readouts(network, readouts)
    judged = readout_axes(network, axes)
    shown = list(
        dict.fromkeys([*chosen, *network.metadata.get("readouts", {}), *(n for a in judged.values() for n in a)])
    )
    limits = resolve(limits)
    perts = (
        perturbation_sets(network, limits=limits)
        if perturbations is None
        else [Perturbation.of(p) for p in perturbations]
    )
    tasks = [(str(p), s, v) for v in rule_sets for s in sems for p in perts]
    # The baseline attractors once per (semantics, variant), shared by every task.
    sources = {
        (s, v): source_attractors(with_variants(network, v), contrast.source, s, limits=limits)
        for v in rule_sets
        for s in sems
    }
    healthy = None
    if lean is not None:
        start = Contrast.of(lean, contrast.treatment, contrast.background).source
        healthy = {
            (s, v): source_attractors(with_variants(network, v), start, s, limits=limits)
            for v in rule_sets
            for s in sems
        }
    work = functools.partial(run_tasks, network, sources, contrast, chosen, shown, limits, axes=judged, lean=healthy)
    identity = {
        "model": hashlib.sha256(generate_network(network, "native").encode()).hexdigest()[:16],
        **{part: str(getattr(contrast, part)) for part in ("baseline", "treatment", "background")},
        "readouts": chosen,
        **({"axes": judged} if judged else {}),
        **({"lean": str(Perturbation.of(lean))} if lean is not None else {}),
        "perturbations": f"{len(perts)}, digest {hashlib.sha256(str(perts).encode()).hexdigest()[:16]}",
        "semantics": sems,
        "variants": rule_sets,
        "logicnet": VERSION,
    }
    key = lambda row: (row["perturbation"], row["semantics"], row["variant"])
    done = run(tasks, work, key, execution, identity)
    rows = [done[t] for t in tasks if t in done]
    columns = [
        "perturbation",
        "semantics",
        "variant",
        *shown,
        "attractors",
        "verdict",
        "score",
        "readout_fixed",
        "complete",
        "method",
        "model_hash",
        *(["lean_verdict", "hysteresis"] if lean is not None else []),
        *(["axes"] if judged else []),
    ]
    if len(sems) > 1:  # one verdict per perturbation and variant across the semantics?
        verdicts: dict[tuple[str, str], set[str]] = {}
        for r in rows:
            verdicts.setdefault((r["perturbation"], r["variant"]), set()).add(r["verdict"])
        rows = [
            {**r, "agreement": "agree" if len(verdicts[r["perturbation"], r["variant"]]) == 1 else "differ"}
            for r in rows
        ]
        columns.append("agreement")
    incomplete = sum(not r["complete"] for r in rows)
    missing = len(tasks) - len(rows)
    notes = [f"{incomplete} row(s) come from incomplete searches"] if incomplete else []
    if missing:
        notes.append(f"stopped at the time limit: {missing} of {len(tasks)} task(s) have no row yet")
    return ScreenResult(
        items=tuple({c: r.get(c, "") for c in columns} for r in rows),
        columns=tuple(columns),
        readouts=chosen,
        axes=judged,
        seconds=tuple(float(r.get("seconds", 0.0)) for r in rows),
        complete=not incomplete and not missing,
        notes=tuple(notes),
        missing=missing,
    )


def knockout_screen(
    network: BooleanNetwork,
    baseline: PerturbationLike,
    treatment: PerturbationLike,
    *,
    perturbations: Sequence[Perturbation] | None = None,
    nodes: Iterable[str] | None = None,
    organ: str | None = None,
    kinds: Sequence[str] = ("ko",),
    depth: int = 1,
    background: PerturbationLike = None,
    jobs: int = 1,
    executor: Any = None,
    chunk_size: int | None = None,
    output: str | os.PathLike | None = None,
    resume: bool = False,
    progress: bool = False,
    **options: Any,
) -> pd.DataFrame:
    """Deprecated (kept for one release): :func:`perturbation_screen` with the perturbation
    sets built from ``nodes``/``organ``/``kinds``/``depth``; returns the DataFrame. With
    ``output``, the rows are checkpointed beside it (``resume`` continues) and written there
    as CSV; ``progress`` is accepted and ignored (progress is now a callback of ``Execution``).
    """
    warnings.warn(
        "knockout_screen is deprecated: use perturbation_screen (with perturbation_sets and "
        "Execution); it returns a ScreenResult (.to_frame() for the DataFrame)",
        DeprecationWarning,
        stacklevel=2,
    )
    if perturbations is None:
        perturbations = perturbation_sets(network, nodes, kinds, depth, organ=organ, limits=options.get("limits"))
    checkpoint = f"{output}.partial.jsonl" if output else None
    execution = Execution(
        jobs=jobs, executor=executor, chunk_size=chunk_size, checkpoint=checkpoint, resume=resume, keep_checkpoint=True
    )
    contrast = Contrast.of(baseline, treatment, background)
    frame = perturbation_screen(network, contrast, perturbations, execution=execution, **options).to_frame()
    if output:
        atomic_write(output, frame.to_csv(index=False, lineterminator="\n"))
    execution.discard_checkpoint()
    return frame
