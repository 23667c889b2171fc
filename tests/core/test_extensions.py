"""Rubric versions and extensions (PRODUCT.md "Versions, extensions and mappings")."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from maturity.store.rubrics import load_rubrics

MATURITY = Path(sys.executable).with_name("maturity")

EXTENSION = """\
id: team-mlops
version: 1
extends: google-mlops@1
title: MLOps at the team
remove: [training.nas, training.automl]
add:
  - {dimension: governance, id: governance.model-risk-review, level: 2, text: "Model risk review"}
scoring: {threshold: 0.75}
"""


def write(root: Path, name: str, text: str) -> Path:
    (root / "rubrics").mkdir(exist_ok=True)
    path = root / "rubrics" / name
    path.write_text(text, encoding="utf-8")
    return path


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MATURITY), "validate", "--root", str(root)], cwd=root,
                          capture_output=True, text=True, check=False, timeout=120)


def test_an_extension_is_its_base_minus_remove_plus_add(tmp_path: Path) -> None:
    write(tmp_path, "team-mlops.yaml", EXTENSION)
    rubrics, problems = load_rubrics(tmp_path)
    assert problems == []
    base, team = rubrics["google-mlops@1"], rubrics["team-mlops@1"]
    ids = {i.id for i in team.items}
    assert ids == ({i.id for i in base.items} - {"training.nas", "training.automl"}) | {
        "governance.model-risk-review"}
    assert team.item("governance.model-risk-review").level == 2
    assert team.title == "MLOps at the team" and team.source == base.source
    assert team.scoring.threshold == Fraction(3, 4)  # given: replaced
    assert team.scoring.partial_credit == base.scoring.partial_credit  # not given: the base's
    assert team.levels == base.levels and team.extends == "google-mlops@1"


def test_an_extension_can_extend_an_extension(tmp_path: Path) -> None:
    write(tmp_path, "team-mlops.yaml", EXTENSION)
    write(tmp_path, "squad-mlops.yaml", "id: squad-mlops\nversion: 1\nextends: team-mlops@1\n"
                                        "remove: [governance.model-risk-review]\n")
    rubrics, problems = load_rubrics(tmp_path)
    assert problems == []
    assert "governance.model-risk-review" not in {i.id for i in rubrics["squad-mlops@1"].items}
    assert rubrics["squad-mlops@1"].scoring.threshold == Fraction(3, 4)


BROKEN = [
    ("remove: [training.nas, training.automl]", "remove: [training.nas, training.automl, training.nass]",
     "remove: [", "remove 'training.nass': no such item in google-mlops@1"),
    ('id: governance.model-risk-review', 'id: governance.policy',
     "governance.policy", "add 'governance.policy': already an item of google-mlops@1"),
    ("{dimension: governance, id: governance.model-risk-review",
     "{dimension: governanse, id: governanse.model-risk-review",
     "dimension: governanse", "add into 'governanse': no such dimension in google-mlops@1"),
    ("extends: google-mlops@1", "extends: google-mlops@9",
     "extends:", "extends 'google-mlops@9', which is no rubric"),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), BROKEN, ids=[b[3][:30] for b in BROKEN])
def test_a_broken_extension_gets_a_positioned_message(
    tmp_path: Path, old: str, new: str, at: str, message: str
) -> None:
    text = EXTENSION.replace(old, new)
    assert text != EXTENSION
    write(tmp_path, "team-mlops.yaml", text)
    result = validate(tmp_path)
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if message in line]
    path, row, _col = line.split(":")[:3]
    assert path.endswith("rubrics/team-mlops.yaml")
    assert at in text.splitlines()[int(row) - 1], line


def test_a_cycle_of_extensions_is_reported_where_it_closes(tmp_path: Path) -> None:
    write(tmp_path, "a-mlops.yaml", "id: a-mlops\nversion: 1\nextends: b-mlops@1\n")
    write(tmp_path, "b-mlops.yaml", "id: b-mlops\nversion: 1\nextends: a-mlops@1\n")
    result = validate(tmp_path)
    assert result.returncode == 1
    assert "extends forms a cycle: a-mlops@1 → b-mlops@1 → a-mlops@1" in result.stdout
    assert ":3:10:" in result.stdout and "Traceback" not in result.stderr


def test_each_version_is_defined_once_and_named_after_its_file(tmp_path: Path) -> None:
    write(tmp_path, "team-mlops.yaml", EXTENSION)
    write(tmp_path, "team-mlops@1.yaml", EXTENSION)
    result = validate(tmp_path)
    assert "rubric team-mlops@1 is defined twice (also in" in result.stdout
    assert "team-mlops@1.yaml:2:" in result.stdout  # at its version
    (tmp_path / "rubrics" / "team-mlops@1.yaml").write_text(EXTENSION.replace("version: 1", "version: 3"))
    result = validate(tmp_path)
    assert "version 3 does not match the file name 'team-mlops@1.yaml'" in result.stdout


def test_old_and_new_versions_load_side_by_side(repo: Path) -> None:
    rubrics, problems = load_rubrics(repo)
    assert not [p for p in problems if "acme" in p.path]
    old, new = rubrics["acme-mlops@1"], rubrics["acme-mlops@2"]
    assert "governance.model-risk-review" in {i.id for i in old.items}
    assert "governance.model-risk-approval" in {i.id for i in new.items}


def test_an_extension_without_a_title_gets_one_that_names_it(tmp_path: Path) -> None:
    write(tmp_path, "team-mlops.yaml", EXTENSION.replace("title: MLOps at the team\n", ""))
    write(tmp_path, "team-mlops@2.yaml", "id: team-mlops\nversion: 2\nextends: team-mlops@1\n")
    rubrics, problems = load_rubrics(tmp_path)
    assert problems == []
    base = rubrics["google-mlops@1"].title
    assert rubrics["team-mlops@1"].title == f"team-mlops: {base}"
    assert rubrics["team-mlops@2"].title == f"team-mlops: {base}"  # a newer version keeps its rubric's name
    assert len({r.title for r in rubrics.values()}) == len({r.id for r in rubrics.values()})
