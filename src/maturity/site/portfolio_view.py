"""The portfolio page: one heatmap per rubric, systems × dimensions, and the home page's counts."""

from __future__ import annotations

from collections import Counter

from maturity.core.mapping import as_rubric
from maturity.core.model import Rubric, same_rubric
from maturity.core.portfolio import STALE_AFTER_DAYS, SystemStatus, roll_up
from maturity.core.scoring import SnapshotScore, score_snapshot
from maturity.site.data import SiteData, html_path, rubric_page
from maturity.site.jinja import render
from maturity.site.system_view import system_url
from maturity.views.wording import level_span

EXPORTS = {"json": "portfolio.json", "csv": "portfolio.csv"}


def portfolio_markdown(data: SiteData, base: str = "") -> str:
    """Every rubric in use gets its heatmap (its dimensions differ from the others')."""
    groups = [(r, data.systems_using(r)) for r in data.rubrics]
    return render(
        "portfolio.md",
        groups=[(r, statuses) for r, statuses in groups if statuses],
        one_model=one_model_tables(data),
        as_of=data.as_of, stale_after=STALE_AFTER_DAYS, exports=EXPORTS, base=base,
        system_url=lambda system_id: system_url(system_id, base),
        rubric_url=lambda rubric: base + html_path(rubric_page(rubric)),
        rollups=rollups_html(data),
    )


OneModelRow = tuple[SystemStatus, SnapshotScore, str | None]


def one_model_tables(data: SiteData) -> list[tuple[Rubric, list[OneModelRow]]]:
    """For each model a crosswalk leads to: every system in it, the ones assessed in
    another model translated through the crosswalk (``via`` names the mapping)."""
    portfolio = data.portfolio
    targets = {m.target for m in portfolio.mappings.values()
               if not same_rubric(m.source, m.target)}
    tables = []
    for ref in sorted(targets):
        rubric = portfolio.rubrics[ref]
        rows: list[OneModelRow] = []
        for st in data.statuses:
            snap = st.system.current
            if snap.rubric == ref:
                rows.append((st, st.score, None))
            elif f"{snap.rubric}--{ref}" in portfolio.mappings:
                seen = as_rubric(portfolio, snap, ref)
                via = seen.via.name if seen.via else None
                rows.append((st, score_snapshot(seen.rubric, seen.snapshot, data.as_of), via))
        if any(via for _, _, via in rows):
            tables.append((rubric, rows))
    return tables


def _overall_span(data: SiteData) -> Counter[tuple[str, int]]:
    return Counter(
        (level_span(st.score.overall.level, st.score.overall.upper), st.score.overall.level)
        for st in data.statuses
    )


def overview_html(data: SiteData, base: str = "") -> str:
    """Counts for the home page: systems, stale, incomplete, by overall level."""
    statuses = data.statuses
    groups = [
        ("Systems", list(statuses)),
        ("Below target", [st for st in statuses if st.to_target]),
        ("Overdue (target date passed)", [st for st in statuses if st.overdue]),
        ("Stale (older than a quarter)", [st for st in statuses if st.stale]),
        ("Incomplete (unassessed items)", [st for st in statuses if not st.score.overall.complete]),
    ]
    cards = [(label, len(members)) for label, members in groups]
    links = [[(st.system.name, system_url(st.system.id, base)) for st in members] for _, members in groups]
    levels = [(span, level, n) for (span, level), n in sorted(_overall_span(data).items())]
    return render("overview.html", systems=len(statuses), cards=cards, levels=levels, base=base,
                  links=links)




def rollups_html(data: SiteData) -> str:
    """The portfolio grouped by owner and by tag: levels, below target, overdue, stale,
    expired evidence per group (``core.portfolio.roll_up``)."""
    return render(
        "portfolio/rollups.html",
        tables=[("owner", "Owner", roll_up(data.statuses, "owner")),
                ("tag", "Tag", roll_up(data.statuses, "tag"))],
    )
