"""Reading YAML: a fast parser for data, round-trip parsing only to find positions.

Dates stay strings (the loader does not build ``datetime.date``), so a date that is
not a date becomes a positioned validation error instead of a crash in the parser.

Two parsers read data, and they agree on every file the fast one is given:

- ``yaml_rs`` (Rust, YAML 1.2 core schema: ``no``/``yes`` stay text, duplicate keys
  refused), about ten times faster than ruamel's safe loader, reads the plain YAML
  that assessments are made of. ``_plain`` decides what is plain with a few scans
  for rare characters: no tag (``yaml_rs`` would ignore it), no anchor, alias or
  merge key, no directive or document marker, no control character, no number form
  the two parsers read differently (``0X1F``, ``_1``), no ``=`` value, no mapping as
  a key, and block indentation shallow enough that it cannot nest deep.
- ruamel's safe loader (C scanner, Python constructor) reads everything else, and
  every file ``yaml_rs`` refuses: its error message and position are the ones users
  see, so a broken file reads the same whichever parser met it first.

What reaches the parser is safe to parse: ``read_input`` reads regular files only
(never a FIFO, a device or a folder), follows a symbolic link only when it stays in
the repository, and refuses files over a size limit; ``check_depth`` refuses text
nested deeper than a limit, or whose aliases would expand past a node budget, before
any recursive composer sees it. Both raise ``InvalidInput`` with a positioned message
and are kept apart from the parser so that they survive a change of parser.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml_rs
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)

from maturity.core import inert
from maturity.core.report import PathPart
from maturity.core.settings import ENV_MAX_DEPTH, ENV_MAX_FILE_BYTES, ENV_MAX_NODES, Limits
from maturity.errors import InvalidInput, Problem
from maturity.store.inside import leaving_link, link_message


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
    """A path as messages show it: relative to the working folder when it is below it,
    on one line with every control character escaped (``core.inert``).

    Only the folders are resolved, not the file itself: a symbolic link is shown as
    the link (and a link loop cannot make showing its name fail). A file name is
    chosen by whoever commits it: a newline in it must not start a line of its own in a
    CI log (``::error ...``), nor an escape sequence reach a terminal or a build log.
    """
    return inert.escape(_display_path(path), one_line=True)


def _display_path(path: Path | str) -> str:
    p = Path(path)
    try:
        full = os.path.join(_resolved(str(p.parent)), p.name) if p.name else _resolved(str(p))
        cwd = _resolved(os.getcwd())
    except (OSError, RuntimeError, ValueError):  # ValueError: a NUL in the name
        return str(p)
    if full == cwd:
        return "."
    if full.startswith(cwd.rstrip(os.sep) + os.sep):
        return full[len(cwd.rstrip(os.sep)) + 1:]
    return str(p)


@lru_cache(maxsize=4096)
def _resolved(folder: str) -> str:
    """The folder's real path, worked out once per folder (a portfolio has thousands of files)."""
    return str(Path(folder).resolve())


# --------------------------------------------------------------------------- limits

# --------------------------------------------------------------------------- reading safely


def repository_root(path: Path) -> Path:
    """The portfolio root a file belongs to: the nearest folder above it holding rubrics/."""
    absolute = Path(os.path.abspath(path))
    for folder in absolute.parents:
        if (folder / "rubrics").is_dir():
            return folder
    return absolute.parent


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _unreadable(shown: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(shown, 1, 1, message)])


