"""The shipped crosswalk google-mlops@1 → azure-mlops@1: checked both ways, used by `score --as`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.core.mapping import as_rubric
from maturity.core.scoring import score_snapshot
from maturity.store.load import load_portfolio

MATURITY = Path(sys.executable).with_name("maturity")
CROSSWALK = Path("rubrics/mappings/google-mlops@1--azure-mlops@1.yaml")
TECHCORP = "techcorp-support-chatbot"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)],
        cwd=root, capture_output=True, text=True, check=False, timeout=120,
    )


def test_every_azure_item_is_accounted_for(repo: Path) -> None:
    """Mapped, or deliberately unmapped with a reason: no azure item is forgotten."""
    portfolio = load_portfolio(repo)
    mapping = portfolio.mappings["google-mlops@1--azure-mlops@1"]
    azure = portfolio.rubrics["azure-mlops@1"]
    assert not mapping.identity
    assert {i.id for i in azure.items} == set(mapping.items) | set(mapping.unmapped)
    assert all(reason.strip() for reason in mapping.unmapped.values())


def test_techcorp_in_the_azure_model(repo: Path) -> None:
    """The defence in docs/crosswalk.md: level 2, with Build and Tests complete at 1."""
    result = run(repo, "score", TECHCORP, "--as", "azure-mlops", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rubric"] == "azure-mlops@1"
    assert data["via"] == "google-mlops@1--azure-mlops@1"
    assert data["assessed"] == "google-mlops@1"
    assert (data["overall"]["level"], data["overall"]["upper"]) == (2, 2)
    assert data["dimensions"]["build-and-tests"]["complete"] is True
    assert data["dimensions"]["deployment-automation"]["level"] == 0
    assert data["findings"] == []  # google's declared levels name google dimensions


def test_score_as_the_snapshots_own_rubric_is_plain_scoring(repo: Path) -> None:
    plain = json.loads(run(repo, "score", TECHCORP, "--format", "json").stdout)
    same = json.loads(run(repo, "score", TECHCORP, "--as", "google-mlops@1", "--format", "json").stdout)
    assert same == plain and "via" not in same


def test_text_says_it_went_through_the_crosswalk(repo: Path) -> None:
    result = run(repo, "score", TECHCORP, "--as", "azure-mlops@1")
    assert result.returncode == 0, result.stderr
    assert "via the crosswalk google-mlops@1--azure-mlops@1" in result.stdout
    assert "target level" not in result.stdout  # the system's target is a google level


@pytest.mark.parametrize(
    ("system", "ref", "message"),
    [
        ("hotel-search-ranking", "google-mlops", "no mapping from azure-mlops@1 to google-mlops@1"),
        (TECHCORP, "azure-mlops@7", "unknown rubric 'azure-mlops@7'"),
    ],
)
def test_score_as_refuses_clearly(repo: Path, system: str, ref: str, message: str) -> None:
    result = run(repo, "score", system, "--as", ref)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_derived_answers_carry_evidence(repo: Path) -> None:
    portfolio = load_portfolio(repo)
    system = portfolio.system(TECHCORP)
    seen = as_rubric(portfolio, system.current, "azure-mlops")
    canary = seen.snapshot.answers["deployment-automation.canary-blue-green"]
    sources = [system.current.answers[i] for i in ("deployment.fully-automated", "deployment.canary")]
    assert set(canary.evidence) == {e for a in sources for e in a.evidence}
    assert canary.note is not None and "deployment.canary" in canary.note
    assert score_snapshot(seen.rubric, seen.snapshot).overall.level == 2


BROKEN = [
    # (text to replace, replacement, where the message points, message)
    ("build-and-tests.code-cicd: {all_of: [infrastructure.basic-cicd]}",
     "build-and-tests.code-cicd: {all_of: [infrastructure.basic-cicdd]}",
     "infrastructure.basic-cicdd", "unknown item 'infrastructure.basic-cicdd' in the source rubric"),
    ("build-and-tests.code-cicd: {all_of:",
     "build-and-tests.code-cid: {all_of:",
     "build-and-tests.code-cid", "unknown item 'build-and-tests.code-cid' in the target rubric"),
    ("  build-and-tests.code-cicd: {all_of: [infrastructure.basic-cicd]}\n", "",
     "items:", "target item 'build-and-tests.code-cicd' is not accounted for"),
    ("to: azure-mlops@1", "to: azure-mlops@2", "to:", "unknown rubric 'azure-mlops@2'"),
    ("  deployment-automation.zero-downtime: >-",
     "  build-and-tests.app-tests: x\n  deployment-automation.zero-downtime: >-",
     "build-and-tests.app-tests: x", "is both mapped under items and listed as unmapped"),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), BROKEN, ids=[b[3][:40] for b in BROKEN])
def test_a_broken_mapping_gets_a_positioned_message(
    example_root: Path, old: str, new: str, at: str, message: str
) -> None:
    path = example_root / CROSSWALK
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    result = run(example_root, "validate")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if message in line]
    assert len(lines) == 1, result.stdout
    line_no = int(lines[0].split(":")[1])
    assert at in text.splitlines()[line_no - 1], (lines[0], text.splitlines()[line_no - 1])


def test_a_mapping_file_is_named_after_its_direction(example_root: Path) -> None:
    path = example_root / CROSSWALK
    path.rename(path.with_name("google-to-azure.yaml"))
    result = run(example_root, "validate")
    assert result.returncode == 1
    assert "is named google-mlops@1--azure-mlops@1.yaml, not google-to-azure.yaml" in result.stdout


def test_the_crosswalk_page_lists_every_azure_item_with_its_sources(repo: Path) -> None:
    """docs/rubrics/crosswalk.md says what the mapping file says, row by row."""
    portfolio = load_portfolio(repo)
    mapping = portfolio.mappings["google-mlops@1--azure-mlops@1"]
    page = (repo / "docs" / "rubrics" / "crosswalk.md").read_text(encoding="utf-8")
    rows = {line.split("`")[1]: line for line in page.splitlines() if line.startswith("| `")}
    assert set(rows) == {i.id for i in portfolio.rubrics["azure-mlops@1"].items}
    for target, derivation in mapping.items.items():
        cells = rows[target].split(" | ")
        assert [s.split("`")[1] for s in cells[1].split("<br>") if "`" in s] == list(derivation.sources)
        assert ("all of" in cells[1] or "any of" in cells[1]) is (len(derivation.sources) > 1)
        if len(derivation.sources) > 1:
            assert derivation.rule.replace("_", " ") in cells[1]
    for target in mapping.unmapped:
        assert "unmapped" in rows[target]
    level = score_snapshot(*_techcorp_azure(repo)).overall.level
    assert f"gives **level {level}**" in page


def _techcorp_azure(repo: Path) -> tuple:  # type: ignore[type-arg]
    portfolio = load_portfolio(repo)
    seen = as_rubric(portfolio, portfolio.system(TECHCORP).current, "azure-mlops")
    return seen.rubric, seen.snapshot


def test_the_portfolio_and_trends_analyses_translate_the_other_models_systems(repo: Path) -> None:
    """The notebooks' rubric parameter: google-mlops systems join the azure-mlops view
    through the crosswalk instead of being left out."""
    import datetime as dt

    from maturity.core import analysis

    portfolio = load_portfolio(repo)
    azure = portfolio.rubrics["azure-mlops@1"]
    view = analysis.portfolio_view(portfolio, azure, dt.date(2026, 11, 23))
    rows = {r.system.id: r for r in view.rows}
    assert "techcorp-support-chatbot" in rows and "hotel-search-ranking" in rows
    assert rows["techcorp-support-chatbot"].score.overall.level == 2  # as `score --as` says
    # acme-mlops, ml-test-readiness and mlops-grid have no mapping into azure
    no_mapping = {"claims-triage", "delivery-eta", "shelf-vision"}
    assert set(view.skipped) == no_mapping
    trends = analysis.trends(portfolio, portfolio.systems, None, azure)
    assert set(trends.skipped) == no_mapping
