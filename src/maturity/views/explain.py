"""Sentences that say how a level is computed, and why two models disagree."""

from __future__ import annotations

from maturity.core.model import Rubric
from maturity.core.scoring import SnapshotScore
from maturity.views.wording import level_range, level_words, number, plural


def weakest(rubric: Rubric, scored: SnapshotScore) -> tuple[str, str] | None:
    """The dimension with the lowest level (then the lowest upper level; rubric order)."""
    dims = [(scored.dimensions[d.id].level, scored.dimensions[d.id].upper, n, d.id, d.name)
            for n, d in enumerate(rubric.dimensions)]
    if not dims:
        return None
    level, upper, _, dim_id, name = min(dims)
    return dim_id, f"{name} ({level_words(level, upper)})"


def overall_rule(rubric: Rubric, scored: SnapshotScore) -> str:
    """One sentence next to an overall level: how it is computed, and the weakest dimension."""
    method = rubric.method
    overall = rubric.scoring.overall
    if method == "points":
        how = (f"The overall score is the {rubric.scoring.aggregate} of the dimensions' scores, "
               "turned into a level by the rubric's bands")
    elif method == "grid":
        how = ("The overall level is the lowest dimension's level" if overall != "pooled"
               else "The overall level is the mean of the dimensions' levels, rounded down")
    elif overall == "lowest":
        how = "The overall level is the lowest dimension level (the rubric's overall: lowest)"
    else:
        threshold = rubric.scoring.threshold
        lower = " and every lower level counts" if rubric.scoring.cumulative else ""
        how = (f"Pooled over all {plural(len(rubric.items), 'item')} level by level, as the rubric "
               f"says: a level counts at {number(threshold * 100)}% of its applicable items done "
               f"(partial {number(rubric.scoring.partial_credit)}){lower}, so it can be above some "
               "dimensions' own levels")
    low = weakest(rubric, scored)
    return how + (f". Weakest: {low[1]}." if low else ".")


def models_differ(here: SnapshotScore, there: SnapshotScore, derived: int, unassessed: int) -> str:
    """Why the same answers read differently in another model (through a crosswalk)."""
    a, b = here.rubric, there.rubric
    parts = [
        f"{a.ref} has levels {a.min_level}–{a.max_level} and {plural(len(a.items), 'item')}; "
        f"{b.ref} has levels {b.min_level}–{b.max_level} and {plural(len(b.items), 'item')}, "
        "placed at its own levels"
    ]
    parts.append(f"{plural(derived, 'item')} of {b.ref} get{'s' if derived == 1 else ''} an answer from "
                 f"these through the crosswalk and {unassessed} stay unassessed (no source item, or its "
                 "sources are unassessed), which the level counts as not done")
    if a.scoring.threshold != b.scoring.threshold or a.method != b.method:
        parts.append("the two rubrics score differently")
    same = (here.overall.level, here.overall.upper) == (there.overall.level, there.overall.upper)
    head = ("Both models give the same level" if same else
            f"Here {level_range(here.overall.level, here.overall.upper)}, in {b.ref} "
            f"{level_range(there.overall.level, there.overall.upper)}")
    return f"{head}: " + "; ".join(parts) + "."
