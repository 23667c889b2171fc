"""Probe and map files: the package's (``maturity/probes/``) and a repository's own
``probes/`` (which adds probes, or replaces one with the same id), each checked
against its schema and its rules with ``path:line:col`` messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, cast

from maturity.core.calendar import date_or_none
from maturity.core.links import evidence_kind, path_problem
from maturity.core.model import Rubric
from maturity.core.probemap import MapRule, ProbeMap, map_problems
from maturity.core.probes import Location, Probe, ProbeResult, matcher_from, patterns_of
from maturity.errors import InvalidInput, Problem
from maturity.store.filecheck import FileCheck
from maturity.store.known import unused_files
from maturity.store.yamlio import display_path

PROBES_DIR = "probes"
MAPS_DIR = "maps"


def builtin_probe_folder() -> Path:
    """The package's probes (``maturity/probes``)."""
    return Path(str(resources.files("maturity").joinpath(PROBES_DIR)))


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml")


def check_probe(path: Path) -> tuple[Probe | None, list[Problem]]:
    """One probe file, read and checked: its schema, its id against its name, its patterns."""
    check = FileCheck(path)
    data = check.parse_valid("probe")
    if data is None:
        return None, check.problems
    if data["id"] != path.stem:
        check.add(["id"], f"id {data['id']!r} differs from the file name {path.stem!r}: they must match")
    match = matcher_from(cast(Mapping[str, object], data["match"]))
    for where, pattern in patterns_of(match):
        try:
            re.compile(pattern)
            nested = nested_repeat(pattern)
        except (re.error, RecursionError, OverflowError) as error:
            check.add(["match", *[_part(w) for w in where]], f"not a regular expression: {error}")
            continue
        if nested:
            check.add(["match", *[_part(w) for w in where]],
                      "a repetition inside a repetition (like (a+)+ or (\\w+\\s?)*): on a hostile line "
                      "such a pattern can take exponential time; rewrite it without the nesting")
    if check.problems:
        return None, check.problems
    return Probe(
        id=data["id"], version=data["version"], question=" ".join(data["question"].split()),
        why=" ".join(data["why"].split()), match=match, path=check.shown,
    ), []


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def nested_repeat(pattern: str) -> bool:
    """True when a repeated group of the pattern holds a repeat itself (``(a+)+``,
    ``(\\w*,)*``): the shape of catastrophic backtracking. Read with Python's own parser."""
    import re._parser as parser  # type: ignore[import-not-found,unused-ignore]

    def walk(items: Any, inside: bool) -> bool:
        for op, arg in items:
            name = str(op)
            if name in _REPEATS:
                _, high, sub = arg
                if (inside and high != 1) or walk(sub, inside or high > 1):
                    return True
            elif name == "SUBPATTERN":
                parts = [arg[-1]]
            elif name == "BRANCH":
                parts = list(arg[1])
            elif name in ("ASSERT", "ASSERT_NOT"):
                parts = [arg[1]]
            else:
                parts = []
            if name not in _REPEATS and any(walk(part, inside) for part in parts):
                return True
        return False

    return walk(parser.parse(pattern), False)


def _part(word: str) -> str | int:
    return int(word) if word.isdigit() else word


@dataclass(frozen=True)
class ProbeFiles:
    """The probes in force and the maps, with every problem found reading them."""

    probes: Mapping[str, Probe]
    maps: Mapping[str, ProbeMap]
    problems: tuple[Problem, ...]

    def ordered(self) -> tuple[Probe, ...]:
        return tuple(self.probes[k] for k in sorted(self.probes))


def _read_probes(folder: Path) -> tuple[dict[str, Probe], list[Problem]]:
    probes: dict[str, Probe] = {}
    problems: list[Problem] = []
    for path in _yaml_files(folder):
        probe, found = check_probe(path)
        problems += found
        if probe is not None:
            probes[probe.id] = probe
    return probes, problems


