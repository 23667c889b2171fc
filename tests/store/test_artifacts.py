"""Build artifacts: what came with the repository is told apart from what a build made,
in real git repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from maturity.store.artifacts import NOTEBOOKS_MANIFEST, committed, made_notebooks, record_notebooks


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "build").mkdir(parents=True)
    (root / "README.md").write_text("x\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "start")
    return root


def test_a_file_the_build_wrote_is_not_committed(repo: Path) -> None:
    (repo / "build" / "links.json").write_text("{}")
    assert not committed(repo, repo / "build" / "links.json")


def test_a_committed_or_staged_file_is(repo: Path) -> None:
    results = repo / "build" / "links.json"
    results.write_text("{}")
    git(repo, "add", "-f", "build/links.json")
    assert committed(repo, results)  # staged
    git(repo, "commit", "-q", "-m", "forged results")
    assert committed(repo, results)  # committed
    git(repo, "rm", "-q", "--cached", "build/links.json")
    assert committed(repo, results)  # still in HEAD


def test_a_symbolic_link_on_the_way_is(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "links.json").write_text("{}")
    (repo / "build").rmdir()
    (repo / "build").symlink_to(elsewhere)
    assert committed(repo, repo / "build" / "links.json")


def test_in_a_subfolder_of_the_repository(repo: Path) -> None:
    root = repo / "portfolio"
    (root / "build").mkdir(parents=True)
    (root / "build" / "links.json").write_text("{}")
    assert not committed(root, root / "build" / "links.json")
    git(repo, "add", "-f", "portfolio/build/links.json")
    assert committed(root, root / "build" / "links.json")


def test_outside_git_and_outside_the_root_nothing_is(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "links.json").write_text("{}")
    assert not committed(tmp_path, tmp_path / "build" / "links.json")
    assert not committed(tmp_path / "build", tmp_path / "other.json")


def notebook(path: Path, text: str = "42") -> Path:
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
                                "x": text}))
    return path


def test_only_recorded_unchanged_notebooks_are_published(repo: Path) -> None:
    folder = repo / "build" / "notebooks"
    folder.mkdir()
    made = notebook(folder / "portfolio.ipynb")
    record_notebooks(folder, made=[made])
    notebook(folder / "dropped-in.ipynb")
    changed = notebook(folder / "trends.ipynb")
    record_notebooks(folder, made=[changed])
    notebook(changed, "changed after the run")
    found = made_notebooks(repo, folder)
    assert [p.name for p in found.published] == ["portfolio.ipynb"]
    assert found.unrecorded == ("dropped-in.ipynb", "trends.ipynb")
    assert found.committed == ()

    record_notebooks(folder, gone=["portfolio.ipynb"])  # failed this time
    assert made_notebooks(repo, folder).published == ()


def test_a_committed_notebook_or_manifest_is_never_published(repo: Path) -> None:
    folder = repo / "build" / "notebooks"
    folder.mkdir()
    evil = notebook(folder / "evil.ipynb")
    record_notebooks(folder, made=[evil])
    git(repo, "add", "-f", "build/notebooks/evil.ipynb")
    assert made_notebooks(repo, folder).committed == ("evil.ipynb",)
    git(repo, "rm", "-q", "--cached", "build/notebooks/evil.ipynb")
    good = notebook(folder / "good.ipynb")
    record_notebooks(folder, made=[good])
    assert [p.name for p in made_notebooks(repo, folder).published] == ["evil.ipynb", "good.ipynb"]
    git(repo, "add", "-f", f"build/notebooks/{NOTEBOOKS_MANIFEST}")  # a forged manifest
    found = made_notebooks(repo, folder)
    assert found.published == () and found.committed == ("evil.ipynb", "good.ipynb")


def test_a_broken_manifest_is_started_again(tmp_path: Path) -> None:
    (tmp_path / NOTEBOOKS_MANIFEST).write_text("{not json")
    made = notebook(tmp_path / "a.ipynb")
    assert made_notebooks(tmp_path, tmp_path).unrecorded == ("a.ipynb",)
    record_notebooks(tmp_path, made=[made])
    assert [p.name for p in made_notebooks(tmp_path, tmp_path).published] == ["a.ipynb"]
