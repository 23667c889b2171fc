"""The portfolio page: one heatmap per rubric, systems × dimensions, and a summary."""

from __future__ import annotations

from collections import Counter

from maturity.core.model import Rubric
from maturity.core.portfolio import STALE_AFTER_DAYS, SystemStatus
from maturity.site.data import SiteData, html_path, rubric_page
from maturity.site.fragments import html_block, wrap_table
from maturity.site.html import esc, level_chip, tag
from maturity.site.system_view import stale_flag, system_url, trend_text
from maturity.views.wording import level_span, md

EXPORTS = {"json": "portfolio.json", "csv": "portfolio.csv"}


def _sort(value: object) -> str:
    return f' data-sort="{esc(value)}"'


def _row(st: SystemStatus, rubric: Rubric, base: str) -> str:
    scored = st.score
    overall = scored.overall
    cells = [
        f'<th scope="row"{_sort(st.system.name.lower())}>'
        + tag("a", esc(st.system.name), href=system_url(st.system.id, base))
        + f'<br><span class="mt-muted">{esc(st.system.owner)}</span></th>',
        f'<td class="mt-heat"{_sort(overall.level + overall.upper / 10)}>'
        f"{level_chip(overall.level, overall.upper)}</td>",
    ]
    for dim in rubric.dimensions:
        s = scored.dimensions[dim.id]
        cells.append(
            f'<td class="mt-heat" data-dimension="{esc(dim.id)}"{_sort(s.level + s.upper / 10)}>'
            f"{level_chip(s.level, s.upper)}</td>"
        )
    target = "–" if st.target is None else str(st.target)
    gap = st.to_target
    gap_text = "–" if gap is None else ("met" if gap == 0 else f"{gap} to go")
    cells.append(f'<td{_sort(-1 if st.target is None else st.target)}>{target}</td>')
    cells.append(f'<td{_sort(-1 if gap is None else gap)} data-gap="{"" if gap is None else gap}">'
                 f"{gap_text}</td>")
    cells.append(
        f'<td{_sort(scored.snapshot.date.isoformat())} data-date="{scored.snapshot.date}">'
        f"{scored.snapshot.date} {stale_flag(st)}</td>"
    )
    cells.append(f"<td{_sort(st.trend if st.previous else -99)}>{trend_text(st)}</td>")
    stale = ' data-stale="true"' if st.stale else ""
    return f'<tr data-system="{esc(st.system.id)}"{stale}>{"".join(cells)}</tr>'


def heatmap_table(rubric: Rubric, statuses: tuple[SystemStatus, ...], base: str = "") -> str:
    head = (
        '<th data-sort-type="text">System</th><th data-sort-type="number">Overall</th>'
        + "".join(
            f'<th data-sort-type="number" title="{esc(d.name)}">{esc(d.name)}</th>'
            for d in rubric.dimensions
        )
        + '<th data-sort-type="number">Target</th><th data-sort-type="number">Gap</th>'
        '<th data-sort-type="text">Last assessed</th><th data-sort-type="number">Trend</th>'
    )
    rows = "".join(_row(st, rubric, base) for st in statuses)
    return wrap_table(
        f'<table data-mt="heatmap" data-sortable="true" data-rubric="{esc(rubric.ref)}" '
        "data-search-exclude>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def portfolio_markdown(data: SiteData, base: str = "") -> str:
    """Every rubric in use gets its heatmap (its dimensions differ from the others')."""
    if not data.statuses:
        return html_block("<p>No system yet: add a folder under <code>assessments/</code>.</p>")
    out = [html_block(
        '<p class="mt-legend">Each cell is a level; <em>1–2</em> means level 1, up to 2 once the '
        "unassessed items are answered (hatched). Click a column heading to sort. "
        f"Assessments older than {STALE_AFTER_DAYS} days (a quarter) are flagged "
        f"<em>stale</em>, counted to {data.as_of}. "
        + tag("a", "portfolio.json", href=base + EXPORTS["json"]) + " · "
        + tag("a", "portfolio.csv", href=base + EXPORTS["csv"]) + "</p>"
    )]
    for rubric in data.rubrics:
        statuses = data.systems_using(rubric)
        if not statuses:
            continue
        out.append(f"## {md(rubric.title)} {{#rubric-{rubric.id}-v{rubric.version}}}")
        link = tag("a", esc(rubric.ref), href=base + html_path(rubric_page(rubric)))
        n = len(statuses)
        out.append(html_block(
            f"<p>{n} system{'s' if n != 1 else ''} assessed against {link}.</p>"
            + heatmap_table(rubric, statuses, base)
        ))
    return "\n".join(out)


def overview_html(data: SiteData, base: str = "") -> str:
    """Counts for the home page: systems, stale, incomplete, by overall level."""
    statuses = data.statuses
    stale = sum(st.stale for st in statuses)
    incomplete = sum(not st.score.overall.complete for st in statuses)
    below = sum(1 for st in statuses if st.to_target)
    levels = Counter(level_span(st.score.overall.level, st.score.overall.upper) for st in statuses)
    dist = " ".join(
        f'{tag("span", esc(k), class_=f"mt-chip mt-l{k[0]}")}&nbsp;×&nbsp;{v}'
        for k, v in sorted(levels.items())
    )
    cards = [
        ("Systems", str(len(statuses))),
        ("Below target", str(below)),
        ("Stale (older than a quarter)", str(stale)),
        ("Incomplete (unassessed items)", str(incomplete)),
    ]
    body = "".join(
        f'<div class="mt-card"><div class="mt-card-n">{v}</div><div>{k}</div></div>' for k, v in cards
    )
    return html_block(
        f'<div class="mt-cards" data-systems="{len(statuses)}">{body}</div>'
        f'<p>Overall levels: {dist or "none"}. '
        + tag("a", "Open the portfolio", href=base + "portfolio.html") + ".</p>"
    )
