"""``logicnet``: Boolean network analysis from the command line.

Commands live by theme (:mod:`.models`, :mod:`.dynamics`, :mod:`.experiments`); their
options are defined once in :mod:`.options`; results are written by :mod:`.output`. Each
command parses its options, calls one library function and writes the result.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import click

from logicnet import __version__
from logicnet.errors import LogicnetError

from . import dynamics, experiments, models, options

# exit statuses: 0 done, 1 an error (the input or the work), 2 usage (click's), 3 a check that
# did not pass (validate), 70 a bug (EX_SOFTWARE of sysexits.h)
CHECK_FAILED = 3
INTERNAL_ERROR = 70


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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="logicnet")
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
    options.PROGRESS.quiet = quiet


for command in (*models.COMMANDS, *dynamics.COMMANDS, *experiments.COMMANDS):
    cli.add_command(command)


def main() -> None:
    # SIGTERM stops a command as Ctrl-C does: long runs end their workers and keep their checkpoint
    signal.signal(signal.SIGTERM, _interrupt)
    cli(prog_name="logicnet")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
