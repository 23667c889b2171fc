"""The editing core: new, set, reassess change exactly the intended lines, or nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from maturity.core.model import Answer, Snapshot
from maturity.core.scoring import score_snapshot
from maturity.errors import InvalidInput, NotFound, UsageError, WriteRefused
from maturity.store.edit import new_system, reassess, set_answer
from maturity.store.load import load_system
from maturity.store.rubrics import load_rubrics
from maturity.store.validate import validate
from maturity.store.yamlio import load_text

from .editing import DATE, ODD, REPO, SYSTEM, leftovers, line_changes, make_root, snapshot_path

NEW_DATE = dt.date(2026, 3, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path)


DAY = dt.date(2026, 1, 10)  # the date of a new system's first snapshot


def _edit(root: Path, *args: object, **kwargs: object) -> tuple[str, str]:
    path = snapshot_path(root)
    before = path.read_text(encoding="utf-8")
    set_answer(root, SYSTEM, *args, **kwargs)  # type: ignore[arg-type]
    return before, path.read_text(encoding="utf-8")


def _replaced(old_line: str, *new_lines: str) -> str:
    """ODD with one line replaced by others (the line must occur once)."""
    assert ODD.count(old_line + "\n") == 1
    return ODD.replace(old_line + "\n", "".join(line + "\n" for line in new_lines))


def test_the_crafted_file_is_valid(root: Path) -> None:
    """The fixture itself passes validation, so refusals below come from the edit."""
    assert validate(root) == []


# --------------------------------------------------------------------------- set: styles kept


@pytest.mark.parametrize(
    ("item", "status", "old_line", "new_line"),
    [
        pytest.param(
            "training.experiment-tracking", "partial",
            "    training.experiment-tracking: todo          # aligned comment",
            "    training.experiment-tracking: partial       # aligned comment",
            id="shorthand-keeps-comment-column",
        ),
        pytest.param(
            "data.versioning", "done",
            '    data.versioning:   "todo"        # quoted shorthand',
            '    data.versioning:   "done"        # quoted shorthand',
            id="double-quoted-shorthand",
        ),
        pytest.param(
            "data.catalog", "done",
            "    data.catalog: 'partial'",
            "    data.catalog: 'done'",
            id="single-quoted-shorthand",
        ),
        pytest.param(
            "data.lineage", "done",
            "    data.lineage: ~",
            "    data.lineage: done",
            id="explicit-null",
        ),
        pytest.param(
            "training.hyperparameter-tuning", "todo",
            "    training.hyperparameter-tuning:             # unassessed, listed",
            "    training.hyperparameter-tuning: todo        # unassessed, listed",
            id="empty-value-keeps-comment",
        ),
        pytest.param(
            "training.distributed", "done",
            "    training.distributed: { status: todo,",
            "    training.distributed: { status: done,",
            id="multi-line-flow-map",
        ),
    ],
)
def test_status_only_changes_one_line(
    root: Path, item: str, status: str, old_line: str, new_line: str
) -> None:
    """Only the answer's line changes, in its own style; every other byte stays."""
    before, after = _edit(root, item, status)
    assert line_changes(before, after) == [([old_line + "\n"], [new_line + "\n"])]
    assert after == _replaced(old_line, new_line)
    assert load_system(root, SYSTEM)[1].current.status(item) == status


def test_flow_map_updates_its_keys_in_place(root: Path) -> None:
    """Status and note change inside the flow map; spacing and the comment column stay."""
    old = "    data.centralized-storage: {status: done,   note: 'S3, versioned'}    # odd spacing"
    new = "    data.centralized-storage: {status: partial,   note: S3 only}         # odd spacing"
    assert old.index("#") == new.index("#")
    _, after = _edit(root, "data.centralized-storage", "partial", note="S3 only")
    assert after == _replaced(old, new)


