"""Targeted text edits of YAML: splice new text into the exact span of a node.

Re-serialising a whole document (even with ruamel.yaml's round trip) can re-indent
sequences, respace flow maps or re-wrap long lines it did not change. Here the
document is only *composed* (nodes with start and end positions) and each change is
a splice of the original text, so every character outside the changed spans stays
as it was. After the splices, a trailing comment that was aligned at a column on a
changed line is put back at that column when there is room.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from maturity.errors import WriteRefused

NULL_TAG = "tag:yaml.org,2002:null"
_AMBIGUOUS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}
_TRAILING_COMMENT = re.compile(r"^(.*?\S)( {2,})(#[^'\"]*)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` by ``new`` (``start == end``: insert)."""

    start: int
    end: int
    new: str


# --------------------------------------------------------------------------- line ends, BOM

BOM = "\ufeff"


@dataclass(frozen=True)
class Layout:
    """What the edits work around and put back: the line end (LF or CRLF) and a BOM."""

    newline: str = "\n"
    bom: bool = False

    def restore(self, text: str) -> str:
        text = text if self.newline == "\n" else text.replace("\n", self.newline)
        return BOM + text if self.bom else text


def split_layout(raw: str, shown: str) -> tuple[str, Layout]:
    """The text with ``\\n`` line ends and no BOM, and the layout to restore when writing."""
    bom = raw.startswith(BOM)
    raw = raw.removeprefix(BOM)
    crlf = raw.count("\r\n")
    if crlf == 0:
        if "\r" in raw:
            raise WriteRefused(f"not written: {shown} uses bare CR line ends; convert it to LF first")
        return raw, Layout("\n", bom)
    if crlf != raw.count("\n") or raw.count("\r") != crlf:
        raise WriteRefused(
            f"not written: {shown} mixes CRLF and LF line ends; convert it to one kind first"
        )
    return raw.replace("\r\n", "\n"), Layout("\r\n", bom)


# --------------------------------------------------------------------------- nodes


def compose(text: str) -> Node:
    """The document's node tree, with positions (``start_mark``/``end_mark``)."""
    try:  # libyaml, as the loader reads files: both accept and reject the same text
        node = YAML(typ="safe", pure=False).compose(text)
    except YAMLError as error:
        raise WriteRefused(f"not written: the file cannot be parsed: {error}") from error
    if not isinstance(node, MappingNode):
        raise WriteRefused("not written: the file is not a YAML mapping")
    return node


def pairs(mapping: Node) -> list[tuple[ScalarNode, Node]]:
    return list(mapping.value) if isinstance(mapping, MappingNode) else []


