"""`make notebooks` then `make site`: the real notebooks, executed by the console script,
published by a real ``mkdocs build --strict`` under Analysis, with their charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.notebooks.conftest import NOTEBOOKS
from tests.notebooks.test_cli import maturity
from tests.site.conftest import HOSTILE_ID, Built, build_site, copy_portfolio, write_hostile_system

pytestmark = [pytest.mark.notebooks, pytest.mark.site]

CHART_TITLES = {
    "system_report": ["Levels by dimension", "Overall level over time"],
    "portfolio": ["Systems by overall level", "Levels by system and dimension",
                  "Dimensions holding the portfolio back"],
    "trends": ["Overall level by quarter", "Mean level by dimension and quarter"],
}


@pytest.fixture(scope="module")
def published(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The examples plus the site tests' hostile system: notebooks run, then the site built."""
    base = tmp_path_factory.mktemp("published")
    root = copy_portfolio(repo, base / "portfolio")
    write_hostile_system(root)
    out = base / "build-notebooks"
    as_of = dt.date(2026, 9, 30)
    done = maturity("notebooks", "--root", str(root), "--notebooks", str(NOTEBOOKS), "-o", str(out),
                    "-p", "system", HOSTILE_ID, "-p", "rubric", "google-mlops",
                    cwd=base, home=base, as_of=as_of.isoformat())
    assert done.returncode == 0, done.stdout + done.stderr
    return build_site(repo, root, base / "site", out, as_of)


@pytest.mark.parametrize("name", sorted(CHART_TITLES))
def test_each_notebook_is_a_page_with_its_titled_charts(published: Built, name: str) -> None:
    page = published.html(f"analysis/{name}.html")
    charts = page.select(".mt-notebook .output_area svg[role=img]")  # nbconvert basic, by the site's renderer
    labels = [str(c["aria-label"]) for c in charts]
    assert len(labels) == len(CHART_TITLES[name])
    for label, title in zip(labels, CHART_TITLES[name], strict=True):
        assert label.startswith(title), (label, title)
    for chart in charts:  # inline SVG: titled for assistive technology, labels as page text
        assert chart.find("title").get_text() == chart["aria-label"]
        text = chart.get_text(" ")
        assert any(label in text for label in ("level", "quarter", "dimension", "items"))
    body = page.get_text(" ")
    assert "Traceback" not in body and "Warning" not in body
    assert f'"name": "{name}"' not in body  # the recorded values stay out of sight


def test_analysis_index_and_nav_list_the_three(published: Built) -> None:
    index = published.html("analysis/index.html")
    links = [a["href"] for a in index.select('[data-notebooks] a')]
    assert links == ["portfolio.html", "system_report.html", "trends.html"]


def test_hostile_text_in_notebook_outputs_stays_text(published: Built) -> None:
    """Names, notes and rubric titles reach the notebooks' tables and charts escaped."""
    for name in CHART_TITLES:
        soup: BeautifulSoup = published.html(f"analysis/{name}.html")
        for script in soup.find_all("script"):
            assert "__xss" not in script.get_text(), name
        for el in soup.find_all(True):
            for attr in el.attrs:
                assert not attr.lower().startswith("on"), f"{name}: <{el.name} {attr}>"
        assert soup.find("iframe") is None
    report = published.html("analysis/system_report.html").get_text(" ")
    assert "</title><script>window.__xss=1</script> Hostile" in report  # the name, shown as text