def test_flow_map_gains_evidence_after_status(root: Path) -> None:
    before, after = _edit(root, "data.centralized-storage", "done", evidence=["https://s3.example.com/b"])
    old = "    data.centralized-storage: {status: done,   note: 'S3, versioned'}    # odd spacing"
    changes = line_changes(before, after)
    assert len(changes) == 1 and changes[0][0] == [old + "\n"]
    answer = load_system(root, SYSTEM)[1].current.answers["data.centralized-storage"]
    assert answer == Answer(
        "data.centralized-storage", "done", ("https://s3.example.com/b",), "S3, versioned"
    )
    assert changes[0][1][0].startswith("    data.centralized-storage: {status: done, evidence: [")


def test_block_map_appends_to_an_unindented_sequence(root: Path) -> None:
    """A new link goes under the last one, at the same dash column; status changes in place."""
    before, after = _edit(root, "data.quality-monitoring", "done", evidence=["https://example.com/ge2"])
    link = "        - https://example.com/ge      # sequence not indented\n"
    expected = ODD.replace(
        f"        status: todo\n        evidence:\n{link}",
        f"        status: done\n        evidence:\n{link}        - https://example.com/ge2\n",
    )
    assert after == expected
    assert len(line_changes(before, after)) == 2


def test_block_map_gains_a_note_line(root: Path) -> None:
    _, after = _edit(root, "training.automated-pipeline", "partial", note="half the pipelines")
    anchor = '            - "https://ci.example.com/train"'
    assert after == _replaced(anchor, anchor, "        note: half the pipelines")


def test_block_map_gains_evidence_with_the_files_sequence_indent(root: Path) -> None:
    """The file's first block sequence (assessors) is indented 4: new sequences follow it."""
    _, after = _edit(root, "data.feature-store", "na", evidence=["https://wiki.example.com/why"])
    assert after == _replaced(
        "        status: na",
        "        status: na", "        evidence:", "            - https://wiki.example.com/why",
    )


def test_block_scalar_note_is_replaced_whole(root: Path) -> None:
    """A folded note is replaced; the blank line and comment after it stay."""
    _, after = _edit(root, "training.advanced-hpo", "todo", note="replaced")
    assert after == ODD.replace("        note: >-\n            a folded\n            note\n",
                                "        note: replaced\n")


def test_missing_item_is_added_after_its_dimensions_last_answer(root: Path) -> None:
    _, after = _edit(root, "training.triggered", "todo")
    assert after == _replaced("            note", "            note", "    training.triggered: todo")


def test_missing_item_of_an_unlisted_dimension_goes_after_the_last_answer(root: Path) -> None:
    before, after = _edit(root, "versioning.registry", "done", evidence=["https://mlflow.example.com"])
    changes = line_changes(before, after)
    assert changes == [([], ['    versioning.registry: {status: done, evidence: ["https://mlflow.example.com"]}\n'])]
    assert after.index("versioning.registry") < after.index("# the end of the answers")


def test_evidence_is_appended_once(root: Path) -> None:
    link = "https://ci.example.com/train"
    change = set_answer(root, SYSTEM, "training.automated-pipeline", "partial",
                        evidence=[link, "https://ci.example.com/b", "https://ci.example.com/b"])
    answer = load_system(root, SYSTEM)[1].current.answers["training.automated-pipeline"]
    assert answer.evidence == (link, "https://ci.example.com/b")
    assert change.describe().endswith("(+1 evidence link)")


def test_hostile_text_reads_back_exactly(root: Path) -> None:
    """Quotes, colons, hashes, brackets, line breaks and non-ASCII survive as written."""
    note = 'a "quoted" note: with # hash, [brackets] {braces}\nsecond line → é'
    link = "https://example.com/a,b?x=1#frag"
    set_answer(root, SYSTEM, "data.versioning", "partial", evidence=[link], note=note)
    set_answer(root, SYSTEM, "data.feature-store", "na", note="yes")
    current = load_system(root, SYSTEM)[1].current
    assert current.answers["data.versioning"] == Answer("data.versioning", "partial", (link,), note)
    assert current.answers["data.feature-store"].note == "yes"
    data = load_text(snapshot_path(root).read_text(encoding="utf-8"), "x")
    assert data["answers"]["data.feature-store"]["note"] == "yes"  # a string, not a boolean


