"""The package's mkdocs-macros module (a "pluglet"): ``modules: [maturity.site.macros]``.

Page macros render whole generated pages (a system, a rubric) and the sections of the
home, portfolio, rubric and analysis pages. Every macro reads the build's data from the
``maturity`` plugin, so the portfolio is loaded and scored once per build.
"""

from __future__ import annotations

from typing import Any

from maturity.errors import MacroError
from maturity.site.data import SiteData
from maturity.site.notebooks_view import notebooks_html
from maturity.site.portfolio_view import overview_html, portfolio_markdown
from maturity.site.rubric_view import rubric_index_html, rubric_markdown
from maturity.site.system_view import system_markdown

PLUGIN = "maturity"


def _site(env: Any) -> SiteData:
    plugin = env.conf.plugins.get(PLUGIN)
    if plugin is None:
        raise MacroError("the maturity macros need the maturity plugin: add `- maturity` to "
                         "plugins in mkdocs.yml, before `- macros`")
    data = plugin.data
    if not isinstance(data, SiteData):
        raise MacroError("the maturity plugin has no site data (an unexpected plugin version?)")
    return data


def _base(env: Any) -> str:
    """From the current page up to the site root: '' or '../' per folder level."""
    return "../" * str(env.page.file.dest_uri).count("/")


def define_env(env: Any) -> None:
    def system_page(system_id: str) -> str:
        """A system's whole page (generated pages call it)."""
        return system_markdown(_site(env), system_id, _base(env))

    def rubric_page(ref: str) -> str:
        """A rubric's whole page, by ``id@version``."""
        data = _site(env)
        return rubric_markdown(data, data.portfolio.rubrics[ref], _base(env))

    def portfolio_heatmap() -> str:
        """Every system × dimension, one table per rubric."""
        return portfolio_markdown(_site(env), _base(env))

    def portfolio_overview() -> str:
        """Counts: systems, below target, stale, incomplete; levels."""
        return overview_html(_site(env), _base(env))

    def rubric_list() -> str:
        """Every rubric with its levels, dimensions, items and systems."""
        return rubric_index_html(_site(env), _base(env))

    def notebook_list() -> str:
        """The executed notebooks, or how to make them."""
        return notebooks_html(_site(env))

    for macro in (system_page, rubric_page, portfolio_heatmap, portfolio_overview, rubric_list,
                  notebook_list):
        env.macro(macro)
