"""The fast parser (yaml_rs) reads every file it is given exactly as ruamel's safe loader
does, and whatever it would read differently goes to ruamel (store/yamlio.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maturity.errors import InvalidInput
from maturity.store import yamlio

# Text the two parsers read alike, and text where they differ (tags, merge keys,
# documents, control characters, number forms, a mapping as a key, deep blocks).
SAMPLES = {
    "duplicate key": "a: 1\na: 2\n",
    "nested duplicate key": "x:\n  a: 1\n  b: 2\n  a: 3\n",
    "duplicate key in another style": "a: 1\n'a': 2\n",
    "1 and true are the same key": "1: a\ntrue: b\n",
    "unknown tag": "a: !foo bar\n",
    "python tag": "a: !!python/object:os.system x\n",
    "binary tag": "a: !!binary aGVsbG8=\n",
    "omap tag": "a: !!omap [x: 1]\n",
    "string tag": "a: !!str 12\n",
    "non-specific tag": "a: ! x\n",
    "date": "date: 2024-01-15\n",
    "impossible date": "date: 2024-02-30\n",
    "timestamp": "t: 2024-01-15T12:00:00Z\n",
    "YAML 1.1 booleans": "no: yes\nn: off\ny: on\n",
    "booleans": "a: True\nb: TRUE\nc: false\n",
    "nulls": "a: ~\nb: null\nc:\n",
    "numbers": "a: 0o17\nb: 0x1F\nc: 017\nd: 1_000\ne: +5\nf: 2.0\ng: 1e3\nh: .inf\n",
    "numbers only yaml_rs reads": "a: 0X1F\nb: 0O17\nc: 0B1\nd: _1\ne: -_1\n",
    "equals sign alone": "a: =\nb: [=]\n",
    "equals sign in text": "a: x = y\nb: https://x.example/?a=b\n",
    "anchor and alias": "a: &x [1, 2]\nb: *x\n",
    "merge key": "a: &x {k: 1}\nb: {<<: *x, j: 2}\n",
    "undefined alias": "a: *nope\n",
    "ampersand and star in text": "a: R & D, 3 * 4\n",
    "list as a key": "? [a, b]\n: c\n",
    "mapping as a key": "? {a: 1}\n: b\n",
    "flow mapping as a key": "{a: 1}: b\n",
    "list of a mapping as a key": "[{a: 1}]: x\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "mapping in a plain value": "a: b: c\n",
    "tab indentation": "a:\n\tb: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "document start": "---\na: 1\n",
    "document end": "a: 1\n...\n",
    "directive": "%YAML 1.1\n---\na: yes\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "a list": "- a\n- b\n",
    "a scalar": "hello\n",
    "byte order mark": "\ufeffa: 1\n",
    "byte order mark inside": "a: x\ufeffy\n",
    "bell character": "a: \x07\n",
    "NUL character": "a: \x00\n",
    "quoted escapes": 'a: "\\N\\_x\\u263A\\x41 \\t"\n',
    "block scalars": "a: |\n  x\n  y\n\nb: >-\n  p\n  q\n\n  r\n",
    "folded plain": "a: plain\n  folded\n\n  line\n",
    "exclamation in text": "a: wow!\n",
    "question in text": "a: why? because\n",
    "very long line": "a: " + "x" * 200_000 + "\n",
    "deep flow": "a: " + "[" * 60 + "]" * 60 + "\n",
    "too deep flow": "a: " + "[" * 300 + "]" * 300 + "\n",
    "deep block": "".join(" " * i + "k:\n" for i in range(40)),
    "compact sequences": "- " * 40 + "a\n",
    "non-ASCII": "name: Zoë — 日本 😀\n",
}


def _read(load: Any, text: str) -> tuple[str, Any]:
    try:
        return "data", load(text)
    except InvalidInput as error:
        return "problem", [str(p) for p in error.problems]


@pytest.mark.parametrize("text", SAMPLES.values(), ids=list(SAMPLES))
def test_load_text_reads_as_ruamel_does(text: str) -> None:
    """The same data, or the same positioned problem, as ruamel's safe loader alone."""
    fast = _read(lambda t: yamlio.load_text(t, "f.yaml"), text)
    slow = _read(lambda t: yamlio._ruamel_load(t.removeprefix("\ufeff"), "f.yaml"), text)
    assert fast == slow


@pytest.mark.parametrize(
    "name", ["unknown tag", "merge key", "mapping as a key", "two documents", "bell character",
             "numbers only yaml_rs reads", "equals sign alone", "compact sequences", "deep block"],
)
def test_what_yaml_rs_reads_differently_goes_to_ruamel(name: str) -> None:
    assert not yamlio._plain(SAMPLES[name])


@pytest.mark.parametrize(
    "name", ["ampersand and star in text", "equals sign in text", "question in text", "non-ASCII",
             "YAML 1.1 booleans", "date", "very long line"],
)
def test_ordinary_text_takes_the_fast_parser(name: str) -> None:
    assert yamlio._plain(SAMPLES[name])


def test_every_shipped_file_reads_the_same_with_both_parsers(repo: Path) -> None:
    files = sorted(repo.glob("rubrics/*.yaml")) + sorted(repo.glob("assessments/*/*.yaml"))
    assert len(files) > 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlio._plain(text), path
        assert yamlio.load_text(text, "f.yaml") == yamlio._ruamel_load(text, "f.yaml"), path
