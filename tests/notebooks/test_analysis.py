"""The analyses the notebooks call (core.analysis) through their checked parameters
(notebooks.params): parameter checks, portfolio views, trends."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from maturity.core import analysis
from maturity.core.calendar import Quarter
from maturity.core.gaps import compute_gaps
from maturity.core.portfolio import STALE_AFTER_DAYS
from maturity.core.scoring import score_snapshot
from maturity.errors import NotFound, UsageError
from maturity.notebooks import params
from maturity.store.load import load_portfolio
from tests.core.helpers import rubric as make_rubric
from tests.notebooks.builders import RUBRIC, portfolio, snap, system

TECHCORP = "techcorp-support-chatbot"


# --- parameter checks ---------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "latest", " latest "])
def test_parse_date_not_given(value: object) -> None:
    """Empty, None and the special word all mean "not given"."""
    assert params.param_date(value, "snapshot", "latest") is None


@pytest.mark.parametrize("value", ["2026-02-15", dt.date(2026, 2, 15), dt.datetime(2026, 2, 15, 9, 30)])
def test_parse_date_accepts_dates(value: object) -> None:
    """ISO text, dates and datetimes (a YAML file may give either) are all the same day."""
    assert params.param_date(value, "snapshot", "latest") == dt.date(2026, 2, 15)


@pytest.mark.parametrize("value", ["2026-02-30", "15/02/2026", "yesterday", 2026, True])
def test_parse_date_rejects_with_the_valid_forms(value: object) -> None:
    """A bad date names the parameter, repeats the value and says what is valid."""
    with pytest.raises(UsageError) as caught:
        params.param_date(value, "as_of", "today")
    message = str(caught.value)
    assert message.startswith(f"as_of={value!r} is not a date")
    assert "YYYY-MM-DD" in message and "'today'" in message


def test_unknown_system_lists_the_systems_and_suggests_one() -> None:
    found = portfolio(system("payments-fraud", snap("payments-fraud", "2026-01-10", 1, 1)),
                      system("search-ranking", snap("search-ranking", "2026-01-10", 1, 1)))
    with pytest.raises(NotFound) as caught:
        params.pick_system(found, "payment-fraud")
    assert str(caught.value) == (
        "system='payment-fraud': unknown system 'payment-fraud' (did you mean 'payments-fraud'?)"
    )
    with pytest.raises(NotFound) as caught:
        params.pick_system(found, "zzz")
    assert str(caught.value) == "system='zzz': unknown system 'zzz' (known: payments-fraud, search-ranking)"


def test_pick_systems_accepts_all_commas_and_lists() -> None:
    one, two = (system(i, snap(i, "2026-01-10", 1, 1)) for i in ("one", "two"))
    found = portfolio(one, two)
    assert params.pick_systems(found, "all") == (one, two)
    assert params.pick_systems(found, "two, one") == (two, one)
    assert params.pick_systems(found, ["two", "two"]) == (two,)
    with pytest.raises(NotFound, match="system='three'"):
        params.pick_systems(found, "one,three")
    with pytest.raises(UsageError, match="systems=3"):
        params.pick_systems(found, 3)


@pytest.mark.parametrize("target", [4, -1, True, "two", 2.5])
def test_target_outside_the_rubric_is_refused(target: object) -> None:
    """Only the rubric's levels (0–3 here) are targets; the message says so."""
    with pytest.raises(UsageError) as caught:
        params.pick_target(RUBRIC, target)
    assert "0–3" in str(caught.value) and f"target_level={target!r}" in str(caught.value)


@pytest.mark.parametrize(("given", "expected"), [(None, None), ("None", None), (2, 2), ("3", 3), (0, 0)])
def test_target_within_the_rubric(given: object, expected: int | None) -> None:
    assert params.pick_target(RUBRIC, given) == expected


def test_rubric_by_id_takes_the_newest_version_and_unknown_lists_them() -> None:
    v2 = make_rubric({"a": {1: 1}})
    v2 = type(v2)(**{**v2.__dict__, "version": 2})
    found = portfolio(rubrics=(RUBRIC, v2))
    assert params.pick_rubric(found, "test", []) is v2
    assert params.pick_rubric(found, "test@1", []) is RUBRIC
    with pytest.raises(NotFound) as caught:
        params.pick_rubric(found, "tset", [])
    assert "test@1, test@2" in str(caught.value) and "did you mean" in str(caught.value)


