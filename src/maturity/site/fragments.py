"""Raw HTML kept out of Python-Markdown: a placeholder in the page, the HTML put back after.

Pages are Markdown (their headings make the table of contents) with HTML parts; each
part goes through ``html_block`` (the ``html_block`` filter of the templates).
"""

from __future__ import annotations

import hashlib
import re

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
