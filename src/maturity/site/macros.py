"""The package's mkdocs-macros module (a "pluglet"): ``modules: [maturity.site.macros]``.

Macros for hand-written pages (a page with ``render_macros: true`` calls them), each
documented with an example; ``docs/reference/macros.md`` shows every one rendered:

- ``{{ level("fraud-detection") }}``: the overall level, as a range while items are unassessed;
- ``{{ badge("fraud-detection") }}``: the level badge, linked to the system's page;
- ``{{ checklist("fraud-detection", dimension="data") }}``: the checklist, of one dimension or all;
- ``{{ gaps("fraud-detection", target=2) }}``: the open items up to a level;
- ``{{ roadmap("fraud-detection") }}``: the improvement roadmap;
- ``{{ heatmap(rubric="google-mlops", tag="payments") }}``: systems × dimensions.

A wrong argument (an unknown system, dimension, rubric, tag or level) stops the build
(``on_error_fail: true``) with one line naming the page and the call.

Page macros render whole generated pages (a system, a rubric) and the sections of the
home, portfolio, rubric and analysis pages. Every macro reads the build's data from the
``maturity`` plugin, so the portfolio is loaded and scored once per build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

from maturity.core.lookup import listing, suggest
from maturity.core.model import Rubric
from maturity.core.portfolio import SystemStatus
from maturity.errors import MacroError, NotFound
from maturity.site import embeds
from maturity.site.campaign_view import campaign_markdown, campaigns_html
from maturity.site.data import SiteData
from maturity.site.notebooks_view import notebooks_html
from maturity.site.portfolio_view import overview_html, portfolio_markdown, rollups_html
from maturity.site.rubric_view import rubric_index_html, rubric_markdown
from maturity.site.system_view import system_markdown

PLUGIN = "maturity"


def _choose(kind: str, value: object, known: Iterable[str]) -> str:
    names = sorted(known)
    if isinstance(value, str) and value in names:
        return value
    raise NotFound(f"unknown {kind} {value!r}{suggest(str(value), names)}; "
                   f"the {kind}s are: {listing(names)}")


def _system(data: SiteData, system: object) -> SystemStatus:
    return data.status(_choose("system", system, (st.system.id for st in data.statuses)))


def _rubrics(data: SiteData, rubric: object) -> list[Rubric]:
    """Every rubric in use, or the one named (``id@version``, or ``id`` for its newest version)."""
    if rubric is None:
        return list(data.rubrics)
    refs = {r.ref: r for r in data.rubrics}
    newest = {r.id: r for r in data.rubrics}  # sorted by version: the last one stays
    chosen = _choose("rubric", rubric, [*refs, *newest])
    return [refs.get(chosen) or newest[chosen]]


def _call(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(shown)})"


def _page(env: Any) -> str:
    """The page being rendered, as a path from mkdocs.yml's folder: ``docs/review.md``."""
    if env.page is None:
        return "?"
    docs = Path(env.conf.docs_dir) / str(env.page.file.src_uri)
    try:
        return docs.relative_to(Path(env.conf.config_file_path).parent).as_posix()
    except ValueError:
        return str(docs)


def _checked(env: Any, func: Callable[..., str]) -> Callable[..., str]:
    """The macro, its wrong arguments reported as ``PAGE: CALL: problem``."""

    @wraps(func)
    def macro(*args: Any, **kwargs: Any) -> str:
        try:
            return func(*args, **kwargs)
        except (NotFound, TypeError) as error:
            raise MacroError(f"{_page(env)}: {_call(func.__name__, args, kwargs)}: {error}") from None

    return macro


def _format_macro_error(error: MacroError, markdown: str, page: Any) -> str:
    """mkdocs-macros' report of a failed page: our one line, no traceback."""
    return f"maturity macro error: {error}"


try:  # mkdocs-macros formats errors per exception type (functools.singledispatch)
    from mkdocs_macros.errors import format_error

    format_error.register(MacroError)(_format_macro_error)
