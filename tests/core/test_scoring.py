"""The scoring rule of PRODUCT.md at its edges."""

from __future__ import annotations

from fractions import Fraction

import pytest

from maturity.core.scoring import score_snapshot

from .helpers import answer_level, rubric, snapshot


@pytest.mark.parametrize(
    ("threshold", "done", "total", "met"),
    [
        ("0.8", 4, 5, True),  # exactly 80 %: met
        ("0.8", 3, 5, False),
        ("0.7", 7, 10, True),  # 0.7 * 10 is 7.000000000000001 in floats: must still be met
        ("0.7", 6, 10, False),
        ("0.6", 3, 5, True),  # 0.6 * 5 is 3.0000000000000004 in floats
        ("0.9", 9, 10, True),
        ("1", 5, 5, True),
        ("1", 4, 5, False),
    ],
)
def test_level_is_met_exactly_at_the_threshold(threshold: str, done: int, total: int, met: bool) -> None:
    """credit >= threshold x applicable is compared exactly, with no floating-point surprise."""
    r = rubric({"a": {1: total}}, threshold=threshold)
    s = snapshot(answer_level("a", 1, ["done"] * done + ["todo"] * (total - done)))
    scored = score_snapshot(r, s)
    assert scored.dimensions["a"].tally(1).met is met
    assert scored.dimensions["a"].level == (1 if met else 0)


@pytest.mark.parametrize(
    ("partial_credit", "met", "credit"),
    [("0.5", True, Fraction(4)), ("0.4", False, Fraction(19, 5)), ("0", False, Fraction(3))],
)
def test_partial_answers_earn_partial_credit(partial_credit: str, met: bool, credit: Fraction) -> None:
    """3 done + 2 partial of 5: met at 0.5 credit per partial (4 >= 4), not at 0.4 (3.8 < 4)."""
    r = rubric({"a": {1: 5}}, partial_credit=partial_credit)
    s = snapshot(answer_level("a", 1, ["done", "done", "done", "partial", "partial"]))
    t = score_snapshot(r, s).dimensions["a"].tally(1)
    assert t.credit == credit
    assert t.met is met


def test_na_items_are_not_applicable() -> None:
    """na items leave the denominator: 3 done of 4 applicable (one na) is 75 %, not met; 4 of 4 is."""
    r = rubric({"a": {1: 5}})
    s = snapshot(answer_level("a", 1, ["done"] * 3 + ["todo", "na"]))
    t = score_snapshot(r, s).dimensions["a"].tally(1)
    assert (t.applicable, t.met) == (4, False)
    s = snapshot(answer_level("a", 1, ["done"] * 4 + ["na"]))
    t = score_snapshot(r, s).dimensions["a"].tally(1)
    assert (t.applicable, t.met) == (4, True)


def test_a_level_whose_items_are_all_na_is_met_and_shown_as_such() -> None:
    """All-na level 2 is met, so a cumulative score climbs through it to level 3."""
    r = rubric({"a": {1: 2, 2: 2, 3: 1}})
    answers = {**answer_level("a", 1, ["done", "done"]), **answer_level("a", 2, ["na", "na"])}
    answers |= answer_level("a", 3, ["done"])
    scored = score_snapshot(r, snapshot(answers))
    t2 = scored.dimensions["a"].tally(2)
    assert t2.all_na and t2.met and t2.ratio is None
    assert scored.dimensions["a"].level == 3


def test_level_zero_is_always_met() -> None:
    """Nothing done at all still gives level 0, never less."""
    r = rubric({"a": {1: 2, 2: 2}})
    scored = score_snapshot(r, snapshot(answer_level("a", 1, ["todo", "todo"])))
    assert (scored.dimensions["a"].level, scored.overall.level) == (0, 0)


def test_unassessed_items_make_a_range() -> None:
    """level counts unassessed items as not done, upper counts them as done."""
    r = rubric({"a": {1: 4, 2: 4}})
    answers = answer_level("a", 1, ["done", "done", "done", "done"])
    answers |= {"a.l2-1": "done", "a.l2-2": "done"}  # two of level 2 unassessed
    score = score_snapshot(r, snapshot(answers)).dimensions["a"]
    assert (score.level, score.upper) == (1, 2)
    assert score.unassessed == 2 and not score.complete
    t = score.tally(2)
    assert (t.met, t.met_upper, t.unassessed) == (False, True, 2)


