"""The Analysis section: built with and without executed notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from maturity.store.artifacts import record_notebooks

from .conftest import Built, build_site, copy_portfolio, newest_snapshot_date

pytestmark = pytest.mark.site


def write_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Portfolio overview\n\nLevels by system."),
        nbformat.v4.new_code_cell(
            "print(6 * 7)",
            execution_count=1,
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="42\n")],
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def with_notebooks(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("notebooks")
    root = copy_portfolio(repo, base / "portfolio")
    notebooks = base / "build-notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "portfolio_overview.ipynb")
    record_notebooks(notebooks, made=[notebooks / "portfolio_overview.ipynb"])  # as `maturity notebooks` does
    write_notebook(notebooks / "dropped_in.ipynb")  # not made by a run: never published
    return build_site(repo, root, base / "site", notebooks, newest_snapshot_date(root))


def test_without_notebooks_the_index_says_how_to_make_them(built: Built) -> None:
    soup = built.html("analysis/index.html")
    box = soup.select_one('[data-notebooks="0"]')
    assert box is not None and "make notebooks" in box.get_text()


def test_notebooks_are_published_under_analysis(with_notebooks: Built) -> None:
    """Each executed notebook becomes a page (not executed again), listed on the
    analysis index and in the nav's Analysis section."""
    page = with_notebooks.html("analysis/portfolio_overview.html")
    assert "42" in page.get_text()
    index = with_notebooks.html("analysis/index.html")
    listed = index.select_one('[data-notebooks="1"]')
    assert listed is not None
    assert [a["href"] for a in listed.select("a")] == ["portfolio_overview.html"]
    assert not (with_notebooks.site / "analysis" / "dropped_in.html").exists()
    assert "not publishing dropped_in.ipynb" in with_notebooks.log
    nav_links = [a.get("href") for a in index.select("nav.md-nav--primary a")]
    assert "portfolio_overview.html" in nav_links
    for script in page.find_all("script"):
        src = script.get("src")
        assert not src or "://" not in str(src), src
