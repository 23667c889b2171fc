"""A campaign's status: plain data for JSON, text for the terminal, Markdown."""

from __future__ import annotations

from typing import Any

from maturity.core.campaign import CampaignStatus, CampaignSystem
from maturity.views.wording import level_span, md, md_code, plural


def deadline_text(status: CampaignStatus) -> str:
    """``deadline 2027-03-31, 128 days left`` / ``due today`` / ``passed 12 days ago``."""
    days, deadline = status.days_left, status.campaign.deadline
    if days > 0:
        return f"deadline {deadline}, {days} day{'s' if days != 1 else ''} left"
    if days == 0:
        return f"deadline {deadline}, due today"
    return f"deadline {deadline}, passed {-days} day{'s' if days != -1 else ''} ago"


def standing_text(entry: CampaignSystem) -> str:
    """``level 1, 1 to go`` / ``level 2, met`` / ``no such dimension in azure-mlops@1``."""
    if entry.level is None or entry.upper is None:
        return f"no such dimension in {entry.rubric.ref}"
    return f"level {level_span(entry.level, entry.upper)}, " + ("met" if entry.met else f"{entry.gap} to go")


def _system_dict(entry: CampaignSystem) -> dict[str, Any]:
    return {
        "system": entry.system.id,
        "name": entry.system.name,
        "rubric": entry.rubric.ref,
        "date": entry.snapshot.date.isoformat(),
        "met": entry.met,
        "level": entry.level,
        "upper": entry.upper,
        "gap": entry.gap,
    }


def campaign_dict(status: CampaignStatus) -> dict[str, Any]:
    """The shape of ``maturity campaign status ID --format json`` (PRODUCT.md), with more."""
    c = status.campaign
    return {
        "campaign": c.id,
        "title": c.title,
        "target": {"level": c.level, "dimension": c.dimension},
        "deadline": c.deadline.isoformat(),
        "as_of": status.as_of.isoformat(),
        "days_left": status.days_left,
        "in_scope": status.in_scope,
        "met": status.met,
        "systems": [_system_dict(s) for s in status.systems],
    }


def _head(status: CampaignStatus) -> list[str]:
    c = status.campaign
    return [
        f"{c.title} ({c.id})",
        f"target: {c.target_text} · {deadline_text(status)} · as of {status.as_of}",
        f"{status.met} of {plural(status.in_scope, 'system')} in scope "
        "meet the target",
    ]


def campaign_text(status: CampaignStatus) -> str:
    out = _head(status)
    width = max((len(s.system.id) for s in status.systems), default=0)
    if status.systems:
        out.append("")
    for entry in [*status.short, *(s for s in status.systems if s.met)]:
        mark = "✓" if entry.met else "✗"
        out.append(f"  {mark} {entry.system.id:<{width}}  {standing_text(entry)}  "
                   f"({entry.rubric.ref}, {entry.snapshot.date})")
    return "\n".join(out) + "\n"


def campaign_markdown(status: CampaignStatus) -> str:
    head = _head(status)
    out = [f"## {md(head[0])}", "", f"- {md(head[1])}", f"- {md(head[2])}", ""]
    if status.systems:
        out += ["| System | Rubric | Snapshot | Standing |", "|---|---|---|---|"]
        for entry in [*status.short, *(s for s in status.systems if s.met)]:
            out.append(f"| {md(entry.system.name)} ({md_code(entry.system.id)}) "
                       f"| {md_code(entry.rubric.ref)} | {entry.snapshot.date} "
                       f"| {'✓' if entry.met else '✗'} {standing_text(entry)} |")
    return "\n".join(out) + "\n"
