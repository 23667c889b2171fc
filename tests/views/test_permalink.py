"""Permalinks and short labels for a line of a system's code (GitHub and GitLab forms)."""

from __future__ import annotations

import pytest

from maturity.core.repository import Repository, repository_from
from maturity.views.permalink import label_of, location, permalink, short_label

GITHUB = Repository("https://github.com/org/x", "main", "github")
GITLAB = Repository("https://gitlab.com/group/sub/x", None, "gitlab")
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_github_permalink_names_the_commit_and_line() -> None:
    """A commit makes a link that never moves; the line is GitHub's #L anchor."""
    assert permalink(GITHUB, "data/raw.csv.dvc", 1, SHA) == (
        f"https://github.com/org/x/blob/{SHA}/data/raw.csv.dvc#L1"
    )


def test_gitlab_permalink_uses_the_dash_blob_form() -> None:
    assert permalink(GITLAB, "dvc.yaml", 12, SHA) == (
        f"https://gitlab.com/group/sub/x/-/blob/{SHA}/dvc.yaml#L12"
    )


def test_without_a_commit_the_branch_then_head_is_the_ref() -> None:
    assert permalink(GITHUB, "a.py", 3) == "https://github.com/org/x/blob/main/a.py#L3"
    assert permalink(GITLAB, "a.py") == "https://gitlab.com/group/sub/x/-/blob/HEAD/a.py"


def test_paths_are_percent_encoded_so_the_link_stays_one_link() -> None:
    """Spaces, #, ? and quotes in a file name cannot end the link or start an anchor."""
    link = permalink(GITHUB, 'my dir/a#b?c".py', 2, SHA)
    assert link == f"https://github.com/org/x/blob/{SHA}/my%20dir/a%23b%3Fc%22.py#L2"


def test_unknown_or_unrecognised_repository_gives_no_permalink() -> None:
    assert permalink(None, "a.py", 1, SHA) is None
    assert permalink(Repository("https://code.example.org/x"), "a.py", 1) is None


def test_location_falls_back_to_path_and_line() -> None:
    assert location(None, "Dockerfile", 4) == "Dockerfile:4"
    assert location(GITHUB, "Dockerfile", 4, SHA).endswith(f"/blob/{SHA}/Dockerfile#L4")


@pytest.mark.parametrize(("line", "label"), [(7, "src/train.py:7"), (None, "src/train.py")])
def test_short_label(line: int | None, label: str) -> None:
    assert short_label("src/train.py", line) == label


@pytest.mark.parametrize("repository", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_label_of_reads_back_a_permalink(repository: Repository) -> None:
    """Every permalink the views make reads back as its short label."""
    for ref in (SHA, None):
        link = permalink(repository, "my dir/train.py", 42, ref)
        assert link is not None
        assert label_of(repository, link) == "my dir/train.py:42"


def test_label_of_ignores_other_links() -> None:
    assert label_of(GITHUB, "https://github.com/other/y/blob/main/a.py#L1") is None
    assert label_of(None, "https://github.com/org/x/blob/main/a.py#L1") is None


def test_repository_from_a_string_or_a_mapping() -> None:
    """A plain URL is kind; a trailing slash or .git is dropped; the host kind is inferred."""
    assert repository_from("https://github.com/org/x.git") == Repository(
        "https://github.com/org/x", None, "github"
    )
    assert repository_from(
        {"url": "https://git.example.org/team/x/", "branch": "trunk", "host": "gitlab"}
    ) == Repository("https://git.example.org/team/x", "trunk", "gitlab")
    assert repository_from(None) is None
