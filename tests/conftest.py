"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository itself (read only: never write here from a test)."""
    return REPO


@pytest.fixture
def example_root(tmp_path: Path) -> Path:
    """A writable copy of the shipped rubrics and example assessments."""
    root = tmp_path / "portfolio"
    root.mkdir()
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    shutil.copytree(REPO / "assessments", root / "assessments")
    return root
