"""The one rule for "inside the repository": folders and files, reads and writes."""

from __future__ import annotations

import os
from pathlib import Path

from maturity.store.inside import folder_links, is_inside, leaving_link, repository_path, yaml_files


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "rubrics").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "runbook.md").write_text("x", "utf-8")
    outside.mkdir()
    (outside / "secret.yaml").write_text("x: 1\n", "utf-8")
    return root, outside


def test_a_folder_link_leading_out_is_found_on_the_way_to_any_file(tmp_path: Path) -> None:
    root, outside = _repo(tmp_path)
    os.symlink(outside, root / "campaigns")
    assert leaving_link(root / "campaigns" / "secret.yaml", root) == root / "campaigns"
    assert not is_inside(root / "campaigns", root)
    assert yaml_files(root / "campaigns", root) == []
    [problem] = folder_links(root)
    assert problem.message.startswith("campaigns is a symbolic link to")
    assert "leaves the repository" in problem.message


def test_links_inside_the_repository_are_fine(tmp_path: Path) -> None:
    root, _ = _repo(tmp_path)
    os.symlink(root / "docs", root / "campaigns")
    assert is_inside(root / "campaigns" / "runbook.md", root) and folder_links(root) == []


def test_repository_paths(tmp_path: Path) -> None:
    root, outside = _repo(tmp_path)
    os.symlink(outside, root / "out")
    assert repository_path(root, "docs/runbook.md#L3") == "exists"
    assert repository_path(root, "docs%2frunbook.md") == "exists"
    assert repository_path(root, "docs/missing.md") == "missing"
    assert repository_path(root, "docs/a%00b.md") == "missing"
    assert repository_path(root, "a" * 300) == "missing"
    assert repository_path(root, "a/" * 3000) == "missing"
    assert repository_path(root, "%ff%fe") == "missing"
    assert repository_path(root, "docs/%2e%2e/%2e%2e/etc/passwd") == "leaves"
    assert repository_path(root, "/etc/passwd") == "leaves"
    assert repository_path(root, "out/secret.yaml") == "leaves"
