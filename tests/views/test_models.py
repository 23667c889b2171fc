"""The view models: a score table and a diff's level changes, worded once."""

from __future__ import annotations

from fractions import Fraction

from maturity.core.diff import compare_scores
from maturity.core.scoring import score_snapshot
from maturity.views.models import change_rows, score_table, tally_cell
from tests.core.helpers import answer_level, rubric, snapshot

RUBRIC = rubric({"a": {1: 3, 2: 1}, "b": {1: 2}}, threshold="0.7", partial_credit="1/3")


def test_tally_cell_words_credit_state_and_bar() -> None:
    """2 done + 1 partial (a third): 7/3 of 3, met at 0.7; the bar is 7/9 full."""
    scored = score_snapshot(RUBRIC, snapshot(answer_level("a", 1, ["done", "done", "partial"])))
    cell = tally_cell(scored.dimensions["a"].tally(1))
    assert (cell.credit, cell.required, cell.fraction) == ("2.33", "2.1", "2.33/3")
    assert (cell.state, cell.mark, cell.text) == ("met", "✓", "2.33/3 ✓")
    assert cell.credit_share == Fraction(7, 9)
    open_cell = tally_cell(scored.dimensions["b"].tally(1))
    assert (open_cell.fraction, open_cell.state, open_cell.text) == ("0/2 (+2?)", "open", "0/2 (+2?) ~")


def test_score_table_has_a_row_per_dimension_then_overall() -> None:
    scored = score_snapshot(RUBRIC, snapshot(answer_level("a", 1, ["done", "done", "partial"])))
    table = score_table(scored)
    assert [r.key for r in table.rows] == ["a", "b", "overall"]
    assert table.levels == (1, 2)
    a = table.rows[0]
    assert (a.span, a.words) == ("1–2", "level 1, up to 2")


def test_change_rows_keep_the_overall_last_or_first() -> None:
    before = score_snapshot(RUBRIC, snapshot(answer_level("a", 1, ["todo", "todo", "todo"])))
    after = score_snapshot(RUBRIC, snapshot(answer_level("a", 1, ["done", "done", "partial"])))
    diff = compare_scores("s", "S", before, after)
    rows = change_rows(diff)
    assert [r.key for r in rows] == ["a", "b", "overall"]
    assert change_rows(diff, overall_first=True)[0].key == "overall"
    a = rows[0]
    assert (a.before, a.after, a.change, a.direction.text) == ("0", "1–2", "0 → 1–2", "▲ up")
    assert [r.key for r in change_rows(diff, only_changed=True)] == ["a", "overall"]
