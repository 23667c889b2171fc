"""Portfolio views: every system's current score, its trend, its history, staleness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from maturity.core.model import Portfolio, Rubric, System
from maturity.core.scoring import SnapshotScore, score_snapshot

STALE_AFTER_DAYS = 92  # "reassess quarterly": older than a quarter is stale


@dataclass(frozen=True)
class SystemStatus:
    system: System
    rubric: Rubric
    history: tuple[SnapshotScore, ...]  # oldest first, one per snapshot
    age_days: int

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

    @property
    def to_target(self) -> int | None:
        """Levels still to climb to the target (0 when met), ``None`` without a target."""
        if self.target is None:
            return None
        return max(0, self.target - self.score.overall.level)


def history(portfolio: Portfolio, system: System) -> tuple[SnapshotScore, ...]:
    """Every snapshot of the system scored against its own rubric version."""
    return tuple(score_snapshot(portfolio.rubric_for(s), s) for s in system.snapshots)


def system_status(portfolio: Portfolio, system: System, as_of: dt.date | None = None) -> SystemStatus:
    as_of = as_of or dt.date.today()
    scored = history(portfolio, system)
    return SystemStatus(
        system=system,
        rubric=portfolio.rubric_for(system.current),
        history=scored,
        age_days=(as_of - system.current.date).days,
    )


def portfolio_status(portfolio: Portfolio, as_of: dt.date | None = None) -> tuple[SystemStatus, ...]:
    """Every system's status, the lowest overall level first, then by name."""
    statuses = [system_status(portfolio, s, as_of) for s in portfolio.systems]
    return tuple(sorted(statuses, key=lambda st: (st.score.overall.level, st.system.name.lower())))
