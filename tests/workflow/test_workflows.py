"""The GitHub workflows, the pre-commit hook, CODEOWNERS and the editor set-up."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load

from maturity.store.yamlio import load_file

from .portfolios import REPO, baseline_answers, maturity, new_root, real_rubric, write_snapshot

WORKFLOWS = REPO / ".github" / "workflows"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
PR_WORKFLOW = WORKFLOWS / "pull-request.yml"
PAGES_WORKFLOW = WORKFLOWS / "pages.yml"


def _check_workflow(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its vendored GitHub workflow schema (no network needed)."""
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in _steps(workflow))


def _uses(workflow: dict[str, Any]) -> list[str]:
    return [str(step["uses"]).split("@")[0] for step in _steps(workflow) if "uses" in step]


@pytest.mark.parametrize("path", [PR_WORKFLOW, PAGES_WORKFLOW], ids=lambda p: p.name)
def test_workflow_is_valid_for_github_actions(path: Path) -> None:
    result = _check_workflow(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check above is not vacuous: a job without runs-on, a bad key, is refused."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    stepz:\n      - run: make test\n", encoding="utf-8")
    assert _check_workflow(broken).returncode != 0


def test_pull_request_workflow_validates_tests_and_reports_the_diff() -> None:
    """The same Makefile targets CI runs here (.ci/run runs `make test`), then the diff."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
    workflow = load_file(PR_WORKFLOW)
    assert "pull_request" in workflow["on"]
    runs = _runs(workflow)
    assert re.search(r"^make test$", runs, re.M)
    assert re.search(r"^make validate$", runs, re.M)
    assert "maturity diff --base" in runs and "--format md" in runs
    assert "$GITHUB_STEP_SUMMARY" in runs
    assert 'safe.directory "$GITHUB_WORKSPACE"' in runs
    (job,) = workflow["jobs"].values()
    assert job["container"].startswith("python:3.11")
    checkout = next(s for s in _steps(workflow) if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the merge base needs the history
    assert workflow["permissions"]["pull-requests"] == "write"
    comment = next(s for s in _steps(workflow) if str(s.get("uses", "")).startswith("actions/github-script@"))
    assert "head.repo.full_name == github.repository" in comment["if"]  # no comment from forks
    assert "<!-- maturity-diff -->" in comment["with"]["script"]
    order = [s.get("run", s.get("uses", "")) for s in _steps(workflow)]
    assert order.index("make install") < order.index("make validate") < order.index("make test")


def test_comment_script_is_valid_javascript(tmp_path: Path) -> None:
    """The github-script step parses (node --check), wrapped as github-script wraps it."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    workflow = load_file(PR_WORKFLOW)
    step = next(s for s in _steps(workflow) if str(s.get("uses", "")).startswith("actions/github-script@"))
    script = tmp_path / "comment.js"
    script.write_text(f"(async () => {{\n{step['with']['script']}\n}})();\n", encoding="utf-8")
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    broken = tmp_path / "broken.js"
    broken.write_text("(async () => { const = 1; })();\n", encoding="utf-8")
    assert subprocess.run([node, "--check", str(broken)], capture_output=True, check=False).returncode != 0


def test_pages_workflow_builds_the_site_with_the_official_pages_actions() -> None:
    workflow = load_file(PAGES_WORKFLOW)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert re.search(r"^make site$", _runs(workflow), re.M)
    uses = _uses(workflow)
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    upload = next(s for s in _steps(workflow) if str(s.get("uses", "")).startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    with open(REPO / "mkdocs.yml", encoding="utf-8") as file:  # MkDocs' loader: it knows !ENV
        mkdocs = yaml_load(file)
    assert mkdocs["site_dir"] == "site"  # what make site writes is what is uploaded
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"


def test_makefile_has_the_targets_the_workflows_call() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    runs = _runs(load_file(PR_WORKFLOW)) + "\n" + _runs(load_file(PAGES_WORKFLOW))
    for target in set(re.findall(r"^make (\w+)$", runs, re.M)):
        assert re.search(rf"^{target}:", makefile, re.M), target


def _hook() -> dict[str, Any]:
    hooks = load_file(REPO / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list) and len(hooks) == 1
    hook: dict[str, Any] = hooks[0]
    for key in ("id", "name", "entry", "language"):
        assert isinstance(hook.get(key), str), key
    return hook


def test_pre_commit_hook_runs_maturity_validate_on_rubric_and_assessment_files() -> None:
    hook = _hook()
    assert hook["entry"] == "maturity validate"
    assert hook["language"] == "python"  # pre-commit installs this package, which brings the script
    files = re.compile(hook["files"])
    shipped = [p.relative_to(REPO).as_posix() for p in REPO.glob("rubrics/*.yaml")]
    shipped += [p.relative_to(REPO).as_posix() for p in REPO.glob("assessments/*/*.yaml")]
    assert shipped and all(files.search(p) for p in shipped)
    for other in ("mkdocs.yml", ".github/workflows/pages.yml", "docs/guide/assess.md", "src/maturity/x.py"):
        assert not files.search(other), other


def test_pre_commit_hook_entry_fails_a_broken_file_and_passes_good_ones(tmp_path: Path) -> None:
    """What pre-commit runs: the entry with the changed file names appended."""
    root = new_root(tmp_path / "p")
    good = write_snapshot(root, "fraud-scoring", "2026-01-15", baseline_answers(real_rubric()))
    broken = write_snapshot(root, "churn", "2026-01-15", {"data.catalog": "finished"})
    files = re.compile(_hook()["files"])
    names = [p.relative_to(root).as_posix() for p in (good, good.parent / "system.yaml", broken)]
    assert all(files.search(n) for n in names)
    command = shlex.split(_hook()["entry"])
    assert command[0] == "maturity"
    ok = maturity(*command[1:], *names[:2], cwd=root)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = maturity(*command[1:], *names, cwd=root)
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"{names[2]}:")
    assert "finished" in bad.stdout and "Traceback" not in bad.stderr


def test_codeowners_covers_assessments_and_rubrics() -> None:
    lines = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    patterns = {parts[0]: parts[1:] for parts in lines}
    assert "/assessments/" in patterns and "/rubrics/" in patterns
    for owners in patterns.values():
        assert owners and all(re.match(r"^@[\w.-]+(/[\w.-]+)?$|^[^@\s]+@[^@\s]+$", o) for o in owners)
    for system in (REPO / "assessments").iterdir():
        assert any(
            f"/assessments/{system.name}/".startswith(p) or p == "*" for p in patterns
        ), system.name


def test_vscode_maps_each_schema_to_exactly_the_files_it_describes() -> None:
    """Every shipped YAML file gets one schema, the one its first line names."""
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    for schema_path in mapping:
        assert (REPO / schema_path).is_file(), schema_path
    files = [*REPO.glob("rubrics/*.yaml"), *REPO.glob("assessments/*/*.yaml")]
    assert len(files) >= 3
    for path in files:
        relative = path.relative_to(REPO).as_posix()
        matched = [
            schema for schema, globs in mapping.items()
            if any(fnmatch.fnmatchcase(relative, g) for g in globs)
        ]
        assert len(matched) == 1, (relative, matched)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        named = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert named == (REPO / matched[0]).resolve(), relative
