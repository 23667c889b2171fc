"""Pieces shared by the portfolio, system and rubric views."""

from __future__ import annotations

import base64
import re
from fractions import Fraction

from maturity.core.model import UNASSESSED
from maturity.core.scoring import Tally
from maturity.site.html import esc, tag

STATUS_LABELS = {
    "done": "done",
    "partial": "partial",
    "todo": "to do",
    "na": "n/a",
    UNASSESSED: "unassessed",
}
STATUS_ICONS = {"done": "✓", "partial": "◐", "todo": "✗", "na": "–", UNASSESSED: "?"}


def num(value: Fraction | int | float) -> str:
    """2, 2.5, 2.4: exact values shown short."""
    as_float = float(value)
    return str(int(as_float)) if as_float.is_integer() else f"{as_float:.2f}".rstrip("0")


def status_chip(status: str) -> str:
    return tag(
        "span", esc(f"{STATUS_ICONS.get(status, '')} {STATUS_LABELS.get(status, status)}"),
        class_=f"mt-status mt-s-{status}", data_status=status,
    )


def wrap_table(table: str) -> str:
    """A table Material styles and wraps (so it scrolls sideways on a phone).

    Material only touches tables without a ``class``: ours are told apart by ``data-mt``.
    """
    return f'<div class="mt-table">{table}</div>'


_MARK = re.compile(r"<!--mt-html:([A-Za-z0-9+/=]*)-->")
# a line break after each block's end, as Markdown would put it: text extracted from the
# page (the search index) keeps the words of two blocks apart
_BLOCK_END = re.compile(r"(</(?:div|p|table|ul|ol|dl|figure|details|blockquote|pre|h[1-6])>)(?=<)")


def html_block(body: str) -> str:
    """Raw HTML as its own Markdown block, kept out of Python-Markdown's way.

    Markdown only sees one HTML comment that carries the block (base64: no ``-``, ``>``
    or Markdown syntax in it); ``unstash`` (the plugin's ``on_page_content``) puts the
    HTML back once the page is rendered. Python-Markdown parses every tag of a raw HTML
    block, which made it most of the build time of a page with a long checklist. The
    block travels inside the page itself: no state is kept between the two steps.
    """
    packed = base64.b64encode(_BLOCK_END.sub("\\1\n", body).encode("utf-8")).decode("ascii")
    return f"\n\n<!--mt-html:{packed}-->\n\n"


def unstash(html: str) -> str:
    """A rendered page with the HTML of its ``html_block`` placeholders put back."""
    return _MARK.sub(lambda m: base64.b64decode(m.group(1)).decode("utf-8"), html)


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
        f'<span class="mt-frac">{num(t.credit)}/{t.applicable}{unknown}</span> '
        f'<span class="mt-need">needs {num(t.required)}</span> '
        f'<span class="{cls}">{mark}</span>'
    )
    return tag(
        "span", bar + text, class_="mt-tally",
        data_credit=num(t.credit), data_applicable=t.applicable,
        data_required=num(t.required), data_met=str(t.met).lower(),
        data_met_upper=str(t.met_upper).lower(), data_unassessed=t.unassessed,
    )