def test_older_snapshot_by_date(root: Path) -> None:
    """--date edits that snapshot; the newest stays byte-identical."""
    newest = reassess(root, SYSTEM, dt.date(2026, 4, 1))
    newest_bytes = newest.read_bytes()
    set_answer(root, SYSTEM, "data.catalog", "done", date=dt.date.fromisoformat(DATE))
    assert newest.read_bytes() == newest_bytes
    _, system = load_system(root, SYSTEM)
    assert system.snapshots[0].status("data.catalog") == "done"
    assert system.current.status("data.catalog") == "partial"


def test_unchanged_answer_writes_nothing(root: Path) -> None:
    path = snapshot_path(root)
    stat = path.stat()
    change = set_answer(root, SYSTEM, "data.catalog", "partial")
    assert not change.written
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert "unchanged" in change.describe()


# --------------------------------------------------------------------------- set: refusals


def _assert_untouched(root: Path, original: bytes) -> None:
    assert snapshot_path(root).read_bytes() == original
    assert leftovers(snapshot_path(root).parent) == []


def test_na_without_a_note_is_refused(root: Path) -> None:
    original = snapshot_path(root).read_bytes()
    with pytest.raises(WriteRefused) as error:
        set_answer(root, SYSTEM, "training.experiment-tracking", "na")
    line = ODD.splitlines().index("    training.experiment-tracking: todo          # aligned comment") + 1
    assert f"{SYSTEM}/{DATE}.yaml:{line}:" in str(error.value)
    assert "needs a note" in str(error.value)
    _assert_untouched(root, original)


def test_a_link_that_could_run_script_is_refused(root: Path) -> None:
    original = snapshot_path(root).read_bytes()
    with pytest.raises(WriteRefused, match="must be an http"):
        set_answer(root, SYSTEM, "data.catalog", "done", evidence=["javascript:alert(1)"])
    _assert_untouched(root, original)


def test_unknown_item_suggests_a_close_one(root: Path) -> None:
    with pytest.raises(NotFound, match=r"unknown item 'data.catalg' .*did you mean 'data.catalog'"):
        set_answer(root, SYSTEM, "data.catalg", "done")


def test_unknown_status_and_missing_snapshot(root: Path) -> None:
    with pytest.raises(UsageError, match="not one of done, partial, todo, na"):
        set_answer(root, SYSTEM, "data.catalog", "yes")
    with pytest.raises(NotFound, match=f"has no snapshot of 2020-01-01 .*{DATE}"):
        set_answer(root, SYSTEM, "data.catalog", "done", date=dt.date(2020, 1, 1))


def test_a_broken_system_is_reported_not_edited(root: Path) -> None:
    path = snapshot_path(root)
    path.write_text(ODD.replace("data.lineage: ~", "data.lineage: maybe"), encoding="utf-8")
    original = path.read_bytes()
    with pytest.raises(InvalidInput):
        set_answer(root, SYSTEM, "data.catalog", "done")
    assert path.read_bytes() == original


# --------------------------------------------------------------------------- line ends


def test_crlf_file_stays_crlf(tmp_path: Path) -> None:
    root = make_root(tmp_path, ODD.replace("\n", "\r\n"))
    path = snapshot_path(root)
    before = path.read_bytes()
    set_answer(root, SYSTEM, "training.triggered", "done")
    set_answer(root, SYSTEM, "data.lineage", "todo")
    after = path.read_bytes()
    assert after.count(b"\r\n") == after.count(b"\n")
    changes = line_changes(before.decode(), after.decode())
    assert changes == [
        ([b"    data.lineage: ~\r\n".decode()], [b"    data.lineage: todo\r\n".decode()]),
        ([], [b"    training.triggered: done\r\n".decode()]),
    ]


def test_mixed_line_ends_are_refused(tmp_path: Path) -> None:
    root = make_root(tmp_path, ODD.replace("\n", "\r\n", 3))
    original = snapshot_path(root).read_bytes()
    with pytest.raises(WriteRefused, match="mixes CRLF and LF"):
        set_answer(root, SYSTEM, "data.catalog", "done")
    _assert_untouched(root, original)


