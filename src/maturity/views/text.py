"""Text and Markdown views of scores and gaps for the command line."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from maturity.core.gaps import Gaps
from maturity.core.mapping import crosswalk_label
from maturity.core.model import UNASSESSED, Profile, Rubric, RubricMapping, Snapshot, System
from maturity.core.portfolio import is_overdue
from maturity.core.roadmap import Roadmap
from maturity.core.scoring import Score, SnapshotScore, Tally, answer_credit
from maturity.views.models import gap_state, tally_cell
from maturity.views.wording import (
    answer_label,
    band_name,
    date_text,
    level_range,
    level_span,
    level_words,
    md,
    md_code,
    number,
    score_span,
    score_words,
    status_label,
    unanswered,
)

OVERDUE = "overdue"  # a target date that has passed with the target not met

LEGEND = (
    "cell: credit/applicable items; ✓ met, ~ met only if the unassessed items are done, "
    "✗ not met, n/a no applicable item, – no item (outside the scope); (+n?) n items unassessed"
)
METHOD_LEGEND = {
    "points": "score: the sum of credit × weight of the items not n/a (a range while items are "
              "unassessed); band: the level that score reaches",
    "grid": "answer: the level whose cell fits the dimension; overall: the rubric's rule "
            "(lowest column, or pooled: the mean rounded down)",
}
METHOD_SCOPE = {
    "points": "scope: the levels the rubric's bands reach; complete: the score reaches the top band",
    "grid": "scope: the levels a column can take; complete: the column is at the top level",
}


def _legends(method: str) -> tuple[str, str]:
    """The table's two legends: its cells, and its scope column."""
    if method == "levels":
        return LEGEND, SCOPE_LEGEND
    return METHOD_LEGEND[method], METHOD_SCOPE[method]


SCOPE_LEGEND = (
    "scope: the levels at which a dimension has items; a level outside it neither raises "
    "nor blocks the level. complete: every level in the scope counts"
)


def scope_text(scope: tuple[int, ...]) -> str:
    """``1–3`` for a run of levels, ``1, 3`` with a gap, ``4`` for one, ``none`` for no item."""
    if not scope:
        return "none"
    if list(scope) == list(range(scope[0], scope[-1] + 1)):
        return level_span(scope[0], scope[-1])
    return ", ".join(str(lv) for lv in scope)


def scope_cell(score: Score) -> str:
    """The scope, and ``complete`` when every level in it counts."""
    return scope_text(score.scope) + (" complete" if score.scope_complete else "")


def cell(t: Tally) -> str:
    """``2.33/3 (+1?) ✓``: the score table's cell (the view model's wording)."""
    return tally_cell(t).text


def _rows(scored: SnapshotScore) -> list[tuple[str, Score]]:
    rubric = scored.rubric
    return [(d.id, scored.dimensions[d.id]) for d in rubric.dimensions] + [
        ("OVERALL", scored.overall)
    ]


def _range_cell(score: Score) -> str:
    return level_span(score.level, score.upper)


def target_text(system: System, level: int, as_of: dt.date) -> str:
    """``target level 2 by 2026-08-15 (overdue)``; ``""`` without a target."""
    if system.target_level is None:
        return ""
    by = f" by {system.target_date}" if system.target_date else ""
    late = f" ({OVERDUE})" if is_overdue(system, level, as_of) else ""
    return f"target level {system.target_level}{by}{late}"


def via_text(via: RubricMapping) -> str:
    """``via the crosswalk google-mlops@1--azure-mlops@1`` (or ``the mapping`` for versions)."""
    return f"via {crosswalk_label(via)} {via.name}"


def profile_text(profile: Profile, snapshot: Snapshot) -> str:
    """``profile llm-rag (LLM application…): 6 na from it; beyond it: a, b``."""
    from_it = sum(1 for i in profile.na if snapshot.status(i) == "na")
    beyond = profile.beyond(snapshot)
    tail = f"; na beyond it: {', '.join(beyond)}" if beyond else "; no na beyond it"
    return f"profile {profile.id} ({profile.title}): {from_it} na from the profile{tail}"


