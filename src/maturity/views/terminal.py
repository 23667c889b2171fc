"""Text made inert for a terminal: no control sequence in user data reaches one.

A name or note holding ``ESC ] 0 ; title BEL`` would retitle the terminal (or, with
OSC 52, write the clipboard) when ``maturity score`` prints it; bidi overrides make
text read differently from what it is. ``inert_terminal`` writes every such
character as a visible ``\\uXXXX`` escape instead; newlines and tabs stay. The
escape is also a valid JSON string escape, so JSON printed through it still parses
to the same values.
"""

from __future__ import annotations

from maturity.core import inert


def inert_terminal(text: str) -> str:
    """``text`` with every control and bidi-control character written as ``\\uXXXX``
    (the one rule, ``core.inert``); newlines and tabs stay."""
    return inert.escape(text)


def inert_line(text: str) -> str:
    """One line for a terminal or a CI log: a file name, a message: newlines and tabs
    escaped too, so no text can start a line of its own (``::error ...`` in a log)."""
    return inert.escape(text, one_line=True)
