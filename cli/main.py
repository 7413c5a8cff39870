"""``logicnet``: Boolean network analysis from the command line.

Commands live by theme (:mod:`.models`, :mod:`.dynamics`, :mod:`.experiments`); their
options are defined once in :mod:`.options`; results are written by :mod:`.output`. Each
command parses its options, calls one library function and writes the result.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from logicnet.errors import LogicnetError
from logicnet.version import VERSION

# Each command by the module that defines it (in its COMMANDS). A command's module, with the
# library modules it needs, is imported only when the command runs or a help page or shell
# completion asks for it: `logicnet fixed-points` loads neither screens nor SBML nor plots.
MODULES = {
    **dict.fromkeys(("networks", "list", "variants", "info", "convert", "graph", "document"), "models"),
    **dict.fromkeys(
        ("attractors", "reachable", "fixed-points", "trap-spaces", "basins", "simulate", "stg"), "dynamics"
    ),
    **dict.fromkeys(("validate", "screen", "organs", "control"), "experiments"),
}

# exit statuses: 0 done, 1 an error (the input or the work), 2 usage (click's), 3 a check that
# did not pass (validate), 70 a bug (EX_SOFTWARE of sysexits.h)
CHECK_FAILED = 3
INTERNAL_ERROR = 70


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each loaded from its module when first looked up.

    Click and sphinx-click read a group's ``commands`` mapping for everything (running,
    listing, "did you mean", completion, the docs): its names are known up front, its
    commands are imported on demand."""

    def __init__(self) -> None:
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded and name in MODULES:
            module = importlib.import_module(f"{__package__}.{MODULES[name]}")
            self.loaded.update((c.name, c) for c in module.COMMANDS if c.name not in self.loaded)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys((*MODULES, *self.loaded)))

    def __len__(self) -> int:
        return len({*MODULES, *self.loaded})


class _Group(click.Group):
    """Turns every error into one line on stderr: logicnet's own and file errors exit 1,
    usage errors 2 (click's), anything else — a bug — 70 (LOGICNET_DEBUG=1 shows the traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LogicnetError as err:
            raise click.ClickException(str(err)) from None
        except OSError as err:
            raise click.ClickException(f"{err.filename or ''}: {err.strerror or err}") from None
        except RecursionError:
            raise click.ClickException("input nested too deeply") from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as err:
            if os.environ.get("LOGICNET_DEBUG"):
                raise
            click.echo(
                f"Error: internal error ({type(err).__name__}: {err}); please report it with the "
                "command you ran (LOGICNET_DEBUG=1 shows where it happened)",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR)


@click.group(cls=_Group, commands=_Commands(), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="logicnet")
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress on stderr (it is a bar or a ticker on a terminal, else a line every 10 s).",
)
def cli(quiet: bool) -> None:
    """Boolean network modelling: load, inspect, convert and perturb logical models.

    MODEL is a file (.bnet, .booleannet, .sbml/.xml, .toml), the name of a bundled network
    (e.g. gutliver), or - for standard input with --from.
    """
    from .options import PROGRESS

    PROGRESS.quiet = quiet


def main() -> None:
    # SIGTERM stops a command as Ctrl-C does: long runs end their workers and keep their checkpoint
    signal.signal(signal.SIGTERM, _interrupt)
    cli(prog_name="logicnet")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
