"""What changed between two snapshots of a system, or between two portfolios.

Levels come from ``maturity.core.scoring.score_snapshot`` on each side; this module only
compares them. A portfolio diff compares each system's newest snapshot on one side
with its newest snapshot on the other (a new dated snapshot and an edited one look
the same: the current state moved).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from maturity.core.calendar import parse_date
from maturity.core.model import Portfolio, Rubric, Snapshot, System
from maturity.core.scoring import OVERALL, Score, SnapshotScore, score_snapshot
from maturity.errors import NotFound, UsageError

Range = tuple[int, int]  # (level, upper)


@dataclass(frozen=True)
class LevelChange:
    """One dimension's (or the overall) level range before and after.

    ``before`` is ``None`` when the dimension is new (a new system, or a rubric that
    gained it); ``after`` is ``None`` when it is gone.
    """

    dimension: str  # a dimension id, or "overall"
    name: str
    before: Range | None
    after: Range | None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def direction(self) -> int:
        """+1 when the level rose, -1 when it fell, 0 otherwise (the upper may still move)."""
        if self.before is None or self.after is None or self.before[0] == self.after[0]:
            return 0
        return 1 if self.after[0] > self.before[0] else -1


@dataclass(frozen=True)
class ItemChange:
    """One item whose answer changed: its status, evidence or note."""

    item: str
    dimension: str
    text: str
    before: str  # a status, or "unassessed"
    after: str
    evidence_added: tuple[str, ...] = ()
    evidence_removed: tuple[str, ...] = ()
    note_before: str | None = None
    note_after: str | None = None
    checked_before: dt.date | None = None  # when the evidence was last confirmed
    checked_after: dt.date | None = None
    until_before: dt.date | None = None  # how long an na holds
    until_after: dt.date | None = None

    @property
    def status_changed(self) -> bool:
        return self.before != self.after

    @property
    def note_changed(self) -> bool:
        return self.note_before != self.note_after

    @property
    def checked_changed(self) -> bool:
        return self.checked_before != self.checked_after

    @property
    def until_changed(self) -> bool:
        return self.until_before != self.until_after


@dataclass(frozen=True)
class SnapshotDiff:
    """One system's change: levels (every dimension, then overall) and changed items.

    ``before`` is ``None`` for a system that is new, ``after`` for one that is gone;
    such a system has its levels but no item changes (its answers are all new, or gone).
    """

    system: str
    name: str
    before: SnapshotScore | None
    after: SnapshotScore | None
    levels: tuple[LevelChange, ...]
    items: tuple[ItemChange, ...]
    snapshots_added: tuple[dt.date, ...] = ()
    snapshots_removed: tuple[dt.date, ...] = ()

    @property
    def overall(self) -> LevelChange:
        return next(lc for lc in self.levels if lc.dimension == OVERALL)

    @property
    def dimensions(self) -> tuple[LevelChange, ...]:
        return tuple(lc for lc in self.levels if lc.dimension != OVERALL)

    @property
    def level_changes(self) -> tuple[LevelChange, ...]:
        """Only the levels that moved (a range that narrowed or widened counts)."""
        return tuple(lc for lc in self.levels if lc.changed)

    @property
    def rubric_changed(self) -> bool:
        if self.before is None or self.after is None:
            return False
        return self.before.rubric.ref != self.after.rubric.ref

    @property
    def changed(self) -> bool:
        return bool(
            self.before is None
            or self.after is None
            or self.level_changes
            or self.items
            or self.snapshots_added
            or self.snapshots_removed
            or self.rubric_changed
        )


@dataclass(frozen=True)
class PortfolioDiff:
    """Every system's change between two portfolios (two git revisions, say)."""

    base: str  # a label: the revision, or "working tree"
    head: str
    added: tuple[SnapshotDiff, ...]
    removed: tuple[SnapshotDiff, ...]
    changed: tuple[SnapshotDiff, ...]
    unchanged: tuple[str, ...]  # system ids

    @property
    def systems(self) -> tuple[SnapshotDiff, ...]:
        """Every system that changed, was added or was removed, by id."""
        return tuple(sorted((*self.added, *self.removed, *self.changed), key=lambda d: d.system))

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _range(score: Score | None) -> Range | None:
    return None if score is None else (score.level, score.upper)


def _dimension_names(*rubrics: Rubric | None) -> dict[str, str]:
    """Dimension ids to names, the newer rubric's first, in the newer rubric's order."""
    names: dict[str, str] = {}
    for rubric in reversed([r for r in rubrics if r is not None]):
        for dim in rubric.dimensions:
            names.setdefault(dim.id, dim.name)
    return names


def _levels(before: SnapshotScore | None, after: SnapshotScore | None) -> tuple[LevelChange, ...]:
    names = _dimension_names(
        None if before is None else before.rubric, None if after is None else after.rubric
    )
    changes = [
        LevelChange(
            dim_id,
            name,
            _range(None if before is None else before.dimensions.get(dim_id)),
            _range(None if after is None else after.dimensions.get(dim_id)),
        )
        for dim_id, name in names.items()
    ]
    changes.append(
        LevelChange(
            OVERALL,
            "Overall",
            _range(None if before is None else before.overall),
            _range(None if after is None else after.overall),
        )
    )
    return tuple(changes)


