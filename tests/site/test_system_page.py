"""The TechCorp page, read through an HTML parser, against the package's own answers."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup, Tag

from maturity.core.gaps import compute_gaps
from maturity.core.scoring import SnapshotScore, score_snapshot
from maturity.store.load import load_portfolio
from maturity.views.wording import number

from .conftest import Built

pytestmark = pytest.mark.site

TECHCORP = "techcorp-support-chatbot"


def level_text(level: int, upper: int) -> str:
    return str(level) if level == upper else f"{level}–{upper}"


@pytest.fixture(scope="module")
def page(built: Built) -> BeautifulSoup:
    return built.html(f"systems/{TECHCORP}.html")


@pytest.fixture(scope="module")
def scored(built: Built) -> SnapshotScore:
    portfolio = load_portfolio(built.root)
    system = portfolio.system(TECHCORP)
    return score_snapshot(portfolio.rubric_for(system.current), system.current)


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
    return found[0]


def test_title_is_the_system_name(page: BeautifulSoup, built: Built) -> None:
    """The page is titled with the system's name, from its system.yaml."""
    name = load_portfolio(built.root).system(TECHCORP).name
    assert one(page, "article h1").get_text(strip=True) == name
    assert page.title is not None and page.title.get_text().startswith(name)


def test_overall_level_is_the_packages(page: BeautifulSoup, scored: SnapshotScore) -> None:
    """Summary shows the overall range in words and as the chip's number (1, up to 2)."""
    overall = scored.overall
    text = one(page, "[data-overall]")
    assert text["data-overall"] == level_text(overall.level, overall.upper)
    words = text.get_text(" ", strip=True)
    assert words.startswith(f"level {overall.level}")
    if overall.upper != overall.level:
        assert f"up to {overall.upper}" in words
        assert f"{overall.unassessed} items unassessed" in words
    chip = one(page, "dl.mt-summary .mt-chip")
    assert chip.get_text(strip=True) == level_text(overall.level, overall.upper)


def test_each_dimension_level_and_progress(page: BeautifulSoup, scored: SnapshotScore) -> None:
    """Levels table: every dimension's range, and each level's credit, applicable,
    required and met flags as the scoring computed them."""
    table = one(page, 'table[data-mt="levels"]')
    for dim in scored.rubric.dimensions:
        score = scored.dimensions[dim.id]
        row = one(table, f'tr[data-dimension="{dim.id}"]')
        assert row.th is not None and row.th.get_text(strip=True) == dim.name
        chip = one(row, ".mt-chip")
        assert chip.get_text(strip=True) == level_text(score.level, score.upper)
        for t in score.tallies:
            cell = one(row, f'td[data-level-cell="{t.level}"] .mt-tally')
            assert int(cell["data-applicable"]) == t.applicable
            assert float(cell["data-credit"]) == float(t.credit)
            assert float(cell["data-required"]) == pytest.approx(float(t.required))
            assert cell["data-met"] == str(t.met).lower()
            assert cell["data-met-upper"] == str(t.met_upper).lower()
            shown = one(cell, ".mt-frac").get_text(strip=True)
            assert shown.startswith(f"{number(t.credit)}/{t.applicable}")
    overall_row = one(table, 'tr[data-dimension="overall"]')
    assert one(overall_row, ".mt-chip").get_text(strip=True) == level_text(
        scored.overall.level, scored.overall.upper
    )


def test_findings_are_the_packages(page: BeautifulSoup, scored: SnapshotScore) -> None:
    """Every declared level the answers do not support is listed, with its items."""
    box = one(page, ".mt-findings")
    assert int(box["data-findings"]) == len(scored.findings)
    assert scored.findings, "TechCorp declares levels its answers do not support"
    shown = {li["data-finding"]: li for li in box.select("li[data-finding]")}
    assert set(shown) == {f.dimension for f in scored.findings}
    for f in scored.findings:
        li = shown[f.dimension]
        assert f.message in li.get_text(" ", strip=True)
        assert [c.get_text() for c in li.select("ul code")] == list(f.items)


