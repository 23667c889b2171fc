"""Reading a system folder: its ``system.yaml`` and every snapshot in it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from maturity.core.ids import SNAPSHOT_NAME, id_problem
from maturity.core.links import evidence_kind
from maturity.core.model import Rubric, Snapshot, System
from maturity.core.settings import DEFAULT_SETTINGS, Settings
from maturity.core.snapshot_rules import (
    build_snapshot,
    build_system,
    check_snapshot_data,
    check_system_meta,
)
from maturity.errors import Problem
from maturity.store.filecheck import FileCheck
from maturity.store.known import unused_files
from maturity.store.layout import ASSESSMENTS_DIR, SYSTEM_FILE
from maturity.store.yamlio import display_path


def check_snapshot(
    path: Path, rubrics: Mapping[str, Rubric], system_id: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> tuple[Snapshot | None, list[Problem]]:
    """Parse and check one snapshot file against the rubrics it may name (and, when
    ``settings`` know the day, refuse a date after tomorrow)."""
    check = FileCheck(path, limits=settings.limits)
    data = check.parse("assessment")
    if data is None:
        return None, check.problems
    check_snapshot_data(check, data, rubrics, settings.today)
    if check.problems:
        return None, check.problems
    return build_snapshot(system_id or path.parent.name, data, check.shown, rubrics.get(data["rubric"])), []


def check_system(
    folder: Path, rubrics: Mapping[str, Rubric], settings: Settings = DEFAULT_SETTINGS
) -> tuple[System | None, list[Problem]]:
    """Check one system folder: its name, its metadata and every snapshot in it."""
    problems: list[Problem] = []
    shown = display_path(folder)
    if folder.is_symlink():  # never walked: it could lead anywhere (/, /etc, a loop)
        return None, [Problem(
            shown, 1, 1,
            f"a symbolic link to {os.readlink(folder)!r}, not a folder: a system folder must be "
            "a real folder in the repository; replace the link with the folder",
        )]
    wrong_name = id_problem("system folder name", folder.name)
    if wrong_name:
        problems.append(Problem(shown, 1, 1, wrong_name))
    snapshots: list[Snapshot] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        return None, [*problems, Problem(shown, 1, 1, f"cannot read the folder: {error.strerror}")]
    for path in entries:
        if not SNAPSHOT_NAME.match(path.name):
            continue
        snapshot, found = check_snapshot(path, rubrics, folder.name, settings)
        problems += found
        if snapshot is not None:
            snapshots.append(snapshot)
    problems += unused_files(folder, PurePosixPath(ASSESSMENTS_DIR, folder.name))
    meta_path = folder / SYSTEM_FILE
    if not meta_path.exists() and not meta_path.is_symlink():
        problems.append(Problem(shown, 1, 1, f"missing {SYSTEM_FILE} (name, owner, target)"))
        return None, problems
    check = FileCheck(meta_path, limits=settings.limits)
    meta = check.parse_valid("system")
    if meta is not None:
        current = rubrics.get(snapshots[-1].rubric) if snapshots else None
        check_system_meta(check, meta, current)
    problems += check.problems
    if not snapshots and not problems:
        problems.append(Problem(shown, 1, 1, "no snapshot: add one named YYYY-MM-DD.yaml"))
    if problems or meta is None:
        return None, problems
    system = build_system(folder.name, meta, snapshots, shown)
    unlinked = [p for s in system.snapshots if system.repository is None
                for p in repo_evidence_problems(folder / f"{s.date.isoformat()}.yaml", s)]
    return (None, unlinked) if unlinked else (system, [])


def repo_evidence_problems(path: Path, snapshot: Snapshot) -> list[Problem]:
    """``repo:path`` evidence of a snapshot (read from ``path``) whose system names no
    ``repository:``: it leads nowhere. ``validate`` and every write run this check."""
    check: FileCheck | None = None
    for item_id, answer in snapshot.answers.items():
        for index, link in enumerate(answer.evidence):
            if evidence_kind(link) == "repo":
                check = check or FileCheck(path)
                check.add(["answers", item_id, "evidence", index],
                          f"evidence {link.strip()!r} is in the system's own repository, but "
                          f"{SYSTEM_FILE} names none: add repository: {{url: https://…}} there")
    return check.problems if check else []
