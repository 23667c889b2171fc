"""Mappings: PRODUCT.md's derivation rules, checked exhaustively and by property."""

from __future__ import annotations

import dataclasses
import itertools
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.core.mapping import derive_answer, derive_status, translate
from maturity.core.model import Answer, Derivation, Rubric, RubricMapping, Rule
from maturity.core.scoring import score_snapshot

from .helpers import rubric, snapshot

STATUSES = ("done", "partial", "todo", "na", "unassessed")


def product_rule(rule: str, statuses: tuple[str, ...]) -> str:
    """PRODUCT.md's text, sentence by sentence, written apart from the package's code.

    "drop the na ones; if none is left the result is na. Otherwise, for all_of: any
    unassessed → unassessed; all done → done; all todo → todo; else partial. For
    any_of: any done → done; else any unassessed → unassessed; else any partial →
    partial; else todo."
    """
    kept = [s for s in statuses if s != "na"]
    if len(kept) == 0:
        return "na"
    if rule == "all_of":
        if any(s == "unassessed" for s in kept):
            return "unassessed"
        if kept.count("done") == len(kept):
            return "done"
        if kept.count("todo") == len(kept):
            return "todo"
        return "partial"
    if any(s == "done" for s in kept):
        return "done"
    if any(s == "unassessed" for s in kept):
        return "unassessed"
    if any(s == "partial" for s in kept):
        return "partial"
    return "todo"


COMBOS = [combo for n in (1, 2, 3) for combo in itertools.product(STATUSES, repeat=n)]


@pytest.mark.parametrize("rule", ["all_of", "any_of"])
@pytest.mark.parametrize("statuses", COMBOS, ids=["+".join(c) for c in COMBOS])
def test_every_mix_of_statuses_follows_the_rule(rule: str, statuses: tuple[str, ...]) -> None:
    """Every mix of one to three source statuses, with and without na and unassessed."""
    assert derive_status(rule, statuses) == product_rule(rule, statuses)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "statuses", "derived"),
    [
        ("all_of", ("done", "na"), "done"),  # na sources are dropped
        ("all_of", ("na", "na"), "na"),  # nothing left: na
        ("all_of", ("done", "todo"), "partial"),  # one of two practices: partial, not done
        ("all_of", ("todo", "todo"), "todo"),
        ("all_of", ("done", "unassessed"), "unassessed"),  # unknown stays unknown
        ("any_of", ("todo", "done"), "done"),  # one way is enough
        ("any_of", ("todo", "unassessed"), "unassessed"),  # might be done
        ("any_of", ("partial", "todo"), "partial"),
        ("any_of", ("todo", "na"), "todo"),
    ],
)
def test_the_rules_read_as_written(rule: str, statuses: tuple[str, ...], derived: str) -> None:
    assert derive_status(rule, statuses) == derived  # type: ignore[arg-type]


def test_a_derived_answer_carries_the_evidence_of_its_sources_and_names_them() -> None:
    snap = dataclasses.replace(
        snapshot({}),
        rubric="src@1",
        answers=MappingProxyType({
            "a.x": Answer("a.x", "done", ("https://e.example/1", "https://e.example/2"), "CI"),
            "a.y": Answer("a.y", "partial", ("https://e.example/2", "https://e.example/3")),
        }),
    )
    answer = derive_answer("b.z", Derivation("all_of", ("a.x", "a.y")), snap)
    assert answer is not None
    assert answer.status == "partial"
    assert answer.evidence == ("https://e.example/1", "https://e.example/2", "https://e.example/3")
    assert answer.note is not None and "a.x (done: CI)" in answer.note and "a.y (partial)" in answer.note
    assert "src@1" in answer.note and "all of" in answer.note
    assert derive_answer("b.z", Derivation("any_of", ("a.q",)), snap) is None  # unassessed


def test_an_na_derived_answer_has_a_note_saying_why() -> None:
    snap = dataclasses.replace(
        snapshot({}), answers=MappingProxyType({"a.x": Answer("a.x", "na", note="no model trained")})
    )
    answer = derive_answer("b.z", Derivation("all_of", ("a.x",)), snap)
    assert answer is not None and answer.status == "na"
    assert answer.note is not None and "no model trained" in answer.note


# --- properties ---------------------------------------------------------------------

RANK = {"todo": 0, "partial": 1, "done": 2}


@st.composite
def rubric_and_answers(draw: st.DrawFn) -> tuple[Rubric, dict[str, str]]:
    levels = draw(st.integers(1, 4))
    dims = {
        name: {lv: draw(st.integers(0, 3)) for lv in range(1, levels + 1)}
        for name in ("a", "b")[: draw(st.integers(1, 2))]
    }
    dims = {d: {lv: n for lv, n in per.items() if n} or {1: 1} for d, per in dims.items()}
    r = rubric(dims, levels=levels, cumulative=draw(st.booleans()))
    answers = {
        i.id: s
        for i in r.items
        if (s := draw(st.sampled_from(STATUSES))) != "unassessed"
    }
    return r, answers


@settings(max_examples=150, deadline=None)
@given(rubric_and_answers(), st.sampled_from(["identity", "all_of", "any_of"]))
def test_an_identity_mapping_changes_no_level(case: tuple[Rubric, dict[str, str]], how: str) -> None:
    """Carried by identity, or item by item to itself, every level and range is unchanged."""
    source, answers = case
    target = dataclasses.replace(source, version=2)
    rule: Rule = "any_of" if how == "any_of" else "all_of"
    items = {} if how == "identity" else {i.id: Derivation(rule, (i.id,)) for i in source.items}
    mapping = RubricMapping("test@1", "test@2", identity=True, items=MappingProxyType(items))
    snap = snapshot(answers)
    before = score_snapshot(source, snap)
    after = score_snapshot(target, translate(mapping, source, target, snap))
    assert (after.overall.level, after.overall.upper) == (before.overall.level, before.overall.upper)
    for dim_id, score in before.dimensions.items():
        assert (after.dimensions[dim_id].level, after.dimensions[dim_id].upper) == (score.level, score.upper)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["all_of", "any_of"]), st.lists(st.sampled_from(STATUSES), min_size=1, max_size=6))
def test_a_derived_answer_never_claims_more_than_its_sources(rule: str, statuses: list[str]) -> None:
    """In the order done > partial > todo, a derived answer is never above its strongest
    source, and an all_of answer is done only when its weakest source is done.

    (An all_of over done and todo is partial by PRODUCT.md's rule, above its weakest
    source: "one of two practices" is partial credit, never a whole one.)
    """
    derived = derive_status(rule, statuses)  # type: ignore[arg-type]
    if derived not in RANK:
        return  # na or unassessed: no credit claimed
    assessed = [RANK[s] for s in statuses if s in RANK]
    assert assessed, statuses  # a credited answer always comes from assessed sources
    assert RANK[derived] <= max(assessed), (rule, statuses, derived)
    if rule == "all_of" and derived == "done":
        assert min(assessed) == RANK["done"], statuses
    if rule == "all_of":
        assert "unassessed" not in statuses  # an unknown source never yields credit
