"""A system's page: summary, levels, checklist, gaps, roadmap, history, changes."""

from __future__ import annotations

from collections.abc import Sequence

from maturity.core.diff import ItemChange, SnapshotDiff, compare_scores
from maturity.core.gaps import DimensionGap
from maturity.core.model import Answer, Dimension, Rubric
from maturity.core.portfolio import STALE_AFTER_DAYS, SystemStatus
from maturity.core.roadmap import Roadmap
from maturity.core.scoring import SnapshotScore
from maturity.site.data import SiteData, html_path, rubric_page, system_page
from maturity.site.figures import history_svg, levels_svg
from maturity.site.fragments import html_block, num, status_chip, tally_cell, wrap_table
from maturity.site.html import esc, level_chip, level_text, md_text, safe_href, tag
from maturity.views.text import level_range


def system_url(system_id: str, base: str = "") -> str:
    return base + html_path(system_page(system_id))


def export_paths(system_id: str) -> dict[str, str]:
    return {"json": f"systems/{system_id}.json", "badge": f"badges/{system_id}.svg"}


def trend_text(st: SystemStatus) -> str:
    if st.previous is None:
        return tag("span", "first snapshot", class_="mt-trend mt-trend-new", data_trend="new")
    arrow, cls = ("→", "flat") if st.trend == 0 else (("↑", "up") if st.trend > 0 else ("↓", "down"))
    sign = f"{st.trend:+d}" if st.trend else "±0"
    return tag(
        "span", f"{arrow} {sign}", class_=f"mt-trend mt-trend-{cls}", data_trend=st.trend,
        title=f"overall level since {st.previous.snapshot.date}",
    )


def stale_flag(st: SystemStatus) -> str:
    if not st.stale:
        return ""
    return tag(
        "span", "stale", class_="mt-stale", data_stale="true",
        title=f"assessed {st.age_days} days ago; reassess every quarter "
        f"(more than {STALE_AFTER_DAYS} days is stale)",
    )


def _header(data: SiteData, st: SystemStatus, base: str) -> str:
    system, snap = st.system, st.system.current
    exports = export_paths(system.id)
    rows = [
        ("Owner", esc(system.owner)),
        ("Rubric", tag("a", esc(f"{st.rubric.title} ({st.rubric.ref})"),
                       href=base + html_path(rubric_page(st.rubric)))),
        ("Last assessment", f'<span data-date="{snap.date}">{snap.date}</span> '
         f"({st.age_days} days before {data.as_of}) {stale_flag(st)}"),
        ("Assessors", esc(", ".join(snap.assessors)) or "not recorded"),
        ("Snapshots", str(len(system.snapshots))),
    ]
    if system.tags:
        rows.append(("Tags", " ".join(tag("span", esc(t), class_="mt-tag") for t in system.tags)))
    rows.append((
        "Exports",
        tag("a", "JSON", href=base + exports["json"]) + " · "
        + tag("a", "level badge", href=base + exports["badge"])
        + f' <img class="mt-badge" src="{esc(base + exports["badge"])}" alt="maturity badge">',
    ))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    desc = tag("p", esc(system.description), class_="mt-desc") if system.description else ""
    return html_block(f'<div class="mt-header">{desc}<dl class="mt-facts">{dl}</dl></div>')


def _summary(data: SiteData, st: SystemStatus) -> str:
    scored = st.score
    overall = scored.overall
    target = data.gaps(st.system.id).target
    target_line = (
        f"level {target}" + (f" by {st.system.target_date}" if st.system.target_date else "")
        if st.target is not None else f"level {target} (next level; the system sets no target)"
    )
    gap = max(0, target - overall.level)
    gap_text = "target met" if gap == 0 else f"{gap} level{'s' if gap != 1 else ''} to go"
    facts = [
        ("Overall", level_chip(overall.level, overall.upper) + " "
         + tag("span", esc(level_range(overall.level, overall.upper, overall.unassessed)),
               class_="mt-overall-text", data_overall=level_text(overall.level, overall.upper))),
        ("Target", f'<span data-target="{target}">{esc(target_line)}</span>'),
        ("Gap", f'<span data-gap="{gap}">{gap_text}</span>'),
        ("Trend", trend_text(st)),
    ]
    out = [
        "## Summary {#summary}",
        html_block(
            '<dl class="mt-facts mt-summary">'
            + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"
        ),
    ]
    if scored.snapshot.summary:
        out.append(html_block(tag("blockquote", tag("p", esc(scored.snapshot.summary)),
                                  class_="mt-snapshot-summary")))
    out.append(_findings(scored))
    return "\n".join(out)


