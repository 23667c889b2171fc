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
from fractions import Fraction
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from maturity.site.fragments import html_block
from maturity.views import wording
from maturity.views.campaign import deadline_text, standing_text
from maturity.views.diff import dates_changed
from maturity.views.models import change_rows, gap_state, tally_cell
from maturity.views.text import level_heading, metric_lines, scope_cell

_TO_ESCAPE = re.compile(r"[&<>\"'{}]")


def _finalize(value: Any) -> Any:
    """Each ``{{ value }}``: escaped (by autoescape), and braces too, so no template engine
    further down the build (mkdocs-macros) can read user text as a template."""
    if isinstance(value, Markup):
        return value
    kind = type(value)
    if kind is int or (kind is str and _TO_ESCAPE.search(value) is None):
        return Markup(value)  # nothing to escape: most values of a page (a page has thousands)
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))


def html_text(value: object) -> str:
    """Text for HTML outside a template (a nav title, front matter): what ``{{ value }}``
    gives in one."""
    return str(_finalize(value))


def _md(text: object) -> Markup:
    """User text for a Markdown line (a heading): escaped for HTML and for Markdown."""
    return Markup(wording.md(text))


def _stash(body: str) -> Markup:
    """Rendered HTML as a raw block Python-Markdown never parses (see ``html_block``)."""
    return Markup(html_block(str(body)))


def heading(text: object, anchor: str, level: int = 2) -> Markup:
    """A Markdown heading with its id: ``## Summary {#summary}`` (the page's table of
    contents is built from these)."""
    return Markup(f"{'#' * level} {wording.md(text)} {{#{escape(anchor)}}}")


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
    html_block=_stash,
    number=wording.number,
    percent=wording.percent,
    status_text=wording.status_text,
    date=wording.date_text,
    bar_width=bar_width,
    cell=tally_cell,
)
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
    level_heading=level_heading,
    metric_lines=metric_lines,
    change_rows=change_rows,
    deadline_text=deadline_text,
    dates_changed=dates_changed,
    standing_text=standing_text,
    gap_state=gap_state,
    scope_cell=scope_cell,
)


def render(name: str, **context: Any) -> str:
    """The template ``name`` (under ``site/templates/``) rendered with ``context``."""
    return ENV.get_template(name).render(**context)


def macro(name: str, *args: Any, **kwargs: Any) -> str:
    """One macro of ``macros.html`` rendered on its own (a badge, a chip, a test)."""
    return str(getattr(ENV.get_template("macros.html").module, name)(*args, **kwargs))
