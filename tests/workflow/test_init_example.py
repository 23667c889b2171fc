"""The example system can go: `init --no-example` writes none, and a repository whose
example was deleted still builds strictly, its pages and notebook defaults picking an
existing system or saying "no systems yet"; `init --force` never brings it back."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from maturity.cli import cli
from maturity.errors import NotFound
from maturity.notebooks.params import pick_system
from maturity.store.init import skeleton_files
from maturity.store.load import load_portfolio

pytestmark = pytest.mark.site
MKDOCS = Path(sys.executable).parent / "mkdocs"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _build(repo: Path) -> BeautifulSoup:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([str(MKDOCS), "build", "--strict"], cwd=repo, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return BeautifulSoup((repo / "site" / "review.html").read_text(encoding="utf-8"), "html.parser")


def test_no_example_builds_and_says_no_systems_yet(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    code, output = _cli("init", "--no-example", str(repo))
    assert code == 0, output
    assert not (repo / "assessments").exists() and "example-model" not in output
    assert _cli("validate", "--root", str(repo))[0] == 0
    review = _build(repo)
    assert "No systems yet" in review.get_text()
    assert review.find("span", attrs={"data-system": True}) is None
    code, output = _cli("notebooks", "--root", str(repo), "--notebooks", str(repo / "notebooks"),
                        "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert "no systems yet" in output and not (tmp_path / "out").exists()


def test_deleting_the_example_keeps_the_build_green_and_force_does_not_bring_it_back(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    assert _cli("init", str(repo))[0] == 0
    assert _cli("new", "fraud-detection", "--rubric", "google-mlops", "--date", "2026-11-20",
                "--root", str(repo))[0] == 0
    shutil.rmtree(repo / "assessments" / "example-model")
    review = _build(repo)
    spans = review.find_all("span", attrs={"data-system": True})
    assert {s["data-system"] for s in spans} == {"fraud-detection"}  # the page picked the one there is
    assert pick_system(load_portfolio(repo), "").id == "fraud-detection"  # so does the notebook default

    code, output = _cli("init", "--force", str(repo))
    assert code == 0, output
    assert not (repo / "assessments" / "example-model").exists()
    assert "example-model" not in output

    shutil.rmtree(repo / "assessments" / "fraud-detection")
    assert "No systems yet" in _build(repo).get_text()
    with pytest.raises(NotFound, match="no systems yet"):
        pick_system(load_portfolio(repo), "")


def test_the_notebook_default_is_the_first_system_there_is() -> None:
    notebook = skeleton_files(dt.date(2026, 11, 23), "0.1.0")["notebooks/system_report.ipynb"]
    assert b'system: str = \\"\\"' in notebook and b"techcorp" not in notebook
