"""Campaigns in the core: scope, who meets (computed level, not upper), mixed rubrics,
progress per quarter."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType

import pytest

from maturity.core.calendar import quarter_end
from maturity.core.campaign import (
    campaign_progress,
    campaign_status,
    campaigns_of,
    rubric_matches,
)
from maturity.core.model import Answer, Campaign, Portfolio, Rubric, Snapshot, System

from .helpers import rubric

DEADLINE = dt.date(2027, 3, 31)


def two_rubrics() -> tuple[Rubric, Rubric]:
    """``small@1``: levels 0–2, one item per level in dimension a. ``big@1``: levels 0–4,
    dimensions a and b."""
    small = replace(rubric({"a": {1: 1, 2: 1}}), id="small")
    big = replace(rubric({"a": {1: 1, 2: 1, 3: 1, 4: 1}, "b": {1: 1}}), id="big")
    return small, big


def snap(system: str, ref: str, date: dt.date, done: list[str]) -> Snapshot:
    answers = {i: Answer(i, "done") for i in done}
    return Snapshot(system=system, date=date, rubric=ref, assessors=(),
                    answers=MappingProxyType(answers))  # type: ignore[arg-type]


def system(sid: str, *snaps: Snapshot, tags: tuple[str, ...] = ("web",), owner: str = "Team A") -> System:
    return System(sid, sid.title(), owner, "", snaps, tags=tags)


def portfolio(*systems: System) -> Portfolio:
    small, big = two_rubrics()
    return Portfolio("", MappingProxyType({"small@1": small, "big@1": big}), systems)


def campaign(**kw: object) -> Campaign:
    base = {"id": "c", "title": "C", "level": 2, "deadline": DEADLINE}
    return Campaign(**{**base, **kw})  # type: ignore[arg-type]


def test_a_campaign_over_systems_on_different_rubrics() -> None:
    """Each system is judged by its own rubric's computed level."""
    jan = dt.date(2026, 1, 15)
    p = portfolio(
        system("s-small-met", snap("s-small-met", "small@1", jan, ["a.l1-1", "a.l2-1"])),
        system("s-big-short", snap("s-big-short", "big@1", jan, ["a.l1-1", "b.l1-1"])),
        system("s-big-met", snap("s-big-met", "big@1", jan, ["a.l1-1", "b.l1-1", "a.l2-1"])),
    )
    status = campaign_status(p, campaign(), dt.date(2026, 2, 1))
    assert (status.in_scope, status.met) == (3, 2)
    levels = {e.system.id: (e.rubric.ref, e.level, e.met) for e in status.systems}
    assert levels == {
        "s-small-met": ("small@1", 2, True),
        "s-big-short": ("big@1", 1, False),
        "s-big-met": ("big@1", 2, True),
    }
    assert [e.system.id for e in status.short] == ["s-big-short"]
    assert status.short[0].gap == 1


def test_meeting_counts_the_computed_level_not_the_upper_one() -> None:
    """An item left unassessed makes the upper level 2 but the level 1: not met."""
    p = portfolio(system("s", snap("s", "small@1", dt.date(2026, 1, 1), ["a.l1-1"])))
    entry = campaign_status(p, campaign(), dt.date(2026, 2, 1)).systems[0]
    assert (entry.level, entry.upper, entry.met) == (1, 2, False)


def test_a_dimension_target_and_a_rubric_without_that_dimension() -> None:
    jan = dt.date(2026, 1, 1)
    p = portfolio(
        system("s-small", snap("s-small", "small@1", jan, ["a.l1-1"])),
        system("s-big", snap("s-big", "big@1", jan, ["b.l1-1"])),
    )
    status = campaign_status(p, campaign(dimension="b", level=1), jan)
    by_id = {e.system.id: e for e in status.systems}
    assert (by_id["s-big"].level, by_id["s-big"].met) == (1, True)
    assert (by_id["s-small"].level, by_id["s-small"].met, by_id["s-small"].gap) == (None, False, None)


