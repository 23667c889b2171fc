"""Writing assessments: a new system, one answer changed, a new dated snapshot.

Every write is lossless and checked. Existing files are changed by splicing new text
into the exact span of what changes (``yamledit``), so comments, key order, quoting,
indentation and blank lines elsewhere stay byte for byte. The result is re-checked
with the loader's own checks, and parsed back to prove that nothing but the intended
values changed, before it atomically replaces the file (``atomic``). A write that
would produce an invalid file raises ``WriteRefused`` and leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from maturity.core.ids import id_problem
from maturity.core.lookup import resolve_rubric, suggest
from maturity.core.mapping import Changes, changes, derive_answer, mapping_between
from maturity.core.model import (
    STATUSES,
    UNASSESSED,
    Answer,
    Profile,
    Rubric,
    RubricMapping,
    Snapshot,
    Status,
    visible_text,
)
from maturity.errors import InvalidInput, NotFound, Problem, UsageError, WriteRefused
from maturity.store.atomic import create_folder_checked, replace_checked, system_lock
from maturity.store.blank import blank_snapshot_text, flow, system_text
from maturity.store.layout import ASSESSMENTS_DIR
from maturity.store.load import load_system
from maturity.store.profiles import load_profiles
from maturity.store.rubrics import load_rubrics
from maturity.store.systems import check_snapshot, check_system
from maturity.store.yamledit import (
    Layout,
    Splice,
    after_colon,
    apply,
    compose,
    date_scalar,
    find,
    flow_sequence,
    insert_lines_after,
    is_empty_null,
    is_flow,
    node_end,
    pairs,
    requote,
    scalar,
    sequence_offset,
    split_layout,
    value_end,
)
from maturity.store.yamlio import display_path, load_text, read_input, uses_aliases

SHORTHAND = ("done", "partial", "todo")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


@dataclass(frozen=True)
class AnswerChange:
    """What ``set_answer`` did to one answer of one snapshot."""

    system: str
    date: dt.date
    item: str
    path: Path
    before: Answer | None
    after: Answer
    written: bool

    def describe(self) -> str:
        before = self.before.status if self.before else "unassessed"
        moved = f"{before} → {self.after.status}" if before != self.after.status else before
        head = f"{self.system} {self.date}: {self.item} {moved}"
        if not self.written:
            return f"{head} (unchanged, nothing written)"
        extra = []
        added = len(self.after.evidence) - len(self.before.evidence if self.before else ())
        if added:
            extra.append(f"+{added} evidence link{'s' if added != 1 else ''}")
        if self.after.note != (self.before.note if self.before else None):
            extra.append("note set")
        if self.after.checked != (self.before.checked if self.before else None):
            extra.append(f"checked {self.after.checked}")
        return head + (f" ({', '.join(extra)})" if extra else "")


# --------------------------------------------------------------------------- helpers


def _snapshot_path(root: Path, system_id: str, date: dt.date) -> Path:
    return Path(root) / ASSESSMENTS_DIR / system_id / f"{date.isoformat()}.yaml"


def _read(path: Path) -> tuple[bytes, str, Layout]:
    """The file's bytes as read (for compare-and-swap), and its text split from its layout."""
    raw = read_input(path)
    if uses_aliases(raw):
        raise WriteRefused(
            f"not written: {display_path(path)} uses YAML anchors, aliases or merge keys "
            "(&name, *name, <<): an edit there could change other values through them; "
            "edit this file by hand, or write the values out in full and retry"
        )
    text, layout = split_layout(raw, display_path(path))
    return raw.encode("utf-8"), text, layout


@contextlib.contextmanager
def _editing(root: Path, system_id: str) -> Iterator[None]:
    """Hold the system folder's lock (after checking the system exists) while editing it."""
    folder = Path(root) / ASSESSMENTS_DIR / system_id
    if id_problem("system id", system_id) is not None or not folder.is_dir():
        load_system(root, system_id)  # raises the right NotFound
    with system_lock(folder):
        yield


