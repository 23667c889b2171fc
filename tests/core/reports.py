"""A ``core.report.Report`` that only collects, for testing the pure rules without files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from maturity.core.report import PathPart


@dataclass
class Collected:
    """What the rules said, as (key path, message) pairs."""

    name: str = "x.yaml"
    shown: str = "rubrics/x.yaml"
    found: list[tuple[tuple[PathPart, ...], str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.found)

    def add(self, parts: Sequence[PathPart], message: str, key: bool = False) -> None:
        self.found.append((tuple(parts), message))

    def messages(self) -> list[str]:
        return [m for _, m in self.found]
