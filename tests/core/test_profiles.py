"""Profiles (rubrics/profiles/<id>.yaml), `new --profile`, and the na-share finding."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from maturity.core.scoring import score_snapshot
from maturity.store.load import load_portfolio
from maturity.store.yamlio import load_text

from .helpers import answer_level, rubric, snapshot

MATURITY = Path(sys.executable).with_name("maturity")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MATURITY), *args, "--root", str(root)], cwd=root,
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture
def root(tmp_path: Path, repo: Path) -> Path:
    shutil.copytree(repo / "rubrics", tmp_path / "rubrics", symlinks=False)
    (tmp_path / "assessments").mkdir()
    return tmp_path


def test_new_with_a_profile_fills_its_na_answers(root: Path) -> None:
    result = run(root, "new", "docs-bot", "--profile", "llm-rag", "--date", "2026-11-20")
    assert result.returncode == 0, result.stderr
    profile = load_portfolio(root).profiles["llm-rag"]
    folder = root / "assessments" / "docs-bot"
    data = load_text((folder / "2026-11-20.yaml").read_text(encoding="utf-8"), "x")
    assert data["rubric"] == profile.rubric
    until = (dt.date(2026, 11, 20) + dt.timedelta(days=profile.valid_days or 0)).isoformat()
    na = {i: a for i, a in data["answers"].items() if a is not None}
    assert set(na) == set(profile.na)
    for item_id, answer in na.items():
        assert answer == {"status": "na", "note": profile.na[item_id], "until": until}
    assert "profile: llm-rag" in (folder / "system.yaml").read_text(encoding="utf-8")
    assert run(root, "validate").returncode == 0
    scored = json.loads(run(root, "score", "docs-bot", "--format", "json").stdout)
    assert scored["profile"] == {"id": "llm-rag", "beyond": []}


def test_na_answers_beyond_the_profile_are_named(repo: Path) -> None:
    result = subprocess.run([str(MATURITY), "score", "policy-qa-assistant", "--format", "json"],
                            cwd=repo, capture_output=True, text=True, check=False, timeout=120)
    assert json.loads(result.stdout)["profile"] == {"id": "llm-rag", "beyond": ["retraining.online-learning"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "llm-ra"], "unknown profile 'llm-ra' (did you mean 'llm-rag'?)"),
        (["--profile", "llm-rag", "--rubric", "azure-mlops"], "profile 'llm-rag' is for google-mlops@1"),
        ([], "name the rubric (--rubric ID) or a profile (--profile ID)"),
    ],
)
def test_new_refuses_a_wrong_profile(root: Path, args: list[str], message: str) -> None:
    result = run(root, "new", "docs-bot", *args)
    assert result.returncode != 0 and message in result.stderr
    assert not (root / "assessments" / "docs-bot").exists()


def test_a_wrong_profile_gets_a_positioned_message(root: Path) -> None:
    path = root / "rubrics" / "profiles" / "llm-rag.yaml"
    text = path.read_text(encoding="utf-8").replace("  training.nas:", "  training.nass:")
    path.write_text(text, encoding="utf-8")
    assert run(root, "new", "bot", "--rubric", "google-mlops", "--date", "2026-11-20").returncode == 0
    system_yaml = root / "assessments" / "bot" / "system.yaml"
    system_yaml.write_text(system_yaml.read_text() + "profile: rag\n", encoding="utf-8")
    out = run(root, "validate").stdout
    line = next(x for x in out.splitlines() if "unknown item 'training.nass'" in x)
    assert "training.nass:" in text.splitlines()[int(line.split(":")[1]) - 1]
    line = next(x for x in out.splitlines() if "unknown profile 'rag'" in x)
    assert line.startswith("assessments/bot/system.yaml:") or "/assessments/bot/system.yaml:" in line
    assert system_yaml.read_text().splitlines()[int(line.split(":")[1]) - 1] == "profile: rag"


def test_na_share_is_a_finding_above_the_rubrics_limit_exactly() -> None:
    """2 na of 5 is 40 %: a finding above 1/3, none at exactly 2/5."""
    base = rubric({"a": {1: 5}, "b": {1: 5}})
    answers = answer_level("a", 1, ["na", "na", "done", "done", "done"]) | answer_level("b", 1, ["done"] * 5)
    for limit, dims in ((Fraction(1, 3), {"a"}), (Fraction(2, 5), set())):
        r = dataclasses.replace(base, scoring=dataclasses.replace(base.scoring, max_na_share=limit))
        found = [f for f in score_snapshot(r, snapshot(answers)).findings if f.kind == "na-share"]
        assert {f.dimension for f in found} == dims
        for f in found:
            assert f.items == ("a.l1-1", "a.l1-2") and "2 of 5 items are na" in f.message
    no_limit = score_snapshot(base, snapshot(answers)).findings
    assert not [f for f in no_limit if f.kind == "na-share"]