def _snapshot_checker(
    rubrics: Mapping[str, Rubric], system_id: str, shown: str, expected: Any
) -> Callable[[Path], list[Problem]]:
    """The loader's checks, then proof that the data is exactly ``expected``."""

    def check(staged: Path) -> list[Problem]:
        problems = check_snapshot(staged, rubrics, system_id)[1]
        if problems:
            return problems
        if load_text(staged.read_text(encoding="utf-8"), shown) != expected:
            return [Problem(display_path(staged), 1, 1,
                            "the edit would change more than intended (please report this bug)")]
        return []

    return check


def _write_snapshot(
    target: Path,
    text: str,
    layout: Layout,
    splices: Sequence[Splice],
    expected: Any,
    rubrics: Mapping[str, Rubric],
    system_id: str,
    *,
    before: bytes | None = None,
) -> None:
    """Apply the splices to ``text`` and write it to ``target``: checked, then atomic.

    With ``before``, ``target`` must still hold those bytes (an edit); without, it is
    created and must not exist (a new snapshot).
    """
    replace_checked(
        target,
        layout.restore(apply(text, splices)),
        _snapshot_checker(rubrics, system_id, display_path(target), expected),
        before=before,
        create=before is None,
    )


def default_name(system_id: str) -> str:
    """``fraud-detection`` → ``Fraud Detection``."""
    return " ".join(part.capitalize() for part in system_id.split("-"))


# --------------------------------------------------------------------------- new


def new_system(
    root: Path,
    system_id: str,
    rubric_ref: str | None,
    *,
    profile: str | None = None,
    name: str | None = None,
    owner: str | None = None,
    description: str | None = None,
    target_level: int | None = None,
    target_date: str | None = None,
    tags: Sequence[str] = (),
    assessors: Sequence[str] = (),
    date: dt.date | None = None,
) -> list[Path]:
    """Create ``assessments/<system_id>/`` with ``system.yaml`` and a blank first snapshot.

    ``target_level`` defaults to the rubric's first scored level (its baseline plus
    one): the first step a newly assessed system aims for. ``owner`` defaults to
    ``unassigned``. With ``profile`` (``rubrics/profiles/<id>.yaml``) the snapshot has
    the profile's ``na`` answers filled in with its reasons (and ``until: date +
    valid_days`` when the profile sets ``valid_days``), ``system.yaml`` names the
    profile, and the rubric defaults to the profile's. Returns the files written.
    """
    root = Path(root)
    wrong = id_problem("system id", system_id)
    if wrong:
        raise UsageError(wrong)
    for option, value in (("--name", name), ("--owner", owner)):
        if value is not None and not visible_text(value):
            raise UsageError(
                f"{option} {value!r} has no visible text: give a real {option[2:]} "
                "or leave the option out"
            )
    for option, value in (("--name", name), ("--owner", owner), ("--description", description),
                          *(("--tag", t) for t in tags), *(("--assessor", a) for a in assessors)):
        if value is not None and _CONTROL.search(value):
            raise UsageError(
                f"{option} {value!r} has control characters (escape sequences, NUL): "
                "write plain text"
            )
    folder = root / ASSESSMENTS_DIR / system_id
    if folder.exists():
        raise WriteRefused(f"not written: {display_path(folder)} already exists")
    rubrics, problems = load_rubrics(root)
    if problems:
        raise InvalidInput(problems)
    when = date or dt.date.today()
    chosen = _profile(root, rubrics, profile) if profile else None
    if rubric_ref is None and chosen is None:
        raise UsageError("name the rubric (--rubric ID) or a profile (--profile ID)")
    rubric = resolve_rubric(rubrics, rubric_ref or (chosen.rubric if chosen else ""))
    filled: dict[str, str] = {}
    about: list[str] = []
    if chosen is not None:
        if chosen.rubric.split("@")[0] != rubric.id:
            raise UsageError(f"profile {chosen.id!r} is for {chosen.rubric}, not {rubric.ref}")
        until = when + dt.timedelta(days=chosen.valid_days) if chosen.valid_days else None
        for item_id, reason in chosen.na.items():
            if item_id in {i.id for i in rubric.items}:
                answer: dict[str, str] = {"status": "na", "note": reason}
                if until is not None:
                    answer["until"] = until.isoformat()
                filled[item_id] = flow(answer)
        about = [
            f"# {' '.join((name or default_name(system_id)).split())}: first assessment against "
            f"{' '.join(rubric.title.split())}.",
            f"# The {len(filled)} na answers come from the profile {chosen.id}",
            f"# (rubrics/profiles/{chosen.id}.yaml): check that each reason holds here.",
        ]
    title = name or default_name(system_id)
    files = {
        "system.yaml": system_text(
            title,
            owner or "unassigned",
            description,
            rubric.min_level + 1 if target_level is None else target_level,
            target_date,
            tags,
        ) + (f"profile: {chosen.id}\n" if chosen else ""),
        f"{when.isoformat()}.yaml": blank_snapshot_text(rubric, when, assessors, title,
                                                        filled=filled, about=about),
    }
    return create_folder_checked(folder, files, lambda staged: check_system(staged, rubrics)[1])


