"""Reading rubric files: the repository's own and the package's built-in ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from maturity.core.model import Rubric
from maturity.core.report import Report
from maturity.core.rubric_rules import build_rubric, lint_rubric, resolve_extensions
from maturity.core.settings import DEFAULT_SETTINGS, Limits, Settings
from maturity.errors import InvalidInput, Problem
from maturity.store.filecheck import FileCheck
from maturity.store.layout import builtin_rubric_folder, rubric_files


def check_rubric(path: Path, limits: Limits | None = None) -> tuple[Rubric | None, list[Problem]]:
    """Parse, schema-check and lint one rubric file."""
    check = FileCheck(path, limits=limits or Limits())
    data = check.parse_valid("rubric")
    if data is None:
        return None, check.problems
    lint_rubric(check, data)
    if check.problems:
        return None, check.problems
    return build_rubric(data, check.shown), []


def load_files(
    paths: Iterable[Path], fallback: Mapping[str, Rubric] | None = None, limits: Limits | None = None
) -> tuple[dict[str, Rubric], list[Problem]]:
    """The rubrics of ``paths`` by ``id@version``; extensions resolved against them and
    ``fallback`` (the built-in rubrics), each ``id@version`` defined exactly once."""
    rubrics: dict[str, Rubric] = {}
    problems: list[Problem] = []
    defined: dict[str, str] = {}  # ref -> the file that defines it
    extensions: dict[str, tuple[FileCheck, dict[str, Any]]] = {}
    for path in paths:
        check = FileCheck(path, limits=limits or Limits())
        data = check.parse_valid("rubric")
        if data is None:
            problems += check.problems
            continue
        ref = f"{data['id']}@{data['version']}"
        if ref in defined:
            check.add(["version"], f"rubric {ref} is defined twice (also in {defined[ref]}): "
                                   "each id@version is defined exactly once")
            problems += check.problems
            continue
        defined[ref] = check.shown
        if "extends" in data:
            extensions[ref] = (check, data)
            continue
        lint_rubric(check, data)
        problems += check.problems
        if not check.problems:
            rubrics[ref] = build_rubric(data, check.shown)
    reports: dict[str, tuple[Report, dict[str, Any]]] = dict(extensions)
    resolve_extensions(rubrics, reports, defined, fallback)
    for check, _ in extensions.values():
        problems += check.problems
    return rubrics, problems


@cache
def builtin_rubrics() -> Mapping[str, Rubric]:
    """The rubrics built into the package, by ``id@version`` (read once per process)."""
    rubrics, problems = load_files(sorted(builtin_rubric_folder().glob("*.yaml")))
    if problems:  # a broken package, not the user's input
        raise InvalidInput(problems)
    return MappingProxyType(rubrics)


def load_rubrics(
    root: Path, settings: Settings = DEFAULT_SETTINGS
) -> tuple[dict[str, Rubric], list[Problem]]:
    """Every rubric a repository can use, by ``id@version``: the one resolver of rubric references.

    First the repository's own files (``rubrics/*.yaml``), then the package's built-in
    rubrics (``google-mlops``, ``azure-mlops``) for every reference the repository does
    not define itself: a repository file with the same id and version wins.
    """
    rubrics, problems = load_files(rubric_files(root), builtin_rubrics(), settings.limits)
    for ref, rubric in builtin_rubrics().items():
        rubrics.setdefault(ref, rubric)
    return rubrics, problems