@pytest.mark.parametrize(
    ("selector", "chosen"),
    [
        ({}, {"a", "b", "c"}),
        ({"tags": ("web",)}, {"a", "b"}),
        ({"tags": ("web", "eu")}, {"a"}),  # every tag must match
        ({"owner": "Team B"}, {"c"}),
        ({"rubric": "big"}, {"b"}),
        ({"rubric": "small@1"}, {"a", "c"}),
        ({"systems": ("a", "c")}, {"a", "c"}),
        ({"tags": ("web",), "rubric": "small"}, {"a"}),
    ],
)
def test_every_selector_key_must_match(selector: dict[str, object], chosen: set[str]) -> None:
    jan = dt.date(2026, 1, 1)
    p = portfolio(
        system("a", snap("a", "small@1", jan, []), tags=("web", "eu")),
        system("b", snap("b", "big@1", jan, []), tags=("web",)),
        system("c", snap("c", "small@1", jan, []), tags=("batch",), owner="Team B"),
    )
    status = campaign_status(p, campaign(**selector), jan)
    assert {e.system.id for e in status.systems} == chosen
    with_campaign = replace(p, campaigns=(campaign(**selector),))
    assert {s.id for s in p.systems if campaigns_of(with_campaign, s, jan)} == chosen


def test_scope_and_level_use_the_newest_snapshot_on_or_before_the_date() -> None:
    """Before its first snapshot a system is not in scope; later snapshots count later."""
    p = portfolio(system("s", snap("s", "small@1", dt.date(2026, 2, 1), ["a.l1-1"]),
                         snap("s", "small@1", dt.date(2026, 5, 1), ["a.l1-1", "a.l2-1"])))
    c = campaign()
    assert campaign_status(p, c, dt.date(2026, 1, 31)).in_scope == 0
    assert campaign_status(p, c, dt.date(2026, 4, 30)).met == 0
    assert campaign_status(p, c, dt.date(2026, 5, 1)).met == 1


def test_progress_per_quarter_up_to_the_as_of_date() -> None:
    p = portfolio(
        system("s1", snap("s1", "small@1", dt.date(2026, 2, 1), ["a.l1-1"]),
               snap("s1", "small@1", dt.date(2026, 5, 1), ["a.l1-1", "a.l2-1"])),
        system("s2", snap("s2", "big@1", dt.date(2026, 8, 1), ["a.l1-1", "b.l1-1", "a.l2-1"])),
    )
    points = campaign_progress(p, campaign(), dt.date(2026, 11, 23))
    assert [(pt.date, pt.in_scope, pt.met) for pt in points] == [
        (dt.date(2026, 3, 31), 1, 0),
        (dt.date(2026, 6, 30), 1, 1),
        (dt.date(2026, 9, 30), 2, 2),
        (dt.date(2026, 11, 23), 2, 2),
    ]


def test_deadline_days_left_and_closed() -> None:
    p = portfolio(system("s", snap("s", "small@1", dt.date(2026, 1, 1), ["a.l1-1"])))
    on_time = campaign_status(p, campaign(), DEADLINE)
    late = campaign_status(p, campaign(), DEADLINE + dt.timedelta(days=1))
    assert (on_time.days_left, on_time.closed, on_time.missed) == (0, False, False)
    assert (late.days_left, late.closed, late.missed) == (-1, True, True)


@pytest.mark.parametrize(
    ("day", "end"),
    [(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), (dt.date(2026, 6, 30), dt.date(2026, 6, 30)),
     (dt.date(2026, 11, 23), dt.date(2026, 12, 31)), (dt.date(2026, 8, 1), dt.date(2026, 9, 30))],
)
def test_quarter_end(day: dt.date, end: dt.date) -> None:
    assert quarter_end(day) == end


def test_rubric_selector_with_and_without_a_version() -> None:
    assert rubric_matches("google-mlops", "google-mlops@2")
    assert rubric_matches("google-mlops@1", "google-mlops@1")
    assert not rubric_matches("google-mlops@1", "google-mlops@2")
    assert not rubric_matches("google", "google-mlops@1")
