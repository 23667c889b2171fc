"""Rubric pages: levels, the blank checklist, and a YAML template that loads."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest

from maturity.store.load import load_portfolio
from maturity.store.systems import check_snapshot

from .conftest import Built

pytestmark = pytest.mark.site


def test_a_page_per_rubric_with_levels_and_checklist(built: Built) -> None:
    """Every rubric has a generated page with each level's name and summary and
    every scored item once, in rubric order."""
    portfolio = load_portfolio(built.root)
    assert len(portfolio.rubrics) >= 2
    versions = Counter(r.id for r in portfolio.rubrics.values())
    for rubric in portfolio.rubrics.values():
        # two versions of one rubric: the title (nav and heading) names the version
        title = rubric.title + (f" (v{rubric.version})" if versions[rubric.id] > 1 else "")
        soup = built.html(f"rubrics/{rubric.id}-v{rubric.version}.html")
        h1 = soup.select_one("article h1")
        assert h1 is not None and h1.get_text(strip=True) == title
        levels = soup.select('table[data-mt="rubric-levels"] tr[data-level]')
        assert [int(r["data-level"]) for r in levels] == [lv.level for lv in rubric.levels]
        for row, info in zip(levels, rubric.levels, strict=True):
            text = row.get_text(" ", strip=True)
            assert info.name in text and info.summary in text
        items = [li["data-item"] for li in soup.select(".mt-blank li[data-item]")]
        assert items == [
            i.id for d in rubric.dimensions for lv in rubric.scored_levels for i in d.items_at(lv)
        ]


def test_yaml_template_downloads_and_loads(built: Built, tmp_path: Path) -> None:
    """The template linked from the rubric page is in the site; with its date filled in
    it is a valid snapshot that lists every item (all unassessed)."""
    portfolio = load_portfolio(built.root)
    for rubric in portfolio.rubrics.values():
        name = f"{rubric.id}-v{rubric.version}.yaml"
        soup = built.html(f"rubrics/{rubric.id}-v{rubric.version}.html")
        links = [str(a["href"]) for a in soup.select("a[download]")]
        assert links and {posixpath.normpath(posixpath.join("rubrics", h)) for h in links} == {
            f"rubrics/{name}"
        }
        text = (built.site / "rubrics" / name).read_text(encoding="utf-8")
        shown = soup.select_one(".mt-template code")
        assert shown is not None and shown.get_text() == text
        folder = tmp_path / "assessments" / "new-system"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "2026-03-31.yaml"
        path.write_text(text.replace("date: YYYY-MM-DD", "date: 2026-03-31"), encoding="utf-8")
        snapshot, problems = check_snapshot(path, portfolio.rubrics)
        assert problems == []
        assert snapshot is not None and snapshot.rubric == rubric.ref
        assert snapshot.answers == {}
        for item in rubric.items:  # an empty value, the item's text as a comment
            assert re.search(rf"^  {re.escape(item.id)}: +# {re.escape(' '.join(item.text.split()))}$",
                             text, re.MULTILINE), item.id