def _profile(root: Path, rubrics: Mapping[str, Rubric], profile_id: str) -> Profile:
    profiles, problems = load_profiles(root, rubrics)
    if problems:
        raise InvalidInput(problems)
    if profile_id not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise NotFound(f"unknown profile {profile_id!r}{suggest(profile_id, list(profiles))} "
                       f"(known: {known}; profiles live in rubrics/profiles/<id>.yaml)")
    return profiles[profile_id]


# --------------------------------------------------------------------------- set


@dataclass(frozen=True)
class _Wanted:
    status: str
    links: tuple[str, ...]  # evidence links to add
    note: str | None  # the new note, or None to keep it
    checked: str | None = None  # the new checked date (YYYY-MM-DD), or None to keep it

    @property
    def shorthand(self) -> bool:
        return (
            self.status in SHORTHAND and not self.links and self.note is None
            and self.checked is None
        )

    def flow_map(self) -> str:
        parts = [f"status: {self.status}"]
        if self.links:
            parts.append(f"evidence: {flow_sequence(self.links)}")
        if self.note is not None:
            parts.append(f"note: {scalar(self.note, flow=True)}")
        if self.checked is not None:
            parts.append(f"checked: {date_scalar(self.checked)}")
        return "{" + ", ".join(parts) + "}"

    def value(self) -> str:
        return self.status if self.shorthand else self.flow_map()

    def raw(self, old: Any) -> Any:
        """The answer as the loader will read it back."""
        if not isinstance(old, dict) and self.shorthand:
            return self.status
        new = dict(old) if isinstance(old, dict) else {}
        new["status"] = self.status
        if self.links:
            new["evidence"] = list(new.get("evidence") or []) + list(self.links)
        if self.note is not None:
            new["note"] = self.note
        if self.checked is not None:
            new["checked"] = self.checked
        return new


