"""What a person reads. ``--report DIR`` also writes ``index.html``: one self-contained
page, rendered here in a real headless browser (Debian's ``chromium``; the test installs
nothing and skips only where no browser is found) to check that it shows the findings,
tables, figure and provenance. And tables that say what JSON says: synchronous cycles
state by state in the library's frames, text left-aligned and numbers right-aligned in
the command line's tables."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

BROWSER = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
requires_browser = pytest.mark.skipif(BROWSER is None, reason="no headless browser (chromium) installed")

ORGANS = "organs gutliver --baseline HFD=1,Exercise=0 --treatment HFD=1,Exercise=1 --readouts Steatosis=0 --jobs 1"
CONTROL = "control gutliver --from HFD=1,Exercise=0 --condition HFD=1,Exercise=0 --target Steatosis=0 --max-size 1"


def _browser(*args: str) -> subprocess.CompletedProcess:
    assert BROWSER is not None
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


class _Page(HTMLParser):
    """What a rendered DOM holds: table headers and cells, images, list items, text."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.cells: list[str] = []
        self.images: list[str] = []
        self.items: list[str] = []
        self.tables = 0
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        elif tag == "table":
            self.tables += 1
        elif tag in ("th", "td", "li"):
            self._in = tag
            {"th": self.headers, "td": self.cells, "li": self.items}[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        self.text.append(data)
        if self._in:
            target = {"th": self.headers, "td": self.cells, "li": self.items}[self._in]
            target[-1] += data


def _rendered(page: Path) -> _Page:
    dom = _browser("--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0 and "<table" in dom.stdout, dom.stderr[-2000:]
    parsed = _Page()
    parsed.feed(dom.stdout)
    return parsed


def _colours(page: Path, tmp_path: Path) -> set[tuple[int, int, int]]:
    """The colours of a screenshot of ``page``."""
    from PIL import Image

    shot = tmp_path / "shot.png"
    r = _browser(f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri())
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    with Image.open(shot) as image:
        return {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}


def _run(args: str, tmp_path: Path) -> Path:
    """Run the command as a user does (a process of its own: the page names its command line)."""
    report = tmp_path / "report"
    command = [sys.executable, "-m", "logicnet", *args.split(), "--format", "json", "--report", str(report)]
    r = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in report.iterdir()} >= {"index.html", "summary.md"}
    return report / "index.html"


@requires_browser
def test_organ_report_renders_with_tables_figure_and_provenance(tmp_path):
    page = _run(ORGANS, tmp_path)
    source = page.read_text()
    assert "<script" not in source and "http" not in source.replace("http://www.w3.org", "")  # self-contained
    shown = _rendered(page)
    assert shown.tables == 2
    assert {"label", "verdict", "score", "complete"} <= set(shown.headers)
    assert {"robustness", "variants_agree"} & set(shown.headers)  # the robustness of each conclusion
    assert shown.cells[10:16] == ["gut", "freeze:gut", "single", "default", "asynchronous", "lost"]
    assert any(i.startswith("Freezing gut loses the benefit") for i in shown.items)
    assert len(shown.images) == 1 and shown.images[0].startswith("data:image/png;base64,")
    text = " ".join(shown.text)
    for label in ("model", "command", "logicnet", "date", "seed", "versions"):
        assert f"{label}" in shown.text, label
    assert "logicnet organs gutliver --baseline HFD=1,Exercise=0" in text and re.search(r"\d{4}-\d\d-\d\dT", text)
    # the embedded heatmap is drawn: its green (kept) and red (lost) cells are on screen,
    # colours the page's own style does not use
    colours = _colours(page, tmp_path)
    assert any(g > r + 60 and g > b + 30 for r, g, b in colours), "no green cell of the figure"
    assert any(r > g + 80 and r > b + 80 for r, g, b in colours), "no red cell of the figure"


@requires_browser
def test_control_report_renders(tmp_path):
    page = _run(CONTROL, tmp_path)
    shown = _rendered(page)
    assert shown.tables == 1 and {"interventions", "size", "verified"} <= set(shown.headers)
    assert len(shown.images) == 1 and shown.images[0].startswith("data:image/png;base64,")
    assert any("minimal set(s)" in i or "No set" in i for i in shown.items)
    assert "control gutliver" in " ".join(shown.text)


def test_validation_report_has_every_scenario_under_every_variant(tmp_path):
    """``validate --report``: the scenario table (id, title, expected, observed, verdict) per
    variant as CSV and as a page; the exit status still says a check failed."""
    import pandas as pd

    report = tmp_path / "validation"
    command = [sys.executable, "-m", "logicnet", "validate", "mafld", "--variant", "all", "--format", "json"]
    r = subprocess.run([*command, "--report", str(report)], capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 3, r.stderr  # a scenario fails under a variant (V5)
    assert r.stderr.splitlines()[0] == f"report: {report / 'summary.md'}"
    assert r.stderr.splitlines()[1].startswith("3 scenario verdict(s) fail (V5: ")
    assert {p.name for p in report.iterdir()} == {"index.html", "scenarios.csv", "summary.md"}
    verdicts = {(x["id"], x["variant"]): x for x in json.loads(r.stdout)}
    frame = pd.read_csv(report / "scenarios.csv", keep_default_na=False)
    shown = ["id", "title", "variant", "status", "expected", "leaning", "observed", "failures", "complete"]
    assert list(frame.columns[:9]) == shown
    assert len(frame) == len(verdicts) == 22 * 10  # 22 scenarios, the default rules and V1-V9
    for row in frame.itertuples():
        x = verdicts[row.id, row.variant]
        assert (row.title, row.status, row.complete) == (x["title"], x["status"], x["complete"])
        assert {f"{k}={v}" for k, v in x["expected"].items()} <= set(row.expected.split())  # + attractors=N
        assert row.observed == " ".join(f"{k}={v}" for k, v in x["observed"].items())
    assert sorted(frame[frame["status"] == "fail"]["variant"]) == ["V5"] * 3
    summary = (report / "summary.md").read_text()
    assert "- verdicts: 197 pass, 3 fail, 20 reported" in summary and "Under **V5**, 3 scenario(s) **fail**" in summary
    page = _Page()
    page.feed((report / "index.html").read_text())
    assert page.tables == 2 and page.images == []
    assert page.headers[:4] == ["id", "title", "default", "V1"]  # verdicts by variant, then every row
    for row in frame.itertuples():  # every scenario's row, in order, in the page's second table
        assert row.id in page.cells and row.title in page.cells
    first = page.cells.index("B01", 12)  # the second table's first row
    assert page.cells[first : first + 5] == list(frame.iloc[0, :5])
    text = " ".join(page.text)
    assert "validate mafld --variant all" in text and "197 pass, 3 fail, 20 reported" in text
    if BROWSER is not None:
        shown = _rendered(report / "index.html")
        assert shown.tables == 2 and set(frame["id"]) <= set(shown.cells)


def test_reports_are_the_same_bytes_given_the_date(tmp_path, monkeypatch):
    """SOURCE_DATE_EPOCH fixes the date: the same run writes the same page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = _run(ORGANS, tmp_path / "a").read_text()
    assert "2023-11-14T22:13:20+00:00" in first
    assert _run(ORGANS, tmp_path / "b").read_text() == first.replace(str(tmp_path / "a"), str(tmp_path / "b"))


def test_long_tables_are_cut_and_say_so():
    import pandas as pd

    from logicnet.viz.html import MAX_ROWS, html_page

    page = html_page("t", [], [], [("rows", pd.DataFrame({"n": range(MAX_ROWS + 5), "x": "a<b"}))], [])
    assert page.count("<tr>") == MAX_ROWS + 1 and f"The first {MAX_ROWS:,} of {MAX_ROWS + 5:,} rows" in page
    assert "a&lt;b" in page and '<td class="n">3</td>' in page and "<td>a&lt;b</td>" in page


# -- honest tables -----------------------------------------------------------------------------
def test_synchronous_cycles_are_ordered_states_in_the_librarys_frame():
    import logicnet as ln

    net = ln.BooleanNetwork({"A": "!B", "B": "!A", "C": "A & !C"})  # a fixed point and two 2-cycles
    found = ln.attractors(net, "sync")
    frame = found.to_frame()
    assert list(frame.columns) == ["attractor", "type", "size", "step", "A", "B", "C"]
    assert "*" not in frame[["A", "B", "C"]].to_numpy()
    for number, a in enumerate(found):
        rows = frame[frame["attractor"] == number]
        assert list(rows["step"]) == list(range(a.size))
        assert rows[["A", "B", "C"]].to_dict("records") == [dict(s) for s in a.states]
    mixed = ln.attractors(net, "async").to_frame()  # other semantics: one row per attractor
    assert "step" not in mixed.columns and len(mixed) == len(ln.attractors(net, "async"))


def test_tables_align_text_left_and_numbers_right():
    import pandas as pd

    from logicnet_cli.output import render_table

    frame = pd.DataFrame({"label": ["gut", "gut+liver"], "score": [1.0, 0.25], "n": [3, 12], "ok": [True, False]})
    lines = render_table(frame).splitlines()
    assert lines == [
        "label      score   n  ok",
        "gut            1   3  True",
        "gut+liver   0.25  12  False",
    ]
    assert render_table(pd.DataFrame({"x": ["a", None, 2]})).splitlines() == ["x", "a", "", "2"]