# --------------------------------------------------------------------------- reassess


def test_reassess_copies_the_newest_and_changes_only_the_date(root: Path) -> None:
    """The quoted date stays quoted; comments, answers and plan are kept."""
    path = reassess(root, SYSTEM, dt.date(2026, 4, 10))
    assert path == snapshot_path(root, "2026-04-10")
    old = snapshot_path(root).read_text(encoding="utf-8")
    new = path.read_text(encoding="utf-8")
    assert line_changes(old, new) == [
        (['date: "2026-01-10"   # quoted date\n'], ['date: "2026-04-10"   # quoted date\n'])
    ]
    _, system = load_system(root, SYSTEM)
    assert [str(s.date) for s in system.snapshots] == [DATE, "2026-04-10"]
    assert dict(system.snapshots[0].answers) == dict(system.current.answers)


def test_reassess_replaces_a_block_list_of_assessors(root: Path) -> None:
    path = reassess(root, SYSTEM, dt.date(2026, 4, 10), ["Cy", "Di: lead"])
    old = snapshot_path(root).read_text(encoding="utf-8")
    changes = line_changes(old, path.read_text(encoding="utf-8"))
    assert changes[1] == (
        ['    - "Ann (lead)"\n', "    - 'Bo'\n"], ["    - Cy\n", '    - "Di: lead"\n']
    )
    assert load_system(root, SYSTEM)[1].current.assessors == ("Cy", "Di: lead")


def test_reassess_of_the_shipped_example_keeps_every_comment(example_root: Path) -> None:
    system_id = "techcorp-support-chatbot"
    newest = load_system(example_root, system_id)[1].current
    path = reassess(example_root, system_id, newest.date + dt.timedelta(days=91))
    old = (example_root / "assessments" / system_id / f"{newest.date}.yaml").read_text(encoding="utf-8")
    assert line_changes(old, path.read_text(encoding="utf-8")) == [
        ([f"date: {newest.date}\n"], [f"date: {newest.date + dt.timedelta(days=91)}\n"])
    ]


def test_reassess_refuses_a_date_not_after_the_newest(root: Path) -> None:
    folder = snapshot_path(root).parent
    names = sorted(p.name for p in folder.iterdir())
    for when in (dt.date.fromisoformat(DATE), dt.date(2025, 12, 31)):
        with pytest.raises(UsageError, match="must be after the newest one"):
            reassess(root, SYSTEM, when)
    assert sorted(p.name for p in folder.iterdir()) == names


# --------------------------------------------------------------------------- new


@pytest.mark.parametrize("rubric_id", ["google-mlops", "azure-mlops"])
def test_new_lists_every_item_unassessed_and_validates(tmp_path: Path, rubric_id: str) -> None:
    root = make_root(tmp_path)
    paths = new_system(root, "fraud-detection", rubric_id, owner="Risk ML", assessors=["Al"],
                       date=NEW_DATE)
    folder = root / "assessments" / "fraud-detection"
    assert paths == [folder / "system.yaml", folder / f"{NEW_DATE}.yaml"]
    assert validate(root) == []
    portfolio, system = load_system(root, "fraud-detection")
    rubric = portfolio.rubric_for(system.current)
    assert rubric.id == rubric_id
    text = paths[1].read_text(encoding="utf-8")
    data = load_text(text, "x")
    assert list(data["answers"]) == [i.id for i in rubric.items]
    assert all(value is None for value in data["answers"].values())
    assert dict(system.current.answers) == {}  # listed without a value: unassessed
    lines = text.splitlines()
    for item in rubric.items:
        (line,) = [line for line in lines if line.lstrip().startswith(f"{item.id}:")]
        assert line.endswith(f"# {' '.join(item.text.split())}")
    for dim in rubric.dimensions:
        assert f"  # {dim.name}" in lines
    score = score_snapshot(rubric, system.current)
    assert (score.overall.level, score.overall.upper) == (rubric.min_level, rubric.max_level)
    assert system.target_level == rubric.min_level + 1
    assert system.name == "Fraud Detection" and system.owner == "Risk ML"
    assert system.current.assessors == ("Al",)


