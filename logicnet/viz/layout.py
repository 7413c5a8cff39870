"""Node positions for drawings: each organ laid out as a group, the groups on a circle,
each turned to face the groups it exchanges edges with.

Small groups try several layouts (networkx's Kamada-Kawai stress model and our
Fruchterman-Reingold, a few seeds each) and keep the one with the fewest edge crossings;
overlapping nodes are pushed apart. Seeds are fixed, so a network is always drawn the same way.

The force layout stays hand-written: on the BBM models with more than 60 nodes, where it is
the only layout tried, ``nx.spring_layout`` (which has no pull to the centre) gave about a
quarter more edge crossings and took 2.5-3 times as long (``benchmarks/layouts.py``).
"""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    import numpy as np

__all__ = ["node_layout", "PAD"]


def _force_layout(n: int, edges: list[tuple[int, int]], seed: int, iterations: int = 80) -> np.ndarray:
    """Fruchterman-Reingold in numpy (dense, float32; no scipy), with a weak pull to the
    centre so that components stay together. Returns an ``(n, 2)`` array centred at 0.

    Kept instead of ``nx.spring_layout``: see the module docstring.
    """
    import numpy as np

    if n < 2:
        return np.zeros((n, 2))
    rng = np.random.default_rng(seed)
    x, y = rng.random(n).astype(np.float32), rng.random(n).astype(np.float32)
    adj = np.zeros((n, n), dtype=np.float32)
    for i, j in edges:
        if i != j:
            adj[i, j] = adj[j, i] = 1.0
    k = np.float32(math.sqrt(1.0 / n))
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.hypot(dx, dy)
        np.maximum(dist, 0.01, out=dist)
        force = k * k / (dist * dist) - adj * dist / k
        fx = (dx * force).sum(1) - 0.05 * (x - x.mean()) / k
        fy = (dy * force).sum(1) - 0.05 * (y - y.mean()) / k
        length = np.maximum(np.hypot(fx, fy), 0.01)
        x += fx * (t / length)
        y += fy * (t / length)
        t -= dt
    pos = np.stack([x, y], axis=1).astype(float)
    return pos - pos.mean(0)


def _spread(pos, dmin: float, iterations: int = 40):
    """Push apart points closer than ``dmin`` (simple overlap removal)."""
    import numpy as np

    n = len(pos)
    if n < 2:
        return pos
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    idx = np.arange(n)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.hypot(dx, dy)
        dist[idx, idx] = 2 * dmin
        close = dist < dmin
        if not close.any():
            break
        same = dist == 0
        if same.any():  # identical points: separate them deterministically
            rows = same.any(1)
            x[rows] += 1e-3 * np.cos(idx[rows]).astype(np.float32)
            y[rows] += 1e-3 * np.sin(idx[rows]).astype(np.float32)
            continue
        push = np.where(close, (dmin - dist) / (2 * dist), 0.0).astype(np.float32)
        x += (dx * push).sum(1)
        y += (dy * push).sum(1)
    return np.stack([x, y], axis=1).astype(float)


