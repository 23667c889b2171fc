"""mkdocs-macros module (``module_name: macros``): thin macros that call the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maturity.site.data import SiteData, site_for
from maturity.site.exports import export_files
from maturity.site.notebooks_view import notebooks_html
from maturity.site.portfolio_view import overview_html, portfolio_markdown
from maturity.site.rubric_view import rubric_index_html, rubric_markdown
from maturity.site.system_view import system_markdown


def _site(env: Any) -> SiteData:
    return site_for(env.conf, Path(env.conf.config_file_path).parent)


def _base(env: Any) -> str:
    """From the current page up to the site root: '' or '../' per folder level."""
    return "../" * env.page.file.dest_uri.count("/")


def define_env(env: Any) -> None:
    @env.macro
    def system_page(system_id: str) -> str:
        """A system's whole page (generated pages call it)."""
        return system_markdown(_site(env), system_id, _base(env))

    @env.macro
    def rubric_page(ref: str) -> str:
        """A rubric's whole page, by ``id@version``."""
        data = _site(env)
        return rubric_markdown(data, data.portfolio.rubrics[ref], _base(env))

    @env.macro
    def portfolio_heatmap() -> str:
        """Every system × dimension, one table per rubric."""
        return portfolio_markdown(_site(env), _base(env))

    @env.macro
    def portfolio_overview() -> str:
        """Counts: systems, below target, stale, incomplete; levels."""
        return overview_html(_site(env), _base(env))

    @env.macro
    def rubric_list() -> str:
        """Every rubric with its levels, dimensions, items and systems."""
        return rubric_index_html(_site(env), _base(env))

    @env.macro
    def notebook_list() -> str:
        """The executed notebooks, or how to make them."""
        return notebooks_html(_site(env))


def on_post_build(env: Any) -> None:
    """Exports (JSON, CSV, badges, rubric templates) go in after the build's clean step."""
    site_dir = Path(env.conf.site_dir)
    for rel, content in export_files(_site(env)).items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
