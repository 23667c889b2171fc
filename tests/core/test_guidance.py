"""Item guidance and evidence hints: optional rubric keys, loaded into the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.store.rubrics import builtin_rubrics, load_rubrics

EXTENSION = """\
id: acme-guided
version: 1
extends: google-mlops@1
title: Guided
add:
  - dimension: governance
    id: governance.model-risk-review
    level: 2
    text: Model risk review before launch
    guidance: Done when a risk review signs off every launch.
    evidence_hint: The signed review.
"""


def test_builtin_items_carry_their_guidance_and_hint() -> None:
    rubric = builtin_rubrics()["google-mlops@1"]
    registry = next(i for i in rubric.items if i.id == "versioning.registry")
    assert registry.guidance is not None and "MLflow runs" not in registry.text
    assert "not a registry" in registry.guidance  # the judgement call: tracked runs are partial
    assert registry.evidence_hint and "registry page" in registry.evidence_hint
    plain = next(i for i in rubric.items if i.id == "data.catalog")
    assert plain.guidance and "partial" in plain.guidance  # each says where partial ends


def test_an_extension_adds_items_with_guidance(tmp_path: Path) -> None:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "acme-guided.yaml").write_text(EXTENSION, encoding="utf-8")
    rubrics, problems = load_rubrics(tmp_path)
    assert problems == []
    item = next(i for i in rubrics["acme-guided@1"].items if i.id == "governance.model-risk-review")
    assert item.guidance == "Done when a risk review signs off every launch."
    assert item.evidence_hint == "The signed review."


def test_empty_guidance_is_refused(tmp_path: Path) -> None:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "acme-guided.yaml").write_text(
        EXTENSION.replace("guidance: Done when a risk review signs off every launch.", 'guidance: ""'),
        encoding="utf-8")
    problems = load_rubrics(tmp_path)[1]
    assert [p.line for p in problems] == [EXTENSION.splitlines().index(
        "    guidance: Done when a risk review signs off every launch.") + 1]


@pytest.mark.parametrize("ref", ["google-mlops@1", "azure-mlops@1"])
def test_every_builtin_item_has_guidance(ref: str) -> None:
    rubric = builtin_rubrics()[ref]
    missing = [i.id for i in rubric.items if not (i.guidance and i.evidence_hint)]
    assert missing == []