def _header(
    system: System, scored: SnapshotScore, via: RubricMapping | None = None,
    profile: Profile | None = None,
) -> list[str]:
    # the target is a level of the system's own rubric: not shown through a mapping
    target = "" if via else target_text(system, scored.overall.level, scored.as_of)
    return [
        f"{system.name} ({system.id})",
        f"snapshot {date_text(scored.snapshot.date)} · rubric {scored.rubric.ref}"
        + (f" {via_text(via)} (assessed against {via.source})" if via else "")
        + (f" · {target}" if target else "") + f" · as of {scored.as_of}",
        *([profile_text(profile, scored.snapshot)] if profile and not via else []),
        "Overall: " + level_range(scored.overall.level, scored.overall.upper, scored.unassessed,
                                  unanswered(scored.rubric.method))
        + _score_tail(scored.rubric, scored.overall),
    ]


def _score_tail(rubric: Rubric, score: Score) -> str:
    """`` · score 2.0 — a first pass at basic productionization`` for the points method."""
    words = score_words(rubric, score)
    return f" · score {words}" if words else ""


def _band_cell(rubric: Rubric, score: Score) -> str:
    low, high = score.points or (Fraction(0), Fraction(0))
    names = band_name(rubric, low), band_name(rubric, high)
    return names[0] if names[0] == names[1] else f"{names[0]} … {names[1]}"


def _method_columns(scored: SnapshotScore) -> tuple[list[str], list[list[str]]]:
    """The score table's columns after dimension, level and scope: one per scored level
    (the levels method), the score and its band (points), or the chosen cell (grid)."""
    rubric = scored.rubric
    rows = _rows(scored)
    if rubric.method == "points":
        return ["score", "band"], [[score_span(s), _band_cell(rubric, s)] for _, s in rows]
    if rubric.method == "grid":
        chosen = scored.snapshot.grid
        return ["answer"], [
            [(f"level {chosen[key]}" if key in chosen else "unanswered") if key != "OVERALL"
             else rubric.scoring.overall_rule]
            for key, _ in rows
        ]
    levels = rubric.scored_levels
    return [f"L{lv}" for lv in levels], [[cell(s.tally(lv)) for lv in levels] for _, s in rows]


