"""`maturity upgrade`: a new snapshot in another rubric version, through the mapping."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.core.scoring import score_snapshot
from maturity.store.load import load_portfolio
from maturity.store.yamlio import load_text

MATURITY = Path(sys.executable).with_name("maturity")

V1 = """\
id: team-mlops
version: 1
extends: google-mlops@1
remove: [training.nas]
add:
  - {dimension: governance, id: governance.model-risk-review, level: 2, text: "Model risk review"}
"""
V2 = """\
id: team-mlops
version: 2
extends: google-mlops@1
remove: [training.nas, retraining.online-learning, monitoring.data-drift, monitoring.concept-drift]
add:
  - {dimension: governance, id: governance.model-risk-approval, level: 2, text: "Model risk approval"}
  - {dimension: data, id: data.pii-scan, level: 2, text: "Automated PII scan of training data"}
  - {dimension: monitoring, id: monitoring.drift, level: 2, text: "Drift detection (data and concept)"}
"""
MAPPING = """\
from: team-mlops@1
to: team-mlops@2
items:
  governance.model-risk-approval: {all_of: [governance.model-risk-review]}   # renamed
  monitoring.drift: {all_of: [monitoring.data-drift, monitoring.concept-drift]}   # merged
unmapped:
  data.pii-scan: new in version 2
"""
SNAPSHOT = """\
# The team's notes on this assessment stay in the old file.
rubric: team-mlops@1
date: 2026-03-01
assessors: [Ana]
declared:
  governance: 2
answers:
  data.centralized-storage: {status: done, evidence: ["https://e.example/s3"], note: S3}
  governance.model-risk-review: {status: done, evidence: ["https://e.example/mro-1"], note: "MRO-1, passed"}
  monitoring.data-drift: {status: done, evidence: ["https://e.example/psi"]}
  monitoring.concept-drift: {status: todo, note: labels arrive late}
  retraining.online-learning: {status: na, note: forbidden by policy}
  training.automated-pipeline: done
plan:
  - {item: governance.model-risk-review, priority: 1, owner: Risk}
  - {item: retraining.online-learning, priority: 2}
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MATURITY), *args, "--root", str(root)], cwd=root,
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "rubrics" / "mappings").mkdir(parents=True)
    (tmp_path / "rubrics" / "team-mlops@1.yaml").write_text(V1, encoding="utf-8")
    (tmp_path / "rubrics" / "team-mlops.yaml").write_text(V2, encoding="utf-8")
    (tmp_path / "rubrics" / "mappings" / "team-mlops@1--team-mlops@2.yaml").write_text(MAPPING)
    system = tmp_path / "assessments" / "fraud"
    system.mkdir(parents=True)
    (system / "system.yaml").write_text("name: Fraud\nowner: Risk ML\n", encoding="utf-8")
    (system / "2026-03-01.yaml").write_text(SNAPSHOT, encoding="utf-8")
    return tmp_path


def test_an_upgrade_renames_merges_adds_and_drops(root: Path) -> None:
    result = run(root, "upgrade", "fraud", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    path = root / "assessments" / "fraud" / "2026-06-01.yaml"
    assert path.name in result.stdout
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#   ")]
    assert "#   renamed  governance.model-risk-review -> governance.model-risk-approval" in header
    assert "#   merged   monitoring.drift <- all of monitoring.data-drift, monitoring.concept-drift" in header
    assert "#   added    data.pii-scan: new in team-mlops@2, unassessed (empty below)" in header
    dropped = "#   dropped  retraining.online-learning: not in team-mlops@2; its answer (na) is dropped"
    assert dropped in header
    assert "through rubrics/mappings/team-mlops@1--team-mlops@2.yaml" in text
    data = load_text(text, str(path))
    assert data["rubric"] == "team-mlops@2" and data["date"] == "2026-06-01" and data["assessors"] == ["Ana"]
    answers = data["answers"]
    # renamed: the answer as written, evidence and note carried over
    assert answers["governance.model-risk-approval"] == {
        "status": "done", "evidence": ["https://e.example/mro-1"], "note": "MRO-1, passed"}
    assert answers["data.centralized-storage"]["evidence"] == ["https://e.example/s3"]
    assert answers["training.automated-pipeline"] == "done"
    # merged: one done, one todo -> partial, evidence united, a note naming the sources
    drift = answers["monitoring.drift"]
    assert drift["status"] == "partial" and drift["evidence"] == ["https://e.example/psi"]
    assert "monitoring.data-drift (done)" in drift["note"]
    assert "monitoring.concept-drift (todo: labels arrive late)" in drift["note"]
    # new: listed, unassessed, with its text as a comment (as `maturity new` writes it)
    assert answers["data.pii-scan"] is None
    [line] = [line for line in text.splitlines() if line.strip().startswith("data.pii-scan:")]
    assert line.rstrip().endswith("# Automated PII scan of training data")
    assert "retraining.online-learning" not in answers
    assert data["declared"] == {"governance": 2}
    assert data["plan"] == [{"item": "governance.model-risk-approval", "priority": 1, "owner": "Risk"}]
    # the old snapshot is untouched, and both load and score in their own versions
    assert (root / "assessments" / "fraud" / "2026-03-01.yaml").read_text() == SNAPSHOT
    portfolio = load_portfolio(root)
    old, new = portfolio.system("fraud").snapshots
    assert (old.rubric, new.rubric) == ("team-mlops@1", "team-mlops@2")
    assert score_snapshot(portfolio.rubric_for(new), new).dimensions["governance"].tally(2).done >= 1


@pytest.mark.parametrize(
    ("args", "prepare", "message"),
    [
        (["--date", "2026-02-01"], None, "must be on or after the newest one (2026-03-01)"),
        (["--date", "2026-03-01"], None, "is of the same day: an upgrade then replaces it, which is allowed "
                                         "only while git keeps the old one as it was; it is not in a git"),
        (["--date", "2026-06-01", "--to", "team-mlops@1"], None, "is already in team-mlops@1"),
        (["--date", "2026-06-01", "--to", "azure-mlops"], None,
         "no mapping from team-mlops@1 to azure-mlops@1"),
        (["--date", "2026-06-01"], "mappings", "no mapping from team-mlops@1 to team-mlops@2"),
        (["--date", "2026-06-01", "--to", "team-mlops@5"], None, "unknown rubric 'team-mlops@5'"),
    ],
)
def test_an_upgrade_refuses_clearly_and_writes_nothing(
    root: Path, args: list[str], prepare: str | None, message: str
) -> None:
    if prepare == "mappings":
        (root / "rubrics" / "mappings" / "team-mlops@1--team-mlops@2.yaml").unlink()
    before = sorted(p.name for p in (root / "assessments" / "fraud").iterdir())
    result = run(root, "upgrade", "fraud", *args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "assessments" / "fraud").iterdir()) == before


