"""Loading and checking rubrics and assessments into the model.

Every check collects problems (file, line, column, message) instead of stopping at
the first; ``load_portfolio`` raises ``InvalidInput`` with all of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, TypeVar, cast

from maturity.core.links import evidence_kind, path_problem
from maturity.core.lookup import suggest
from maturity.core.model import (
    Answer,
    Campaign,
    Dimension,
    Item,
    LevelInfo,
    PlanEntry,
    Portfolio,
    Rubric,
    Scoring,
    Snapshot,
    Status,
    System,
    visible_text,
)
from maturity.errors import InvalidInput, NotFound, Problem
from maturity.store.known import unused_files
from maturity.store.parallel import map_folders
from maturity.store.schema import schema_errors
from maturity.store.yamlio import Locator, PathPart, display_path, limits, load_text, read_input

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SNAPSHOT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.yaml$")
MAX_ID_LENGTH = 64
_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)]
)
SYSTEM_FILE = "system.yaml"
RUBRICS_DIR = "rubrics"
ASSESSMENTS_DIR = "assessments"
OVERALL = "overall"
R = TypeVar("R")


@dataclass
class FileCheck:
    """The problems found in one file; positions are looked up only when needed."""

    path: Path
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.shown = display_path(self.path)
        self.locator = Locator(self.path, self.text)

    def add(self, parts: Iterable[PathPart], message: str, key: bool = False) -> None:
        line, column = self.locator.position(list(parts), key=key)
        problem = Problem(self.shown, line, column, message)
        if problem not in self.problems:  # the schema and a lint may say the same thing
            self.problems.append(problem)

    def at_start(self, message: str) -> None:
        self.problems.append(Problem(self.shown, 1, 1, message))

    def parse(self, schema_name: str) -> Any:
        """Read, parse and schema-check the file; ``None`` when it cannot be used."""
        try:
            self.text = read_input(self.path)
            self.locator = Locator(self.path, self.text)
            data = load_text(self.text, self.shown)
        except InvalidInput as error:
            self.problems.extend(error.problems)
            return None
        if data is None:
            data = {}
        huge = list(_huge_numbers(data, []))
        for parts in huge:
            name = f"{parts[-1]}: " if parts else ""
            self.add(parts, f"{name}a number over 100 digits long: no level, version or priority is "
                     "that big (quote it if it is text)")
        if huge:
            return None
        try:
            for parts, message, key in schema_errors(schema_name, data):
                self.add(parts, message, key=key)
        except (ValueError, RecursionError, TypeError) as error:  # data no schema can describe
            self.at_start(f"cannot be checked: {str(error)[:200]}")
        return data

    def parse_valid(self, schema_name: str) -> Any:
        """Like ``parse``, but ``None`` unless the file also matches its schema."""
        data = self.parse(schema_name)
        return data if not self.problems else None


def _huge_numbers(data: Any, where: list[PathPart]) -> Iterable[list[PathPart]]:
    """Paths of whole numbers too long to print (Python refuses to write >4300 digits)."""
    if isinstance(data, int) and not isinstance(data, bool) and abs(data).bit_length() > 333:
        yield where
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _huge_numbers(value, [*where, str(key)])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _huge_numbers(value, [*where, index])


def _date_or_none(value: str) -> dt.date | None:
    """A YAML date field as a date, or ``None`` (the checks report it at its line)."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def latest_allowed_date() -> dt.date:
    """The newest date a snapshot may have: tomorrow (a team a time zone ahead is not wrong)."""
    return dt.date.today() + dt.timedelta(days=1)


def _check_visible(check: FileCheck, data: Any, paths: Iterable[tuple[PathPart, ...]]) -> None:
    """Each text at ``paths`` (when it is text) must have a character a reader can see."""
    for parts in paths:
        node = data
        for part in parts:
            if isinstance(node, dict) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                node = None
                break
        if isinstance(node, str) and not visible_text(node):
            name = next((p for p in reversed(parts) if isinstance(p, str)), "text")
            check.add(
                list(parts), f"{name} has no visible text (only spaces, invisible or control characters)"
            )


