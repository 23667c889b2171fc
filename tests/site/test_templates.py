"""The site's templates rendered directly with small models (no MkDocs build): escaping
is the default, macros say what they show."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import pytest
from bs4 import BeautifulSoup

from maturity.core.model import Answer, Portfolio, Snapshot, System
from maturity.core.portfolio import portfolio_status
from maturity.core.scoring import Tally
from maturity.site.data import SiteData
from maturity.site.jinja import ENV, macro, render
from maturity.site.portfolio_view import portfolio_markdown
from maturity.site.system_view import system_article, system_markdown
from tests.core.helpers import rubric as make_rubric

HOSTILE = '<script>alert(1)</script> "onmouseover="alert(2) {{ 7*7 }}'
RUBRIC = make_rubric({"a": {1: 2, 2: 1}})


def _site() -> SiteData:
    snapshot = Snapshot(
        "evil", dt.date(2026, 1, 10), RUBRIC.ref, (HOSTILE,),
        answers=MappingProxyType({
            "a.l1-1": Answer("a.l1-1", "done", evidence=('notes/x" onmouseover="alert(3)".md',
                                                          "javascript:alert(4)"), note=HOSTILE),
            "a.l1-2": Answer("a.l1-2", "partial"),
        }),
        summary=HOSTILE,
    )
    system = System("evil", HOSTILE, HOSTILE, HOSTILE, (snapshot,), target_level=2, tags=(HOSTILE,))
    portfolio = Portfolio("test", MappingProxyType({RUBRIC.ref: RUBRIC}), (system,))
    as_of = dt.date(2026, 2, 1)
    return SiteData(Path("."), as_of, portfolio, portfolio_status(portfolio, as_of))


def _page(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _no_injection(soup: BeautifulSoup) -> None:
    # The only scripts are chart data (JSON, never run): user text inside stays data.
    for script in soup.find_all("script"):
        assert script.get("type") == "application/json", script
        raw = script.string or ""
        json.loads(raw)  # parses as data
        assert "</script" not in raw.lower() and "<!--" not in raw, "user text could close the data block"
    for element in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in element.attrs), element
        assert not str(element.get("href", "")).lower().startswith("javascript:")


def test_chip_shows_its_range_and_says_it_in_words() -> None:
    chip = BeautifulSoup(macro("chip", 1, 2), "html.parser").span
    assert chip is not None
    assert chip.get_text() == "1–2" and chip["title"] == "level 1, up to 2"
    assert chip["class"] == ["mt-chip", "mt-l1", "mt-open"]


@pytest.mark.parametrize(("status", "label"), [("todo", "✗ to do"), ("done", "✓ done"),
                                                ("unassessed", "? unassessed")])
def test_status_chip_shows_its_label(status: str, label: str) -> None:
    chip = BeautifulSoup(macro("status", status), "html.parser").span
    assert chip is not None and chip.get_text() == label and chip["data-status"] == status


def test_tally_bar_shows_credit_and_threshold() -> None:
    """2 done of 3 against 80 %: 67 % of the bar done, the mark at 80 %, not met."""
    tally = Tally(level=1, items=("x", "y", "z"), done=2, partial=0, todo=1, na=0, unassessed=0,
                  credit=Fraction(2), required=Fraction(12, 5), met=False, met_upper=False)
    cell = BeautifulSoup(macro("tally", tally, Fraction(4, 5)), "html.parser")
    assert cell.select_one(".mt-bar-done")["style"] == "width:67%"  # type: ignore[index]
    assert cell.select_one(".mt-bar-thr")["style"] == "left:80%"  # type: ignore[index]
    assert cell.select_one(".mt-frac").get_text() == "2/3"  # type: ignore[union-attr]
    assert cell.select_one(".mt-need").get_text() == "needs 2.4"  # type: ignore[union-attr]
    assert cell.select_one(".mt-notmet").get_text() == "✗ not met"  # type: ignore[union-attr]


def test_evidence_macro_links_only_safe_targets() -> None:
    # a repository path is text (the site does not publish the repository's files)
    path = BeautifulSoup(macro("evidence", 'notes/x" onmouseover="alert(3)".md'), "html.parser")
    assert path.a is None and path.get_text() == 'notes/x" onmouseover="alert(3)".md'
    assert all("onmouseover" not in tag.attrs for tag in path.find_all(True))
    safe = BeautifulSoup(macro("evidence", 'https://example.org/x" onmouseover="alert(3)".md'),
                         "html.parser").a
    assert safe is not None and {"href", "rel"} <= set(safe.attrs) <= {"href", "rel", "title"}
    assert safe["href"] == "https://example.org/x%22%20onmouseover=%22alert(3)%22.md"
    unsafe = BeautifulSoup(macro("evidence", "javascript:alert(4)"), "html.parser")
    assert unsafe.a is None and unsafe.get_text() == "javascript:alert(4)"


def test_system_page_shows_markup_in_user_text_as_text() -> None:
    """Name, owner, description, tags, assessors, summary and note: all text, no element."""
    page = _page(system_markdown(_site(), "evil"))
    _no_injection(page)
    note = page.select_one('tr[data-item="a.l1-1"] td.mt-note')
    assert note is not None and note.get_text() == HOSTILE
    for selector in (".mt-desc", ".mt-tag", ".mt-snapshot-summary p"):
        element = page.select_one(selector)
        assert element is not None and element.get_text() == HOSTILE, selector
    assert "&#123;&#123; 7*7 &#125;&#125;" in system_article(_site(), "evil").html


SECTIONS = (
    (2, "summary", "Summary"), (2, "levels", "Levels by dimension"), (2, "checklist", "Checklist"),
    (3, "checklist-a", "A"), (2, "gaps", "Gaps to level 2"), (2, "roadmap", "Roadmap"),
    (2, "history", "History"), (2, "changes", "Changes since the previous snapshot"),
)


def test_system_article_has_its_headings_and_table_of_contents() -> None:
    """The generated page renders itself: HTML headings with ids and permalinks, in the
    order of its table of contents, and no Markdown left in it."""
    article = system_article(_site(), "evil")
    assert [(h.level, h.id, h.name) for h in article.headings if h.id != "gaps-a"] == list(SECTIONS)
    soup = _page(article.html)
    for level, ident, name in SECTIONS:
        h = soup.select_one(f"h{level}#{ident}")
        assert h is not None and h.get_text() == name + "¶", ident
        assert h.select_one("a.headerlink")["href"] == f"#{ident}"
    assert "\n## " not in article.html and "{#" not in article.html


def test_system_markdown_keeps_markdown_headings_for_engines_that_read_files() -> None:
    """The same template as Markdown: headings with their ids, HTML in raw blocks."""
    text = system_markdown(_site(), "evil")
    for level, ident, name in SECTIONS:
        assert f"\n{'#' * level} {name} {{#{ident}}}\n" in text
    assert "<table" in text and "mt-html" not in text  # raw HTML, no placeholder


def test_portfolio_page_escapes_names_in_the_heatmap() -> None:
    page = _page(portfolio_markdown(_site()))
    _no_injection(page)
    row = page.select_one('tr[data-system="evil"] th a')
    assert row is not None and row.get_text() == HOSTILE


def test_a_misspelt_variable_is_an_error_not_an_empty_cell() -> None:
    with pytest.raises(Exception, match="undefined"):
        render("overview.html", systems=1, cards=[], base="")
    assert ENV.autoescape is True
