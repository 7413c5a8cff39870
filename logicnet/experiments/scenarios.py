"""Scenario validation: run declarative expectations against a model.

A scenario file is TOML with one ``[[scenario]]`` table per scenario::

    [[scenario]]
    id = "LA04"
    title = "Adiponectin supplementation without exercise"
    condition = "HFD=1,Exercise=0"      # inputs after the switch (time zero)
    source = "HFD=1,Exercise=0"         # optional: reversal from this condition's attractors
    perturbation = "Adiponectin=1"      # the perturbation grammar; "" for none
    expect = { AMPK_liver = 1, SREBP1c = 0 }        # asserted
    report = { Steatosis = "*" }                    # reported, never asserted (leaning or "*")
    confidence = { AMPK_liver = "STATED" }
    attractors = 1                      # optional: asserted number of reachable attractors
    evidence = "§2.2 ..."

Verdicts: ``pass`` when every expectation holds in every reachable attractor (and the
attractor count matches when given), ``fail`` otherwise (including an incomplete search,
which cannot prove an expectation), ``reported`` when the scenario asserts nothing.
Observed values per readout: 0 or 1 when every attractor agrees, ``"*"`` when it varies
within the attractor(s), ``"mixed"`` when reachable attractors disagree.
"""

from __future__ import annotations

import html
import re
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.attractors import attractors
from ..errors import ParseError
from ..limits import Limits
from ..network import BooleanNetwork
from ..perturb import Perturbation
from ..results import Attractors
from ..semantics import ASYNCHRONOUS
from ..variants import variant_list, with_variants
from .protocols import observed_values, reversal, source_attractors

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Scenario", "ScenarioResult", "Validation", "read_scenarios", "validate", "verdict_table", "scenario_frame"]


@dataclass(frozen=True)
class Scenario:
    id: str
    condition: str
    perturbation: str = ""
    source: str | None = None
    expect: dict[str, int] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, str] = field(default_factory=dict)
    attractors: int | None = None
    title: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    status: str
    observed: dict[str, Any]
    failures: tuple[str, ...]
    result: Attractors
    variant: str = "default"

    def to_json(self) -> dict:
        return {
            "id": self.scenario.id,
            "title": self.scenario.title,
            "variant": self.variant,
            "status": self.status,
            "observed": self.observed,
            "expected": self.scenario.expect,
            "reported_leaning": self.scenario.report,
            "failures": list(self.failures),
            "complete": self.result.complete,
            "semantics": self.result.semantics,
            "attractors": [a.to_json() for a in self.result],
        }

    def __repr__(self) -> str:  # the scenario's evidence and the attractors would fill a screen
        return f"<ScenarioResult {self.scenario.id} ({self.variant}): {self.status}>"


class Validation(list[ScenarioResult]):
    """What :func:`validate` returns: the :class:`ScenarioResult` of each scenario under each
    variant, in order (a list), as a table too: :meth:`to_frame`, and in a notebook an HTML
    table."""

    def to_frame(self) -> pd.DataFrame:
        """One row per scenario and variant (see :func:`scenario_frame`)."""
        return scenario_frame(self)

    def summary(self) -> str:
        """One line: the verdicts counted, the rule sets."""
        counts = {s: sum(r.status == s for r in self) for s in ("pass", "fail", "reported")}
        variants = list(dict.fromkeys(r.variant for r in self))
        verdicts = ", ".join(f"{n} {s}" for s, n in counts.items())
        return f"{len(self)} verdict(s) under {len(variants)} rule set(s) ({', '.join(variants)}): {verdicts}"

    def __repr__(self) -> str:
        return f"<Validation: {self.summary()}>"

    def _repr_html_(self) -> str:
        frame = self.to_frame().to_html(max_rows=60, index=False)
        return f"<p><b>Validation</b>: {html.escape(self.summary())}</p>{frame}"


_SCENARIO_KEYS = {
    "id",
    "title",
    "condition",
    "source",
    "perturbation",
    "expect",
    "report",
    "confidence",
    "attractors",
    "evidence",
}


