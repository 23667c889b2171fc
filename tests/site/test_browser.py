"""Headless Chromium (Debian's, through Playwright) against the built site on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from maturity.core.portfolio import portfolio_status
from maturity.store.load import load_portfolio

from .conftest import HOSTILE_ID, Built

pytestmark = [pytest.mark.site, pytest.mark.browser]

TECHCORP = "techcorp-support-chatbot"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


class Visit:
    """A browser page that records every request it makes and every dialog it opens."""

    def __init__(self, browser: Any, base: str, viewport: str = "desktop",
                 scheme: str = "light") -> None:
        self.context = browser.new_context(
            viewport=VIEWPORTS[viewport], color_scheme=scheme, service_workers="block"
        )
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, rel: str) -> Any:
        self.page.goto(f"{self.base}/{rel}", wait_until="networkidle")
        return self.page

    def foreign(self) -> list[str]:
        """Requests to anything but the local server (data: and blob: stay local)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != "127.0.0.1":
                out.append(url)
        return out

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, site_url: str) -> Iterator[Visit]:
    v = Visit(browser, site_url)
    yield v
    v.close()


def shot(page: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


def test_portfolio_to_system_and_read_its_level(
    visit: Visit, built: Built, artifacts: Path
) -> None:
    """Open the portfolio, click TechCorp, and read the overall level the package gives."""
    portfolio = load_portfolio(built.root)
    status = next(st for st in portfolio_status(portfolio, built.as_of)
                  if st.system.id == TECHCORP)
    page = visit.open("portfolio.html")
    shot(page, artifacts, "portfolio-desktop")
    page.get_by_role("link", name=status.system.name, exact=True).first.click()
    page.wait_for_url(f"**/systems/{TECHCORP}.html")
    overall = status.score.overall
    expected = str(overall.level) if overall.complete else f"{overall.level}–{overall.upper}"
    chip = page.locator("dl.mt-summary .mt-chip")
    assert chip.inner_text().strip() == expected
    assert page.locator("[data-overall]").inner_text().startswith(f"level {overall.level}")
    assert page.locator("h1").first.inner_text().strip() == status.system.name
    shot(page, artifacts, "system-desktop")
    assert visit.errors == []


def test_search_finds_a_system(visit: Visit, artifacts: Path) -> None:
    """Material's search (typed key by key) finds TechCorp's page and opens it."""
    page = visit.open("index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially("chatbot", delay=60)
    result = page.locator(f'.md-search-result__link[href*="systems/{TECHCORP}.html"]').first
    result.wait_for(state="visible", timeout=15_000)
    shot(page, artifacts, "search-desktop")
    result.click()
    page.wait_for_url(f"**/systems/{TECHCORP}.html*")
    assert page.locator("dl.mt-summary .mt-chip").count() == 1


def test_heatmap_sorts_by_a_column(visit: Visit) -> None:
    """Clicking the Overall heading sorts the rows by level, then reverses them."""
    page = visit.open("portfolio.html")
    table = page.locator('table[data-mt="heatmap"]').first
    header = table.locator("thead th", has_text="Overall")
    header.click()
    keys = [float(v) for v in table.locator("tbody tr td:nth-child(2)").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert keys == sorted(keys)
    header.click()
    again = [float(v) for v in table.locator("tbody tr td:nth-child(2)").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert again == sorted(keys, reverse=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_every_kind_of_page(
    browser: Any, site_url: str, built: Built, artifacts: Path, viewport: str, scheme: str
) -> None:
    """Portfolio, a system page and a rubric page, on a desktop and a phone, both
    palettes (saved for a human to look at); nothing overflows the phone's width."""
    portfolio = load_portfolio(built.root)
    rubric = portfolio.rubric_for(portfolio.system(TECHCORP).current)
    v = Visit(browser, site_url, viewport, scheme)
    try:
        for name, rel in (("portfolio", "portfolio.html"),
                          ("system", f"systems/{TECHCORP}.html"),
                          ("rubric", f"rubrics/{rubric.id}-v{rubric.version}.html")):
            page = v.open(rel)
            shot(page, artifacts, f"{name}-{viewport}-{scheme}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= VIEWPORTS[viewport]["width"] + 1, f"{rel} is {width}px wide"
        assert v.foreign() == []
    finally:
        v.close()


def test_no_request_leaves_localhost(browser: Any, site_url: str, built: Built) -> None:
    """Every page of the site, plus a search, loads nothing from another host."""
    pages = sorted(str(p.relative_to(built.site)) for p in built.site.rglob("*.html"))
    v = Visit(browser, site_url)
    try:
        for rel in pages:
            v.open(rel)
        page = v.open("portfolio.html")
        page.locator(".md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("monitoring", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert len(v.requests) > len(pages)
        assert v.foreign() == []
    finally:
        v.close()


def test_hostile_text_does_not_run(browser: Any, hostile_url: str) -> None:
    """The hostile system's page, the portfolio and a search for it run no script of
    its text: no dialog, no window.__xss, no request elsewhere."""
    v = Visit(browser, hostile_url)
    try:
        for rel in (f"systems/{HOSTILE_ID}.html", "portfolio.html", "index.html"):
            page = v.open(rel)
            page.mouse.move(10, 10)
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            for link in page.locator(".mt-evidence a").all():
                link.hover()
            assert page.evaluate("typeof window.__xss") == "undefined"
        page.locator(".md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("hostile", delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert v.dialogs == []
        assert v.foreign() == []
    finally:
        v.close()


def test_system_page_charts_are_drawn_in_the_browser(visit: Visit, built: Built, artifacts: Path) -> None:
    """The library served by the site draws both charts of a system page as SVG, with the
    dimension names as text; nothing is fetched from elsewhere."""
    page = visit.open(f"systems/{TECHCORP}.html")
    page.wait_for_selector("figure.mt-chart .mt-chart-view svg", timeout=15_000)
    charts = page.locator("figure.mt-chart .mt-chart-view svg")
    assert charts.count() == 2
    portfolio = load_portfolio(built.root)
    rubric = portfolio.rubric_for(portfolio.system(TECHCORP).current)
    texts = charts.first.locator("text").all_text_contents()
    assert {d.name for d in rubric.dimensions} <= set(texts)
    assert charts.first.bounding_box()["width"] > 200
    assert not visit.errors and not visit.foreign()
    shot(page, artifacts, "system-charts")


def test_hostile_names_stay_text_in_the_charts(browser: Any, hostile_url: str) -> None:
    """A dimension or system name with markup is drawn as its own text, and runs nothing."""
    v = Visit(browser, hostile_url)
    try:
        page = v.open(f"systems/{HOSTILE_ID}.html")
        page.wait_for_selector("figure.mt-chart .mt-chart-view svg", timeout=15_000)
        assert page.evaluate("window.__xss === undefined")
        assert not v.dialogs
    finally:
        v.close()


def test_campaign_page_chart_is_drawn_in_the_browser(visit: Visit, built: Built, artifacts: Path) -> None:
    """A campaign's progress chart is drawn by the site's own library, offline, without a
    script error."""
    campaign = load_portfolio(built.root).campaigns[0]
    page = visit.open(f"campaigns/{campaign.id}.html")
    page.wait_for_selector("figure[data-chart=campaign] .mt-chart-view svg", timeout=15_000)
    chart = page.locator("figure[data-chart=campaign] .mt-chart-view svg")
    assert chart.bounding_box()["width"] > 200
    assert "Systems meeting the target, per quarter" in chart.locator("text").all_text_contents()
    assert not visit.errors and not visit.foreign()
    shot(page, artifacts, "campaign")
