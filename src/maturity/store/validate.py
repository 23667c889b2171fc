"""``maturity validate``: check rubrics and assessments, collecting every problem."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from maturity.core.ids import SNAPSHOT_NAME
from maturity.core.links import code_location, evidence_kind, path_problem
from maturity.core.model import System
from maturity.core.settings import DEFAULT_SETTINGS, Settings
from maturity.errors import Problem
from maturity.store.atomic import leftovers
from maturity.store.campaigns import CAMPAIGNS_DIR, load_campaigns, scope_of
from maturity.store.filecheck import FileCheck
from maturity.store.inside import repository_path
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR
from maturity.store.load import check_each_system
from maturity.store.probes import PROBES_DIR, probe_problems
from maturity.store.rubrics import load_files, load_rubrics
from maturity.store.systems import check_snapshot
from maturity.store.yamlio import display_path


def path_evidence_problems(
    root: Path, path: Path, evidence: Mapping[str, Sequence[object]]
) -> list[Problem]:
    """Evidence of one snapshot (read from ``path``; ``evidence``: item → its evidence)
    given as a repository path must name a file or folder inside ``root``.

    ``validate`` and every write (``set``, ``assess``) run this same check, so the
    two never disagree."""
    check = FileCheck(path)
    for item_id, links in evidence.items():
        for index, link in enumerate(links):
            if not isinstance(link, str):
                continue
            text = link.strip()
            if evidence_kind(text) != "path" or path_problem(text):  # the loader says why
                continue
            status = repository_path(root, text)  # the one rule for "inside the repository"
            if status == "exists":
                continue
            check.add(
                ["answers", item_id, "evidence", index],
                f"evidence {text!r} leaves the repository: only files and folders inside it "
                "can be evidence" if status == "leaves" else
                f"evidence {text!r} is not a file or folder in the repository "
                f"(paths are relative to {display_path(root) or '.'}): fix the path or link a URL",
            )
    return check.problems


def missing_evidence(root: Path, systems: Iterable[System]) -> list[Problem]:
    """Evidence given as a repository path must name a file or folder inside ``root``.

    (Links are checked by ``maturity check-links``, which needs the network; paths are
    checked here, offline, so a typo in a path fails ``validate`` in the pull request.)
    """
    problems: list[Problem] = []
    for system in systems:
        for snapshot in system.snapshots:
            path = root / ASSESSMENTS_DIR / system.id / f"{snapshot.date.isoformat()}.yaml"
            cited = {
                # a probe's path:line is a line of the system's own code: None keeps the index
                item: [None if answer.source == "probe" and code_location(e) else e for e in answer.evidence]
                for item, answer in snapshot.answers.items()
            }
            problems += path_evidence_problems(root, path, cited)
    return problems


def _everything(root: Path, settings: Settings) -> list[Problem]:
    """Every problem under ``root``: system folders checked on every core when there are
    many, then the campaigns against what the valid systems are."""
    results, found = check_each_system(
        root, lambda _, system: (missing_evidence(root, [system]), scope_of(system)), settings
    )
    missing = [p for problems, _ in results for p in problems]
    rubrics = load_rubrics(root, settings)[0]  # its problems are in ``found`` already
    scopes = [scope for _, scope in results]
    campaigns = load_campaigns(root, scopes, rubrics, settings.when, settings.limits)[1]
    probes = probe_problems(root, rubrics)
    return sorted(set(found + missing + campaigns + probes + leftovers(root)))


def validate(root: Path, paths: Iterable[Path] = (), settings: Settings = DEFAULT_SETTINGS) -> list[Problem]:
    """Every problem in the given files or folders (everything under ``root`` when none).

    A file or folder of the repository (under ``rubrics/``, ``assessments/``,
    ``campaigns/``, ``probes/``) gets exactly the problems the full validation finds in
    it: the pre-commit hook (``validate FILE...``) skips no check the pull request's
    ``validate`` makes (missing evidence, profiles, campaigns, links leaving the
    repository...). A YAML file elsewhere is checked on its own: a snapshot, or a draft
    rubric against the repository's rubrics."""
    paths = list(paths)
    if not paths:
        return _everything(root, settings)
    covered = [root / RUBRICS_DIR, root / ASSESSMENTS_DIR, root / CAMPAIGNS_DIR, root / PROBES_DIR]
    everything: list[Problem] | None = None
    rubrics: dict[str, Any] | None = None
    problems: list[Problem] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            problems.append(Problem(display_path(path), 1, 1, "no such file or folder"))
        elif path.resolve() == root.resolve() or any(_below(path, folder) for folder in covered):
            everything = _everything(root, settings) if everything is None else everything
            shown = display_path(path)
            problems += [p for p in everything if p.path == shown or p.path.startswith(f"{shown}/")
                         or shown == "."]
        elif path.suffix in (".yaml", ".yml"):
            rubrics = load_rubrics(root, settings)[0] if rubrics is None else rubrics
            if SNAPSHOT_NAME.match(path.name):
                problems += check_snapshot(path, rubrics, None, settings)[1]
            else:  # a rubric kept elsewhere (a draft), its extends resolved against the repository's
                problems += load_files([path], rubrics, settings.limits)[1]
        else:
            problems.append(Problem(display_path(path), 1, 1, "not a rubric or assessment YAML file"))
    return sorted(set(problems))


def _below(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or lies in it, as written (a link is judged where it is)."""
    return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))