def read_scenarios(path: str | Path) -> list[Scenario]:
    """Read a scenario file (see the module docstring); errors name the file and line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        raise ParseError(f"TOML syntax: {err}", source=str(path), line=int(m.group(1)) if m else None) from None
    items = data.get("scenario")
    if not isinstance(items, list) or not items:
        raise ParseError("no [[scenario]] tables", source=str(path))
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == "[[scenario]]"]
    out, seen = [], set()
    for k, item in enumerate(items):
        line = starts[k] if k < len(starts) else None
        unknown = set(item) - _SCENARIO_KEYS
        if unknown or "id" not in item or "condition" not in item:
            problem = (
                f"unknown key(s) {', '.join(sorted(unknown))}" if unknown else "a scenario needs an id and a condition"
            )
            raise ParseError(problem, source=str(path), line=line)
        if item["id"] in seen:
            raise ParseError(f"duplicate scenario id {item['id']!r}", source=str(path), line=line)
        seen.add(item["id"])
        for key in ("expect",):
            bad = {n: v for n, v in item.get(key, {}).items() if v not in (0, 1)}
            if bad:
                raise ParseError(
                    f"scenario {item['id']}: expected values must be 0 or 1 ({bad})", source=str(path), line=line
                )
        out.append(Scenario(**item))
    return out


def validate(
    network: BooleanNetwork,
    scenarios: list[Scenario],
    semantics: str = ASYNCHRONOUS,
    variants: Iterable[str] | str | None = None,
    *,
    timeout: float | None = None,
    fail_fast: bool = False,
    limits: Limits | None = None,
) -> Validation:
    """Run every scenario under each rule set of ``variants`` (see
    :func:`~logicnet.variants.variant_list`; None: the default rules) and judge it.

    ``timeout``: seconds for the whole validation; a search still running when they are
    used up is cut short and its scenario fails as incomplete (nothing can be asserted).
    ``fail_fast``: stop at the first failing scenario (its result is the last one).
    ``limits`` bound the searches (see :class:`~logicnet.limits.Limits`).
    Scenarios that share a source condition share its attractor search.
    """
    deadline = None if timeout is None else time.monotonic() + timeout

    def remaining() -> float | None:
        return None if deadline is None else max(1e-3, deadline - time.monotonic())

    results = Validation()
    for variant in variant_list(network, variants):
        net = with_variants(network, variant)
        cache: dict[tuple, Attractors] = {}
        sources: dict[str, Attractors] = {}
        for sc in scenarios:
            target = Perturbation.of(sc.condition, sc.perturbation)
            key = (sc.source, str(target))
            if key not in cache:
                if sc.source:
                    if sc.source not in sources:
                        sources[sc.source] = source_attractors(
                            net, sc.source, semantics, timeout=remaining(), limits=limits
                        )
                    cache[key] = reversal(
                        net, sources[sc.source], target, semantics, timeout=remaining(), limits=limits
                    ).combined
                else:
                    cache[key] = attractors(net, semantics, target, timeout=remaining(), limits=limits)
            res = cache[key]
            readouts = list(dict.fromkeys([*sc.expect, *sc.report]))
            for n in readouts:
                net.index(n)
            observed = observed_values(res, readouts)
            failures = [f"{n}: expected {v}, observed {observed[n]}" for n, v in sc.expect.items() if observed[n] != v]
            if sc.attractors is not None and len(res) != sc.attractors:
                failures.append(f"expected {sc.attractors} reachable attractor(s), found {len(res)}")
            if not res.complete:
                failures.append("the attractor search was incomplete: nothing can be asserted")
            asserts = bool(sc.expect) or sc.attractors is not None
            status = ("fail" if failures else "pass") if asserts else "reported"
            results.append(ScenarioResult(sc, status, observed, tuple(failures), res, variant))
            if fail_fast and status == "fail":
                return results
    return results


_FRAME_COLUMNS = ["id", "title", "variant", "status", "expected", "leaning", "observed", "failures", "complete"]
_FRAME_COLUMNS += ["condition", "source", "perturbation"]


def _values(values: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in values.items())


def scenario_frame(results: list[ScenarioResult]) -> pd.DataFrame:
    """One row per scenario and variant: ``id``, ``title``, ``variant``, ``status``, what
    was ``expected`` (``A=1 B=0``, with ``attractors=N`` when the count is asserted), the
    ``leaning`` of the readouts it reports without asserting, what was ``observed`` (every
    readout the scenario names), the ``failures``, whether the
    search was ``complete``, and the scenario's ``condition``, ``source`` and ``perturbation``."""
    import pandas as pd

    rows = []
    for r in results:
        sc = r.scenario
        expected = {**sc.expect, **({} if sc.attractors is None else {"attractors": sc.attractors})}
        rows.append(
            {
                "id": sc.id,
                "title": sc.title,
                "variant": r.variant,
                "status": r.status,
                "expected": _values(expected),
                "leaning": _values(sc.report),
                "observed": _values(r.observed),
                "failures": "; ".join(r.failures),
                "complete": r.result.complete,
                "condition": sc.condition,
                "source": sc.source or "",
                "perturbation": sc.perturbation,
            }
        )
    return pd.DataFrame(rows, columns=_FRAME_COLUMNS)


def verdict_table(results: list[ScenarioResult], *, titles: bool = False) -> pd.DataFrame:
    """Scenarios x variants: the status of each (a compact view of a variant sweep); with
    ``titles``, a first column gives each scenario's title."""
    import pandas as pd

    frame = pd.DataFrame([{"id": r.scenario.id, "variant": r.variant, "status": r.status} for r in results])
    table = frame.pivot(index="id", columns="variant", values="status")
    table = table.reindex(
        index=list(dict.fromkeys(r.scenario.id for r in results)),
        columns=list(dict.fromkeys(r.variant for r in results)),
    )
    if titles:
        named = {r.scenario.id: r.scenario.title for r in results}
        table.insert(0, "title", [named[i] for i in table.index])
    return table
