"""Raw HTML kept out of Python-Markdown: a placeholder in the page, the HTML put back after.

Pages are Markdown (their headings make the table of contents) with HTML parts; each
part goes through ``html_block`` (the ``html_block`` filter of the templates).
"""

from __future__ import annotations

import base64
import re

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