def _edit_map(text: str, root: Node, value: MappingNode, want: _Wanted) -> list[Splice]:
    flow = is_flow(value)
    splices: list[Splice] = []
    status = find(value, "status")
    if status is None or not isinstance(status[1], ScalarNode):
        raise WriteRefused("not written: the answer has no status")
    status_key, status_node = status
    splices.append(Splice(status_node.start_mark.index, node_end(text, status_node),
                          requote(status_node, want.status)))
    key_col = " " * int(status_key.start_mark.column)
    if want.links:
        evidence = find(value, "evidence")
        if evidence is None:
            if flow:
                at = node_end(text, status_node)
                splices.append(Splice(at, at, f", evidence: {flow_sequence(want.links)}"))
            else:
                dash = key_col + " " * sequence_offset(root)
                splices.append(insert_lines_after(text, node_end(text, status_node), [
                    f"{key_col}evidence:", *(f"{dash}- {scalar(x, flow=False)}" for x in want.links)
                ]))
        else:
            seq = evidence[1]
            if not isinstance(seq, SequenceNode):
                raise WriteRefused("not written: the answer's evidence is not a list")
            if is_flow(seq) and not seq.value:
                splices.append(Splice(seq.start_mark.index, seq.end_mark.index,
                                      flow_sequence(want.links)))
            elif is_flow(seq):
                at = node_end(text, seq.value[-1])
                splices.append(Splice(at, at, "".join(f", {scalar(x, flow=True)}" for x in want.links)))
            else:
                dash = " " * int(seq.start_mark.column)
                splices.append(insert_lines_after(text, node_end(text, seq), [
                    f"{dash}- {scalar(x, flow=False)}" for x in want.links
                ]))
    if want.note is not None:
        splices.append(_set_key(text, value, "note", key_col,
                                scalar(want.note, flow=True), scalar(want.note, flow=False)))
    if want.checked is not None:
        written = date_scalar(want.checked)
        splices.append(_set_key(text, value, "checked", key_col, written, written))
    return splices


def _set_key(
    text: str, value: MappingNode, key: str, key_col: str, flow_text: str, block_text: str
) -> Splice:
    """Replace one key's scalar in an answer map, or add the key at the map's end."""
    flow = is_flow(value)
    pair = find(value, key)
    if pair is None:
        if flow:
            at = node_end(text, value.value[-1][1])
            return Splice(at, at, f", {key}: {flow_text}")
        return insert_lines_after(text, node_end(text, value), [f"{key_col}{key}: {block_text}"])
    old_key, old_node = pair
    new = flow_text if flow else block_text
    if is_empty_null(old_node):
        at = after_colon(text, old_key)
        return Splice(at, at, f" {new}")
    return Splice(old_node.start_mark.index, node_end(text, old_node), new)


def _edit_existing(
    text: str, root: Node, key: ScalarNode, value: Node, want: _Wanted
) -> list[Splice]:
    if isinstance(value, MappingNode):
        return _edit_map(text, root, value, want)
    if not isinstance(value, ScalarNode):
        raise WriteRefused(f"not written: the answer of {key.value!r} is neither a status nor a map")
    if is_empty_null(value):
        at = after_colon(text, key)
        return [Splice(at, at, f" {want.value()}")]
    new = want.value()
    if want.shorthand and value.tag != "tag:yaml.org,2002:null":
        new = requote(value, new)
    return [Splice(value.start_mark.index, node_end(text, value), new)]


def _add_answer(
    text: str, answers_key: ScalarNode, answers: Node, item_id: str, want: _Wanted
) -> list[Splice]:
    entry = f"{item_id}: {want.value()}"
    if is_empty_null(answers):
        at = after_colon(text, answers_key)
        indent = " " * (int(answers_key.start_mark.column) + 2)
        return [insert_lines_after(text, at, [indent + entry])]
    if isinstance(answers, ScalarNode):  # an explicit null
        return [Splice(answers.start_mark.index, node_end(text, answers), "{" + entry + "}")]
    if not isinstance(answers, MappingNode):
        raise WriteRefused("not written: answers is not a map")
    if is_flow(answers):
        if not answers.value:
            return [Splice(answers.start_mark.index, answers.end_mark.index, "{" + entry + "}")]
        last_key, last_value = answers.value[-1]
        at = value_end(text, last_key, last_value)
        return [Splice(at, at, f", {entry}")]
    dimension = item_id.split(".", 1)[0] + "."
    group = [(k, v) for k, v in pairs(answers) if str(k.value).startswith(dimension)]
    anchor_key, anchor_value = (group or pairs(answers))[-1]
    indent = " " * int(anchor_key.start_mark.column)
    return [insert_lines_after(text, value_end(text, anchor_key, anchor_value), [indent + entry])]


