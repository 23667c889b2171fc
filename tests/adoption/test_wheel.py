"""Adopting the package without forking it, as a new user does from the README, and
as the new repository's CI then does on a fresh runner:

1. the wheel built from this tree (the session's one wheel, in a local package index:
   ``pip --find-links``) is installed into the user's new virtual environment;
2. ``maturity init`` writes a repository, which becomes a git repository (the upstream)
   and is cloned (the runner's checkout), where the user starts an assessment on a branch;
3. in a second, empty virtual environment (the runner), the pull-request workflow's
   steps run in order: its ``make install`` installs exactly the requirement ``init``
   wrote (``mlops-maturity`` from the local index only, its dependencies from the
   package registry), validates, writes the diff to the job summary and builds the
   site strictly; then the Pages workflow's steps (notebooks, site).

Slow: two environments, one of them with the site and notebook extras.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import maturity
from tests.adoption.tools import REPO, clean_env, run, run_workflow, venv

pytestmark = pytest.mark.slow

MACROS = ("level", "badge", "checklist", "gaps", "roadmap", "heatmap")
PAGE = """---
render_macros: true
---
# Fraud detection: design review

Fraud detection is at {{ level("fraud-detection") }} {{ badge("fraud-detection") }};
the example model at {{ level("example-model") }}.

{{ checklist("fraud-detection", dimension="data") }}

{{ gaps("fraud-detection", target=2) }}

{{ roadmap("example-model") }}

