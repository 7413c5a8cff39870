"""The house rules: the public API at ``logicnet.*``, one result protocol, immutable hashable
values, limits overridable per call, one error contract, and imports that point one way."""

from __future__ import annotations

import ast
import inspect
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import logicnet as ln
from logicnet import errors

PACKAGE = Path(ln.__file__).parent
NET = ln.BooleanNetwork({"I": None, "A": "!B & I", "B": "!A", "C": "A & !C"})


def results() -> dict[str, ln.Result]:
    """One result of each kind the protocol covers."""
    gut = ln.read_network("gutliver")
    return {
        "fixed points": ln.fixed_points(NET),
        "trap spaces": ln.trap_spaces(NET),
        "attractors": ln.attractors(NET, "async"),
        "reachability": ln.reachable_attractors(NET, [{"I": 1, "A": 0, "B": 0, "C": 0}], "async"),
        "reversal": ln.reversal(NET, "I=0", "I=1"),
        "basins": ln.basins(NET, "sync"),
        "circuits": ln.feedback_circuits(ln.interaction_graph(NET)),
        "screen": ln.perturbation_screen(
            gut, ("HFD=1,Exercise=0", "HFD=1,Exercise=1"), ln.perturbation_sets(gut, ["SCFA"]), readouts="Steatosis=0"
        ),
        "organs": ln.organ_necessity(
            gut, "HFD=1,Exercise=0", "HFD=1,Exercise=1", readouts="Steatosis=0", sets=("single",)
        ),
    }


@pytest.fixture(scope="module")
def every_result():
    return results()


def test_public_api_is_at_the_top():
    for name in (
        "read_network",
        "write_network",
        "perturb",
        "percolate",
        "interaction_graph",
        "fixed_points",
        "trap_spaces",
        "attractors",
        "reachable_attractors",
        "reversal",
        "basins",
        "simulate",
        "perturbation_screen",
        "organ_necessity",
        "Limits",
    ):
        assert callable(getattr(ln, name)), name
    assert sorted(ln.__all__) == sorted(set(ln.__all__)) and all(hasattr(ln, n) for n in ln.__all__)
    from logicnet.analysis import attractors

    assert callable(attractors)  # the function, not its module


def test_installed_copy_offers_the_api():
    """From another directory, so the installed package answers (not the checkout)."""
    code = (
        "import logicnet as ln; ln.attractors, ln.fixed_points, ln.trap_spaces, ln.reachable_attractors, "
        "ln.reversal, ln.simulate, ln.basins, ln.perturbation_screen, ln.organ_necessity; print(ln.__version__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", check=True)
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*\n", out.stdout)
    help_text = subprocess.run(
        [sys.executable, "-m", "logicnet", "--help"], capture_output=True, text=True, cwd="/", check=True
    ).stdout
    assert "attractors" in help_text and "organs" in help_text


def test_every_result_follows_the_protocol(every_result):
    for kind, result in every_result.items():
        assert isinstance(result, ln.Result), kind
        assert isinstance(result.complete, bool) and isinstance(result.method, str) and result.method, kind
        assert isinstance(result.notes, tuple), kind
        assert list(result) == list(result.items) and len(result) == len(result.items) > 0, kind
        assert result[0] == result.items[0]
        json.dumps(result.to_json())  # JSON-ready
        frame = result.to_frame()
        assert isinstance(frame, pd.DataFrame) and len(frame) == len(result), kind
        assert repr(result).startswith(f"<{type(result).__name__}: ") and result.summary() in repr(result)
        assert "<table" in result._repr_html_() and "complete" in result._repr_html_()
        assert hash(result) == hash(pickle.loads(pickle.dumps(result))), kind


def test_attractors_and_networks_are_values():
    found = ln.attractors(NET, "async")
    again = ln.attractors(ln.BooleanNetwork({"I": None, "A": "I & !B", "B": "!A", "C": "A & !C"}), "async")
    assert found.items == again.items and len({*found, *again}) == len(found)
    with pytest.raises(TypeError):
        found[0].values["A"] = 1  # type: ignore[index]
    a = ln.BooleanNetwork({"A": "!B", "B": "A"}, name="x")
    b = ln.BooleanNetwork({"A": "not B", "B": "A"}, name="x")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != b.evolve(name="y") and a != ln.BooleanNetwork({"A": "!B", "B": "!A"}, name="x")
    assert a == pickle.loads(pickle.dumps(a))


