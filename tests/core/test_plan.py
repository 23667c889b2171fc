"""The suggested plan against brute force: the fewest items, the most partial ones."""

from __future__ import annotations

import dataclasses
import itertools
import random
from fractions import Fraction
from types import MappingProxyType

import pytest

from maturity.core.model import Answer, Rubric, Snapshot
from maturity.core.plan import suggest_plan
from maturity.core.scoring import score_snapshot

from .helpers import rubric, snapshot

STATUSES = ["done", "partial", "todo", "na", None, None]


def _done(snap: Snapshot, items: tuple[str, ...]) -> Snapshot:
    answers = dict(snap.answers)
    for item in items:
        answers[item] = Answer(item, "done")
    return dataclasses.replace(snap, answers=MappingProxyType(answers))


def _brute(r: Rubric, snap: Snapshot, target: int) -> tuple[int, int] | None:
    """(fewest items, most partial among them) that reach ``target``, by trying every set."""
    open_items = [i.id for i in r.items if snap.status(i.id) not in ("done", "na")]
    for size in range(len(open_items) + 1):
        best = None
        for chosen in itertools.combinations(open_items, size):
            if score_snapshot(r, _done(snap, chosen)).overall.level >= target:
                partial = sum(snap.status(i) == "partial" for i in chosen)
                best = partial if best is None else max(best, partial)
        if best is not None:
            return size, best
    return None


def _case(seed: int) -> tuple[Rubric, Snapshot]:
    rng = random.Random(seed)
    dims = {d: {lv: rng.randint(0, 3) for lv in (1, 2, 3)} for d in ("a", "b")}
    dims["a"][1] = max(dims["a"][1], 1)
    r = rubric(dims, levels=3, threshold=rng.choice(["0.8", "0.5", "0.75", "1"]),
               cumulative=rng.random() < 0.7, partial_credit=rng.choice(["0.5", "0.25"]))
    answers = {}
    for item in r.items:
        status = rng.choice(STATUSES)
        if status is not None:
            answers[item.id] = status
    return r, snapshot(answers)


@pytest.mark.parametrize("seed", range(150))
def test_the_suggestion_is_the_fewest_and_most_partial_set(seed: int) -> None:
    r, snap = _case(seed)
    plan = suggest_plan(r, snap)
    assert plan is not None
    current = score_snapshot(r, snap).overall.level
    assert plan.level == current
    if plan.target == current:  # nothing above in scope
        assert plan.items == ()
        return
    brute = _brute(r, snap, plan.target)
    if brute is None:
        assert not plan.reachable
        return
    assert plan.reachable
    reached = score_snapshot(r, _done(snap, tuple(s.item for s in plan.items))).overall.level
    assert reached >= plan.target
    assert (len(plan.items), plan.partial) == brute


def test_partial_items_come_first_when_as_few_do() -> None:
    # 5 items at level 1, threshold 0.8 × 5 = 4 credit: 2 done + 2 partial = 3, deficit 1.
    # Finishing two partials (0.5 + 0.5) or doing one todo (1): one todo is fewer.
    r = rubric({"a": {1: 5}}, levels=1)
    snap = snapshot({"a.l1-1": "done", "a.l1-2": "done", "a.l1-3": "partial", "a.l1-4": "partial",
                     "a.l1-5": "todo"})
    plan = suggest_plan(r, snap)
    assert plan is not None and [s.item for s in plan.items] == ["a.l1-5"]
    # With a deficit a partial can close, the partial is chosen over the todo.
    snap = snapshot({"a.l1-1": "done", "a.l1-2": "done", "a.l1-3": "done", "a.l1-4": "partial",
                     "a.l1-5": "todo"})
    plan = suggest_plan(r, snap)
    assert plan is not None and [s.item for s in plan.items] == ["a.l1-4"]
    assert plan.items[0].gain == Fraction(1, 2)


def test_a_target_already_met_needs_nothing() -> None:
    r = rubric({"a": {1: 2}}, levels=1)
    plan = suggest_plan(r, snapshot({"a.l1-1": "done", "a.l1-2": "done"}))
    assert plan is not None and plan.items == () and plan.target == 1 and plan.level == 1


@pytest.mark.parametrize("seed", range(60))
def test_the_suggestion_under_the_lowest_dimension_rule(seed: int) -> None:
    r, snap = _case(seed + 1000)
    r = dataclasses.replace(r, scoring=dataclasses.replace(r.scoring, overall="lowest"))
    plan = suggest_plan(r, snap)
    assert plan is not None
    if plan.target == plan.level:
        return
    brute = _brute(r, snap, plan.target)
    if brute is None:
        assert not plan.reachable
        return
    assert plan.reachable
    assert (len(plan.items), plan.partial) == brute
