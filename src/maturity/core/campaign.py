"""Campaigns: who is in scope, who meets the target, and progress quarter by quarter.

A system is in scope on a date when it has a snapshot on or before that date and
the campaign's selector matches it (its tags, owner and id, and the rubric of that
snapshot). It meets the campaign when the computed ``level`` (never the upper level)
of the target, overall or in one dimension, of that snapshot scored as of the date
is at least the target level. Systems on different rubrics are compared each by its
own rubric: a system whose rubric has no such dimension is in scope and does not
meet it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from maturity.core.calendar import quarter_end
from maturity.core.model import Campaign, Portfolio, Rubric, RubricRef, Snapshot, System
from maturity.core.scoring import score_snapshot


def rubric_matches(selector: str, ref: str) -> bool:
    """``google-mlops`` matches every version of it; ``google-mlops@1`` only that one."""
    return RubricRef.parse(selector).matches(ref)


def snapshot_on(system: System, date: dt.date) -> Snapshot | None:
    """The system's newest snapshot on or before ``date``."""
    return system.newest_on(date)


def selects(campaign: Campaign, system: System, snapshot: Snapshot) -> bool:
    """Every key of the selector matches (an empty selector matches every system)."""
    return (
        all(tag in system.tags for tag in campaign.tags)
        and (campaign.owner is None or system.owner == campaign.owner)
        and (not campaign.systems or system.id in campaign.systems)
        and (campaign.rubric is None or rubric_matches(campaign.rubric, snapshot.rubric))
    )


@dataclass(frozen=True)
class CampaignSystem:
    """One system in scope on a date: its snapshot then, and where it stands."""

    system: System
    snapshot: Snapshot
    rubric: Rubric
    level: int | None  # the target's computed level; None when its rubric lacks the dimension
    upper: int | None
    target: int

    @property
    def met(self) -> bool:
        return self.level is not None and self.level >= self.target

    @property
    def gap(self) -> int | None:
        """Levels still to climb (0 when met); None when the rubric lacks the dimension."""
        return None if self.level is None else max(0, self.target - self.level)


@dataclass(frozen=True)
class CampaignStatus:
    """A campaign as of a date."""

    campaign: Campaign
    as_of: dt.date
    systems: tuple[CampaignSystem, ...]  # by system id

    @property
    def in_scope(self) -> int:
        return len(self.systems)

    @property
    def met(self) -> int:
        return sum(s.met for s in self.systems)

    @property
    def short(self) -> tuple[CampaignSystem, ...]:
        """The systems in scope still short of the target, the farthest first."""
        missing = [s for s in self.systems if not s.met]
        return tuple(sorted(missing, key=lambda s: (-(s.gap if s.gap is not None else 99), s.system.id)))

    @property
    def days_left(self) -> int:
        """Days until the deadline (negative once it has passed)."""
        return (self.campaign.deadline - self.as_of).days

    @property
    def closed(self) -> bool:
        """The deadline has passed (it is earlier than the as-of date)."""
        return self.campaign.deadline < self.as_of

    @property
    def missed(self) -> bool:
        """Closed with systems still short."""
        return self.closed and self.met < self.in_scope


def _entry(portfolio: Portfolio, campaign: Campaign, system: System, snapshot: Snapshot,
           as_of: dt.date) -> CampaignSystem:
    rubric = portfolio.rubric_for(snapshot)
    scored = score_snapshot(rubric, snapshot, as_of)
    score = scored.overall if campaign.dimension is None else scored.dimensions.get(campaign.dimension)
    return CampaignSystem(
        system, snapshot, rubric,
        None if score is None else score.level, None if score is None else score.upper,
        campaign.level,
    )


def campaign_status(portfolio: Portfolio, campaign: Campaign, as_of: dt.date) -> CampaignStatus:
    """Who is in scope on ``as_of`` and where each stands."""
    entries = []
    for system in sorted(portfolio.systems, key=lambda s: s.id):
        snapshot = snapshot_on(system, as_of)
        if snapshot is not None and selects(campaign, system, snapshot):
            entries.append(_entry(portfolio, campaign, system, snapshot, as_of))
    return CampaignStatus(campaign, as_of, tuple(entries))


@dataclass(frozen=True)
class ProgressPoint:
    """How many systems were in scope and met the target on one date."""

    date: dt.date
    in_scope: int
    met: int


def campaign_progress(portfolio: Portfolio, campaign: Campaign, as_of: dt.date) -> tuple[ProgressPoint, ...]:
    """The campaign at every quarter's end from the first snapshot of a system it selects,
    then on ``as_of`` itself: systems meeting the target per quarter."""
    firsts = [
        s.date for system in portfolio.systems for s in system.snapshots
        if s.date <= as_of and selects(campaign, system, s)
    ]
    if not firsts:
        return ()
    dates = []
    day = quarter_end(min(firsts))
    while day < as_of:
        dates.append(day)
        day = quarter_end(day + dt.timedelta(days=1))
    dates.append(as_of)
    points = []
    for date in dates:
        status = campaign_status(portfolio, campaign, date)
        points.append(ProgressPoint(date, status.in_scope, status.met))
    return tuple(points)


def campaigns_of(portfolio: Portfolio, system: System, as_of: dt.date) -> tuple[Campaign, ...]:
    """The campaigns whose scope includes the system on ``as_of``."""
    snapshot = snapshot_on(system, as_of)
    if snapshot is None:
        return ()
    return tuple(c for c in portfolio.campaigns if selects(c, system, snapshot))
