"""Gaps to a target level: the items not done, and the fewest that must still be done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from maturity.core.model import UNASSESSED, Item, Rubric, Snapshot, System
from maturity.core.scoring import Score, SnapshotScore, Tally, score_snapshot
from maturity.errors import UsageError

OPEN = ("todo", "partial", UNASSESSED)


@dataclass(frozen=True)
class OpenItem:
    item: Item
    status: str
    note: str | None


@dataclass(frozen=True)
class LevelGap:
    """One dimension at one level: what is open and how many more must be done."""

    level: int
    tally: Tally
    open: tuple[OpenItem, ...]
    needed: int

    @property
    def met(self) -> bool:
        return self.tally.met


@dataclass(frozen=True)
class DimensionGap:
    id: str
    name: str
    level: int
    upper: int
    unassessed: int
    levels: tuple[LevelGap, ...]
    goal: int = 0  # the target as far as the scope reaches: the highest level with items up to it

    @property
    def needed(self) -> int:
        return sum(g.needed for g in self.levels)

    @property
    def short(self) -> bool:
        """A level in the dimension's scope, up to the target, does not count yet.

        Levels outside the scope do not hold a dimension back: Build and Tests, whose
        items all sit at level 1, is at its target of 2 once level 1 is met.
        """
        return any(not g.met for g in self.levels)


@dataclass(frozen=True)
class Gaps:
    system: System
    snapshot: Snapshot
    score: SnapshotScore
    target: int
    dimensions: tuple[DimensionGap, ...]
    overall: tuple[LevelGap, ...]  # every dimension's items pooled, level by level

    @property
    def needed(self) -> int:
        """Items that must still be done, summed over the dimensions, to meet the target."""
        return sum(d.needed for d in self.dimensions)

    @property
    def blocking(self) -> tuple[DimensionGap, ...]:
        """Dimensions below the target (as far as each one's scope reaches)."""
        return tuple(d for d in self.dimensions if d.short)


def needed_to_meet(tally: Tally, statuses: list[str], partial_credit: Fraction) -> int:
    """The fewest open items that, once done, lift the credit to the threshold.

    Items worth most (todo or unassessed: a whole point) are counted first, then the
    partial ones (``1 - partial_credit`` each).
    """
    deficit = tally.required - tally.credit
    if deficit <= 0:
        return 0
    gains = sorted(
        (Fraction(1) if s in ("todo", UNASSESSED) else 1 - partial_credit for s in statuses),
        reverse=True,
    )
    total = Fraction(0)
    for count, gain in enumerate(gains, start=1):
        total += gain
        if total >= deficit:
            return count
    return len(gains)


def default_target(system: System, rubric: Rubric, level: int) -> int:
    """The system's own target, or else the next level above the current one."""
    if system.target_level is not None:
        return system.target_level
    return min(level + 1, rubric.max_level)


def compute_gaps(
    system: System,
    rubric: Rubric,
    target: int | None = None,
    snapshot: Snapshot | None = None,
    as_of: dt.date | None = None,
) -> Gaps:
    """The gaps of a snapshot (default: the newest) scored as of ``as_of`` (default: its
    date). Items count as they do then: an expired ``na`` is open as unassessed."""
    score = score_snapshot(rubric, snapshot or system.current, as_of)
    snapshot = score.snapshot
    if target is None:
        target = default_target(system, rubric, score.overall.level)
    if not rubric.min_level <= target <= rubric.max_level:
        raise UsageError(
            f"target level {target} is outside {rubric.ref}'s levels "
            f"{rubric.min_level}–{rubric.max_level}"
        )
    dims = []
    for dim in rubric.dimensions:
        dim_score = score.dimensions[dim.id]
        dims.append(
            DimensionGap(
                dim.id, dim.name, dim_score.level, dim_score.upper, dim_score.unassessed,
                _level_gaps(rubric, snapshot, dim_score, dim.items, target),
                goal=max((lv for lv in dim_score.scope if lv <= target), default=rubric.min_level),
            )
        )
    overall = _level_gaps(rubric, snapshot, score.overall, rubric.items, target)
    return Gaps(system, snapshot, score, target, tuple(dims), overall)


def _level_gaps(
    rubric: Rubric, snapshot: Snapshot, score: Score, items: tuple[Item, ...], target: int
) -> tuple[LevelGap, ...]:
    """Levels up to the target that are not met or still have open items."""
    levels = []
    for t in score.tallies:
        if t.level > target:
            break
        open_items = [
            OpenItem(i, snapshot.status(i.id), _note(snapshot, i.id))
            for i in items
            if i.level == t.level and snapshot.status(i.id) in OPEN
        ]
        if not open_items and t.met:
            continue
        levels.append(
            LevelGap(
                level=t.level,
                tally=t,
                open=tuple(open_items),
                needed=needed_to_meet(t, [o.status for o in open_items], rubric.scoring.partial_credit),
            )
        )
    return tuple(levels)


def _note(snapshot: Snapshot, item_id: str) -> str | None:
    answer = snapshot.answers.get(item_id)
    return answer.note if answer else None
