"""Gaps to a target level: the items not done, and the fewest that must still be done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from maturity.core.model import UNASSESSED, Item, Rubric, Snapshot, System
from maturity.core.scoring import Score, SnapshotScore, Tally, answer_credit, score_snapshot
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


def needed_to_meet(
    tally: Tally, statuses: list[str], partial_credit: Fraction, gains: list[Fraction] | None = None
) -> int:
    """The fewest open items that, once done, lift the credit to the threshold.

    Items worth most (todo or unassessed: a whole point) are counted first, then the
    partial ones (``1 - partial_credit`` each). ``gains`` (a weighted rubric, or one with
    a scale) gives what each open item adds once fully done instead.
    """
    deficit = tally.required - tally.credit
    if deficit <= 0:
        return 0
    if gains is None:
        gains = [Fraction(1) if s in ("todo", UNASSESSED) else 1 - partial_credit for s in statuses]
    gains = sorted(gains, reverse=True)
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
    gaps_of = {"points": _points_gaps, "grid": _grid_gaps}.get(rubric.method, _level_gaps)
    for dim in rubric.dimensions:
        dim_score = score.dimensions[dim.id]
        dims.append(
            DimensionGap(
                dim.id, dim.name, dim_score.level, dim_score.upper, dim_score.unassessed,
                gaps_of(rubric, snapshot, dim_score, dim.items, target),
                goal=max((lv for lv in dim_score.scope if lv <= target), default=rubric.min_level),
            )
        )
    overall = _level_gaps(rubric, snapshot, score.overall, rubric.items, target) \
        if rubric.method == "levels" else ()
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
        gains = None if rubric.plain else [gain(rubric, snapshot, o.item) for o in open_items]
        levels.append(
            LevelGap(
                level=t.level,
                tally=t,
                open=tuple(open_items),
                needed=needed_to_meet(t, [o.status for o in open_items], rubric.scoring.partial_credit,
                                      gains),
            )
        )
    return tuple(levels)


def gain(rubric: Rubric, snapshot: Snapshot, item: Item) -> Fraction:
    """What one open item adds once fully done: the best credit less what it has, × weight."""
    have = Fraction(0) if snapshot.status(item.id) == UNASSESSED else answer_credit(rubric, snapshot, item.id)
    return (rubric.scoring.top_credit - have) * item.weight


def _reaches(rubric: Rubric, score: Fraction, target: int) -> bool:
    """A band of level ``target`` or above holds for ``score``."""
    return any(b.level >= target and b.holds(score) for b in rubric.scoring.bands)


def _points_gaps(
    rubric: Rubric, snapshot: Snapshot, score: Score, items: tuple[Item, ...], target: int
) -> tuple[LevelGap, ...]:
    """The points method: the open items of a set (not at the best answer), most valuable
    first, and the fewest of them that lift its score into a band of the target level."""
    open_items = sorted(
        (OpenItem(i, snapshot.status(i.id), _note(snapshot, i.id)) for i in items
         if snapshot.status(i.id) in OPEN and gain(rubric, snapshot, i) > 0),
        key=lambda o: -gain(rubric, snapshot, o.item),
    )
    low = score.low or Fraction(0)
    if _reaches(rubric, low, target) or target <= rubric.min_level:
        needed = 0
    else:
        needed, total = len(open_items), low
        for count, o in enumerate(open_items, start=1):
            total += gain(rubric, snapshot, o.item)
            if _reaches(rubric, total, target):
                needed = count
                break
    mark = next((t for t in score.tallies if t.level == target), None)
    if needed == 0 or mark is None:
        return ()
    return (LevelGap(level=target, tally=mark, open=tuple(open_items), needed=needed),)


def _grid_gaps(
    rubric: Rubric, snapshot: Snapshot, score: Score, items: tuple[Item, ...], target: int
) -> tuple[LevelGap, ...]:
    """The grid method: a column below the target has one gap, the target's cell (views
    show its description); no item is open in a grid."""
    mark = next((t for t in score.tallies if t.level == target), None)
    if mark is None or score.level >= target:
        return ()
    return (LevelGap(level=target, tally=mark, open=(), needed=0),)


def _note(snapshot: Snapshot, item_id: str) -> str | None:
    answer = snapshot.answers.get(item_id)
    return answer.note if answer else None
