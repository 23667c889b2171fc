"""Answers over time (PRODUCT.md): evidence that ages, N/A that expires, targets that fall due.

Every rule at its edges: exactly N days is still valid, N + 1 has expired; ``checked``
missing falls back to the snapshot's date; each ``expired_evidence`` policy; an ``until``
of today still holds, of yesterday has expired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType

import pytest

from maturity.core.model import Answer, Rubric, Snapshot, System
from maturity.core.portfolio import is_overdue
from maturity.core.scoring import EVIDENCE_EXPIRED, NA_EXPIRED, score_snapshot

from .helpers import rubric

DAY = dt.timedelta(days=1)
SNAPSHOT_DATE = dt.date(2026, 1, 1)


def aged_rubric(valid_days: int | None = 30, policy: str = "keep") -> Rubric:
    base = rubric({"a": {1: 2}})
    return replace(base, scoring=replace(base.scoring, evidence_valid_days=valid_days,
                                         expired_evidence=policy))  # type: ignore[arg-type]


def one_answer(answer: Answer, other: str = "done") -> Snapshot:
    """Item a.l1-1 answered as given, a.l1-2 answered ``other`` (checked on the snapshot's date)."""
    return Snapshot(
        system="s", date=SNAPSHOT_DATE, rubric="test@1", assessors=(),
        answers=MappingProxyType({"a.l1-1": answer, "a.l1-2": Answer("a.l1-2", other)}),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("days_after_check", "expired"), [(0, False), (29, False), (30, False), (31, True), (400, True)]
)
def test_evidence_expires_only_after_more_than_the_valid_days(days_after_check: int, expired: bool) -> None:
    """Checked exactly N days before the as-of date is still valid; N + 1 days has expired."""
    checked = dt.date(2026, 3, 1)
    snap = one_answer(Answer("a.l1-1", "done", checked=checked))
    scored = score_snapshot(aged_rubric(30), snap, checked + days_after_check * DAY)
    kinds = [(f.kind, f.item) for f in scored.findings]
    assert ((EVIDENCE_EXPIRED, "a.l1-1") in kinds) is expired


def test_checked_missing_falls_back_to_the_snapshot_date() -> None:
    """An answer without ``checked`` ages from the snapshot's date; one with it, from its own."""
    snap = one_answer(Answer("a.l1-1", "done", checked=SNAPSHOT_DATE + 20 * DAY))
    as_of = SNAPSHOT_DATE + 31 * DAY  # 31 days after the snapshot, 11 after the re-check
    scored = score_snapshot(aged_rubric(30), snap, as_of)
    assert scored.expired_evidence == ("a.l1-2",)
    finding = scored.aged(EVIDENCE_EXPIRED)["a.l1-2"]
    assert finding.date == SNAPSHOT_DATE
    assert finding.dimension == "a"


@pytest.mark.parametrize(
    ("policy", "status", "counts_as", "level"),
    [
        ("keep", "done", "done", 1),
        ("keep", "partial", "partial", 0),
        ("partial", "done", "partial", 0),
        ("partial", "partial", "partial", 0),
        ("todo", "done", "todo", 0),
        ("todo", "partial", "todo", 0),
    ],
)
def test_each_expired_evidence_policy(policy: str, status: str, counts_as: str, level: int) -> None:
    """keep: only the finding; partial: a done answer counts as partial; todo: it counts as todo.

    Two items at level 1, threshold 0.8: both done is met; one partial is 1.5/2, not met.
    """
    snap = one_answer(Answer("a.l1-1", status), other="done")  # type: ignore[arg-type]
    fresh = Answer("a.l1-2", "done", checked=SNAPSHOT_DATE + 60 * DAY)
    snap = replace(snap, answers=MappingProxyType({**snap.answers, "a.l1-2": fresh}))
    scored = score_snapshot(aged_rubric(30, policy), snap, SNAPSHOT_DATE + 61 * DAY)
    assert scored.snapshot.status("a.l1-1") == counts_as
    assert scored.snapshot.answers["a.l1-1"].status == status  # as written, for the views
    assert scored.dimensions["a"].level == level
    finding = scored.aged(EVIDENCE_EXPIRED)["a.l1-1"]
    assert finding.counts_as == counts_as
    assert list(scored.aged(EVIDENCE_EXPIRED)) == ["a.l1-1"]


def test_without_evidence_valid_days_evidence_never_expires() -> None:
    snap = one_answer(Answer("a.l1-1", "done"))
    scored = score_snapshot(aged_rubric(None, "todo"), snap, SNAPSHOT_DATE + 10_000 * DAY)
    assert scored.findings == ()
    assert scored.dimensions["a"].level == 1


def test_todo_and_na_answers_have_no_evidence_to_expire() -> None:
    snap = one_answer(Answer("a.l1-1", "todo"), other="todo")
    scored = score_snapshot(aged_rubric(1, "todo"), snap, SNAPSHOT_DATE + 100 * DAY)
    assert scored.findings == ()


@pytest.mark.parametrize(("until_offset", "expired"), [(1, False), (0, False), (-1, True)])
def test_na_until_today_holds_and_until_yesterday_has_expired(until_offset: int, expired: bool) -> None:
    """``until`` is the last day the N/A holds: until today is valid, until yesterday expired."""
    as_of = dt.date(2026, 6, 30)
    na = Answer("a.l1-1", "na", note="not applicable here", until=as_of + until_offset * DAY)
    scored = score_snapshot(aged_rubric(None), one_answer(na), as_of)
    tally = scored.dimensions["a"].tally(1)
    if expired:
        assert scored.snapshot.status("a.l1-1") == "unassessed"
        assert (tally.na, tally.unassessed) == (0, 1)
        assert (scored.dimensions["a"].level, scored.dimensions["a"].upper) == (0, 1)
        finding = scored.aged(NA_EXPIRED)["a.l1-1"]
        assert finding.date == na.until
        assert "a.l1-1" in finding.message
    else:
        assert scored.snapshot.status("a.l1-1") == "na"
        assert (tally.na, tally.unassessed) == (1, 0)
        assert scored.findings == ()


def test_an_na_without_until_never_expires() -> None:
    na = Answer("a.l1-1", "na", note="not applicable here")
    scored = score_snapshot(aged_rubric(None), one_answer(na), dt.date(2099, 1, 1))
    assert scored.findings == ()


def test_scoring_defaults_to_the_snapshot_own_date() -> None:
    """Without an as-of date a snapshot scores as of its own date: what it said then."""
    snap = one_answer(Answer("a.l1-1", "done"))
    scored = score_snapshot(aged_rubric(1, "todo"), snap)
    assert scored.as_of == SNAPSHOT_DATE
    assert scored.findings == ()


def system(target_level: int | None, target_date: dt.date | None) -> System:
    return System("s", "S", "owner", "", (), target_level=target_level, target_date=target_date)


@pytest.mark.parametrize(
    ("target_level", "target_date", "level", "as_of", "overdue"),
    [
        (2, dt.date(2026, 8, 15), 1, dt.date(2026, 8, 16), True),  # passed, not met
        (2, dt.date(2026, 8, 15), 1, dt.date(2026, 8, 15), False),  # the day itself: still due
        (2, dt.date(2026, 8, 15), 2, dt.date(2027, 1, 1), False),  # met
        (2, None, 0, dt.date(2027, 1, 1), False),  # no date
        (None, dt.date(2026, 8, 15), 0, dt.date(2027, 1, 1), False),  # no target
    ],
)
def test_a_target_is_overdue_when_its_date_has_passed_unmet(
    target_level: int | None, target_date: dt.date | None, level: int, as_of: dt.date, overdue: bool
) -> None:
    assert is_overdue(system(target_level, target_date), level, as_of) is overdue
