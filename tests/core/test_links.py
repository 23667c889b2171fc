"""The link policy's credentials rule: a link with a user name or password is refused,
and what is shown of it never carries the secret."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturity.core.links import credentials_problem, has_credentials, without_credentials


@pytest.mark.parametrize(
    ("link", "shown"),
    [
        ("https://user:pw@example.com/x", "https://***@example.com/x"),
        ("http://token@example.com", "http://***@example.com"),
        ("HTTPS://a:b@example.com/", "HTTPS://***@example.com/"),
        ("https://a@b@example.com/x", "https://***@example.com/x"),
        ("https://:pw@example.com/", "https://***@example.com/"),
        ("https://user:p%40ss@example.com/", "https://***@example.com/"),
        ("  https://u:p@example.com/ ", "https://***@example.com/"),
    ],
)
def test_credentials_are_found_and_hidden(link: str, shown: str) -> None:
    assert has_credentials(link)
    assert credentials_problem(link) is not None
    assert without_credentials(link) == shown


@pytest.mark.parametrize("link", [
    "https://example.com/a@b", "https://example.com/?mail=a@b", "https://example.com/#x@y",
    "docs/runbook@v2.md", "https://example.com/",
])
def test_an_at_sign_after_the_host_is_no_credential(link: str) -> None:
    assert not has_credentials(link)
    assert credentials_problem(link) is None
    assert without_credentials(link) == link


secret = st.text(st.characters(blacklist_characters="/?#\\@", blacklist_categories=("Cs", "Cc", "Zs")),
                 min_size=3, max_size=20)


@given(secret, secret)
def test_property_the_secret_never_shows(user: str, password: str) -> None:
    link = f"https://{user}:{password}@example.com/path"
    assert has_credentials(link)
    assert without_credentials(link) == "https://***@example.com/path"
