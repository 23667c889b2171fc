"""The ``maturity`` MkDocs plugin (entry point ``maturity`` in ``mkdocs.plugins``): a thin
adapter between MkDocs (or ProperDocs) and the one generator, ``maturity.site.generate``.

    plugins:
      - search
      - maturity:                      # every option may be left out
          root: .                      # folder holding assessments/ (and rubrics/), from mkdocs.yml
          as_of: !ENV [MATURITY_AS_OF, null]   # "today" for staleness (YYYY-MM-DD)
          notebooks: build/notebooks   # executed notebooks published under "Analysis"
          links: build/links.json      # results to trust (default: only those this build wrote)
      - macros:                        # for hand-written pages only
          modules: [maturity.site.macros]
          on_error_fail: true
          on_undefined: strict

One build, one lifecycle, its state on this instance (``mkdocs serve`` reuses the
instance; each build starts again in ``on_config``):

- ``on_config`` loads and scores the portfolio once (``SiteData``), asks the generator
  what the site gets, adds its nav entries and the package's stylesheet and scripts,
  and starts putting the chart library together when it is not cached yet (a thread);
- ``on_files`` adds the assets and one ``GeneratedPage`` per system, rubric, campaign
  and notebook: a ``Page`` that renders itself, straight from its view template to HTML
  with its table of contents (as Material's blog plugin does with its views); Markdown
  and the macros never see it;
- ``on_page_markdown`` (after mkdocs-macros) fails a strict build when a hand-written
  page calls one of the package's macros but was not rendered (``render_macros``);
- ``on_post_build`` writes the exports and the chart library (after MkDocs has cleaned
  the site folder);
- ``on_serve`` watches the assessments, rubrics and campaigns, so an edit (a new system
  included) rebuilds the site.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from maturity.config import read_settings
from maturity.core.calendar import parse_date
from maturity.errors import MaturityError
from maturity.site.charts import vega_bundle
from maturity.site.data import SiteCache, SiteData
from maturity.site.generate import (
    EXTRA_CSS,
    EXTRA_JAVASCRIPT,
    Generated,
    GeneratedPage,
    add_to_nav,
    generate,
)
from maturity.site.jinja import Heading, html_text
from maturity.site.logs import make_log_inert
from maturity.site.unrendered import unrendered_calls
from maturity.store.campaigns import CAMPAIGNS_DIR
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR

MACROS_MODULE = "maturity.site.macros"
MACROS_HOWTO = (
    "  plugins:\n    - maturity\n    - macros:\n        modules: [maturity.site.macros]\n"
    "        on_error_fail: true\n        on_undefined: strict"
)
log = logging.getLogger("mkdocs.plugins.maturity")


class AsOf(BaseConfigOption[dt.date | None]):
    """A date (YYYY-MM-DD) or nothing (then the real today)."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise ValidationError(f"expected a date (YYYY-MM-DD), got {value!r}")
        try:
            return parse_date(value.strip(), "as_of ")
        except MaturityError as error:
            raise ValidationError(str(error)) from None


class MaturityPluginConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options in ``mkdocs.yml``; relative paths are from ``mkdocs.yml``'s folder."""

    root = c.Dir(exists=True, default=".")
    """The folder that holds ``assessments/`` and, optionally, ``rubrics/``."""
    as_of = AsOf()
    """The date the site is computed as of (staleness, expiries, overdue targets); default:
    ``MATURITY_AS_OF``, else today (``maturity.store.asof``, as the CLI)."""
    notebooks = c.Optional(c.Dir(exists=False))
    """Executed notebooks to publish under "Analysis" (default: ROOT/build/notebooks)."""
    links = c.Optional(c.File(exists=True))
    """The link-check results to mark broken evidence from, named (trusted as named); by
    default ``ROOT/build/links.json`` when this build wrote it (not when committed)."""
    prerender = c.Type(bool, default=True)
    """No longer used (the charts are drawn in the browser); accepted so that older
    ``mkdocs.yml`` files still build."""


class SelfRenderingPage(Page):
    """A generated page: its article and table of contents come from its view template.

    ``read_source`` gives Markdown nothing to do (no stub, no macros) and ``render``
    takes the HTML the generator renders, so MkDocs' Markdown pass never runs on it."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.generated = generated

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {"title": html_text(self.generated.title)}  # Material prints it as is

    def render(self, config: MkDocsConfig, files: Files) -> None:
        article = self.generated.article()
        self.content = article.html
        self.toc = get_toc(_toc_tokens(article.headings))  # type: ignore[arg-type]
        self.present_anchor_ids = {h.id for h in article.headings}


def _toc_tokens(headings: tuple[Heading, ...]) -> list[dict[str, Any]]:
    """Headings as MkDocs' toc tokens: each under the nearest higher one before it."""
    root: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    for h in headings:
        token: dict[str, Any] = {"level": h.level, "id": h.id, "name": h.name, "children": []}
        while open_ and open_[-1]["level"] >= h.level:
            open_.pop()
        (open_[-1]["children"] if open_ else root).append(token)
        open_.append(token)
    return root


