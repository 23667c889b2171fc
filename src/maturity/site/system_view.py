"""A system's page: summary, levels, checklist, gaps, roadmap, history, changes.

The page is the template ``templates/system.md`` (its parts under ``templates/system/``);
this module gathers what it shows and writes no HTML.
"""

from __future__ import annotations

import itertools
from typing import Any

from maturity.core.diff import SnapshotDiff, compare_scores
from maturity.core.mapping import crosswalks, new_items, newer_version
from maturity.core.model import UNASSESSED
from maturity.core.plan import suggest_plan
from maturity.core.portfolio import STALE_AFTER_DAYS
from maturity.core.scoring import score_snapshot
from maturity.site.charts import history_spec, levels_spec, spec_json
from maturity.site.data import SiteData, campaign_page, html_path, rubric_page, system_page
from maturity.site.jinja import Article, render, render_article
from maturity.views.explain import models_differ, overall_rule
from maturity.views.plan import suggestion_reason


def system_url(system_id: str, base: str = "") -> str:
    return base + html_path(system_page(system_id))


def export_paths(system_id: str) -> dict[str, str]:
    return {"json": f"systems/{system_id}.json", "badge": f"badges/{system_id}.svg"}


def changes_html(changes: SnapshotDiff) -> str:
    """Levels before and after (overall first), then every item whose answer changed."""
    assert changes.before is not None and changes.after is not None
    return render("system/changes.html", changes=changes)


def system_article(data: SiteData, system_id: str, base: str = "") -> Article:
    """The whole page as HTML with its table of contents (the generated page)."""
    return render_article("system.md", **system_context(data, system_id, base))


def system_markdown(data: SiteData, system_id: str, base: str = "") -> str:
    """The whole page as Markdown (the page's file, for an engine that reads files)."""
    return render("system.md", **system_context(data, system_id, base))


NEXT_SHOWN = 6  # items named in each line of the Next actions box (the rest are counted)


def next_actions(data: SiteData, system_id: str) -> dict[str, Any]:
    """What the first screen says to do next: the suggested plan to the next level (or
    the target), the unassessed items that keep the level open, expired answers, an
    overdue target."""
    st = data.status(system_id)
    scored, rubric = st.score, st.rubric
    snap = scored.snapshot
    goal = st.target if st.target is not None and st.target > scored.overall.level else None
    plan = suggest_plan(rubric, st.system.current, data.as_of, goal)
    overall = scored.overall
    open_levels = range(overall.level + 1, overall.upper + 1)
    blocking = [i for i in rubric.items if i.level in open_levels and snap.status(i.id) == UNASSESSED]
    aged = [f for f in scored.findings if f.item is not None]
    return dict(
        plan=plan, plan_items=[(s, rubric.item(s.item)) for s in (plan.items if plan else ())],
        blocking=blocking, aged=aged, overdue=st.overdue, shown=NEXT_SHOWN,
        reason=suggestion_reason(plan) if plan else None,
    )


def system_context(data: SiteData, system_id: str, base: str = "") -> dict[str, Any]:
    """What the page shows; ``base`` leads from the page to the site root (e.g. ``../``)."""
    st = data.status(system_id)
    scored, rubric, target = st.score, st.rubric, st.system.target_level
    gaps = data.gaps(system_id)
    previous = st.previous
    portfolio = data.portfolio
    newer = newer_version(portfolio, rubric)
    others = [(t, score_snapshot(t.rubric, t.snapshot, data.as_of))
              for t in crosswalks(portfolio, st.system.current)]
    return dict(
        st=st, gaps=gaps, roadmap=data.roadmap(system_id), as_of=data.as_of, base=base,
        expired={f.item: f for f in scored.findings if f.item is not None},
        broken=data.broken, campaigns=data.campaigns_of(system_id),
        campaign_url=lambda campaign_id: base + html_path(campaign_page(campaign_id)),
        stale_after=STALE_AFTER_DAYS, exports=export_paths(system_id),
        rubric_url=base + html_path(rubric_page(rubric)),
        gap=max(0, gaps.target - scored.overall.level),
        level_rows=[
            *((d.id, d.name, scored.dimensions[d.id]) for d in rubric.dimensions),
            ("overall", "Overall", scored.overall),
        ],
        gap_dims=[
            (d, levels) for d in gaps.dimensions
            if (levels := [lg for lg in d.levels if not lg.met or lg.open])
        ],
        levels_chart=spec_json(levels_spec(scored, target)),
        history_chart=spec_json(history_spec(st.history, target)),
        changes=None if previous is None else compare_scores(system_id, st.system.name, previous, scored),
        other_models=others,
        newer=newer,
        new_items=[newer.item(i) for i in new_items(rubric, newer)] if newer else [],
        upgraded={
            later.snapshot.date: earlier.rubric.ref
            for earlier, later in itertools.pairwise(st.history)
            if earlier.rubric.ref != later.rubric.ref
        },
        profile=portfolio.profile_of(st.system),
        next=next_actions(data, system_id),
        overall_rule=overall_rule(rubric, scored),
        differ=[models_differ(scored, other, len(t.snapshot.answers),
                              len(other.rubric.items) - len(t.snapshot.answers))
                for t, other in others],
    )
