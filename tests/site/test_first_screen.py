"""The first screen of a system page answers "what next", and the portfolio fits 1280 px:
headless Chromium at 1280×800 against the built site, measured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from maturity.store.load import load_portfolio

from .conftest import Built

pytestmark = [pytest.mark.site, pytest.mark.browser]

SCREEN = {"width": 1280, "height": 800}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=SCREEN, service_workers="block")
    yield context.new_page()
    context.close()


def test_next_actions_of_every_example_system_is_on_the_first_screen(
    page: Any, site_url: str, built: Built
) -> None:
    systems = [s.id for s in load_portfolio(built.root).systems]
    assert len(systems) >= 5
    for system_id in systems:
        page.goto(f"{site_url}/systems/{system_id}.html", wait_until="networkidle")
        box = page.eval_on_selector(
            "#next-actions",
            "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.width]; }")
        top, bottom, width = box
        assert width > 300, system_id
        assert top > 0 and bottom <= SCREEN["height"], (system_id, top, bottom)
        # under the summary: the overall level and its rule come first
        rule_bottom = page.eval_on_selector("[data-rule]", "e => e.getBoundingClientRect().bottom")
        assert rule_bottom <= top, system_id
        assert "Weakest:" in page.inner_text("[data-rule]")


def test_the_portfolio_tables_fit_the_screen(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/portfolio.html", wait_until="networkidle")
    tables = page.eval_on_selector_all(
        "table[data-mt=heatmap]",
        """ts => ts.map(t => {
            const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
            const r = t.getBoundingClientRect();
            return {columns: t.tHead.rows[0].cells.length, table: t.scrollWidth, box: wrap.clientWidth,
                    wrapScroll: wrap.scrollWidth, right: r.right};
        })""")
    assert any(t["columns"] >= 9 + 6 for t in tables)  # nine dimensions and six more columns
    for t in tables:
        assert t["wrapScroll"] <= t["box"], t  # nothing to scroll sideways
        assert t["right"] <= SCREEN["width"], t
    assert page.evaluate("() => document.documentElement.scrollWidth") <= SCREEN["width"]


def test_home_cards_link_to_the_systems_they_count(page: Any, site_url: str, built: Built) -> None:
    page.goto(f"{site_url}/index.html", wait_until="networkidle")
    cards = page.query_selector_all(".mt-card")
    counted = 0
    for card in cards[1:]:
        count = int(card.query_selector(".mt-card-n").inner_text())
        links = card.query_selector_all(".mt-card-systems a")
        assert len(links) == count
        counted += count
        for link in links:
            assert link.get_attribute("href").startswith("systems/")
    assert counted > 0


def test_chart_labels_are_not_cut(page: Any, site_url: str) -> None:
    """Every axis label of the levels chart lies inside the chart's own box."""
    page.goto(f"{site_url}/systems/claims-triage.html", wait_until="networkidle")
    page.wait_for_selector(".mt-chart-view svg", timeout=20_000)
    overflow = page.evaluate("""() => [...document.querySelectorAll('.mt-chart-view svg')].flatMap(svg => {
        const box = svg.closest('.mt-chart-view').getBoundingClientRect();
        if (box.width < 200) return [];
        return [...svg.querySelectorAll('text')].filter(t => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
        }).map(t => t.textContent);
    })""")
    assert overflow == []
