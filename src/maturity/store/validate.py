"""``maturity validate``: check rubrics and assessments, collecting every problem."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from maturity.core.ids import SNAPSHOT_NAME
from maturity.core.links import code_location, evidence_kind, path_problem
from maturity.core.model import System
from maturity.core.settings import DEFAULT_SETTINGS, Settings
from maturity.errors import Problem
from maturity.store.atomic import leftovers
from maturity.store.campaigns import CAMPAIGNS_DIR, load_campaigns, scope_of
from maturity.store.filecheck import FileCheck
from maturity.store.inside import repository_path
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR, SYSTEM_FILE
from maturity.store.load import check_each_system
from maturity.store.mappings import load_mappings
from maturity.store.parallel import map_folders
from maturity.store.probes import PROBES_DIR, probe_problems
from maturity.store.profiles import load_profiles
from maturity.store.rubrics import load_files, load_rubrics
from maturity.store.systems import check_snapshot, check_system
from maturity.store.yamlio import display_path


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


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
    """Every problem in the given files or folders (everything under ``root`` when none)."""
    paths = list(paths)
    if not paths:
        return _everything(root, settings)
    rubrics, rubric_problems = load_rubrics(root, settings)
    limits = settings.limits
    mapping_problems = load_mappings(root, rubrics, limits)[1] + load_profiles(root, rubrics, limits)[1]
    problems: list[Problem] = []
    rubric_dir = root / RUBRICS_DIR
    assessments_dir = root / ASSESSMENTS_DIR
    for path in paths:
        if not path.exists():
            problems.append(Problem(display_path(path), 1, 1, "no such file or folder"))
        elif path.resolve() == root.resolve():
            problems += _everything(root, settings)
        elif _inside(path, root / CAMPAIGNS_DIR):  # a campaign is checked against every system
            shown = {display_path(p) for p in (path.glob("*.yaml") if path.is_dir() else [path])}
            problems += [p for p in _everything(root, settings) if p.path in shown]
        elif _inside(path, root / PROBES_DIR):
            shown = {display_path(p) for p in (path.rglob("*") if path.is_dir() else [path])}
            problems += [p for p in probe_problems(root, rubrics) if p.path in shown]
        elif _inside(path, rubric_dir):
            shown = {display_path(p) for p in (path.rglob("*.yaml") if path.is_dir() else [path])}
            problems += [p for p in rubric_problems + mapping_problems if p.path in shown]
        elif path.is_dir() and path.resolve() == assessments_dir.resolve():
            folders = sorted(p for p in path.iterdir() if p.is_dir())
            for found in map_folders(lambda folder: check_system(folder, rubrics, settings)[1], folders,
                                     settings.jobs):
                problems += found
        elif path.is_dir():
            problems += check_system(path, rubrics, settings)[1]
        elif path.name == SYSTEM_FILE:
            problems += check_system(path.parent, rubrics, settings)[1]
        elif path.suffix in (".yaml", ".yml") and not SNAPSHOT_NAME.match(path.name):
            # not named like a snapshot (YYYY-MM-DD.yaml): a rubric kept elsewhere (a draft),
            # checked as a rubric, its extends resolved against the repository's rubrics
            problems += load_files([path], rubrics, settings.limits)[1]
        elif path.suffix in (".yaml", ".yml"):
            problems += check_snapshot(path, rubrics, None, settings)[1]
        else:
            problems.append(Problem(display_path(path), 1, 1, "not a rubric or assessment YAML file"))
    return sorted(set(problems))
