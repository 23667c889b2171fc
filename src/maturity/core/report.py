"""How a rule reports what is wrong with a parsed file, without knowing the file.

A rule gets the parsed data and a ``Report``; it says where (a path of keys and
indexes into the data) and what. The store's ``FileCheck`` is a ``Report`` that turns
each path into a line and a column of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from maturity.core.model import visible_text

PathPart = str | int


class Report(Protocol):
    """Where rules put what they find in one file."""

    @property
    def name(self) -> str:
        """The file's name (``2026-01-15.yaml``)."""
        ...

    @property
    def shown(self) -> str:
        """The file's path as messages show it."""
        ...

    @property
    def failed(self) -> bool:
        """Something is wrong with the file already."""
        ...

    def add(self, parts: Sequence[PathPart], message: str, key: bool = False) -> None:
        """One problem at ``parts`` (at the key itself when ``key``)."""
        ...


def huge_numbers(data: Any, where: list[PathPart]) -> Iterable[list[PathPart]]:
    """Paths of whole numbers too long to print (Python refuses to write >4300 digits)."""
    if isinstance(data, int) and not isinstance(data, bool) and abs(data).bit_length() > 333:
        yield where
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from huge_numbers(value, [*where, str(key)])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from huge_numbers(value, [*where, index])


def check_visible(report: Report, data: Any, paths: Iterable[tuple[PathPart, ...]]) -> None:
    """Each text at ``paths`` (when it is text) must have a character a reader can see."""
    for parts in paths:
        node = data
        for part in parts:
            if isinstance(node, dict) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                node = None
                break
        if isinstance(node, str) and not visible_text(node):
            name = next((p for p in reversed(parts) if isinstance(p, str)), "text")
            report.add(
                list(parts), f"{name} has no visible text (only spaces, invisible or control characters)"
            )


def as_mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (the schema reports the wrong shape)."""
    return value if isinstance(value, dict) else {}


def as_sequence(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one (the schema reports the wrong shape)."""
    return value if isinstance(value, list) else []
