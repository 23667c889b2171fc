"""Escaping and small HTML builders: every piece of user text goes through ``esc``."""

from __future__ import annotations

import html
from collections.abc import Iterable

from maturity.views.wording import evidence_link, level_span, level_words


def esc(text: object) -> str:
    """HTML-escape any value (quotes too), and braces so no template engine sees them."""
    return (
        html.escape(str(text), quote=True)
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def safe_href(link: str) -> str | None:
    """Where evidence leads when the one link policy allows it, else ``None``."""
    return evidence_link(link).href


def attrs(**values: object) -> str:
    """``key="value"`` pairs (``data_x`` becomes ``data-x``), escaped; ``None`` dropped."""
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(name if value is True else f'{name}="{esc(value)}"')
    return (" " + " ".join(out)) if out else ""


def tag(name: str, body: str = "", **values: object) -> str:
    """An element whose body is already HTML (escape text with ``esc`` first)."""
    return f"<{name}{attrs(**values)}>{body}</{name}>"


def join(parts: Iterable[str], sep: str = "") -> str:
    return sep.join(parts)


def level_chip(level: int, upper: int, extra: str = "") -> str:
    """A coloured cell body that also reads without colour: the number itself."""
    title = level_words(level, upper)
    return tag(
        "span", esc(level_span(level, upper)) + extra,
        class_=f"mt-chip mt-l{level}" + ("" if level == upper else " mt-open"),
        title=title, data_level=level, data_upper=upper,
    )
