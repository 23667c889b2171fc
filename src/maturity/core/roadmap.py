"""The seed's "Improvement Roadmap Template", filled from the gaps and the snapshot's plan."""

from __future__ import annotations

from dataclasses import dataclass

from maturity.core.gaps import Gaps
from maturity.core.model import Item, PlanEntry, Rubric

PHASES = (
    (1, "Quick Wins", "0-3 months"),
    (2, "Foundation", "3-6 months"),
    (3, "Advanced", "6-12 months"),
)


@dataclass(frozen=True)
class Task:
    item: Item
    text: str
    status: str
    owner: str | None = None
    effort: str | None = None
    blocker: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    window: str
    goal: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Metric:
    """A success metric: where a dimension (or the overall level) is, and the target.

    ``name`` is a dimension's name, or ``None`` for the overall maturity."""

    name: str | None
    level: int
    upper: int
    target: int


@dataclass(frozen=True)
class Roadmap:
    project: str
    level: int
    upper: int
    target: int
    timeline_months: int | None
    owner: str
    gaps: tuple[str, ...]
    phases: tuple[Phase, ...]
    unplanned: tuple[Task, ...]
    metrics: tuple[Metric, ...]
    unassessed: int  # items nobody answered yet: a metric of its own (to 0)


def _months(gaps: Gaps) -> int | None:
    target_date = gaps.system.target_date
    if target_date is None:
        return None
    return max(0, round((target_date - gaps.snapshot.date).days / 30.4375))


def _goal(tasks: list[Task], rubric: Rubric) -> str:
    if not tasks:
        return "Nothing planned"
    pairs: list[str] = []
    for task in tasks:
        label = f"{rubric.dimension(task.item.dimension).name} level {task.item.level}"
        if label not in pairs:
            pairs.append(label)
    return "Close gaps in " + ", ".join(pairs)


def _task(entry: PlanEntry | None, item: Item, status: str) -> Task:
    if entry is None:
        return Task(item=item, text=item.text, status=status)
    return Task(
        item=item,
        text=entry.task or item.text,
        status=status,
        owner=entry.owner,
        effort=entry.effort,
        blocker=entry.blocker,
        due=entry.due,
    )


def build_roadmap(gaps: Gaps) -> Roadmap:
    rubric = gaps.score.rubric
    snapshot = gaps.snapshot
    plan = sorted(snapshot.plan, key=lambda e: e.priority)
    phases = []
    for number, name, window in PHASES:
        last = number == len(PHASES)
        entries = [e for e in plan if e.priority == number or (last and e.priority > number)]
        tasks = [
            _task(e, rubric.item(e.item), snapshot.status(e.item))
            for e in entries
            if snapshot.status(e.item) != "done"
        ]
        phases.append(Phase(number, name, window, _goal(tasks, rubric), tuple(tasks)))
    planned = {e.item for e in plan}
    unplanned = tuple(
        _task(None, o.item, o.status)
        for d in gaps.dimensions
        for lg in d.levels
        if not lg.met
        for o in lg.open
        if o.item.id not in planned
    )
    gap_lines = []
    for lg_level in range(rubric.min_level + 1, gaps.target + 1):
        for d in gaps.dimensions:
            for lg in d.levels:
                if lg.level == lg_level and not lg.met:
                    names = "; ".join(o.item.text for o in lg.open)
                    gap_lines.append(
                        f"{d.name}, level {lg.level}: {lg.needed} more of {len(lg.open)} "
                        f"open item{'s' if len(lg.open) != 1 else ''} ({names})"
                    )
    overall = gaps.score.overall
    metrics = [Metric(None, overall.level, overall.upper, gaps.target)]
    metrics += [Metric(d.name, d.level, d.upper, d.goal) for d in gaps.dimensions
                if d.short]  # as far as each dimension's scope reaches
    return Roadmap(
        project=gaps.system.name,
        level=overall.level,
        upper=overall.upper,
        target=gaps.target,
        timeline_months=_months(gaps),
        owner=gaps.system.owner,
        gaps=tuple(gap_lines),
        phases=tuple(phases),
        unplanned=unplanned,
        metrics=tuple(metrics),
        unassessed=overall.unassessed,
    )