def _findings(scored: SnapshotScore) -> str:
    if not scored.findings:
        said = ("Every declared level is within the range the answers support."
                if scored.snapshot.declared else
                "The snapshot declares no level by hand: the levels above are computed only.")
        return html_block(
            '<div class="admonition success mt-findings" data-findings="0">'
            f'<p class="admonition-title">No findings</p><p>{said}</p></div>'
        )
    rubric = scored.rubric
    items = []
    for f in scored.findings:
        explained = ""
        if f.items:
            lis = "".join(
                f'<li><code>{esc(i)}</code> {esc(rubric.item(i).text)} '
                f"{status_chip(scored.snapshot.status(i))}</li>"
                for i in f.items
            )
            explained = f"<p>Explained by:</p><ul>{lis}</ul>"
        items.append(
            f'<li data-finding="{esc(f.dimension)}" data-declared="{f.declared}" '
            f'data-level="{f.level}" data-upper="{f.upper}">'
            f"<p>{esc(f.message)}</p>{explained}</li>"
        )
    n = len(scored.findings)
    return html_block(
        f'<div class="admonition warning mt-findings" data-findings="{n}">'
        f'<p class="admonition-title">{n} finding{"s" if n != 1 else ""}: declared levels '
        "the answers do not support</p>"
        f'<ul>{"".join(items)}</ul></div>'
    )


def _levels(st: SystemStatus) -> str:
    scored, rubric = st.score, st.rubric
    levels = rubric.scored_levels
    head = "<tr><th>Dimension</th><th>Level</th>" + "".join(
        f'<th>Level {lv}<br><span class="mt-muted">{esc(rubric.level_info(lv).name)}</span></th>'
        for lv in levels
    ) + "</tr>"
    rows = []
    for key, name, score in [
        *((d.id, d.name, scored.dimensions[d.id]) for d in rubric.dimensions),
        ("overall", "Overall", scored.overall),
    ]:
        cells = "".join(
            f'<td data-level-cell="{lv}">{tally_cell(score.tally(lv), rubric.scoring.threshold)}</td>'
            for lv in levels
        )
        cls = ' class="mt-overall-row"' if key == "overall" else ""
        rows.append(
            f'<tr data-dimension="{esc(key)}"{cls}><th scope="row">{esc(name)}</th>'
            f"<td>{level_chip(score.level, score.upper)}</td>{cells}</tr>"
        )
    table = f'<table data-mt="levels"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    threshold = num(rubric.scoring.threshold * 100)
    legend = (
        f'<p class="mt-legend">Each cell: credit / applicable items (done counts 1, partial '
        f"{num(rubric.scoring.partial_credit)}, n/a items leave the count), against the "
        f"{threshold} % threshold (the mark on the bar). "
        "+n? counts unassessed items; ~ open means met only if they are done. "
        + ("Levels are cumulative: a level counts only when every lower one is met."
           if rubric.scoring.cumulative else "") + "</p>"
    )
    chart = levels_svg(scored, st.system.target_level)
    figure = (
        '<figure class="mt-chart" data-search-exclude>'
        f"{chart}<figcaption>Level of each dimension; hatched: the level it may reach once "
        "the unassessed items are answered.</figcaption></figure>"
    )
    return "\n".join([
        "## Levels by dimension {#levels}",
        html_block(figure),
        html_block(wrap_table(table) + legend),
    ])


def _links(evidence: Sequence[str]) -> list[str]:
    """Evidence links: http(s) and relative ones as links, anything else as plain text."""
    out = []
    for link in evidence:
        href = safe_href(link)
        text = esc(link)
        out.append(tag("a", text, href=href, rel="noopener nofollow") if href else tag("span", text))
    return out


def _evidence(answer: Answer | None) -> str:
    return "" if answer is None else "<br>".join(_links(answer.evidence))


