"""The committed notebooks: valid, without outputs, one typed and commented parameters cell."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from tests.notebooks.conftest import NAMES, NOTEBOOKS

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_analyses_are_there() -> None:
    assert {p.stem for p in PATHS} >= set(NAMES)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    """No outputs, no execution counts: a diff shows code changes only."""
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert book.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_typed_commented_defaults(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    tree = ast.parse(tagged[0].source)
    assigned = [node for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)]
    assert assigned and all(isinstance(node, ast.AnnAssign) for node in assigned), "every default is typed"
    names = [node.target.id for node in assigned if isinstance(node, ast.AnnAssign)
             and isinstance(node.target, ast.Name)]
    # papermill itself must see every parameter, each with its comment as help
    seen = pm.inspect_notebook(str(path))
    assert list(seen) == names
    assert all(info["help"] for info in seen.values()), "each parameter has a comment"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_no_scoring_logic_in_the_notebook(path: Path) -> None:
    """Numbers come from the package: no credit, threshold or level arithmetic in a cell."""
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    for word in ("threshold", "partial_credit", ".credit", "score_snapshot", "Fraction("):
        assert word not in source, word
    assert "from maturity.notebooks import params" in source


def test_notebook_files_are_plain_json_with_stable_cell_ids() -> None:
    for path in PATHS:
        raw = json.loads(path.read_text(encoding="utf-8"))
        ids = [c["id"] for c in raw["cells"]]
        assert len(set(ids)) == len(ids)
