"""Trajectories: simulate a network from a (partial) initial state.

* ``synchronous``: every node updates each step (deterministic).
* ``asynchronous``: each step updates one node chosen uniformly among the nodes whose
  update would change them (steps that change nothing are skipped); a run stops early at
  a fixed point.
* ``general-asynchronous``: each step updates a uniformly random non-empty subset of those
  nodes.

Nodes missing from the initial state start at uniformly random values. Runs are
reproducible with ``seed``. The result is a tidy DataFrame (``run``, ``step``, one column
per node) that plots directly, e.g. ``df[df.run == 0].set_index("step").plot()``.

>>> from logicnet import BooleanNetwork
>>> df = simulate(BooleanNetwork({"A": "!B", "B": "A"}), {"A": 0, "B": 0}, "sync", steps=3)
>>> df[["step", "A", "B"]].values.tolist()
[[0, 0, 0], [1, 1, 0], [2, 1, 1], [3, 0, 1]]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._engines.compiled import compile_network
from ..errors import ArgumentError, SizeLimitError
from ..limits import Limits, resolve
from ..network import BooleanNetwork
from ..perturb import Perturbation, PerturbationLike, perturb
from ..semantics import ASYNCHRONOUS, MOST_PERMISSIVE, SYNCHRONOUS, canonical_semantics

__all__ = ["simulate"]


def simulate(
    network: BooleanNetwork,
    initial: Mapping[str, int] | None = None,
    semantics: str = ASYNCHRONOUS,
    *,
    steps: int = 100,
    runs: int = 1,
    perturbation: PerturbationLike = None,
    seed: int | None = 0,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """Simulate ``runs`` trajectories of at most ``steps`` steps; see the module docstring.

    The perturbation acts at time zero (its fixed nodes start at their new values). At most
    ``limits.trajectory_states`` states are recorded (one row each).
    """
    sem = canonical_semantics(semantics)
    most = resolve(limits).trajectory_states
    if runs * (steps + 1) > most:
        raise SizeLimitError(
            f"{runs:,} runs of {steps:,} steps record {runs * (steps + 1):,} states (limit "
            f"{most:,}): fewer runs or steps, or ask for basins (estimated by sampling)"
        )
    if sem == MOST_PERMISSIVE:
        raise ArgumentError(
            "most-permissive trajectories are not simulated; choose the synchronous, "
            "asynchronous or general-asynchronous semantics"
        )
    p = Perturbation.of(perturbation)
    net = perturb(network, p)
    fixes = p.fixed_values(network) if p else {}
    for n in initial or {}:
        net.index(n)
    compiled = compile_network(net)
    rng = np.random.default_rng(seed)
    nodes = net.nodes
    rows = []
    for run in range(runs):
        x = [int(fixes.get(n, (initial or {}).get(n, rng.integers(0, 2)))) for n in nodes]
        rows.append((run, 0, *x))
        for step in range(1, steps + 1):
            f = compiled.step(x, 1)
            unstable = [i for i in range(len(nodes)) if f[i] != x[i]]
            if sem == SYNCHRONOUS:
                x = list(f)
            elif not unstable:
                break  # a fixed point: nothing more can happen
            elif sem == ASYNCHRONOUS:
                i = unstable[rng.integers(len(unstable))]
                x[i] = f[i]
            else:
                chosen: list[int] = []
                while not chosen:
                    chosen = [i for i in unstable if rng.integers(2)]
                for i in chosen:
                    x[i] = f[i]
            rows.append((run, step, *x))
    return pd.DataFrame(rows, columns=["run", "step", *nodes])
