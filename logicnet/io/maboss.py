"""MaBoSS export (``.bnd`` + ``.cfg``): continue with stochastic simulation in MaBoSS.

The ``.bnd`` file has one ``Node`` per node, its ``logic`` (``& | !``; an input's logic is
itself, so it keeps its value; constants ``0``/``1``) and the usual rates: the node turns
on at rate ``$u_NODE`` while its logic is 1 and off at rate ``$d_NODE`` while it is 0. The
``.cfg`` file beside it (same name, ``.cfg``) sets every rate to 1 and the initial states:
with ``condition`` (``"HFD=1,Exercise=0"``, a mapping, or the name of one of the model's
``[conditions]``) its nodes start at those values and are held there (their opposite rate
is 0, MaBoSS's way to fix a node); the other nodes start at random (MaBoSS's default).
Simulation settings are modest defaults to edit (``max_time``, ``sample_count``, ...).

Only writing: logicnet does not read MaBoSS files (a ``.bnd`` may hold rates and
parameters with no Boolean reading). Nothing beyond the functions is written.

>>> from logicnet import BooleanNetwork
>>> net = BooleanNetwork({"A": None, "B": "A & !B"})
>>> print(generate(net), end="")
// MaBoSS network written by logicnet
Node A {
  logic = A;
  rate_up = @logic ? $u_A : 0;
  rate_down = @logic ? 0 : $d_A;
}
<BLANKLINE>
Node B {
  logic = A & !B;
  rate_up = @logic ? $u_B : 0;
  rate_down = @logic ? 0 : $d_B;
}
>>> print(generate_cfg(net, "A=1"), end="")
// MaBoSS settings written by logicnet
$u_A = 1;
$d_A = 0;
$u_B = 1;
$d_B = 1;
A.istate = 1;
<BLANKLINE>
time_tick = 0.5;
max_time = 100;
sample_count = 1000;
discrete_time = 0;
use_physrandgen = 0;
seed_pseudorandom = 0;
thread_count = 1;
statdist_traj_count = 0;
statdist_cluster_threshold = 1;
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from .. import expr as ex
from ..errors import FormatError, PerturbationError, UnknownNodeError
from ..network import BooleanNetwork

__all__ = ["parse", "generate", "generate_cfg", "files"]

#: What the writer keeps beyond the rules (see :func:`logicnet.io.unwritten`): nothing.
KEEPS: frozenset[str] = frozenset()
#: Keyword options of :func:`files` (see :func:`logicnet.io.write_network`).
WRITE_OPTIONS = frozenset({"condition"})

_SETTINGS = {
    "time_tick": "0.5",
    "max_time": "100",
    "sample_count": "1000",
    "discrete_time": "0",
    "use_physrandgen": "0",
    "seed_pseudorandom": "0",
    "thread_count": "1",
    "statdist_traj_count": "0",
    "statdist_cluster_threshold": "1",
}
_ITEM = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([01])\s*$")


def parse(text: str, source: str = "<string>") -> BooleanNetwork:
    """Not supported: logicnet writes MaBoSS files but does not read them."""
    raise FormatError(f"{source}: logicnet writes MaBoSS files (.bnd/.cfg) but does not read them")


def generate(network: BooleanNetwork) -> str:
    """The ``.bnd`` text of ``network`` (nodes in model order)."""
    blocks = []
    for node in network.nodes:
        e = network.rule(node)
        logic = node if e is None else ex.render(e, "bnet")
        blocks.append(
            f"Node {node} {{\n  logic = {logic};\n"
            f"  rate_up = @logic ? $u_{node} : 0;\n  rate_down = @logic ? 0 : $d_{node};\n}}\n"
        )
    return "// MaBoSS network written by logicnet\n" + "\n".join(blocks)


def generate_cfg(network: BooleanNetwork, condition: str | Mapping[str, int] | None = None) -> str:
    """The ``.cfg`` text: rates, the ``condition``'s initial (and held) values, settings."""
    values = _condition(network, condition)
    lines = ["// MaBoSS settings written by logicnet"]
    for node in network.nodes:
        held = values.get(node)
        lines += [f"$u_{node} = {0 if held == 0 else 1};", f"$d_{node} = {0 if held == 1 else 1};"]
    lines += [f"{node}.istate = {value};" for node, value in values.items()]
    lines += ["", *(f"{k} = {v};" for k, v in _SETTINGS.items())]
    return "\n".join(lines) + "\n"


def files(
    network: BooleanNetwork, path: str | os.PathLike, *, condition: str | Mapping[str, int] | None = None
) -> dict[Path, str]:
    """What writing ``path`` (the ``.bnd``) writes: it and the ``.cfg`` beside it."""
    bnd = Path(path)
    return {bnd: generate(network), bnd.with_suffix(".cfg"): generate_cfg(network, condition)}


def _condition(network: BooleanNetwork, condition: str | Mapping[str, int] | None) -> dict[str, int]:
    """Node values of ``condition`` (a spec ``A=1,B=0``, a mapping, or a named condition)."""
    if condition is None:
        return {}
    if isinstance(condition, str):
        named = network.metadata.get("conditions", {})
        text = named.get(condition, condition) if isinstance(named, Mapping) else condition
        values: dict[str, int] = {}
        for part in filter(str.strip, re.split(r"[;,]", text)):
            m = _ITEM.match(part)
            if not m:
                raise PerturbationError(
                    f"cannot read the condition item {part.strip()!r}: expected NODE=0 or NODE=1"
                    + (f" (or a condition of the model: {', '.join(named)})" if named else "")
                )
            values[m[1]] = int(m[2])
    else:
        values = {k: int(v) for k, v in condition.items()}
    for node, value in values.items():
        if node not in network:
            raise UnknownNodeError(node, network.nodes)
        if value not in (0, 1):
            raise PerturbationError(f"condition {node}={value}: a value is 0 or 1")
    return dict(sorted(values.items(), key=lambda item: network.index(item[0])))
