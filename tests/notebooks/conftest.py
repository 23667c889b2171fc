"""Notebook fixtures: run a notebook with papermill in the real kernel, read its records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

from maturity.notebooks import run as nbrun
from maturity.notebooks.display import MIME

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
NAMES = ("system_report", "portfolio", "trends")


def records(path: Path) -> dict[str, Any]:
    """The values an executed notebook recorded (``MIME`` display outputs), by name."""
    found: dict[str, Any] = {}
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {}).get(MIME)
            if bundle is not None:
                found[bundle["name"]] = bundle["data"]
    return found


def stderr(path: Path) -> list[str]:
    """Whatever an executed notebook wrote to standard error (warnings, mostly)."""
    return [output.text for cell in nbformat.read(path, as_version=4).cells
            for output in cell.get("outputs", [])
            if output.output_type == "stream" and output.name == "stderr"]


def notebook(name: str) -> nbrun.Notebook:
    (found,) = nbrun.select(nbrun.discover(NOTEBOOKS), [name])
    return found


Execute = Callable[..., dict[str, Any]]


@pytest.fixture
def execute(tmp_path: Path) -> Execute:
    """Run one notebook with papermill on a portfolio root; check it ran cleanly; return its records."""

    def run(name: str, root: Path, **parameters: Any) -> dict[str, Any]:
        path, _ = nbrun.run(notebook(name), tmp_path / "out", parameters, root, progress=False)
        assert stderr(path) == []  # no warning shows up in a published notebook
        found: dict[str, Any] = records(path)[name]
        return found

    return run