def checklist_table(st: SystemStatus, dim: Dimension) -> str:
    """One dimension of the checklist: its level, then each level's items (HTML)."""
    rubric, snapshot, scored = st.rubric, st.system.current, st.score
    score = scored.dimensions[dim.id]
    bodies = []
    for lv in rubric.scored_levels:
        items = dim.items_at(lv)
        if not items:
            continue
        t = score.tally(lv)
        rows = [
            f'<tr class="mt-level-row"><th colspan="4">Level {lv}: '
            f"{esc(rubric.level_info(lv).name)} {tally_cell(t, rubric.scoring.threshold)}</th></tr>"
        ]
        for item in items:
            answer = snapshot.answers.get(item.id)
            note = esc(answer.note) if answer and answer.note else ""
            rows.append(
                f'<tr data-item="{esc(item.id)}" data-status="{snapshot.status(item.id)}">'
                f'<td>{esc(item.text)}<br><code class="mt-id">{esc(item.id)}</code></td>'
                f"<td>{status_chip(snapshot.status(item.id))}</td>"
                f'<td class="mt-evidence">{_evidence(answer)}</td>'
                f'<td class="mt-note">{note}</td></tr>'
            )
        bodies.append(f'<tbody data-level="{lv}">{"".join(rows)}</tbody>')
    table = (
        f'<table data-mt="checklist" data-dimension="{esc(dim.id)}"><thead><tr>'
        "<th>Practice</th><th>Status</th><th>Evidence</th><th>Note</th></tr></thead>"
        f'{"".join(bodies)}</table>'
    )
    level = level_chip(score.level, score.upper)
    return f'<p class="mt-dimlevel">Level {level}</p>' + wrap_table(table)


def _checklist(st: SystemStatus) -> str:
    rubric, snapshot = st.rubric, st.system.current
    out = ["## Checklist {#checklist}", html_block(
        f'<p class="mt-legend">Snapshot of {snapshot.date}: every practice of {esc(rubric.ref)}, '
        "by dimension and level, with its status, evidence and note.</p>"
    )]
    for dim in rubric.dimensions:
        out.append(f"### {md_text(dim.name)} {{#checklist-{dim.id}}}")
        out.append(html_block(checklist_table(st, dim)))
    return "\n".join(out)


def gap_html(rubric: Rubric, d: DimensionGap) -> str:
    """One dimension's gaps: each open level, what it needs and its open items (HTML)."""
    parts = [f'<div class="mt-gap" data-dimension="{esc(d.id)}" data-needed="{d.needed}">']
    for lg in d.levels:
        if lg.met and not lg.open:
            continue
        state = "met" if lg.met else f"needs {lg.needed} more of {len(lg.open)} open"
        lis = "".join(
            f'<li data-item="{esc(o.item.id)}" data-status="{esc(o.status)}">'
            f"{status_chip(o.status)} {esc(o.item.text)} <code>{esc(o.item.id)}</code>"
            + (f' <span class="mt-note">— {esc(o.note)}</span>' if o.note else "")
            + "</li>"
            for o in lg.open
        )
        parts.append(
            f'<p data-gap-level="{lg.level}" data-level-needed="{lg.needed}">'
            f"<strong>Level {lg.level}</strong> ({esc(rubric.level_info(lg.level).name)}): "
            f"{state} {tally_cell(lg.tally, rubric.scoring.threshold)}</p><ul>{lis}</ul>"
        )
    parts.append("</div>")
    return "".join(parts)


def _gaps(data: SiteData, st: SystemStatus) -> str:
    gaps = data.gaps(st.system.id)
    rubric = st.rubric
    out = [f"## Gaps to level {gaps.target} {{#gaps}}"]
    intro = (
        f'<p data-needed="{gaps.needed}">To meet level {gaps.target} in every dimension, '
        f"<strong>{gaps.needed}</strong> more item{'s' if gaps.needed != 1 else ''} must be done "
        "(the fewest that cross each threshold; open items are to do, partial or unassessed).</p>"
    )
    out.append(html_block(intro))
    any_gap = False
    for d in gaps.dimensions:
        open_levels = [lg for lg in d.levels if not lg.met or lg.open]
        if not open_levels:
            continue
        any_gap = True
        out.append(f"### {md_text(d.name)} {{#gaps-{d.id}}}")
        out.append(html_block(gap_html(rubric, d)))
    if not any_gap:
        out.append(html_block("<p>No open item up to the target.</p>"))
    return "\n".join(out)