def test_checklist_lists_every_item_with_its_answer(
    page: BeautifulSoup, scored: SnapshotScore
) -> None:
    """Checklist: every rubric item once, under its dimension and level, with the
    snapshot's status and note (unmentioned items show as unassessed)."""
    snapshot = scored.snapshot
    rows = page.select("table[data-mt=checklist] tr[data-item]")
    assert [r["data-item"] for r in rows] == [
        i.id for d in scored.rubric.dimensions for lv in scored.rubric.scored_levels
        for i in d.items_at(lv)
    ]
    for row in rows:
        item = scored.rubric.item(str(row["data-item"]))
        table = row.find_parent("table")
        body = row.find_parent("tbody")
        assert table is not None and table["data-dimension"] == item.dimension
        assert body is not None and int(body["data-level"]) == item.level
        status = snapshot.status(item.id)
        assert row["data-status"] == status
        assert one(row, ".mt-status")["data-status"] == status
        assert item.text in row.get_text(" ", strip=True)
        answer = snapshot.answers.get(item.id)
        note = one(row, "td.mt-note").get_text(strip=True)
        assert note == ((answer.note or "") if answer else "")


def test_gaps_are_the_packages(page: BeautifulSoup, built: Built) -> None:
    """Gaps: the target, the total still needed, and per dimension and level the
    open items and how many must be done."""
    portfolio = load_portfolio(built.root)
    system = portfolio.system(TECHCORP)
    gaps = compute_gaps(system, portfolio.rubric_for(system.current))
    heading = one(page, "h2#gaps")
    assert heading.get_text(strip=True).startswith(f"Gaps to level {gaps.target}")
    assert int(one(page, "p[data-needed]")["data-needed"]) == gaps.needed
    shown = {div["data-dimension"]: div for div in page.select(".mt-gap")}
    expected = {d.id: d for d in gaps.dimensions if any(not lg.met or lg.open for lg in d.levels)}
    assert set(shown) == set(expected)
    for dim_id, d in expected.items():
        div = shown[dim_id]
        assert int(div["data-needed"]) == d.needed
        for lg in d.levels:
            p = one(div, f'p[data-gap-level="{lg.level}"]')
            assert int(p["data-level-needed"]) == lg.needed
            ul = p.find_next_sibling("ul")
            assert ul is not None
            assert [li["data-item"] for li in ul.select("li[data-item]")] == [
                o.item.id for o in lg.open
            ]


def test_roadmap_follows_the_seed_template(page: BeautifulSoup, scored: SnapshotScore) -> None:
    """Roadmap: the template's headings, and the plan's tasks that are not done."""
    roadmap = one(page, ".mt-roadmap")
    text = roadmap.get_text(" ", strip=True)
    for part in ("Current Maturity", "Target Maturity", "Timeline", "Owner",
                 "Gaps Identified", "Improvement Plan", "Phase 1: Quick Wins",
                 "Phase 2: Foundation", "Phase 3: Advanced", "Success Metrics"):
        assert part in text
    planned = [p.item for p in sorted(scored.snapshot.plan, key=lambda p: p.priority)
               if scored.snapshot.status(p.item) != "done"]
    tasks = [li["data-item"] for li in roadmap.select("li.mt-task")]
    assert tasks[: len(planned)] == planned


def test_history_and_changes(page: BeautifulSoup, built: Built) -> None:
    """History lists every snapshot, newest first; the changes section compares the
    newest with the previous snapshot, or says there is none."""
    portfolio = load_portfolio(built.root)
    system = portfolio.system(TECHCORP)
    dates = [r["data-snapshot"] for r in page.select("table[data-mt=history] tr[data-snapshot]")]
    assert dates == [str(s.date) for s in reversed(system.snapshots)]
    spec = page.select_one("h2#history ~ figure.mt-chart script.mt-chart-spec[type='application/json']")
    assert spec is not None, "the history chart's data is on the page, for the browser to draw"
    drawn = json.loads(spec.string or "")["data"]["values"]
    assert [row["date"] for row in drawn] == [str(s.date) for s in system.snapshots]
    changes = one(page, "h2#changes")
    if system.previous is None:
        assert "first snapshot" in changes.find_next("p").get_text()
    else:
        assert str(system.previous.date) in changes.get_text()
