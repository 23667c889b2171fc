"""Crafted portfolios and a line diff for the editing tests."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SYSTEM = "odd-style"
DATE = "2026-01-10"

SYSTEM_YAML = """\
# A system written by hand.
name:    "Odd Style"     # aligned
owner: 'Team: ML'
target_level: 2
"""

# Everything an editor should leave alone: comments everywhere, 4-space indentation,
# sequences indented and not, flow maps with odd spacing, both quote styles, a folded
# scalar, blank lines, a multi-line flow map, an answer listed without a value.
ODD = """\
# yaml-language-server: $schema=../../schemas/assessment.schema.json
# A hand-written snapshot in an unusual style.
rubric: 'google-mlops@1'
date: "2026-01-10"   # quoted date
assessors:
    - "Ann (lead)"
    - 'Bo'

summary: >-
    Folded summary that
    spans lines.
answers:
    # Data Management
    data.centralized-storage: {status: done,   note: 'S3, versioned'}    # odd spacing
    data.versioning:   "todo"        # quoted shorthand
    data.catalog: 'partial'
    data.feature-store:
        status: na
        note: "not needed:   batch only"   # block map
    data.quality-monitoring:
        status: todo
        evidence:
        - https://example.com/ge      # sequence not indented
        note: manual
    data.lineage: ~

    # Model Training
    training.automated-pipeline:
        status: partial
        evidence:
            - "https://ci.example.com/train"
    training.experiment-tracking: todo          # aligned comment
    training.hyperparameter-tuning:             # unassessed, listed
    training.distributed: { status: todo,
                            note: multi-line flow }
    training.advanced-hpo:
        status: todo
        note: >-
            a folded
            note

    # the end of the answers
plan:
    - item: data.versioning
      priority: 1
      task: "Add DVC"
"""


def make_root(tmp_path: Path, snapshot: str = ODD, name: str = f"{DATE}.yaml") -> Path:
    """A portfolio with the shipped rubrics and one crafted system."""
    root = tmp_path / "portfolio"
    root.mkdir()
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    folder = root / "assessments" / SYSTEM
    folder.mkdir(parents=True)
    (folder / "system.yaml").write_text(SYSTEM_YAML, encoding="utf-8")
    (folder / name).write_bytes(snapshot.encode("utf-8"))
    return root


def snapshot_path(root: Path, date: str = DATE) -> Path:
    return root / "assessments" / SYSTEM / f"{date}.yaml"


def line_changes(old: str, new: str) -> list[tuple[list[str], list[str]]]:
    """Each changed region of a line diff: (the old lines, the new lines)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (a[a0:a1], b[b0:b1])
        for tag, a0, a1, b0, b1 in matcher.get_opcodes()
        if tag != "equal"
    ]


def leftovers(folder: Path) -> list[str]:
    """Anything a failed write could leave behind (staging folders, temp files)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
