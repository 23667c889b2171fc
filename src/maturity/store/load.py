"""The repository loader: every rubric, mapping, profile, system and campaign under a root.

The files are read by their own modules (``rubrics``, ``systems``, ``mappings``,
``profiles``, ``campaigns``); this module puts them together into a ``Portfolio``.
``load_portfolio`` raises ``InvalidInput`` with every problem found; ``check_root``
returns the portfolio of what is valid and the problems of the rest.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, TypeVar

from maturity.core.ids import is_id
from maturity.core.lookup import unknown
from maturity.core.model import Portfolio, Rubric, System
from maturity.core.settings import DEFAULT_SETTINGS, Settings
from maturity.errors import InvalidInput, NotFound, Problem
from maturity.store.campaigns import load_campaigns
from maturity.store.gitrev import extract
from maturity.store.inside import folder_links
from maturity.store.known import unused_files
from maturity.store.layout import ASSESSMENTS_DIR, RUBRICS_DIR, require_root, system_folders
from maturity.store.mappings import load_mappings
from maturity.store.parallel import map_folders
from maturity.store.profiles import check_system_profiles, load_profiles
from maturity.store.rubrics import load_rubrics
from maturity.store.serve_cache import FolderCache
from maturity.store.systems import check_system
from maturity.store.yamlio import display_path

R = TypeVar("R")


def _root_files(
    root: Path, settings: Settings
) -> tuple[dict[str, Rubric], dict[str, Any], dict[str, Any], list[Problem]]:
    """The rubrics, mappings and profiles under ``root``, and the problems of every file
    outside the system folders."""
    rubrics, problems = load_rubrics(root, settings)
    mappings, found = load_mappings(root, rubrics, settings.limits)
    problems += found
    profiles, found = load_profiles(root, rubrics, settings.limits)
    problems += found
    problems += unused_files(root / RUBRICS_DIR, PurePosixPath(RUBRICS_DIR))
    problems += unused_files(root / ASSESSMENTS_DIR, PurePosixPath(ASSESSMENTS_DIR), recursive=False)
    problems += folder_links(root)
    return rubrics, mappings, profiles, problems


def _portfolio(
    root: Path, rubrics: Mapping[str, Rubric], systems: Iterable[System],
    mappings: Mapping[str, Any], profiles: Mapping[str, Any],
) -> Portfolio:
    return Portfolio(
        root=str(root), rubrics=MappingProxyType(dict(rubrics)), systems=tuple(systems),
        mappings=MappingProxyType(dict(mappings)), profiles=MappingProxyType(dict(profiles)),
    )


def check_root(
    root: Path, cache: FolderCache | None = None, settings: Settings = DEFAULT_SETTINGS
) -> tuple[Portfolio, list[Problem]]:
    """Load everything under ``root``; what is broken is left out and reported.

    With a ``cache`` (``mkdocs serve``), only the system folders that changed since the
    last call are read again."""
    rubrics, mappings, profiles, problems = _root_files(root, settings)
    systems = []
    for folder in system_folders(root):
        system, found = (check_system(folder, rubrics, settings) if cache is None
                         else cache.check(folder, rubrics, settings))
        problems += found
        if system is not None:
            systems.append(system)
    problems += check_system_profiles(root, systems, profiles)
    campaigns, found = load_campaigns(root, systems, rubrics, settings.when, settings.limits)
    problems += found
    portfolio = Portfolio(
        root=str(root), rubrics=MappingProxyType(rubrics), systems=tuple(systems),
        mappings=MappingProxyType(mappings), profiles=MappingProxyType(profiles),
        campaigns=campaigns,
    )
    return portfolio, problems


def check_each_system(
    root: Path, work: Callable[[Portfolio, System], R] | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> tuple[list[R], list[Problem]]:
    """Check everything under ``root`` as ``check_root`` does, on every core when there are
    many system folders, and return ``work``'s result for each valid system (in folder
    order) with every problem. ``work`` gets a portfolio of the rubrics, the mappings and
    that one system; what it returns must be picklable (text, numbers, plain data)."""
    rubrics, mappings, profiles, problems = _root_files(root, settings)

    def one(folder: Path) -> tuple[list[Problem], list[R]]:
        system, found = check_system(folder, rubrics, settings)
        if system is not None:
            found += check_system_profiles(root, [system], profiles)
        if system is None or work is None:
            return found, []
        return found, [work(_portfolio(root, rubrics, (system,), mappings, profiles), system)]

    results: list[R] = []
    for found, done in map_folders(one, system_folders(root), settings.jobs):
        problems += found
        results += done
    return results, problems


def load_portfolio(
    root: Path | str = ".", cache: FolderCache | None = None, settings: Settings = DEFAULT_SETTINGS
) -> Portfolio:
    """Every rubric and system under ``root``; ``InvalidInput`` if anything is broken."""
    root = Path(root)
    require_root(root)
    portfolio, problems = check_root(root, cache, settings)
    if problems:
        raise InvalidInput(problems)
    return portfolio


def load_system(
    root: Path | str, system_id: str, settings: Settings = DEFAULT_SETTINGS
) -> tuple[Portfolio, System]:
    """One system and the rubrics, without reading the other systems."""
    root = Path(root)
    require_root(root)
    folder = root / ASSESSMENTS_DIR / system_id
    if not is_id(system_id) or not folder.is_dir():
        known = [p.name for p in system_folders(root)]
        raise NotFound(unknown("system", system_id, known))
    rubrics, problems = load_rubrics(root, settings)
    mappings, found = load_mappings(root, rubrics, settings.limits)
    problems += found
    profiles, found = load_profiles(root, rubrics, settings.limits)
    problems += found
    system, found = check_system(folder, rubrics, settings)
    problems += found
    if system is not None:
        problems += check_system_profiles(root, [system], profiles)
    if problems or system is None:
        raise InvalidInput(problems)
    return _portfolio(root, rubrics, (system,), mappings, profiles), system


def _relocate(problem: Problem, tmp_root: Path, root: Path, rev: str) -> Problem:
    try:
        where = Path(problem.path)  # the folders resolved, not a link itself
        inside = (where.parent.resolve() / where.name).relative_to(tmp_root.resolve())
    except ValueError:
        return problem
    shown = display_path(root / inside) if str(inside) != "." else display_path(root)
    return Problem(shown, problem.line, problem.column, f"{problem.message} (at {rev})")


def portfolio_at(root: Path, rev: str, settings: Settings = DEFAULT_SETTINGS) -> Portfolio:
    """The portfolio under ``root`` as it was at git revision ``rev``.

    A revision without ``rubrics/`` or ``assessments/`` gives an empty portfolio (a
    repository before its first assessment).
    """
    portfolio, problems = portfolio_at_leniently(root, rev, settings)
    if problems:
        raise InvalidInput(problems)
    return portfolio


def portfolio_at_leniently(
    root: Path, rev: str, settings: Settings = DEFAULT_SETTINGS
) -> tuple[Portfolio, list[Problem]]:
    """The portfolio at ``rev`` with what is broken there left out, and the problems.

    For the base of a pull request: a broken base must not hide what the head is.
    """
    with tempfile.TemporaryDirectory(prefix="maturity-rev-") as tmp:
        tmp_root = extract(root, rev, Path(tmp), settings.limits.max_bytes)
        portfolio, problems = check_root(tmp_root, settings=settings)
        return portfolio, sorted({_relocate(p, tmp_root, root, rev) for p in problems})
