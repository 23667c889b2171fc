"""Pieces shared by the portfolio, system and rubric views."""

from __future__ import annotations

import hashlib
import re
from fractions import Fraction

from maturity.core.scoring import Tally
from maturity.site.html import esc, tag
from maturity.views.wording import number, status_text


def status_chip(status: str) -> str:
    return tag(
        "span", esc(status_text(status)),
        class_=f"mt-status mt-s-{status}", data_status=status,
    )


def wrap_table(table: str) -> str:
    """A table Material styles and wraps (so it scrolls sideways on a phone).

    Material only touches tables without a ``class``: ours are told apart by ``data-mt``.
    """
    return f'<div class="mt-table">{table}</div>'


_STASH: dict[str, str] = {}
_MARK = re.compile(r"<!--mt-html:([0-9a-f]{24})-->")
# a line break after each block's end, as Markdown would put it: text extracted from the
# page (the search index) keeps the words of two blocks apart
_BLOCK_END = re.compile(r"(</(?:div|p|table|ul|ol|dl|figure|details|blockquote|pre|h[1-6])>)(?=<)")


def html_block(body: str) -> str:
    """Raw HTML as its own Markdown block, kept out of Python-Markdown's way.

    Markdown only sees a short comment; ``unstash`` (the ``on_page_content`` hook) puts
    the HTML back once the page is rendered. Python-Markdown parses every tag of a raw
    HTML block, which made it most of the build time of a page with a long checklist.
    """
    key = hashlib.blake2b(body.encode("utf-8"), digest_size=12).hexdigest()
    _STASH[key] = _BLOCK_END.sub("\\1\n", body)
    return f"\n\n<!--mt-html:{key}-->\n\n"


def unstash(html: str) -> str:
    """A rendered page with the HTML of its ``html_block`` placeholders put back."""
    return _MARK.sub(lambda m: _STASH.get(m.group(1), m.group(0)), html)


def clear_stash() -> None:
    _STASH.clear()


def tally_cell(t: Tally, threshold: Fraction) -> str:
    """Progress toward one level: a bar, credit/applicable, what is needed, met or not."""
    if not t.items:
        return tag("span", "no items", class_="mt-muted", data_met="true")
    if t.all_na:
        return tag("span", "all n/a ✓ met", class_="mt-met", data_met="true",
                   title="no applicable item: met by definition")
    pct = min(100.0, float(t.credit) / t.applicable * 100)
    upper_pct = min(100.0, float(t.credit_upper) / t.applicable * 100)
    bar = (
        '<span class="mt-bar" aria-hidden="true">'
        f'<span class="mt-bar-upper" style="width:{upper_pct:.0f}%"></span>'
        f'<span class="mt-bar-done" style="width:{pct:.0f}%"></span>'
        f'<span class="mt-bar-thr" style="left:{float(threshold) * 100:.0f}%"></span></span>'
    )
    if t.met:
        mark, cls = "✓ met", "mt-met"
    elif t.met_upper:
        mark, cls = "~ open", "mt-open-mark"
    else:
        mark, cls = "✗ not met", "mt-notmet"
    unknown = f" +{t.unassessed}?" if t.unassessed else ""
    text = (
        f'<span class="mt-frac">{number(t.credit)}/{t.applicable}{unknown}</span> '
        f'<span class="mt-need">needs {number(t.required)}</span> '
        f'<span class="{cls}">{mark}</span>'
    )
    return tag(
        "span", bar + text, class_="mt-tally",
        data_credit=number(t.credit), data_applicable=t.applicable,
        data_required=number(t.required), data_met=str(t.met).lower(),
        data_met_upper=str(t.met_upper).lower(), data_unassessed=t.unassessed,
    )
