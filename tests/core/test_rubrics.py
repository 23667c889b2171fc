"""The shipped rubrics are the seeds, word for word, in both directions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maturity.store.rubrics import check_rubric, load_rubrics

SEEDS = Path(__file__).resolve().parents[2] / "rubrics" / "sources"  # verbatim copies of the seeds
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # beside the team's checkout
CHECKLIST_DIMENSIONS = {
    "Data Management": "data",
    "Model Training": "training",
    "Model Versioning and Registry": "versioning",
    "Model Deployment": "deployment",
    "Monitoring and Alerting": "monitoring",
    "Automated Retraining": "retraining",
    "Testing and Validation": "testing",
    "Governance and Compliance": "governance",
    "Infrastructure and DevOps": "infrastructure",
}


def seed_checklist() -> dict[tuple[str, int], list[str]]:
    """{(dimension id, level): [checklist lines]} from the seed's assessment checklist."""
    text = (SEEDS / "mlops-maturity-assessment.md").read_text(encoding="utf-8")
    section = text.split("## MLOps Maturity Assessment Checklist", 1)[1].split("## Maturity Scoring", 1)[0]
    found: dict[tuple[str, int], list[str]] = {}
    dim = ""
    level = -1
    for line in section.splitlines():
        if line.startswith("### "):
            dim = CHECKLIST_DIMENSIONS[line[4:].strip()]
        elif m := re.match(r"\*\*Level (\d)\*\*:", line):
            level = int(m.group(1))
        elif line.startswith("- [ ] "):
            found.setdefault((dim, level), []).append(line[6:].strip())
    return found


@pytest.fixture(scope="module")
def rubrics(repo: Path) -> dict[str, object]:
    loaded, problems = load_rubrics(repo)
    assert problems == []
    return dict(loaded)


def test_google_rubric_is_the_seed_checklist_word_for_word(repo: Path) -> None:
    """Every level 1-3 checklist line is an item at its dimension and level, and nothing else is."""
    rubric, problems = check_rubric(repo / "rubrics" / "google-mlops.yaml")
    assert rubric is not None, problems
    seed = seed_checklist()
    assert len(seed) == 9 * 4
    scored = {k: v for k, v in seed.items() if k[1] > 0}
    in_rubric: dict[tuple[str, int], list[str]] = {}
    for item in rubric.items:
        in_rubric.setdefault((item.dimension, item.level), []).append(item.text)
    assert in_rubric == scored
    for dim in rubric.dimensions:  # level 0 lines are the baseline, described and not scored
        assert list(dim.baseline) == seed[(dim.id, 0)]
    assert [lv.level for lv in rubric.levels] == [0, 1, 2, 3]
    assert rubric.level_info(3).note and "extension" in rubric.level_info(3).note


def test_azure_rubric_items_are_the_diagrams_key_characteristics(repo: Path) -> None:
    """Every scored item is a key characteristic of its level, word for word."""
    rubric, problems = check_rubric(repo / "rubrics" / "azure-mlops.yaml")
    assert rubric is not None, problems
    text = (SEEDS / "mlops-maturity-model-diagram.md").read_text(encoding="utf-8")
    per_level: dict[int, list[str]] = {}
    section = text.split("## Key Characteristics by Level", 1)[1].split("## Progression Path", 1)[0]
    level = -1
    for line in section.splitlines():
        if m := re.match(r"### Level (\d):", line):
            level = int(m.group(1))
        elif line.startswith("- "):
            per_level.setdefault(level, []).append(line[2:].strip())
    assert [lv.level for lv in rubric.levels] == [0, 1, 2, 3, 4]
    for item in rubric.items:
        assert item.text in per_level[item.level], item.id
    # every characteristic of levels 1-4 is either scored or kept as a level description
    for lv, lines in per_level.items():
        if lv == 0:
            continue
        described = set(rubric.level_info(lv).characteristics)
        scored = {i.text for i in rubric.items if i.level == lv}
        assert set(lines) <= scored | described, lv
    assert {d.id for d in rubric.dimensions} == {
        "build-and-tests", "training-automation", "performance-tracking",
        "deployment-automation", "feedback-loop", "governance",
    }


LINT_CASES = [
    ("duplicate item id", "- {id: a.x, level: 2, text: again}", "item id 'a.x' is not unique in the rubric"),
    ("unknown level", "- {id: a.z, level: 7, text: seven}", "item level 7 is not a rubric level"),
    (
        "wrong dimension",
        "- {id: b.z, level: 1, text: other}",
        "item 'b.z' must start with its dimension id 'a'",
    ),
    ("baseline item", "- {id: a.z, level: 0, text: zero}", "level 0 is the baseline and is not scored"),
]

RUBRIC = """\
id: tiny
version: 1
title: Tiny
source: tests
scoring: {{threshold: {threshold}}}
levels:
  - {{level: 0, name: none, summary: none}}
  - {{level: {second}, name: one, summary: one}}
dimensions:
  - id: a
    name: A
    items:
      - {{id: a.x, level: 1, text: x}}
      {extra}
"""


def write_rubric(tmp_path: Path, *, threshold: str = "0.8", second: int = 1, extra: str = "") -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(RUBRIC.format(threshold=threshold, second=second, extra=extra), encoding="utf-8")
    return path


@pytest.mark.parametrize(("case", "extra", "message"), LINT_CASES, ids=[c[0] for c in LINT_CASES])
def test_rubric_lint(tmp_path: Path, case: str, extra: str, message: str) -> None:
    """Each lint rule reports its problem at the item's line (14) in the rubric file."""
    rubric, problems = check_rubric(write_rubric(tmp_path, extra=extra))
    assert rubric is None
    assert [p.message for p in problems if message in p.message], problems
    assert all(p.line == 14 for p in problems if message in p.message)


def test_levels_must_be_contiguous(tmp_path: Path) -> None:
    _, problems = check_rubric(write_rubric(tmp_path, second=2))
    assert any("levels must be contiguous, found [0, 2]" in p.message for p in problems)


@pytest.mark.parametrize(("threshold", "ok"), [("0", False), ("1", True), ("1.5", False), ("0.01", True)])
def test_threshold_lies_in_zero_exclusive_to_one(tmp_path: Path, threshold: str, ok: bool) -> None:
    rubric, problems = check_rubric(write_rubric(tmp_path, threshold=threshold))
    assert (rubric is not None) is ok, problems
    if not ok:
        assert problems[0].line == 5


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="no ../shared/seeds beside this clone to compare with")
def test_vendored_sources_are_the_seeds_byte_for_byte() -> None:
    for seed in sorted(SHARED_SEEDS.glob("*.md")):
        assert (SEEDS / seed.name).read_bytes() == seed.read_bytes(), seed.name
