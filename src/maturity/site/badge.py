"""The level badge a README embeds (shields.io's flat style): a small SVG template."""

from __future__ import annotations

from maturity.charts.figures import level_colour
from maturity.site.html import esc
from maturity.views.wording import level_span

LABEL_BG = "#555"


def _width(text: str) -> int:
    """Verdana 11px is about 6.5 px a character; pad 10 px each side."""
    return int(len(text) * 6.5) + 10


def badge_svg(level: int, upper: int, label: str = "MLOps maturity") -> str:
    value = f"level {level_span(level, upper)}"
    lw, vw = _width(label), _width(value)
    total = lw + vw
    colour = level_colour(level)
    title = esc(f"{label}: {value}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="{LABEL_BG}"/>'
        f'<rect x="{lw}" width="{vw}" height="20" fill="{colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{lw / 2}" y="15" fill="#010101" fill-opacity=".3">{esc(label)}</text>'
        f'<text x="{lw / 2}" y="14">{esc(label)}</text>'
        f'<text x="{lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">{esc(value)}</text>'
        f'<text x="{lw + vw / 2}" y="14">{esc(value)}</text></g></svg>\n'
    )
