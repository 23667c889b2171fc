"""MkDocs hooks (the edge, loaded through ``hooks:`` in mkdocs.yml).

Loads and scores the portfolio once per build, adds a generated page per system
and per rubric, publishes the executed notebooks under "Analysis", and turns the
core's errors into one clear build error.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from maturity.errors import MaturityError
from maturity.site.data import SiteData, rubric_page, site_for
from maturity.site.figures import prerender
from maturity.site.fragments import clear_stash, unstash
from maturity.site.jinja import html_text
from maturity.site.pages import generated_pages, notebook_title

RUBRICS_SECTION = "Rubrics"
ANALYSIS_SECTION = "Analysis"
ANALYSIS_DIR = "analysis"
_STAGES: list[Path] = []  # temporary notebook folders of this process's builds
_COMMAND: list[str] = []  # "build", "serve" or "gh-deploy", from on_startup
log = logging.getLogger("mkdocs.plugins.maturity")


def on_startup(command: str, dirty: bool) -> None:
    _COMMAND[:] = [command]


def _site(config: MkDocsConfig) -> SiteData:
    try:
        return site_for(config, Path(config.config_file_path).parent)
    except MaturityError as error:
        raise PluginError(f"maturity: cannot build the site:\n{error}") from None


def _section(nav: list[Any], title: str) -> list[Any] | None:
    for entry in nav:
        if isinstance(entry, dict) and isinstance(entry.get(title), list):
            section: list[Any] = entry[title]
            return section
    return None


@event_priority(100)  # before mkdocs-macros, so a broken portfolio fails here, clearly
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data = _site(config)
    if _COMMAND != ["serve"]:  # serve runs a server thread: no fork there; its memo suffices
        start = time.perf_counter()
        drawn = prerender(data.statuses)
        if drawn:
            log.info(f"maturity: drew {drawn} charts in {time.perf_counter() - start:.1f} s")
    nav = config.nav
    if nav:
        rubrics = _section(nav, RUBRICS_SECTION)
        if rubrics is not None:
            # Material prints nav titles as they are: escape the rubric's text
            rubrics += [{html_text(r.title): rubric_page(r)} for r in data.rubrics]
        analysis = _section(nav, ANALYSIS_SECTION)
        if analysis is not None:
            analysis += [
                {html_text(notebook_title(nb.stem)): f"{ANALYSIS_DIR}/{nb.name}"}
                for nb in data.notebooks
            ]
    return config


@event_priority(50)  # before mkdocs-jupyter wraps the notebooks
def on_files(files: Files, config: MkDocsConfig) -> Files:
    data = _site(config)
    for src_uri, content in generated_pages(data).items():
        # not in the nav on purpose (the portfolio page lists them): no log line per page
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    if data.notebooks:
        # mkdocs-jupyter reads a notebook from src_dir/src_uri (it cannot wrap a generated
        # File), so the notebooks are staged under a temporary analysis/ folder.
        stage = Path(tempfile.mkdtemp(prefix="maturity-notebooks-"))
        _STAGES.append(stage)
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


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return unstash(html)


def on_post_build(config: MkDocsConfig) -> None:
    _clean_stages()
    clear_stash()


def on_build_error(error: Exception) -> None:
    _clean_stages()
    clear_stash()


def _clean_stages() -> None:
    while _STAGES:
        shutil.rmtree(_STAGES.pop(), ignore_errors=True)