def test_limits_change_the_method_per_call():
    net = ln.BooleanNetwork({f"x{i}": f"!x{(i + 1) % 5}" for i in range(5)})  # a negative circuit
    explicit = ln.attractors(net, "async")
    symbolic = ln.attractors(net, "async", limits=ln.Limits(explicit_asynchronous=0))
    assert "explicit" in explicit.method and "symbolic" in symbolic.method
    assert explicit.items == symbolic.items
    with pytest.raises(ln.SizeLimitError, match="limit 2\\^3"):
        ln.state_transition_graph(net, limits=ln.Limits(stg_nodes=3))
    with pytest.raises(ln.SizeLimitError, match="limit 3"):
        ln.perturbation_sets(net, depth=2, limits=ln.Limits(screen_tasks=3))
    assert ln.attractors(net, "async").method == explicit.method  # the defaults are untouched


def test_every_error_class_is_a_logicnet_error_and_a_builtin():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)]
    assert len(classes) >= 10
    for c in classes:
        assert issubclass(c, ln.LogicnetError)
        assert c is ln.LogicnetError or any(b.__module__ == "builtins" and b is not Exception for b in c.__mro__[1:]), c


def _raised_names(tree: ast.AST):
    """(raise statement, the class it raises) for every ``raise Class(...)``/``raise Class``;
    re-raising a caught error (``raise err``, ``raise result["error"]``) is not listed."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = getattr(target, "id", getattr(target, "attr", ""))
            if name[:1].isupper():
                yield node, name


def test_the_library_raises_only_its_own_errors_and_never_names_cli_options():
    """Besides re-raising what it caught, the library raises logicnet errors only (and
    NotImplementedError / AttributeError for programming mistakes: an abstract method, an
    attempt to change an immutable network)."""
    own = {name for name, c in inspect.getmembers(errors, inspect.isclass)}
    allowed = own | {"NotImplementedError", "AttributeError"}
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        for node, name in _raised_names(ast.parse(source)):
            assert name in allowed, f"{path.name}:{node.lineno} raises {name}"
            text = ast.get_source_segment(source, node) or ""
            assert not re.search(r"--[a-z]", text), f"{path.name}:{node.lineno} names a command-line option"


# Layers, lowest first: a module may import from its own layer and the ones below.
LAYERS = [
    {"errors", "types", "semantics", "limits", "version", "bounded", "_lazy"},
    {"expr"},
    {"network"},
    {"results"},
    {"_engines"},
    {"graph", "lint"},
    {"io"},
    {"perturb", "variants"},
    {"analysis"},
    {"experiments"},
    {"viz"},
]
RANK = {name: k for k, layer in enumerate(LAYERS) for name in layer}


def _room(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported_rooms(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    depth = len(path.relative_to(PACKAGE).parts) - 1  # packages below logicnet/
    rooms = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb to logicnet/, then the first part names the room
                up = node.level - 1
                if up < depth:
                    continue  # within the same package
                parts = (node.module or "").split(".")
                rooms.update([parts[0]] if parts[0] else [a.name for a in node.names])
            elif (node.module or "").startswith("logicnet."):
                rooms.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            rooms.update(a.name.split(".")[1] for a in node.names if a.name.startswith("logicnet."))
    return rooms


def test_imports_point_one_way():
    for path in sorted(PACKAGE.rglob("*.py")):
        room = _room(path)
        if room in ("__init__", "__main__"):
            continue
        for other in _imported_rooms(path):
            assert RANK[other] <= RANK[room], f"{path.relative_to(PACKAGE)} ({room}) imports {other}"


def test_the_library_never_imports_click():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "click" for n in names), path


def test_boolean_py_is_confined_to_expr():
    for path in PACKAGE.rglob("*.py"):
        if path.name != "expr.py":
            text = path.read_text()
            assert "import boolean" not in text and "_ALGEBRA" not in text, path


def test_no_module_is_a_house_of_its_own():
    for path in [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "cli").rglob("*.py")]:
        assert len(path.read_text().splitlines()) <= 600, path