def set_answer(
    root: Path,
    system_id: str,
    item_id: str,
    status: str | None,
    evidence: Sequence[str] = (),
    note: str | None = None,
    date: dt.date | None = None,
    checked: dt.date | None = None,
) -> AnswerChange:
    """Change one answer of the newest snapshot (or of the snapshot of ``date``).

    ``evidence`` links are appended (a link already there is not repeated); ``note``
    replaces the note; ``checked`` re-attests the answer (its evidence was confirmed
    that day); ``status`` None keeps the answer's status (``--checked`` alone). The
    answer keeps its style: a shorthand stays shorthand when only the status changes,
    a flow map stays a flow map, a block map stays block; an unassessed item gets the
    answer added in place (or after its dimension's last answer when it is not listed).
    """
    if status is not None and status not in STATUSES:
        raise UsageError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    with _editing(root, system_id):
        return _set_answer(root, system_id, item_id, status, evidence, note, date, checked)


def _set_answer(
    root: Path,
    system_id: str,
    item_id: str,
    status: str | None,
    evidence: Sequence[str],
    note: str | None,
    date: dt.date | None,
    checked: dt.date | None,
) -> AnswerChange:
    portfolio, system = load_system(root, system_id)
    snapshot = system.snapshot_at(date)
    rubric = portfolio.rubric_for(snapshot)
    item_ids = [i.id for i in rubric.items]
    if item_id not in item_ids:
        raise NotFound(f"unknown item {item_id!r} in rubric {rubric.ref}{suggest(item_id, item_ids)}")
    path = _snapshot_path(root, system_id, snapshot.date)
    before = snapshot.answers.get(item_id)
    if status is None:
        if before is None:
            raise UsageError(
                f"{item_id} is unassessed in {system_id} {snapshot.date}: give a status to set"
            )
        status = before.status
    old_links = before.evidence if before else ()
    links = tuple(dict.fromkeys(x for x in evidence if x not in old_links))
    new_checked = checked if checked != (before.checked if before else None) else None
    want = _Wanted(status, links, note if note != (before.note if before else None) else None,
                   new_checked.isoformat() if new_checked else None)
    after = Answer(item_id, cast(Status, status), old_links + links,
                   (note.strip() or None) if note is not None else (before.note if before else None),
                   checked=checked or (before.checked if before else None),
                   until=before.until if before else None)
    unchanged = (
        before is not None and before.status == status and not links and want.note is None
        and want.checked is None
    )
    change = AnswerChange(system_id, snapshot.date, item_id, path, before, after, written=not unchanged)
    if unchanged:
        return change

    raw, text, layout = _read(path)
    data = load_text(text, display_path(path))
    root_node = compose(text)
    answers_pair = find(root_node, "answers")
    if answers_pair is None:
        raise WriteRefused(f"not written: {display_path(path)} has no answers")
    answers_key, answers = answers_pair
    existing = find(answers, item_id) if isinstance(answers, MappingNode) else None
    if existing is not None:
        splices = _edit_existing(text, root_node, existing[0], existing[1], want)
    else:
        splices = _add_answer(text, answers_key, answers, item_id, want)
    expected = copy.deepcopy(data)
    old_answers = expected.get("answers") or {}
    old_answers[item_id] = want.raw(old_answers.get(item_id))
    expected["answers"] = old_answers
    _write_snapshot(path, text, layout, splices, expected, portfolio.rubrics, system_id, before=raw)
    return change


# --------------------------------------------------------------------------- reassess


def _assessor_splices(
    text: str, root: Node, date_key: ScalarNode, date_node: Node, names: Sequence[str]
) -> list[Splice]:
    pair = find(root, "assessors")
    if pair is None:
        indent = " " * int(date_key.start_mark.column)
        return [insert_lines_after(text, value_end(text, date_key, date_node),
                                   [f"{indent}assessors: {flow_sequence(names)}"])]
    key, value = pair
    if is_empty_null(value):
        at = after_colon(text, key)
        return [Splice(at, at, f" {flow_sequence(names)}")]
    if isinstance(value, SequenceNode) and not is_flow(value) and value.value:
        if not names:  # an empty list cannot be a block sequence
            return [Splice(after_colon(text, key), node_end(text, value), " []")]
        dash = "\n" + " " * int(value.start_mark.column)
        body = dash.join(f"- {scalar(n, flow=False)}" for n in names)
        return [Splice(value.start_mark.index, node_end(text, value), body)]
    return [Splice(value.start_mark.index, node_end(text, value), flow_sequence(names))]


