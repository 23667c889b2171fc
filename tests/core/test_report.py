"""The helpers rules report with: visible text, huge numbers, shapes."""

from __future__ import annotations

from maturity.core.report import as_mapping, as_sequence, check_visible, huge_numbers
from tests.core.reports import Collected


def test_text_without_a_visible_character_is_reported_at_its_path() -> None:
    report = Collected()
    data = {"title": "\u200b \u2800", "levels": [{"name": "ok"}, {"name": "\u202e"}], "source": 3}
    check_visible(report, data, [("title",), ("levels", 0, "name"), ("levels", 1, "name"), ("source",),
                                 ("levels", 5, "name"), ("missing",)])
    assert report.found == [
        (("title",), "title has no visible text (only spaces, invisible or control characters)"),
        (("levels", 1, "name"), "name has no visible text (only spaces, invisible or control characters)"),
    ]


def test_numbers_too_long_to_print_are_found_with_their_paths() -> None:
    big = 10 ** 101
    data = {"a": [1, big], "b": {"c": -big}, "d": True, "e": 10 ** 99}
    assert list(huge_numbers(data, [])) == [["a", 1], ["b", "c"]]


def test_wrong_shapes_read_as_empty() -> None:
    assert as_mapping([1]) == {} and as_mapping({"a": 1}) == {"a": 1}
    assert as_sequence({"a": 1}) == [] and as_sequence([1]) == [1]
