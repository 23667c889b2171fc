"""The portfolio page and every generated system page, against the package."""

from __future__ import annotations

import pytest

from maturity.core.model import Snapshot
from maturity.core.portfolio import portfolio_status
from maturity.store.load import load_portfolio
from maturity.views.wording import evidence_link

from .conftest import Built

pytestmark = pytest.mark.site


def level_text(level: int, upper: int) -> str:
    return str(level) if level == upper else f"{level}–{upper}"


def test_every_system_has_a_generated_page(built: Built) -> None:
    """A system folder is all it takes: each one has a page, no page is hand-written."""
    portfolio = load_portfolio(built.root)
    assert portfolio.systems
    pages = sorted(p.stem for p in (built.site / "systems").glob("*.html"))
    assert pages == sorted(s.id for s in portfolio.systems)
    assert not (built.root / "docs").exists()
    for system in portfolio.systems:
        soup = built.html(f"systems/{system.id}.html")
        h1 = soup.select_one("article h1")
        assert h1 is not None and h1.get_text(strip=True) == system.name


def test_heatmap_rows_match_the_package(built: Built) -> None:
    """One row per system under its rubric's table: every dimension's level range,
    the overall range, target, gap, last date, stale flag and trend; in the package's
    order (lowest overall level first)."""
    portfolio = load_portfolio(built.root)
    statuses = portfolio_status(portfolio, built.as_of)
    soup = built.html("portfolio.html")
    for rubric_ref in {st.rubric.ref for st in statuses}:
        table = soup.select_one(f'table[data-mt="heatmap"][data-rubric="{rubric_ref}"]')
        assert table is not None, rubric_ref
        expected = [st for st in statuses if st.rubric.ref == rubric_ref]
        rows = table.select("tbody tr")
        assert [r["data-system"] for r in rows] == [st.system.id for st in expected]
        for row, st in zip(rows, expected, strict=True):
            link = row.select_one("th a")
            assert link is not None and link["href"] == f"systems/{st.system.id}.html"
            assert link.get_text(strip=True) == st.system.name
            chips = row.select(".mt-chip")
            overall = st.score.overall
            assert chips[0].get_text(strip=True) == level_text(overall.level, overall.upper)
            for dim in st.rubric.dimensions:
                cell = row.select_one(f'td[data-dimension="{dim.id}"] .mt-chip')
                score = st.score.dimensions[dim.id]
                assert cell is not None
                assert cell.get_text(strip=True) == level_text(score.level, score.upper)
            assert (row.get("data-stale") == "true") == st.stale
            assert bool(row.select(".mt-stale")) == st.stale
            gap = row.select_one("td[data-gap]")
            assert gap is not None
            assert gap["data-gap"] == ("" if st.to_target is None else str(st.to_target))
            date = row.select_one("td[data-date]")
            assert date is not None and date["data-date"] == str(st.score.snapshot.date)
            trend = row.select_one(".mt-trend")
            assert trend is not None
            assert trend["data-trend"] == ("new" if st.previous is None else str(st.trend))


def test_examples_show_every_view(built: Built) -> None:
    """The shipped examples give every view something real: both rubrics, a stale
    system, an incomplete one, and history with more than one snapshot."""
    portfolio = load_portfolio(built.root)
    statuses = portfolio_status(portfolio, built.as_of)
    assert len(statuses) >= 5
    assert len({st.rubric.id for st in statuses}) >= 2
    assert any(st.stale for st in statuses)
    assert any(not st.score.overall.complete for st in statuses)
    assert any(len(st.system.snapshots) >= 3 for st in statuses)


def test_changes_since_previous_snapshot(built: Built) -> None:
    """Systems with two snapshots or more list exactly the items whose answer changed:
    status, evidence or note; evidence added shows as a link, removed as struck out."""
    portfolio = load_portfolio(built.root)
    for system in portfolio.systems:
        soup = built.html(f"systems/{system.id}.html")
        previous = system.previous
        heading = soup.select_one("h2#changes")
        assert heading is not None
        if previous is None:
            continue
        assert str(previous.date) in heading.get_text()
        rubric = portfolio.rubric_for(system.current)
        def answer(snapshot: Snapshot, item: str) -> tuple[str, frozenset[str], str | None]:
            got = snapshot.answers.get(item)
            if got is None:
                return ("unassessed", frozenset(), None)
            return (got.status, frozenset(got.evidence), got.note)

        def dates(snapshot: Snapshot, item: str) -> tuple[object, object]:
            got = snapshot.answers.get(item)
            return (None, None) if got is None else (got.checked, got.until)

        # across a rubric upgrade, the items the old version had and the new one lacks too
        ids = [i.id for i in rubric.items]
        ids += [i.id for i in portfolio.rubric_for(previous).items if i.id not in set(ids)]
        expected = [i for i in ids
                    if answer(previous, i) != answer(system.current, i)
                    or dates(previous, i) != dates(system.current, i)]
        rows = soup.select(".mt-changes-block tr[data-item]")
        assert [tr["data-item"] for tr in rows] == expected
        for tr in rows:
            item = str(tr["data-item"])
            # the status as written (a scale answer keeps its own id, e.g. automated)
            assert (tr["data-before"], tr["data-after"]) == (answer(previous, item)[0],
                                                             answer(system.current, item)[0])
            old, new = answer(previous, item)[1], answer(system.current, item)[1]
            # a long link reads as a short label; its title (and target) is the evidence
            shown = {a.get("title") or a.get_text() for a in tr.select("td.mt-evidence a")
                     if a.find_parent("del") is None}
            struck = {a.get("title") or a.get_text() for a in tr.select("td.mt-evidence del a")}
            assert shown == {e for e in new - old if evidence_link(e, system.repository).href}
            assert struck == {e for e in old - new if evidence_link(e, system.repository).href}


def test_home_page_counts(built: Built) -> None:
    portfolio = load_portfolio(built.root)
    soup = built.html("index.html")
    cards = soup.select_one(".mt-cards")
    assert cards is not None and int(cards["data-systems"]) == len(portfolio.systems)
