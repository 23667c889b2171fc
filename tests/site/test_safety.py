"""User text never runs: a hostile system (in a tmp copy) shows as plain text."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from .conftest import HOSTILE_ID, Built

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def page(hostile: Built) -> BeautifulSoup:
    return hostile.html(f"systems/{HOSTILE_ID}.html")


def all_pages(hostile: Built) -> list[str]:
    return [str(p.relative_to(hostile.site)) for p in hostile.site.rglob("*.html")]


def test_no_injected_element_or_handler_anywhere(hostile: Built) -> None:
    """No script carries the hostile payload, no element has an on* handler, no link
    or frame uses javascript:, on any page (portfolio and home list the system too)."""
    for rel in all_pages(hostile):
        soup = hostile.html(rel)
        for script in soup.find_all("script"):
            assert "__xss" not in script.get_text(), rel
        for el in soup.find_all(True):
            for name, value in el.attrs.items():
                assert not name.lower().startswith("on"), f"{rel}: <{el.name} {name}>"
                if name in ("href", "src"):
                    assert not str(value).strip().lower().startswith("javascript:"), rel
        assert soup.find("iframe") is None, rel


def test_script_in_a_note_shows_as_text(page: BeautifulSoup) -> None:
    row = page.select_one('tr[data-item="data.centralized-storage"] td.mt-note')
    assert row is not None
    assert row.get_text() == "<script>window.__xss=5</script>"


def test_markdown_and_templates_in_user_text_stay_literal(page: BeautifulSoup) -> None:
    """Markdown link syntax is not turned into a link and {{ }} is not evaluated."""
    note = page.select_one('tr[data-item="data.versioning"] td.mt-note')
    assert note is not None
    assert note.get_text() == "[click](javascript:alert(1)) {{ 7*7 }}"
    assert note.find("a") is None
    other = page.select_one('tr[data-item="data.catalog"] td.mt-note')
    assert other is not None and other.get_text() == "a | pipe ``code`` **bold**"
    summary = page.select_one(".mt-snapshot-summary")
    assert summary is not None
    assert summary.get_text(strip=True) == (
        "[click me](javascript:alert(1)) <script>window.__xss=4</script>"
    )


def test_title_cannot_close_the_title_element(page: BeautifulSoup) -> None:
    """The name lands in <title> and <h1> as text, braces unevaluated."""
    name = "</title><script>window.__xss=1</script> Hostile {{ 7*7 }} {% raw %}"
    assert page.title is not None and page.title.get_text().startswith(name)
    h1 = page.select_one("article h1")
    assert h1 is not None and h1.get_text(strip=True) == name
    assert "49" not in h1.get_text()


def test_evidence_links_are_escaped_and_safe(page: BeautifulSoup) -> None:
    cell = page.select_one('tr[data-item="data.centralized-storage"] td.mt-evidence')
    assert cell is not None
    hrefs = [a["href"] for a in cell.find_all("a")]
    # percent-encoded (one link each, as in the pull-request comment), the same links
    assert [unquote(h) for h in hrefs] == ["https://example.org/a?b=<c>&d=\"e\""]
    # a repository path is shown as text (the site does not publish the repository's files):
    # the quote stays a character, never an attribute
    assert "notes/x\" onmouseover=\"window.__xss=6\".md" in cell.get_text()
    assert all("onmouseover" not in tag.attrs for tag in cell.find_all(True))
    assert not any(c in h for h in hrefs for c in '<>" ')
    for a in cell.find_all("a"):  # a long link reads as a short label, the link in its title
        assert set(a.attrs) <= {"href", "rel", "title"} and {"href", "rel"} <= set(a.attrs)


def test_raw_html_is_escaped_in_the_source(hostile: Built) -> None:
    """Belt and braces: the payloads never appear unescaped in any built file."""
    payloads = [
        "<script>window.__xss", "<img src=x onerror", "<svg onload", "<iframe src",
        "</title><script>",
    ]
    for rel in all_pages(hostile):
        text = (hostile.site / rel).read_text(encoding="utf-8")
        for payload in payloads:
            assert payload not in text, f"{rel}: {payload}"
    index = (hostile.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not re.search(r"<script>window", index)