except (ImportError, AttributeError):  # another version: its default report still names the page
    pass


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

    def campaign_page(campaign_id: str) -> str:
        """A campaign's whole page (generated pages call it)."""
        return campaign_markdown(_site(env), campaign_id, _base(env))

    def campaign_list() -> str:
        """Every campaign: target, deadline, how many systems meet it, linked to its page:
        ``{{ campaign_list() }}``."""
        return campaigns_html(_site(env), _base(env))

    def portfolio_rollups() -> str:
        """The portfolio grouped by owner and by tag: ``{{ portfolio_rollups() }}``."""
        return rollups_html(_site(env))

    def rubric_list() -> str:
        """Every rubric with its levels, dimensions, items and systems."""
        return rubric_index_html(_site(env), _base(env))

    def notebook_list() -> str:
        """The executed notebooks, or how to make them."""
        return notebooks_html(_site(env))

    for macro in (system_page, rubric_page, portfolio_heatmap, portfolio_overview, rubric_list,
                  notebook_list, campaign_page, campaign_list, portfolio_rollups):
        env.macro(macro)

    # ----------------------------------------------------- macros for hand-written pages

    def level(system: str) -> str:
        """The system's overall level, inline: ``{{ level("fraud-detection") }}`` →
        *level 1, up to 2 — 7 items unassessed* (or *level 2* when every item is answered)."""
        return embeds.level_html(_system(_site(env), system))

    def badge(system: str) -> str:
        """The system's level badge, linked to its page: ``{{ badge("fraud-detection") }}``."""
        return embeds.badge_html(_system(_site(env), system), _base(env))

    def checklist(system: str, dimension: str | None = None) -> str:
        """The newest snapshot's checklist with status, evidence and notes, of every
        dimension or one: ``{{ checklist("fraud-detection", dimension="data") }}``."""
        data = _site(env)
        st = _system(data, system)
        if dimension is not None:
            _choose("dimension", dimension, (d.id for d in st.rubric.dimensions))
        return embeds.checklist_markdown(st, dimension, data.broken)

    def gaps(system: str, target: int | None = None) -> str:
        """What is still open up to a level (default: the system's target, else the next
        level), and how many items must still be done: ``{{ gaps("fraud-detection", target=2) }}``."""
        st = _system(_site(env), system)
        if target is not None:
            levels = [str(lv) for lv in range(st.rubric.min_level, st.rubric.max_level + 1)]
            _choose("level", str(target) if isinstance(target, int) else target, levels)
        return embeds.gaps_markdown(st, target)

    def roadmap(system: str) -> str:
        """The improvement roadmap (the seed's template, filled from the gaps to the
        target and the snapshot's plan): ``{{ roadmap("fraud-detection") }}``."""
        return embeds.roadmap_markdown(_system(_site(env), system))

    def heatmap(rubric: str | None = None, tag: str | None = None) -> str:
        """Systems × dimensions with levels, one table per rubric; only one rubric and only
        the systems with a tag if given: ``{{ heatmap(rubric="google-mlops", tag="payments") }}``."""
        data = _site(env)
        if tag is not None:
            _choose("tag", tag, {t for st in data.statuses for t in st.system.tags})
        return embeds.heatmap_markdown(data, _rubrics(data, rubric), tag, _base(env))

    def systems(tag: str | None = None) -> list[str]:
        """The ids of the assessed systems (only those with a tag, if given), sorted: a
        page that works on any portfolio, an empty one too, picks from them:
        ``{% for s in systems() %}{{ level(s) }}{% else %}No systems yet.{% endfor %}``."""
        return sorted(st.system.id for st in _site(env).statuses if tag is None or tag in st.system.tags)

    env.macro(systems)

    embedded: tuple[Callable[..., str], ...] = (level, badge, checklist, gaps, roadmap, heatmap)
    for func in embedded:
        env.macro(_checked(env, func), func.__name__)