class MaturityPlugin(BasePlugin[MaturityPluginConfig]):  # type: ignore[no-untyped-call]
    """The generator's pages, nav entries, assets and exports in a MkDocs build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command = "build"
        self._data: SiteData | None = None
        self._generated: Generated | None = None
        self._library: threading.Thread | None = None  # puts vega.js together, once
        self._cache = SiteCache()  # serve: systems read and scored by the previous builds
        self._pages: set[str] = set()  # this build's generated pages (their src_uri)

    # ------------------------------------------------------------------ state

    @property
    def data(self) -> SiteData:
        """This build's portfolio, loaded and scored once (in ``on_config``)."""
        if self._data is None:
            raise PluginError("maturity: the site's data is not loaded yet (on_config has not run)")
        return self._data

    @property
    def root(self) -> Path:
        return Path(self.config.root).resolve()

    def _load(self) -> SiteData:
        given = self.config.notebooks
        notebooks = Path(given) if given else self.root / "build" / "notebooks"
        try:
            # the clock and the environment, read once per build: the option, else
            # MATURITY_AS_OF, else today
            settings = read_settings(self.config.as_of)
            assert settings.as_of is not None
            cache = self._cache if self._command == "serve" else None
            links = Path(self.config.links).resolve() if self.config.links else None
            return SiteData.load(self.root, settings.as_of, notebooks.resolve(), cache, links,
                                 settings=settings)
        except MaturityError as error:
            raise PluginError(f"maturity: cannot build the site:\n{error}") from None

    # ------------------------------------------------------------------ events

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    @event_priority(100)  # before mkdocs-macros, so a broken portfolio fails here, clearly
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        make_log_inert()  # no escape sequence in a file name reaches the build log raw
        _check_macros(config)
        for path in EXTRA_CSS:  # the package's look, sorting and charts
            if path not in config.extra_css:
                config.extra_css.append(path)
        for path in EXTRA_JAVASCRIPT:
            if path not in map(str, config.extra_javascript):
                config.extra_javascript.append(ExtraScriptValue(path))
        if self._library is None:  # seconds the first time on a machine, then from the cache
            self._library = threading.Thread(target=vega_bundle, name="maturity-vega", daemon=True)
            self._library.start()
        self._data = self._load()
        self._generated = generate(self._data)
        add_to_nav(config.nav, self._generated)
        return config

    @event_priority(50)  # before other plugins look at the files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        generated = self._generated
        assert generated is not None
        for path, content in generated.assets().items():
            files.append(File.generated(config, path, content=content))
        in_nav = {uri for entries in generated.nav.values() for _, uri in entries}
        for page in generated.pages:
            inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content="", inclusion=inclusion)
            SelfRenderingPage(page, file, config)  # sets file.page: MkDocs uses it
            files.append(file)
        self._pages = {page.src_uri for page in generated.pages}
        data = self.data
        log.info(f"maturity: {len(data.statuses)} systems, {len(data.rubrics)} rubrics: "
                 f"{len(generated.pages)} generated pages")
        return files

    @event_priority(-50)  # after mkdocs-macros rendered the pages that ask for it
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self._pages:
            path = Path(config.docs_dir, page.file.src_uri)
            for problem in unrendered_calls(markdown, _shown(path, config), _front_lines(page) + 1):
                log.warning(f"maturity: {problem}")  # fails a --strict build
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A generated page's HTML is written now: a 1,000-system build need not hold it all."""
        if page.file.src_uri in self._pages:
            page.content = None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Exports go in after the build's clean step (files put there earlier are deleted)."""
        site_dir = Path(config.site_dir)
        if self._library is not None:
            self._library.join()
        assert self._generated is not None
        for rel, content in self._generated.files(assets=False):  # the assets went in as files
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for folder in (ASSESSMENTS_DIR, RUBRICS_DIR, CAMPAIGNS_DIR):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _shown(path: Path, config: MkDocsConfig) -> str:
    """A page's path as a user names it: from mkdocs.yml's folder, ``docs/review.md``."""
    try:
        return path.relative_to(Path(config.config_file_path).parent).as_posix()
    except ValueError:
        return str(path)


def _front_lines(page: Page) -> int:
    """How many lines the front matter took (the Markdown starts after them)."""
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        return 0
    if not source.startswith("---"):
        return 0
    end = source.find("\n---", 3)
    return source.count("\n", 0, end) + 2 if end >= 0 else 0


def _check_macros(config: MkDocsConfig) -> None:
    """Hand-written pages call the package's macros: mkdocs-macros must load them."""
    macros = config.plugins.get("macros")
    modules = macros.config.get("modules", []) if macros is not None else []
    if MACROS_MODULE not in modules:
        raise PluginError(
            f"maturity: the site's pages need the package's macros; in mkdocs.yml:\n{MACROS_HOWTO}"
        )
