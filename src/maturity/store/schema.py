"""The JSON Schemas shipped with the package, and schema errors turned into positioned problems."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

from maturity.store.yamlio import PathPart

SCHEMAS = ("rubric", "system", "assessment", "mapping", "profile")


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


_STRICT: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_integer, "number": _is_number}
    ),
)


@cache
def validator(name: str) -> Validator:
    """The schema's validator, with strict integers and finite numbers."""
    return _STRICT(schema(name))


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
        if instance == "na" and "na" not in rule:
            yield path, "an 'na' answer needs a note: write {status: na, note: why}", False
        else:
            what = "status" if name == "status" or "todo" in rule else "value"
            yield path, f"{what} {instance!r} is not one of: {allowed_values}", False
        return
    if kind == "pattern":
        if name == "note":
            yield path, "an 'na' answer needs a note saying why the practice does not apply", False
        elif name in ("date", "target_date", "checked", "until", "deadline"):
            yield path, f"{name} {instance!r} is not a date (YYYY-MM-DD)", False
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


def _plain_answer(raw: Any) -> bool:
    """True only for an answer the schema surely accepts (checked without jsonschema)."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw in ("done", "partial", "todo")
    if not isinstance(raw, dict) or not raw.keys() <= _ANSWER_KEYS or raw.get("status") not in _STATUSES:
        return False
    note = raw.get("note")
    if "note" in raw and not isinstance(note, str):
        return False
    if raw["status"] == "na" and not (isinstance(note, str) and note.strip()):
        return False
    if any(key in raw and not isinstance(raw[key], str) for key in ("checked", "until")):
        return False  # their form (YYYY-MM-DD, a real date) is the loader's check
    evidence = raw.get("evidence", [])
    return isinstance(evidence, list) and all(isinstance(e, str) for e in evidence)


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
    data = _fast_path(name, data)
    errors = sorted(validator(name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        yield from _describe(_leaf(error))