{{ heatmap(rubric="google-mlops", tag="payments") }}
"""
CONTEXT = {"github": {
    "event_name": "pull_request", "base_ref": "main", "ref": "refs/pull/1/merge",
    "repository": "acme/mlops-maturity",
    "event": {"pull_request": {"number": 1, "head": {"repo": {"full_name": "acme/mlops-maturity"}}}},
}}


@dataclass(frozen=True)
class Adopted:
    user: dict[str, str]  # the environment of the user's virtual environment
    ci: dict[str, str]  # the runner's, after the workflow's own `make install`
    ci_venv: Path
    workspace: Path  # the runner's checkout of the pull request
    summary: Path  # $GITHUB_STEP_SUMMARY
    log: list[str]  # what happened to each step of the pull-request workflow


@pytest.fixture(scope="module")
def adopted(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Adopted:
    base = tmp_path_factory.mktemp("adoption")
    env = clean_env(base / "home")
    env["PIP_FIND_LINKS"] = str(wheelhouse)  # the local package index: mlops-maturity comes from here only
    user = venv(base / "user-venv", env)
    run(["python", "-m", "pip", "install", "--quiet", "mlops-maturity"], cwd=base, env=user)

    upstream = base / "mlops-maturity"
    output = run(["maturity", "init", upstream.name], cwd=base, env=user)
    assert "created mlops-maturity/mkdocs.yml" in output
    run(["git", "init", "-q", "-b", "main"], cwd=upstream, env=user)
    run(["git", "add", "-A"], cwd=upstream, env=user)
    run(["git", "commit", "-q", "-m", "maturity init"], cwd=upstream, env=user)
    workspace = base / "runner" / "workspace"
    workspace.parent.mkdir()
    run(["git", "clone", "-q", upstream, workspace], cwd=base, env=user)
    run(["git", "switch", "-q", "-c", "assess/fraud-detection"], cwd=workspace, env=user)
    run(["maturity", "new", "fraud-detection", "--rubric", "google-mlops", "--tag", "payments",
         "--target-level", "2"], cwd=workspace, env=user)
    run(["maturity", "set", "fraud-detection", "data.versioning", "done", "--note", "DVC"],
        cwd=workspace, env=user)
    run(["git", "add", "-A"], cwd=workspace, env=user)
    run(["git", "commit", "-q", "-m", "Assess fraud-detection"], cwd=workspace, env=user)

    ci_venv = base / "runner" / "python"
    ci = venv(ci_venv, env)
    summary = base / "runner" / "summary.md"
    temp = base / "runner" / "temp"
    temp.mkdir()
    ci.update(CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(temp),
              GITHUB_STEP_SUMMARY=str(summary), GITHUB_EVENT_NAME="pull_request")
    log = run_workflow(workspace / ".github" / "workflows" / "pull-request.yml", workspace, ci, CONTEXT)
    return Adopted(user, ci, ci_venv, workspace, summary, log)


def test_the_wheel_is_mlops_maturity_with_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert wheel.name == f"mlops_maturity-{maturity.__version__}-py3-none-any.whl"
    for needed in ("maturity/schemas/assessment.schema.json", "maturity/rubrics/google-mlops.yaml",
                   "maturity/rubrics/azure-mlops.yaml", "maturity/site/templates/system.md",
                   "maturity/site/templates/embed/level.html", "maturity/site/assets/maturity.css",
                   "maturity/store/skeleton/mkdocs.yml",
                   "maturity/store/skeleton/dot-github/workflows/pages.yml",
                   "maturity/store/skeleton/notebooks/system_report.ipynb", "maturity/py.typed"):
        assert needed in names, needed
    metadata = Parser().parsestr(zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
    assert (metadata["Name"], metadata["Version"]) == ("mlops-maturity", maturity.__version__)
    assert {"site", "notebooks", "test"} <= set(metadata.get_all("Provides-Extra"))
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[mkdocs.plugins]" in text and "maturity = maturity.site.plugin:MaturityPlugin" in text
    assert "maturity = maturity.cli:main" in text  # the command keeps its name


def test_init_pins_what_it_was_installed_as(adopted: Adopted) -> None:
    version = run(["maturity", "--version"], cwd=adopted.workspace, env=adopted.user)
    assert version == f"maturity, version {maturity.__version__}\n"
    requirement = (adopted.workspace / "requirements.txt").read_text(encoding="utf-8")
    lines = [line for line in requirement.splitlines() if line and not line.startswith("#")]
    assert lines == [f"mlops-maturity[site,notebooks]=={maturity.__version__}"]


def test_the_pull_request_workflow_runs_on_a_fresh_runner(adopted: Adopted) -> None:
    """Its steps ran in order, the GitHub-only ones skipped, and did what they say."""
    assert adopted.log == [
        "skipped (uses actions/checkout@v4) Check out (full history, for the merge base)",
        "ran Trust the workspace (the container's root does not own it)",
        "ran Install",
        "ran Validate rubrics and assessments",
        "ran Maturity changes",
        "skipped (uses actions/github-script@v7) Comment the changes on the pull request",
        "ran Build the site",
        "ran Build the site with ProperDocs and Zensical (MkDocs' successors)",
    ]
    # `make install` installed the runner's copy from the local index, with the extras
    where = run(["python", "-c", "import maturity, mkdocs, papermill; print(maturity.__file__)"],
                cwd=adopted.workspace, env=adopted.ci)
    assert str(adopted.ci_venv) in where and str(REPO) not in where
    shown = run(["python", "-m", "pip", "show", "mlops-maturity"], cwd=adopted.workspace, env=adopted.ci)
    assert f"Version: {maturity.__version__}" in shown
    summary = adopted.summary.read_text(encoding="utf-8")
    assert "fraud-detection" in summary and "<!-- maturity-diff -->" in summary
    site = adopted.workspace / "site"
    for rel in ("index.html", "portfolio.html", "systems/fraud-detection.html", "review.html",
                "rubrics/google-mlops-v1.html", "schemas/assessment.schema.json",
                "badges/fraud-detection.svg", "assets/maturity/maturity.css", "portfolio.json"):
        assert (site / rel).is_file(), rel
    for engine in ("properdocs", "zensical"):  # the same pages, from MkDocs' successors
        built = adopted.workspace / "build" / f"site-{engine}"
        assert (built / "systems" / "fraud-detection.html").is_file(), engine
        assert (built / "portfolio.json").read_bytes() == (site / "portfolio.json").read_bytes(), engine
    assert "src/" not in (adopted.workspace / "mkdocs.yml").read_text(encoding="utf-8")
    assert not (adopted.workspace / "rubrics" / "google-mlops.yaml").exists()  # built in


def test_the_pages_workflow_runs_its_steps(adopted: Adopted) -> None:
    log = run_workflow(adopted.workspace / ".github" / "workflows" / "pages.yml", adopted.workspace,
                       adopted.ci, {"github": {"event_name": "push", "ref": "refs/heads/main"}})
    assert [line.split(" ", 1)[0] for line in log if line.startswith("ran")] == ["ran"] * 4
    assert "ran Run the analysis notebooks (published under Analysis)" in log
    built = adopted.workspace / "build" / "notebooks"
    assert sorted(p.name for p in built.glob("*.ipynb")) == [
        "portfolio.ipynb", "system_report.ipynb", "trends.ipynb"]
    assert any((adopted.workspace / "site" / "analysis").glob("*.html"))


def test_a_hand_written_page_calls_every_macro(adopted: Adopted) -> None:
    repo, env = adopted.workspace, adopted.ci
    for name in MACROS:
        assert f"{{{{ {name}(" in PAGE
    (repo / "docs" / "design.md").write_text(PAGE, encoding="utf-8")
    try:
        run(["mkdocs", "build", "--strict", "-d", "site-design"], cwd=repo, env=env)
    finally:
        (repo / "docs" / "design.md").unlink()
    site = repo / "site-design"
    page = BeautifulSoup((site / "design.html").read_text(encoding="utf-8"), "html.parser")
    for system in ("fraud-detection", "example-model"):
        score = json.loads(run(["maturity", "score", system, "--format", "json"], cwd=repo, env=env))
        overall = score["overall"]
        span = page.find("span", attrs={"data-system": system})
        assert span is not None, system
        assert (int(span["data-level"]), int(span["data-upper"])) == (overall["level"], overall["upper"])
        assert span.get_text().startswith(f"level {overall['level']}")
    gaps = json.loads(run(["maturity", "gaps", "fraud-detection", "--target", "2", "--format", "json"],
                          cwd=repo, env=env))
    assert int(page.find("p", attrs={"data-embed": "gaps"})["data-needed"]) == gaps["needed"]
    assert [t["data-dimension"] for t in page.find_all("table", attrs={"data-mt": "checklist"})] == ["data"]
    assert page.find(class_="mt-roadmap") is not None
    assert page.find("a", class_="mt-embed-badge") is not None
    heatmap = page.find("table", attrs={"data-mt": "heatmap"})
    rows = heatmap.find_all("tr", attrs={"data-system": True})
    assert [r["data-system"] for r in rows] == ["fraud-detection"]