def _stress_layout(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Kamada-Kawai (networkx) from seeded random positions: small groups look tidy this way.

    Returns an ``(n, 2)`` array centred at 0. networkx wants unconnected pairs 1e6 apart, which
    flings components away from each other; here they want the longest distance plus one.
    """
    import numpy as np

    h: nx.Graph[int] = nx.Graph()
    h.add_nodes_from(range(n))
    h.add_edges_from(edges)
    lengths = dict(nx.all_pairs_shortest_path_length(h))
    far = max(max(d.values()) for d in lengths.values()) + 1
    dist = {i: {j: lengths[i].get(j, far) for j in range(n)} for i in range(n)}
    # start at about the scale of the wanted distances: the optimiser then needs fewer steps
    start = far * np.random.default_rng(seed).random((n, 2))
    pos = nx.kamada_kawai_layout(h, dist=dist, pos=dict(enumerate(start)))
    return np.array([pos[i] for i in range(n)])


def _crossings(pos, edges: list[tuple[int, int]]) -> int:
    """Number of crossing pairs among straight edges that share no endpoint."""
    import numpy as np

    if len(edges) < 2:
        return 0
    e = np.array(edges)
    a, b = pos[e[:, 0]], pos[e[:, 1]]

    def orient(p, q, r):  # sign of the turn p -> q -> r, for every pair of edges
        return np.sign(
            (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])
        )

    A, B = a[:, None, :], b[:, None, :]
    C, D = a[None, :, :], b[None, :, :]
    cross = (orient(A, B, C) * orient(A, B, D) < 0) & (orient(C, D, A) * orient(C, D, B) < 0)
    shared = (
        (e[:, None, 0] == e[None, :, 0])
        | (e[:, None, 0] == e[None, :, 1])
        | (e[:, None, 1] == e[None, :, 0])
        | (e[:, None, 1] == e[None, :, 1])
    )
    return int((cross & ~shared).sum()) // 2


def _group_layout(graph: nx.DiGraph, members: list, seed: int):
    """Positions of ``members`` around 0 with nearest neighbours about 1 apart.

    Small groups try stress and force-directed layouts with a few seeds each and keep
    the one with the fewest edge crossings (the first on ties).
    """
    import numpy as np

    m = len(members)
    if m == 1:
        return np.zeros((1, 2))
    index = {n: i for i, n in enumerate(members)}
    edges = sorted({(index[a], index[b]) for a, b in graph.subgraph(members).edges if a != b})
    if m <= 60 and len(edges) <= 300:  # small: stress and force layouts, a few seeds each
        seeds = [seed + 101 * t for t in range(3)]
        makers = [partial(_stress_layout, m, edges, s) for s in seeds]
        makers += [partial(_force_layout, m, edges, s, 120) for s in seeds]
    else:
        makers = [partial(_force_layout, m, edges, seed, 60 if m > 300 else 120)]
    layouts = []
    for make in makers:
        pos = make()
        radius = np.sqrt((pos**2).sum(-1)).max()
        if radius > 0:
            pos = pos * (0.62 * math.sqrt(m) / radius)  # area ~ 1.2 per node
        layouts.append(_spread(pos, 1.0))
    best = layouts[0] if len(layouts) == 1 else min(layouts, key=lambda pos: _crossings(pos, edges))
    return best - best.mean(0)


def _orient(rel, pulls):
    """Rotate/reflect a group layout so nodes face the groups they link to.

    ``pulls[i]`` is the summed unit direction from the group centre to the external
    neighbours of member ``i``; among 24 rotations (and their mirror images) the one
    maximising ``sum(rel[i] . pulls[i])`` wins.
    """
    import numpy as np

    if not np.any(pulls) or len(rel) < 2:
        return rel
    best, best_score = rel, -np.inf
    for mirror in (1.0, -1.0):
        base = rel * np.array([1.0, mirror])
        for step in range(24):
            a = 2 * math.pi * step / 24
            rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
            cand = base @ rot.T
            score = float((cand * pulls).sum())
            if score > best_score + 1e-9:
                best, best_score = cand, score
    return best


PAD = 0.6  # layout units between a group's outer nodes and its background box


def node_layout(graph: nx.DiGraph, groups: dict[str | None, list]):
    """Node positions (about 1 unit apart) and per-group boxes ``(x0, y0, x1, y1)``.

    Each group is laid out alone (stress or force-directed, fixed seeds), the groups are put on a
    circle far enough apart not to overlap, then each group is turned to face the groups
    it exchanges edges with.
    """
    import numpy as np

    keys = list(groups)
    rel = {g: _group_layout(graph, groups[g], seed=17 + i) for i, g in enumerate(keys)}
    radius = {g: float(np.sqrt((rel[g] ** 2).sum(-1)).max()) + PAD for g in keys}
    k = len(keys)
    centres: dict[str | None, Any] = {}
    if k == 1:
        centres[keys[0]] = np.zeros(2)
    else:
        gap = 0.9
        need = max(radius[keys[i]] + radius[keys[(i + 1) % k]] + gap for i in range(k))
        big_r = need / (2 * math.sin(math.pi / k))
        for i, g in enumerate(keys):
            a = math.pi / 2 - 2 * math.pi * i / k + (math.pi / 2 if k == 2 else 0)
            centres[g] = big_r * np.array([math.cos(a), math.sin(a)])
    group_of = {n: g for g in keys for n in groups[g]}
    pos = {}
    for g in keys:
        pulls = np.zeros_like(rel[g])
        for i, n in enumerate(groups[g]):
            for other in list(graph.successors(n)) + list(graph.predecessors(n)):
                h = group_of[other]
                if h != g:
                    d = centres[h] - centres[g]
                    pulls[i] += d / (np.linalg.norm(d) or 1.0)
        rel[g] = _orient(rel[g], pulls)
        for i, n in enumerate(groups[g]):
            pos[n] = centres[g] + rel[g][i]
    boxes = {}
    for g in keys:
        pts = np.array([pos[n] for n in groups[g]])
        boxes[g] = (*(pts.min(0) - PAD), *(pts.max(0) + PAD))
    return pos, boxes
