"""What changed between two scored snapshots of one system: levels and item statuses."""

from __future__ import annotations

from dataclasses import dataclass

from ..scoring import SnapshotScore


@dataclass(frozen=True)
class LevelChange:
    dimension: str  # a dimension id, or "overall"
    name: str
    before: tuple[int, int] | None  # (level, upper); None: not in the older rubric
    after: tuple[int, int]


@dataclass(frozen=True)
class ItemChange:
    item: str
    text: str
    before: str
    after: str


@dataclass(frozen=True)
class Changes:
    before: SnapshotScore
    after: SnapshotScore
    levels: tuple[LevelChange, ...]  # every dimension, changed or not
    items: tuple[ItemChange, ...]  # only the items whose status changed

    @property
    def rubric_changed(self) -> bool:
        return self.before.rubric.ref != self.after.rubric.ref


def compare(before: SnapshotScore, after: SnapshotScore) -> Changes:
    rubric = after.rubric
    levels = [
        LevelChange(
            "overall", "Overall",
            (before.overall.level, before.overall.upper),
            (after.overall.level, after.overall.upper),
        )
    ]
    for dim in rubric.dimensions:
        old = before.dimensions.get(dim.id)
        now = after.dimensions[dim.id]
        levels.append(
            LevelChange(
                dim.id, dim.name,
                None if old is None else (old.level, old.upper),
                (now.level, now.upper),
            )
        )
    items = tuple(
        ItemChange(i.id, i.text, before.snapshot.status(i.id), after.snapshot.status(i.id))
        for i in rubric.items
        if before.snapshot.status(i.id) != after.snapshot.status(i.id)
    )
    return Changes(before, after, tuple(levels), items)
