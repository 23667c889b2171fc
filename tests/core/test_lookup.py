"""One wording of "unknown NAME, did you mean", and the rubric reference type."""

from __future__ import annotations

from maturity.core.lookup import LISTED, unknown
from maturity.core.model import RubricRef, same_rubric


def test_a_close_name_is_suggested_without_the_list() -> None:
    assert unknown("system", "fraud-detectoin", ["fraud-detection", "churn"]) == (
        "unknown system 'fraud-detectoin' (did you mean 'fraud-detection'?)"
    )


def test_no_close_name_lists_the_known_ones_or_counts_many() -> None:
    assert unknown("dimension", "zzz", ["data", "model"], " in rubric x@1") == (
        "unknown dimension 'zzz' in rubric x@1 (known: data, model)"
    )
    many = [f"system-{n:04d}" for n in range(LISTED + 1)]
    assert unknown("system", "zzz", many) == f"unknown system 'zzz' (known: {LISTED + 1} systems)"
    assert unknown("system", "zzz", []) == "unknown system 'zzz' (known: none)"


def test_rubric_references() -> None:
    pinned, bare = RubricRef.parse("google-mlops@1"), RubricRef.parse(" google-mlops ")
    assert (pinned.id, pinned.version, str(pinned)) == ("google-mlops", "1", "google-mlops@1")
    assert (bare.id, bare.version, str(bare)) == ("google-mlops", None, "google-mlops")
    assert bare.matches("google-mlops@2") and pinned.matches("google-mlops@1")
    assert not pinned.matches("google-mlops@2") and not bare.matches("google-mlops-x@1")
    assert same_rubric("a@1", "a@2") and not same_rubric("a@1", "ab@1")
