"""Every option of the command line, defined once.

Commands stack these decorators; each hands the command one ready value (a loaded network,
a :class:`~logicnet.perturb.Perturbation`, a canonical semantics name, an
:class:`~logicnet.experiments.runner.Execution`), so commands only parse, call and write.
"""

from __future__ import annotations

import functools
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from logicnet.bounded import parse_memory, run_bounded
from logicnet.errors import LogicnetError, ParseError
from logicnet.io import FORMATS as MODEL_FORMATS
from logicnet.io import parse_network, read_network
from logicnet.network import BooleanNetwork
from logicnet.perturb import Perturbation
from logicnet.semantics import ACCEPTED_NAMES, canonical_semantics

if TYPE_CHECKING:  # imported by the commands that run screens (it brings process pools)
    from logicnet.experiments.runner import Execution

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
Decorator = Callable[[F], F]

SEMANTICS_HELP = "Update semantics: async, sync, general (general asynchronous) or mp (most permissive)."
FORMAT_CHOICE = click.Choice(sorted(MODEL_FORMATS))


def _stack(*decorators: Decorator) -> Decorator:
    """Apply click decorators in reading order (the first one listed shows first in --help)."""

    def apply(fn: F) -> F:
        for d in reversed(decorators):
            fn = d(fn)
        return fn

    return apply


def _repeatable(flag: str, dest: str, metavar: str, text: str) -> Decorator:
    """An option that may be given several times."""
    return click.option(flag, dest, multiple=True, metavar=metavar, help=f"{text} Repeatable.")


# -- the model ---------------------------------------------------------------------------------
def load(model: str, from_format: str | None, constant_species: str | None = None) -> BooleanNetwork:
    """The network MODEL names: a file, a bundled name, or ``-`` for standard input;
    ``constant_species`` (SBML-qual only) says how to read constant species."""
    options = {"constant_species": constant_species} if constant_species else {}
    if model == "-":
        if not from_format:
            raise click.UsageError("reading a model from standard input needs --from FORMAT")
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")  # a byte-order mark is allowed, as in files
        except UnicodeDecodeError as err:
            raise ParseError(f"not UTF-8 text ({err.reason} at byte {err.start})", source="<stdin>") from None
        return parse_network(text, from_format, source="<stdin>", **options)
    return read_network(model, from_format, **options)


constant_species_option = click.option(
    "--constant-species",
    type=click.Choice(["free", "fixed"]),
    help="SBML-qual species marked constant: free inputs (the default, as biodivine-aeon, "
    "mpbn and pyboolnet read them) or fixed at their initialLevel.",
)


def _format_option(flag: str = "--from") -> Decorator:
    return click.option(
        flag,
        "from_format",
        type=FORMAT_CHOICE,
        help="Format of MODEL when its extension does not say (required for -).",
    )


from_option = _format_option()


def model_argument(fn: F | None = None, *, variant: bool = True, format_flag: str = "--from") -> Any:
    """MODEL, --from (named ``format_flag`` where a command needs --from for something else)
    and (unless ``variant=False``: the command sweeps rule sets itself) --variant; the
    command receives the loaded network as ``net`` and MODEL as ``model``."""
    if fn is None:
        return functools.partial(model_argument, variant=variant, format_flag=format_flag)

    @functools.wraps(fn)
    def wrapper(*args: Any, model: str, from_format: str | None, constant_species: str | None, **kwargs: Any) -> Any:
        start = time.perf_counter()
        net = load(model, from_format, constant_species)
        meta = click.get_current_context().meta
        meta["load_seconds"] = time.perf_counter() - start
        meta["inputs"] = (model,) if model != "-" else ()
        chosen = kwargs.pop("model_variants", ()) if variant else ()
        if chosen:
            from logicnet.variants import with_variants

            net = with_variants(net, chosen)
        return fn(*args, net=net, model=model, **kwargs)

    decorators = [click.argument("model"), _format_option(format_flag), constant_species_option]
    if variant:
        decorators.append(
            _repeatable("--variant", "model_variants", "NAME", "Apply the model's rule variant(s) (or V1,V2).")
        )
    return _stack(*decorators)(wrapper)


