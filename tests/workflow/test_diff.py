"""The core diff: levels from the package's scoring, item changes, rendering."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from maturity.core.diff import diff_portfolios, diff_snapshots, pick_pair
from maturity.core.model import Rubric
from maturity.core.scoring import score_snapshot
from maturity.errors import NotFound, UsageError
from maturity.store.load import load_portfolio, load_system
from maturity.views.diff import (
    MARKER,
    change_text,
    md,
    portfolio_dict,
    portfolio_markdown,
    portfolio_text,
    range_text,
    snapshot_markdown,
    summary_line,
    system_dict,
    system_text,
)

from .portfolios import baseline_answers, new_root, real_rubric, write_snapshot

SYSTEM = "fraud-scoring"


@pytest.fixture
def rubric() -> Rubric:
    return real_rubric()


def _level2_items(rubric: Rubric, dimension: str) -> list[str]:
    return [i.id for i in rubric.dimension(dimension).items_at(2)]


def _two_snapshots(root: Path, rubric: Rubric) -> tuple[dict[str, object], dict[str, object]]:
    """Before: level 1 done everywhere. After: monitoring's level-2 items done, and a few
    answers changed in other ways (evidence, note, an item left unassessed before)."""
    before: dict[str, object] = dict(baseline_answers(rubric, done_up_to=1))
    data2 = _level2_items(rubric, "data")
    before[data2[0]] = {"status": "todo", "note": "planned", "evidence": ["https://wiki.example/a"]}
    del before[data2[1]]  # unassessed before
    after = dict(before)
    for item in _level2_items(rubric, "monitoring"):
        after[item] = {"status": "done", "evidence": [f"https://grafana.example/{item}"]}
    after[data2[0]] = {"status": "todo", "note": "planned for Q3", "evidence": ["https://wiki.example/b"]}
    after[data2[1]] = "partial"
    write_snapshot(root, SYSTEM, "2026-01-15", before)
    write_snapshot(root, SYSTEM, "2026-04-15", after)
    return before, after


def test_level_changes_are_the_scores_of_both_snapshots(tmp_path: Path, rubric: Rubric) -> None:
    """Every dimension and the overall range come from score_snapshot on each side."""
    root = new_root(tmp_path / "p")
    _two_snapshots(root, rubric)
    portfolio, system = load_system(root, SYSTEM)
    old, new = pick_pair(system)
    diff = diff_snapshots(portfolio, system, old, new)
    scored_old = score_snapshot(portfolio.rubric_for(old), old)
    scored_new = score_snapshot(portfolio.rubric_for(new), new)
    assert [c.dimension for c in diff.levels] == [d.id for d in rubric.dimensions] + ["overall"]
    for change in diff.dimensions:
        was, now = scored_old.dimensions[change.dimension], scored_new.dimensions[change.dimension]
        assert change.before == (was.level, was.upper)
        assert change.after == (now.level, now.upper)
    assert diff.overall.before == (scored_old.overall.level, scored_old.overall.upper)
    assert diff.overall.after == (scored_new.overall.level, scored_new.overall.upper)
    moved = {c.dimension for c in diff.level_changes}
    expected = {
        d for d in scored_new.dimensions
        if (scored_old.dimensions[d].level, scored_old.dimensions[d].upper)
        != (scored_new.dimensions[d].level, scored_new.dimensions[d].upper)
    }
    assert "monitoring" in expected  # the scenario moves monitoring, or this test proves nothing
    assert moved - {"overall"} == expected
    monitoring = next(c for c in diff.levels if c.dimension == "monitoring")
    assert monitoring.direction == 1


def test_item_changes_list_status_evidence_and_note(tmp_path: Path, rubric: Rubric) -> None:
    """Only changed answers are listed; evidence added and removed, notes before and after."""
    root = new_root(tmp_path / "p")
    before, after = _two_snapshots(root, rubric)
    portfolio, system = load_system(root, SYSTEM)
    diff = diff_snapshots(portfolio, system, *pick_pair(system))
    changed = {i.item: i for i in diff.items}
    expected_ids = {k for k in after if before.get(k) != after[k]}
    assert set(changed) == expected_ids
    data2 = _level2_items(rubric, "data")
    edited = changed[data2[0]]
    assert (edited.before, edited.after, edited.status_changed) == ("todo", "todo", False)
    assert edited.evidence_added == ("https://wiki.example/b",)
    assert edited.evidence_removed == ("https://wiki.example/a",)
    assert (edited.note_before, edited.note_after) == ("planned", "planned for Q3")
    fresh = changed[data2[1]]
    assert (fresh.before, fresh.after) == ("unassessed", "partial")
    for item in _level2_items(rubric, "monitoring"):
        assert (changed[item].before, changed[item].after) == ("todo", "done")
        assert changed[item].evidence_added == (f"https://grafana.example/{item}",)
        assert changed[item].text == rubric.item(item).text


def test_pick_pair_defaults_dates_and_errors(tmp_path: Path, rubric: Rubric) -> None:
    """Newest vs previous; one date vs newest; two dates; clear errors otherwise."""
    root = new_root(tmp_path / "p")
    answers = baseline_answers(rubric)
    for date in ("2025-10-01", "2026-01-15", "2026-04-15"):
        write_snapshot(root, SYSTEM, date, answers)
    _, system = load_system(root, SYSTEM)
    dates = lambda pair: tuple(str(s.date) for s in pair)  # noqa: E731
    assert dates(pick_pair(system)) == ("2026-01-15", "2026-04-15")
    assert dates(pick_pair(system, ("2025-10-01",))) == ("2025-10-01", "2026-04-15")
    assert dates(pick_pair(system, ("2026-04-15", "2025-10-01"))) == ("2026-04-15", "2025-10-01")
    with pytest.raises(UsageError, match="not a date"):
        pick_pair(system, ("2026-13-01",))
    with pytest.raises(NotFound, match="no snapshot of 2026-02-01"):
        pick_pair(system, ("2026-02-01",))
    with pytest.raises(UsageError, match="at most two"):
        pick_pair(system, ("2025-10-01", "2026-01-15", "2026-04-15"))
    lone = new_root(tmp_path / "lone")
    write_snapshot(lone, SYSTEM, "2026-01-15", answers)
    with pytest.raises(NotFound, match="one snapshot"):
        pick_pair(load_system(lone, SYSTEM)[1])


def test_portfolio_diff_sorts_systems_into_added_removed_changed_unchanged(
    tmp_path: Path, rubric: Rubric
) -> None:
    base = new_root(tmp_path / "base")
    head = new_root(tmp_path / "head")
    answers = baseline_answers(rubric)
    for root in (base, head):
        write_snapshot(root, "steady", "2026-01-15", answers)
        write_snapshot(root, "moving", "2026-01-15", answers)
    write_snapshot(base, "retired", "2026-01-15", answers)
    write_snapshot(head, "newcomer", "2026-03-01", answers)
    moved = dict(answers)
    for item in _level2_items(rubric, "monitoring"):
        moved[item] = "done"
    write_snapshot(head, "moving", "2026-04-15", moved)
    diff = diff_portfolios(load_portfolio(base), load_portfolio(head), "base", "head")
    assert [d.system for d in diff.added] == ["newcomer"]
    assert [d.system for d in diff.removed] == ["retired"]
    assert [d.system for d in diff.changed] == ["moving"]
    assert diff.unchanged == ("steady",)
    moving = diff.changed[0]
    assert [str(d) for d in moving.snapshots_added] == ["2026-04-15"]
    assert moving.before is not None and str(moving.before.snapshot.date) == "2026-01-15"
    newcomer = diff.added[0]
    assert newcomer.before is None and newcomer.overall.before is None
    assert newcomer.items == ()  # a new system's answers are not "changes"; its levels are shown
    data = portfolio_dict(diff)
    assert {s["system"]: s["change"] for s in data["systems"]} == {
        "moving": "changed", "newcomer": "added", "retired": "removed",
    }
    assert data["unchanged"] == ["steady"]


def test_markdown_states_the_change_like_a_pull_request_comment(tmp_path: Path, rubric: Rubric) -> None:
    """'monitoring: level 1 → 2; overall still 1', a table row per moved dimension, items listed."""
    root = new_root(tmp_path / "p")
    _two_snapshots(root, rubric)
    portfolio, system = load_system(root, SYSTEM)
    diff = diff_snapshots(portfolio, system, *pick_pair(system))
    text = snapshot_markdown(diff)
    mon = next(c for c in diff.levels if c.dimension == "monitoring")
    expected_head = f"monitoring: level {range_text(mon.before)} → {range_text(mon.after)}"
    assert summary_line(diff).startswith(expected_head)
    overall = diff.overall
    if not overall.changed:
        assert summary_line(diff).endswith(f"overall still {range_text(overall.after)}")
    name = md(rubric.dimension("monitoring").name)
    assert f"| {name} | {range_text(mon.before)} → {range_text(mon.after)} |" in text
    for item in diff.items:
        assert f"`{item.item}`" in text
    assert "https://wiki.example/b" in text and "removed <https://wiki.example/a>" in text
    plain = system_text(diff)
    assert expected_head in plain and "planned for Q3" in plain
    data = system_dict(diff)
    assert json.loads(json.dumps(data)) == data
    assert {lv["dimension"] for lv in data["levels"] if lv["changed"]} == {
        c.dimension for c in diff.level_changes
    }


def test_no_change_in_levels_is_said_when_only_a_note_moved(tmp_path: Path, rubric: Rubric) -> None:
    root = new_root(tmp_path / "p")
    answers: dict[str, object] = dict(baseline_answers(rubric))
    first = rubric.items[0].id
    write_snapshot(root, SYSTEM, "2026-01-15", answers)
    answers[first] = {"status": "done", "note": "now with a note"}
    write_snapshot(root, SYSTEM, "2026-04-15", answers)
    portfolio, system = load_system(root, SYSTEM)
    diff = diff_snapshots(portfolio, system, *pick_pair(system))
    assert diff.level_changes == ()
    assert [i.item for i in diff.items] == [first]
    text = snapshot_markdown(diff)
    assert "No change in levels" in text
    assert "No change in levels" in system_text(diff)


HOSTILE_NOTE = "fine | <script>alert(1)</script> **bold** [x](javascript:alert(1)) <!-- ask @alice"
HOSTILE_LINK = "https://evil.example/a|b<c>d e`f"


def test_markdown_escapes_user_text_so_tables_and_html_survive(tmp_path: Path, rubric: Rubric) -> None:
    """A note with `|` or `<script>` stays one cell of inert text; a link stays one link."""
    root = new_root(tmp_path / "p")
    answers: dict[str, object] = dict(baseline_answers(rubric))
    item = _level2_items(rubric, "monitoring")[0]
    write_snapshot(root, SYSTEM, "2026-01-15", answers)
    answers[item] = {"status": "done", "note": HOSTILE_NOTE, "evidence": [HOSTILE_LINK]}
    write_snapshot(root, SYSTEM, "2026-04-15", answers)
    portfolio, system = load_system(root, SYSTEM)
    diff = diff_snapshots(portfolio, system, *pick_pair(system))
    text = snapshot_markdown(diff)
    assert "<script" not in text and "<!--" not in text
    row = next(line for line in text.splitlines() if f"`{item}`" in line)
    unescaped_pipes = re.findall(r"(?<!\\)\|", row)
    assert len(unescaped_pipes) == 5  # four cells, however hostile the note
    assert "<https://evil.example/a%7Cb%3Cc%3Ed%20e%60f>" in row
    assert "\\*\\*bold\\*\\*" in row and "\\[x\\]" in row
    assert "@alice" not in row and "ask @\u2060alice" in row  # reads the same, notifies no one


def test_portfolio_markdown_carries_the_comment_marker_and_counts(tmp_path: Path, rubric: Rubric) -> None:
    base = new_root(tmp_path / "base")
    head = new_root(tmp_path / "head")
    write_snapshot(base, SYSTEM, "2026-01-15", baseline_answers(rubric))
    write_snapshot(head, SYSTEM, "2026-01-15", baseline_answers(rubric))
    same = diff_portfolios(load_portfolio(base), load_portfolio(head), "main", "working tree")
    text = portfolio_markdown(same)
    assert text.startswith(MARKER)
    assert "No assessment changed." in text and "1 unchanged" in text
    assert "No assessment changed." in portfolio_text(same)


def test_text_level_lines_align_however_long_the_dimension_ids(repo: Path) -> None:
    """Azure's dimension ids run past 16 characters; the level column still lines up."""
    for system_id in ("store-demand-forecasting", "card-fraud-scoring"):
        portfolio, system = load_system(repo, system_id)
        diff = diff_snapshots(portfolio, system, *pick_pair(system))
        assert diff.level_changes
        lines = [line for line in system_text(diff).splitlines()
                 if line.startswith("    ") and not line.startswith("     ")
                 and line.split()[0] in {c.dimension for c in diff.level_changes}]
        assert len(lines) == len(diff.level_changes)
        columns = {line.index(change_text(c), 4 + len(c.dimension))
                   for line, c in zip(lines, diff.level_changes, strict=True)}
        assert len(columns) == 1, lines