def find(mapping: Node, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in pairs(mapping):
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def is_empty_null(node: Node) -> bool:
    """A value that is not written at all (``key:`` followed by nothing)."""
    return (
        isinstance(node, ScalarNode) and node.tag == NULL_TAG and node.value == ""
        and node.start_mark.index == node.end_mark.index
    )


def after_colon(text: str, key: ScalarNode) -> int:
    """The index just after the ``:`` that follows a mapping key."""
    index = int(key.end_mark.index)
    while index < len(text) and text[index] in " \t":
        index += 1
    if index >= len(text) or text[index] != ":":
        raise WriteRefused(f"not written: cannot find the ':' after key {key.value!r}")
    return index + 1


def _rstrip_index(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def value_end(text: str, key: ScalarNode, value: Node) -> int:
    """The index just after the last character of a mapping entry's value."""
    if is_empty_null(value):
        return after_colon(text, key)
    end: int = node_end(text, value)
    return end


def node_end(text: str, node: Node) -> int:
    """The index just after the last character of ``node`` (comments after it excluded)."""
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            return _rstrip_index(text, node.start_mark.index, node.end_mark.index)
        return int(node.end_mark.index)
    if getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    if isinstance(node, MappingNode):
        key, value = node.value[-1]
        return value_end(text, key, value)
    if isinstance(node, SequenceNode):
        last = node.value[-1]
        if is_empty_null(last):
            return _rstrip_index(text, node.start_mark.index, node.end_mark.index)
        return node_end(text, last)
    return int(node.end_mark.index)


def is_flow(node: Node) -> bool:
    return bool(getattr(node, "flow_style", False))


def line_after(text: str, index: int) -> int:
    """The index where the line after the one holding ``index`` starts (may be ``len``)."""
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def insert_lines_after(text: str, index: int, lines: Sequence[str]) -> Splice:
    """Insert whole lines after the line that holds ``index``."""
    at = line_after(text, index)
    block = "".join(f"{line}\n" for line in lines)
    if at == len(text) and not text.endswith("\n"):
        block = "\n" + block.removesuffix("\n")
    return Splice(at, at, block)


def sequence_offset(root: Node) -> int:
    """How far this file indents a block sequence's dash past its parent key (default 2)."""
    stack: list[Node] = [root]
    while stack:  # depth first, in document order: the first block sequence sets the style
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(value, SequenceNode) and not is_flow(value) and value.value:
                    return max(0, int(value.start_mark.column) - int(key.start_mark.column))
            stack.extend(reversed([value for _, value in node.value]))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return 2


# --------------------------------------------------------------------------- scalars


def _printable(char: str) -> bool:
    code = ord(char)
    return (
        code in (0x09, 0x0A, 0x0D) or 0x20 <= code <= 0x7E or code == 0x85
        or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    ) and char not in "\u2028\u2029\ufeff\x85"


def double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON string syntax, every odd character escaped)."""
    body = json.dumps(value, ensure_ascii=False)
    return "".join(c if _printable(c) else f"\\u{ord(c):04x}" if ord(c) < 0x10000
                   else f"\\U{ord(c):08x}" for c in body)


_READERS = (YAML(typ="safe", pure=True), YAML(typ="safe", pure=False))


def _reads_back(document: str, expected: Any) -> bool:
    """Both the pure-Python reader and libyaml (stricter in flow context) read ``expected``."""
    try:
        return all(reader.load(document) == expected for reader in _READERS)
    except YAMLError:
        return False


def scalar(value: str, flow: bool) -> str:
    """``value`` written plain when every YAML reader reads it back as the same string."""
    if value.strip().lower() in _AMBIGUOUS or value != value.strip() or "\n" in value:
        return double_quoted(value)
    document, expected = (f"[{value}]", [value]) if flow else (f"k: {value}", {"k": value})
    return value if _reads_back(document, expected) else double_quoted(value)


def date_scalar(value: str) -> str:
    """A date as the shipped files write it: plain ``YYYY-MM-DD``."""
    return value if _DATE.match(value) else scalar(value, flow=False)


def flow_sequence(values: Iterable[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def requote(node: Node, word: str) -> str:
    """A plain word written with the quotes the node had (a status, a date)."""
    style = getattr(node, "style", None)
    if style in ('"', "'"):
        return f"{style}{word}{style}"
    return word


# --------------------------------------------------------------------------- applying


def _realign(old_line: str, new_line: str) -> str:
    """Keep a trailing comment at its old column when the line's content got longer or shorter."""
    match = _TRAILING_COMMENT.match(old_line)
    if not match:
        return new_line
    column, comment = len(match.group(1)) + len(match.group(2)), match.group(3)
    if not new_line.endswith(comment):
        return new_line
    body = new_line[: -len(comment)].rstrip(" ")
    if body == new_line[: -len(comment)] or not body:
        return new_line
    return body + " " * max(2, column - len(body)) + comment


def apply(text: str, splices: Iterable[Splice]) -> str:
    """Apply non-overlapping splices (inserts at one index keep their order).

    Each changed line keeps a trailing comment at its old column. Only the lines the
    splices touch are looked at, so an edit costs time in proportion to the file
    (a file of thousands of comment lines is no slower per line than a short one)."""
    ordered = [s for _, s in sorted(enumerate(splices), key=lambda pair: (pair[1].start, pair[0]))]
    out: list[str] = []
    at = 0
    index = 0
    while index < len(ordered):
        # One region: the whole lines the next splices touch (splices on one line go together).
        first = ordered[index]
        if first.start < at:
            raise WriteRefused("not written: overlapping edits (please report this as a bug)")
        line_start = text.rfind("\n", 0, first.start) + 1
        if line_start < at:  # shares a line with the region before: joined onto it
            line_start = at
        pieces: list[str] = []
        cursor = line_start
        while True:
            splice = ordered[index]
            if splice.start < cursor:
                raise WriteRefused("not written: overlapping edits (please report this as a bug)")
            pieces += [text[cursor : splice.start], splice.new]
            cursor = splice.end
            index += 1
            line_end = text.find("\n", cursor)
            line_end = len(text) if line_end < 0 else line_end
            if index >= len(ordered) or ordered[index].start > line_end:
                break
        pieces.append(text[cursor:line_end])
        old, new = text[line_start:line_end], "".join(pieces)
        old_lines, new_lines = old.split("\n"), new.split("\n")
        if len(old_lines) == len(new_lines):
            pairs = zip(old_lines, new_lines, strict=True)
            new = "\n".join(_realign(o, n) if o != n else n for o, n in pairs)
        out += [text[at:line_start], new]
        at = line_end
    out.append(text[at:])
    return "".join(out)
