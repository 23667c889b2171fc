"""The rules of a snapshot and of a system's metadata beyond their schemas.

They run even when the schema found problems, on the parts that have the right
shape, so that one run reports every problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, cast

from maturity.core import methods
from maturity.core.calendar import date_or_none, date_problem, parse_date
from maturity.core.links import (
    code_location,
    credentials_problem,
    evidence_kind,
    path_problem,
    without_credentials,
)
from maturity.core.lookup import suggest
from maturity.core.model import (
    Answer,
    PlanEntry,
    Rubric,
    Snapshot,
    Status,
    System,
    visible_text,
)
from maturity.core.report import Report, as_mapping, as_sequence, check_visible
from maturity.core.repository import repository_from, url_problem

OVERALL = "overall"


def latest_allowed_date(today: dt.date) -> dt.date:
    """The newest date a snapshot may have: tomorrow (a team a time zone ahead is not wrong)."""
    return today + dt.timedelta(days=1)


def answer(item_id: str, raw: Any) -> Answer | None:
    """The answer of a checked snapshot's ``answers:`` entry (``None`` for an empty one)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return Answer(item=item_id, status=cast(Status, raw))
    return Answer(
        item=item_id,
        status=raw["status"],
        evidence=tuple(raw.get("evidence") or ()),
        note=(raw.get("note") or "").strip() or None,
        checked=date_or_none(raw.get("checked", "")),
        until=date_or_none(raw.get("until", "")),
        source=raw.get("source"),
        probes=tuple(raw.get("probes") or ()),
        commit=raw.get("commit"),
    )


def _check_answer_dates(report: Report, item_id: str, answer: dict[str, Any], today: dt.date | None) -> None:
    """``checked`` and ``until`` are real dates, ``checked`` not in the future (evidence
    "checked" next year would never expire); ``until`` belongs to an ``na``."""
    for key in ("checked", "until"):
        value = answer.get(key)
        wrong = date_problem(key, value) if isinstance(value, str) else None
        if wrong:
            report.add(["answers", item_id, key], wrong)
    checked = date_or_none(answer.get("checked"))
    if today is not None and checked is not None and checked > latest_allowed_date(today):
        report.add(["answers", item_id, "checked"],
                   f"checked {checked} is in the future (today is {today}): give the day the "
                   "evidence was last confirmed")
    if "until" in answer and answer.get("status") != "na":
        report.add(
            ["answers", item_id, "until"],
            "until applies to an 'na' answer only (how long it does not apply)",
            key=True,
        )


def check_snapshot_data(
    report: Report, data: Any, rubrics: Mapping[str, Rubric], today: dt.date | None
) -> Rubric | None:
    """A snapshot beyond its schema, on the day ``today`` (``None``: the day is not known,
    no date is in the future); the rubric it names, if known."""
    data = as_mapping(data)
    date_text = data.get("date")
    if isinstance(date_text, str):
        when = date_or_none(date_text)
        if when is None:
            report.add(["date"], date_problem("date", date_text) or "not a date")
        elif today is not None and when > latest_allowed_date(today):
            report.add(
                ["date"],
                f"date {date_text} is in the future (today is {today}): "
                "date a snapshot on the day it was assessed",
            )
        elif f"{date_text}.yaml" != report.name:
            report.add(["date"], f"date {date_text} does not match the file name {report.name}")
    ref = data.get("rubric")
    if not isinstance(ref, str):
        return None
    rubric = rubrics.get(ref)
    if rubric is None:
        known = ", ".join(sorted(rubrics)) or "none"
        report.add(["rubric"], f"unknown rubric {ref!r} (known: {known})")
        return None
    item_ids = rubric.item_ids
    for item_id, raw in as_mapping(data.get("answers")).items():
        if item_id not in item_ids:
            report.add(
                ["answers", item_id],
                f"unknown item {item_id!r} in rubric {rubric.ref}{suggest(str(item_id), item_ids)}",
                key=True,
            )
            continue
        given = as_mapping(raw)
        status = raw if isinstance(raw, str) else given.get("status")
        if isinstance(status, str) and (
            wrong := methods.status_problem(rubric, item_id, status, isinstance(raw, str))
        ):
            report.add(["answers", item_id] if isinstance(raw, str) else ["answers", item_id, "status"],
                       wrong)
        _check_answer_dates(report, item_id, given, today)
        note = given.get("note")
        if given.get("status") == "na" and isinstance(note, str) and note.strip() and not visible_text(note):
            report.add(
                ["answers", item_id, "note"],
                "an 'na' answer needs a note saying why the practice does not apply "
                "(this one has no visible text)",
            )
        probed = given.get("source") == "probe"
        for index, link in enumerate(as_sequence(given.get("evidence"))):
            if not isinstance(link, str) or (probed and code_location(link) is not None):
                continue  # a probe's path:line is a line of the system's code, not of this repository
            shown = without_credentials(link)  # a password is never repeated in a message
            if evidence_kind(link) is None:
                report.add(
                    ["answers", item_id, "evidence", index],
                    f"evidence {shown!r} must be an http(s) link or a relative path",
                )
            elif wrong := path_problem(link) or credentials_problem(link):
                report.add(["answers", item_id, "evidence", index], f"evidence {shown!r} {wrong}")
    _check_grid(report, data, rubric)
    dims = {d.id for d in rubric.dimensions} | {OVERALL}
    for dim_id, level in as_mapping(data.get("declared")).items():
        if dim_id not in dims:
            report.add(
                ["declared", dim_id],
                f"unknown dimension {dim_id!r} in rubric {rubric.ref}{suggest(str(dim_id), dims)}",
                key=True,
            )
        elif isinstance(level, int) and not rubric.min_level <= level <= rubric.max_level:
            report.add(
                ["declared", dim_id],
                f"declared level {level} is outside the rubric's levels "
                f"{rubric.min_level}–{rubric.max_level}",
            )
    for index, entry in enumerate(as_sequence(data.get("plan"))):
        item = as_mapping(entry).get("item")
        if isinstance(item, str) and item not in item_ids:
            report.add(
                ["plan", index, "item"],
                f"unknown item {item!r} in rubric {rubric.ref}{suggest(item, item_ids)}",
            )
    return rubric


