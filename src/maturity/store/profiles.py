"""Loading and checking profiles, ``rubrics/profiles/<id>.yaml``, and the systems that use them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from maturity.core.ids import SLUG
from maturity.core.lookup import find_rubric, suggest
from maturity.core.model import Profile, Rubric, System, same_rubric
from maturity.core.settings import Limits
from maturity.errors import Problem
from maturity.store.filecheck import FileCheck
from maturity.store.inside import yaml_files
from maturity.store.layout import RUBRICS_DIR, SYSTEM_FILE

PROFILES_DIR = "profiles"


def profile_files(root: Path) -> list[Path]:
    return yaml_files(Path(root) / RUBRICS_DIR / PROFILES_DIR, Path(root))


def _rubric(rubrics: Mapping[str, Rubric], ref: str) -> Rubric | None:
    return find_rubric(rubrics, ref)


def check_profile(
    path: Path, rubrics: Mapping[str, Rubric], limits: Limits | None = None
) -> tuple[Profile | None, list[Problem]]:
    check = FileCheck(path, limits=limits or Limits())
    data = check.parse_valid("profile")
    if data is None:
        return None, check.problems
    if not SLUG.match(path.stem):
        check.at_start(f"profile file name {path.name!r} is not a plain slug (<id>.yaml)")
    rubric = _rubric(rubrics, data["rubric"])
    if rubric is None:
        known = ", ".join(sorted(rubrics)) or "none"
        check.add(["rubric"], f"unknown rubric {data['rubric']!r}{suggest(data['rubric'], rubrics)} "
                              f"(known: {known})")
        return None, check.problems
    ids = [i.id for i in rubric.items]
    for item_id in data["na"]:
        if item_id not in ids:
            check.add(["na", item_id], f"unknown item {item_id!r} in rubric {rubric.ref}"
                                       f"{suggest(item_id, ids)}", key=True)
    if check.problems:
        return None, check.problems
    return Profile(
        id=path.stem,
        rubric=rubric.ref,
        title=data["title"],
        na=MappingProxyType({k: " ".join(v.split()) for k, v in data["na"].items()}),
        description=" ".join((data.get("description") or "").split()),
        valid_days=data.get("valid_days"),
        path=check.shown,
    ), []


def load_profiles(
    root: Path, rubrics: Mapping[str, Rubric], limits: Limits | None = None
) -> tuple[dict[str, Profile], list[Problem]]:
    profiles: dict[str, Profile] = {}
    problems: list[Problem] = []
    for path in profile_files(root):
        profile, found = check_profile(path, rubrics, limits)
        problems += found
        if profile is not None:
            profiles[profile.id] = profile
    return profiles, problems


def check_system_profiles(
    root: Path, systems: Iterable[System], profiles: Mapping[str, Profile]
) -> list[Problem]:
    """Each ``profile:`` names a profile, for the rubric of the system's newest snapshot."""
    problems: list[Problem] = []
    for system in systems:
        if system.profile is None:
            continue
        check = FileCheck(Path(root) / "assessments" / system.id / SYSTEM_FILE)
        profile = profiles.get(system.profile)
        if profile is None:
            known = ", ".join(sorted(profiles)) or "none"
            check.add(["profile"], f"unknown profile {system.profile!r}{suggest(system.profile, profiles)} "
                                   f"(known: {known}; profiles live in rubrics/profiles/<id>.yaml)")
        elif not same_rubric(profile.rubric, system.current.rubric):
            check.add(["profile"], f"profile {profile.id!r} is for {profile.rubric}, but the newest "
                                   f"snapshot is assessed against {system.current.rubric}")
        problems += check.problems
    return problems
