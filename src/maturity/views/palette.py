"""The colours of levels and charts: read on light and dark backgrounds alike.

One palette for the site's charts (drawn in the browser), its badges and the
notebooks' matplotlib charts; no drawing library here.
"""

from __future__ import annotations

INK = "#7f8790"  # readable on white and on Material's slate
ACCENT = "#3f7fbf"
UPPER = "#9cc0e6"
TARGET = "#d9822b"
LEVEL_COLOURS = ("#c94f4f", "#e39a3b", "#d8c43a", "#6fae52", "#2e8b7a", "#2b6cb0")


def level_colour(level: int) -> str:
    return LEVEL_COLOURS[max(0, min(level, len(LEVEL_COLOURS) - 1))]
