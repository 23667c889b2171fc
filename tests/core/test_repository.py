"""``repository:`` of a system: which addresses name a repository, and which server it is."""

from __future__ import annotations

import pytest

from maturity.core.repository import host_of, url_problem


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
