"""The level badge a README embeds (shields.io's flat style): ``templates/badge.svg``."""

from __future__ import annotations

from maturity.site.jinja import render
from maturity.views.palette import level_colour
from maturity.views.wording import level_span

LABEL_BG = "#555"


def _width(text: str) -> int:
    """Verdana 11px is about 6.5 px a character; pad 10 px each side."""
    return int(len(text) * 6.5) + 10


def badge_svg(
    level: int, upper: int, label: str = "MLOps maturity", note: str = "", complete: bool = False
) -> str:
    """``note`` goes into the tooltip only (``<title>``): e.g. an overdue target. A
    ``complete`` score (every level in its scope counts: nothing higher to reach) reads
    ``level 3 ✓``."""
    value = f"level {level_span(level, upper)}" + (" ✓" if complete else "")
    lw, vw = _width(label), _width(value)
    title = f"{label}: {value}" + (f"; {note}" if note else "")
    return render(
        "badge.svg", label=label, value=value, title=title, lw=lw, vw=vw,
        total=lw + vw, colour=level_colour(level), label_bg=LABEL_BG,
    )
