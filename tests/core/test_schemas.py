"""The shipped JSON Schemas are valid, and describe the shipped files."""

from __future__ import annotations

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
