"""MkDocs hooks (the edge, loaded through ``hooks:`` in mkdocs.yml).

Loads and scores the portfolio once per build, adds a generated page per system
and per rubric, publishes the executed notebooks under "Analysis", and turns the
core's errors into one clear build error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from maturity.errors import MaturityError
from maturity.site.context import SiteData, rubric_page, site_for
from maturity.site.pages import generated_pages, notebook_title

RUBRICS_SECTION = "Rubrics"
ANALYSIS_SECTION = "Analysis"
ANALYSIS_DIR = "analysis"


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
    nav = config.nav
    if nav:
        rubrics = _section(nav, RUBRICS_SECTION)
        if rubrics is not None:
            rubrics += [{r.title: rubric_page(r)} for r in data.rubrics]
        analysis = _section(nav, ANALYSIS_SECTION)
        if analysis is not None:
            analysis += [
                {notebook_title(nb.stem): f"{ANALYSIS_DIR}/{nb.name}"} for nb in data.notebooks
            ]
    return config


@event_priority(50)  # before mkdocs-jupyter wraps the notebooks
def on_files(files: Files, config: MkDocsConfig) -> Files:
    data = _site(config)
    for src_uri, content in generated_pages(data).items():
        files.append(File.generated(config, src_uri, content=content))
    for nb in data.notebooks:
        files.append(
            File(
                f"{ANALYSIS_DIR}/{nb.name}",
                src_dir=str(nb.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files

