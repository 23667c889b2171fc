"""The one control-character rule and its escaper."""

from __future__ import annotations

import pytest

from maturity.core import inert


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\x9b", "\u202e", "\u2066", "\u2069",
                                  "\u200e", "\u061c", "\u2028", "\u2029"])
def test_every_control_is_escaped_visibly(char: str) -> None:
    assert inert.has_control(f"a{char}b")
    assert inert.escape(f"a{char}b") == f"a\\u{ord(char):04x}b"


def test_tab_and_newline_are_text_except_on_one_line() -> None:
    assert not inert.has_control("a\tb\nc") and inert.escape("a\tb\nc") == "a\tb\nc"
    assert inert.has_control("a\nb", one_line=True)
    assert inert.escape("a\tb\nc", one_line=True) == "a\\u0009b\\u000ac"


def test_plain_unicode_stays() -> None:
    text = "Ünïcode — 日本語 😀 zero\u200bwidth"
    assert not inert.has_control(text) and inert.escape(text) == text
