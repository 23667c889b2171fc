"""The site shows scope, the crosswalk, upgrades and profiles (issue: rubrics that evolve)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from maturity.core.portfolio import portfolio_status
from maturity.site.data import SiteData
from maturity.site.portfolio_view import portfolio_markdown
from maturity.site.system_view import system_article

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def data(repo: Path) -> SiteData:
    return SiteData.load(repo, AS_OF)


def page(data: SiteData, system_id: str) -> BeautifulSoup:
    return BeautifulSoup(system_article(data, system_id).html, "html.parser")


def test_the_levels_table_shows_scope_and_marks_complete_dimensions(data: SiteData) -> None:
    soup = page(data, "hotel-search-ranking")
    row = soup.select_one('table[data-mt="levels"] tr[data-dimension="build-and-tests"] td[data-scope]')
    assert row is not None and row["data-scope"] == "1" and row["data-complete"] == "true"
    assert row.get_text() == "1 complete"
    governance = soup.select_one('table[data-mt="levels"] tr[data-dimension="governance"] td[data-scope]')
    assert governance is not None and governance.get_text() == "4"


def test_techcorp_shows_its_level_in_the_other_model_via_the_crosswalk(data: SiteData) -> None:
    soup = page(data, "techcorp-support-chatbot")
    legend = soup.select_one('p[data-via="google-mlops@1--azure-mlops@1"]')
    assert legend is not None and "via the crosswalk" in legend.get_text()
    chip = legend.select_one(".mt-chip")
    assert chip is not None and (chip["data-level"], chip["data-upper"]) == ("2", "2")
    table = soup.select_one('table[data-mt="other-model"]')
    assert table is not None and len(table.select("tbody tr")) == 6


def test_history_marks_the_upgrade(data: SiteData) -> None:
    soup = page(data, "claims-triage")
    marked = soup.select('table[data-mt="history"] td[data-upgraded-from]')
    assert [td["data-upgraded-from"] for td in marked] == ["acme-mlops@1"]
    assert "acme-mlops@2" in marked[0].get_text()


def test_a_page_says_what_is_new_in_the_rubric_since_its_snapshot(data: SiteData) -> None:
    """A snapshot on an older version: the items the newer one adds are listed."""
    older = data.portfolio.system("claims-triage").snapshots[1]  # 2026-08-08, acme-mlops@1
    system = dataclasses.replace(data.portfolio.system("claims-triage"), snapshots=(older,))
    portfolio = dataclasses.replace(data.portfolio, systems=(system,))
    soup = page(SiteData(data.root, AS_OF, portfolio, portfolio_status(portfolio, AS_OF)), "claims-triage")
    note = soup.select_one("p[data-newer-rubric]")
    assert note is not None and note["data-newer-rubric"] == "acme-mlops@2"
    assert "data.pii-scan" in note.get_text() and "governance.model-risk-approval" in note.get_text()
    assert "maturity upgrade claims-triage --to acme-mlops@2" in note.get_text()


def test_the_profile_and_the_na_beyond_it_are_shown(data: SiteData) -> None:
    soup = page(data, "policy-qa-assistant")
    profile = soup.select_one("dd[data-profile]")
    assert profile is not None and profile["data-profile"] == "llm-rag"
    assert "retraining.online-learning" in profile.get_text()


def test_the_portfolio_shows_every_system_in_one_model(data: SiteData) -> None:
    soup = BeautifulSoup(portfolio_markdown(data), "html.parser")
    table = soup.select_one('table[data-mt="one-model"][data-rubric="azure-mlops@1"]')
    assert table is not None
    rows = {tr["data-system"]: tr for tr in table.select("tbody tr")}
    assert "hotel-search-ranking" in rows and not rows["hotel-search-ranking"].has_attr("data-via")
    assert rows["techcorp-support-chatbot"]["data-via"] == "google-mlops@1--azure-mlops@1"
    cell = 'td[data-dimension="build-and-tests"][data-complete="true"]'
    heat = soup.select_one(f'table[data-mt="heatmap"] {cell}')
    assert heat is not None and "✓" in heat.get_text()


def test_the_badge_marks_a_complete_score_and_counts_complete_dimensions() -> None:
    from maturity.site.badge import badge_svg

    assert "level 3 ✓" in badge_svg(3, 3, complete=True)
    assert "✓" not in badge_svg(2, 3)
    assert "2 of 9 dimensions complete" in badge_svg(1, 2, note="2 of 9 dimensions complete")