def roadmap_html(roadmap: Roadmap) -> str:
    """The seed's "Improvement Roadmap Template", filled, as HTML."""
    lvl = (f"Level {roadmap.level}" if roadmap.level == roadmap.upper
           else f"Level {roadmap.level} (up to {roadmap.upper})")
    timeline = f"{roadmap.timeline_months} months" if roadmap.timeline_months is not None else "not set"
    head = (
        f"<h3>MLOps Improvement Roadmap - {esc(roadmap.project)}</h3>"
        f"<p><strong>Current Maturity</strong>: {esc(lvl)}<br>"
        f"<strong>Target Maturity</strong>: Level {roadmap.target}<br>"
        f"<strong>Timeline</strong>: {esc(timeline)}<br>"
        f"<strong>Owner</strong>: {esc(roadmap.owner)}</p>"
    )
    gaps = "".join(f"<li>{esc(g)}</li>" for g in roadmap.gaps) or "<li>None: the target is met.</li>"
    parts = [head, "<h4>Gaps Identified</h4>", f"<ol>{gaps}</ol>", "<h4>Improvement Plan</h4>"]

    def task_li(task_text: str, item_id: str, status: str, details: list[tuple[str, str | None]]) -> str:
        sub = "".join(f"<li>{label}: {esc(v)}</li>" for label, v in details if v)
        return (
            f'<li class="mt-task" data-item="{esc(item_id)}">☐ {esc(task_text)} '
            f"<code>{esc(item_id)}</code> {status_chip(status)}"
            + (f"<ul>{sub}</ul>" if sub else "") + "</li>"
        )

    for phase in roadmap.phases:
        tasks = "".join(
            task_li(t.text, t.item.id, t.status,
                    [("Effort", t.effort), ("Owner", t.owner), ("Due", t.due), ("Blocker", t.blocker)])
            for t in phase.tasks
        ) or '<li class="mt-muted">Nothing planned in this phase.</li>'
        parts.append(
            f'<h5>Phase {phase.number}: {esc(phase.name)} ({esc(phase.window)})</h5>'
            f"<p><strong>Goal</strong>: {esc(phase.goal)}</p><ul class=\"mt-tasks\">{tasks}</ul>"
        )
    if roadmap.unplanned:
        tasks = "".join(task_li(t.text, t.item.id, t.status, []) for t in roadmap.unplanned)
        parts.append(f"<h5>Not yet planned (gaps to the target)</h5><ul class=\"mt-tasks\">{tasks}</ul>")
    metrics = "".join(f"<li>{esc(m)}</li>" for m in roadmap.metrics)
    parts.append(f"<h4>Success Metrics</h4><ul>{metrics}</ul>")
    return '<div class="mt-roadmap">' + "".join(parts) + "</div>"


def _roadmap(data: SiteData, st: SystemStatus) -> str:
    return "\n".join([
        "## Roadmap {#roadmap}",
        html_block(
            '<p class="mt-legend">The seed\'s improvement roadmap template, filled from the gaps '
            "and the snapshot's own plan (priority 1, 2, 3 and later: phases 1, 2, 3).</p>"
            + roadmap_html(data.roadmap(st.system.id))
        ),
    ])


def _history(st: SystemStatus) -> str:
    rubric = st.rubric
    dims = rubric.dimensions
    head = "<tr><th>Date</th><th>Rubric</th><th>Overall</th>" + "".join(
        f'<th title="{esc(d.name)}">{esc(d.name)}</th>' for d in dims
    ) + "<th>Unassessed</th><th>Findings</th></tr>"
    rows = []
    for h in reversed(st.history):
        cells = "".join(
            f"<td>{level_chip(h.dimensions[d.id].level, h.dimensions[d.id].upper)}</td>"
            if d.id in h.dimensions else '<td class="mt-muted">–</td>'
            for d in dims
        )
        rows.append(
            f'<tr data-snapshot="{h.snapshot.date}"><td>{h.snapshot.date}</td>'
            f"<td>{esc(h.rubric.ref)}</td>"
            f"<td>{level_chip(h.overall.level, h.overall.upper)}</td>{cells}"
            f"<td>{h.unassessed}</td><td>{len(h.findings)}</td></tr>"
        )
    table = f'<table data-mt="history"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    chart = history_svg(st.history, st.system.target_level)
    return "\n".join([
        "## History {#history}",
        html_block(
            f'<figure class="mt-chart" data-search-exclude>{chart}<figcaption>Overall level at each '
            "snapshot; shaded: up to the level the unassessed items allow.</figcaption></figure>"
        ),
        html_block(wrap_table(table)),
    ])


