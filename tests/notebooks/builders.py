"""Small synthetic portfolios for the analysis tests: levels chosen by hand, dates too."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from maturity.core.model import Answer, Portfolio, Rubric, Snapshot, System
from tests.core.helpers import rubric as make_rubric

# Two dimensions, one item per level 1–3: a dimension's level is how many levels in a
# row have their item done, and the pooled overall level is the lowest of the two.
RUBRIC: Rubric = make_rubric({"a": {1: 1, 2: 1, 3: 1}, "b": {1: 1, 2: 1, 3: 1}})


def snap(system: str, day: str, a: int, b: int, rubric: Rubric = RUBRIC) -> Snapshot:
    """A snapshot where dimension a is at level ``a`` and b at level ``b`` (all assessed)."""
    answers = {}
    for dim, level in (("a", a), ("b", b)):
        for lv in (1, 2, 3):
            item = f"{dim}.l{lv}-1"
            answers[item] = Answer(item, "done" if lv <= level else "todo")
    return Snapshot(system, dt.date.fromisoformat(day), rubric.ref, ("tester",),
                    answers=MappingProxyType(answers))


def system(system_id: str, *snapshots: Snapshot, target: int | None = None) -> System:
    return System(system_id, system_id.title(), "owner", "", tuple(snapshots), target_level=target)


def portfolio(*systems: System, rubrics: tuple[Rubric, ...] = (RUBRIC,)) -> Portfolio:
    return Portfolio("synthetic", MappingProxyType({r.ref: r for r in rubrics}), tuple(systems))