# --------------------------------------------------------------------------- rubrics


def _lint_rubric(check: FileCheck, data: dict[str, Any]) -> None:
    texts: list[tuple[PathPart, ...]] = [("title",), ("source",)]
    texts += [("levels", i, key) for i in range(len(data["levels"])) for key in ("name", "summary")]
    for d_index, dim in enumerate(data["dimensions"]):
        texts.append(("dimensions", d_index, "name"))
        texts += [("dimensions", d_index, "items", i, "text") for i in range(len(dim["items"]))]
    _check_visible(check, data, texts)
    levels = [lv["level"] for lv in data["levels"]]
    for index, level in enumerate(levels):
        if levels.index(level) != index:
            check.add(["levels", index, "level"], f"level {level} is defined twice")
    if sorted(set(levels)) != list(range(min(levels), max(levels) + 1)):
        check.add(["levels"], f"levels must be contiguous, found {sorted(set(levels))}")
    base = min(levels)
    seen_dims: set[str] = set()
    seen_items: dict[str, tuple[int, int]] = {}
    for d_index, dim in enumerate(data["dimensions"]):
        if dim["id"] in seen_dims:
            check.add(["dimensions", d_index, "id"], f"dimension {dim['id']!r} is defined twice")
        seen_dims.add(dim["id"])
        for i_index, item in enumerate(dim["items"]):
            where: list[PathPart] = ["dimensions", d_index, "items", i_index]
            if item["id"] in seen_items:
                check.add([*where, "id"], f"item id {item['id']!r} is not unique in the rubric")
            seen_items[item["id"]] = (d_index, i_index)
            prefix = item["id"].split(".", 1)[0]
            if prefix != dim["id"]:
                check.add(
                    [*where, "id"],
                    f"item {item['id']!r} must start with its dimension id {dim['id']!r}",
                )
            if item["level"] not in levels:
                check.add([*where, "level"], f"item level {item['level']} is not a rubric level")
            elif item["level"] == base:
                check.add(
                    [*where, "level"],
                    f"level {base} is the baseline and is not scored: list it under 'baseline'",
                )
    if len(data["id"]) > MAX_ID_LENGTH:
        check.add(["id"], str(id_problem("rubric id", data["id"])))
    _check_name(check, data)


def _check_name(check: FileCheck, data: dict[str, Any]) -> None:
    """``rubrics/<id>.yaml`` (the current version) or ``rubrics/<id>@<version>.yaml``."""
    stem = check.path.stem
    if "@" in stem and stem.split("@", 1)[0] == data["id"] and stem != f"{data['id']}@{data['version']}":
        check.add(["version"], f"version {data['version']} does not match the file name "
                               f"{check.path.name!r} (write {data['id']}@{data['version']}.yaml)")
    elif stem not in (data["id"], f"{data['id']}@{data['version']}"):
        check.add(["id"], f"rubric id {data['id']!r} does not match the file name {check.path.name!r}")


def _exact(value: float | int) -> Fraction:
    """A YAML number as the exact decimal it was written as (0.8 is 4/5, not a binary float)."""
    return Fraction(str(value))


def _scoring(raw: dict[str, Any], base: Scoring) -> Scoring:
    """The keys given in ``raw`` replace ``base``'s (an extension keeps the others)."""
    return Scoring(
        threshold=_exact(raw["threshold"]) if "threshold" in raw else base.threshold,
        cumulative=bool(raw["cumulative"]) if "cumulative" in raw else base.cumulative,
        partial_credit=_exact(raw["partial_credit"]) if "partial_credit" in raw else base.partial_credit,
        max_na_share=_exact(raw["max_na_share"]) if "max_na_share" in raw else base.max_na_share,
        evidence_valid_days=raw.get("evidence_valid_days", base.evidence_valid_days),
        expired_evidence=raw.get("expired_evidence", base.expired_evidence),
    )


def _levels(raw: list[dict[str, Any]]) -> tuple[LevelInfo, ...]:
    return tuple(
        LevelInfo(
            level=lv["level"],
            name=lv["name"],
            summary=lv["summary"],
            characteristics=tuple(lv.get("characteristics", ())),
            next_steps=lv.get("next_steps"),
            note=(lv.get("note") or "").strip() or None,
        )
        for lv in sorted(raw, key=lambda lv: lv["level"])
    )


