"""One file being checked: read, parsed, schema-checked, its problems collected.

Every check collects problems (file, line, column, message) instead of stopping at
the first. A ``FileCheck`` is the ``core.report.Report`` the pure rules of ``core``
write to; positions are looked up in the file only when a problem is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.core.report import PathPart, huge_numbers
from maturity.core.settings import Limits
from maturity.errors import InvalidInput, Problem
from maturity.store.schema import schema_errors
from maturity.store.yamlio import Locator, display_path, load_text, read_input


@dataclass
class FileCheck:
    """The problems found in one file; positions are looked up only when needed."""

    path: Path
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.shown = display_path(self.path)
        self.locator = Locator(self.path, self.text)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def add(self, parts: Sequence[PathPart], message: str, key: bool = False) -> None:
        line, column = self.locator.position(list(parts), key=key)
        problem = Problem(self.shown, line, column, message)
        if len(self._seen) != len(self.problems):  # problems added some other way
            self._seen = set(self.problems)
        if problem not in self._seen:  # the schema and a lint may say the same thing
            self._seen.add(problem)  # a set: thousands of problems in one file stay linear
            self.problems.append(problem)

    def at_start(self, message: str) -> None:
        self.problems.append(Problem(self.shown, 1, 1, message))

    def parse(self, schema_name: str) -> Any:
        """Read, parse and schema-check the file; ``None`` when it cannot be used."""
        try:
            self.text = read_input(self.path, limit=self.limits)
            self.locator = Locator(self.path, self.text)
            data = load_text(self.text, self.shown, self.limits)
        except InvalidInput as error:
            self.problems.extend(error.problems)
            return None
        if data is None:
            data = {}
        huge = list(huge_numbers(data, []))
        for parts in huge:
            name = f"{parts[-1]}: " if parts else ""
            self.add(parts, f"{name}a number over 100 digits long: no level, version or priority is "
                     "that big (quote it if it is text)")
        if huge:
            return None
        try:
            for parts, message, key in schema_errors(schema_name, data):
                self.add(parts, message, key=key)
        except (ValueError, RecursionError, TypeError) as error:  # data no schema can describe
            self.at_start(f"cannot be checked: {str(error)[:200]}")
        return data

    def parse_valid(self, schema_name: str) -> Any:
        """Like ``parse``, but ``None`` unless the file also matches its schema."""
        data = self.parse(schema_name)
        return data if not self.problems else None