def test_upper_is_capped_by_todo_items() -> None:
    """Unassessed items cannot lift a level whose todo items already make it fail."""
    r = rubric({"a": {1: 5}})
    answers = {"a.l1-1": "todo", "a.l1-2": "todo"}  # 3 unassessed: at most 3/5 = 60 %
    score = score_snapshot(r, snapshot(answers)).dimensions["a"]
    assert (score.level, score.upper) == (0, 0)


@pytest.mark.parametrize(("cumulative", "level"), [(True, 1), (False, 3)])
def test_cumulative_levels_need_every_lower_level(cumulative: bool, level: int) -> None:
    """Level 1 met, 2 not, 3 met: cumulative stops at 1, non-cumulative takes the highest met (3)."""
    r = rubric({"a": {1: 1, 2: 2, 3: 1}}, cumulative=cumulative)
    answers = {"a.l1-1": "done", "a.l2-1": "todo", "a.l2-2": "todo", "a.l3-1": "done"}
    score = score_snapshot(r, snapshot(answers)).dimensions["a"]
    assert score.level == level == score.upper


def test_overall_pools_every_dimension_level_by_level() -> None:
    """a: 1 of 2 at level 1 (not met), b: 4 of 4 (met); pooled 5 of 6 = 83 % is met overall."""
    r = rubric({"a": {1: 2}, "b": {1: 4}})
    answers = answer_level("a", 1, ["done", "todo"]) | answer_level("b", 1, ["done"] * 4)
    scored = score_snapshot(r, snapshot(answers))
    assert scored.dimensions["a"].level == 0
    assert scored.dimensions["b"].level == 1
    pooled = scored.overall.tally(1)
    assert (pooled.credit, pooled.applicable, pooled.met) == (5, 6, True)
    assert scored.overall.level == 1


def test_overall_is_not_the_minimum_of_dimensions_but_can_fail_where_each_passes_alone() -> None:
    """Pooling weighs items, not dimensions: 4/5 + 1/3 = 5/8 fails although one dimension passes."""
    r = rubric({"a": {1: 5}, "b": {1: 3}})
    answers = answer_level("a", 1, ["done"] * 4 + ["todo"]) | answer_level("b", 1, ["done", "todo", "todo"])
    scored = score_snapshot(r, snapshot(answers))
    assert scored.dimensions["a"].level == 1
    assert scored.overall.level == 0


# --- scope: a level at which a set has no items neither raises nor blocks its level ----


def test_a_dimension_with_items_only_at_the_top_level_is_at_the_baseline_until_they_are_met() -> None:
    """As azure-mlops' Feedback Loop: its items all sit at level 4, so it is at 0, then 4."""
    r = rubric({"a": {4: 2}, "b": {1: 1, 2: 1, 3: 1, 4: 1}}, levels=4)
    open_answers = {"a.l4-1": "done", "a.l4-2": "todo"}
    scored = score_snapshot(r, snapshot(open_answers))
    a = scored.dimensions["a"]
    assert (a.level, a.upper, a.scope, a.scope_complete) == (0, 0, (4,), False)
    scored = score_snapshot(r, snapshot({"a.l4-1": "done", "a.l4-2": "done"}))
    a = scored.dimensions["a"]
    assert (a.level, a.scope_complete) == (4, True)
    # unassessed items at level 4 make the range 0..4, not 3..4
    a = score_snapshot(r, snapshot({})).dimensions["a"]
    assert (a.level, a.upper) == (0, 4)


def test_a_dimension_with_items_only_at_level_1_stops_there_and_is_complete() -> None:
    """As azure-mlops' Build and Tests: met at level 1, it is at level 1 (not the rubric's top)."""
    r = rubric({"a": {1: 2}, "b": {1: 1, 2: 1, 3: 1}}, levels=3)
    a = score_snapshot(r, snapshot(answer_level("a", 1, ["done", "done"]))).dimensions["a"]
    assert (a.level, a.upper, a.scope, a.scope_complete) == (1, 1, (1,), True)
    a = score_snapshot(r, snapshot(answer_level("a", 1, ["done", "todo"]))).dimensions["a"]
    assert (a.level, a.scope_complete) == (0, False)


