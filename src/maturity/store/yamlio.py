"""Reading YAML: a fast parser for data, round-trip parsing only to find positions.

Dates stay strings (the loader does not build ``datetime.date``), so a date that is
not a date becomes a positioned validation error instead of a crash in the parser.

Two parsers read data, and they agree on every file the fast one is given:

- ``yaml_rs`` (Rust, YAML 1.2 core schema: ``no``/``yes`` stay text, duplicate keys
  refused), about ten times faster than ruamel's safe loader, reads the plain YAML
  that assessments are made of. ``_plain`` decides what is plain with a few regular
  expressions run in C: no tag (``yaml_rs`` would ignore it), no anchor, alias or
  merge key, no directive or document marker, no control character, no number form
  the two parsers read differently (``0X1F``, ``_1``), no ``=`` value, and block
  indentation shallow enough that nesting cannot reach the depth limit through it.
- ruamel's safe loader (C scanner, Python constructor) reads everything else, and
  every file ``yaml_rs`` refuses: its error message and position are the ones
  users see, so a broken file reads the same whichever parser met it first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml_rs
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


# What only ruamel reads the way this product always has (see the module's docstring).
# Each pattern starts with a fixed character, which the regular expression engine finds
# by a fast scan; what may stand before it is checked on the few matches. A token
# starts at the start of a line or after a space or one of these characters:
_TOKEN_START = frozenset(" \t\r\n[]{},:?-")
_SUSPECTS: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (char, re.compile(pattern, re.MULTILINE), token)
    for char, pattern, token in (
        ("!", r"!", True),  # a tag
        ("&", r"&\S", True),  # an anchor
        ("*", r"\*\S", True),  # an alias
        ("<", r"<<", False),  # a merge key
        ("?", r"\?\s", True),  # an explicit key
        ("]", r"\][ \t]*:(?:\s|$)", False),  # a list as a key
        ("}", r"\}[ \t]*:(?:\s|$)", False),  # a mapping as a key (ruamel refuses it)
        ("=", r"=[ \t]*(?:$|[,\]}#])", True),  # '=' alone (ruamel's value tag)
        ("_", r"_[0-9]", True),  # _1: a number to yaml_rs only
        ("0", r"0[XOB]", True),  # 0X1F, 0O7, 0B1: numbers to yaml_rs only
    )
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_PRINTABLE = re.compile(
    r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# Block nesting grows only with indentation and "- ", "? ", ": " indicators at the start
# of a line: text whose lines start with fewer such characters cannot nest deep in blocks.
_DEEP_PREFIX = 24
_DEEP = re.compile(rf"\n[ \t?:-]{{{_DEEP_PREFIX}}}")
_COLLECTIONS = (dict, list)
_MAX_DEPTH = 64  # deeper plain text is read by ruamel, which reports it


def _starts_token(text: str, pattern: re.Pattern[str]) -> bool:
    """A match of ``pattern`` where a token starts (a sign before a number counts)."""
    for match in pattern.finditer(text):
        at = match.start()
        if at and text[at - 1] in "+-" and match[0][0] in "_0":
            at -= 1
        if at == 0 or text[at - 1] in _TOKEN_START:
            return True
    return False


def _plain(text: str) -> bool:
    """True when ``yaml_rs`` reads ``text`` exactly as ruamel's safe loader does."""
    if text.isascii():
        if _CONTROL.search(text):
            return False
    elif _NOT_PRINTABLE.search(text):
        return False
    lines = "\n" + text[:_DEEP_PREFIX + 4]  # the first line starts without a newline
    if _DEEP.search(text) or _DEEP.match(lines):
        return False
    for start in ("%", "---", "..."):  # a directive or a document marker
        if f"\n{start}" in text or text.startswith(start):
            return False
    for char, pattern, token in _SUSPECTS:
        if char in text and (_starts_token(text, pattern) if token else pattern.search(text)):
            return False
    return True


def _depth(data: Any) -> int:
    """How deeply collections nest in parsed data (1 for a mapping of scalars)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, _COLLECTIONS))
        elif isinstance(node, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in node if isinstance(v, _COLLECTIONS))
    return deepest


def _ruamel_load(text: str, path: str) -> Any:
    try:
        return _FAST.load(text)
    except YAMLError as error:
        raise InvalidInput([_problem_from(error, path)]) from error
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as error:
        raise InvalidInput([Problem(path, 1, 1, f"cannot be read as YAML: {error}")]) from error


def load_text(text: str, path: str) -> Any:
    """Parse YAML text fast; a syntax error or duplicate key raises ``InvalidInput``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _plain(text):
        return _ruamel_load(text, path)
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError):
        # ruamel words the problem as users know it, at its position (or reads what
        # only yaml_rs's own limits refused, such as flow nesting past 255)
        return _ruamel_load(text, path)
    if _depth(data) > _MAX_DEPTH:
        return _ruamel_load(text, path)
    return data


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
