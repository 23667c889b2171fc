"""A rubric's page: scoring rule, levels, the blank checklist, a YAML template."""

from __future__ import annotations

from typing import Any

from maturity.core.model import Rubric
from maturity.site.data import SiteData, html_path, rubric_page, rubric_slug
from maturity.site.jinja import Article, render, render_article
from maturity.site.system_view import system_url
from maturity.store.blank import blank_snapshot_text


def template_path(rubric: Rubric) -> str:
    return f"rubrics/{rubric_slug(rubric)}.yaml"


def blank_yaml(rubric: Rubric) -> str:
    """The rubric's downloadable template: the same text ``maturity new`` writes, undated."""
    return blank_snapshot_text(rubric, None, (), None)


def rubric_article(data: SiteData, rubric: Rubric, base: str = "") -> Article:
    """The whole page as HTML with its table of contents (the generated page)."""
    return render_article("rubric.md", **rubric_context(data, rubric, base))


def rubric_markdown(data: SiteData, rubric: Rubric, base: str = "") -> str:
    """The whole page as Markdown (the page's file, for an engine that reads files)."""
    return render("rubric.md", **rubric_context(data, rubric, base))


def rubric_context(data: SiteData, rubric: Rubric, base: str = "") -> dict[str, Any]:
    template = template_path(rubric)
    return dict(
        rubric=rubric, systems=data.systems_using(rubric), base=base,
        template=template, template_name=template.split("/")[-1], yaml=blank_yaml(rubric),
        system_url=lambda system_id: system_url(system_id, base),
    )


def rubric_index_html(data: SiteData, base: str = "") -> str:
    return render(
        "rubric_index.html",
        rubrics=[(r, len(data.systems_using(r))) for r in data.rubrics],
        rubric_url=lambda r: base + html_path(rubric_page(r)),
    )