def reassess(
    root: Path,
    system_id: str,
    date: dt.date | None = None,
    assessors: Sequence[str] | None = None,
) -> Path:
    """A new snapshot of ``date`` (default today) copied from the newest one.

    Only ``date:`` changes (and ``assessors:`` when given); every answer, comment and
    plan entry is kept for the team to re-check with ``set``. Of two commands creating
    the same snapshot at once, one creates it and the other is refused.
    """
    with _editing(root, system_id):
        return _reassess(root, system_id, date, assessors)


def _reassess(
    root: Path,
    system_id: str,
    date: dt.date | None,
    assessors: Sequence[str] | None,
) -> Path:
    portfolio, system = load_system(root, system_id)
    newest = system.current
    when = date or dt.date.today()
    if when <= newest.date:
        raise UsageError(
            f"the new snapshot's date {when} must be after the newest one ({newest.date})"
        )
    source = _snapshot_path(root, system_id, newest.date)
    target = _snapshot_path(root, system_id, when)
    if target.exists():
        raise WriteRefused(f"not written: {display_path(target)} already exists")
    _, text, layout = _read(source)
    data = load_text(text, display_path(source))
    root_node = compose(text)
    date_pair = find(root_node, "date")
    if date_pair is None or not isinstance(date_pair[1], ScalarNode):
        raise WriteRefused(f"not written: {display_path(source)} has no date")
    date_key, date_node = date_pair
    splices = [Splice(date_node.start_mark.index, node_end(text, date_node),
                      requote(date_node, when.isoformat()))]
    expected = copy.deepcopy(data)
    expected["date"] = when.isoformat()
    if assessors is not None:
        splices += _assessor_splices(text, root_node, date_key, date_node, assessors)
        expected["assessors"] = list(assessors)
    _write_snapshot(target, text, layout, splices, expected, portfolio.rubrics, system_id)
    return target


# --------------------------------------------------------------------------- upgrade


def upgrade(
    root: Path,
    system_id: str,
    to: str | None = None,
    date: dt.date | None = None,
    assessors: Sequence[str] | None = None,
) -> Path:
    """A new snapshot of ``date`` (default today) in another rubric version, written
    from the newest snapshot through ``rubrics/mappings/<from>--<to>.yaml``.

    ``to`` defaults to the newest version of the snapshot's rubric id. Answers carried
    by identity or renamed keep their status, evidence, note and every other key; an
    item derived from several sources gets the derived answer (evidence united, a note
    naming them); items new in the target are listed unassessed with their text as a
    comment, as ``maturity new`` writes them. A header comment names what the mapping
    renamed, merged, added and dropped. Declared levels of dimensions the target has,
    and plan entries whose item survives (under its new id), are kept.
    """
    with _editing(root, system_id):
        return _upgrade(root, system_id, to, date, assessors)


