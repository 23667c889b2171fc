"""The package's macros module (a "pluglet"): ``modules: [maturity.site.macros]``.

Macros for hand-written pages (a page with ``render_macros: true`` calls them), each
documented with an example; ``docs/reference/macros.md`` shows every one rendered:

- ``{{ level("fraud-detection") }}``: the overall level, as a range while items are unassessed;
- ``{{ badge("fraud-detection") }}``: the level badge, linked to the system's page;
- ``{{ checklist("fraud-detection", dimension="data") }}``: the checklist, of one dimension or all;
- ``{{ gaps("fraud-detection", target=2) }}``: the open items up to a level;
- ``{{ roadmap("fraud-detection") }}``: the improvement roadmap;
- ``{{ heatmap(rubric="google-mlops", tag="payments") }}``: systems × dimensions;

and the sections of the home, portfolio, rubric and analysis pages. Generated pages
(a system, a rubric, a campaign) never come here: they render themselves
(``maturity.site.generate``); both call the same view functions.

A wrong argument (an unknown system, dimension, rubric, tag or level) stops the build
(``on_error_fail: true``) with one line naming the page and the call.

It stands alone: under mkdocs-macros with the ``maturity`` plugin it reads the plugin's
data (loaded once per build); without it (Zensical, whose macros extension calls
``define_env`` once per page with ``env.conf`` a plain dict) it loads the portfolio
itself, once per build: the root, as-of date and notebooks come from ``extra:
maturity:`` in the config (what ``maturity site build`` writes), else the settings the
CLI uses (``MATURITY_ROOT``, ``MATURITY_AS_OF``, the config's folder).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from pathlib import Path
from typing import Any

from maturity.config import resolve_as_of
from maturity.core.lookup import unknown
from maturity.core.model import Rubric
from maturity.core.portfolio import SystemStatus
from maturity.errors import MacroError, MaturityError, NotFound
from maturity.site import embeds
from maturity.site.campaign_view import campaigns_html
from maturity.site.data import LINKS_FILE, SiteData
from maturity.site.notebooks_view import notebooks_html
from maturity.site.portfolio_view import overview_html, portfolio_markdown, rollups_html
from maturity.site.rubric_view import rubric_index_html
from maturity.store.campaigns import CAMPAIGNS_DIR
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR

PLUGIN = "maturity"
ROOT_ENV = "MATURITY_ROOT"  # as the CLI's --root
SETTINGS = "maturity"  # extra: maturity: {root, as_of, notebooks}


def _choose(kind: str, value: object, known: Iterable[str]) -> str:
    names = sorted(known)
    if isinstance(value, str) and value in names:
        return value
    raise NotFound(unknown(kind, value, names))


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


def _conf(env: Any, key: str) -> Any:
    """A config value under MkDocs (a ``MkDocsConfig``) or Zensical (a plain dict)."""
    conf = env.conf
    if isinstance(conf, Mapping):
        return conf.get(key)
    try:
        return conf[key]
    except (KeyError, TypeError):
        return getattr(conf, key, None)


def _project(env: Any) -> Path:
    """The folder of the config file: relative settings are read from it."""
    config_file = _conf(env, "config_file_path")
    if config_file:
        return Path(config_file).resolve().parent
    return Path(getattr(env, "project_dir", None) or _conf(env, "root_dir") or ".").resolve()


def _src_uri(env: Any) -> str | None:
    """The page being rendered, docs-relative (``reference/macros.md``)."""
    page = env.page
    if page is None:
        return None
    file = getattr(page, "file", None)
    return str(file.src_uri) if file is not None else str(getattr(page, "path", "") or "") or None


def _page(env: Any) -> str:
    """The page being rendered, as a path from the config's folder: ``docs/review.md``."""
    src = _src_uri(env)
    if src is None:
        return "?"
    docs = Path(_project(env), str(_conf(env, "docs_dir") or "docs"), src)
    try:
        return docs.resolve().relative_to(_project(env)).as_posix()
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
    """The build's data: the plugin's when it runs, else loaded here once per build."""
    plugins = _conf(env, "plugins")
    plugin = plugins.get(PLUGIN) if plugins is not None else None
    data = getattr(plugin, "_data", None)  # Zensical: a plain dict there, no plugin
    if isinstance(data, SiteData):
        return data
    return _standalone(env)


