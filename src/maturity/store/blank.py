"""The text of a new system: its metadata file and a blank first snapshot.

The blank snapshot lists every scored item of the rubric, grouped by dimension and
level under comment headings, each with an empty value (read as unassessed) and its
text as an end-of-line comment, so an assessor fills it in without the rubric open.
Comments are aligned with room for a shorthand status, so ``maturity set`` can fill
an item in without moving its comment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from maturity.core.model import Rubric
from maturity.store.yamledit import date_scalar, flow_sequence, scalar

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{}.schema.json"
STATUS_ROOM = len(" partial")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def system_text(
    name: str,
    owner: str,
    description: str | None,
    target_level: int | None,
    target_date: str | None,
    tags: Sequence[str],
) -> str:
    """``system.yaml``: who owns the system and the level it aims for."""
    lines = [
        SCHEMA_LINE.format("system"),
        f"name: {scalar(name, flow=False)}",
        f"owner: {scalar(owner, flow=False)}",
    ]
    if description:
        lines.append(f"description: {scalar(_one_line(description), flow=False)}")
    if target_level is not None:
        lines.append(f"target_level: {target_level}")
    if target_date:
        lines.append(f"target_date: {date_scalar(target_date)}")
    if tags:
        lines.append(f"tags: {flow_sequence(tags)}")
    return "\n".join(lines) + "\n"


def blank_snapshot_text(
    rubric: Rubric,
    date: dt.date | None,
    assessors: Sequence[str],
    name: str | None,
    filled: Mapping[str, str] | None = None,
    about: Sequence[str] = (),
    comment_filled: bool = True,
) -> str:
    """A snapshot that lists every item of ``rubric``, all unassessed.

    With ``name`` and ``date``, the first snapshot of that system (``maturity new``);
    without them, the rubric's downloadable template, whose date is left to fill in.
    """
    if about:
        about = list(about)
    elif name is None:
        about = [
            f"# Blank assessment for {_one_line(rubric.title)} ({rubric.ref}). Save it as",
            "# assessments/<system>/<YYYY-MM-DD>.yaml and set the date to the same day",
            "# (or run `maturity new SYSTEM --rubric " + rubric.id + "`, which does both).",
        ]
    else:
        about = [f"# {_one_line(name)}: first assessment against {_one_line(rubric.title)}."]
    if rubric.method == "grid":
        return "\n".join([SCHEMA_LINE.format("assessment"), *about,
                          *_grid_lines(rubric, date, assessors)]) + "\n"
    lines = [
        SCHEMA_LINE.format("assessment"),
        *about,
        *_how_to_answer(rubric),
        f"rubric: {rubric.ref}",
        f"date: {date.isoformat() if date else 'YYYY-MM-DD'}",
        f"assessors: {flow_sequence(assessors)}",
        "answers:",
    ]
    lines += answer_lines(rubric, filled or {}, comment_filled)
    return "\n".join(lines) + "\n"


def _how_to_answer(rubric: Rubric) -> list[str]:
    """The comment on how to answer: done/partial/todo, or the rubric's own scale."""
    if not rubric.scoring.scale and rubric.scoring.allow_na:
        return [
            "# Answer each item: done, partial or todo; {status: na, note: why} when the practice",
            "# does not apply; {status: done, evidence: [https://...], note: ...} for links and notes.",
            "# An item left empty is unassessed. `maturity set SYSTEM ITEM STATUS` fills one in.",
        ]
    statuses = [s for s in rubric.scoring.statuses if s != "na"]
    na = ("{status: na, note: why} when the practice does not apply"
          if rubric.scoring.allow_na else "this rubric has no na")
    return [
        f"# Answer each item: {', '.join(statuses[:-1])} or {statuses[-1]} (the rubric's scale);",
        f"# {na};",
        f"# {{status: {statuses[0]}, evidence: [https://...], note: ...}} for links and notes.",
        "# An item left empty is unassessed. `maturity set SYSTEM ITEM STATUS` fills one in.",
    ]


def _grid_lines(rubric: Rubric, date: dt.date | None, assessors: Sequence[str]) -> list[str]:
    """A grid rubric's blank snapshot: every dimension under ``grid:``, commented out
    until the assessor picks the level whose cell fits."""
    lines = [
        "# Answer each dimension with the level whose cell fits (the rubric's page shows",
        "# the cells). Uncomment a line and write the level; a dimension left out is",
        "# unassessed. grid_notes: {dimension: {evidence: [https://...], note: ...}}.",
        *(f"#   {lv.level}: {_one_line(lv.name)}" for lv in rubric.levels),
        f"rubric: {rubric.ref}",
        f"date: {date.isoformat() if date else 'YYYY-MM-DD'}",
        f"assessors: {flow_sequence(assessors)}",
        "grid:",
    ]
    lines += [f"  # {dim.id}: LEVEL  # {_one_line(dim.name)}" for dim in rubric.dimensions]
    return lines


def answer_lines(rubric: Rubric, filled: Mapping[str, str], comment_filled: bool = True) -> list[str]:
    """The ``answers:`` body: every item of ``rubric`` under dimension and level headings.

    An item in ``filled`` gets that YAML value (flow style); the others are empty
    (unassessed). Each item's text follows as a comment, aligned so ``maturity set``
    can fill an item in without moving it; with ``comment_filled=False`` the filled
    items go without it (an upgrade's carried answers are long already).
    """
    lines: list[str] = []
    room = max([STATUS_ROOM, *(len(s.id) + 1 for s in rubric.scoring.scale)])
    width = max((len(item.id) for item in rubric.items), default=0) + 1 + room
    for index, dim in enumerate(rubric.dimensions):
        if index:
            lines.append("")
        lines.append(f"  # {_one_line(dim.name)}")
        points = rubric.method == "points"  # items have no level of their own
        for level in rubric.scored_levels[:1] if points else rubric.scored_levels:
            items = dim.items if points else dim.items_at(level)
            if not items:
                continue
            if not points:
                lines.append(f"  # Level {level}: {_one_line(rubric.level_info(level).name)}")
            for item in items:
                value = filled.get(item.id)
                if value is None:
                    lines.append(f"  {f'{item.id}:'.ljust(width)}  # {_one_line(item.text)}")
                elif comment_filled:
                    lines.append(f"  {f'{item.id}: {value}'.ljust(width)}  # {_one_line(item.text)}")
                else:
                    lines.append(f"  {item.id}: {value}")
    return lines


def flow(value: Any) -> str:
    """A YAML value (as the loader reads it: text, numbers, lists, maps) in flow style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if _DATE.fullmatch(str(value)):
        return str(value)  # a date as the shipped files write it (the loader keeps it text)
    return scalar(str(value), flow=True)