def _build_rubric(data: dict[str, Any], path: str) -> Rubric:
    return Rubric(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        source=data["source"].strip(),
        scoring=_scoring(data.get("scoring") or {}, Scoring()),
        levels=_levels(data["levels"]),
        dimensions=tuple(
            Dimension(
                id=d["id"],
                name=d["name"],
                baseline=tuple(d.get("baseline", ())),
                items=tuple(
                    Item(
                        id=i["id"],
                        dimension=d["id"],
                        level=i["level"],
                        text=i["text"],
                        examples=tuple(i.get("examples", ())),
                    )
                    for i in d["items"]
                ),
            )
            for d in data["dimensions"]
        ),
        path=path,
    )


def check_rubric(path: Path) -> tuple[Rubric | None, list[Problem]]:
    """Parse, schema-check and lint one rubric file."""
    check = FileCheck(path)
    data = check.parse_valid("rubric")
    if data is None:
        return None, check.problems
    _lint_rubric(check, data)
    if check.problems:
        return None, check.problems
    return _build_rubric(data, check.shown), []


def require_root(root: Path) -> None:
    """``root`` is an assessment repository: it holds ``assessments/`` or ``rubrics/``.

    A repository needs no ``rubrics/`` folder (the built-in rubrics are found by
    reference) and a new one may have no ``assessments/`` yet, but a folder with neither
    is most likely the wrong folder.
    """
    if not ((root / ASSESSMENTS_DIR).is_dir() or (root / RUBRICS_DIR).is_dir()):
        raise NotFound(
            f"{display_path(root)}: no {ASSESSMENTS_DIR}/ or {RUBRICS_DIR}/ folder here "
            "(use --root DIR, or `maturity init DIR` for a new repository)"
        )


def find_root(start: Path) -> Path:
    """The assessment repository ``start`` is in: ``start`` or its nearest parent that has
    ``assessments/`` beside ``rubrics/`` or ``mkdocs.yml`` (a stray ``assessments/`` folder
    alone does not count), so a notebook opened from ``notebooks/`` finds its repository."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ASSESSMENTS_DIR).is_dir() and (
            (folder / RUBRICS_DIR).is_dir() or (folder / "mkdocs.yml").is_file()
        ):
            return folder
    raise NotFound(f"no assessment repository ({ASSESSMENTS_DIR}/ beside {RUBRICS_DIR}/ or "
                   f"mkdocs.yml) in {here} or its parents")


def builtin_rubric_folder() -> Path:
    """The package's own rubrics (``maturity/rubrics/*.yaml``, shipped as package data)."""
    return Path(str(resources.files("maturity").joinpath(RUBRICS_DIR)))


def rubric_files(root: Path) -> list[Path]:
    """The repository's own rubric files, ``ROOT/rubrics/*.yaml`` (none without the folder)."""
    folder = root / RUBRICS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _load_files(
    paths: Iterable[Path], fallback: Mapping[str, Rubric] | None = None
) -> tuple[dict[str, Rubric], list[Problem]]:
    """The rubrics of ``paths`` by ``id@version``; extensions resolved against them and
    ``fallback`` (the built-in rubrics), each ``id@version`` defined exactly once."""
    rubrics: dict[str, Rubric] = {}
    problems: list[Problem] = []
    defined: dict[str, str] = {}  # ref -> the file that defines it
    extensions: dict[str, tuple[FileCheck, dict[str, Any]]] = {}
    for path in paths:
        check = FileCheck(path)
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
        _lint_rubric(check, data)
        problems += check.problems
        if not check.problems:
            rubrics[ref] = _build_rubric(data, check.shown)
    resolving: list[str] = []

    def resolve(ref: str) -> Rubric | None:
        if ref in rubrics:
            return rubrics[ref]
        if ref not in extensions:
            return (fallback or {}).get(ref)
        check, data = extensions[ref]
        if ref in resolving:
            return None  # reported where the cycle closes
        resolving.append(ref)
        base_ref = data["extends"]
        base = None
        if base_ref in resolving:
            chain = " → ".join([*resolving[resolving.index(base_ref):], base_ref])
            check.add(["extends"], f"extends forms a cycle: {chain}")
        else:
            base = resolve(base_ref)
            if base is None and base_ref not in extensions:
                known = sorted(set(defined) | set(fallback or {}))
                check.add(["extends"], f"extends {base_ref!r}, which is no rubric "
                                       f"(known: {', '.join(known) or 'none'}){suggest(base_ref, known)}")
        resolving.pop()
        rubric = _extend(check, data, base) if base is not None else None
        if rubric is not None and not check.problems:
            rubrics[ref] = rubric
        return rubrics.get(ref)

    for ref in extensions:
        resolve(ref)
    for check, _ in extensions.values():
        problems += check.problems
    return rubrics, problems


