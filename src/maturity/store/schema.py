"""The JSON Schemas shipped with the package, and schema errors turned into positioned problems.

jsonschema explains what is wrong, but is slow to say that nothing is: snapshots and
system files, thousands in a large portfolio, are first checked by hand-written code
that accepts only what the schema surely accepts (``surely_valid``). Only a file it
does not accept goes through jsonschema, which finds and words the problems. A test
holds the hand-written checks to the schema files (tests/core/test_schemas.py).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from maturity.core.report import PathPart

if TYPE_CHECKING:  # jsonschema is imported only when a file is not plainly valid
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

SCHEMAS = ("rubric", "system", "assessment", "mapping", "profile", "campaign", "probe", "probe-map",
           "probe-result")


def schema_file(name: str) -> str:
    """The file name of schema ``name``: ``assessment.schema.json``."""
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    """The JSON Schema ``name`` as shipped, for the site and for ``maturity init``."""
    return resources.files("maturity").joinpath(f"schemas/{schema_file(name)}").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    """The parsed JSON Schema ``name`` (one of ``SCHEMAS``)."""
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


def _is_integer(_checker: Any, instance: Any) -> bool:
    """Only a whole number written as one: ``2.0``, ``1e1`` and ``true`` are not integers."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def _is_number(_checker: Any, instance: Any) -> bool:
    """A finite number: ``.nan`` and ``.inf`` are not numbers a rubric can use."""
    if isinstance(instance, bool) or not isinstance(instance, int | float):
        return False
    return not isinstance(instance, float) or math.isfinite(instance)


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema means it (ECMA-262): a final ``$`` is the end of the
    text. Python's ``$`` also matches before a final newline, so ``"demo\\n"`` passed
    ``^[a-z0-9-]+$``: an id with a trailing newline named a folder shadowing a real one."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema import ValidationError

    if isinstance(instance, str) and not _anchored(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _strict() -> type[Validator]:
    from jsonschema import Draft202012Validator, validators

    strict: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator,
        validators={"pattern": _pattern},
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
            {"integer": _is_integer, "number": _is_number}
        ),
    )
    return strict


@cache
def validator(name: str) -> Validator:
    """The schema's validator, with strict integers and finite numbers."""
    return _strict()(schema(name))


def _rejects_kind(error: ValidationError, instance: Any) -> bool:
    """The branch's own top-level type (or string enum) does not take this kind of value."""
    if len(error.relative_schema_path) != 2:
        return False
    return error.validator == "type" or (error.validator == "enum" and not isinstance(instance, str))


def _leaf(error: ValidationError) -> ValidationError:
    """For an ``anyOf``, the error of the branch meant for this kind of value.

    Branches whose top-level ``type`` (or ``enum`` of strings) rejects the value are
    for another kind of value; of the others the first branch's best error is shown.
    """
    while error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        fitting = [
            errs for _, errs in sorted(branches.items())
            if not any(_rejects_kind(e, error.instance) for e in errs)
        ]
        if not fitting:
            return error
        from jsonschema.exceptions import best_match

        error = best_match(fitting[0])
    return error


def _describe(error: ValidationError) -> Iterator[tuple[list[PathPart], str, bool]]:
    """(path, message, point at the key) for one schema error."""
    path: list[PathPart] = list(error.absolute_path)
    kind = error.validator
    rule: Any = error.validator_value
    subschema: Any = error.schema
    instance = error.instance
    name = path[-1] if path else None
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(subschema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
                yield [*path, key], f"unknown key {key!r}{hint}", True
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        if missing == "note" and isinstance(instance, dict) and instance.get("status") == "na":
            yield path, "an 'na' answer needs a note saying why the practice does not apply", False
        else:
            yield path, f"missing required key {missing!r}", False
        return
    if kind == "enum":
        allowed_values = ", ".join(str(v) for v in rule)
        if name == "counts_as":  # a scale answer counts as done, partial or todo
            yield path, f"counts_as {instance!r} is not one of: {allowed_values}", False
        elif instance == "na" and "na" not in rule:
            yield path, "an 'na' answer needs a note: write {status: na, note: why}", False
        else:
            what = "status" if name == "status" or "todo" in rule else "value"
            yield path, f"{what} {instance!r} is not one of: {allowed_values}", False
        return
    if kind == "not" and instance == "na":  # the shorthand cannot carry the note an na needs
        yield path, "an 'na' answer needs a note: write {status: na, note: why}", False
        return
    if kind == "pattern":
        if name == "note":
            yield path, "an 'na' answer needs a note saying why the practice does not apply", False
        elif name in ("date", "target_date", "checked", "until", "deadline"):
            yield path, f"{name} {instance!r} is not a date (YYYY-MM-DD)", False
        elif rule == "\\S":
            yield path, f"{instance!r} is blank: write it out, or leave the entry out", False
        elif isinstance(instance, str) and instance.endswith("\n") and _anchored(str(rule)).search(
            instance.rstrip("\n")
        ):
            yield path, f"{instance!r} ends with a line break: remove it (write the value on one line)", False
        else:
            yield path, f"{instance!r} does not match the expected form {rule}", False
        return
    if kind == "type":
        subject = str(name) if name is not None else "document"
        yield path, f"{subject} must be {_types(rule)}, not {_kind(instance)}", False
        return
    if kind == "anyOf" and "answers" in path:
        yield path, (
            f"{name} must be a status (done, partial, todo), a mapping "
            "{status, evidence, note, checked, until}, or empty (unassessed)"
        ), False
        return
    label = f"{name}: " if isinstance(name, str) else ""
    yield path, f"{label}{error.message}", False


def _types(value: Any) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "empty"}
    values = value if isinstance(value, list) else [value]
    return " or ".join(names.get(str(v), str(v)) for v in values)


