"""Executed notebooks made inert: no script survives, the charts and tables do."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.notebooks.inert import clean_html, make_inert
from tests.site.conftest import browser  # noqa: F401  (a fixture: Debian's Chromium)

matplotlib.use("Agg")


class Tags(HTMLParser):
    """Every element and attribute a browser-like reading of the HTML finds."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]


def read(text: str) -> Tags:
    tags = Tags()
    tags.feed(text)
    tags.close()
    return tags


LIVE = {"script", "iframe", "object", "embed", "style", "foreignobject", "animate", "set", "img",
        "image", "base", "meta", "link", "form", "template", "math", "frame", "svg:script"}


def assert_inert(text: str) -> None:
    found = read(text)
    assert not LIVE & set(found.tags), found.tags
    for name, value in found.attrs:
        assert not name.startswith("on"), name
        squeezed = re.sub(r"\s", "", value).lower()
        assert "javascript:" not in squeezed and "vbscript:" not in squeezed and "data:" not in squeezed
        assert not re.search(r"url\((?!['\"]?#)", squeezed), value
    assert "<script" not in text.lower()


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><path d='M0 0'/></svg>",
        "<a href='javascript:alert(1)'>x</a>",
        "<a href=' JaVa\tScRiPt:alert(1)'>x</a>",
        "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<svg><foreignObject><body onload=alert(1)></foreignObject></svg>",
        "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
        "<svg><animate attributeName=href to=javascript:alert(1) />"
        "<set attributeName=onload to=alert(1)/></svg>",
        "<svg><use href='data:image/svg+xml,<svg id=x onload=alert(1)>#x'/></svg>",
        "<div style='background:url(javascript:alert(1))'>x</div>",
        "<div style='width: expression(alert(1))'>x</div>",
        "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<!--<script>alert(1)</script>-->",
        "<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
        "<scr<script>ipt>alert(1)</script>",
        "<base href='https://evil.example/'><meta http-equiv=refresh content='0;url=https://evil.example'>",
        "<table><tr><td onmouseover=alert(1)>x</td></tr></table>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<object data=x></object><embed src=x>",
        "<form action=https://evil.example><input name=p></form>",
    ],
)
def test_attacks_come_out_inert(attack: str) -> None:
    assert_inert(clean_html(attack))


def test_what_is_kept_stays() -> None:
    table = ('<table border="1" class="dataframe"><tr style="text-align: right;">'
             '<th>a &amp; b</th></tr></table>')
    assert clean_html(table) == table
    svg = ('<svg role="img" aria-label="Levels" viewBox="0 0 10 10"><title>Levels</title><defs>'
           '<clipPath id="c"><rect x="0" y="0" width="5" height="5"/></clipPath></defs>'
           '<g clip-path="url(#c)">'
           '<path d="M 0 0 L 5 5" style="fill: #3f7fbf; stroke: none"/><text x="1">A &lt; B</text></g></svg>')
    kept = clean_html(svg)
    assert_inert(kept)
    for part in ('role="img"', 'aria-label="Levels"', "<title>Levels</title>", 'clip-path="url(#c)"',
                 'd="M 0 0 L 5 5"', "A &lt; B", 'style="fill: #3f7fbf; stroke: none"'):
        assert part in kept, part
    link = clean_html('<a href="https://example.com/x" onclick="x()">y</a>')
    assert '<a href="https://example.com/x">' in link


def test_a_real_chart_keeps_its_shapes_and_text() -> None:
    import matplotlib.pyplot as plt

    from maturity.notebooks.display import chart_html

    fig, ax = plt.subplots()
    ax.bar(["data", "deploy"], [1, 2])
    ax.set_title("Levels by dimension")
    chart = chart_html(fig)
    plt.close(fig)
    kept = clean_html(chart)
    assert_inert(kept)
    before, after = read(chart), read(kept)
    assert after.tags.count("path") == before.tags.count("path") > 0
    assert after.tags.count("text") == before.tags.count("text") > 0
    assert ("aria-label", "Levels by dimension") in after.attrs


def notebook(**parts: Any) -> dict[str, Any]:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": parts.get("metadata", {}),
            "cells": parts["cells"]}


