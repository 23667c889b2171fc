"""The release workflow (.github/workflows/release.yml): on a version tag it builds the
sdist and the wheel, checks them with twine, checks the tag against the version they
carry and publishes with trusted publishing (no stored secret). Its build job's steps
run here in order, on a copy of the tree, as a runner would run them."""

from __future__ import annotations

import subprocess
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import maturity
from maturity.store.yamlio import load_text
from tests.adoption.tools import REPO, clean_env, run_workflow, source_tree, steps, venv

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
TAG = {"github": {"event_name": "push", "ref": f"refs/tags/v{maturity.__version__}",
                  "ref_name": f"v{maturity.__version__}"}}


def test_it_publishes_on_a_version_tag_with_trusted_publishing() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = load_text(text, str(WORKFLOW))
    assert workflow["on"]["push"] == {"tags": ["v*"]}
    assert workflow["permissions"] == {"contents": "read"}  # nothing more by default
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert publish["permissions"] == {"id-token": "write"}  # the trusted-publishing token, nothing else
    assert [s.get("uses") for s in publish["steps"]][-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert "secrets." not in text and "password" not in publish["steps"][-1].get("with", {})  # no token
    build = [s.run for s in steps(WORKFLOW) if s.job == "build" and s.run]
    assert any("python -m build" in r for r in build)
    assert any("twine check --strict dist/*" in r for r in build)


def test_the_version_lives_in_one_place() -> None:
    """pyproject.toml reads it from the package; nothing else spells it."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == maturity.DISTRIBUTION == "mlops-maturity"
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "maturity.__version__"}
    offenders = [str(p) for p in (REPO / "src").rglob("*.py")
                 if 'version("maturity")' in p.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.slow
def test_the_build_job_runs_its_steps(tmp_path: Path) -> None:
    env = clean_env(tmp_path / "home")
    tree = source_tree(tmp_path / "checkout")
    runner = venv(tmp_path / "python", env)
    runner["GITHUB_REF_NAME"] = TAG["github"]["ref_name"]
    log = run_workflow(WORKFLOW, tree, runner, TAG)
    assert log == [
        "skipped (uses actions/checkout@v4) Check out",
        "ran Install the build tools",
        "ran Build the sdist and the wheel",
        "ran Check them",
        "ran The tag names the version they carry",
        "skipped (uses actions/upload-artifact@v4) Keep them for the publish job",
        "skipped (uses actions/download-artifact@v4) Fetch the checked distributions",
        "skipped (uses pypa/gh-action-pypi-publish@release/v1) Publish",
    ]
    version = maturity.__version__
    wheel = tree / "dist" / f"mlops_maturity-{version}-py3-none-any.whl"
    sdist = tree / "dist" / f"mlops_maturity-{version}.tar.gz"
    assert "maturity/store/skeleton/notebooks/trends.ipynb" in zipfile.ZipFile(wheel).namelist()
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert f"mlops_maturity-{version}/src/maturity/store/skeleton/notebooks/trends.ipynb" in names

    # a tag that names another version fails the job before anything is published
    check = next(s for s in steps(WORKFLOW) if s.name == "The tag names the version they carry")
    assert check.run is not None
    wrong = dict(runner, GITHUB_REF_NAME="v9.9.9")
    done = subprocess.run(["bash", "-e", "-c", check.run], cwd=tree, env=wrong, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1 and "tag v9.9.9 does not match the version built" in done.stderr
