"""The one control-character rule: which characters in user text (names, notes,
evidence, file names) must never reach a reader as they are.

They are the C0 controls (escape sequences start with ESC), DEL, the C1 controls
(CSI is U+009B), the bidi embeddings, overrides, isolates and marks (U+061C,
U+200E/F, U+202A–E, U+2066–9: text that reads differently from what it is) and the
Unicode line and paragraph separators. Tab and newline are text in a note; in one-line
text (a file name, an id, evidence, a message line) they are controls too: a newline
in a file name would start a line of its own in a CI log (``::error ...``).

Every copy of the rule (the terminal, the link checker's report, the options of
``new``, evidence) uses this module; ``escape`` is the one way they are made visible:
``\\uXXXX``, which is also a valid JSON string escape.
"""

from __future__ import annotations

import re

CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# (a character class body: for a pattern that also looks for other characters)
_CONTROL = re.compile(f"[{CONTROLS}]")
_CONTROL_ONE_LINE = re.compile(f"[\t\n{CONTROLS}]")


def has_control(text: str, *, one_line: bool = False) -> bool:
    """Whether ``text`` holds a control character (with ``one_line``: tab and newline too)."""
    return (_CONTROL_ONE_LINE if one_line else _CONTROL).search(text) is not None


def escape(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character written as a visible ``\\uXXXX``."""
    pattern = _CONTROL_ONE_LINE if one_line else _CONTROL
    return pattern.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
