"""Diffs between revisions stay clear when the history is hostile or incomplete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.workflow.portfolios import commit_all, git, init_repo, maturity

BASE = Path(__file__).parent / "base"
SYSTEM_FILE = "assessments/demo/system.yaml"


def _repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(BASE, repo, dirs_exist_ok=True)
    commit_all(repo, "one")
    return repo


def test_a_broken_base_still_shows_the_head_and_says_what_was_broken(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    system = repo / SYSTEM_FILE
    good = system.read_text("utf-8")
    system.write_text(good.replace("target_level: 2", "target_level: 2.0"), "utf-8")
    commit_all(repo, "broken")
    system.write_text(good, "utf-8")  # the pull request fixes it
    for fmt in ("text", "md", "json"):
        result = maturity("diff", "--base", "HEAD", "--format", fmt, cwd=repo)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert f"{SYSTEM_FILE}:4:15" in result.stdout and "must be a whole number" in result.stdout
        assert "demo" in result.stdout  # the head's system, compared with an absent one


def test_a_base_with_a_link_to_an_absolute_path_is_reported_not_a_crash(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    link = repo / "assessments/demo/2026-02-01.yaml"
    os.symlink("/etc/passwd", link)
    commit_all(repo, "a link out")
    link.unlink()
    commit_all(repo, "removed")
    result = maturity("diff", "--base", "HEAD~1", cwd=repo)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "assessments/demo/2026-02-01.yaml:1:1: symbolic link to '/etc/passwd' leaves the repository" in (
        result.stdout
    )


def test_a_shallow_clone_says_so_and_how_to_fetch_more(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    for n in range(2):
        (repo / "docs.md").write_text(f"{n}\n", "utf-8")
        commit_all(repo, f"more {n}")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = maturity("diff", "--base", "HEAD~2", cwd=clone)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "unknown git revision 'HEAD~2'" in result.stderr
    assert "shallow" in result.stderr and "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr



def test_a_folder_link_leaving_the_repository_at_a_revision_is_reported_not_listed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(BASE / "assessments", outside)
    (outside / "secret").mkdir()
    (outside / "secret" / "system.yaml").write_text("name: from outside\n", "utf-8")
    repo = _repo(tmp_path)
    shutil.rmtree(repo / "assessments")
    os.symlink(outside, repo / "assessments")
    commit_all(repo, "assessments is a link out")
    result = maturity("diff", "--base", "HEAD~1", "--head", "HEAD", cwd=repo)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert f"assessments is a symbolic link to {str(outside)!r}, which leaves the repository" in output
    assert "secret" not in output and "from outside" not in output


def test_export_ignore_in_the_branch_own_gitattributes_hides_no_change(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    snapshot = repo / "assessments/demo/2026-01-10.yaml"
    snapshot.write_text(snapshot.read_text("utf-8").replace("data.monitored: todo", "data.monitored: done"))
    (repo / ".gitattributes").write_text("assessments/** export-ignore\nrubrics/** export-subst\n", "utf-8")
    commit_all(repo, "a change hidden by export-ignore")
    result = maturity("diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "data.monitored" in result.stdout


def test_a_huge_blob_at_a_revision_is_refused_by_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATURITY_MAX_FILE_BYTES", "1048576")
    repo = _repo(tmp_path)
    big = repo / "assessments/demo/2026-02-01.yaml"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write("rubric: tiny@1\ndate: 2026-02-01\nanswers: {}\n" + "#" * (3 << 20) + "\n")
    commit_all(repo, "a big snapshot")
    big.unlink()
    commit_all(repo, "removed")
    result = maturity("diff", "--base", "HEAD~1", cwd=repo)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    expected = "assessments/demo/2026-02-01.yaml:1:1: file is larger than the limit of 1048576 bytes"
    assert expected in result.stdout
