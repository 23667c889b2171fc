"""Escaping and small HTML builders: every piece of user text goes through ``esc``."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from maturity.views.text import level_span

level_text = level_span  # "1" or "1–2": the site's name for the one formatter

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-.!])")  # Python-Markdown's escapable set


def esc(text: object) -> str:
    """HTML-escape any value (quotes too), and braces so no template engine sees them."""
    return (
        html.escape(str(text), quote=True)
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def md_text(text: object) -> str:
    """Text for a Markdown heading: escaped for HTML, Markdown syntax neutralised."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)).replace(
        "{", "&#123;"
    ).replace("}", "&#125;")


def safe_href(link: str) -> str | None:
    """The link if it is http(s) or relative (as the loader demands), else ``None``."""
    stripped = link.strip()
    parts = urlsplit(stripped)
    if parts.scheme:
        return stripped if parts.scheme in ("http", "https") and parts.netloc else None
    if stripped.startswith("//") or ":" in stripped.split("/", 1)[0]:
        return None
    return stripped


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
    title = f"level {level}" if level == upper else f"level {level}, up to {upper}"
    return tag(
        "span", esc(level_text(level, upper)) + extra,
        class_=f"mt-chip mt-l{level}" + ("" if level == upper else " mt-open"),
        title=title, data_level=level, data_upper=upper,
    )
