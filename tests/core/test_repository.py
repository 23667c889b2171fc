"""``repository:`` of a system: which addresses name a repository, and which server it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.core.repository import Repository, host_of, url_problem
from maturity.errors import InvalidInput
from maturity.store.load import load_system
from tests.workflow.portfolios import new_root, write_snapshot


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://github.com/org/x", "github"),
        ("https://github.example.com/org/x", "github"),
        ("https://gitlab.com/a/b/c", "gitlab"),
        ("https://gitlab.example.com/a/b", "gitlab"),
        ("https://code.example.org/a/b", None),
        ("https://notgithub.com/a/b", None),
    ],
)
def test_host_of(url: str, host: str | None) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    "url",
    [
        "http://github.com/org/x",  # not https
        "https://user:secret@github.com/org/x",  # credentials
        "https://github.com/org/x?tab=1",
        "https://github.com/org/x#readme",
        "https://github.com/org/x y",
        "javascript:alert(1)",
        "https://github.com/org/\x1b[31mx",
    ],
)
def test_url_problem_refuses(url: str) -> None:
    assert url_problem(url) is not None


def test_url_problem_accepts_a_plain_address() -> None:
    assert url_problem("https://gitlab.com/group/sub/x.git") is None


def _system_yaml(tmp_path: Path, repository: str) -> Path:
    root = new_root(tmp_path / "root")
    write_snapshot(root, "churn", "2026-11-01", {"data.versioning": "todo"})
    meta = root / "assessments" / "churn" / "system.yaml"
    meta.write_text(f"name: Churn\nowner: ML Team\nrepository: {repository}\n", "utf-8")
    return root


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("https://github.com/org/churn", Repository("https://github.com/org/churn", None, "github")),
        ("{url: 'https://gitlab.com/g/churn.git', branch: main}",
         Repository("https://gitlab.com/g/churn", "main", "gitlab")),
    ],
)
def test_system_yaml_names_its_repository(tmp_path: Path, written: str, expected: Repository) -> None:
    """A plain URL or {url, branch} reaches the model as System.repository."""
    _, system = load_system(_system_yaml(tmp_path, written), "churn")
    assert system.repository == expected


@pytest.mark.parametrize(
    ("written", "where"),
    [
        ("https://user:token@github.com/org/churn", "system.yaml:3:13:"),
        ("{url: 'https://github.com/org/churn?x=1'}", "system.yaml:3:19:"),
        ("{url: 'https://github.com/org/churn', brnch: main}", "system.yaml:3:"),
        ("42", "system.yaml:3:13:"),
    ],
)
def test_a_wrong_repository_is_refused_at_its_place(tmp_path: Path, written: str, where: str) -> None:
    """Credentials, queries, unknown keys and non-strings: path:line:col, nothing loaded."""
    root = _system_yaml(tmp_path, written)
    with pytest.raises(InvalidInput) as caught:
        load_system(root, "churn")
    assert [p for p in map(str, caught.value.problems) if where in p], caught.value.problems
