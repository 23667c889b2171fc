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
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import maturity
from tests.adoption.tools import REPO, build_wheel, clean_env, run, run_workflow, venv

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
         "--date", "2026-11-20", "--target-level", "2"], cwd=workspace, env=user)
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


def _recorded(notebook: Path) -> dict[str, object]:
    """What an executed notebook recorded for tests (application/vnd.maturity+json)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("application/vnd.maturity+json")
            if data is not None:
                return dict(data["data"])
    raise AssertionError(f"{notebook} recorded nothing")


def test_the_example_deleted_the_pages_workflow_runs_green(adopted: Adopted, tmp_path: Path) -> None:
    """The team deletes the example system: the Pages workflow's steps (notebooks, strict
    build) still pass, the report notebook picks the system there is, and `init --force`
    does not bring the example back."""
    repo = tmp_path / "team"
    shutil.copytree(adopted.workspace, repo, ignore=shutil.ignore_patterns("site", "site-design", "build"))
    shutil.rmtree(repo / "assessments" / "example-model")
    ci = dict(adopted.ci, GITHUB_WORKSPACE=str(repo))
    log = run_workflow(repo / ".github" / "workflows" / "pages.yml", repo, ci,
                       {"github": {"event_name": "push", "ref": "refs/heads/main"}})
    assert [line for line in log if line.startswith("ran")] == [
        "ran Trust the workspace (the container's root does not own it)", "ran Install",
        "ran Run the analysis notebooks (published under Analysis)", "ran Build the site"]
    built = repo / "build" / "notebooks"
    assert sorted(p.name for p in built.glob("*.ipynb")) == [
        "portfolio.ipynb", "system_report.ipynb", "trends.ipynb"]
    assert _recorded(built / "system_report.ipynb")["system"] == "fraud-detection"
    assert any((repo / "site" / "analysis").glob("*.html"))
    review = (repo / "site" / "review.html").read_text(encoding="utf-8")
    assert 'data-system="fraud-detection"' in review and "example-model" not in review

    output = run(["maturity", "init", "--force", "."], cwd=repo, env=adopted.user)
    assert "example-model" not in output and not (repo / "assessments" / "example-model").exists()


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


NEWER = "99.0.0"


@pytest.fixture(scope="module")
def newer_wheel(pristine_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second wheel, version 99.0.0, built from a copy of this tree with a changed
    snapshot schema, a changed pull-request workflow and a new page in the nav."""
    base = tmp_path_factory.mktemp("newer")
    tree = base / "tree"
    shutil.copytree(pristine_tree, tree)
    package = tree / "src" / "maturity"
    init = package / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(
        f'__version__ = "{maturity.__version__}"', f'__version__ = "{NEWER}"'), encoding="utf-8")
    schema = package / "schemas" / "assessment.schema.json"
    document = json.loads(schema.read_text(encoding="utf-8"))
    document["description"] = "Version 99 of the snapshot schema."
    schema.write_text(json.dumps(document, indent=2), encoding="utf-8")
    skeleton = package / "store" / "skeleton"
    pull = skeleton / "dot-github" / "workflows" / "pull-request.yml"
    pull.write_text(pull.read_text(encoding="utf-8").replace("timeout-minutes: 45", "timeout-minutes: 40"),
                    encoding="utf-8")
    (skeleton / "docs" / "campaigns.md").write_text(
        "---\nrender_macros: true\n---\n# Campaigns\n\n{{ campaign_list() }}\n", encoding="utf-8")
    mkdocs = skeleton / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "  - Review: review.md\n", "  - Review: review.md\n  - Campaigns: campaigns.md\n"), encoding="utf-8")
    return build_wheel(tree, base / "dist", clean_env(base / "home"))


def test_an_upgrade_to_a_newer_wheel(adopted: Adopted, newer_wheel: Path, tmp_path: Path) -> None:
    """pip installs the newer wheel; `init --force .` updates the untouched schema and
    pin, lists the workflow the team changed too (with a diff command that works), adds
    the new page to the team's nav, never recreates what the team deleted; then the
    pull-request workflow runs again on the upgraded branch, installing 99.0.0 from the
    local index. (Runs last: it moves the runner's environment to the newer wheel.)"""
    repo = tmp_path / "team"
    shutil.copytree(adopted.workspace, repo, ignore=shutil.ignore_patterns("site", "site-design", "build"))
    pull = repo / ".github" / "workflows" / "pull-request.yml"
    pull.write_text(pull.read_text(encoding="utf-8") + "# our own step\n", encoding="utf-8")
    mkdocs = repo / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "site_name: MLOps maturity", "site_name: Acme ML maturity  # ours"), encoding="utf-8")
    (repo / ".pre-commit-config.yaml").unlink()
    shutil.rmtree(repo / "assessments" / "example-model")

    user = venv(tmp_path / "venv", adopted.user)
    run(["python", "-m", "pip", "install", "--quiet", newer_wheel], cwd=tmp_path, env=user)
    output = run(["maturity", "init", "--force", "."], cwd=repo, env=user)
    lines = output.splitlines()
    assert "updated schemas/assessment.schema.json (unchanged here: now as in 99.0.0)" in lines
    assert "updated requirements.txt (unchanged here: now as in 99.0.0)" in lines
    assert "created docs/campaigns.md (added to the nav in mkdocs.yml)" in lines
    assert "deleted .pre-commit-config.yaml: deleted here, not recreated" in lines
    differs = next(line for line in lines if line.startswith("differs .github/workflows/pull-request.yml"))
    command = differs.split("compare: ", 1)[1].split()
    assert command[:2] == ["diff", "-u"]
    shown = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert shown.returncode == 1, shown.stderr
    assert "+    timeout-minutes: 40" in shown.stdout and "-# our own step" in shown.stdout
    assert any(line.startswith("differs mkdocs.yml") for line in lines)
    assert f"upgraded from {maturity.__version__} to 99.0.0" in output
    assert not (repo / "assessments" / "example-model").exists()
    assert not (repo / ".pre-commit-config.yaml").exists()
    assert "mlops-maturity[site,notebooks]==99.0.0" in (repo / "requirements.txt").read_text(encoding="utf-8")
    assert "Version 99" in (repo / "schemas" / "assessment.schema.json").read_text(encoding="utf-8")
    config = mkdocs.read_text(encoding="utf-8")
    assert "site_name: Acme ML maturity  # ours" in config and "  - Campaigns: campaigns.md\n" in config

    run(["git", "add", "-A"], cwd=repo, env=user)
    assert ".maturity/new/" not in run(["git", "status", "--short"], cwd=repo, env=user)  # ignored
    run(["git", "commit", "-q", "-m", "maturity init --force . (99.0.0)"], cwd=repo, env=user)
    ci = dict(adopted.ci, PIP_FIND_LINKS=str(newer_wheel.parent), GITHUB_WORKSPACE=str(repo),
              GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))
    log = run_workflow(repo / ".github" / "workflows" / "pull-request.yml", repo, ci, CONTEXT)
    assert [line for line in log if line.startswith("ran")] == [
        line for line in adopted.log if line.startswith("ran")]
    shown = run(["python", "-m", "pip", "show", "mlops-maturity"], cwd=repo, env=ci)
    assert "Version: 99.0.0" in shown
    home = BeautifulSoup((repo / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(a.get("href", "").endswith("campaigns.html") for a in home.select("nav a"))
    assert "fraud-detection" in (repo / "site" / "review.html").read_text(encoding="utf-8")
