"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23"  # "today" for every test and every command a test runs


@pytest.fixture(autouse=True, scope="session")
def pinned_as_of() -> Iterator[None]:
    """Scores are computed as of a date (evidence ages, N/As expire, targets fall due):
    MATURITY_AS_OF pins it, so the example portfolio scores the same on any day."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MATURITY_AS_OF", AS_OF)
        yield


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
    shutil.copytree(REPO / "campaigns", root / "campaigns")
    return root
