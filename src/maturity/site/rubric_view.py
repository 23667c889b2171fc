"""A rubric's page: scoring rule, levels, the blank checklist, a YAML template."""

from __future__ import annotations

from maturity.core.model import Rubric
from maturity.site.data import SiteData, html_path, rubric_page, rubric_slug
from maturity.site.fragments import html_block, wrap_table
from maturity.site.html import esc, tag
from maturity.site.system_view import system_url
from maturity.store.blank import blank_snapshot_text
from maturity.views.wording import md, number


def template_path(rubric: Rubric) -> str:
    return f"rubrics/{rubric_slug(rubric)}.yaml"


def blank_yaml(rubric: Rubric) -> str:
    """The rubric's downloadable template: the same text ``maturity new`` writes, undated."""
    return blank_snapshot_text(rubric, None, (), None)


def rubric_markdown(data: SiteData, rubric: Rubric, base: str = "") -> str:
    sc = rubric.scoring
    systems = data.systems_using(rubric)
    used = ", ".join(
        tag("a", esc(st.system.name), href=system_url(st.system.id, base)) for st in systems
    ) or "no system yet"
    rule = (
        f"A level is met when the credit of its applicable items (done 1, partial "
        f"{number(sc.partial_credit)}, to do 0; n/a items leave the count) reaches "
        f"{number(sc.threshold * 100)} % of them"
        + ("; levels are cumulative: a level counts only when every lower one is met."
           if sc.cumulative else ".")
    )
    template = template_path(rubric)
    head = (
        f'<div class="mt-header"><p class="mt-desc">{esc(rubric.source)}</p><dl class="mt-facts">'
        f"<dt>Reference</dt><dd><code>{esc(rubric.ref)}</code></dd>"
        f"<dt>Scoring</dt><dd>{esc(rule)}</dd>"
        f"<dt>Items</dt><dd>{len(rubric.items)} in {len(rubric.dimensions)} dimensions</dd>"
        f"<dt>Used by</dt><dd>{used}</dd>"
        f"<dt>Template</dt><dd>{tag('a', esc(template.split('/')[-1]), href=base + template, download=True)}"
        "</dd></dl></div>"
    )
    out = [html_block(head), "## Levels {#levels}"]
    rows = []
    for info in rubric.levels:
        chars = "".join(f"<li>{esc(c)}</li>" for c in info.characteristics)
        extra = ""
        if info.next_steps:
            extra += f"<p><strong>Next steps</strong>: {esc(info.next_steps)}</p>"
        if info.note:
            extra += f'<p class="mt-muted">{esc(info.note)}</p>'
        rows.append(
            f'<tr data-level="{info.level}"><td>'
            f'<span class="mt-chip mt-l{info.level}">{info.level}</span></td>'
            f"<td><strong>{esc(info.name)}</strong><br>{esc(info.summary)}</td>"
            f"<td>{f'<ul>{chars}</ul>' if chars else ''}{extra}</td></tr>"
        )
    out.append(html_block(wrap_table(
        '<table data-mt="rubric-levels"><thead><tr><th>Level</th><th>Name</th>'
        f'<th>Characteristics</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )))
    out.append("## Checklist {#checklist}")
    out.append(html_block(
        "<p>The blank checklist: every scored practice by dimension and level. "
        "Level 0 lines describe the baseline; they are not scored.</p>"
    ))
    for dim in rubric.dimensions:
        out.append(f"### {md(dim.name)} {{#dim-{dim.id}}}")
        parts = []
        if dim.baseline:
            lis = "".join(f"<li>{esc(b)}</li>" for b in dim.baseline)
            parts.append(f'<p><strong>Level {rubric.min_level}</strong> (baseline, not scored)</p>'
                         f'<ul class="mt-muted">{lis}</ul>')
        for lv in rubric.scored_levels:
            items = dim.items_at(lv)
            if not items:
                continue
            lis = "".join(
                f'<li data-item="{esc(i.id)}">☐ {esc(i.text)} <code class="mt-id">{esc(i.id)}</code>'
                + (f'<br><span class="mt-muted">e.g. {esc(", ".join(i.examples))}</span>'
                   if i.examples else "")
                + "</li>"
                for i in items
            )
            parts.append(f"<p><strong>Level {lv}</strong>: {esc(rubric.level_info(lv).name)}</p>"
                         f'<ul class="mt-blank">{lis}</ul>')
        out.append(html_block(f'<div class="mt-blank-dim" data-dimension="{esc(dim.id)}">'
                              + "".join(parts) + "</div>"))
    out.append("## YAML template {#template}")
    out.append(html_block(
        "<p>" + tag("a", f"Download {esc(template.split('/')[-1])}", href=base + template,
                    download=True)
        + " and save it as <code>assessments/&lt;system&gt;/&lt;date&gt;.yaml</code>. "
        "<code>maturity new</code> writes the same for you.</p>"
    ))
    yaml_html = esc(blank_yaml(rubric)).replace("\n", "&#10;")
    out.append(html_block(
        f'<div class="highlight mt-template"><pre><code>{yaml_html}</code></pre></div>'
    ))
    return "\n".join(out)


def rubric_index_html(data: SiteData, base: str = "") -> str:
    rows = "".join(
        f"<tr><td>{tag('a', esc(r.title), href=base + html_path(rubric_page(r)))}</td>"
        f"<td><code>{esc(r.ref)}</code></td><td>{r.min_level}–{r.max_level}</td>"
        f"<td>{len(r.dimensions)}</td><td>{len(r.items)}</td>"
        f"<td>{len(data.systems_using(r))}</td></tr>"
        for r in data.rubrics
    )
    return html_block(wrap_table(
        '<table data-mt="rubrics"><thead><tr><th>Rubric</th><th>Reference</th><th>Levels</th>'
        f"<th>Dimensions</th><th>Items</th><th>Systems</th></tr></thead><tbody>{rows}</tbody></table>"
    ))
