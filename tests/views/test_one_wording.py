"""One wording: a credit of 7/3, a level range and a change direction read the same in the
terminal, the Markdown report, the pull-request comment, the site and a notebook."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from types import MappingProxyType

import pytest
from bs4 import BeautifulSoup

from maturity.core.diff import compare_scores
from maturity.core.model import Answer, Snapshot, System
from maturity.core.scoring import SnapshotScore, score_snapshot
from maturity.notebooks import display
from maturity.site.jinja import macro
from maturity.site.system_view import changes_html
from maturity.views.data import snapshot_score_dict
from maturity.views.diff import snapshot_markdown, system_text
from maturity.views.text import score_markdown, score_text
from tests.core.helpers import rubric as make_rubric

# Level 1 of dimension "a": 2 done + 1 partial at a third of a credit = 7/3 of 3 items,
# met at 0.7 (2.1 needed); its level 2 item unassessed: level 1, up to 2.
RUBRIC = make_rubric({"a": {1: 3, 2: 1}}, threshold="0.7", partial_credit="1/3")
CREDIT, RANGE, UP = "2.33", "1–2", "▲ up"


def _snapshot(day: str, statuses: dict[str, str]) -> Snapshot:
    answers = {i: Answer(i, s) for i, s in statuses.items()}  # type: ignore[arg-type]
    return Snapshot("s", dt.date.fromisoformat(day), RUBRIC.ref, ("tester",),
                    answers=MappingProxyType(answers))


BEFORE = _snapshot("2026-01-10", {"a.l1-1": "todo", "a.l1-2": "todo", "a.l1-3": "todo"})
AFTER = _snapshot("2026-04-10", {"a.l1-1": "done", "a.l1-2": "done", "a.l1-3": "partial"})
SYSTEM = System("s", "Scoring service", "team", "", (BEFORE, AFTER))


@pytest.fixture
def scores() -> tuple[SnapshotScore, SnapshotScore]:
    before, after = score_snapshot(RUBRIC, BEFORE), score_snapshot(RUBRIC, AFTER)
    tally = after.dimensions["a"].tally(1)
    assert (tally.credit, tally.met) == (Fraction(7, 3), True)  # the case this file is about
    assert (after.dimensions["a"].level, after.dimensions["a"].upper) == (1, 2)
    assert (before.dimensions["a"].level, before.dimensions["a"].upper) == (0, 0)
    return before, after


def test_terminal_and_markdown_reports(scores: tuple[SnapshotScore, SnapshotScore]) -> None:
    """``maturity score`` as text and as Markdown: 2.33/3 in the level-1 cell, range 1–2."""
    _, after = scores
    for report in (score_text(SYSTEM, after), score_markdown(SYSTEM, after)):
        assert f"{CREDIT}/3" in report
        assert RANGE in report
        assert "2.333" not in report


def test_json_keeps_the_number_as_a_number(scores: tuple[SnapshotScore, SnapshotScore]) -> None:
    """JSON says 2.33 too, as a number, not a string."""
    _, after = scores
    data = json.loads(json.dumps(snapshot_score_dict(SYSTEM, after)))
    level1 = data["dimensions"]["a"]["levels"][0]
    assert level1["credit"] == float(CREDIT)
    assert (data["overall"]["level"], data["overall"]["upper"]) == (1, 2)


def test_terminal_and_pull_request_comment_agree_on_the_change(
    scores: tuple[SnapshotScore, SnapshotScore],
) -> None:
    """``maturity diff`` as text and as the pull-request comment: ``0 → 1–2``, ``▲ up``."""
    diff = compare_scores("s", SYSTEM.name, *scores)
    text, comment = system_text(diff), snapshot_markdown(diff)
    for output in (text, comment):
        assert f"0 → {RANGE}" in output
        assert UP in output
    row = next(line for line in comment.splitlines() if line.startswith("| A |"))
    assert row == f"| A | 0 → {RANGE} | {UP} |"


def test_site_fragments(scores: tuple[SnapshotScore, SnapshotScore]) -> None:
    """The site's progress cell, level chip and changes table use the same words."""
    before, after = scores
    cell = BeautifulSoup(macro("tally", after.dimensions["a"].tally(1), RUBRIC.scoring.threshold),
                         "html.parser")
    assert cell.select_one(".mt-frac").get_text() == f"{CREDIT}/3"  # type: ignore[union-attr]
    assert BeautifulSoup(macro("chip", 1, 2), "html.parser").get_text() == RANGE
    changes = BeautifulSoup(changes_html(compare_scores("s", SYSTEM.name, before, after)),
                            "html.parser")
    row = changes.select_one('tr[data-dimension="a"]')
    assert row is not None
    assert [td.get_text() for td in row.find_all("td")] == ["0", RANGE, UP]


def test_notebook_helpers(scores: tuple[SnapshotScore, SnapshotScore]) -> None:
    """The notebooks' table cells and JSON records: the same 2.33, the same 1–2, ▲ up."""
    _, after = scores
    assert display.cell(after.dimensions["a"].tally(1).credit) == CREDIT
    assert display.span(1, 2) == RANGE
    assert display.plain(Fraction(7, 3)) == float(CREDIT)
    assert display.change((0, 0), (1, 2)) == UP
