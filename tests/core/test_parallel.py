"""Many system folders are checked on several processes, with the same result as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from maturity.config import read_settings
from maturity.core.settings import ENV_JOBS, Settings
from maturity.errors import UsageError
from maturity.store import parallel
from maturity.store.validate import validate


def _many_systems(root: Path, count: int) -> None:
    """``count`` copies of a shipped system, one of them broken."""
    source = next(p for p in sorted((root / "assessments").iterdir()) if p.is_dir())
    for n in range(count):
        shutil.copytree(source, root / "assessments" / f"copy-{n:03d}")
    broken = sorted((root / "assessments" / "copy-037").glob("2*.yaml"))[-1]
    broken.write_text(broken.read_text(encoding="utf-8") + "bogus-key: 1\n", encoding="utf-8")


def _run(root: Path, jobs: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv(ENV_JOBS, jobs)
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.output


def test_many_folders_give_the_same_problems_on_one_process_or_two(
    example_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_systems(example_root, parallel.MIN_FOLDERS + 6)
    alone = validate(example_root, settings=Settings(jobs=1))
    shared = validate(example_root, settings=Settings(jobs=2))
    assert shared == alone
    assert any("copy-037" in p.path and "bogus-key" in p.message for p in shared)


def test_export_is_the_same_on_one_process_or_two(
    example_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_systems(example_root, parallel.MIN_FOLDERS + 6)
    shutil.rmtree(example_root / "assessments" / "copy-037")
    for fmt in ("json", "csv"):
        args = ("export", "--format", fmt, "--as-of", "2026-11-23")
        code, alone = _run(example_root, "1", monkeypatch, *args)
        assert code == 0, alone
        assert _run(example_root, "2", monkeypatch, *args) == (0, alone)
        assert alone.count("copy-0") >= parallel.MIN_FOLDERS


def test_jobs_must_be_a_whole_number() -> None:
    with pytest.raises(UsageError, match="MATURITY_JOBS"):
        read_settings(environ={ENV_JOBS: "two"})
    assert read_settings(environ={ENV_JOBS: "3"}).jobs == parallel.jobs(3) == 3