def _extend(check: FileCheck, data: dict[str, Any], base: Rubric) -> Rubric | None:
    """An extension: the base's levels and dimensions, minus ``remove``, plus ``add``;
    ``title``, ``source``, ``scoring`` (key by key) and ``levels``, when given, replace
    the base's."""
    _check_name(check, data)
    _check_visible(check, data, [("title",), ("source",)])
    base_items = {i.id: i for i in base.items}
    removed = set()
    for index, item_id in enumerate(data.get("remove") or ()):
        if item_id not in base_items:
            check.add(["remove", index], f"remove {item_id!r}: no such item in {base.ref}"
                                         f"{suggest(item_id, base_items)}")
        elif item_id in removed:
            check.add(["remove", index], f"{item_id!r} is removed twice")
        removed.add(item_id)
    levels = _levels(data["levels"]) if "levels" in data else base.levels
    numbers = [lv.level for lv in levels]
    if "levels" in data:
        if len(set(numbers)) != len(numbers) or numbers != list(range(numbers[0], numbers[-1] + 1)):
            check.add(["levels"], f"levels must be contiguous and defined once, found {numbers}")
        lost = [i.id for i in base.items if i.id not in removed and i.level not in numbers[1:]]
        if lost:
            check.add(["levels"], f"the base's items {', '.join(lost[:5])} sit at a level these "
                                  "levels do not score: remove them or keep their level")
    dims = {d.id: list(i for i in d.items if i.id not in removed) for d in base.dimensions}
    seen = {i for items in dims.values() for i in (x.id for x in items)}
    for index, raw in enumerate(data.get("add") or ()):
        where: list[PathPart] = ["add", index]
        dim_id, item_id = raw["dimension"], raw["id"]
        if dim_id not in dims:
            check.add([*where, "dimension"], f"add into {dim_id!r}: no such dimension in {base.ref}"
                                             f"{suggest(dim_id, dims)} (an extension adds items, "
                                             "not dimensions)")
            continue
        if item_id.split(".", 1)[0] != dim_id:
            check.add([*where, "id"], f"item {item_id!r} must start with its dimension id {dim_id!r}")
        if item_id in seen:
            whose = "added twice" if item_id not in base_items or item_id in removed else \
                f"already an item of {base.ref} (remove it first to replace it)"
            check.add([*where, "id"], f"add {item_id!r}: {whose}")
        if raw["level"] not in numbers[1:]:
            check.add([*where, "level"], f"item level {raw['level']} is not a scored level "
                                         f"({', '.join(map(str, numbers[1:]))})")
        if not visible_text(raw["text"]):
            check.add([*where, "text"], "text must have visible characters")
        seen.add(item_id)
        dims[dim_id].append(Item(item_id, dim_id, raw["level"], raw["text"],
                                 tuple(raw.get("examples", ()))))
    if check.problems:
        return None
    return Rubric(
        id=data["id"],
        version=data["version"],
        title=data.get("title", base.title),
        source=(data.get("source") or base.source).strip(),
        scoring=_scoring(data.get("scoring") or {}, base.scoring),
        levels=levels,
        dimensions=tuple(
            dataclasses.replace(d, items=tuple(sorted(dims[d.id], key=lambda i: i.level)))
            for d in base.dimensions
        ),
        path=check.shown,
        extends=base.ref,
    )