def _check_grid(report: Report, data: Mapping[str, Any], rubric: Rubric) -> None:
    """``grid:`` and ``grid_notes:`` (their evidence as any answer's)."""
    for parts, message in methods.grid_problems(rubric, data):
        report.add(parts, message, key=len(parts) == 2 and "unknown dimension" in message)
    for dim_id, note in as_mapping(data.get("grid_notes")).items():
        for index, link in enumerate(as_sequence(as_mapping(note).get("evidence"))):
            if not isinstance(link, str):
                continue
            shown = without_credentials(link)  # a password is never repeated in a message
            if evidence_kind(link) is None:
                report.add(["grid_notes", dim_id, "evidence", index],
                           f"evidence {shown!r} must be an http(s) link or a relative path")
            elif wrong := path_problem(link) or credentials_problem(link):
                report.add(["grid_notes", dim_id, "evidence", index], f"evidence {shown!r} {wrong}")
    if rubric.method == "grid" and "answers" not in data and "grid" not in data:
        report.add([], "missing required key 'grid' (the level of each dimension)")


def build_snapshot(
    system_id: str, data: dict[str, Any], shown: str, rubric: Rubric | None = None
) -> Snapshot:
    """The snapshot of checked data read from ``shown`` (scale answers classified by
    ``rubric``'s scale when it is given)."""
    grid, grid_notes = methods.grid_from(data)
    snapshot = _answers_snapshot(system_id, data, shown)
    if grid or grid_notes:
        snapshot = dataclasses.replace(snapshot, grid=grid, grid_notes=grid_notes)
    return snapshot if rubric is None else methods.classify(rubric, snapshot)


def _answers_snapshot(system_id: str, data: dict[str, Any], shown: str) -> Snapshot:
    answers = {}
    for item_id, raw in (data.get("answers") or {}).items():
        found = answer(item_id, raw)
        if found is not None:
            answers[item_id] = found
    return Snapshot(
        system=system_id,
        date=parse_date(data["date"]),
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


def check_system_meta(report: Report, data: dict[str, Any], rubric: Rubric | None) -> None:
    """A ``system.yaml`` beyond its schema, against the rubric of its newest snapshot."""
    check_visible(report, data, [("name",), ("owner",)])
    if "target_date" in data and (wrong := date_problem("target_date", data["target_date"])):
        report.add(["target_date"], wrong)
    repository = data.get("repository")
    url = repository.get("url") if isinstance(repository, dict) else repository
    wrong = url_problem(url) if isinstance(url, str) else None
    if wrong:
        report.add(["repository", "url"] if isinstance(repository, dict) else ["repository"], wrong)
    level = data.get("target_level")
    if rubric is not None and level is not None and not (
        rubric.min_level <= level <= rubric.max_level
    ):
        report.add(
            ["target_level"],
            f"target level {level} is outside the levels of {rubric.ref} "
            f"({rubric.min_level}–{rubric.max_level})",
        )


def build_system(
    system_id: str, meta: dict[str, Any], snapshots: Sequence[Snapshot], shown: str
) -> System:
    """The system of a checked ``system.yaml`` and its checked snapshots."""
    target_date = meta.get("target_date")
    return System(
        id=system_id,
        name=meta["name"],
        owner=meta["owner"],
        description=(meta.get("description") or "").strip(),
        snapshots=tuple(sorted(snapshots, key=lambda s: s.date)),
        target_level=meta.get("target_level"),
        target_date=parse_date(target_date) if target_date else None,
        tags=tuple(meta.get("tags") or ()),
        profile=meta.get("profile"),
        repository=repository_from(meta.get("repository")),
        path=shown,
    )
