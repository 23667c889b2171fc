"""The shipped rubrics are built into the package, found by reference from any repository."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from maturity.cli import cli
from maturity.store.layout import builtin_rubric_folder
from maturity.store.load import load_portfolio
from maturity.store.rubrics import builtin_rubrics, load_rubrics
from maturity.store.validate import validate


def test_the_package_carries_both_rubrics() -> None:
    assert sorted(builtin_rubrics()) == ["azure-mlops@1", "google-mlops@1"]
    assert builtin_rubric_folder().is_dir()


def test_a_repository_without_rubrics_folder_assesses_against_a_builtin(tmp_path: Path) -> None:
    """`maturity new --rubric google-mlops` in a repository with no rubrics/ folder."""
    root = tmp_path / "repo"
    (root / "assessments").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["new", "fraud", "--rubric", "google-mlops", "--root", str(root),
                                      "--date", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert (root / "assessments" / "fraud" / "2026-11-01.yaml").is_file()
    assert not (root / "rubrics").exists()
    assert validate(root) == []
    portfolio = load_portfolio(root)
    assert portfolio.rubric_for(portfolio.systems[0].current).ref == "google-mlops@1"


def test_new_in_an_empty_folder_makes_the_assessments_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "fraud", "--rubric", "azure-mlops@1", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert load_portfolio(tmp_path).systems[0].id == "fraud"


def test_a_repository_file_with_the_same_id_and_version_wins(tmp_path: Path) -> None:
    builtin = (builtin_rubric_folder() / "google-mlops.yaml").read_text(encoding="utf-8")
    (tmp_path / "rubrics").mkdir()
    own = builtin.replace("\ntitle: ", "\ntitle: Our own copy of ", 1)
    assert own != builtin
    (tmp_path / "rubrics" / "google-mlops.yaml").write_text(own, encoding="utf-8")
    rubrics, problems = load_rubrics(tmp_path)
    assert problems == []
    assert rubrics["google-mlops@1"].title.startswith("Our own copy of ")
    assert rubrics["azure-mlops@1"] is builtin_rubrics()["azure-mlops@1"]  # the other stays built in


def test_a_broken_repository_rubric_is_reported_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "google-mlops.yaml").write_text("id: google-mlops\nversion: 1\n", "utf-8")
    _, problems = load_rubrics(tmp_path)
    assert problems and all(p.path.endswith("google-mlops.yaml") for p in problems)


def test_this_repository_shows_the_builtin_rubrics_from_one_source(repo: Path) -> None:
    """rubrics/*.yaml here are relative links to the package's files: they cannot drift."""
    for path in builtin_rubric_folder().glob("*.yaml"):
        shown = repo / "rubrics" / path.name
        assert shown.is_symlink(), shown
        assert os.readlink(shown) == f"../src/maturity/rubrics/{path.name}"
        assert shown.resolve() == (repo / "src" / "maturity" / "rubrics" / path.name).resolve()


def test_a_git_revision_with_linked_rubrics_loads(tmp_path: Path) -> None:
    """`maturity diff` reads a revision with git archive: the links' targets come along."""
    from maturity.store.load import portfolio_at

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})

    package = tmp_path / "src" / "pkg"
    package.mkdir(parents=True)
    text = (builtin_rubric_folder() / "google-mlops.yaml").read_text(encoding="utf-8")
    (package / "google-mlops.yaml").write_text(text.replace("\ntitle: ", "\ntitle: Linked ", 1), "utf-8")
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "google-mlops.yaml").symlink_to("../src/pkg/google-mlops.yaml")
    CliRunner().invoke(cli, ["new", "fraud", "--rubric", "google-mlops", "--root", str(tmp_path)])
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    portfolio = portfolio_at(tmp_path, "HEAD")
    assert portfolio.rubrics["google-mlops@1"].title.startswith("Linked ")
    assert [s.id for s in portfolio.systems] == ["fraud"]


def test_schemas_here_are_laid_out_as_in_a_new_repository(repo: Path) -> None:
    """schemas/ links every schema of the package, and no $schema line of this repository's
    YAML points into the source tree (a new repository has none)."""
    from maturity.store.schema import SCHEMAS, schema_file

    for name in SCHEMAS:
        link = repo / "schemas" / schema_file(name)
        shipped = repo / "src" / "maturity" / "schemas" / schema_file(name)
        assert link.is_symlink() and link.resolve() == shipped.resolve(), name
    for pattern in ("assessments/*/*.yaml", "rubrics/**/*.yaml", "campaigns/*.yaml"):
        _no_schema_line_into_src(repo, pattern)


def _no_schema_line_into_src(repo: Path, pattern: str) -> None:
    for path in repo.glob(pattern):
        text = path.read_text(encoding="utf-8")
        for ref in re.findall(r"\$schema=(\S+)", text):
            assert "src/" not in ref, path
            assert (path.parent / ref).resolve().is_file(), (path, ref)
