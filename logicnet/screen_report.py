"""``--report DIR``: the tables, figures and a short Markdown summary of a screen or an
organ-necessity run, with the main findings written as sentences generated from the table."""

from __future__ import annotations

import platform
from pathlib import Path

import pandas as pd

from .io import atomic_write
from .network import BooleanNetwork

__all__ = ["write_report"]


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    return ", ".join(f"{n} {v(n)}" for n in ("logicnet", "clingo", "biodivine-aeon", "boolean.py", "pandas")) + \
        f", Python {platform.python_version()}"


def write_report(directory: str | Path, network: BooleanNetwork, frame: pd.DataFrame, *, kind: str,
                 options: dict, readouts: dict) -> Path:
    """Write ``results.csv``, the heatmap(s) and ``summary.md`` into ``directory``."""
    from .draw import plot_organ_necessity, plot_screen

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "results.csv", frame.to_csv(index=False, lineterminator="\n"))
    lines = [f"# {'Organ necessity' if kind == 'organs' else 'Perturbation screen'}: {network.name or 'model'}",
             "", "## Run", "", f"- model: `{network.name}` (hash `{network.fingerprint()[:16]}`), "
             f"{len(network)} nodes", *(f"- {k}: `{v}`" for k, v in options.items()),
             f"- verdict readouts: {', '.join(f'{k}={v}' for k, v in readouts.items())}",
             f"- versions: {_versions()}", "", "## Findings", ""]
    if kind == "organs":
        plot_organ_necessity(frame, out / "organs.png")
        first = frame[frame["variant"] == frame["variant"].iloc[0]]
        total = frame["variant"].nunique()
        for _, r in first[first["set"] == "single"].iterrows():
            robust = r["robustness"]
            verb = {"kept": "is not necessary", "lost": "is necessary", "partial": "is partly necessary"}
            lines.append(f"- Freezing **{r['label']}** keeps the benefit" if r["verdict"] == "kept" else
                         f"- Freezing **{r['label']}** {'loses' if r['verdict'] == 'lost' else 'partly loses'} "
                         f"the benefit (score {r['score']:.2f})")
            lines[-1] += f": the organ's response {verb[r['verdict']]} (same verdict in {robust} of the rule sets)."
        pairs = first[(first["set"] == "pair") & (first["verdict"] != "kept")]
        singles_kept = set(first[(first["set"] == "single") & (first["verdict"] == "kept")]["label"])
        redundant = [r["label"] for _, r in pairs.iterrows() if set(r["organs"]) <= singles_kept]
        if redundant:
            lines.append(f"- Redundancy: each alone is dispensable but together they are needed: "
                         f"{', '.join(redundant)}.")
        sufficient = [r["label"].removeprefix("all but ") for _, r in first[first["set"] == "all-but-one"].iterrows()
                      if r["verdict"] == "kept"]
        lines.append(f"- Sufficiency: {('the response of ' + ', '.join(sufficient) + ' alone suffices') if sufficient else 'no single organ responding alone restores the benefit'}.")
        lines.append(f"- {total} rule set(s) compared: {', '.join(dict.fromkeys(frame['variant']))}.")
        lines += ["", "![verdicts](organs.png)"]
    else:
        plot_screen(frame, out / "screen.png", readouts)
        base = frame[frame["perturbation"].fillna("") == ""]
        lines.append(f"- Without perturbation the benefit is **{base['verdict'].iloc[0] if len(base) else '?'}**.")
        for verdict, phrase in (("lost", "abolish the benefit"), ("partial", "make it partial")):
            hits = frame[(frame["verdict"] == verdict) & (frame["perturbation"].fillna("") != "")]
            names = list(dict.fromkeys(hits["perturbation"]))
            if names:
                shown = ", ".join(f"`{n}`" for n in names[:15]) + (f" and {len(names) - 15} more" if len(names) > 15 else "")
                lines.append(f"- {len(names)} perturbation(s) {phrase}: {shown}.")
        if "agreement" in frame:
            differ = list(dict.fromkeys(frame[frame["agreement"] == "differ"]["perturbation"]))
            lines.append(f"- Semantics disagree on {len(differ)} perturbation(s)" + (f": {', '.join(differ[:10])}." if differ else "."))
        incomplete = int((~frame["complete"].astype(bool)).sum())
        lines.append(f"- {incomplete} row(s) come from incomplete searches." if incomplete else
                     "- Every attractor search was exhaustive (complete).")
        lines += ["", "![screen](screen.png)"]
    atomic_write(out / "summary.md", "\n".join(lines) + "\n")
    return out / "summary.md"
