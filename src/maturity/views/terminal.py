"""Text made inert for a terminal: no control sequence in user data reaches one.

A name or note holding ``ESC ] 0 ; title BEL`` would retitle the terminal (or, with
OSC 52, write the clipboard) when ``maturity score`` prints it; bidi overrides make
text read differently from what it is. ``inert_terminal`` writes every such
character as a visible ``\\uXXXX`` escape instead; newlines and tabs stay. The
escape is also a valid JSON string escape, so JSON printed through it still parses
to the same values.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides, isolates and marks (U+061C, U+200E/F, U+202A–E, U+2066–9).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def inert_terminal(text: str) -> str:
    """``text`` with every control and bidi-control character written as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
