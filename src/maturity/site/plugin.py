"""The ``maturity`` MkDocs plugin (entry point ``maturity`` in ``mkdocs.plugins``).

    plugins:
      - search
      - maturity:                      # every option may be left out
          root: .                      # folder holding assessments/ (and rubrics/), from mkdocs.yml
          as_of: !ENV [MATURITY_AS_OF, null]   # "today" for staleness (YYYY-MM-DD)
          notebooks: build/notebooks   # executed notebooks published under "Analysis"
      - macros:
          modules: [maturity.site.macros]
          on_error_fail: true
          on_undefined: strict

One build, one lifecycle, its state on this instance (``mkdocs serve`` reuses the
instance; each build starts again in ``on_config``):

- ``on_config`` loads and scores the portfolio once (``SiteData``), adds the rubric
  pages and notebooks to the nav and the package's stylesheet and scripts to every
  page, and starts putting the chart library together when it is not cached yet (a
  thread: it runs beside the build);
- ``on_files`` adds those two files, a generated page per system and per rubric, and
  the notebooks;
- ``on_page_content`` puts back the HTML blocks the views kept out of Markdown;
- ``on_post_build`` writes the exports and the chart library (after MkDocs has cleaned
  the site folder), then, late, removes this build's temporary files;
- ``on_serve`` watches the assessments and rubrics, so an edit rebuilds the site.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from maturity.core.model import parse_date
from maturity.errors import MaturityError
from maturity.site.charts import vega_bundle
from maturity.site.data import SiteCache, SiteData, rubric_page
from maturity.site.exports import export_files
from maturity.site.fragments import unstash
from maturity.site.jinja import html_text
from maturity.site.pages import generated_pages, notebook_title, rubric_title
from maturity.store.asof import resolve_as_of
from maturity.store.campaigns import CAMPAIGNS_DIR
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR

ASSETS = {"maturity.css": "css", "sort.js": "js", "charts.js": "js"}  # package data: maturity/site/assets/
CHART_LIBRARY = "vega.js"  # vega-embed, from vl-convert-python (site.charts.vega_bundle)
ASSETS_DIR = "assets/maturity"  # where they go in the site
RUBRICS_SECTION = "Rubrics"
ANALYSIS_SECTION = "Analysis"
ANALYSIS_DIR = "analysis"
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
    prerender = c.Type(bool, default=True)
    """No longer used (the charts are drawn in the browser); accepted so that older
    ``mkdocs.yml`` files still build."""


class MaturityPlugin(BasePlugin[MaturityPluginConfig]):  # type: ignore[no-untyped-call]
    """Pages, exports and macros' data for an assessment repository."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command = "build"
        self._data: SiteData | None = None
        self._stages: list[Path] = []  # temporary notebook folders of the current build
        self._library: threading.Thread | None = None  # puts vega.js together, once
        self._cache = SiteCache()  # serve: systems read and scored by the previous builds
        self._generated: set[str] = set()  # this build's generated pages (their src_uri)

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
            as_of = resolve_as_of(self.config.as_of)  # the option, else MATURITY_AS_OF, else today
            cache = self._cache if self._command == "serve" else None
            return SiteData.load(self.root, as_of, notebooks.resolve(), cache)
        except MaturityError as error:
            raise PluginError(f"maturity: cannot build the site:\n{error}") from None

    # ------------------------------------------------------------------ events

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    @event_priority(100)  # before mkdocs-macros, so a broken portfolio fails here, clearly
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _check_macros(config)
        self._clean()
        scripts = [CHART_LIBRARY, *(name for name, kind in ASSETS.items() if kind == "js")]
        for name in ["maturity.css", *scripts]:  # the package's look, sorting and charts
            path = f"{ASSETS_DIR}/{name}"
            if name.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            elif name.endswith(".js") and path not in map(str, config.extra_javascript):
                config.extra_javascript.append(ExtraScriptValue(path))
        if self._library is None:  # seconds the first time on a machine, then from the cache
            self._library = threading.Thread(target=vega_bundle, name="maturity-vega", daemon=True)
            self._library.start()
        self._data = data = self._load()
        if config.nav:
            rubrics = _section(config.nav, RUBRICS_SECTION)
            if rubrics is not None:
                # Material prints nav titles as they are: escape the rubric's text
                rubrics += [{html_text(rubric_title(data, r)): rubric_page(r)} for r in data.rubrics]
            analysis = _section(config.nav, ANALYSIS_SECTION)
            if analysis is not None:
                analysis += [
                    {html_text(notebook_title(nb.stem)): f"{ANALYSIS_DIR}/{nb.name}"} for nb in data.notebooks
                ]
        return config

    @event_priority(50)  # before mkdocs-jupyter wraps the notebooks
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        data = self.data
        assets = resources.files("maturity").joinpath("site/assets")
        for name in ASSETS:
            files.append(File.generated(
                config, f"{ASSETS_DIR}/{name}", content=assets.joinpath(name).read_bytes()
            ))
        pages = generated_pages(data)
        self._generated = set(pages)
        log.info(f"maturity: {len(data.statuses)} systems, {len(data.rubrics)} rubrics: "
                 f"{len(pages)} generated pages")
        for src_uri, content in pages.items():
            # not in the nav on purpose (the portfolio page lists them): no log line per page
            files.append(
                File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        if data.notebooks:
            # mkdocs-jupyter reads a notebook from src_dir/src_uri (it cannot wrap a generated
            # File), so the notebooks are staged under a temporary analysis/ folder.
            stage = Path(tempfile.mkdtemp(prefix="maturity-notebooks-"))
            self._stages.append(stage)
            (stage / ANALYSIS_DIR).mkdir()
            for nb in data.notebooks:
                shutil.copy2(nb, stage / ANALYSIS_DIR / nb.name)
                files.append(
                    File(
                        f"{ANALYSIS_DIR}/{nb.name}",
                        src_dir=str(stage),
                        dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls,
                    )
                )
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self._generated:
            # its HTML travels in it (base64): no need to keep that copy till the end of
            # the build; "" (not None) keeps the title, which comes from the front matter
            page.markdown = ""
        return unstash(html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A generated page's HTML is written now: a 1,000-system build need not hold it all."""
        if page.file.src_uri in self._generated:
            page.content = None
        return output

    def _write_exports(self, *, config: MkDocsConfig) -> None:
        """Exports go in after the build's clean step (files put there earlier are deleted)."""
        site_dir = Path(config.site_dir)
        if self._library is not None:
            self._library.join()
        library = {f"{ASSETS_DIR}/{CHART_LIBRARY}": vega_bundle()}
        for rel, content in {**export_files(self.data), **library}.items():
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    @event_priority(-100)  # after every other plugin's post-build work
    def _clean_late(self, *, config: MkDocsConfig) -> None:
        self._clean()

    on_post_build = CombinedEvent(_write_exports, _clean_late)

    def on_build_error(self, *, error: Exception) -> None:
        self._clean()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for folder in (ASSESSMENTS_DIR, RUBRICS_DIR, CAMPAIGNS_DIR):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    def _clean(self) -> None:
        while self._stages:
            shutil.rmtree(self._stages.pop(), ignore_errors=True)


def _section(nav: list[Any], title: str) -> list[Any] | None:
    for entry in nav:
        if isinstance(entry, dict) and isinstance(entry.get(title), list):
            section: list[Any] = entry[title]
            return section
    return None


def _check_macros(config: MkDocsConfig) -> None:
    """The generated pages call the package's macros: mkdocs-macros must load them."""
    macros = config.plugins.get("macros")
    modules = macros.config.get("modules", []) if macros is not None else []
    if MACROS_MODULE not in modules:
        raise PluginError(
            f"maturity: the site's pages need the package's macros; in mkdocs.yml:\n{MACROS_HOWTO}"
        )