def test_a_gap_in_the_middle_of_the_scope_neither_raises_nor_blocks() -> None:
    """Items at levels 2 and 4, none at 1 and 3: level 2 when 2 is met, 4 when both are."""
    r = rubric({"a": {2: 1, 4: 1}}, levels=4)
    cases = {
        ("todo", "done"): 0,  # 4 is met but 2 blocks it (cumulative)
        ("done", "todo"): 2,  # 3 has no item: it does not lift 2 to 3
        ("done", "done"): 4,  # 3 has no item: it does not block 4
    }
    for (l2, l4), level in cases.items():
        a = score_snapshot(r, snapshot({"a.l2-1": l2, "a.l4-1": l4})).dimensions["a"]
        assert a.level == level, (l2, l4)
        assert a.scope == (2, 4)
        assert a.scope_complete is (level == 4)


def test_a_gap_without_cumulative_scoring_still_does_not_count() -> None:
    """Non-cumulative: the highest met level with items, never an empty one above it."""
    r = rubric({"a": {1: 1, 3: 1}}, levels=4, cumulative=False)
    a = score_snapshot(r, snapshot({"a.l1-1": "todo", "a.l3-1": "done"})).dimensions["a"]
    assert (a.level, a.scope_complete) == (3, False)


def test_a_level_whose_items_are_all_na_stays_in_scope_and_is_met() -> None:
    """na items are still items: the level is in the scope, met, and can be passed through."""
    r = rubric({"a": {1: 1, 2: 1}}, levels=2)
    a = score_snapshot(r, snapshot({"a.l1-1": "na", "a.l2-1": "done"})).dimensions["a"]
    assert (a.level, a.scope, a.scope_complete) == (2, (1, 2), True)


def test_the_overall_score_has_a_scope_too() -> None:
    """Pooled, a rubric level with no item anywhere is outside the overall scope."""
    r = rubric({"a": {1: 1}, "b": {3: 1}}, levels=4)
    overall = score_snapshot(r, snapshot({"a.l1-1": "done", "b.l3-1": "done"})).overall
    assert (overall.level, overall.scope, overall.scope_complete) == (3, (1, 3), True)


def test_declared_level_inside_the_range_is_no_finding() -> None:
    r = rubric({"a": {1: 2, 2: 2}})
    answers = answer_level("a", 1, ["done", "done"]) | {"a.l2-1": "done"}  # range 1..2
    for declared in (1, 2):
        assert score_snapshot(r, snapshot(answers, {"a": declared})).findings == ()


def test_declared_level_above_the_range_is_explained_by_the_items_not_done() -> None:
    r = rubric({"a": {1: 2, 2: 2}})
    answers = answer_level("a", 1, ["done", "done"]) | answer_level("a", 2, ["done", "todo"])
    (finding,) = score_snapshot(r, snapshot(answers, {"a": 2})).findings
    assert (finding.kind, finding.dimension, finding.declared, finding.level, finding.upper) == (
        "declared-level", "a", 2, 1, 1,
    )
    assert finding.items == ("a.l2-2",)


def test_declared_level_below_the_range_is_explained_by_the_done_items_above_it() -> None:
    r = rubric({"a": {1: 1, 2: 1}})
    answers = {"a.l1-1": "done", "a.l2-1": "done"}
    (finding,) = score_snapshot(r, snapshot(answers, {"a": 0})).findings
    assert (finding.level, finding.upper) == (2, 2)
    assert finding.items == ("a.l1-1", "a.l2-1")


def test_declared_overall_level_is_checked_against_the_pooled_score() -> None:
    r = rubric({"a": {1: 1}, "b": {1: 1}})
    (finding,) = score_snapshot(r, snapshot({"a.l1-1": "done", "b.l1-1": "todo"}, {"overall": 1})).findings
    assert finding.dimension == "overall" and finding.level == 0
