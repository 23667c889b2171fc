"""One date parser and one quarter arithmetic for every layer."""

from __future__ import annotations

import datetime as dt

import pytest

from maturity.core.calendar import Quarter, date_or_none, parse_date, quarter_end
from maturity.errors import UsageError


@pytest.mark.parametrize("text", ["2026-11-23", "2024-02-29"])
def test_a_date_is_yyyy_mm_dd(text: str) -> None:
    assert date_or_none(text) == dt.date.fromisoformat(text) == parse_date(text)


@pytest.mark.parametrize("text", ["20261123", "2026-W47-1", "2026-11-23T00:00", "2026-02-30", " 2026-11-23",
                                  "", "soon"])
def test_anything_else_is_not_a_date(text: str) -> None:
    """``date.fromisoformat`` takes some of these; the package's one parser takes none."""
    assert date_or_none(text) is None
    with pytest.raises(UsageError, match=r"--date .* is not a date \(YYYY-MM-DD\)"):
        parse_date(text, "--date ")


def test_non_text_is_not_a_date() -> None:
    assert date_or_none(None) is None and date_or_none(20261123) is None


@pytest.mark.parametrize(("day", "label", "end"), [
    (dt.date(2026, 1, 1), "2026-Q1", dt.date(2026, 3, 31)),
    (dt.date(2026, 6, 30), "2026-Q2", dt.date(2026, 6, 30)),
    (dt.date(2026, 8, 15), "2026-Q3", dt.date(2026, 9, 30)),
    (dt.date(2026, 12, 31), "2026-Q4", dt.date(2026, 12, 31)),
])
def test_quarters(day: dt.date, label: str, end: dt.date) -> None:
    quarter = Quarter.of(day)
    assert (quarter.label, quarter.end, quarter_end(day)) == (label, end, end)
    assert Quarter.parse(label) == quarter


def test_quarters_between_cross_the_year() -> None:
    labels = [q.label for q in Quarter.between(dt.date(2025, 11, 5), dt.date(2026, 4, 1))]
    assert labels == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert Quarter.between(dt.date(2026, 7, 1), dt.date(2026, 4, 1)) == ()
