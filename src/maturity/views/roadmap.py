"""The improvement roadmap as Markdown, in the seed template's layout, user text inert."""

from __future__ import annotations

from maturity.core.roadmap import Roadmap, level_text
from maturity.views.wording import md, md_code


def roadmap_markdown(roadmap: Roadmap) -> str:
    """The roadmap in the seed template's own Markdown layout.

    Every text from the files (the system's name and owner, item texts, plan tasks,
    owners, blockers) goes through the one Markdown escaper, as in every other
    Markdown output: a name with ``<script>`` or ``[x](javascript:…)`` stays text.
    """
    timeline = f"{roadmap.timeline_months} months" if roadmap.timeline_months is not None else "not set"
    out = [
        f"# MLOps Improvement Roadmap - {md(roadmap.project)}",
        "",
        f"**Current Maturity**: {level_text(roadmap.level, roadmap.upper)}",
        f"**Target Maturity**: Level {roadmap.target}",
        f"**Timeline**: {timeline}",
        f"**Owner**: {md(roadmap.owner)}",
        "",
        "## Gaps Identified",
    ]
    out += [f"{n}. {md(line)}" for n, line in enumerate(roadmap.gaps, 1)] or ["None: the target is met."]
    out += ["", "## Improvement Plan"]
    for phase in roadmap.phases:
        out += ["", f"### Phase {phase.number}: {md(phase.name)} ({md(phase.window)})",
                f"**Goal**: {md(phase.goal)}", ""]
        for task in phase.tasks:
            out.append(f"- [ ] {md(task.text)} ({md_code(task.item.id)}, {task.status})")
            for label, value in (("Effort", task.effort), ("Owner", task.owner),
                                 ("Due", task.due), ("Blocker", task.blocker)):
                if value:
                    out.append(f"  - {label}: {md(value)}")
    if roadmap.unplanned:
        out += ["", "### Not yet planned (gaps to the target)", ""]
        out += [f"- [ ] {md(t.text)} ({md_code(t.item.id)}, {t.status})" for t in roadmap.unplanned]
    out += ["", "## Success Metrics"]
    out += [f"- {md(m)}" for m in roadmap.metrics]
    return "\n".join(out) + "\n"