def test_new_then_set_scores_like_the_intended_answers(tmp_path: Path) -> None:
    """Answers set through the files score exactly as the same answers built in memory."""
    root = make_root(tmp_path)
    new_system(root, "fraud-detection", "google-mlops@1", date=NEW_DATE)
    portfolio, system = load_system(root, "fraud-detection")
    rubric = portfolio.rubric_for(system.current)
    data = rubric.dimension("data")
    level_one = data.items_at(rubric.min_level + 1)
    intended = {i.id: Answer(i.id, "done") for i in level_one}
    intended[data.items[-1].id] = Answer(data.items[-1].id, "na", note="no CI for data")
    path = system.current.path
    before = (root / "assessments" / "fraud-detection" / f"{NEW_DATE}.yaml").read_text(encoding="utf-8")
    for answer in intended.values():
        set_answer(root, "fraud-detection", answer.item, answer.status, note=answer.note)
    after = (root / "assessments" / "fraud-detection" / f"{NEW_DATE}.yaml").read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert sorted(a.split(":")[0].strip() for a, _ in changed) == sorted(intended)
    for a, b in changed:
        assert a.split("#", 1)[1] == b.split("#")[-1]  # the item's text stays as its comment
    current = load_system(root, "fraud-detection")[1].current
    assert dict(current.answers) == intended
    in_memory = Snapshot(system="fraud-detection", date=NEW_DATE, rubric=rubric.ref, assessors=(),
                         answers=MappingProxyType(intended), path=path)
    assert score_snapshot(rubric, current) == score_snapshot(rubric, in_memory)
    blank = score_snapshot(rubric, system.current)
    assert score_snapshot(rubric, current).dimensions["data"].level > blank.dimensions["data"].level


