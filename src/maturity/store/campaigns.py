"""Loading and checking campaign files, ``campaigns/<id>.yaml``.

Beyond the schema, a campaign is checked against the portfolio, each problem at its
place in the file: every tag, system, owner and rubric in ``select`` must exist (a
typo would silently shrink the scope), the selector must take at least one system,
the target dimension must exist in a rubric of the systems it takes, and the target
level must not be above the top level of any of those rubrics (those systems could
never meet it).

A deadline that has passed is a problem only for a **new** campaign: one whose file
is not committed in ``HEAD`` yet (a campaign that closed stays valid, as history).
Outside a git work tree nothing is new, so a past deadline is never a problem there.
"Passed" is measured from the as-of date (``MATURITY_AS_OF``, else today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from maturity.core.calendar import date_or_none, date_problem
from maturity.core.campaign import rubric_matches
from maturity.core.ids import SLUG
from maturity.core.lookup import listing, suggest, unknown
from maturity.core.model import Campaign, Rubric, System
from maturity.core.settings import Limits
from maturity.errors import Problem
from maturity.store.filecheck import FileCheck
from maturity.store.gitrev import in_head
from maturity.store.inside import yaml_files
from maturity.store.known import unused_files

CAMPAIGNS_DIR = "campaigns"


@dataclass(frozen=True)
class Scope:
    """What a selector looks at in one system: small and picklable, so that validation
    can gather it from worker processes (``load.check_each_system``)."""

    id: str
    tags: tuple[str, ...]
    owner: str
    rubric: str  # the newest snapshot's rubric


def scope_of(system: System) -> Scope:
    return Scope(system.id, system.tags, system.owner, system.current.rubric)


def campaign_files(root: Path) -> list[Path]:
    return yaml_files(Path(root) / CAMPAIGNS_DIR, Path(root))


def _selected(data: dict[str, Any], systems: Sequence[Scope]) -> list[Scope]:
    """The systems the selector takes, judged by their newest snapshot."""
    select = data.get("select") or {}
    tags = select.get("tags") or []
    owner = select.get("owner")
    rubric = select.get("rubric")
    ids = select.get("systems") or []
    return [
        s for s in systems
        if all(t in s.tags for t in tags)
        and (owner is None or s.owner == owner)
        and (not ids or s.id in ids)
        and (rubric is None or rubric_matches(rubric, s.rubric))
    ]


def _check_select(check: FileCheck, data: dict[str, Any], systems: Sequence[Scope],
                  rubrics: Mapping[str, Rubric]) -> None:
    select = data.get("select") or {}
    known_tags = {t for s in systems for t in s.tags}
    for index, tag in enumerate(select.get("tags") or []):
        if tag not in known_tags:
            check.add(["select", "tags", index],
                      f"unknown tag {tag!r}: no system has it{suggest(tag, known_tags)}")
    known_ids = {s.id for s in systems}
    for index, system_id in enumerate(select.get("systems") or []):
        if system_id not in known_ids:
            check.add(["select", "systems", index],
                      unknown("system", system_id, known_ids))
    owner = select.get("owner")
    owners = {s.owner for s in systems}
    if owner is not None and owner not in owners:
        check.add(["select", "owner"], f"no system is owned by {owner!r}{suggest(owner, owners)}")
    rubric = select.get("rubric")
    if rubric is not None and not any(rubric_matches(rubric, ref) for ref in rubrics):
        check.add(["select", "rubric"],
                  f"unknown rubric {rubric!r}{suggest(rubric, rubrics)} (known: {listing(rubrics)})")


def _check_target(check: FileCheck, data: dict[str, Any], chosen: Sequence[Scope],
                  rubrics: Mapping[str, Rubric]) -> None:
    target = data["target"]
    level, dimension = target["level"], target.get("dimension")
    used: dict[str, list[str]] = {}
    for system in chosen:
        used.setdefault(system.rubric, []).append(system.id)
    for ref, ids in sorted(used.items()):
        rubric = rubrics.get(ref)
        if rubric is not None and level > rubric.max_level:
            check.add(["target", "level"],
                      f"target level {level} is above the top level {rubric.max_level} of {ref} "
                      f"(used by {', '.join(ids)}): those systems could never meet it")
    if dimension is not None:
        dims = {d.id for ref in used if ref in rubrics for d in rubrics[ref].dimensions}
        if dims and dimension not in dims:
            check.add(["target", "dimension"],
                      f"unknown dimension {dimension!r} in the rubrics of the systems in scope"
                      f"{suggest(dimension, dims)} (known: {listing(dims)})")


def check_campaign(path: Path, systems: Sequence[Scope], rubrics: Mapping[str, Rubric],
                   as_of: dt.date | None, limits: Limits | None = None,
                   ) -> tuple[Campaign | None, list[Problem]]:
    """Parse, schema-check and check one campaign file against the portfolio (as of
    ``as_of``: ``None`` when the day is not known, so no deadline has passed)."""
    check = FileCheck(path, limits=limits or Limits())
    data = check.parse_valid("campaign")
    if data is None:
        return None, check.problems
    if not SLUG.match(path.stem):
        check.at_start(f"campaign file name {path.name!r} is not a plain slug: name it <id>.yaml "
                       "(lowercase letters, digits and single hyphens)")
    deadline = date_or_none(data["deadline"])
    if deadline is None:
        check.add(["deadline"], date_problem("deadline", data["deadline"]) or "not a date")
    elif as_of is not None and deadline < as_of and in_head(path) is False:
        check.add(["deadline"], f"deadline {deadline} has passed (as of {as_of}): "
                                "a new campaign needs a deadline still to come")
    _check_select(check, data, systems, rubrics)
    chosen = _selected(data, systems)
    if not check.problems and not chosen:
        check.add(["select"] if "select" in data else ["title"], "the selector takes no system")
    _check_target(check, data, chosen, rubrics)
    if check.problems or deadline is None:
        return None, check.problems
    select = data.get("select") or {}
    return Campaign(
        id=path.stem,
        title=data["title"],
        level=data["target"]["level"],
        dimension=data["target"].get("dimension"),
        deadline=deadline,
        tags=tuple(select.get("tags") or ()),
        owner=select.get("owner"),
        rubric=select.get("rubric"),
        systems=tuple(select.get("systems") or ()),
        path=check.shown,
    ), []


def load_campaigns(root: Path, systems: Sequence[System | Scope], rubrics: Mapping[str, Rubric],
                   as_of: dt.date | None, limits: Limits | None = None,
                   ) -> tuple[tuple[Campaign, ...], list[Problem]]:
    """Every campaign under ``root/campaigns/`` (none without the folder), and the problems."""
    scopes = [scope_of(s) if isinstance(s, System) else s for s in systems]
    campaigns: list[Campaign] = []
    problems = unused_files(Path(root) / CAMPAIGNS_DIR, PurePosixPath(CAMPAIGNS_DIR), recursive=False)
    for path in campaign_files(root):
        campaign, found = check_campaign(path, scopes, rubrics, as_of, limits)
        problems += found
        if campaign is not None:
            campaigns.append(campaign)
    return tuple(campaigns), problems
