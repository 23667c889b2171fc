"""The build itself: strict, fast, offline, with its exports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from maturity.core.gaps import compute_gaps
from maturity.core.portfolio import portfolio_status
from maturity.store.load import load_portfolio
from maturity.views.data import csv_rows

from .conftest import Built, copy_portfolio

pytestmark = pytest.mark.site

BUILD_BUDGET_SECONDS = 60


def test_strict_build_is_quick(built: Built) -> None:
    """``mkdocs build --strict`` passed (the fixture asserts it) well under a minute."""
    assert built.seconds < BUILD_BUDGET_SECONDS, built.log
    assert "WARNING" not in built.log


def test_nothing_is_loaded_from_another_host(built: Built) -> None:
    """Every script, stylesheet, image, icon and frame comes from the site itself."""
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        soup = built.html(str(page.relative_to(built.site)))
        for el in soup.find_all(["script", "img", "iframe", "source", "link", "object", "embed"]):
            for attr in ("src", "href", "data", "srcset"):
                value = el.get(attr)
                if not value or (el.name == "link" and el.get("rel") == ["canonical"]):
                    continue
                parts = urlsplit(str(value))
                assert not parts.netloc and parts.scheme in ("", "data"), (
                    f"{page.relative_to(built.site)}: <{el.name} {attr}={value!r}>"
                )
        for style in soup.find_all("style"):
            assert "@import" not in style.get_text() and "url(http" not in style.get_text()


def test_json_and_csv_exports(built: Built) -> None:
    """portfolio.json, portfolio.csv and one JSON per system, with the package's levels."""
    portfolio = load_portfolio(built.root)
    statuses = portfolio_status(portfolio, built.as_of)
    data = json.loads((built.site / "portfolio.json").read_text(encoding="utf-8"))
    assert data["as_of"] == built.as_of.isoformat()
    assert [s["system"] for s in data["systems"]] == [st.system.id for st in statuses]
    for record, st in zip(data["systems"], statuses, strict=True):
        assert record["overall"]["level"] == st.score.overall.level
        assert record["overall"]["upper"] == st.score.overall.upper
        assert record["stale"] == st.stale
        one = json.loads((built.site / "systems" / f"{st.system.id}.json").read_text("utf-8"))
        assert one["system"] == st.system.id
        assert {d: v["level"] for d, v in one["dimensions"].items()} == {
            d: s.level for d, s in st.score.dimensions.items()
        }
        assert one["gaps"]["needed"] == compute_gaps(st.system, st.rubric).needed
    rows = list(csv.DictReader(io.StringIO((built.site / "portfolio.csv").read_text("utf-8"))))
    expected = [{k: str(v) for k, v in r.items()} for r in csv_rows(statuses)]
    assert rows == expected


def test_badges(built: Built) -> None:
    """An SVG badge per system that parses as XML and says the overall level."""
    portfolio = load_portfolio(built.root)
    for st in portfolio_status(portfolio, built.as_of):
        path = built.site / "badges" / f"{st.system.id}.svg"
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        overall = st.score.overall
        level = str(overall.level) if overall.complete else f"{overall.level}–{overall.upper}"
        mark = " ✓" if overall.scope_complete else ""  # every level in scope counts
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert f"level {level}{mark}" in texts


def test_broken_assessment_fails_the_build_clearly(repo: Path, tmp_path: Path) -> None:
    """A broken snapshot stops the build with path:line:col and no traceback."""
    root = copy_portfolio(repo, tmp_path / "portfolio")
    snapshot = next((root / "assessments").glob("*/20*.yaml"))
    text = snapshot.read_text(encoding="utf-8")
    snapshot.write_text(text.replace("answers:", "answers:\n  data.no-such-item: done", 1),
                        encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MATURITY_ROOT": str(root),
           "MATURITY_NOTEBOOKS": str(tmp_path / "none")}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"),
         "-d", str(tmp_path / "site")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in out
    assert re.search(rf"{re.escape(snapshot.name)}:\d+:\d+: unknown item 'data.no-such-item'", out), out