GOOGLE_SNAPSHOT = """\
rubric: google-mlops@1
date: 2026-03-01
assessors: [Ana]
answers:
  data.centralized-storage: {status: done, evidence: ["https://e.example/s3"], note: S3}
  training.nas: {status: na, note: no architecture search here}
  training.automated-pipeline: done
"""


def test_onto_an_extension_needs_no_mapping_file(root: Path) -> None:
    """google-mlops@1 -> team-mlops@1 (which extends it): identity plus the extension's
    remove (dropped) and add (unassessed); and back again."""
    shutil.rmtree(root / "rubrics" / "mappings")
    (root / "assessments" / "fraud" / "2026-03-01.yaml").write_text(GOOGLE_SNAPSHOT, encoding="utf-8")
    result = run(root, "upgrade", "fraud", "--to", "team-mlops@1", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    text = (root / "assessments" / "fraud" / "2026-06-01.yaml").read_text(encoding="utf-8")
    assert "through identity (one rubric extends the other: no mapping file needed)" in text
    data = load_text(text, "upgraded")
    assert data["rubric"] == "team-mlops@1"
    answers = data["answers"]
    assert answers["data.centralized-storage"]["evidence"] == ["https://e.example/s3"]
    assert answers["training.automated-pipeline"] == "done"
    assert "training.nas" not in answers  # removed by the extension: dropped
    assert answers["governance.model-risk-review"] is None  # added by it: unassessed
    assert "#   dropped  training.nas" in text

    back = run(root, "upgrade", "fraud", "--to", "google-mlops@1", "--date", "2026-07-01")
    assert back.returncode == 0, back.stderr
    data = load_text((root / "assessments" / "fraud" / "2026-07-01.yaml").read_text(encoding="utf-8"), "back")
    assert data["rubric"] == "google-mlops@1"
    assert "governance.model-risk-review" not in data["answers"]
    assert data["answers"]["training.nas"] is None  # the base's item: unassessed again
    assert data["answers"]["training.automated-pipeline"] == "done"
    assert run(root, "validate").returncode == 0
    # the crosswalk view uses the same rule: no mapping file, `score --as` works
    assert run(root, "score", "fraud", "--as", "team-mlops@1").returncode == 0


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_a_same_day_upgrade_replaces_the_snapshot_git_keeps(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "assessed")
    path = root / "assessments" / "fraud" / "2026-03-01.yaml"
    result = run(root, "upgrade", "fraud", "--date", "2026-03-01")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert load_text(text, "same day")["rubric"] == "team-mlops@2"
    assert "# It replaces the same day's snapshot in team-mlops@1, which git keeps as it was:" in text
    kept = subprocess.run(["git", "show", "HEAD:assessments/fraud/2026-03-01.yaml"], cwd=root,
                          capture_output=True, text=True, check=True)
    assert kept.stdout == SNAPSHOT  # the old snapshot, as it was
    assert sorted(p.name for p in path.parent.iterdir()) == ["2026-03-01.yaml", "system.yaml"]
    assert run(root, "validate").returncode == 0


def test_a_same_day_upgrade_of_a_snapshot_git_does_not_keep_is_refused(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "assessed")
    path = root / "assessments" / "fraud" / "2026-03-01.yaml"
    changed = SNAPSHOT.replace("assessors: [Ana]", "assessors: [Ana, Bo]")
    path.write_text(changed, encoding="utf-8")
    result = run(root, "upgrade", "fraud", "--date", "2026-03-01")
    assert result.returncode == 2
    assert "has changes git does not have yet" in result.stderr and "commit it first" in result.stderr
    assert path.read_text(encoding="utf-8") == changed