def test_unknown_snapshot_lists_the_dates() -> None:
    one = system("one", snap("one", "2026-01-10", 1, 1), snap("one", "2026-04-10", 2, 1))
    with pytest.raises(NotFound) as caught:
        params.pick_snapshot(one, dt.date(2026, 3, 1))
    assert "2026-01-10, 2026-04-10" in str(caught.value)
    assert params.pick_snapshot(one, None).date == dt.date(2026, 4, 10)


def test_find_root_walks_up_from_the_notebooks_folder(repo: Path) -> None:
    """A notebook opened from notebooks/ (root="") finds the repository's portfolio."""
    assert params.root("", repo / "notebooks") == repo
    with pytest.raises(NotFound, match="no assessments/ or rubrics/ folder"):
        params.root(str(repo / "notebooks"))


def test_find_root_says_what_to_do_when_nothing_is_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="set the root parameter"):
        params.root("", tmp_path)


# --- one system ---------------------------------------------------------------------


def test_system_report_of_techcorp_agrees_with_the_core(example_root: Path) -> None:
    """Levels, gaps and the default target are the core's own (level 1 up to 2, target 2)."""
    loaded = load_portfolio(example_root)
    report = params.system_report(loaded, TECHCORP)
    assert (report.score.overall.level, report.score.overall.upper) == (1, 2)
    assert report.target == 2  # system.yaml's target_level
    gaps = compute_gaps(loaded.system(TECHCORP), report.rubric, 2)
    assert [r.needed for r in report.dimension_rows()] == [d.needed for d in gaps.dimensions]
    assert sum(r.open for r in report.dimension_rows()) == len(report.gap_rows())
    assert report.history[-1].snapshot is report.snapshot


def test_system_report_of_an_older_snapshot_stops_its_history_there() -> None:
    one = system("one", snap("one", "2026-01-10", 1, 1), snap("one", "2026-04-10", 2, 2), target=3)
    report = params.system_report(portfolio(one), "one", "2026-01-10")
    assert [h.snapshot.date.isoformat() for h in report.history] == ["2026-01-10"]
    assert report.score.overall.level == 1 and report.target == 3
    assert [r.levels_to_go for r in report.dimension_rows()] == [2, 2]


# --- the portfolio ------------------------------------------------------------------


def _three() -> analysis.PortfolioView:
    found = portfolio(
        system("low", snap("low", "2026-01-10", 0, 2), target=2),
        system("mid", snap("mid", "2026-03-01", 1, 1), snap("mid", "2026-06-01", 2, 1)),
        system("top", snap("top", "2026-06-20", 3, 3), target=3),
    )
    return params.portfolio_view(found, "", "2026-06-30")


def test_portfolio_view_takes_each_systems_snapshot_as_of_the_date() -> None:
    view = _three()
    assert [r.system.id for r in view.rows] == ["low", "mid", "top"]  # lowest level first
    assert [r.snapshot.date.isoformat() for r in view.rows] == ["2026-01-10", "2026-06-01", "2026-06-20"]
    assert [r.age_days for r in view.rows] == [171, 29, 10]
    earlier = params.portfolio_view(
        portfolio(*(r.system for r in view.rows)), "test@1", "2026-03-31")
    assert [r.snapshot.date.isoformat() for r in earlier.rows] == ["2026-01-10", "2026-03-01"]
    assert dict(earlier.skipped) == {"top": "no snapshot on or before 2026-03-31"}


def test_distribution_matrix_and_stale() -> None:
    view = _three()
    assert analysis.level_distribution(view) == {0: 1, 1: 1, 2: 0, 3: 1}
    matrix = analysis.dimension_matrix(view)
    assert matrix.levels == ((0, 2), (2, 1), (3, 3)) and matrix.overall == (0, 1, 3)
    assert [r.system.id for r in analysis.stale_rows(view)] == ["low"]  # 171 days > a quarter
    assert STALE_AFTER_DAYS < 171


