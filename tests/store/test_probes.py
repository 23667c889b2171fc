"""Probe and map files: the shipped ones in order, a repository's own checked like every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.store.probes import load_probe_files
from maturity.store.rubrics import builtin_rubrics
from maturity.store.validate import validate
from tests.workflow.portfolios import new_root

RUBRICS = builtin_rubrics()


@pytest.mark.parametrize("rubric_id", ["google-mlops", "azure-mlops"])
def test_every_item_of_the_builtin_rubrics_is_mapped_or_explained(rubric_id: str) -> None:
    """Both ways: every item of the rubric is in the map (or said to be unseeable, with
    why), and every item and probe the map names exists (else load_probe_files complains)."""
    files = load_probe_files(None, RUBRICS)
    assert files.problems == ()
    probe_map = files.maps[rubric_id]
    items = {i.id for r in RUBRICS.values() if r.id == rubric_id for i in r.items}
    assert set(probe_map.items) | set(probe_map.unseen) == items
    assert not set(probe_map.items) & set(probe_map.unseen)
    assert all(why.strip() for why in probe_map.unseen.values())
    named = {p for rules in probe_map.items.values() for rule in rules for p in rule.probes}
    assert named <= set(files.probes)


def test_every_shipped_probe_is_used_by_a_map() -> None:
    files = load_probe_files(None, RUBRICS)
    used = {p for m in files.maps.values() for rules in m.items.values() for r in rules for p in r.probes}
    assert set(files.probes) == used


def _root(tmp_path: Path, files: dict[str, str]) -> Path:
    root = new_root(tmp_path / "root")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    return root


GOOD = ("id: has-notebooks\nversion: 1\nquestion: Are there notebooks?\nwhy: Because.\n"
        "match:\n  files: '*.ipynb'\n")
BAD_PATTERN = "content: {files: '*.py', pattern: '(unclosed'}"
MAP = "rubric: google-mlops\nitems:\n  "


def test_a_repository_adds_and_replaces_probes(tmp_path: Path) -> None:
    replaced = GOOD.replace("has-notebooks", "feast").replace("Are there notebooks?", "Feast, our way?")
    root = _root(tmp_path, {"probes/has-notebooks.yaml": GOOD, "probes/feast.yaml": replaced})
    files = load_probe_files(root, RUBRICS)
    assert files.problems == ()
    assert files.probes["has-notebooks"].question == "Are there notebooks?"
    assert files.probes["feast"].question == "Feast, our way?"
    assert validate(root) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("probes/x.yaml", GOOD.replace("has-notebooks", "x").replace("files: '*.ipynb'", BAD_PATTERN),
         "probes/x.yaml:6:37: not a regular expression: missing ), unterminated subpattern at position 0"),
        ("probes/x.yaml", GOOD.replace("has-notebooks", "x").replace("  files", "  filez"),
         "probes/x.yaml:6:3: unknown key 'filez'"),
        ("probes/has-notebooks.yaml", GOOD.replace("version: 1", "version: 1.5"),
         "probes/has-notebooks.yaml:2:10: "),
        ("probes/y.yaml", GOOD, "probes/y.yaml:1:5: id 'has-notebooks' differs from the file name 'y'"),
        ("probes/maps/google-mlops.yaml", MAP + "data.versioning:\n    - {any: [ghost], proposes: done}\n",
         "probes/maps/google-mlops.yaml:4:14: unknown probe 'ghost'"),
        ("probes/maps/google-mlops.yaml", MAP + "data.nope:\n    - {any: [feast], proposes: todo}\n",
         "probes/maps/google-mlops.yaml:4:"),
        ("probes/z.yml", GOOD, "probes/z.yml:1:1: not used: probes/z.yml; "),
    ],
)
def test_validate_checks_a_repositorys_probes(tmp_path: Path, name: str, text: str, expected: str) -> None:
    """A broken probe or map file: path:line:col, from validate of the whole root and of the folder."""
    root = _root(tmp_path, {name: text})
    found = [str(p) for p in validate(root)]
    assert any(expected in p for p in found), found
    folder = [str(p) for p in validate(root, [root / "probes"])]
    assert any(expected in p for p in folder), folder


def test_a_pattern_that_can_backtrack_for_ever_is_refused(tmp_path: Path) -> None:
    """A pull request's probe cannot make every later probe run hang on a crafted line."""
    text = GOOD.replace("files: '*.ipynb'", "content: {files: '*.py', pattern: '(\\\\w+\\\\s?)*$'}")
    root = _root(tmp_path, {"probes/has-notebooks.yaml": text})
    found = [str(p) for p in validate(root)]
    assert any("probes/has-notebooks.yaml:6:37: a repetition inside a repetition" in p for p in found), found