def _item_change_row(c: ItemChange) -> str:
    evidence = [f"+ {link}" for link in _links(c.evidence_added)]
    evidence += [f'<del>{link}</del>' for link in _links(c.evidence_removed)]
    if c.note_changed:
        before = esc(c.note_before) if c.note_before else "<em>none</em>"
        after = esc(c.note_after) if c.note_after else "<em>none</em>"
        note = f"{before} → {after}"
    else:
        note = esc(c.note_after or "")
    return (
        f'<tr data-item="{esc(c.item)}" data-before="{esc(c.before)}" data-after="{esc(c.after)}">'
        f'<td>{esc(c.text)}<br><code class="mt-id">{esc(c.item)}</code></td>'
        f"<td>{status_chip(c.before)}</td><td>{status_chip(c.after)}</td>"
        f'<td class="mt-evidence">{"<br>".join(evidence)}</td><td class="mt-note">{note}</td></tr>'
    )


def changes_html(changes: SnapshotDiff) -> str:
    """Levels before and after (overall first), then every item whose answer changed."""
    assert changes.before is not None and changes.after is not None
    before, after = changes.before, changes.after
    parts = [f"<p>From {before.snapshot.date} ({esc(before.rubric.ref)}) to {after.snapshot.date} "
             f"({esc(after.rubric.ref)}).</p>"]
    if changes.rubric_changed:
        parts.append("<p>The rubric changed between the two snapshots: levels are compared "
                     "per dimension id.</p>")
    rows = []
    for lc in (changes.overall, *changes.dimensions):
        old = "–" if lc.before is None else level_text(*lc.before)
        new = "–" if lc.after is None else level_text(*lc.after)
        mark = {1: "↑ up", -1: "↓ down"}.get(lc.direction, "changed range" if lc.changed else "same")
        rows.append(
            f'<tr data-dimension="{esc(lc.dimension)}" data-before="{esc(old)}" data-after="{esc(new)}"'
            + (' class="mt-changed"' if lc.changed else "")
            + f"><th scope=\"row\">{esc(lc.name)}</th><td>{esc(old)}</td><td>{esc(new)}</td>"
            f"<td>{mark}</td></tr>"
        )
    parts.append(wrap_table(
        '<table data-mt="changes"><thead><tr><th>Dimension</th><th>Before</th><th>After</th>'
        f'<th>Change</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    ))
    if changes.items:
        n = len(changes.items)
        moved = sum(c.status_changed for c in changes.items)
        what = "status" if moved == n else f"{moved} in status, {n - moved} in evidence or note only"
        parts.append(f"<p>{n} item{'s' if n != 1 else ''} changed ({what}):</p>")
        parts.append(wrap_table(
            '<table data-mt="item-changes"><thead><tr><th>Practice</th><th>Before</th>'
            "<th>After</th><th>Evidence</th><th>Note</th></tr></thead>"
            f'<tbody>{"".join(_item_change_row(c) for c in changes.items)}</tbody></table>'
        ))
    else:
        parts.append("<p>No answer changed: same statuses, evidence and notes.</p>")
    return '<div class="mt-changes-block">' + "".join(parts) + "</div>"


def _changes(st: SystemStatus) -> str:
    if st.previous is None:
        return "\n".join([
            "## Changes since the previous snapshot {#changes}",
            html_block("<p>This is the system's first snapshot: nothing to compare yet.</p>"),
        ])
    return "\n".join([
        f"## Changes since {st.previous.snapshot.date} {{#changes}}",
        html_block(changes_html(compare_scores(st.system.id, st.system.name, st.previous, st.score))),
    ])


def system_markdown(data: SiteData, system_id: str, base: str = "") -> str:
    """The whole page body; ``base`` leads from the page to the site root (e.g. ``../``)."""
    st = data.status(system_id)
    return "\n".join([
        _header(data, st, base),
        _summary(data, st),
        _levels(st),
        _checklist(st),
        _gaps(data, st),
        _roadmap(data, st),
        _history(st),
        _changes(st),
    ])
