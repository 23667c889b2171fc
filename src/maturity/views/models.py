"""View models: what a score table and a diff show, built once from the core's results.

Each output renders these instead of re-deriving the wording: the terminal and Markdown
reports (``views.text``, ``views.diff``), the pull-request comment, the site's templates
and the notebooks. A cell's credit, a range and a change direction are worded here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from maturity.core.diff import LevelChange, SnapshotDiff
from maturity.core.gaps import LevelGap
from maturity.core.scoring import Score, SnapshotScore, Tally
from maturity.views.wording import (
    Direction,
    credit_text,
    direction,
    level_span,
    level_words,
    number,
    range_span,
)

MET, OPEN, NOT_MET = "met", "open", "not met"


@dataclass(frozen=True)
class TallyCell:
    """Progress toward one level: credit of the applicable items against the threshold."""

    level: int
    items: int
    applicable: int
    credit: str  # "2.33"
    required: str  # "2.4"
    fraction: str  # "2.33/3", "+2?" appended in ``text``
    unassessed: int
    met: bool
    met_upper: bool
    all_na: bool
    credit_share: Fraction  # of the applicable items, for a bar
    upper_share: Fraction

    @property
    def state(self) -> str:
        """met, open (met only if the unassessed items are done) or not met."""
        return MET if self.met else OPEN if self.met_upper else NOT_MET

    @property
    def mark(self) -> str:
        """``✓``, ``~`` or ``✗``: the terminal's one-character state."""
        return {MET: "✓", OPEN: "~", NOT_MET: "✗"}[self.state]

    @property
    def text(self) -> str:
        """The terminal and Markdown cell: ``2.33/3 (+1?) ✓``, ``n/a ✓``, ``–``."""
        if self.all_na:
            return "n/a ✓" if self.items else "–"
        return f"{self.fraction} {self.mark}"


def tally_cell(t: Tally) -> TallyCell:
    applicable = t.applicable
    return TallyCell(
        level=t.level, items=len(t.items), applicable=applicable,
        credit=number(t.credit), required=number(t.required),
        fraction=credit_text(t.credit, applicable, t.unassessed),
        unassessed=t.unassessed, met=t.met, met_upper=t.met_upper, all_na=t.all_na,
        credit_share=Fraction(t.credit) / applicable if applicable else Fraction(0),
        upper_share=Fraction(t.credit_upper) / applicable if applicable else Fraction(0),
    )


@dataclass(frozen=True)
class ScoreRow:
    """One dimension (or the overall score) of a score table."""

    key: str  # a dimension id, or "overall"
    name: str
    level: int
    upper: int
    cells: tuple[TallyCell, ...]  # one per scored level

    @property
    def span(self) -> str:
        """``1`` or ``1–2``."""
        return level_span(self.level, self.upper)

    @property
    def words(self) -> str:
        """``level 1`` or ``level 1, up to 2``."""
        return level_words(self.level, self.upper)


@dataclass(frozen=True)
class ScoreTable:
    """A snapshot's score: a row per dimension, then the overall row."""

    levels: tuple[int, ...]  # the scored levels, one column each
    rows: tuple[ScoreRow, ...]


def _row(key: str, name: str, score: Score, levels: tuple[int, ...]) -> ScoreRow:
    return ScoreRow(key, name, score.level, score.upper, tuple(tally_cell(score.tally(lv)) for lv in levels))


def score_table(scored: SnapshotScore) -> ScoreTable:
    levels = tuple(scored.rubric.scored_levels)
    rows = [_row(d.id, d.name, scored.dimensions[d.id], levels) for d in scored.rubric.dimensions]
    rows.append(_row("overall", "Overall", scored.overall, levels))
    return ScoreTable(levels, tuple(rows))


@dataclass(frozen=True)
class ChangeRow:
    """One dimension's (or the overall) level before and after, and which way it moved."""

    key: str  # a dimension id, or "overall"
    name: str
    before: str  # "1", "1–2", or "—" when there was none
    after: str
    direction: Direction
    changed: bool

    @property
    def change(self) -> str:
        """``0 → 1–2``, or the one range when nothing moved."""
        return self.after if not self.changed else f"{self.before} → {self.after}"


def change_row(change: LevelChange) -> ChangeRow:
    return ChangeRow(
        key=change.dimension, name=change.name,
        before=range_span(change.before), after=range_span(change.after),
        direction=direction(change.before, change.after), changed=change.changed,
    )


def change_rows(
    diff: SnapshotDiff, only_changed: bool = False, overall_first: bool = False
) -> tuple[ChangeRow, ...]:
    """Every dimension's change (only those that moved with ``only_changed``), and the
    overall always: last, or first as the site shows it."""
    dims = [change_row(c) for c in (diff.level_changes if only_changed else diff.levels)
            if c.dimension != "overall"]
    overall = change_row(diff.overall)
    return (overall, *dims) if overall_first else (*dims, overall)


def gap_state(gap: LevelGap) -> str:
    """``met``, or ``needs 1 more of 2 open``: one level's gap, in the terminal and on the site."""
    return "met" if gap.met else f"needs {gap.needed} more of {len(gap.open)} open"