def _items(before: SnapshotScore | None, after: SnapshotScore | None) -> tuple[ItemChange, ...]:
    rubrics = [s.rubric for s in (after, before) if s is not None]
    seen: dict[str, tuple[str, str]] = {}  # item id -> (dimension, text), newer rubric first
    for rubric in rubrics:
        for item in rubric.items:
            seen.setdefault(item.id, (item.dimension, item.text))
    changes = []
    for item_id, (dimension, text) in seen.items():
        old = None if before is None else before.snapshot.answers.get(item_id)
        new = None if after is None else after.snapshot.answers.get(item_id)
        old_status = "unassessed" if old is None else old.status
        new_status = "unassessed" if new is None else new.status
        old_evidence = () if old is None else old.evidence
        new_evidence = () if new is None else new.evidence
        change = ItemChange(
            item=item_id,
            dimension=dimension,
            text=text,
            before=old_status,
            after=new_status,
            evidence_added=tuple(e for e in new_evidence if e not in old_evidence),
            evidence_removed=tuple(e for e in old_evidence if e not in new_evidence),
            note_before=None if old is None else old.note,
            note_after=None if new is None else new.note,
            checked_before=None if old is None else old.checked,
            checked_after=None if new is None else new.checked,
            until_before=None if old is None else old.until,
            until_after=None if new is None else new.until,
        )
        if (
            change.status_changed
            or change.note_changed
            or change.evidence_added
            or change.evidence_removed
            or change.checked_changed
            or change.until_changed
        ):
            changes.append(change)
    return tuple(changes)


def compare_scores(
    system: str,
    name: str,
    before: SnapshotScore | None,
    after: SnapshotScore | None,
    snapshots_added: tuple[dt.date, ...] = (),
    snapshots_removed: tuple[dt.date, ...] = (),
) -> SnapshotDiff:
    """Compare two scored snapshots (either may be missing: a system added or removed)."""
    return SnapshotDiff(
        system=system,
        name=name,
        before=before,
        after=after,
        levels=_levels(before, after),
        items=_items(before, after) if before is not None and after is not None else (),
        snapshots_added=snapshots_added,
        snapshots_removed=snapshots_removed,
    )


def diff_snapshots(
    portfolio: Portfolio,
    system: System,
    before: Snapshot,
    after: Snapshot,
    as_of: dt.date | None = None,
) -> SnapshotDiff:
    """Compare two snapshots of one system, each scored against its own rubric version:
    each as of its own date (what it said then), or both as of ``as_of`` when given."""
    return compare_scores(
        system.id,
        system.name,
        score_snapshot(portfolio.rubric_for(before), before, as_of),
        score_snapshot(portfolio.rubric_for(after), after, as_of),
    )


def pick_pair(system: System, dates: tuple[str, ...] = ()) -> tuple[Snapshot, Snapshot]:
    """The two snapshots to compare: the newest and the one before it; with one date,
    that snapshot and the newest; with two dates, those two (older first as given)."""
    if len(dates) > 2:
        raise UsageError(f"give at most two dates, got {len(dates)}: {' '.join(dates)}")
    if len(dates) == 2:
        return system.snapshot_at(parse_date(dates[0])), system.snapshot_at(parse_date(dates[1]))
    if len(dates) == 1:
        return system.snapshot_at(parse_date(dates[0])), system.current
    if system.previous is None:
        raise NotFound(
            f"{system.id} has one snapshot ({system.current.date}): nothing to compare it with "
            f"(maturity reassess {system.id} starts the next one; --base REV compares git revisions)"
        )
    return system.previous, system.current


def _newest(portfolio: Portfolio, system: System, as_of: dt.date | None) -> SnapshotScore:
    return score_snapshot(portfolio.rubric_for(system.current), system.current, as_of)


def diff_portfolios(
    before: Portfolio,
    after: Portfolio,
    base: str = "base",
    head: str = "head",
    as_of: dt.date | None = None,
) -> PortfolioDiff:
    """Compare every system's newest snapshot in ``before`` with the one in ``after``,
    both scored as of ``as_of`` (default: each snapshot's own date), so that what moves
    is what the change did, not the passage of time."""
    old = {s.id: s for s in before.systems}
    new = {s.id: s for s in after.systems}
    added: list[SnapshotDiff] = []
    removed: list[SnapshotDiff] = []
    changed: list[SnapshotDiff] = []
    unchanged: list[str] = []
    for system_id in sorted(old.keys() | new.keys()):
        was, now = old.get(system_id), new.get(system_id)
        if was is None and now is not None:
            added.append(
                compare_scores(
                    now.id, now.name, None, _newest(after, now, as_of),
                    snapshots_added=tuple(s.date for s in now.snapshots),
                )
            )
        elif now is None and was is not None:
            removed.append(
                compare_scores(
                    was.id, was.name, _newest(before, was, as_of), None,
                    snapshots_removed=tuple(s.date for s in was.snapshots),
                )
            )
        elif was is not None and now is not None:
            old_dates = {s.date for s in was.snapshots}
            new_dates = {s.date for s in now.snapshots}
            diff = compare_scores(
                now.id,
                now.name,
                _newest(before, was, as_of),
                _newest(after, now, as_of),
                snapshots_added=tuple(sorted(new_dates - old_dates)),
                snapshots_removed=tuple(sorted(old_dates - new_dates)),
            )
            if diff.changed:
                changed.append(diff)
            else:
                unchanged.append(system_id)
    return PortfolioDiff(
        base=base,
        head=head,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
    )


def only_system(diff: PortfolioDiff, system_id: str) -> PortfolioDiff:
    """The same diff restricted to one system."""

    def keep(diffs: tuple[SnapshotDiff, ...]) -> tuple[SnapshotDiff, ...]:
        return tuple(d for d in diffs if d.system == system_id)

    return PortfolioDiff(
        base=diff.base,
        head=diff.head,
        added=keep(diff.added),
        removed=keep(diff.removed),
        changed=keep(diff.changed),
        unchanged=tuple(u for u in diff.unchanged if u == system_id),
    )
