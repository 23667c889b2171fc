"""The suggested plan: the fewest items that, once done, reach the next overall level.

Exact, under the rubric's own rule (the levels method): with ``cumulative`` every unmet
level up to the target must reach ``credit ≥ threshold × applicable``; without it,
the highest level met counts, so the plan meets the cheapest one level at or above
the target. The overall score pools
every dimension's items level by level (``overall: lowest`` asks each dimension
instead: each must reach the target, and a dimension whose scope starts above it must
meet its first level in scope), and an item sits at exactly one level of one pool, so
the levels are independent: the fewest items overall is the fewest per level, summed.

For one level with a credit deficit ``d``, an open item (partial, todo, unassessed,
or an answer whose evidence expired) gains ``weight × (top credit − its credit)``
when done. The fewest items reaching ``d`` are ``k``, the smallest count whose
``k`` largest gains reach it. Among the sets of ``k`` items that reach it, the plan
takes the one with the most partial items (finish what was started): for each
count ``p`` of partial items, the best such set is the ``p`` largest partial gains
plus the ``k − p`` largest others, so trying ``p`` from high to low finds it.
Ties go to todo before unassessed (an unassessed item may already be done: assess
it first), then rubric order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from maturity.core.model import UNASSESSED, Item, Rubric, Snapshot
from maturity.core.scoring import answer_credit, score_snapshot, tally


@dataclass(frozen=True)
class Suggestion:
    """One item of the suggested plan, with what doing it is worth."""

    item: str
    dimension: str
    level: int
    status: str  # what it counts as now: partial, todo or unassessed
    gain: Fraction


@dataclass(frozen=True)
class SuggestedPlan:
    """The items to do, in order (lowest level first), to reach ``target``."""

    level: int
    target: int
    items: tuple[Suggestion, ...]
    reachable: bool  # False: even every open item done does not reach the target
    method: str = "levels"

    @property
    def partial(self) -> int:
        return sum(s.status == "partial" for s in self.items)


def _pools(rubric: Rubric) -> list[tuple[Item, ...]]:
    if rubric.scoring.overall_rule == "lowest":
        return [d.items for d in rubric.dimensions]
    return [rubric.items]


def _open(rubric: Rubric, snapshot: Snapshot, item: Item) -> Suggestion | None:
    kind = snapshot.status(item.id)
    if kind in ("na", "done"):
        return None
    top = rubric.scoring.top_credit
    now = Fraction(0) if kind == UNASSESSED else answer_credit(rubric, snapshot, item.id)
    gain = item.weight * (top - now)
    if gain <= 0:
        return None
    return Suggestion(item.id, item.dimension, item.level, kind, gain)


def fewest(candidates: list[Suggestion], deficit: Fraction) -> list[Suggestion] | None:
    """The fewest candidates whose gains reach ``deficit``, the most partial ones among
    those; None when all of them together fall short."""
    if deficit <= 0:
        return []
    order = {id(s): n for n, s in enumerate(candidates)}

    def rank(s: Suggestion) -> tuple[Fraction, int, int]:
        return (-s.gain, s.status == UNASSESSED, order[id(s)])

    by_gain = sorted(candidates, key=rank)
    total, count = Fraction(0), 0
    for suggestion in by_gain:
        total += suggestion.gain
        count += 1
        if total >= deficit:
            break
    else:
        return None
    partial = [s for s in by_gain if s.status == "partial"]
    other = [s for s in by_gain if s.status != "partial"]
    for p in range(min(count, len(partial)), -1, -1):
        if count - p > len(other):
            continue
        chosen = partial[:p] + other[: count - p]
        if sum((s.gain for s in chosen), Fraction(0)) >= deficit:
            return sorted(chosen, key=lambda s: order[id(s)])
    return None  # unreachable: p = the greedy set's own partial count always works


def suggest_plan(
    rubric: Rubric, snapshot: Snapshot, as_of: dt.date | None = None, target: int | None = None
) -> SuggestedPlan | None:
    """The suggested plan to ``target`` (default: the next overall level), or None for
    rubrics scored by points or grid (their levels are not item counts)."""
    if rubric.method != "levels":
        return None
    score = score_snapshot(rubric, snapshot, as_of)
    aged = score.snapshot
    level = score.overall.level
    scored = [lv for lv in rubric.scored_levels if any(i.level == lv for i in rubric.items)]
    if target is None:
        target = next((lv for lv in scored if lv > level), level)
    if target <= level:
        return SuggestedPlan(level, target, (), True)
    chosen: list[Suggestion] = []
    reachable = True
    for pool in _pools(rubric):
        pool_levels = [lv for lv in scored if any(i.level == lv for i in pool)]
        above = [lv for lv in pool_levels if lv >= target]
        if not above:  # its scope ends below the target: it stays below (overall: lowest)
            reachable = False
            continue
        if rubric.scoring.cumulative:  # every level in scope up to the first one at the target or above
            picked, ok = _meet(rubric, aged, pool, [lv for lv in pool_levels if lv <= above[0]])
        else:  # the highest level met counts: the cheapest one at or above the target
            options = [_meet(rubric, aged, pool, [lv]) for lv in pool_levels if lv >= target]
            reaching = [o for o in options if o[1]] or options[:1]
            picked, ok = min(reaching, key=lambda o: (len(o[0]), -sum(s.status == "partial" for s in o[0])),
                             default=([], True))
        reachable = reachable and ok
        chosen += picked
    return SuggestedPlan(level, target, tuple(chosen), reachable)


def _meet(
    rubric: Rubric, snapshot: Snapshot, pool: tuple[Item, ...], levels: list[int]
) -> tuple[list[Suggestion], bool]:
    """The fewest items meeting every one of ``levels`` in ``pool``, and whether they do."""
    chosen: list[Suggestion] = []
    reachable = True
    for lv in levels:
        items = [i for i in pool if i.level == lv]
        counted = tally(rubric, snapshot, lv, items)
        if counted.met:
            continue
        candidates = [s for s in (_open(rubric, snapshot, i) for i in items) if s is not None]
        picked = fewest(candidates, counted.required - counted.credit)
        if picked is None:
            reachable = False
            picked = candidates
        chosen += picked
    return chosen, reachable
