"""System pages of the points and grid methods, built for real and read in headless Chromium:
the score with its band, the grid with each column's chosen cell marked, and a chart axis
of whole levels for a rubric whose top level is 2 (it read "0 1 1 2 2")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Built, build_site, copy_portfolio, serve

pytestmark = [pytest.mark.site, pytest.mark.browser]

SHORT = """id: short
version: 1
title: A rubric of three levels
source: Test.
levels:
  - {level: 0, name: None, summary: Nothing yet.}
  - {level: 1, name: Some, summary: Some of it.}
  - {level: 2, name: All, summary: All of it.}
dimensions:
  - id: ops
    name: Operations
    items:
      - {id: ops.one, level: 1, text: The first practice.}
      - {id: ops.two, level: 2, text: The second practice.}
"""


@pytest.fixture(scope="module")
def methods_site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Built, str]]:
    base = tmp_path_factory.mktemp("methods")
    root = copy_portfolio(repo, base / "portfolio")
    (root / "rubrics" / "short.yaml").write_text(SHORT, encoding="utf-8")
    folder = root / "assessments" / "short-system"
    folder.mkdir()
    (folder / "system.yaml").write_text("name: Short system\nowner: Team\ntags: [example]\n"
                                        "description: Fictional.\n", encoding="utf-8")
    (folder / "2026-11-01.yaml").write_text("rubric: short@1\ndate: 2026-11-01\nanswers:\n"
                                            "  ops.one: done\n", encoding="utf-8")
    empty = base / "no-notebooks"
    empty.mkdir()
    import datetime as dt

    built = build_site(repo, root, base / "site", empty, dt.date(2026, 11, 23))
    server, url = serve(built.site)
    yield built, url
    server.shutdown()


def _page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


def test_a_two_level_axis_names_each_level_once(browser: Any, methods_site: tuple[Built, str]) -> None:
    _, url = methods_site
    page = _page(browser, f"{url}/systems/short-system.html")
    page.wait_for_selector("figure.mt-chart .mt-chart-view svg", timeout=15_000)
    for chart in page.locator("figure.mt-chart .mt-chart-view svg").all():
        labels = chart.locator("g.role-axis-label text").all_text_contents()
        numbers = [t for t in labels if t.strip().isdigit()]
        assert sorted(numbers) == ["0", "1", "2"], labels
    page.context.close()


def test_the_grid_marks_each_columns_chosen_cell(browser: Any, methods_site: tuple[Built, str]) -> None:
    _, url = methods_site
    page = _page(browser, f"{url}/systems/shelf-vision.html")
    chosen = page.locator("table[data-mt=grid] td[data-chosen=true]")
    assert chosen.count() == 4
    picked = {c.get_attribute("data-dimension"): c.get_attribute("data-level") for c in chosen.all()}
    assert picked == {"people": "2", "model-creation": "3", "model-release": "2",
                      "application-integration": "3"}
    assert chosen.first.locator(".mt-chosen-mark").inner_text() == "✓ chosen"
    people = page.locator("table[data-mt=grid] td[data-dimension=people][data-level='2']").inner_text()
    assert "share a training pipeline" in people
    assert page.locator("table[data-mt=checklist]").count() == 0  # a grid has no items
    notes = page.locator("ul.mt-grid-notes li[data-dimension=model-creation]").inner_text()
    assert "Nightly training pipeline" in notes
    page.context.close()


def test_the_points_page_shows_score_and_band(browser: Any, methods_site: tuple[Built, str]) -> None:
    _, url = methods_site
    page = _page(browser, f"{url}/systems/delivery-eta.html")
    score = page.locator("dl.mt-summary .mt-score")
    assert score.inner_text() == "2.0 — a first pass at basic productionization"
    infra = page.locator("table[data-mt=levels] tr[data-dimension=infrastructure]").inner_text()
    assert "4.5–6.5" in infra and "up to 6.5 — exceptional levels" in infra
    answer = page.locator("tr[data-item='data.expectations'] .mt-answer").text_content()  # collapsed
    assert answer == "Automated, runs repeatedly"
    page.context.close()


def test_the_portfolio_heatmap_shows_the_points_score(browser: Any, methods_site: tuple[Built, str]) -> None:
    _, url = methods_site
    page = _page(browser, f"{url}/portfolio.html")
    row = page.locator("table[data-mt=heatmap] tr[data-system=delivery-eta]").first
    score = row.locator(".mt-score")
    assert score.inner_text() == "score 2.0"
    assert score.get_attribute("title") == "2.0 — a first pass at basic productionization"
    page.context.close()
