"""Live figures for hand-written pages: what the ``level``, ``badge``, ``checklist``,
``gaps``, ``roadmap`` and ``heatmap`` macros show (``maturity.site.macros``).

Each renders a template under ``templates/embed/`` from the build's data (the
arguments were checked by the macros). The parts are the system and portfolio pages'
own templates, so an embedded checklist reads as it does on the system's page.
"""

from __future__ import annotations

from collections.abc import Callable

from maturity.core.model import Rubric
from maturity.core.portfolio import STALE_AFTER_DAYS, SystemStatus
from maturity.site.data import SiteData
from maturity.site.jinja import render
from maturity.site.system_view import export_paths, system_url
from maturity.store.linkresults import CheckedLink


def level_html(st: SystemStatus) -> str:
    """``level 1, up to 2 — 7 items unassessed``, inline, its numbers as data attributes."""
    return render("embed/level.html", st=st)


def badge_html(st: SystemStatus, base: str) -> str:
    """The system's level badge (the site's ``badges/<system>.svg``), linked to its page."""
    return render(
        "embed/badge.html", st=st, system_url=system_url(st.system.id, base),
        badge_url=base + export_paths(st.system.id)["badge"],
    )


def checklist_markdown(
    st: SystemStatus, dimension: str | None, broken: Callable[[str], CheckedLink | None] = lambda _: None
) -> str:
    """The newest snapshot's checklist: every dimension (each titled), or one; ``broken``
    says which evidence the last link check found broken."""
    dims = [d for d in st.rubric.dimensions if dimension is None or d.id == dimension]
    expired = {f.item: f for f in st.score.findings if f.item is not None}
    return render("embed/checklist.md", st=st, dims=dims, titles=dimension is None,
                  expired=expired, broken=broken)


def gaps_markdown(st: SystemStatus, target: int | None) -> str:
    """The open items up to ``target`` (default: the system's target, else the next level)."""
    gaps = st.gaps(target)
    gap_dims = [
        (d, levels) for d in gaps.dimensions if (levels := [lg for lg in d.levels if not lg.met or lg.open])
    ]
    return render("embed/gaps.md", st=st, gaps=gaps, gap_dims=gap_dims)


def roadmap_markdown(st: SystemStatus) -> str:
    """The seed's improvement roadmap, filled from the gaps to the target and the plan."""
    return render("embed/roadmap.md", roadmap=st.roadmap())


def heatmap_markdown(data: SiteData, rubrics: list[Rubric], tag: str | None, base: str) -> str:
    """Systems × dimensions, one table per rubric, only the systems with ``tag`` if given."""
    groups = []
    for rubric in rubrics:
        statuses = tuple(st for st in data.systems_using(rubric) if tag is None or tag in st.system.tags)
        if statuses:
            groups.append((rubric, statuses))
    return render(
        "embed/heatmap.md", groups=groups, stale_after=STALE_AFTER_DAYS,
        system_url=lambda system_id: system_url(system_id, base),
    )
