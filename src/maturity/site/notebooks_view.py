"""The analysis index: the executed notebooks, or how to produce them."""

from __future__ import annotations

from maturity.site.data import SiteData
from maturity.site.generate import notebook_title
from maturity.site.jinja import render


def notebooks_html(data: SiteData) -> str:
    return render(
        "notebooks.html",
        notebooks=[(notebook_title(nb.stem), nb.stem, nb.name) for nb in data.notebooks],
    )