@cache
def builtin_rubrics() -> Mapping[str, Rubric]:
    """The rubrics built into the package, by ``id@version`` (read once per process)."""
    rubrics, problems = _load_files(sorted(builtin_rubric_folder().glob("*.yaml")))
    if problems:  # a broken package, not the user's input
        raise InvalidInput(problems)
    return MappingProxyType(rubrics)


def load_rubrics(root: Path) -> tuple[dict[str, Rubric], list[Problem]]:
    """Every rubric a repository can use, by ``id@version``: the one resolver of rubric references.

    First the repository's own files (``rubrics/*.yaml``), then the package's built-in
    rubrics (``google-mlops``, ``azure-mlops``) for every reference the repository does
    not define itself: a repository file with the same id and version wins.
    """
    rubrics, problems = _load_files(rubric_files(root), builtin_rubrics())
    for ref, rubric in builtin_rubrics().items():
        rubrics.setdefault(ref, rubric)
    return rubrics, problems


# --------------------------------------------------------------------------- snapshots


def _answer(item_id: str, raw: Any) -> Answer | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return Answer(item=item_id, status=cast(Status, raw))
    return Answer(
        item=item_id,
        status=raw["status"],
        evidence=tuple(raw.get("evidence") or ()),
        note=(raw.get("note") or "").strip() or None,
        checked=_date_or_none(raw.get("checked", "")),
        until=_date_or_none(raw.get("until", "")),
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _check_answer_dates(check: FileCheck, item_id: str, answer: dict[str, Any]) -> None:
    """``checked`` and ``until`` are real dates; ``until`` belongs to an ``na``."""
    for key in ("checked", "until"):
        value = answer.get(key)
        if isinstance(value, str) and (not ISO_DATE.match(value) or _date_or_none(value) is None):
            check.add(["answers", item_id, key], f"{key} {value!r} is not a date (YYYY-MM-DD)")
    if "until" in answer and answer.get("status") != "na":
        check.add(
            ["answers", item_id, "until"],
            "until applies to an 'na' answer only (how long it does not apply)",
            key=True,
        )


def _check_snapshot(
    check: FileCheck, data: Any, rubrics: Mapping[str, Rubric]
) -> Rubric | None:
    """Checks beyond the schema. They run even when the schema found problems, on the
    parts that have the right shape, so that one run reports every problem."""
    data = _mapping(data)
    date_text = data.get("date")
    if isinstance(date_text, str):
        when = _date_or_none(date_text)
        if when is None:
            check.add(["date"], f"date {date_text!r} is not a date (YYYY-MM-DD)")
        elif when > latest_allowed_date():
            check.add(
                ["date"],
                f"date {date_text} is in the future (today is {dt.date.today()}): "
                "date a snapshot on the day it was assessed",
            )
        elif f"{date_text}.yaml" != check.path.name:
            check.add(["date"], f"date {date_text} does not match the file name {check.path.name}")
    ref = data.get("rubric")
    if not isinstance(ref, str):
        return None
    rubric = rubrics.get(ref)
    if rubric is None:
        known = ", ".join(sorted(rubrics)) or "none"
        check.add(["rubric"], f"unknown rubric {ref!r} (known: {known})")
        return None
    item_ids = rubric.item_ids
    for item_id, raw in _mapping(data.get("answers")).items():
        if item_id not in item_ids:
            check.add(
                ["answers", item_id],
                f"unknown item {item_id!r} in rubric {rubric.ref}{suggest(str(item_id), item_ids)}",
                key=True,
            )
            continue
        answer = _mapping(raw)
        _check_answer_dates(check, item_id, answer)
        note = answer.get("note")
        if answer.get("status") == "na" and isinstance(note, str) and note.strip() and not visible_text(note):
            check.add(
                ["answers", item_id, "note"],
                "an 'na' answer needs a note saying why the practice does not apply "
                "(this one has no visible text)",
            )
        for index, link in enumerate(_sequence(answer.get("evidence"))):
            if not isinstance(link, str):
                continue
            if evidence_kind(link) is None:
                check.add(
                    ["answers", item_id, "evidence", index],
                    f"evidence {link!r} must be an http(s) link or a relative path",
                )
            elif wrong := path_problem(link):
                check.add(["answers", item_id, "evidence", index], f"evidence {link!r} {wrong}")
    dims = {d.id for d in rubric.dimensions} | {OVERALL}
    for dim_id, level in _mapping(data.get("declared")).items():
        if dim_id not in dims:
            check.add(
                ["declared", dim_id],
                f"unknown dimension {dim_id!r} in rubric {rubric.ref}{suggest(str(dim_id), dims)}",
                key=True,
            )
        elif isinstance(level, int) and not rubric.min_level <= level <= rubric.max_level:
            check.add(
                ["declared", dim_id],
                f"declared level {level} is outside the rubric's levels "
                f"{rubric.min_level}–{rubric.max_level}",
            )
    for index, entry in enumerate(_sequence(data.get("plan"))):
        item = _mapping(entry).get("item")
        if isinstance(item, str) and item not in item_ids:
            check.add(
                ["plan", index, "item"],
                f"unknown item {item!r} in rubric {rubric.ref}{suggest(item, item_ids)}",
            )
    return rubric


def _build_snapshot(system_id: str, data: dict[str, Any], shown: str) -> Snapshot:
    answers = {}
    for item_id, raw in (data.get("answers") or {}).items():
        answer = _answer(item_id, raw)
        if answer is not None:
            answers[item_id] = answer
    return Snapshot(
        system=system_id,
        date=dt.date.fromisoformat(data["date"]),
        rubric=data["rubric"],
        assessors=tuple(data.get("assessors") or ()),
        answers=MappingProxyType(answers),
        declared=MappingProxyType(dict(data.get("declared") or {})),
        plan=tuple(
            PlanEntry(
                item=p["item"],
                priority=p["priority"],
                task=p.get("task"),
                owner=p.get("owner"),
                effort=p.get("effort"),
                due=p.get("due"),
                blocker=p.get("blocker"),
            )
            for p in data.get("plan") or ()
        ),
        summary=(data.get("summary") or "").strip() or None,
        path=shown,
    )


def check_snapshot(
    path: Path, rubrics: Mapping[str, Rubric], system_id: str | None = None
) -> tuple[Snapshot | None, list[Problem]]:
    """Parse and check one snapshot file against the rubrics it may name."""
    check = FileCheck(path)
    data = check.parse("assessment")
    if data is None:
        return None, check.problems
    _check_snapshot(check, data, rubrics)
    if check.problems:
        return None, check.problems
    return _build_snapshot(system_id or path.parent.name, data, check.shown), []


# --------------------------------------------------------------------------- systems


def _check_system_meta(
    check: FileCheck, data: dict[str, Any], rubric: Rubric | None
) -> None:
    _check_visible(check, data, [("name",), ("owner",)])
    if "target_date" in data and _date_or_none(data["target_date"]) is None:
        check.add(["target_date"], f"target_date {data['target_date']!r} is not a date (YYYY-MM-DD)")
    level = data.get("target_level")
    if rubric is not None and level is not None and not (
        rubric.min_level <= level <= rubric.max_level
    ):
        check.add(
            ["target_level"],
            f"target level {level} is outside the levels of {rubric.ref} "
            f"({rubric.min_level}–{rubric.max_level})",
        )


def id_problem(kind: str, value: str) -> str | None:
    """Why ``value`` cannot be a system or rubric id (a folder or file name), or ``None``."""
    if not SLUG.match(value):
        example = ", e.g. fraud-detection" if kind == "system id" else ""
        return (
            f"{kind} {value!r} is not a plain slug "
            f"(lowercase letters, digits and single hyphens{example})"
        )
    if value in _RESERVED_NAMES:
        return (
            f"{kind} {value!r} is a reserved device name on Windows: a checkout there could "
            "not create it; choose another"
        )
    if len(value) > MAX_ID_LENGTH:
        return (
            f"{kind} {value[:20]}… is {len(value)} characters long, over the limit of "
            f"{MAX_ID_LENGTH} (it names files and web pages): shorten it"
        )
    return None


def check_system(
    folder: Path, rubrics: Mapping[str, Rubric]
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
        snapshot, found = check_snapshot(path, rubrics, folder.name)
        problems += found
        if snapshot is not None:
            snapshots.append(snapshot)
    problems += unused_files(folder, PurePosixPath(ASSESSMENTS_DIR, folder.name))
    meta_path = folder / SYSTEM_FILE
    if not meta_path.exists() and not meta_path.is_symlink():
        problems.append(Problem(shown, 1, 1, f"missing {SYSTEM_FILE} (name, owner, target)"))
        return None, problems
    check = FileCheck(meta_path)
    meta = check.parse_valid("system")
    if meta is not None:
        current = rubrics.get(snapshots[-1].rubric) if snapshots else None
        _check_system_meta(check, meta, current)
    problems += check.problems
    if not snapshots and not problems:
        problems.append(Problem(shown, 1, 1, "no snapshot: add one named YYYY-MM-DD.yaml"))
    if problems or meta is None:
        return None, problems
    target_date = meta.get("target_date")
    return (
        System(
            id=folder.name,
            name=meta["name"],
            owner=meta["owner"],
            description=(meta.get("description") or "").strip(),
            snapshots=tuple(sorted(snapshots, key=lambda s: s.date)),
            target_level=meta.get("target_level"),
            target_date=dt.date.fromisoformat(target_date) if target_date else None,
            tags=tuple(meta.get("tags") or ()),
            profile=meta.get("profile"),
            path=shown,
        ),
        [],
    )


def system_folders(root: Path) -> list[Path]:
    folder = root / ASSESSMENTS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _root_files(
    root: Path,
) -> tuple[dict[str, Rubric], dict[str, Any], dict[str, Any], list[Problem]]:
    """The rubrics, mappings and profiles under ``root``, and the problems of every file
    outside the system folders."""
    rubrics, problems = load_rubrics(root)
    mappings, found = _mappings(root, rubrics)
    problems += found
    profiles, found = _profiles(root, rubrics)
    problems += found
    problems += unused_files(root / RUBRICS_DIR, PurePosixPath(RUBRICS_DIR))
    problems += unused_files(root / ASSESSMENTS_DIR, PurePosixPath(ASSESSMENTS_DIR), recursive=False)
    return rubrics, mappings, profiles, problems


class FolderCache:
    """What ``check_system`` found in each folder, kept between builds of ``mkdocs serve``.

    A folder is checked again only when a file in it changed (name, size, modification
    time), or when anything it is checked against did: the rubrics, the day, the limits.
    """

    def __init__(self) -> None:
        self._context: object = None
        self._folders: dict[str, tuple[object, tuple[System | None, list[Problem]]]] = {}

    @staticmethod
    def _signature(folder: Path) -> object:
        try:
            with os.scandir(folder) as entries:
                return tuple(sorted(
                    (e.name, s.st_mtime_ns, s.st_size, s.st_mode)
                    for e in entries for s in (e.stat(),)  # a link: its target's
                ))
        except OSError:
            return None

    def check(self, folder: Path, rubrics: Mapping[str, Rubric]) -> tuple[System | None, list[Problem]]:
        context = (dict(rubrics), dt.date.today(), limits())
        if context != self._context:
            self._context, self._folders = context, {}
        signature = self._signature(folder)
        known = self._folders.get(str(folder))
        if known is not None and signature is not None and known[0] == signature:
            return known[1][0], list(known[1][1])
        result = check_system(folder, rubrics)
        self._folders[str(folder)] = (signature, result)
        return result


def check_root(root: Path, cache: FolderCache | None = None) -> tuple[Portfolio, list[Problem]]:
    """Load everything under ``root``; what is broken is left out and reported.

    With a ``cache`` (``mkdocs serve``), only the system folders that changed since the
    last call are read again."""
    rubrics, mappings, profiles, problems = _root_files(root)
    systems = []
    for folder in system_folders(root):
        system, found = check_system(folder, rubrics) if cache is None else cache.check(folder, rubrics)
        problems += found
        if system is not None:
            systems.append(system)
    problems += _system_profiles(root, systems, profiles)
    campaigns, found = _campaigns(root, systems, rubrics)
    problems += found
    portfolio = Portfolio(
        root=str(root), rubrics=MappingProxyType(rubrics), systems=tuple(systems),
        mappings=MappingProxyType(mappings), profiles=MappingProxyType(profiles),
        campaigns=campaigns,
    )
    return portfolio, problems


def _campaigns(
    root: Path, systems: list[System], rubrics: Mapping[str, Rubric]
) -> tuple[tuple[Campaign, ...], list[Problem]]:
    from maturity.store.asof import resolve_as_of  # campaigns build on this module
    from maturity.store.campaigns import load_campaigns

    return load_campaigns(root, systems, rubrics, resolve_as_of())


def check_each_system(
    root: Path, work: Callable[[Portfolio, System], R] | None = None
) -> tuple[list[R], list[Problem]]:
    """Check everything under ``root`` as ``check_root`` does, on every core when there are
    many system folders, and return ``work``'s result for each valid system (in folder
    order) with every problem. ``work`` gets a portfolio of the rubrics, the mappings and
    that one system; what it returns must be picklable (text, numbers, plain data)."""
    rubrics, mappings, profiles, problems = _root_files(root)

    def one(folder: Path) -> tuple[list[Problem], list[R]]:
        system, found = check_system(folder, rubrics)
        if system is not None:
            found += _system_profiles(root, [system], profiles)
        if system is None or work is None:
            return found, []
        alone = Portfolio(
            root=str(root), rubrics=MappingProxyType(rubrics), systems=(system,),
            mappings=MappingProxyType(mappings), profiles=MappingProxyType(profiles),
        )
        return found, [work(alone, system)]

    results: list[R] = []
    for found, done in map_folders(one, system_folders(root)):
        problems += found
        results += done
    return results, problems


def _mappings(root: Path, rubrics: Mapping[str, Rubric]) -> tuple[dict[str, Any], list[Problem]]:
    from maturity.store.mappings import load_mappings  # mappings build on this module

    return load_mappings(root, rubrics)


def _profiles(root: Path, rubrics: Mapping[str, Rubric]) -> tuple[dict[str, Any], list[Problem]]:
    from maturity.store.profiles import load_profiles  # profiles build on this module

    return load_profiles(root, rubrics)


def _system_profiles(root: Path, systems: Iterable[System], profiles: Mapping[str, Any]) -> list[Problem]:
    from maturity.store.profiles import check_system_profiles

    return check_system_profiles(root, systems, profiles)


def load_portfolio(root: Path | str = ".", cache: FolderCache | None = None) -> Portfolio:
    """Every rubric and system under ``root``; ``InvalidInput`` if anything is broken."""
    root = Path(root)
    require_root(root)
    portfolio, problems = check_root(root, cache)
    if problems:
        raise InvalidInput(problems)
    return portfolio


def load_system(root: Path | str, system_id: str) -> tuple[Portfolio, System]:
    """One system and the rubrics, without reading the other systems."""
    root = Path(root)
    require_root(root)
    folder = root / ASSESSMENTS_DIR / system_id
    if not SLUG.match(system_id) or len(system_id) > MAX_ID_LENGTH or not folder.is_dir():
        known = [p.name for p in system_folders(root)]
        raise NotFound(f"unknown system {system_id!r}{suggest(system_id, known)}")
    rubrics, problems = load_rubrics(root)
    mappings, found = _mappings(root, rubrics)
    problems += found
    profiles, found = _profiles(root, rubrics)
    problems += found
    system, found = check_system(folder, rubrics)
    problems += found
    if system is not None:
        problems += _system_profiles(root, [system], profiles)
    if problems or system is None:
        raise InvalidInput(problems)
    portfolio = Portfolio(root=str(root), rubrics=MappingProxyType(rubrics), systems=(system,),
                          mappings=MappingProxyType(mappings), profiles=MappingProxyType(profiles))
    return portfolio, system
