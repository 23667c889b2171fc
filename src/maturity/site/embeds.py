"""Live figures for hand-written pages: what the ``level``, ``badge``, ``checklist``,
``gaps``, ``roadmap`` and ``heatmap`` macros show (``maturity.site.macros``).

Each returns Markdown for the page (HTML in raw blocks, or inline HTML for the
one-line figures) from the build's data; the arguments were checked by the macros.
The parts are the system and portfolio pages' own, so an embedded checklist reads as
it does on the system's page.
"""

from __future__ import annotations

from maturity.core.gaps import compute_gaps
from maturity.core.model import Rubric
from maturity.core.portfolio import SystemStatus
from maturity.core.roadmap import build_roadmap
from maturity.site.data import SiteData
from maturity.site.fragments import html_block
from maturity.site.html import esc
from maturity.site.portfolio_view import heatmap_table
from maturity.site.system_view import checklist_table, export_paths, gap_html, roadmap_html, system_url
from maturity.views.text import level_range


def level_html(st: SystemStatus) -> str:
    """``level 1, up to 2 — 7 items unassessed``, inline, with the numbers as data attributes."""
    overall = st.score.overall
    return (
        f'<span class="mt-embed-level" data-system="{esc(st.system.id)}" data-level="{overall.level}" '
        f'data-upper="{overall.upper}">{esc(level_range(overall.level, overall.upper, overall.unassessed))}'
        "</span>"
    )


def badge_html(st: SystemStatus, base: str) -> str:
    """The system's level badge (the site's ``badges/<system>.svg``), linked to its page."""
    overall = st.score.overall
    alt = f"MLOps maturity of {st.system.name}: {level_range(overall.level, overall.upper)}"
    return (
        f'<a class="mt-embed-badge" href="{esc(system_url(st.system.id, base))}">'
        f'<img src="{esc(base + export_paths(st.system.id)["badge"])}" alt="{esc(alt)}"></a>'
    )


def _title(text: str) -> str:
    return f'<p class="mt-embed-title"><strong>{esc(text)}</strong></p>'


def checklist_markdown(st: SystemStatus, dimension: str | None) -> str:
    """The newest snapshot's checklist: every dimension, or one."""
    dims = [d for d in st.rubric.dimensions if dimension is None or d.id == dimension]
    return "".join(
        html_block((_title(d.name) if dimension is None else "") + checklist_table(st, d)) for d in dims
    )


def gaps_markdown(st: SystemStatus, target: int | None) -> str:
    """The open items up to ``target`` (default: the system's target, else the next level)."""
    gaps = compute_gaps(st.system, st.rubric, target)
    intro = (
        f'<p data-embed="gaps" data-system="{esc(st.system.id)}" data-target="{gaps.target}" '
        f'data-needed="{gaps.needed}">To meet level {gaps.target} in every dimension, '
        f"<strong>{gaps.needed}</strong> more item{'s' if gaps.needed != 1 else ''} must be done.</p>"
    )
    parts = [
        _title(d.name) + gap_html(st.rubric, d)
        for d in gaps.dimensions
        if any(not lg.met or lg.open for lg in d.levels)
    ]
    return html_block(intro + ("".join(parts) or "<p>No open item up to the target.</p>"))


def roadmap_markdown(st: SystemStatus) -> str:
    """The seed's improvement roadmap, filled from the gaps to the target and the plan."""
    return html_block(roadmap_html(build_roadmap(compute_gaps(st.system, st.rubric))))


def heatmap_markdown(data: SiteData, rubrics: list[Rubric], tag: str | None, base: str) -> str:
    """Systems × dimensions, one table per rubric, only the systems with ``tag`` if given."""
    out = []
    for rubric in rubrics:
        statuses = tuple(
            st for st in data.systems_using(rubric) if tag is None or tag in st.system.tags
        )
        if statuses:
            title = _title(f"{rubric.title} ({rubric.ref})") if len(rubrics) > 1 else ""
            out.append(html_block(title + heatmap_table(rubric, statuses, base)))
    return "".join(out) or html_block("<p>No system to show.</p>")
