"""What may be a system or rubric id."""

from __future__ import annotations

import pytest

from maturity.core.ids import MAX_ID_LENGTH, id_problem, is_id


@pytest.mark.parametrize("value", ["fraud", "fraud-detection", "a1", "x" * MAX_ID_LENGTH])
def test_plain_slugs_are_ids(value: str) -> None:
    assert id_problem("system id", value) is None and is_id(value)


@pytest.mark.parametrize(("value", "says"), [
    ("Fraud", "is not a plain slug (lowercase letters, digits and single hyphens, e.g. fraud-detection)"),
    ("a--b", "is not a plain slug"),
    ("-a", "is not a plain slug"),
    ("con", "is a reserved device name on Windows"),
    ("lpt9", "is a reserved device name on Windows"),
    ("x" * (MAX_ID_LENGTH + 1), f"is {MAX_ID_LENGTH + 1} characters long, over the limit of {MAX_ID_LENGTH}"),
])
def test_what_is_not_an_id_says_why(value: str, says: str) -> None:
    problem = id_problem("system id", value)
    assert problem is not None and says in problem
    assert not is_id(value) or value in ("con", "lpt9")  # reserved names are slugs, refused by id_problem
