"""The rules of a snapshot and a system.yaml beyond their schemas, run on parsed data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from maturity.core.snapshot_rules import build_snapshot, check_snapshot_data, check_system_meta
from tests.core.helpers import rubric
from tests.core.reports import Collected

RUBRIC = rubric({"data": {1: 2}})
RUBRICS = {"test@1": RUBRIC}
TODAY = dt.date(2026, 11, 23)


def snapshot(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"rubric": "test@1", "date": "2026-11-20", "answers": {
        "data.l1-1": {"status": "done", "evidence": ["docs/x.md"], "checked": "2026-11-01"},
        "data.l1-2": {"status": "na", "note": "not here", "until": "2027-01-01"}}}
    base.update(changes)
    return base


def test_a_good_snapshot_builds_with_its_dates() -> None:
    report = Collected(name="2026-11-20.yaml")
    assert check_snapshot_data(report, snapshot(), RUBRICS, TODAY) is RUBRIC
    assert report.found == []
    built = build_snapshot("sys", snapshot(), "x")
    assert built.answers["data.l1-1"].checked == dt.date(2026, 11, 1)
    assert built.answers["data.l1-2"].until == dt.date(2027, 1, 1)


def test_a_date_after_tomorrow_is_in_the_future_only_when_the_day_is_known() -> None:
    report = Collected(name="2026-11-25.yaml")
    check_snapshot_data(report, snapshot(date="2026-11-25"), RUBRICS, TODAY)
    assert report.messages() == ["date 2026-11-25 is in the future (today is 2026-11-23): "
                                 "date a snapshot on the day it was assessed"]
    unknown_day = Collected(name="2026-11-25.yaml")
    check_snapshot_data(unknown_day, snapshot(date="2026-11-25"), RUBRICS, None)
    assert unknown_day.found == []
    tomorrow = Collected(name="2026-11-24.yaml")
    check_snapshot_data(tomorrow, snapshot(date="2026-11-24"), RUBRICS, TODAY)
    assert tomorrow.found == []  # a team a time zone ahead


def test_answers_are_checked_against_the_rubric() -> None:
    report = Collected(name="2026-11-20.yaml")
    check_snapshot_data(report, snapshot(answers={
        "data.l1-3": "done",
        "data.l1-1": {"status": "done", "checked": "20261101", "until": "2027-01-01"},
        "data.l1-2": {"status": "na", "note": "\u200b", "evidence": ["javascript:alert(1)"]},
    }, declared={"dta": 1, "data": 9}), RUBRICS, TODAY)
    assert report.messages() == [
        "unknown item 'data.l1-3' in rubric test@1 (did you mean 'data.l1-2'?)",
        "checked '20261101' is not a date (YYYY-MM-DD)",
        "until applies to an 'na' answer only (how long it does not apply)",
        "an 'na' answer needs a note saying why the practice does not apply (this one has no visible text)",
        "evidence 'javascript:alert(1)' must be an http(s) link or a relative path",
        "unknown dimension 'dta' in rubric test@1 (did you mean 'data'?)",
        "declared level 9 is outside the rubric's levels 0–1",
    ]


def test_system_meta_target_within_the_rubric() -> None:
    report = Collected(name="system.yaml")
    check_system_meta(report, {"name": "X", "owner": " ", "target_level": 4, "target_date": "soon"}, RUBRIC)
    assert report.messages() == [
        "owner has no visible text (only spaces, invisible or control characters)",
        "target_date 'soon' is not a date (YYYY-MM-DD)",
        "target level 4 is outside the levels of test@1 (0–1)",
    ]
