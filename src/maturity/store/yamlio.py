"""Reading YAML: fast C parsing for data, round-trip parsing only to find positions.

Dates stay strings (the loader does not build ``datetime.date``), so a date that is
not a date becomes a positioned validation error instead of a crash in the parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from maturity.errors import InvalidInput, Problem

PathPart = str | int


class _StringDatesConstructor(SafeConstructor):
    """The safe constructor, but a timestamp stays the string it was written as."""


_StringDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
)


class _RoundTripStringDates(RoundTripConstructor):
    """The round-trip constructor, dates kept as strings (an impossible date must not crash)."""


_RoundTripStringDates.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


def round_trip_yaml() -> YAML:
    """A round-trip YAML instance whose timestamps stay strings."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _RoundTripStringDates
    return yaml


def _fast_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _StringDatesConstructor
    return yaml


_FAST = _fast_yaml()


def display_path(path: Path | str) -> str:
    """A path as messages show it: relative to the working folder when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def _problem_from(error: YAMLError, path: str) -> Problem:
    mark = None
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(error, MarkedYAMLError):
        parts = [error.context, error.problem]
        text = "; ".join(p for p in parts if p)
        if "duplicate key" in text:
            key = (error.problem or "").split('"')
            text = f"duplicate key {key[1]!r}" if len(key) > 1 else text
    else:
        text = str(error).splitlines()[0]
    return Problem(path, line, column, f"invalid YAML: {text}")


def load_text(text: str, path: str) -> Any:
    """Parse YAML text fast; a syntax error or duplicate key raises ``InvalidInput``."""
    try:
        return _FAST.load(text)
    except YAMLError as error:
        raise InvalidInput([_problem_from(error, path)]) from error


def load_file(path: Path) -> Any:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput([Problem(shown, 1, 1, f"not UTF-8 text: {error.reason}")]) from error
    except OSError as error:
        raise InvalidInput([Problem(shown, 1, 1, f"cannot read: {error.strerror}")]) from error
    return load_text(text, shown)


class Locator:
    """Finds the 1-based line and column of a node given its path in the data.

    It parses the file in round-trip mode, which is slow, so only when first asked:
    valid files are never parsed twice.
    """

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self._text = text
        self._root: Any = None
        self._loaded = False

    def _load(self) -> Any:
        if not self._loaded:
            self._loaded = True
            text = self._text if self._text is not None else self.path.read_text("utf-8")
            try:
                self._root = round_trip_yaml().load(text)
            except Exception:  # positions are a nicety: never fail on them
                self._root = None
        return self._root

    def position(self, parts: Sequence[PathPart], key: bool = False) -> tuple[int, int]:
        """Where the value at ``parts`` starts (or its key, with ``key=True``).

        Falls back to the nearest enclosing node that exists.
        """
        node = self._load()
        best = (1, 1)
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            lc = getattr(node, "lc", None)
            if lc is None:
                break
            try:
                if isinstance(part, int):
                    line, col = lc.item(part)
                    child = node[part]
                else:
                    want_key = key and last
                    child = node[part]
                    line, col = lc.key(part) if want_key else lc.value(part)
                    if not want_key and not hasattr(child, "lc") and child is None:
                        line, col = lc.key(part)
            except (KeyError, IndexError, TypeError):
                break
            best = (line + 1, col + 1)
            node = child
        else:
            return best
        return best