def test_a_notebook_loses_its_script_and_keeps_its_records() -> None:
    nb = notebook(
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
        cells=[
            {"cell_type": "markdown", "metadata": {}, "source": "# Title\n<script>alert(1)</script>"},
            {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "x", "outputs": [
                {"output_type": "display_data", "metadata": {}, "data": {
                    "application/javascript": "alert(1)",
                    "text/html": "<b onclick=alert(1)>bold</b><script>alert(2)</script>",
                    "image/svg+xml": "<svg onload=alert(3)><circle r='1'/></svg>",
                    "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                    "application/vnd.maturity+json": {"portfolio": {"as_of": "2026-06-30"}},
                    "text/plain": "<b>bold</b>",
                }},
                {"output_type": "stream", "name": "stdout", "text": "<script>is text here</script>"},
            ]},
        ],
    )
    make_inert(nb)
    assert "widgets" not in nb["metadata"]
    assert nb["cells"][0]["source"] == "# Title\n&lt;script>alert(1)&lt;/script>"
    data = nb["cells"][1]["outputs"][0]["data"]
    assert set(data) == {"text/html", "application/vnd.maturity+json", "text/plain"}
    assert data["text/html"] == "<b>bold</b>"
    assert data["application/vnd.maturity+json"] == {"portfolio": {"as_of": "2026-06-30"}}


fragments = st.sampled_from([
    "<script>", "</script>", "<svg", "<img", " onerror=", " onload=", "alert(1)", "javascript:", "<a href=",
    "'", '"', ">", "<", "/", "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<foreignObject>",
    " style=", "url(", "#x)", "<math>", "<table>", "<td>", "&lt;", "&#106;avascript:", "\t", "\n", "x",
    "<noscript>", "</noscript>", "<textarea>", "<title>", " xlink:href=", "<use", "<set", " to=",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(fragments, max_size=40).map("".join))
def test_property_whatever_goes_in_nothing_live_comes_out(text: str) -> None:
    cleaned = clean_html(text)
    assert_inert(cleaned)
    assert clean_html(cleaned) == cleaned  # what comes out reads back as itself


# --------------------------------------------------------------------------- end to end


HOSTILE_CODE = """
from IPython.display import HTML, SVG, Javascript, display
display(HTML("<b>kept</b><script>window.__html = 1</script><img src=x onerror='window.__img = 1'>"))
display(Javascript("window.__js = 1"))
display(SVG("<svg xmlns='http://www.w3.org/2000/svg' onload='window.__svg = 1'><circle r='5'/></svg>"))
"""


@pytest.mark.notebooks
@pytest.mark.site
@pytest.mark.browser
def test_a_hostile_notebook_runs_nothing_on_the_site(
    repo: Any, tmp_path: Any, browser: Any  # noqa: F811
) -> None:
    """`maturity notebooks` on a notebook whose outputs and Markdown carry script, then a
    real site build: in Chromium nothing of it runs; a notebook dropped beside the
    executed ones (not made by the run) is not published at all."""
    import nbformat

    from tests.notebooks.test_cli import maturity
    from tests.site.conftest import build_site, copy_portfolio

    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Hostile\n<script>window.__md = 1</script>"
                                      "<img src=x onerror='window.__mdimg = 1'>"),
        nbformat.v4.new_code_cell(HOSTILE_CODE),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "hostile.ipynb")
    root = copy_portfolio(repo, tmp_path / "portfolio")
    out = tmp_path / "executed"
    done = maturity("notebooks", "--root", str(root), "--notebooks", str(folder), "-o", str(out),
                    cwd=tmp_path, home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    nbformat.write(nb, out / "dropped.ipynb")  # never run: not to be published
    built = build_site(repo, root, tmp_path / "site", out, dt.date(2026, 11, 23))
    assert not (built.site / "analysis" / "dropped.html").exists()
    page_file = built.site / "analysis" / "hostile.html"
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        ran = page.evaluate("() => ['__md', '__mdimg', '__html', '__img', '__js', '__svg']"
                            ".filter(name => window[name] !== undefined)")
        text = page.inner_text("body")
    finally:
        page.close()
    assert ran == []
    assert "kept" in text and "Hostile" in text
