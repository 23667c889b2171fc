"""Builders for the diff tests: systems written as real YAML files, real git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from maturity.core.model import Rubric
from maturity.store.rubrics import load_rubrics

REPO = Path(__file__).resolve().parents[2]
MATURITY = Path(sys.executable).with_name("maturity")
RUBRIC = "google-mlops"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def real_rubric(ref: str = f"{RUBRIC}@1") -> Rubric:
    rubrics, problems = load_rubrics(REPO)
    assert not problems
    return rubrics[ref]


def new_root(path: Path) -> Path:
    """A portfolio root with the shipped rubrics and no system."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "rubrics", path / "rubrics")
    (path / "assessments").mkdir()
    return path


def write_system(root: Path, system: str, name: str | None = None, target: int | None = 2) -> Path:
    folder = root / "assessments" / system
    folder.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"name": name or system.replace("-", " ").title(), "owner": "ML Team"}
    if target is not None:
        meta["target_level"] = target
    (folder / "system.yaml").write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def write_snapshot(
    root: Path, system: str, date: str, answers: dict[str, Any], rubric: str = f"{RUBRIC}@1"
) -> Path:
    """One snapshot file (JSON is YAML), its system folder made when missing."""
    folder = root / "assessments" / system
    if not (folder / "system.yaml").exists():
        write_system(root, system)
    doc = {"rubric": rubric, "date": date, "assessors": ["Tester"], "answers": answers}
    path = folder / f"{date}.yaml"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def baseline_answers(rubric: Rubric, done_up_to: int = 1) -> dict[str, Any]:
    """Every item answered: ``done`` up to a level, ``todo`` above (no item unassessed)."""
    return {i.id: ("done" if i.level <= done_up_to else "todo") for i in rubric.items}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, **GIT_ENV},
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def commit_all(cwd: Path, message: str) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD")


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def maturity(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real console script, as a user runs it."""
    return subprocess.run(
        [str(MATURITY), *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, **GIT_ENV},
    )
