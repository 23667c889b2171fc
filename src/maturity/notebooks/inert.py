"""An executed notebook made inert before anything publishes it: no live script left.

The site publishes the executed notebooks (``build/notebooks``) as pages. A notebook's
outputs and Markdown are HTML that the page would carry as it is, and a notebook comes
from the repository, which pull requests change. So before an executed notebook is
written where the site reads it:

- outputs that are script (``application/javascript``, widget views) are dropped, and
  so is the notebook's widget state;
- HTML outputs (``text/html``: tables, the inline SVG charts) and SVG images are
  rebuilt from an allow-list: known table, text and SVG elements with known
  attributes; ``<script>``, ``<style>``, ``<iframe>``, ``<foreignObject>``, SVG
  animation and the like go with their content; event handlers (``on…``), links that
  are not ``http(s)``/``#``, ``url(…)`` other than ``url(#id)`` and comments go; all
  text is escaped again. What the browser reads is what this code wrote, so no parser
  difference can bring script back;
- raw HTML in Markdown cells is shown as text (``<`` written ``&lt;``); Markdown
  links to ``javascript:`` are refused by the Markdown renderer itself.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

# Elements dropped with everything inside them.
_DROP = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
    "noscript", "foreignobject", "math", "form", "input", "button", "textarea", "select", "option",
    "link", "meta", "base", "audio", "video", "source", "track", "canvas", "animate",
    "animatemotion", "animatetransform", "set", "handler", "listener", "discard", "image", "img",
    "svg:script", "xmp", "plaintext", "noembed", "noframes", "metadata",
})
_VOID = frozenset({"br", "hr", "col", "wbr"})
_HTML = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul", "var", "wbr",
})
_SVG = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "defs", "clippath", "use", "desc", "lineargradient", "radialgradient", "stop", "pattern",
    "mask", "symbol", "marker", "title",
})
_ATTRIBUTES = frozenset({
    "class", "id", "lang", "dir", "role", "colspan", "rowspan", "align", "valign", "width",
    "height", "border", "cellpadding", "cellspacing", "scope", "headers", "abbr", "start",
    "reversed", "open", "style", "href", "xlink:href", "title",
    # SVG geometry and presentation
    "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "d", "points",
    "transform", "viewbox", "preserveaspectratio", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
    "stroke-dashoffset", "stroke-miterlimit", "opacity", "font-family", "font-size",
    "font-weight", "font-style", "font-stretch", "text-anchor", "dominant-baseline",
    "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "clip-path",
    "clippathunits", "clip-rule", "mask", "maskunits", "xmlns", "xmlns:xlink", "version",
    "gradientunits", "gradienttransform", "offset", "stop-color", "stop-opacity", "visibility",
    "display", "patternunits", "patterntransform", "markerwidth", "markerheight", "refx", "refy",
    "orient", "marker-start", "marker-mid", "marker-end", "vector-effect", "shape-rendering",
    "text-rendering", "color", "overflow", "textlength", "lengthadjust",
})
_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"url\s*\(\s*['\"]?#[A-Za-z0-9_.:-]*['\"]?\s*\)", re.IGNORECASE)
_BAD_STYLE = re.compile(r"expression|javascript|vbscript|@import|behavior|-moz-binding|[\\<>]", re.IGNORECASE)
_SAFE_HREF = re.compile(r"(https?://|#|mailto:)[^\s\"'<>`]*\Z", re.IGNORECASE)
_LIVE_MIME = re.compile(r"javascript|ecmascript|widget-view|widget-state", re.IGNORECASE)


def _value_ok(name: str, value: str) -> bool:
    if name in ("href", "xlink:href"):
        return bool(_SAFE_HREF.match(value.strip()))
    if _URL.search(_LOCAL_URL.sub("", value)):
        return False  # a url(...) that is not url(#id)
    if name == "style" and _BAD_STYLE.search(value):
        return False
    lowered = re.sub(r"[\s\x00-\x1f]", "", value).lower()
    return not lowered.startswith(("javascript:", "vbscript:", "data:"))


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []  # open elements whose content goes too
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag in _DROP and tag not in _VOID:
                self.dropping.append(tag)
            return
        if tag in _DROP:
            self.dropping.append(tag)
            return
        if tag not in _HTML and tag not in _SVG:
            return  # unknown: the tag goes, its text stays
        kept = []
        for name, value in attrs:
            known = name in _ATTRIBUTES or (name.startswith("aria-") and name[5:].isalpha())
            if known and _value_ok(name, value or ""):
                kept.append(f' {name}="{html.escape(value or "", quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP or self.dropping:
            return
        self.handle_starttag(tag, attrs)
        if tag in self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in self.open:
            while self.open:
                top = self.open.pop()
                self.out.append(f"</{top}>")
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def clean_html(text: str) -> str:
    """``text`` rebuilt from the allow-list: no script, no handler, no foreign URL."""
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.result()


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def make_inert(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook (nbformat's JSON as a dict) with no live script; changed in place."""
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict):
            continue
        if cell.get("cell_type") == "markdown":
            cell["source"] = _text(cell.get("source", "")).replace("<", "&lt;")
        for output in cell.get("outputs", []) or []:
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict):
                continue
            for mime in [m for m in data if _LIVE_MIME.search(m)]:
                del data[mime]
            if "text/html" in data:
                data["text/html"] = clean_html(_text(data["text/html"]))
            if "image/svg+xml" in data:  # shown inline from now on, so that it is rebuilt as HTML is
                svg = clean_html(_text(data.pop("image/svg+xml")))
                data.setdefault("text/html", svg)
    return notebook
