"""Views of a diff: text for the terminal, Markdown for a pull request, plain data for JSON.

Every piece of user text (names, notes, evidence, rubric text) is escaped in the
Markdown view, so a note holding ``|`` or ``<script>`` cannot break a table or
inject HTML into a pull-request comment or a job summary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from maturity.core.diff import ItemChange, LevelChange, PortfolioDiff, Range, SnapshotDiff
from maturity.core.scoring import SnapshotScore
from maturity.views.models import change_row, change_rows
from maturity.views.wording import (
    date_text,
    md,
    md_code,
    md_link,
    plural,
    range_span,
    status_change,
)

MARKER = "<!-- maturity-diff -->"  # lets CI find and update its own pull-request comment


# --------------------------------------------------------------------------- wording


def range_text(value: Range | None) -> str:
    """``1``, or ``1–2`` for a range, or ``—`` when there is none."""
    return range_span(value)


def change_text(change: LevelChange) -> str:
    """``1 → 2``, or the one range when nothing moved."""
    return change_row(change).change


def direction_text(change: LevelChange) -> str:
    """``▲ up``, ``▼ down``, ``▲ upper bound``, ``still``, ``new`` or ``gone``."""
    return change_row(change).direction.text


def summary_line(diff: SnapshotDiff) -> str:
    """``monitoring: level 1 → 2; overall still 1`` (the line a pull request shows)."""
    if diff.before is None:
        return f"new system: overall level {range_text(diff.overall.after)}"
    if diff.after is None:
        return f"system removed: overall was level {range_text(diff.overall.before)}"
    parts = [f"{c.dimension}: level {change_text(c)}" for c in diff.dimensions if c.changed]
    overall = diff.overall
    if overall.changed:
        parts.append(f"overall: level {change_text(overall)}")
    elif parts:
        parts.append(f"overall still {range_text(overall.after)}")
    else:
        parts.append(f"No change in levels (overall still {range_text(overall.after)})")
    return "; ".join(parts)


def _snapshot_label(scored: SnapshotScore | None) -> str:
    return date_text(None if scored is None else scored.snapshot.date)


def _rubric_label(diff: SnapshotDiff) -> str:
    refs = [s.rubric.ref for s in (diff.before, diff.after) if s is not None]
    return " → ".join(dict.fromkeys(refs))


def _counts(diff: PortfolioDiff) -> str:
    parts = [
        f"{plural(len(diff.changed), 'system')} changed",
        f"{len(diff.added)} added",
        f"{len(diff.removed)} removed",
        f"{len(diff.unchanged)} unchanged",
    ]
    return ", ".join(parts)


def _status_text(item: ItemChange) -> str:
    return status_change(item.before, item.after)


# --------------------------------------------------------------------------- text


def _item_lines_text(item: ItemChange) -> list[str]:
    out = [f"    {item.item}  {_status_text(item)}"]
    out += [f"      + evidence {e}" for e in item.evidence_added]
    out += [f"      - evidence {e}" for e in item.evidence_removed]
    if item.note_changed:
        before = "none" if item.note_before is None else repr(item.note_before)
        after = "none" if item.note_after is None else repr(item.note_after)
        out.append(f"      note: {before} → {after}")
    out += [f"      {line}" for line in dates_changed(item)]
    return out


def dates_changed(item: ItemChange) -> list[str]:
    """``checked: 2026-02-10 → 2026-11-23`` (re-attested) and ``until: …`` lines."""
    out = []
    for label, before, after, changed in (
        ("checked", item.checked_before, item.checked_after, item.checked_changed),
        ("until", item.until_before, item.until_after, item.until_changed),
    ):
        if changed:
            out.append(f"{label}: {before or 'none'} → {after or 'none'}")
    return out


def system_text(diff: SnapshotDiff) -> str:
    out = [f"{diff.name} ({diff.system})"]
    out.append(
        f"  snapshot {_snapshot_label(diff.before)} → {_snapshot_label(diff.after)}"
        f" · rubric {_rubric_label(diff)}"
    )
    if diff.snapshots_added and diff.before is not None:
        out.append(f"  new snapshot{'s' if len(diff.snapshots_added) > 1 else ''}: "
                   + ", ".join(str(d) for d in diff.snapshots_added))
    if diff.snapshots_removed and diff.after is not None:
        out.append("  snapshots removed: " + ", ".join(str(d) for d in diff.snapshots_removed))
    out.append(f"  levels: {summary_line(diff)}")
    width = max((len(c.dimension) for c in diff.level_changes), default=0)
    for change in diff.level_changes:
        out.append(f"    {change.dimension:<{width}}  {change_text(change):<10} {direction_text(change)}")
    if diff.before is not None and diff.after is not None:
        if diff.items:
            out.append(f"  items ({len(diff.items)}):")
            for item in diff.items:
                out += _item_lines_text(item)
        else:
            out.append("  items: no answer changed")
    return "\n".join(out) + "\n"


def portfolio_text(diff: PortfolioDiff) -> str:
    out = [f"Maturity changes: {diff.base} → {diff.head}", _counts(diff)]
    if not diff.has_changes:
        out.append("No assessment changed.")
    text = "\n".join(out) + "\n"
    for system in diff.systems:
        text += "\n" + system_text(system)
    return text


# --------------------------------------------------------------------------- markdown


def _note_md(item: ItemChange) -> str:
    if not item.note_changed:
        return md(item.note_after) if item.note_after else ""
    if item.note_after is None:
        return f"removed (was: {md(item.note_before or '')})"
    if item.note_before is None:
        return md(item.note_after)
    return f"{md(item.note_after)} (was: {md(item.note_before)})"


def _evidence_md(item: ItemChange) -> str:
    parts = [f"added {md_link(e)}" for e in item.evidence_added]
    parts += [f"removed {md_link(e)}" for e in item.evidence_removed]
    parts += dates_changed(item)
    return "<br>".join(parts)


def system_markdown(diff: SnapshotDiff, heading: str = "###") -> str:
    out = [f"{heading} {md(diff.name)} ({md_code(diff.system)})", ""]
    out += [f"**{md(summary_line(diff))}**", ""]
    details = (
        f"Snapshot {_snapshot_label(diff.before)} → {_snapshot_label(diff.after)}"
        f" · rubric {md_code(_rubric_label(diff))}"
    )
    if diff.snapshots_added and diff.before is not None:
        details += " · new: " + ", ".join(str(d) for d in diff.snapshots_added)
    if diff.snapshots_removed and diff.after is not None:
        details += " · removed: " + ", ".join(str(d) for d in diff.snapshots_removed)
    out += [details, ""]
    both = diff.before is not None and diff.after is not None
    out += ["| Dimension | Level | Change |", "|---|---|---|"]
    for row in change_rows(diff, only_changed=both):
        name = "**Overall**" if row.key == "overall" else md(row.name)
        out.append(f"| {name} | {row.change} | {row.direction.text} |")
    out.append("")
    if diff.before is not None and diff.after is not None:
        if diff.items:
            out += [f"**Items** ({len(diff.items)})", ""]
            out += ["| Item | Status | Evidence | Note |", "|---|---|---|---|"]
            for item in diff.items:
                out.append(
                    f"| {md_code(item.item)} {md(item.text)} | {_status_text(item)} "
                    f"| {_evidence_md(item)} | {_note_md(item)} |"
                )
        else:
            out.append("No answer changed.")
        out.append("")
    return "\n".join(out)


def portfolio_markdown(diff: PortfolioDiff) -> str:
    out = [MARKER, "## Maturity changes", ""]
    out += [f"{md_code(diff.base)} → {md_code(diff.head)} · {_counts(diff)}", ""]
    if not diff.has_changes:
        out += ["No assessment changed.", ""]
    text = "\n".join(out)
    for system in diff.systems:
        text += "\n" + system_markdown(system)
    return text.rstrip("\n") + "\n"


def snapshot_markdown(diff: SnapshotDiff) -> str:
    return system_markdown(diff, heading="##").rstrip("\n") + "\n"


# --------------------------------------------------------------------------- JSON


def _range_dict(value: Range | None) -> dict[str, int] | None:
    return None if value is None else {"level": value[0], "upper": value[1]}


def _side(scored: SnapshotScore | None) -> dict[str, Any] | None:
    if scored is None:
        return None
    return {"date": scored.snapshot.date.isoformat(), "rubric": scored.rubric.ref}


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def system_dict(diff: SnapshotDiff) -> dict[str, Any]:
    kind = "added" if diff.before is None else "removed" if diff.after is None else "changed"
    return {
        "system": diff.system,
        "name": diff.name,
        "change": kind if diff.changed else "unchanged",
        "before": _side(diff.before),
        "after": _side(diff.after),
        "summary": summary_line(diff),
        "snapshots_added": [d.isoformat() for d in diff.snapshots_added],
        "snapshots_removed": [d.isoformat() for d in diff.snapshots_removed],
        "levels": [
            {
                "dimension": c.dimension,
                "name": c.name,
                "before": _range_dict(c.before),
                "after": _range_dict(c.after),
                "changed": c.changed,
            }
            for c in diff.levels
        ],
        "items": [
            {
                "item": i.item,
                "dimension": i.dimension,
                "text": i.text,
                "before": i.before,
                "after": i.after,
                "evidence_added": list(i.evidence_added),
                "evidence_removed": list(i.evidence_removed),
                "note_before": i.note_before,
                "note_after": i.note_after,
                "checked_before": _day(i.checked_before),
                "checked_after": _day(i.checked_after),
                "until_before": _day(i.until_before),
                "until_after": _day(i.until_after),
            }
            for i in diff.items
        ],
    }


def portfolio_dict(diff: PortfolioDiff) -> dict[str, Any]:
    return {
        "base": diff.base,
        "head": diff.head,
        "changed": len(diff.changed),
        "added": len(diff.added),
        "removed": len(diff.removed),
        "unchanged": list(diff.unchanged),
        "systems": [system_dict(d) for d in diff.systems],
    }