def variants_option(default: str | None = None) -> Decorator:
    """--variant for commands that sweep rule sets: names, V1,V2, or all (the default rules
    and every declared variant); passed on as given."""
    return click.option(
        "--variant",
        "variants",
        multiple=True,
        default=(default,) if default else (),
        show_default=default,
        metavar="NAMES",
        help="Rule sets to run: default, variant names (repeatable, or V1,V2), or all "
        "(the default rules and every declared variant).",
    )


# -- what happens to it ------------------------------------------------------------------------
def perturbation_options(fn: F) -> F:
    """--set/--ko/--oe/--perturb/--freeze-organ/--silence-organ, handed to the command as one
    ``perturbation``."""

    @functools.wraps(fn)
    def wrapper(
        *args: Any,
        settings: tuple[str, ...],
        ko: tuple[str, ...],
        oe: tuple[str, ...],
        perturb_items: tuple[str, ...],
        freeze: tuple[str, ...],
        silence: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        organs = (*(f"freeze:{o}" for o in freeze), *(f"silence:{o}" for o in silence))
        perturbation = Perturbation.of(
            *settings, *perturb_items, *(f"ko:{n}" for n in ko), *(f"oe:{n}" for n in oe), *organs
        )
        return fn(*args, perturbation=perturbation, **kwargs)

    return _stack(
        _repeatable("--set", "settings", "NODE=V", "Fix a node or input, e.g. --set Exercise=1 (also A=1,B=0)."),
        _repeatable("--ko", "ko", "NODE", "Knock out NODE (fix at 0)."),
        _repeatable("--oe", "oe", "NODE", "Overexpress NODE (fix at 1)."),
        _repeatable("--perturb", "perturb_items", "SPEC", "Perturbations: X=0;ko:Y;oe:Z;cut:A->B=0;silence:ORGAN."),
        _repeatable(
            "--freeze-organ",
            "freeze",
            "ORGAN",
            "Fix the organ's outgoing mediators at their values in "
            "the source attractor (needs a source: --from-condition).",
        ),
        _repeatable("--silence-organ", "silence", "ORGAN", "Fix the organ's outgoing mediators at 0."),
    )(wrapper)


from_condition_option = click.option(
    "--from-condition",
    "from_condition",
    metavar="SPEC",
    help="Reversal: start from every attractor of this condition (e.g. HFD=1,Exercise=0) and apply the "
    "perturbation at time zero.",
)


def require_source(perturbation: Perturbation, from_condition: str | None) -> None:
    """A freeze needs the attractor it freezes at: the source condition's."""
    if any(o.mode == "freeze" for o in perturbation.organs) and not from_condition:
        raise click.UsageError(
            "--freeze-organ (freeze:ORGAN) needs --from-condition: the organ's mediators "
            "are frozen at their values in the source condition's attractor"
        )


# -- how -----------------------------------------------------------------------------------------
_SEMANTICS_CHOICE = click.Choice(ACCEPTED_NAMES, case_sensitive=False)


def _canonical(ctx: click.Context, param: click.Parameter, value: str) -> str:
    return canonical_semantics(value)


def _canonical_list(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    try:
        return list(dict.fromkeys(canonical_semantics(v) for v in value.split(",") if v.strip()))
    except LogicnetError as err:
        raise click.BadParameter(str(err)) from None


def semantics_option(*, several: bool = False) -> Decorator:
    """-s/--semantics (with ``several``: a comma-separated list), as canonical names."""
    if several:
        return click.option(
            "--semantics",
            "-s",
            default="async",
            show_default=True,
            metavar="NAMES",
            callback=_canonical_list,
            help="One or more semantics, comma-separated: async, sync, general, mp.",
        )
    return click.option(
        "--semantics",
        "-s",
        type=_SEMANTICS_CHOICE,
        default="async",
        show_default=True,
        callback=_canonical,
        help=SEMANTICS_HELP,
    )


def _seconds(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds")
    return value


def _memory(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_memory(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


MEMORY_SHARE = 0.8  # of this machine's memory, the default limit


@dataclass(frozen=True)
class Budget:
    """What a command may spend, from --timeout and --memory, and how to hold it to that.

    :meth:`run` computes in a child process that is stopped past the timeout (plus 5 % and
    1 s: the work's own timeout answers first whenever it can, and the command still ends
    within 10 % and 2 s of it) or the memory limit, and shows the time elapsed on a terminal
    while it waits.
    """

    limit: float | None
    memory: int | None
    label: str
    started: float = 0.0  # when the process started (time.time()): the limit counts from there

    @property
    def timeout(self) -> float | None:
        """The seconds left of the limit (loading the model took some)."""
        if self.limit is None:
            return None
        return max(1e-3, self.limit - (time.time() - self.started))

    def run(self, work: Callable[[], T], on_timeout: Callable[[str], T] | None = None, *, ticking: bool = True) -> T:
        """``work()`` within the budget; ``on_timeout(note)`` answers when the time ran out
        inside a call that could not be interrupted (else that is an error). Give ``work`` as
        ``partial(ln.function, ...)``, not a lambda: the function's module is then imported
        before the fork, so the child starts with it and its time goes to the work, not imports."""
        ticker = _Elapsed(self.label, self.limit) if ticking and not PROGRESS.quiet else None
        try:
            return run_bounded(work, seconds=self.timeout, memory=self.memory, on_timeout=on_timeout, on_tick=ticker)
        finally:
            if ticker:
                ticker.close()


@dataclass
class Progress:
    """How long work reports itself on stderr: not at all with ``--quiet``; on a terminal a
    bar or a ticker that rewrites its line; otherwise (a log file, CI) a plain line every
    ``every`` seconds (``LOGICNET_PROGRESS_SECONDS``, default 10) and one at the end."""

    quiet: bool = False
    every: float = float(os.environ.get("LOGICNET_PROGRESS_SECONDS", 10))

    @property
    def terminal(self) -> bool:
        return sys.stderr.isatty()


PROGRESS = Progress()


class _Elapsed:
    """The seconds elapsed on stderr, from the second second on (see :class:`Progress`)."""

    def __init__(self, label: str, timeout: float | None) -> None:
        self.label = label
        self.limit = f" of {timeout:g} s" if timeout else ""
        self.shown = -1

    def __call__(self, elapsed: float) -> None:
        if elapsed < 2 or int(elapsed) == self.shown:
            return
        if PROGRESS.terminal:
            self.shown = int(elapsed)
            sys.stderr.write(f"\r{self.label}: {self.shown} s{self.limit} ")
        elif elapsed - max(self.shown, 0) >= PROGRESS.every:
            self.shown = int(elapsed)
            sys.stderr.write(f"{self.label}: {self.shown} s elapsed{self.limit}\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown >= 0 and PROGRESS.terminal:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def budget_options(
    what: str = "Seconds before stopping (the answer says it is incomplete).", *, timeout: bool = True
) -> Decorator:
    """--timeout (unless ``timeout=False``) and --memory, handed to the command as one ``budget``."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, memory: int | None, **kwargs: Any) -> Any:
            seconds = kwargs.pop("timeout") if timeout else None
            if memory is None:
                memory = int(_machine_memory() * MEMORY_SHARE)
            label = click.get_current_context().info_name or "logicnet"
            return fn(*args, budget=Budget(seconds, memory, label, _process_start() if seconds else 0.0), **kwargs)

        options = [
            click.option(
                "--memory",
                callback=_memory,
                metavar="SIZE",
                help="Stop the work when it holds more memory than this, e.g. 4G or 512M "
                f"(default: {MEMORY_SHARE:.0%} of this machine's memory).",
            )
        ]
        if timeout:
            options.insert(
                0,
                click.option(
                    "--timeout",
                    type=click.FloatRange(0, min_open=True),
                    callback=_seconds,
                    metavar="SECONDS",
                    help=what,
                ),
            )
        return _stack(*options)(wrapper)

    return decorate


def _machine_memory() -> int:
    """Bytes of memory this machine has (POSIX ``sysconf``; psutil elsewhere: it costs a
    hundredth of a second to import, as much as a small model's answer)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        import psutil

        return int(psutil.virtual_memory().total)


def _process_start() -> float:
    """When this process started (``time.time()``), which a --timeout counts from."""
    import psutil

    return float(psutil.Process().create_time())


def limit_option(things: str) -> Decorator:
    return click.option(
        "--limit", type=click.IntRange(1), help=f"Stop after this many {things} (the answer says it is incomplete)."
    )


seed_option = click.option(
    "--seed",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Seed of the random numbers (same seed, same answer).",
)
plot_option = click.option(
    "--plot",
    type=click.Path(dir_okay=False, writable=True),
    help="Also draw the result (PNG, SVG or PDF by extension).",
)
readouts_option = click.option(
    "--readouts", metavar="R=V,...", help="Verdict readouts with their benefit values (default: the model's core set)."
)
axes_option = click.option(
    "--axes",
    default="all",
    show_default=True,
    metavar="NAMES",
    help="Readout axes judged on their own besides the overall verdict: all declared, none, "
    "or names (a readout set such as core counts as one).",
)


@dataclass(frozen=True)
class RunOptions:
    """How a long run executes, from --jobs/--scheduler/--chunk-size/--resume."""

    jobs: int
    scheduler: str | None
    chunk_size: int | None
    resume: bool

    def execution(self, output: str | None, label: str, timeout: float | None = None) -> Execution:
        """The run's :class:`~logicnet.experiments.runner.Execution`: with ``-o`` its rows are
        checkpointed beside the output, kept until the command has written its results. An
        interrupted run's checkpoint needs --resume: checked here, before any work."""
        from logicnet.experiments.runner import Execution

        checkpoint = f"{output}.partial.jsonl" if output else None
        if checkpoint and os.path.exists(checkpoint) and not self.resume:
            raise click.ClickException(
                f"{checkpoint} exists from an interrupted run: rerun with --resume to continue it, "
                "or delete it to start over"
            )
        return Execution(
            jobs=self.jobs,
            executor=_executor(self.scheduler),
            chunk_size=self.chunk_size,
            resume=self.resume,
            checkpoint=checkpoint,
            progress=progress_bar(label),
            keep_checkpoint=True,  # until the command has written everything
            timeout=timeout,
        )


def execution_options(fn: F) -> F:
    """--jobs/--scheduler/--chunk-size/--resume, handed to the command as one ``run``."""

    @functools.wraps(fn)
    def wrapper(
        *args: Any, jobs: int, scheduler: str | None, chunk_size: int | None, resume: bool, **kwargs: Any
    ) -> Any:
        return fn(*args, run=RunOptions(jobs, scheduler, chunk_size, resume), **kwargs)

    return _stack(
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1),
            default=os.cpu_count() or 1,
            show_default="all cores",
            help="Local worker processes.",
        ),
        click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:8786)."),
        click.option("--chunk-size", type=click.IntRange(1), help="Tasks per work unit (default: automatic)."),
        click.option("--resume", is_flag=True, help="Continue an interrupted run with the same -o."),
    )(wrapper)


report_option = click.option(
    "--report", "report_dir", type=click.Path(file_okay=False), help="Write tables, figures and a summary here."
)


def _executor(scheduler: str | None) -> Any:
    """A Dask cluster's executor for ``--scheduler``, or None to run locally."""
    if not scheduler:
        return None
    try:
        from distributed import Client
    except ImportError:
        raise click.ClickException("--scheduler needs Dask distributed: pip install 'logicnet[distributed]'") from None
    try:
        return Client(scheduler, timeout=10).get_executor()
    except (OSError, ValueError, TypeError, TimeoutError) as err:
        raise click.ClickException(f"--scheduler {scheduler}: no Dask scheduler there ({err})") from None


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A progress callback: a bar on a terminal, else a line every few seconds and at the
    end, nothing with --quiet (see :class:`Progress`)."""
    bar: list[Any] = []
    last = [time.monotonic(), False]  # when a line was last written; whether one was

    def update(done: int, total: int) -> None:
        if PROGRESS.quiet:
            return
        if not PROGRESS.terminal:  # a short run says nothing; a long one also says when it is done
            now = time.monotonic()
            if now - last[0] >= PROGRESS.every or (done >= total and last[1]):
                last[:] = [now, True]
                sys.stderr.write(f"{label}: {done}/{total} tasks\n")
                sys.stderr.flush()
            return
        if not bar:
            from tqdm import tqdm

            bar.append(tqdm(total=total, desc=label, unit="task", file=sys.stderr, dynamic_ncols=True))
        bar[0].update(done - bar[0].n)
        if done >= total:
            bar[0].close()

    return update
