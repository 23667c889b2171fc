"""TechCorp's customer support chatbot, the seed's worked example, end to end through the CLI.

Golden files hold the whole output of `score`, `gaps` and `roadmap`; regenerate them with
UPDATE_GOLDEN=1 after a deliberate change, and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.core.scoring import score_snapshot
from maturity.store.load import load_portfolio

GOLDEN = Path(__file__).parent / "golden"
SYSTEM = "techcorp-support-chatbot"
MATURITY = Path(sys.executable).with_name("maturity")


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it, from the repository root."""
    return subprocess.run(
        [str(MATURITY), *args], cwd=repo, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("score.txt", ["score", SYSTEM]),
        ("score.json", ["score", SYSTEM, "--format", "json"]),
        ("score.md", ["score", SYSTEM, "--format", "md"]),
        ("explain-deployment.txt", ["score", SYSTEM, "--explain", "--dimension", "deployment"]),
        ("gaps.txt", ["gaps", SYSTEM]),
        ("gaps-target-3.json", ["gaps", SYSTEM, "--target", "3", "--format", "json"]),
        ("roadmap.md", ["roadmap", SYSTEM]),
    ],
)
def test_golden_output(repo: Path, name: str, args: list[str]) -> None:
    """The CLI's output for the seed example is exactly the reviewed golden file."""
    result = run(repo, *args)
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / f"techcorp-{name}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_overall_is_level_1_up_to_2_as_the_seed_concludes(repo: Path) -> None:
    """The seed says "Level 1-2 (transitioning)"; the JSON has the shape PRODUCT.md gives."""
    data = json.loads(run(repo, "score", SYSTEM, "--format", "json").stdout)
    assert data["system"] == SYSTEM
    assert data["date"] == "2026-02-15"
    assert data["rubric"] == "google-mlops@1"
    assert (data["overall"]["level"], data["overall"]["upper"]) == (1, 2)
    assert set(data["dimensions"]) == {
        "data", "training", "versioning", "deployment", "monitoring",
        "retraining", "testing", "governance", "infrastructure",
    }


def test_findings_are_exactly_the_declared_levels_outside_the_computed_range(repo: Path) -> None:
    """A finding for each dimension whose declared level lies outside [level, upper], and only those."""
    data = json.loads(run(repo, "score", SYSTEM, "--format", "json").stdout)
    portfolio = load_portfolio(repo)
    snapshot = portfolio.system(SYSTEM).current
    outside = {
        dim
        for dim, declared in snapshot.declared.items()
        if not data["dimensions"][dim]["level"] <= declared <= data["dimensions"][dim]["upper"]
    }
    assert outside  # the example does overstate some levels
    assert {f["dimension"] for f in data["findings"]} == outside
    for f in data["findings"]:
        assert f["kind"] == "declared-level"
        assert f["declared"] == snapshot.declared[f["dimension"]]
        assert (f["level"], f["upper"]) == (
            data["dimensions"][f["dimension"]]["level"],
            data["dimensions"][f["dimension"]]["upper"],
        )
        assert f["items"], "a finding names the items that explain it"


def test_transcription_follows_the_products_rules(repo: Path) -> None:
    """na answers carry the example's reason; the per-dimension levels of the example are declared."""
    portfolio = load_portfolio(repo)
    snapshot = portfolio.system(SYSTEM).current
    na = {k: a.note for k, a in snapshot.answers.items() if a.status == "na"}
    assert na == {
        "data.feature-store": "not needed for RAG",
        "training.hyperparameter-tuning": "no hyperparameters, using GPT-4 API",
        "training.distributed": "not applicable, no model training",
        "monitoring.fairness": "not applicable for product questions",
    }
    assert dict(snapshot.declared) == {
        "data": 1, "training": 1, "versioning": 2, "deployment": 2, "monitoring": 2,
        "retraining": 1, "testing": 2, "governance": 2, "infrastructure": 2,
    }
    counts = {s: sum(a.status == s for a in snapshot.answers.values()) for s in ("done", "todo")}
    assert counts == {"done": 34, "todo": 13}  # the example's ✅ and the ❌ that are not na
    assert [p.priority for p in snapshot.plan] == [1] * 4 + [2] * 4 + [3] * 3


def test_json_agrees_with_the_library(repo: Path) -> None:
    """The CLI reports what the package computes, dimension by dimension."""
    portfolio = load_portfolio(repo)
    system = portfolio.system(SYSTEM)
    scored = score_snapshot(portfolio.rubric_for(system.current), system.current)
    data = json.loads(run(repo, "score", SYSTEM, "--format", "json").stdout)
    for dim, score in scored.dimensions.items():
        assert (data["dimensions"][dim]["level"], data["dimensions"][dim]["upper"]) == (
            score.level, score.upper,
        )
