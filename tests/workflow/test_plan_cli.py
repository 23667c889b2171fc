"""`maturity plan add|remove|list` and `gaps --suggest`, as a team lead runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .editing import DATE, ODD, SYSTEM, line_changes, make_root, snapshot_path

MATURITY = Path(sys.executable).with_name("maturity")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True,
                          text=True, check=False, timeout=120,
                          env={**os.environ, "MATURITY_AS_OF": "2026-11-23"})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path)


def test_add_list_remove_keep_every_other_line(root: Path) -> None:
    before = snapshot_path(root).read_text(encoding="utf-8")
    added = run(root, "plan", "add", SYSTEM, "monitoring.data-drift", "--owner", "Risk: ML", "--effort",
                "2 weeks", "--due", "2027-01-31")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "planned monitoring.data-drift (priority 2)\n"
    after = snapshot_path(root).read_text(encoding="utf-8")
    assert line_changes(before, after) == [([], [
        '    - {item: monitoring.data-drift, priority: 2, owner: "Risk: ML", effort: 2 weeks, '
        'due: "2027-01-31"}\n'])]
    listed = run(root, "plan", "list", SYSTEM)
    assert listed.stdout.splitlines()[1:] == [
        "  1. data.versioning (to do): Add DVC",
        "  2. monitoring.data-drift (unassessed): Data drift detection (input distribution changes) — "
        "owner Risk: ML, effort 2 weeks, due 2027-01-31",
    ]
    again = run(root, "plan", "add", SYSTEM, "monitoring.data-drift")
    assert again.returncode == 2 and "already in the plan" in again.stderr
    removed = run(root, "plan", "remove", SYSTEM, "monitoring.data-drift")
    assert removed.returncode == 0, removed.stderr
    assert snapshot_path(root).read_text(encoding="utf-8") == before
    assert run(root, "validate").returncode == 0


def test_unknown_items_are_refused_with_a_suggestion(root: Path) -> None:
    before = snapshot_path(root).read_bytes()
    result = run(root, "plan", "add", SYSTEM, "monitoring.data-drfit")
    assert result.returncode == 2 and "did you mean 'monitoring.data-drift'" in result.stderr
    result = run(root, "plan", "remove", SYSTEM, "data.catalog")
    assert result.returncode == 1 and "not in the plan" in result.stderr
    assert snapshot_path(root).read_bytes() == before


def test_suggested_plan_reaches_the_next_level_when_done(root: Path) -> None:
    gaps = run(root, "gaps", SYSTEM, "--suggest", "--format", "json")
    assert gaps.returncode == 0, gaps.stderr
    suggested = json.loads(gaps.stdout)["suggested"]
    score = json.loads(run(root, "score", SYSTEM, "--format", "json").stdout)
    assert suggested["level"] == score["overall"]["level"]
    assert suggested["target"] == score["overall"]["level"] + 1
    items = [s["item"] for s in suggested["items"]]
    added = run(root, "plan", "add", SYSTEM, "--suggested")
    assert added.returncode == 0, added.stderr
    planned = run(root, "plan", "list", SYSTEM).stdout
    assert all(item in planned for item in items)
    done = run(root, "set", SYSTEM, *(f"{item}=done" for item in items))
    assert done.returncode == 0, done.stderr
    after = json.loads(run(root, "score", SYSTEM, "--format", "json").stdout)
    assert after["overall"]["level"] >= suggested["target"]
    text = run(root, "gaps", SYSTEM, "--suggest").stdout
    assert "Suggested plan to level" in text


def test_plan_written_into_a_file_without_one(tmp_path: Path) -> None:
    root = make_root(tmp_path, ODD.split("plan:\n", 1)[0])
    result = run(root, "plan", "add", SYSTEM, "data.catalog", "--priority", "3")
    assert result.returncode == 0, result.stderr
    text = snapshot_path(root).read_text(encoding="utf-8")
    assert text.endswith("plan:\n  - {item: data.catalog, priority: 3}\n")
    assert run(root, "validate").returncode == 0
    assert DATE in snapshot_path(root).name


def test_removing_from_a_flow_plan_keeps_the_others_as_written(tmp_path: Path) -> None:
    plan = ("plan: [{item: data.versioning, priority: 1, task: \"Add DVC\"}, "
            "{item: data.catalog, priority: 2}, {item: data.lineage, priority: 3},  "
            "{item: training.triggered, priority: 4}]\n")
    root = make_root(tmp_path, ODD.split("plan:\n", 1)[0] + plan)
    result = run(root, "plan", "remove", SYSTEM, "data.versioning", "data.catalog", "training.triggered")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "removed 3 plan entries\n"
    text = snapshot_path(root).read_text(encoding="utf-8")
    assert text.endswith("plan: [{item: data.lineage, priority: 3}]\n")
    assert run(root, "validate").returncode == 0
