"""The analysis index: the executed notebooks, or how to produce them."""

from __future__ import annotations

from maturity.site.data import SiteData
from maturity.site.fragments import html_block
from maturity.site.html import esc, tag
from maturity.site.pages import notebook_title


def notebooks_html(data: SiteData) -> str:
    if not data.notebooks:
        return html_block(
            '<div class="admonition info" data-notebooks="0"><p class="admonition-title">'
            "No executed notebook yet</p><p>Run <code>make notebooks</code> (papermill runs "
            "the notebooks of <code>notebooks/</code> on the portfolio into "
            "<code>build/notebooks/</code>), then build the site again.</p></div>"
        )
    lis = "".join(
        f"<li>{tag('a', esc(notebook_title(nb.stem)), href=nb.stem + '.html')} "
        f"<code>{esc(nb.name)}</code></li>"
        for nb in data.notebooks
    )
    return html_block(f'<ul data-notebooks="{len(data.notebooks)}">{lis}</ul>')