def _upgrade(
    root: Path,
    system_id: str,
    to: str | None,
    date: dt.date | None,
    assessors: Sequence[str] | None,
) -> Path:
    portfolio, system = load_system(root, system_id)
    newest = system.current
    source = portfolio.rubric_for(newest)
    target = resolve_rubric(portfolio.rubrics, to or source.id)
    if target.ref == source.ref:
        hint = "" if to else " (its newest version); name another with --to"
        raise UsageError(f"{system_id}'s newest snapshot ({newest.date}) is already in {source.ref}{hint}")
    mapping = mapping_between(portfolio.mappings, source.ref, target.ref)
    when = date or dt.date.today()
    if when <= newest.date:
        raise UsageError(f"the new snapshot's date {when} must be after the newest one ({newest.date})")
    path = _snapshot_path(root, system_id, when)
    if path.exists():
        raise WriteRefused(f"not written: {display_path(path)} already exists")
    from_path = _snapshot_path(root, system_id, newest.date)
    data = load_text(_read(from_path)[1], display_path(from_path))
    raw_answers = data.get("answers") or {}
    source_ids = [i.id for i in source.items]
    answers: dict[str, Any] = {}
    for item in target.items:
        derivation = mapping.derivation(item.id, source_ids)
        if derivation is None:
            continue
        if len(derivation.sources) == 1:  # carried (identity or rename): the answer as written
            raw = raw_answers.get(derivation.sources[0])
            if raw is not None:
                answers[item.id] = raw
            continue
        derived = derive_answer(item.id, derivation, newest)
        if derived is not None:
            answers[item.id] = {"status": derived.status,
                                **({"evidence": list(derived.evidence)} if derived.evidence else {}),
                                "note": derived.note}
    change = changes(mapping, source, target)
    renamed = dict(change.renamed)
    people = list(assessors) if assessors is not None else list(data.get("assessors") or [])
    text = blank_snapshot_text(
        target, when, people, system.name,
        filled={i: flow(v) for i, v in answers.items()},
        about=_upgrade_header(system_id, target, newest.date, source, _mapping_file(root, mapping),
                              change, newest),
        comment_filled=False,
    )
    expected: dict[str, Any] = {
        "rubric": target.ref, "date": when.isoformat(), "assessors": people,
        "answers": {i.id: answers.get(i.id) for i in target.items},
    }
    dims = {d.id for d in target.dimensions} | {"overall"}
    declared = {d: lv for d, lv in (data.get("declared") or {}).items()
                if d in dims and target.min_level <= lv <= target.max_level}
    if declared:
        text += "declared:\n" + "".join(f"  {d}: {lv}\n" for d, lv in declared.items())
        expected["declared"] = declared
    target_ids = {i.id for i in target.items}
    plan = []
    for entry in data.get("plan") or []:
        item_id = renamed.get(entry.get("item"), entry.get("item"))
        if item_id in target_ids:
            plan.append({**entry, "item": item_id})
    if plan:
        text += "plan:\n" + "".join(f"  - {flow(p)}\n" for p in plan)
        expected["plan"] = plan
    replace_checked(path, text, _snapshot_checker(portfolio.rubrics, system_id, display_path(path), expected),
                    create=True)
    return path


def _mapping_file(root: Path, mapping: RubricMapping) -> str:
    own = f"rubrics/mappings/{mapping.name}.yaml"
    return own if (Path(root) / own).exists() else f"the built-in mapping {mapping.name}"


def _upgrade_header(
    system_id: str, target: Rubric, since: dt.date, source: Rubric, mapping_file: str,
    change: Changes, newest: Snapshot,
) -> list[str]:
    lines = [
        f"# Written by `maturity upgrade {system_id} --to {target.ref}` from the {since}",
        f"# snapshot ({source.ref}), through {mapping_file}:",
    ]
    for old, new in change.renamed:
        lines.append(f"#   renamed  {old} -> {new}")
        lines.append("#            (answer, evidence and note carried over)")
    for new, derivation in change.merged:
        word = "all of" if derivation.rule == "all_of" else "any of"
        lines.append(f"#   merged   {new} <- {word} {', '.join(derivation.sources)}")
    for new in change.added:
        lines.append(f"#   added    {new}: new in {target.ref}, unassessed (empty below)")
    for old in change.dropped:
        status = newest.status(old)
        said = f"; its answer ({status}) is dropped" if status != UNASSESSED else ""
        lines.append(f"#   dropped  {old}: not in {target.ref}{said}")
    if not (change.renamed or change.merged or change.added or change.dropped):
        lines.append("#   every item carried over by identity")
    lines.append("# Every other answer is carried over unchanged: re-check them in the new version.")
    return lines