def test_new_writes_the_given_metadata(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    new_system(root, "fraud-detection", "google-mlops", name="Fraud: v2", owner="yes",
               description="Scores card payments.", target_level=3, target_date="2026-12-31",
               tags=["payments", "tier 1"], date=NEW_DATE)
    _, system = load_system(root, "fraud-detection")
    assert (system.name, system.owner, system.description) == ("Fraud: v2", "yes", "Scores card payments.")
    assert (system.target_level, system.target_date) == (3, dt.date(2026, 12, 31))
    assert system.tags == ("payments", "tier 1")


def test_new_refusals_write_nothing(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assessments = root / "assessments"
    names = sorted(p.name for p in assessments.iterdir())
    with pytest.raises(UsageError, match="not a plain slug"):
        new_system(root, "Fraud_Detection", "google-mlops", date=DAY)
    known = "acme-mlops@1, acme-mlops@2, azure-mlops@1, google-mlops@1, ml-test-readiness@1, mlops-grid@1"
    with pytest.raises(NotFound, match=rf"unknown rubric 'google' .*known: {known}"):
        new_system(root, "fraud", "google", date=DAY)
    with pytest.raises(WriteRefused, match="already exists"):
        new_system(root, SYSTEM, "google-mlops", date=DAY)
    with pytest.raises(WriteRefused, match=r"system.yaml:\d+:\d+: target level 9 is outside"):
        new_system(root, "fraud", "google-mlops", target_level=9, date=DAY)
    with pytest.raises(WriteRefused, match="target_date 'soon' is not a date"):
        new_system(root, "fraud", "google-mlops", target_date="soon", date=DAY)
    assert sorted(p.name for p in assessments.iterdir()) == names


def test_new_in_a_root_without_assessments_creates_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    new_system(root, "first", "azure-mlops", date=NEW_DATE)
    assert load_rubrics(root)[1] == [] and validate(root) == []
    assert load_system(root, "first")[1].current.date == NEW_DATE
    assert leftovers(root / "assessments") == []


@pytest.mark.parametrize(
    ("prefix", "newline", "final"),
    [("\ufeff", "\n", "\n"), ("\ufeff", "\r\n", "\r\n"), ("", "\n", "")],
    ids=["bom", "bom-crlf", "no-final-newline"],
)
def test_byte_order_mark_and_missing_final_newline_are_kept(
    tmp_path: Path, prefix: str, newline: str, final: str
) -> None:
    lines = ["rubric: google-mlops@1", "date: 2026-01-10", "answers:",
             "  data.catalog: todo\t# a tab before the comment", "  data.lineage: done"]
    original = prefix + newline.join(lines) + final
    root = make_root(tmp_path, original)
    set_answer(root, SYSTEM, "data.catalog", "partial")
    set_answer(root, SYSTEM, "data.versioning", "done")
    lines[3] = "  data.catalog: partial\t# a tab before the comment"
    lines.append("  data.versioning: done")
    assert snapshot_path(root).read_bytes().decode("utf-8") == prefix + newline.join(lines) + final


# --------------------------------------------------------------------------- set --checked


@pytest.mark.parametrize(
    ("item", "old_lines", "new_lines"),
    [
        pytest.param(
            "data.centralized-storage",
            ["    data.centralized-storage: {status: done,   note: 'S3, versioned'}    # odd spacing"],
            ["    data.centralized-storage: {status: done,   note: 'S3, versioned', checked: 2026-11-20}"
             "  # odd spacing"],
            id="flow-map-gets-the-key-at-its-end",
        ),
        pytest.param(
            "data.catalog",
            ["    data.catalog: 'partial'"],
            ["    data.catalog: {status: partial, checked: 2026-11-20}"],
            id="shorthand-becomes-a-flow-map",
        ),
        pytest.param(
            "training.automated-pipeline",
            ["    training.automated-pipeline:", "        status: partial", "        evidence:",
             '            - "https://ci.example.com/train"'],
            ["    training.automated-pipeline:", "        status: partial", "        evidence:",
             '            - "https://ci.example.com/train"', "        checked: 2026-11-20"],
            id="block-map-gets-a-line",
        ),
    ],
)
def test_set_checked_re_attests_without_changing_anything_else(
    root: Path, item: str, old_lines: list[str], new_lines: list[str]
) -> None:
    """``--checked`` writes only the date: status, evidence, note and every other line stay."""
    before, after = _edit(root, item, None, checked=dt.date(2026, 11, 20))
    assert after == before.replace("\n".join(old_lines) + "\n", "\n".join(new_lines) + "\n")
    answer = load_system(root, SYSTEM)[1].current.answers[item]
    assert answer.checked == dt.date(2026, 11, 20)


def test_set_checked_again_replaces_the_date(root: Path) -> None:
    set_answer(root, SYSTEM, "data.catalog", None, checked=dt.date(2026, 11, 1))
    before, after = _edit(root, "data.catalog", None, checked=dt.date(2026, 11, 20))
    assert line_changes(before, after) == [
        (["    data.catalog: {status: partial, checked: 2026-11-01}\n"],
         ["    data.catalog: {status: partial, checked: 2026-11-20}\n"]),
    ]


def test_set_checked_makes_expired_evidence_count_again(root: Path) -> None:
    """A re-attested answer is no longer expired as of the same date."""
    portfolio, system = load_system(root, SYSTEM)
    rubric = portfolio.rubric_for(system.current)
    aged = replace(rubric, scoring=replace(rubric.scoring, evidence_valid_days=90))
    as_of = dt.date(2026, 11, 23)
    assert "data.centralized-storage" in score_snapshot(aged, system.current, as_of).expired_evidence
    set_answer(root, SYSTEM, "data.centralized-storage", None, checked=dt.date(2026, 11, 20))
    current = load_system(root, SYSTEM)[1].current
    assert "data.centralized-storage" not in score_snapshot(aged, current, as_of).expired_evidence


def test_set_checked_on_an_unassessed_item_needs_a_status(root: Path) -> None:
    before = snapshot_path(root).read_bytes()
    with pytest.raises(UsageError, match=r"unassessed .* give a status"):
        set_answer(root, SYSTEM, "training.hyperparameter-tuning", None, checked=dt.date(2026, 11, 20))
    assert snapshot_path(root).read_bytes() == before