def test_holding_back_ranks_dimensions_below_targets_first() -> None:
    """low (target 2) is below in a only; mid (no target: next level, 2) is below in b."""
    view = _three()
    drags = {d.id: d for d in analysis.holding_back(view)}
    assert (drags["a"].systems_below, drags["b"].systems_below) == (1, 1)
    assert drags["a"].items_needed == 2  # low needs a's level-1 and level-2 items
    assert drags["b"].items_needed == 1  # mid needs b's level-2 item
    assert [d.id for d in analysis.holding_back(view)] == ["a", "b"]
    assert drags["a"].mean_level == Fraction(5, 3) and drags["a"].lowest == 0


def test_portfolio_view_fails_early_with_nothing_to_show() -> None:
    found = portfolio(system("one", snap("one", "2026-01-10", 1, 1)))
    with pytest.raises(UsageError, match="the first snapshot is of 2026-01-10"):
        params.portfolio_view(found, "", "2025-12-31")
    with pytest.raises(NotFound, match="rubric='azure'"):
        params.portfolio_view(found, "azure", "2026-02-01")



# --- trends -------------------------------------------------------------------------


def test_quarters() -> None:
    assert analysis.quarter(dt.date(2026, 3, 31)) == "2026-Q1"
    assert analysis.quarter(dt.date(2026, 4, 1)) == "2026-Q2"
    assert Quarter.parse("2026-Q4").end == dt.date(2026, 12, 31)
    assert Quarter.parse("2024-Q1").end == dt.date(2024, 3, 31)
    assert analysis.quarters_between(dt.date(2025, 11, 5), dt.date(2026, 4, 1)) == (
        "2025-Q4", "2026-Q1", "2026-Q2")


def _history() -> analysis.Portfolio:
    return portfolio(
        system("up", snap("up", "2026-01-15", 1, 1), snap("up", "2026-04-15", 2, 2),
               snap("up", "2026-07-15", 3, 2)),
        system("down", snap("down", "2026-02-01", 2, 2), snap("down", "2026-08-01", 2, 1)),
        system("mixed", snap("mixed", "2026-02-01", 2, 1), snap("mixed", "2026-05-01", 1, 2)),
        system("late", snap("late", "2026-08-20", 1, 1)),
    )


def test_trends_quarter_by_quarter_carry_the_last_level_forward() -> None:
    trend = params.trends(_history())
    assert trend.quarters == ("2026-Q1", "2026-Q2", "2026-Q3")
    assert dict(trend.levels) == {
        "up": (1, 2, 2), "down": (2, 2, 1), "mixed": (1, 1, 1), "late": (None, None, 1)}
    assert trend.mean_levels == (Fraction(4, 3), Fraction(5, 3), Fraction(5, 4))
    assert trend.assessed == (3, 2, 3)
    # dimension a as of 2026-Q2's end: up 2, down 2, mixed 1
    assert trend.dimension_means["a"][1] == Fraction(5, 3)


def test_trends_verdicts() -> None:
    verdicts = {c.system.id: c.verdict for c in params.trends(_history()).changes}
    assert verdicts == {"up": "improved", "down": "regressed", "mixed": "mixed", "late": "not reassessed"}


def test_trends_since_compares_with_the_level_at_that_date() -> None:
    trend = params.trends(_history(), "up,late", "2026-05-01")
    change = {c.system.id: c for c in trend.changes}
    assert change["up"].before.snapshot.date == dt.date(2026, 4, 15)  # the level on 2026-05-01
    assert change["up"].dimensions == {"a": (2, 3), "b": (2, 2)}
    assert change["up"].verdict == "improved" and change["up"].delta == 0
    assert change["late"].verdict == "not reassessed"
    assert trend.quarters == ("2026-Q2", "2026-Q3")
    assert trend.assessed == (0, 2)  # snapshots taken after since


def test_trends_since_after_every_snapshot_fails_early() -> None:
    with pytest.raises(UsageError, match="the newest is of 2026-08-20"):
        params.trends(_history(), "all", "2026-09-01")


def test_trends_leave_out_systems_on_another_rubric() -> None:
    other = make_rubric({"x": {1: 1}})
    other = type(other)(**{**other.__dict__, "id": "other"})
    elsewhere = system("elsewhere", snap("elsewhere", "2026-01-01", 0, 0, rubric=other))
    found = portfolio(*_history().systems, elsewhere, rubrics=(RUBRIC, other))
    trend = params.trends(found, "all", "", "test")
    assert dict(trend.skipped) == {"elsewhere": "no snapshot with test@1"}
    assert score_snapshot(RUBRIC, trend.changes[0].after.snapshot).overall.level == 2
