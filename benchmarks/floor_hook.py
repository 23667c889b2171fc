"""MkDocs hook of the floor project (benchmarks/floor.py copies it there).

Each page's Markdown is a one-line placeholder; this hook replaces what Markdown made of
it with the page's finished article, saved from the real build in articles/ beside
this file, and sets the page's table of contents. The generated pages stay out of the
nav, as the product's hook leaves them.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

ARTICLES = Path(__file__).resolve().parent / "articles"
NOT_IN_NAV = frozenset(json.loads((ARTICLES / "not-in-nav.json").read_text(encoding="utf-8")))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in files:
        if file.src_uri in NOT_IN_NAV:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    saved = ARTICLES / page.file.src_uri
    page.toc = get_toc(json.loads(saved.with_name(saved.name + ".toc.json").read_text(encoding="utf-8")))
    return saved.with_name(saved.name + ".html").read_text(encoding="utf-8")