_LOADED: dict[tuple[Path, dt.date, Path], tuple[tuple[tuple[str, int, int], ...], SiteData]] = {}


def _settings(env: Any) -> tuple[Path, dt.date, Path]:
    """Root, as-of date and notebooks folder: ``extra: maturity:`` in the config, else the
    CLI's settings (``MATURITY_ROOT``, ``MATURITY_AS_OF``), else the config's folder."""
    extra = _conf(env, "extra")
    given = extra.get(SETTINGS) if isinstance(extra, Mapping) else None
    given = given if isinstance(given, Mapping) else {}
    project = _project(env)
    root = project / str(given.get("root") or os.environ.get(ROOT_ENV) or ".")
    as_of_value = given.get("as_of")
    try:
        as_of = resolve_as_of(as_of_value if isinstance(as_of_value, dt.date) else
                              (str(as_of_value) if as_of_value else None))
    except MaturityError as error:
        raise MacroError(f"extra.maturity.as_of: {error}") from None
    notebooks = given.get("notebooks")
    folder = project / str(notebooks) if notebooks else root / "build" / "notebooks"
    if not (root / ASSESSMENTS_DIR).is_dir():
        raise MacroError(f"the maturity macros found no {ASSESSMENTS_DIR}/ folder in {root}: set "
                         f"extra: maturity: root: in the config (or {ROOT_ENV})")
    return root.resolve(), as_of, folder.resolve()


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every data file's path, size and time: a change (``zensical serve``) loads again."""
    found: list[tuple[str, int, int]] = []
    for folder in (ASSESSMENTS_DIR, RUBRICS_DIR, CAMPAIGNS_DIR):
        for dirpath, _dirs, names in os.walk(root / folder):
            for name in names:
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                found.append((os.path.join(dirpath, name), st.st_size, st.st_mtime_ns))
    links = root / LINKS_FILE
    if links.is_file():
        st = links.stat()
        found.append((str(links), st.st_size, st.st_mtime_ns))
    return tuple(sorted(found))


def _standalone(env: Any) -> SiteData:
    """The portfolio loaded without the plugin, once per build: Zensical calls
    ``define_env`` for every page, so the data is kept here while the files stay as
    they were; a page's macros check that once (``env`` remembers it)."""
    known = getattr(env, "_maturity_data", None)
    if isinstance(known, SiteData):
        return known
    key = _settings(env)
    root, as_of, notebooks = key
    signature = _signature(root)
    cached = _LOADED.get(key)
    if cached is not None and cached[0] == signature:
        data = cached[1]
    else:
        try:
            data = SiteData.load(root, as_of, notebooks)
        except MaturityError as error:
            raise MacroError(f"cannot build the site:\n{error}") from None
        _LOADED.clear()  # one build's data at a time
        _LOADED[key] = (signature, data)
    env._maturity_data = data
    return data


def _base(env: Any) -> str:
    """From the current page up to the site root: '' or '../' per folder level."""
    page = env.page
    file = getattr(page, "file", None)
    if file is not None:
        return "../" * str(file.dest_uri).count("/")
    src = _src_uri(env) or ""
    depth = src.count("/")
    name = src.rsplit("/", 1)[-1]
    if _conf(env, "use_directory_urls") and name not in ("index.md", "README.md"):
        depth += 1
    return "../" * depth


def define_env(env: Any) -> None:
    def portfolio_heatmap() -> str:
        """Every system × dimension, one table per rubric."""
        return portfolio_markdown(_site(env), _base(env))

    def portfolio_overview() -> str:
        """Counts: systems, below target, stale, incomplete; levels."""
        return overview_html(_site(env), _base(env))

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

    for macro in (portfolio_heatmap, portfolio_overview, rubric_list, notebook_list, campaign_list,
                  portfolio_rollups):
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