def check_map(
    path: Path, rubrics: Iterable[Rubric], probe_ids: Iterable[str]
) -> tuple[ProbeMap | None, list[Problem]]:
    """One map file: its schema, and both ways against the rubric and the probes."""
    check = FileCheck(path)
    data = check.parse_valid("probe-map")
    if data is None:
        return None, check.problems
    if data["rubric"] != path.stem:
        check.add(["rubric"], f"rubric {data['rubric']!r} differs from the file name {path.stem!r}")
    items: dict[str, tuple[MapRule, ...]] = {}
    for item, rules in (data.get("items") or {}).items():
        items[item] = tuple(
            MapRule("all" if "all" in r else "any", tuple(r.get("all") or r.get("any")), r["proposes"])
            for r in rules
        )
    probe_map = ProbeMap(data["rubric"], items, dict(data.get("unseen") or {}), check.shown)
    versions = [r for r in rubrics if r.id == probe_map.rubric]
    if not versions:
        check.add(["rubric"], f"no rubric {probe_map.rubric!r} is known")
    else:  # the map holds for every version of the rubric: an item of any of them is known
        known = sorted({item.id for rubric in versions for item in rubric.items})
        for where, message in map_problems(probe_map, known, probe_ids):
            check.add([_part(w) for w in where], message, key=len(where) == 2)
    return (probe_map if not check.problems else None), check.problems


def load_probe_files(root: Path | None, rubrics: Mapping[str, Rubric]) -> ProbeFiles:
    """The package's probes and maps, then ``root/probes`` adding or replacing by id."""
    builtin = builtin_probe_folder()
    probes, problems = _read_probes(builtin)
    own = Path(root) / PROBES_DIR if root is not None else None
    if own is not None:
        problems += unused_files(own, PurePosixPath(PROBES_DIR))
        added, found = _read_probes(own)
        probes.update(added)
        problems += found
    maps: dict[str, ProbeMap] = {}
    folders = [builtin / MAPS_DIR, *([own / MAPS_DIR] if own is not None else [])]
    for folder in folders:
        for path in _yaml_files(folder):
            probe_map, found = check_map(path, rubrics.values(), probes)
            problems += found
            if probe_map is not None:
                maps[probe_map.rubric] = probe_map
    return ProbeFiles(probes, maps, tuple(problems))


def probe_problems(root: Path, rubrics: Mapping[str, Rubric]) -> list[Problem]:
    """What ``maturity validate`` says about a repository's own ``probes/`` folder."""
    folder = Path(root) / PROBES_DIR
    if folder.is_symlink():
        return [Problem(display_path(folder), 1, 1, "a symbolic link, not a folder: probes/ must be a "
                        "real folder in the repository (its probes would not be read)")]
    if not folder.exists():
        return []
    files = load_probe_files(root, rubrics)
    own = display_path(Path(root) / PROBES_DIR)
    return [p for p in files.problems if p.path.startswith(own)]


@dataclass(frozen=True)
class ProbeRun:
    """A probe run read back from its JSON (``--from``): what CI found elsewhere."""

    repository: str
    commit: str | None
    date: str | None
    results: tuple[ProbeResult, ...]
    complete: bool
    ignored: tuple[str, ...]  # probe ids this installation does not know


def read_probe_run(path: Path, probes: Mapping[str, Probe], today: dt.date | None = None) -> ProbeRun:
    """The JSON ``maturity probe --format json`` wrote, checked against its schema
    (``path:line:col``). A probe this installation has but the file lacks answers
    ``unknown`` (it was not run there), never ``not-found``."""
    check = FileCheck(path)
    data = check.parse_valid("probe-result")
    if data is None:
        raise InvalidInput(check.problems)
    for index, entry in enumerate(data["probes"]):
        for position, location in enumerate(entry.get("evidence") or ()):
            wrong = path_problem(location["path"])
            if wrong or evidence_kind(location["path"]) != "path":
                check.add(["probes", index, "evidence", position, "path"],
                          f"path {location['path']!r} {wrong or 'is not a path in a repository'}")
    run_date = date_or_none(data.get("date"))
    if today is not None and run_date is not None and run_date > today:
        # --write would date the evidence it adds (checked:) after today: an invalid snapshot
        check.add(["date"], f"date {run_date} is in the future (today is {today}): a probe run "
                            "is dated the day it read the repository")
    if check.problems:
        raise InvalidInput(check.problems)
    given = {entry["id"]: entry for entry in data["probes"]}
    results = []
    for probe_id, probe in sorted(probes.items()):
        entry = given.get(probe_id)
        if entry is None:
            results.append(ProbeResult(probe, "unknown"))
            continue
        evidence = tuple(Location(e["path"], e["line"]) for e in entry.get("evidence") or ())
        outcome = entry["outcome"]
        results.append(ProbeResult(probe, outcome, evidence if outcome == "found" else ()))
    return ProbeRun(
        repository=data["repository"], commit=data["commit"], date=data.get("date"),
        results=tuple(results), complete=bool(data.get("complete", True)),
        ignored=tuple(sorted(set(given) - set(probes))),
    )
