"""Portfolio views: every system's current score, its trend, its history, staleness,
overdue targets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from maturity.core.gaps import Gaps, compute_gaps
from maturity.core.model import Portfolio, Rubric, System
from maturity.core.roadmap import Roadmap, build_roadmap
from maturity.core.scoring import SnapshotScore, score_snapshot

STALE_AFTER_DAYS = 92  # "reassess quarterly": older than a quarter is stale


@dataclass(frozen=True)
class SystemStatus:
    """One system as of a date: its newest snapshot scored then, and its history."""

    system: System
    rubric: Rubric
    history: tuple[SnapshotScore, ...]  # oldest first, one per snapshot
    age_days: int
    as_of: dt.date

    @property
    def score(self) -> SnapshotScore:
        return self.history[-1]

    @property
    def previous(self) -> SnapshotScore | None:
        return self.history[-2] if len(self.history) > 1 else None

    @property
    def stale(self) -> bool:
        return self.age_days > STALE_AFTER_DAYS

    @property
    def trend(self) -> int:
        """Change of the overall level since the previous snapshot (0 with one snapshot)."""
        prev = self.previous
        return 0 if prev is None else self.score.overall.level - prev.overall.level

    @property
    def target(self) -> int | None:
        return self.system.target_level

    def gaps(self, target: int | None = None) -> Gaps:
        """The open items up to ``target`` (default: the system's, else the next level), on
        this status's date: the one "gaps as of" every edge shows."""
        return compute_gaps(self.system, self.rubric, target, as_of=self.as_of)

    def roadmap(self) -> Roadmap:
        """The improvement roadmap on this status's date (the gaps to the target and the plan)."""
        return build_roadmap(self.gaps())

    @property
    def to_target(self) -> int | None:
        """Levels still to climb to the target (0 when met), ``None`` without a target."""
        if self.target is None:
            return None
        return max(0, self.target - self.score.overall.level)

    @property
    def overdue(self) -> bool:
        """The target date has passed (it is earlier than the as-of date) and the
        target level is not met (by the computed level, not the upper one)."""
        return is_overdue(self.system, self.score.overall.level, self.as_of)

    @property
    def expired_evidence(self) -> int:
        """Answers of the newest snapshot whose evidence has expired as of the date."""
        return len(self.score.expired_evidence)


def is_overdue(system: System, level: int, as_of: dt.date) -> bool:
    """A target date earlier than ``as_of`` with the target level not reached."""
    return (
        system.target_level is not None
        and system.target_date is not None
        and system.target_date < as_of
        and level < system.target_level
    )


def history(
    portfolio: Portfolio, system: System, as_of: dt.date | None = None
) -> tuple[SnapshotScore, ...]:
    """Every snapshot of the system scored against its own rubric version: each as of
    its own date (what it said then), the newest as of ``as_of`` when given (now)."""
    last = len(system.snapshots) - 1
    return tuple(
        score_snapshot(portfolio.rubric_for(s), s, as_of if i == last else None)
        for i, s in enumerate(system.snapshots)
    )


def system_status(portfolio: Portfolio, system: System, as_of: dt.date) -> SystemStatus:
    scored = history(portfolio, system, as_of)
    return SystemStatus(
        system=system,
        rubric=portfolio.rubric_for(system.current),
        history=scored,
        age_days=max(0, (as_of - system.current.date).days),  # a day of slack: never negative
        as_of=as_of,
    )


def status_as_of(portfolio: Portfolio, system: System, as_of: dt.date) -> SystemStatus | None:
    """The system as it stood on ``as_of``: only its snapshots of that day or before
    (``None`` when it had none yet)."""
    then = system.until(as_of)
    return None if then is None else system_status(portfolio, then, as_of)


def portfolio_status(portfolio: Portfolio, as_of: dt.date) -> tuple[SystemStatus, ...]:
    """Every system's status, the lowest overall level first, then by name."""
    return order_statuses(system_status(portfolio, s, as_of) for s in portfolio.systems)


def order_statuses(statuses: Iterable[SystemStatus]) -> tuple[SystemStatus, ...]:
    """The lowest overall level first, then by name (stable: ties keep their order)."""
    return tuple(sorted(statuses, key=lambda st: (st.score.overall.level, st.system.name.lower())))


class Standing(Protocol):
    """What a roll-up reads of one system: a ``SystemStatus``, or a notebook's
    ``analysis.PortfolioRow``."""

    @property
    def system(self) -> System: ...
    @property
    def score(self) -> SnapshotScore: ...
    @property
    def stale(self) -> bool: ...
    @property
    def to_target(self) -> int | None: ...
    @property
    def overdue(self) -> bool: ...
    @property
    def expired_evidence(self) -> int: ...


@dataclass(frozen=True)
class Group:
    """Systems sharing an owner or a tag, and how they stand (one row of a roll-up)."""

    key: str
    statuses: tuple[Standing, ...]

    @property
    def systems(self) -> int:
        return len(self.statuses)

    @property
    def levels(self) -> dict[int, int]:
        """How many systems are at each overall (computed) level, lowest first."""
        counts: dict[int, int] = {}
        for st in self.statuses:
            counts[st.score.overall.level] = counts.get(st.score.overall.level, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def below_target(self) -> int:
        return sum(1 for st in self.statuses if st.to_target)

    @property
    def overdue(self) -> int:
        return sum(st.overdue for st in self.statuses)

    @property
    def stale(self) -> int:
        return sum(st.stale for st in self.statuses)

    @property
    def expired_evidence(self) -> int:
        """Answers with expired evidence, summed over the group's systems."""
        return sum(st.expired_evidence for st in self.statuses)


def roll_up(statuses: Sequence[Standing], by: Literal["owner", "tag"]) -> tuple[Group, ...]:
    """The portfolio grouped ``by`` ``"owner"`` (one group each) or ``"tag"`` (a system
    is in every group of its tags), groups sorted by key."""
    groups: dict[str, list[Standing]] = {}
    for st in statuses:
        keys = (st.system.owner,) if by == "owner" else st.system.tags
        for key in keys:
            groups.setdefault(key, []).append(st)
    return tuple(Group(key, tuple(groups[key])) for key in sorted(groups, key=str.lower))
