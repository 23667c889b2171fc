"""The repository reader on hostile checkouts: only regular files inside, bounded, inert."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from maturity.core.probes import run_probes
from maturity.store.checkout import ReadLimits, RepositoryReader
from maturity.store.probes import load_probe_files
from maturity.store.rubrics import builtin_rubrics
from tests.workflow.portfolios import GIT_ENV, MATURITY, new_root

PROBES = load_probe_files(None, builtin_rubrics())
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u202e"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
                   capture_output=True, check=True)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A git checkout with links out, a FIFO, a sparse 2 GB file, a binary, a 10 MB line
    and a workflow full of terminal escapes."""
    outside = tmp_path / "outside"
    _write(outside, {"secret/feature_store.yaml": "project: stolen\n", "Dockerfile": "FROM stolen\n"})
    repo = tmp_path / "repo"
    _write(repo, {
        "train.py": "import mlflow\nmlflow.start_run()\n",
        "huge.py": "x = 1\n",
        "model.bin.py": "x = 1\n",
        "long.py": "x = 1\n",
        "feature_store.yaml": "project: p\n",
        ".github/workflows/ci.yml": f"on: push\njobs:\n  t:\n    steps:\n      - run: pytest {ESCAPES}\n",
    })
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "init")
    (repo / "Dockerfile").symlink_to(outside / "Dockerfile")  # a file link out
    (repo / "features").symlink_to(outside / "secret", target_is_directory=True)  # a folder link out
    for name in ("Dockerfile", "features"):
        _git(repo, "add", "-f", name)  # tracked, so the reader is offered each of them
    (repo / "feature_store.yaml").unlink()  # tracked as a file, now a FIFO: reading it would block
    os.mkfifo(repo / "feature_store.yaml")
    with open(repo / "huge.py", "r+b") as f:  # tracked small, now 2 GB (sparse)
        f.truncate(2 * 1024**3)
    (repo / "model.bin.py").write_bytes(b"import mlflow\0\x00\xff" * 100)
    (repo / "long.py").write_text("import optuna  " + "a" * (10 * 1024**2) + "\n", "utf-8")
    return repo


def test_only_regular_files_inside_are_read(hostile: Path) -> None:
    reader = RepositoryReader(hostile)
    assert sorted(reader.paths) == [".github/workflows/ci.yml", "huge.py", "long.py", "model.bin.py",
                                    "train.py"]
    assert reader.skipped.counts == {"symbolic link": 2, "not a regular file": 1}
    assert reader.text("huge.py") is None  # 2 GB: over the size limit, never read
    assert reader.text("long.py") is None  # 10 MB: over the size limit too
    assert reader.text("model.bin.py") is None  # binary
    assert reader.skipped.counts == {"symbolic link": 2, "not a regular file": 1, "too large": 2,
                                     "binary": 1}
    outcomes = {r.probe.id: r.outcome for r in run_probes(PROBES.ordered(), reader)}
    assert outcomes["feast"] == outcomes["dockerfile"] == "not-found"  # nothing behind the links
    assert outcomes["mlflow-tracking"] == "found"
    assert outcomes["hyperparameter-optimization"] == "not-found"  # imports are in *.py; long.py unread


def test_a_10_mb_line_within_a_raised_limit_is_cut_before_matching(hostile: Path) -> None:
    reader = RepositoryReader(hostile, limits=ReadLimits(max_file_bytes=16 * 1024**2))
    text = reader.text("long.py")
    assert text is not None and len(text) > 10 * 1024**2
    outcomes = {r.probe.id: r for r in run_probes(PROBES.ordered(), reader)}
    assert outcomes["hyperparameter-optimization"].evidence[0].path == "long.py"


def test_limits_on_count_and_time_make_absence_unknown(tmp_path: Path) -> None:
    """100,000 files: the first max_files are read, and what was not read answers unknown."""
    repo = tmp_path / "many"
    for index in range(100):
        folder = repo / f"d{index:03}"
        folder.mkdir(parents=True)
        for number in range(1000):
            (folder / f"f{number:04}.txt").touch()
    (repo / "zz_Dockerfile").write_text("FROM x\n")
    reader = RepositoryReader(repo, limits=ReadLimits(max_files=50_000))
    assert len(reader.paths) == 50_000 and not reader.complete
    assert reader.skipped.counts["over the file count limit"] >= 1  # listing stops there
    outcomes = {r.probe.id: r.outcome for r in run_probes(PROBES.ordered(), reader)}
    assert outcomes["dockerfile"] == "unknown"  # never "not-found" when a limit hid part of it
    late = RepositoryReader(repo, limits=ReadLimits(max_seconds=1e-9))
    assert not late.complete and late.skipped.counts.get("time")


def test_git_runs_nothing_the_repository_configures(tmp_path: Path) -> None:
    """A checkout's own config names an fsmonitor hook: git is told not to run it."""
    repo = tmp_path / "repo"
    _write(repo, {"train.py": "x = 1\n"})
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "init")
    marker = tmp_path / "ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    _git(repo, "config", "core.fsmonitor", str(hook))
    reader = RepositoryReader(repo)
    assert list(reader.paths) == ["train.py"] and reader.commit is not None
    assert not marker.exists()


def test_the_command_prints_nothing_live(hostile: Path, tmp_path: Path) -> None:
    """Terminal escapes in a workflow never reach the terminal, in any format."""
    root = new_root(tmp_path / "p")
    for fmt in ("text", "md", "json"):
        done = subprocess.run([str(MATURITY), "probe", str(hostile), "--root", str(root), "-f", fmt],
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    data = json.loads(done.stdout)
    tests = next(p for p in data["probes"] if p["id"] == "tests-in-ci")
    assert tests["evidence"] == [{"path": ".github/workflows/ci.yml", "line": 5}]
    assert data["complete"] is True and data["skipped"]["symbolic link"] == 2