def _follow(path: Path, shown: str, root: Path) -> Path:
    """Where a symbolic link leads, if it is safe to read: inside ``root``, no loop."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError as error:  # Python 3.11 reports a loop so
        raise _unreadable(shown, "symbolic link loop: replace the link with the file itself") from error
    except FileNotFoundError as error:
        link = os.readlink(path)
        raise _unreadable(
            shown, f"broken symbolic link to {link!r}: replace the link with the file itself"
        ) from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _unreadable(
                shown, "symbolic link loop: replace the link with the file itself"
            ) from error
        raise _unreadable(shown, f"cannot read: {error.strerror}") from error
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise _unreadable(
            shown,
            f"symbolic link to {os.readlink(path)!r} leaves the repository: "
            "only links to files inside it are read; copy the file in instead",
        ) from None
    return target


def read_input(path: Path, root: Path | None = None, limit: Limits | None = None) -> str:
    """The text of an input file, if it is safe to read; ``InvalidInput`` otherwise.

    Only a regular file is read (a FIFO would block, a device never ends), opened
    without blocking and checked again once open; a symbolic link is followed only
    when it leads to a file inside ``root`` (by default the portfolio the file is in);
    a file over the size limit is refused before it is read.
    """
    shown = display_path(path)
    limit = limit or Limits()
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise _unreadable(shown, "no such file") from None
    except OSError as error:
        raise _unreadable(shown, f"cannot read: {error.strerror}") from error
    target = path
    top = root if root is not None else repository_root(path)
    if stat.S_ISLNK(info.st_mode):
        target = _follow(path, shown, top)
    link = leaving_link(path.parent, top)  # a folder on the way that leads out (assessments -> /etc)
    if link is not None:
        raise _unreadable(shown, link_message(link, link.relative_to(os.path.abspath(top)).as_posix()))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        info = os.stat(target)
        if not stat.S_ISREG(info.st_mode):
            raise _unreadable(
                shown, f"{_kind_of(info.st_mode)}, not a file: only regular files are read; remove it"
            )
        fd = os.open(target, flags)
    except PermissionError:
        raise _unreadable(shown, "cannot read: permission denied (make it readable: chmod a+r)") from None
    except OSError as error:
        raise _unreadable(shown, f"cannot read: {error.strerror}") from error
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):  # swapped after the first look
            raise _unreadable(shown, f"{_kind_of(info.st_mode)}, not a file: only regular files are read")
        raw = handle.read(limit.max_bytes + 1)
    if len(raw) > limit.max_bytes:
        raise _unreadable(
            shown,
            f"file is larger than the limit of {limit.max_bytes} bytes: split it, or raise "
            f"the limit with {ENV_MAX_FILE_BYTES}",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InvalidInput(
            [Problem(shown, line, column, f"not UTF-8 text ({error.reason}): save the file as UTF-8")]
        ) from error
    return text


MAX_NUMBER_DIGITS = 100
_LONG_NUMBER = re.compile(r"[-+]?(0[xob])?[0-9a-fA-F_.]+([eE][-+]?[0-9]+)?\Z")


def _at(event: Any, path: str, message: str) -> Problem:
    mark = getattr(event, "start_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, column, message)


def check_depth(text: str, path: str, limit: Limits | None = None) -> None:
    """Refuse text nested deeper than the limit, or whose aliases expand past the node budget.

    It reads the parser's event stream, which is flat (no recursion however deep the
    text), so it runs safely before any composer or constructor does; a syntax error
    found on the way is reported like any other.
    """
    limit = limit or Limits()
    depth = 0
    nodes = 0
    # per open collection: (anchor, nodes when it started); per anchor: its expanded size
    open_nodes: list[tuple[str | None, int]] = []
    sizes: dict[str, int] = {}
    try:
        for event in _FAST.parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limit.max_depth:
                    raise InvalidInput([_at(event, path, (
                        f"nested deeper than the limit of {limit.max_depth} levels: flatten it, "
                        f"or raise the limit with {ENV_MAX_DEPTH}"
                    ))])
                open_nodes.append((event.anchor, nodes))
                nodes += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
                anchor, start = open_nodes.pop() if open_nodes else (None, nodes)
                if anchor is not None:
                    sizes[anchor] = nodes - start
            elif isinstance(event, AliasEvent):
                if any(anchor == event.anchor for anchor, _ in open_nodes):
                    raise InvalidInput([_at(event, path, (
                        f"the alias *{event.anchor} is inside the value it names (a loop): "
                        "write the value out instead"
                    ))])
                nodes += sizes.get(str(event.anchor), 1)
            elif isinstance(event, NodeEvent):
                nodes += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                value = getattr(event, "value", None)
                if isinstance(value, str) and len(value) > MAX_NUMBER_DIGITS and _LONG_NUMBER.match(value):
                    raise InvalidInput([_at(event, path, (
                        f"a number of {len(value)} characters: no level, version or priority is "
                        "that long (quote it if it is text)"
                    ))])
            if nodes > limit.max_nodes:
                raise InvalidInput([_at(event, path, (
                    f"more than {limit.max_nodes} values once aliases (*name) are expanded: "
                    f"write the values out, or raise the limit with {ENV_MAX_NODES}"
                ))])
    except YAMLError as error:
        raise InvalidInput([_problem_from(error, path)]) from error


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


def uses_aliases(text: str) -> bool:
    """True when the text has anchors (``&a``), aliases (``*a``) or merge keys (``<<``)."""
    try:
        for event in _FAST.parse(text):
            if isinstance(event, AliasEvent) or (
                isinstance(event, NodeEvent) and event.anchor is not None
            ):
                return True
            if type(event).__name__ == "ScalarEvent" and getattr(event, "value", None) == "<<":
                return True
    except YAMLError:
        return False
    return False


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
    level: list[Any] = [data]
    while level:
        below: list[Any] = []
        for node in level:
            if type(node) is dict:
                below += [v for v in node.values() if isinstance(v, _COLLECTIONS)]
            elif type(node) is list:
                below += [v for v in node if isinstance(v, _COLLECTIONS)]
        if not below and not any(isinstance(n, _COLLECTIONS) for n in level):
            break
        deepest += 1
        level = below
    return deepest


def _ruamel_load(text: str, path: str, limit: Limits | None = None) -> Any:
    check_depth(text, path, limit)
    try:
        return _FAST.load(text)
    except YAMLError as error:
        raise InvalidInput([_problem_from(error, path)]) from error
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as error:
        raise InvalidInput([Problem(path, 1, 1, f"cannot be read as YAML: {error}")]) from error


def load_text(text: str, path: str, limit: Limits | None = None) -> Any:
    """Parse YAML text fast; a syntax error, duplicate key or too deep nesting raises ``InvalidInput``.

    Plain text goes to ``yaml_rs``: it has no alias, so it has fewer values than
    characters (the node budget holds when the text is short enough), its blocks
    cannot nest deep, and the nesting it has is measured on the data; anything over
    a limit goes to ruamel's path, where ``check_depth`` says where.
    """
    limit = limit or Limits()
    body = text.removeprefix("\ufeff")
    if len(body) >= limit.max_nodes // 2 or not _plain(body):
        return _ruamel_load(text, path, limit)
    try:
        data = yaml_rs.loads(body, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError):
        # ruamel words the problem as users know it, at its position (or reads what
        # only yaml_rs's own limits refused, such as flow nesting past 255)
        return _ruamel_load(text, path, limit)
    if _depth(data) > limit.max_depth:
        return _ruamel_load(text, path, limit)
    return data


def load_file(path: Path, root: Path | None = None, limit: Limits | None = None) -> Any:
    """Read (safely, see ``read_input``) and parse one YAML file."""
    return load_text(read_input(path, root, limit), display_path(path), limit)


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
            try:
                text = self._text if self._text is not None else read_input(self.path)
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