def score_text(
    system: System, scored: SnapshotScore, via: RubricMapping | None = None,
    profile: Profile | None = None,
) -> str:
    extra_head, extra = _method_columns(scored)
    head = ["dimension", "level", "scope", *extra_head]
    rows = [
        [name, _range_cell(s), scope_cell(s), *more]
        for (name, s), more in zip(_rows(scored), extra, strict=True)
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [*_header(system, scored, via, profile), "", line(head)]
    out += [line(r) for r in rows]
    out += ["", *_legends(scored.rubric.method)]
    if scored.findings:
        out += ["", "Findings:"]
        for f in scored.findings:
            out.append(f"  {f.message}")
            if f.items and f.item is None:  # an ageing finding names its one item already
                out.append(f"    explained by: {', '.join(f.items)}")
    return "\n".join(out) + "\n"


def score_markdown(
    system: System, scored: SnapshotScore, via: RubricMapping | None = None,
    profile: Profile | None = None,
) -> str:
    extra_head, extra = _method_columns(scored)
    out = [f"## {md(system.name)}", ""]
    out += [f"- {md(h)}" for h in _header(system, scored, via, profile)[1:]]
    titles = [h[:1].upper() + h[1:] for h in extra_head]
    out += ["", "| Dimension | Level | Scope | " + " | ".join(titles) + " |"]
    out += ["|---|---|---|" + "---|" * len(extra_head)]
    for (name, s), more in zip(_rows(scored), extra, strict=True):
        out.append(f"| {name} | {_range_cell(s)} | {scope_cell(s)} | "
                   + " | ".join(md(c) if scored.rubric.method != "levels" else c for c in more) + " |")
    legend, scope = _legends(scored.rubric.method)
    out += ["", f"_{legend}_", "", f"_{scope}_"]
    if scored.findings:
        out += ["", "### Findings", ""]
        for f in scored.findings:
            explained = f.items and f.item is None  # an ageing finding names its one item already
            items = f" (explained by {', '.join(md_code(i) for i in f.items)})" if explained else ""
            out.append(f"- {md(f.message)}{items}")
    return "\n".join(out) + "\n"


def explain_text(scored: SnapshotScore, dimension: str | None = None) -> str:
    """Every item behind the levels, with its status: why a level is or is not met."""
    snapshot = scored.snapshot
    out = []
    for dim in scored.rubric.dimensions:
        if dimension and dim.id != dimension:
            continue
        s = scored.dimensions[dim.id]
        if scored.rubric.method != "levels":
            out += _explain_method(scored, dim.id)
            continue
        out.append(f"{dim.name} [{dim.id}]: {level_range(s.level, s.upper, s.unassessed)}"
                   f" (scope {scope_cell(s)})")
        for t in s.tallies:
            if not t.in_scope:
                continue
            out.append(f"  level {t.level}: {cell(t)} (needs {number(t.required)})")
            for item_id in t.items:
                answer = snapshot.answers.get(item_id)
                note = f" — {answer.note}" if answer and answer.note else ""
                out.append(f"    [{status_label(snapshot.status(item_id)):<10}] {item_id}{note}")
    return "\n".join(out) + "\n"


def _explain_method(scored: SnapshotScore, dim_id: str) -> list[str]:
    """A points dimension: each item's answer, credit × weight; a grid column: its cell."""
    rubric, snapshot = scored.rubric, scored.snapshot
    dim, s = rubric.dimension(dim_id), scored.dimensions[dim_id]
    head = f"{dim.name} [{dim.id}]: {level_range(s.level, s.upper, s.unassessed)}"
    if rubric.method == "grid":
        chosen = snapshot.grid.get(dim_id)
        note = snapshot.grid_notes.get(dim_id)
        said = f" — {note.note}" if note and note.note else ""
        if chosen is None:
            return [head, "  unanswered: any level from "
                    f"{rubric.min_level} to {rubric.max_level}"]
        return [head, f"  chosen cell (level {chosen}): {dim.cells.get(chosen, '')}{said}"]
    out = [head + _score_tail(rubric, s)]
    top = rubric.scoring.top_credit
    for item in dim.items:
        answer = snapshot.answers.get(item.id)
        status = snapshot.status(item.id)
        if answer is None or status in ("na", UNASSESSED):
            points = "—" if status == "na" else f"0 to {number(top * item.weight)}"
        else:
            points = number(answer_credit(rubric, snapshot, item.id) * item.weight)
        weight = f" × {number(item.weight)}" if item.weight != 1 else ""
        label = answer_label(rubric, answer.status) if answer else status_label(status)
        out.append(f"    [{label:<10}] {points}{weight} {item.id}")
    return out


def gaps_text(gaps: Gaps, markdown: bool = False) -> str:
    """The gaps as terminal text, or as Markdown (user text escaped) with ``markdown``."""
    user = md if markdown else str
    overall = gaps.score.overall
    title = f"Gaps of {user(gaps.system.name)} to level {gaps.target}"
    out = [
        f"## {title}" if markdown else title,
        "",
        f"Now: {level_range(overall.level, overall.upper, overall.unassessed)}"
        f"{_score_tail(gaps.score.rubric, overall)} "
        f"(snapshot {date_text(gaps.snapshot.date)}, {gaps.score.rubric.ref})",
        f"Columns below level {gaps.target}: {len(gaps.blocking)}" if gaps.score.rubric.method == "grid"
        else f"Items to do to meet level {gaps.target} in every dimension: {gaps.needed}",
    ]
    pooled = [g for g in gaps.overall if not g.met]
    if pooled:
        out.append(
            "Overall (all dimensions pooled): "
            + "; ".join(f"level {g.level} needs {g.needed} more ({cell(g.tally)})" for g in pooled)
        )
    rubric = gaps.score.rubric
    for d in gaps.dimensions:
        if not d.levels:
            continue
        dim_score = gaps.score.dimensions[d.id]
        head = (f"{user(d.name)} [{d.id}]: {level_range(d.level, d.upper, d.unassessed)}"
                + _score_tail(rubric, dim_score))
        out += ["", f"### {head}" if markdown else head]
        for lg in d.levels:
            if rubric.method == "grid":
                cell_text = rubric.dimension(d.id).cells.get(lg.level, "")
                out.append(f"{'- ' if markdown else '  '}level {lg.level} is the cell: {user(cell_text)}")
                continue
            state = gap_state(lg)
            detail = "" if rubric.method != "levels" else f" ({cell(lg.tally)})"
            out.append(f"{'- ' if markdown else '  '}level {lg.level}: {state}{detail}")
            for o in lg.open:
                note = f" — {user(o.note)}" if o.note else ""
                ident = md_code(o.item.id) if markdown else o.item.id
                out.append(f"{'  - ' if markdown else '    '}[{status_label(o.status)}] {ident}: "
                           f"{user(o.item.text)}{note}")
    return "\n".join(out) + "\n"


def level_heading(level: int, upper: int) -> str:
    """``Level 1``, ``Level 1, up to 2``: a level that starts a line (the roadmap)."""
    words = level_words(level, upper)
    return words[0].upper() + words[1:]


def metric_lines(roadmap: Roadmap) -> list[str]:
    """The roadmap's success metrics, one line each (the CLI and the site say the same)."""
    lines = [
        f"{m.name or 'Overall maturity'}: {level_heading(m.level, m.upper)} → Level {m.target}"
        for m in roadmap.metrics
    ]
    if roadmap.unassessed:
        lines.append(f"Unassessed items: {roadmap.unassessed} → 0")
    return lines


def roadmap_markdown(roadmap: Roadmap) -> str:
    """The roadmap in the seed template's own Markdown layout (user text escaped)."""
    timeline = f"{roadmap.timeline_months} months" if roadmap.timeline_months is not None else "not set"
    out = [
        f"# MLOps Improvement Roadmap - {md(roadmap.project)}",
        "",
        f"**Current Maturity**: {level_heading(roadmap.level, roadmap.upper)}",
        f"**Target Maturity**: Level {roadmap.target}",
        f"**Timeline**: {timeline}",
        f"**Owner**: {md(roadmap.owner)}",
        "",
        "## Gaps Identified",
    ]
    out += [f"{n}. {md(line)}" for n, line in enumerate(roadmap.gaps, 1)] or ["None: the target is met."]
    out += ["", "## Improvement Plan"]
    for phase in roadmap.phases:
        out += ["", f"### Phase {phase.number}: {phase.name} ({phase.window})",
                f"**Goal**: {md(phase.goal)}", ""]
        for task in phase.tasks:
            out.append(f"- [ ] {md(task.text)} ({md_code(task.item.id)}, {status_label(task.status)})")
            for label, value in (("Effort", task.effort), ("Owner", task.owner),
                                 ("Due", task.due), ("Blocker", task.blocker)):
                if value:
                    out.append(f"  - {label}: {md(value)}")
    if roadmap.unplanned:
        out += ["", "### Not yet planned (gaps to the target)", ""]
        out += [f"- [ ] {md(t.text)} ({md_code(t.item.id)}, {status_label(t.status)})"
                for t in roadmap.unplanned]
    out += ["", "## Success Metrics"]
    out += [f"- {md(m)}" for m in metric_lines(roadmap)]
    return "\n".join(out) + "\n"
