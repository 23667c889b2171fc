"""The site's one Jinja environment: package templates, escaping on by default.

Every page and fragment of the site is a template under ``site/templates/``; view code
hands it data and writes no tag. ``autoescape`` makes escaping the default, so a name
or a note holding ``<script>`` shows as text without anyone remembering to escape it;
``StrictUndefined`` turns a misspelt variable into an error, not an empty cell. The
filters are the views' one wording (``views.wording``), so a number, a range or a
status reads on the site as it does in the terminal and the pull-request comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from maturity.core import inert
from maturity.views import wording
from maturity.views.campaign import deadline_text, standing_text
from maturity.views.diff import dates_changed
from maturity.views.models import change_rows, gap_state, tally_cell
from maturity.views.probes import probe_note
from maturity.views.text import level_heading, metric_lines, scope_cell

_TO_ESCAPE = re.compile(f"[&<>\"'{{}}{inert.CONTROLS}]")


def _finalize(value: Any) -> Any:
    """Each ``{{ value }}``: escaped (by autoescape), and braces too, so no template engine
    further down the build (mkdocs-macros) can read user text as a template; control and
    bidi-control characters shown as ``\\uXXXX`` (``core.inert``), so a right-to-left
    override cannot make a name read as something else."""
    if isinstance(value, Markup):
        return value
    kind = type(value)
    if kind is int or (kind is str and _TO_ESCAPE.search(value) is None):
        return Markup(value)  # nothing to escape: most values of a page (a page has thousands)
    text = inert.escape(str(value))
    return Markup(str(escape(text)).replace("{", "&#123;").replace("}", "&#125;"))


def html_text(value: object) -> str:
    """Text for HTML outside a template (a nav title, front matter): what ``{{ value }}``
    gives in one."""
    return str(_finalize(value))


def _md(text: object) -> Markup:
    """User text for a Markdown line (a heading): escaped for HTML and for Markdown."""
    return Markup(wording.md(text))


# a line break after each block's end, as Markdown would put it: text extracted from the
# page (the search index) keeps the words of two blocks apart
_BLOCK_END = re.compile(r"(</(?:div|p|table|ul|ol|dl|figure|details|blockquote|pre|h[1-6])>)(?=<)")


@dataclass(frozen=True)
class Heading:
    """One heading of an article: an entry of its table of contents."""

    level: int
    id: str
    name: str  # HTML text, as MkDocs' toc tokens hold it


@dataclass(frozen=True)
class Article:
    """A page rendered straight to HTML, with its table of contents."""

    html: str
    headings: tuple[Heading, ...]


_ARTICLE: ContextVar[list[Heading] | None] = ContextVar("maturity_article", default=None)
PERMALINK = "&para;"  # what Python-Markdown's toc extension puts after a heading (permalink: true)


@contextmanager
def _collecting() -> Iterator[list[Heading]]:
    found: list[Heading] = []
    token = _ARTICLE.set(found)
    try:
        yield found
    finally:
        _ARTICLE.reset(token)


def html_block(body: object) -> Markup:
    """A part of a page written in HTML.

    In an article (``render_article``) it is the HTML as it is. In Markdown (a macro's
    output, a generated page written to a file for an engine that reads files) it is a
    raw HTML block, blank lines around it, that Python-Markdown passes through."""
    html = _BLOCK_END.sub("\\1\n", str(body)).strip()
    if _ARTICLE.get() is not None:
        return Markup(html + "\n")
    return Markup(f"\n\n{html}\n\n")


def heading(text: object, anchor: str, level: int = 2) -> Markup:
    """A heading with its id, an entry of the page's table of contents.

    In an article: ``<h2 id="summary">Summary<a class="headerlink" …>¶</a></h2>``, as
    Python-Markdown's toc extension writes it. In Markdown: ``## Summary {#summary}``."""
    found = _ARTICLE.get()
    if found is None:
        return Markup(f"{'#' * level} {wording.md(text)} {{#{escape(anchor)}}}")
    name, ident = html_text(text), str(escape(anchor))
    found.append(Heading(level, ident, name))
    return Markup(
        f'<h{level} id="{ident}">{name}<a class="headerlink" href="#{ident}" '
        f'title="Permanent link">{PERMALINK}</a></h{level}>\n'
    )


def bar_width(part: Fraction | int, whole: int | Fraction) -> str:
    """A share as a CSS percentage, capped at 100: ``67``."""
    return f"{min(100.0, float(part) / float(whole) * 100):.0f}" if whole else "0"


ENV = Environment(
    loader=PackageLoader("maturity.site", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters.update(
    md=_md,
    html_block=html_block,
    number=wording.number,
    percent=wording.percent,
    status_text=wording.status_text,
    date=wording.date_text,
    bar_width=bar_width,
    cell=tally_cell,
)
@cache
def _probe_questions() -> dict[str, str]:
    from maturity.store.probes import load_probe_files
    from maturity.store.rubrics import builtin_rubrics

    return {p.id: p.question for p in load_probe_files(None, builtin_rubrics()).ordered()}


def probe_question(probe_id: str) -> str:
    """The question a shipped probe answers (a repository's own probe: its id)."""
    return _probe_questions().get(probe_id, probe_id)


ENV.globals.update(
    heading=heading,
    level_span=wording.level_span,
    level_words=wording.level_words,
    level_range=wording.level_range,
    range_span=wording.range_span,
    direction=wording.direction,
    trend=wording.trend,
    plural=wording.plural,
    evidence_link=wording.evidence_link,
    probe_note=probe_note,
    probe_question=probe_question,
    level_heading=level_heading,
    metric_lines=metric_lines,
    change_rows=change_rows,
    deadline_text=deadline_text,
    dates_changed=dates_changed,
    standing_text=standing_text,
    gap_state=gap_state,
    scope_cell=scope_cell,
    score_words=wording.score_words,
    score_span=wording.score_span,
    band_name=wording.band_name,
    answer_label=wording.answer_label,
)


def render(name: str, **context: Any) -> str:
    """The template ``name`` (under ``site/templates/``) rendered with ``context``."""
    return ENV.get_template(name).render(**context)


def render_article(name: str, **context: Any) -> Article:
    """The template ``name`` rendered as a finished article: HTML headings (with ids and
    permalinks) and HTML parts, no Markdown left; its headings make the table of contents."""
    with _collecting() as found:
        html = ENV.get_template(name).render(**context)
    return Article(html, tuple(found))


def macro(name: str, *args: Any, **kwargs: Any) -> str:
    """One macro of ``macros.html`` rendered on its own (a badge, a chip, a test)."""
    return str(getattr(ENV.get_template("macros.html").module, name)(*args, **kwargs))
