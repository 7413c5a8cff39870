"""Start-up: ``import logicnet`` and each command import only what they use.

Every check runs in a fresh interpreter and reads ``sys.modules`` once the work is done: it
checks imports, not times. A command imports its work's module, then computes in a forked
child (``Budget.run``) whose own imports (an engine chosen by the network's size) it never
sees, so a command is checked twice: as it runs, and with its work run in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

ENGINES = {"numpy", "scipy", "pandas", "networkx", "matplotlib", "libsbml", "biodivine_aeon", "clingo", "pydot"}
MODEL = "targets, factors\nI, I\nA, !B & I\nB, !A\nC, A & !C\n"

# per command: the engines it must not import, and the module of its work
COMMANDS = {
    "fixed-points": (
        {"libsbml", "matplotlib", "pandas", "networkx", "scipy", "pydot"},
        "logicnet.analysis.fixed_points",
    ),
    "attractors": ({"libsbml", "matplotlib", "pandas", "pydot"}, "logicnet.analysis.attractors"),
}
IN_PROCESS = """
import logicnet_cli.options as options
ran = []
options.run_bounded = lambda work, **limits: ran.append(work) or work()
"""


def imported(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def engines(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} & ENGINES


def command(args: list[str], *, in_process: bool = False) -> set[str]:
    """The modules held after the command line ran ``args`` (``in_process``: with the work
    run here instead of in a forked child)."""
    run = f"from logicnet_cli.main import cli\ncli({args!r}, standalone_mode=False)\n"
    return imported(f"{IN_PROCESS}{run}assert ran\n" if in_process else run)


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "model.bnet"
    path.write_text(MODEL)
    return str(path)


def test_importing_logicnet_and_the_command_line_loads_no_engine():
    assert engines(imported("import logicnet, logicnet_cli.main")) == set()


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["attractors", "--help"]])
def test_version_and_help_load_no_engine(args):
    assert engines(command(args)) == set()


def test_version_loads_no_command_and_no_layer_of_the_library():
    held = command(["--version"])
    assert {m for m in held if m.startswith("logicnet")} == {
        "logicnet",
        "logicnet.errors",
        "logicnet._lazy",
        "logicnet.version",
        "logicnet_cli",
        "logicnet_cli.main",
    }


def test_a_command_loads_its_own_module_only(model):
    held = command(["fixed-points", model, "--format", "json"])
    assert "logicnet_cli.dynamics" in held
    assert {"logicnet_cli.models", "logicnet_cli.experiments", "logicnet.experiments.runner"}.isdisjoint(held)
    assert not {m for m in held if m.startswith("concurrent")}  # no process pools without a screen


def test_every_command_is_found_by_its_module():
    """The command line knows each command's module without importing it: that table must
    name every command each module defines, and nothing else."""
    from logicnet_cli import dynamics, experiments, models
    from logicnet_cli.main import MODULES, cli

    defined = {c.name: m.__name__.rsplit(".", 1)[1] for m in (models, dynamics, experiments) for c in m.COMMANDS}
    assert defined == MODULES
    assert set(cli.commands) == set(defined) and all(cli.commands[n].name == n for n in defined)
    typo = CliRunner().invoke(cli, ["atractors", "gutliver"])
    assert typo.exit_code == 2 and "Did you mean 'attractors'?" in typo.output  # a usage error, as before


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_command_imports_what_its_work_uses(name, fmt, model):
    forbidden, work = COMMANDS[name]
    args = [name, model, "--format", fmt]
    parent = command(args)
    assert work in parent  # imported before the fork: the child starts with it loaded
    assert engines(parent) & forbidden == set()
    assert engines(command(args, in_process=True)) & forbidden == set()  # with what the child imported


@pytest.mark.parametrize("name", COMMANDS)
def test_the_library_imports_what_each_analysis_uses(name, model):
    forbidden, work = COMMANDS[name]
    function = name.replace("-", "_")
    held = imported(f"import logicnet as ln\nln.{function}(ln.read_network({model!r}))")
    assert work in held and engines(held) & forbidden == set()


def test_lazy_names_keep_their_meaning_whatever_was_imported_first():
    """``analysis.attractors`` is a module and the function the package offers; loading the
    module first (as the experiments do) must not turn the package's name into it."""
    code = """
import sys
import logicnet.analysis.attractors, logicnet.analysis.basins, logicnet.perturb
import logicnet as ln
from logicnet.analysis import attractors, basins
assert callable(attractors) and callable(basins) and callable(ln.perturb) and callable(ln.analysis.attractors)
assert ln.attractors is attractors is sys.modules["logicnet.analysis.attractors"].attractors
for package in (ln, ln.analysis, ln.experiments, ln.io, ln.viz):
    assert set(package.__all__) <= set(dir(package)), package
    assert all(getattr(package, name) is not None for name in package.__all__), package
"""
    imported(code)
