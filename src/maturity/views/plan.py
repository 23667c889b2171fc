"""The suggested plan and a snapshot's own plan, in words, Markdown and JSON."""

from __future__ import annotations

from typing import Any

from maturity.core.model import Rubric, Snapshot
from maturity.core.plan import SuggestedPlan
from maturity.views.wording import md, number, plural, status_label


def suggestion_reason(plan: SuggestedPlan) -> str:
    """One sentence: what the plan reaches and how it was chosen."""
    if plan.target <= plan.level:
        return f"Level {plan.level} is met: nothing above it is in the rubric's scope."
    if not plan.items and plan.reachable:
        return f"Nothing to do for level {plan.target}."
    count = plural(len(plan.items), "item")
    partial = f", {plan.partial} of them partial already" if plan.partial else ""
    if not plan.reachable:
        return (f"Level {plan.target} cannot be reached by doing open items alone "
                f"(too many are n/a or out of reach); all {count} open below it{partial}.")
    return (f"The fewest items that reach overall level {plan.target} (now {plan.level}) under the "
            f"rubric's own rule: {count}{partial}.")


def suggested_plan_text(plan: SuggestedPlan, rubric: Rubric, markdown: bool = False) -> str:
    head = f"Suggested plan to level {plan.target}"
    lines = [f"## {head}" if markdown else head, "", suggestion_reason(plan)]
    if plan.items:
        lines.append("")
    for n, s in enumerate(plan.items, 1):
        text = rubric.item(s.item).text
        if markdown:
            lines.append(f"{n}. `{s.item}` ({status_label(s.status)}, level {s.level}): {md(text)}")
        else:
            lines.append(f"  {n}. {s.item} ({status_label(s.status)}, level {s.level}, "
                         f"+{number(s.gain)}): {text}")
    return "\n".join(lines) + "\n"


def suggested_plan_dict(plan: SuggestedPlan) -> dict[str, Any]:
    return {
        "level": plan.level, "target": plan.target, "reachable": plan.reachable,
        "items": [{"item": s.item, "dimension": s.dimension, "level": s.level, "status": s.status,
                   "gain": float(s.gain)} for s in plan.items],
    }


def plan_text(snapshot: Snapshot, rubric: Rubric) -> str:
    """A snapshot's own plan, by priority, with each item's status now."""
    if not snapshot.plan:
        return f"{snapshot.system} {snapshot.date}: nothing planned (maturity plan add SYSTEM ITEM)\n"
    lines = [f"{snapshot.system} {snapshot.date}: {plural(len(snapshot.plan), 'planned item')}"]
    for entry in sorted(snapshot.plan, key=lambda e: e.priority):
        extra = [f"{k} {v}" for k, v in (("owner", entry.owner), ("effort", entry.effort),
                                          ("due", entry.due)) if v]
        tail = f" — {', '.join(extra)}" if extra else ""
        status = status_label(snapshot.status(entry.item))
        what = entry.task or rubric.item(entry.item).text
        lines.append(f"  {entry.priority}. {entry.item} ({status}): {what}{tail}")
    return "\n".join(lines) + "\n"
