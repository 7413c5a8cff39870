"""Other tools' answers to the same questions (biodivine-aeon, mpbn, pyboolnet), for tests
and the comparison script. Each takes bnet text (inputs written ``X, X``)."""

from __future__ import annotations

from logicnet._engines.stack import in_big_stack


def _aeon(bnet: str):
    import biodivine_aeon as ba

    bn = ba.BooleanNetwork.from_bnet(bnet, repair_graph=False).remove_regulation_constraints()
    return bn, ba.AsynchronousGraph(bn)


def _states(vertex_set, names):
    return sorted(tuple(int(m.to_named_dict()[n]) for n in names) for m in vertex_set.items())


def aeon_fixed_points(bnet: str, names) -> list[tuple[int, ...]]:
    import biodivine_aeon as ba

    def go():
        _, g = _aeon(bnet)
        return _states(ba.FixedPoints.symbolic(g).vertices(), names)

    return in_big_stack(go)


def aeon_async_attractors(bnet: str, names) -> list[tuple[int, dict]]:
    """(size, summary) per attractor, sorted."""
    import biodivine_aeon as ba

    def go():
        _, g = _aeon(bnet)
        out = []
        for a in ba.Attractors.attractors(g):
            v = a.vertices()
            enc = v.enclosing_named_subspace() or {}
            out.append((int(v.cardinality()), {n: int(enc[n]) if n in enc else "*" for n in names}))
        return sorted(out, key=lambda x: str(x))

    return in_big_stack(go)


def aeon_minimal_trap_spaces(bnet: str, names) -> list[dict]:
    import biodivine_aeon as ba

    def go():
        bn, _ = _aeon(bnet)
        ctx = ba.SymbolicSpaceContext(bn)
        spaces = ba.TrapSpaces.minimal_symbolic(ctx, ba.AsynchronousGraph(bn, ctx))
        out = []
        for s in spaces.spaces().items():
            d = s.to_named_dict()
            out.append({n: "*" if d.get(n) is None else int(d[n]) for n in names})
        return sorted(out, key=str)

    return in_big_stack(go)


def mpbn_minimal_trap_spaces(bnet: str, names) -> list[dict]:
    import mpbn

    mbn = mpbn.MPBooleanNetwork(_rules(bnet))
    return sorted(({n: a.get(n, "*") for n in names} for a in mbn.attractors()), key=str)


def mpbn_reachable(bnet: str, names, state: dict) -> list[dict]:
    import mpbn

    mbn = mpbn.MPBooleanNetwork(_rules(bnet))
    # mpbn may list one attractor more than once: compare distinct ones
    found = {str(d): d for d in ({n: a.get(n, "*") for n in names} for a in mbn.attractors(reachable_from=state))}
    return sorted(found.values(), key=str)


def pyboolnet_trap_spaces(bnet: str, names, kind: str) -> list[dict]:
    from pyboolnet.file_exchange import bnet2primes
    from pyboolnet.trap_spaces import compute_trap_spaces

    primes = bnet2primes(bnet)
    return sorted(
        ({n: s.get(n, "*") for n in names} for s in compute_trap_spaces(primes, kind, max_output=100_000)), key=str
    )


def pyboolnet_steady_states(bnet: str, names) -> list[tuple[int, ...]]:
    from pyboolnet.file_exchange import bnet2primes
    from pyboolnet.trap_spaces import compute_steady_states

    primes = bnet2primes(bnet)
    return sorted(tuple(int(s[n]) for n in names) for s in compute_steady_states(primes, max_output=100_000))


def _rules(bnet: str) -> dict[str, str]:
    rules = {}
    for line in bnet.splitlines():
        if not line.strip() or line.startswith("targets"):
            continue
        t, f = line.split(",", 1)
        rules[t.strip()] = f.strip()
    return rules
