"""Properties of scoring that hold for every rubric and answer set (hypothesis), and a fuzz
test: generated YAML-ish text fed to the loader and the validator never ends in a crash."""

from __future__ import annotations

import dataclasses
import random
import shutil
import string
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.core.model import Answer, Rubric, Snapshot
from maturity.core.scoring import SnapshotScore, score_snapshot
from maturity.errors import InvalidInput
from maturity.store.rubrics import check_rubric, load_rubrics
from maturity.store.systems import check_snapshot
from maturity.store.yamlio import load_text
from tests.core.helpers import rubric as make_rubric
from tests.core.helpers import snapshot as make_snapshot

STATUSES = ["done", "partial", "todo", "na", None]  # None: unassessed
BASE = Path(__file__).parent / "base"


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    top = draw(st.integers(1, 4))
    dims = {
        f"d{n}": {lv: draw(st.integers(0, 3)) for lv in range(1, top + 1)}
        for n in range(draw(st.integers(1, 3)))
    }
    if not any(c for per_level in dims.values() for c in per_level.values()):
        dims["d0"][1] = 1
    return make_rubric(
        dims,
        levels=top,
        threshold=draw(st.sampled_from(["0.5", "0.75", "0.8", "1"])),
        cumulative=draw(st.booleans()),
        partial_credit=draw(st.sampled_from(["0", "0.25", "0.5", "1"])),
    )


@st.composite
def scored_cases(draw: st.DrawFn) -> tuple[Rubric, dict[str, str]]:
    rub = draw(rubrics())
    answers = {}
    for item in rub.items:
        status = draw(st.sampled_from(STATUSES))
        if status is not None:
            answers[item.id] = status
    return rub, answers


def _score(rub: Rubric, answers: dict[str, str]) -> SnapshotScore:
    return score_snapshot(rub, make_snapshot(answers))


def _levels(scored: SnapshotScore) -> list[tuple[int, int]]:
    return [(s.level, s.upper) for s in [scored.overall, *scored.dimensions.values()]]


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(scored_cases())
def test_a_level_never_exceeds_its_upper_level(case: tuple[Rubric, dict[str, str]]) -> None:
    rub, answers = case
    for level, upper in _levels(_score(rub, answers)):
        assert rub.min_level <= level <= upper <= rub.max_level


@FAST
@given(scored_cases(), st.data())
def test_one_more_done_never_lowers_a_level(case: tuple[Rubric, dict[str, str]], data: st.DataObject) -> None:
    rub, answers = case
    open_items = [i.id for i in rub.items if answers.get(i.id) != "done"]
    if not open_items:
        return
    item = data.draw(st.sampled_from(open_items))
    before = _levels(_score(rub, answers))
    after = _levels(_score(rub, {**answers, item: "done"}))
    for (level_before, upper_before), (level_after, upper_after) in zip(before, after, strict=True):
        assert level_after >= level_before
        assert upper_after >= upper_before


@FAST
@given(scored_cases(), st.randoms(use_true_random=False))
def test_answer_order_never_matters(case: tuple[Rubric, dict[str, str]], rng: random.Random) -> None:
    rub, answers = case
    items = list(answers.items())
    rng.shuffle(items)
    shuffled: Snapshot = dataclasses.replace(
        make_snapshot(answers),
        answers=MappingProxyType({i: Answer(i, s, note="why" if s == "na" else None) for i, s in items}),  # type: ignore[arg-type]
    )
    assert _levels(score_snapshot(rub, shuffled)) == _levels(_score(rub, answers))


# --------------------------------------------------------------------------- fuzz

KEYS = ["rubric", "date", "answers", "declared", "plan", "assessors", "summary", "status", "note",
        "evidence", "data.versioned", "data.checked", "deploy.canary", "item", "priority", "data",
        "<<", "on", "no", "level", "id", "version", "levels", "dimensions", "items", "scoring",
        "threshold", "name", "title", "source", "text", "summary"]
SCALARS = ["tiny@1", "2026-01-10", "2026-02-30", "2999-01-01", "done", "na", "partial", "todo", "1",
           "2.0", "1e1", ".nan", "-.inf", "~", "null", "true", "yes", "0x1F", "0o7", "'quoted'",
           '"\\u200b"', '"\\e]0;x\\a"', "javascript:alert(1)", "'\\\\host\\x'", "!!python/object:os.system x",
           "!!binary aGk=", "&a x", "*a", "*b", "99999999999999999999999", "[]", "{}", "|\n  block",
           "=cmd", "💥", "\u202e", ""]


@st.composite
def yamlish(draw: st.DrawFn, depth: int = 0) -> str:
    """Text that is YAML, or nearly: mappings, lists, flow, odd scalars, tags, anchors,
    stray indentation and punctuation."""
    kinds = ["map", "list", "flow", "scalar", "junk"] if depth < 4 else ["scalar", "junk"]
    kind = draw(st.sampled_from(kinds))
    indent = "  " * depth
    if kind == "map":
        lines = []
        for _ in range(draw(st.integers(0, 4))):
            key = draw(st.sampled_from(KEYS))
            value = draw(yamlish(depth + 1))
            lines.append(f"{indent}{key}:" + (f"\n{value}" if "\n" in value else f" {value.strip()}"))
        return "\n".join(lines) if lines else "{}"
    if kind == "list":
        items = [draw(yamlish(depth + 1)).strip() for _ in range(draw(st.integers(0, 3)))]
        return "\n".join(f"{indent}- {item}" for item in items) if items else "[]"
    if kind == "flow":
        parts = [draw(st.sampled_from(SCALARS)) for _ in range(draw(st.integers(0, 3)))]
        opening = draw(st.sampled_from(["[", "{"]))
        return opening + ", ".join(parts) + draw(st.sampled_from(["]", "}", "", "]]"]))
    if kind == "junk":
        return draw(st.text(alphabet=string.printable + "\u00e9\u200b\ufeff\x00\x1b", max_size=30))
    return draw(st.sampled_from(SCALARS))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish())
def test_generated_yaml_never_crashes_the_loader(text: str) -> None:
    try:
        load_text(text, "fuzz.yaml")
    except InvalidInput as error:
        assert error.problems and all(p.path == "fuzz.yaml" and p.line >= 1 for p in error.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(text=yamlish())
def test_generated_yaml_never_crashes_the_validator(tmp_path_factory: Any, text: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "rubrics").mkdir()
    shutil.copy(BASE / "rubrics" / "tiny.yaml", folder / "rubrics" / "tiny.yaml")
    known, problems = load_rubrics(folder)
    assert not problems
    snapshot = folder / "assessments" / "demo" / "2026-01-10.yaml"
    snapshot.parent.mkdir(parents=True)
    for body in (text, "rubric: tiny@1\ndate: 2026-01-10\n" + text):
        snapshot.write_text(body, "utf-8")
        for found in (check_snapshot(snapshot, known, "demo")[1], check_rubric(snapshot)[1]):
            assert all(p.line >= 1 and p.column >= 1 and p.message for p in found)
