"""The shipped JSON Schemas are valid, and describe the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from maturity.store.schema import SCHEMAS, schema, schema_errors
from maturity.store.yamlio import load_file


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(schema(name))


def test_every_shipped_file_matches_its_schema_and_names_it(repo: Path) -> None:
    """Each file validates, and its first line points editors at the right schema."""
    files = [(p, "rubric") for p in (repo / "rubrics").glob("*.yaml")]
    files += [(p, "mapping") for p in (repo / "rubrics" / "mappings").glob("*.yaml")]
    files += [(p, "profile") for p in (repo / "rubrics" / "profiles").glob("*.yaml")]
    for p in (repo / "assessments").glob("*/*.yaml"):
        files.append((p, "system" if p.name == "system.yaml" else "assessment"))
    assert len(files) > 3
    for path, name in files:
        assert list(schema_errors(name, load_file(path))) == [], path
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and f"/{name}.schema.json" in first, path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (repo / "src" / "maturity" / "schemas" / f"{name}.schema.json").resolve(), path


ANSWERS = [
    None, "done", "partial", "todo", "na", "finished", 3, [],
    {"status": "done"}, {"status": "na"}, {"status": "na", "note": " "}, {"status": "na", "note": "why"},
    {"status": "done", "evidence": ["https://x"]}, {"status": "done", "evidence": "https://x"},
    {"status": "done", "evidence": [1]}, {"status": "done", "note": 5}, {"status": "done", "extra": 1},
    {"status": "dnoe"}, {"note": "no status"}, {"status": "partial", "note": "half", "evidence": []},
]


@pytest.mark.parametrize("answer", ANSWERS, ids=[repr(a) for a in ANSWERS])
def test_fast_answer_check_agrees_with_the_schema(answer: object) -> None:
    """Skipping jsonschema for plain answers never hides an error the schema would report."""
    doc = {"rubric": "google-mlops@1", "date": "2026-01-01", "answers": {"data.catalog": answer}}
    full = not Draft202012Validator(schema("assessment")).is_valid(doc)
    fast = bool(list(schema_errors("assessment", doc)))
    assert fast == full


FULL_DOCS = {
    "assessment": {
        "rubric": "google-mlops@1",
        "date": "2026-01-01",
        "assessors": ["Ana"],
        "summary": "text",
        "declared": {"data": 1, "overall": 0},
        "answers": {
            "data.catalog": "done",
            "data.versioning": None,
            "data.lineage": {"status": "na", "note": "why"},
            "training.nas": {"status": "partial", "evidence": ["https://x"], "note": "half",
                             "checked": "2026-01-01"},
            "data.catalog-x": {"status": "na", "note": "why", "until": "2026-06-30"},
        },
        "plan": [{"item": "data.lineage", "priority": 1, "task": "t", "owner": "o", "effort": "e",
                  "due": "d", "blocker": "b"}],
    },
    "system": {
        "name": "n", "owner": "o", "description": "d", "target_level": 2,
        "target_date": "2026-12-31", "tags": ["t"], "profile": "llm-rag",
    },
}
ODD_VALUES: list[object] = [
    None, True, False, 0, 1, -1, 100, 101, 1_000_001, 2.0, 0.5, float("nan"), "", " ", "\u00a0", "x",
    "done", "na", "2026-01-01", "2026-01-01\n", "２０２６-01-01",
    "x@1", "google-mlops@1", [], ["x"], [1], [None], {}, {"a": 1}, {"status": "na"},
]


def _paths(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _mutations(doc: dict[str, object]) -> list[object]:
    """The document with one value replaced, one key removed or one key added, everywhere."""
    import copy

    out: list[object] = []
    for path in _paths(doc):
        for odd in ODD_VALUES:
            changed: object = copy.deepcopy(doc)
            if not path:
                out.append(odd)
                continue
            parent: object = changed
            for part in path[:-1]:
                parent = parent[part]  # type: ignore[index]
            parent[path[-1]] = odd  # type: ignore[index]
            out.append(changed)
        target: object = copy.deepcopy(doc)
        for part in path:
            target = target[part]  # type: ignore[index]
        if isinstance(target, dict):
            for key in list(target):
                smaller = copy.deepcopy(doc)
                holder: object = smaller
                for part in path:
                    holder = holder[part]  # type: ignore[index]
                del holder[key]  # type: ignore[attr-defined]
                out.append(smaller)
            bigger = copy.deepcopy(doc)
            holder = bigger
            for part in path:
                holder = holder[part]  # type: ignore[index]
            holder["unknown"] = "x"  # type: ignore[index]
            out.append(bigger)
    return out


@pytest.mark.parametrize("name", sorted(FULL_DOCS))
def test_hand_written_checks_accept_only_what_the_schema_accepts(name: str) -> None:
    """``surely_valid`` (which lets a file skip jsonschema) never accepts what the schema refuses,
    and takes the plain documents, so that it is used at all."""
    from maturity.store.schema import surely_valid

    full = Draft202012Validator(schema(name))
    assert surely_valid(name, FULL_DOCS[name])
    checked = 0
    for doc in _mutations(FULL_DOCS[name]):
        if surely_valid(name, doc):
            assert full.is_valid(doc), doc
            checked += 1
    assert checked > 10


def test_hand_written_checks_were_written_for_these_schemas() -> None:
    """store/schema.py's ``surely_valid`` mirrors the assessment and system schemas by hand.
    When a schema changes, review those checks, then update the fingerprint here."""
    import hashlib

    from maturity.store.schema import schema as load_schema

    def fingerprint(name: str) -> str:
        return hashlib.sha256(json.dumps(load_schema(name), sort_keys=True).encode()).hexdigest()[:16]

    assert {name: fingerprint(name) for name in ("assessment", "system")} == {
        "assessment": "1dc793882f0fb68d", "system": "46097eef237c1270",
    }