def _kind(instance: Any) -> str:
    if instance is None:
        return "empty"
    if isinstance(instance, float):
        if math.isnan(instance):
            return ".nan (not a number)"
        if math.isinf(instance):
            return "infinite (.inf)"
        if instance.is_integer():
            return f"{instance!r} (written with a decimal point or an exponent)"
        return "a number with a fraction"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a whole number",
            float: "a number"}.get(type(instance), type(instance).__name__)


_ANSWER_KEYS = frozenset({"status", "evidence", "note", "checked", "until"})
_STATUSES = frozenset({"done", "partial", "todo", "na"})
_SHORTHANDS = frozenset({"done", "partial", "todo"})
_NOT_BLANK = re.compile(r"\S")


def _plain_answer(raw: Any) -> bool:
    """True only for an answer the schema surely accepts (checked without jsonschema)."""
    if raw is None:
        return True
    if type(raw) is str:
        return raw in _SHORTHANDS
    if type(raw) is not dict or not raw.keys() <= _ANSWER_KEYS:
        return False
    status = raw.get("status")
    if type(status) is not str or status not in _STATUSES:
        return False
    note = raw.get("note")
    if "note" in raw and type(note) is not str:
        return False
    if status == "na" and not (note and _NOT_BLANK.search(note)):
        return False
    for key in ("checked", "until"):
        if key in raw and not (type(raw[key]) is str and _DATE.fullmatch(raw[key])):
            return False
    return "evidence" not in raw or _strings(raw["evidence"])


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _count(value: Any, least: int, most: int) -> bool:
    """A whole number (``True`` is not one) from ``least`` to ``most``."""
    return type(value) is int and least <= value <= most


_ASSESSMENT_KEYS = frozenset({"rubric", "date", "assessors", "summary", "declared", "answers", "plan"})
_PLAN_KEYS = frozenset({"item", "priority", "task", "owner", "effort", "due", "blocker"})
_PLAN_TEXT = ("task", "owner", "effort", "due", "blocker")
_RUBRIC_REF = re.compile(r"[a-z0-9][a-z0-9-]*@[0-9]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SYSTEM_KEYS = frozenset({"name", "owner", "description", "target_level", "target_date", "tags", "profile"})
_PROFILE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _plain_plan_entry(entry: Any) -> bool:
    return (
        type(entry) is dict
        and entry.keys() <= _PLAN_KEYS
        and type(entry.get("item")) is str
        and _count(entry.get("priority"), 1, 1_000_000)
        and all(type(entry[k]) is str for k in _PLAN_TEXT if k in entry)
    )


def _plain_assessment(data: Any) -> bool:
    if type(data) is not dict or not data.keys() <= _ASSESSMENT_KEYS:
        return False
    rubric, date = data.get("rubric"), data.get("date")
    if type(rubric) is not str or not _RUBRIC_REF.fullmatch(rubric):
        return False
    if type(date) is not str or not _DATE.fullmatch(date):
        return False
    if "answers" not in data:
        return False
    answers = data["answers"]
    if answers is not None and not (
        type(answers) is dict and all(_plain_answer(a) for a in answers.values())
    ):
        return False
    if "assessors" in data and not _strings(data["assessors"]):
        return False
    if "summary" in data and type(data["summary"]) is not str:
        return False
    declared = data.get("declared")
    if "declared" in data and not (
        type(declared) is dict and all(_count(v, 0, 100) for v in declared.values())
    ):
        return False
    plan = data.get("plan")
    return "plan" not in data or (type(plan) is list and all(_plain_plan_entry(e) for e in plan))


def _plain_system(data: Any) -> bool:
    if type(data) is not dict or not data.keys() <= _SYSTEM_KEYS:
        return False
    name, owner = data.get("name"), data.get("owner")
    if type(name) is not str or not name or type(owner) is not str or not owner:
        return False
    if "description" in data and type(data["description"]) is not str:
        return False
    if "target_level" in data and not _count(data["target_level"], 0, 100):
        return False
    target_date = data.get("target_date")
    if "target_date" in data and not (type(target_date) is str and _DATE.fullmatch(target_date)):
        return False
    profile = data.get("profile")
    if "profile" in data and not (type(profile) is str and _PROFILE_ID.fullmatch(profile)):
        return False
    tags = data.get("tags")
    blank = type(tags) is not list or any(type(t) is not str or not _NOT_BLANK.search(t) for t in tags)
    return "tags" not in data or not blank


_SURELY_VALID: dict[str, Callable[[Any], bool]] = {
    "assessment": _plain_assessment,
    "system": _plain_system,
}


def surely_valid(name: str, data: Any) -> bool:
    """True only when schema ``name`` surely accepts ``data`` (False: ask jsonschema)."""
    check = _SURELY_VALID.get(name)
    return check is not None and check(data)


def _fast_path(name: str, data: Any) -> Any:
    """The answers take most of the schema's time; plainly valid ones skip jsonschema."""
    if name != "assessment" or not isinstance(data, dict):
        return data
    answers = data.get("answers")
    if isinstance(answers, dict) and all(_plain_answer(a) for a in answers.values()):
        return {**data, "answers": {}}
    return data


def schema_errors(name: str, data: Any) -> Iterator[tuple[list[PathPart], str, bool]]:
    """Every schema problem in ``data``, as (path, message, point at key)."""
    if surely_valid(name, data):
        return
    data = _fast_path(name, data)
    errors = sorted(validator(name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        yield from _describe(_leaf(error))
