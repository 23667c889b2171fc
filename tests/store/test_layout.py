"""Where things are in an assessment repository, and finding it from inside."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.errors import NotFound
from maturity.store.layout import find_root, require_root, rubric_files, system_folders


def test_the_root_is_found_from_a_folder_inside(tmp_path: Path) -> None:
    (tmp_path / "assessments" / "a").mkdir(parents=True)
    (tmp_path / "assessments" / ".hidden").mkdir()
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "x.yaml").write_text("", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    assert find_root(tmp_path / "notebooks") == tmp_path.resolve()
    assert [p.name for p in system_folders(tmp_path)] == ["a"]
    assert [p.name for p in rubric_files(tmp_path)] == ["x.yaml"]
    require_root(tmp_path)


def test_a_stray_assessments_folder_is_no_root(tmp_path: Path) -> None:
    (tmp_path / "assessments").mkdir()
    with pytest.raises(NotFound, match="no assessment repository"):
        find_root(tmp_path / "assessments")
    with pytest.raises(NotFound, match="no assessments/ or rubrics/ folder here"):
        require_root(tmp_path / "assessments")
