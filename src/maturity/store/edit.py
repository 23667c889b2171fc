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
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from maturity.core import inert
from maturity.core.ids import id_problem
from maturity.core.links import code_location, evidence_kind
from maturity.core.lookup import resolve_rubric, suggest
from maturity.core.mapping import EXTENDS, Changes, changes, derivations, derive_answer, mapping_between
from maturity.core.methods import grid_not_by_item
from maturity.core.model import (
    UNASSESSED,
    Answer,
    Profile,
    Rubric,
    RubricMapping,
    Snapshot,
    Status,
    same_rubric,
    visible_text,
)
from maturity.core.settings import DEFAULT_SETTINGS, Settings
from maturity.errors import InvalidInput, NotFound, Problem, UsageError, WriteRefused
from maturity.store.atomic import STAGING_PREFIX, create_folder_checked, replace_checked, system_lock
from maturity.store.blank import blank_snapshot_text, flow, system_text
from maturity.store.gitrev import committed_unchanged
from maturity.store.layout import ASSESSMENTS_DIR
from maturity.store.load import load_system
from maturity.store.profiles import load_profiles
from maturity.store.rubrics import load_rubrics
from maturity.store.systems import check_snapshot, check_system, repo_evidence_problems
from maturity.store.validate import path_evidence_problems
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
    line_after,
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
        old = self.before.evidence if self.before else ()
        added = len([x for x in self.after.evidence if x not in old])
        removed = len([x for x in old if x not in self.after.evidence])
        if added:
            extra.append(f"+{added} evidence link{'s' if added != 1 else ''}")
        if removed:
            extra.append(f"-{removed} evidence link{'s' if removed != 1 else ''}")
        if self.after.note != (self.before.note if self.before else None):
            extra.append("note set" if self.after.note else "note removed")
        if self.after.checked != (self.before.checked if self.before else None):
            extra.append(f"checked {self.after.checked}")
        return head + (f" ({', '.join(extra)})" if extra else "")


# --------------------------------------------------------------------------- helpers


def _snapshot_path(root: Path, system_id: str, date: dt.date) -> Path:
    return Path(root) / ASSESSMENTS_DIR / system_id / f"{date.isoformat()}.yaml"


def _read(path: Path, settings: Settings = DEFAULT_SETTINGS) -> tuple[bytes, str, Layout]:
    """The file's bytes as read (for compare-and-swap), and its text split from its layout."""
    raw = read_input(path, limit=settings.limits)
    if uses_aliases(raw):
        raise WriteRefused(
            f"not written: {display_path(path)} uses YAML anchors, aliases or merge keys "
            "(&name, *name, <<): an edit there could change other values through them; "
            "edit this file by hand, or write the values out in full and retry"
        )
    text, layout = split_layout(raw, display_path(path))
    return raw.encode("utf-8"), text, layout


@contextlib.contextmanager
def _editing(root: Path, system_id: str, settings: Settings = DEFAULT_SETTINGS) -> Iterator[None]:
    """Hold the system folder's lock (after checking the system exists) while editing it."""
    folder = Path(root) / ASSESSMENTS_DIR / system_id
    if id_problem("system id", system_id) is not None or not folder.is_dir():
        load_system(root, system_id, settings)  # raises the right NotFound
    with system_lock(folder, settings.lock_timeout):
        yield


def _snapshot_checker(
    root: Path | None, rubrics: Mapping[str, Rubric], system_id: str, shown: str, expected: Any,
    origins: Mapping[str, Problem] | None = None, settings: Settings = DEFAULT_SETTINGS,
) -> Callable[[Path], list[Problem]]:
    """The checks ``validate`` runs on a snapshot (the loader's, then that path evidence
    exists under ``root``), then proof that the data is exactly ``expected``.

    With ``origins`` (item → where its edit was asked for), a problem inside that
    item's answer is reported at the origin instead, naming the item.
    """

    def check(staged: Path) -> list[Problem]:
        snapshot, problems = check_snapshot(staged, rubrics, system_id, settings)
        if snapshot is not None and root is not None and _repo_cited(snapshot) and (
                load_system(root, system_id, settings)[1].repository is None):
            problems = repo_evidence_problems(staged, snapshot)
        if root is not None:  # the paths too, even when the loader found something else
            problems += [p for p in path_evidence_problems(Path(root), staged, _cited(staged))
                         if p not in problems]
        if problems:
            return _at_origins(staged, problems, origins or {})
        if load_text(staged.read_text(encoding="utf-8"), shown, settings.limits) != expected:
            return [Problem(display_path(staged), 1, 1,
                            "the edit would change more than intended (please report this bug)")]
        return []

    return check


def _repo_cited(snapshot: Snapshot) -> bool:
    return any(evidence_kind(e) == "repo" for a in snapshot.answers.values() for e in a.evidence)


def _cited(staged: Path) -> dict[str, list[object]]:
    """Item → its evidence list, from a staged snapshot that may be invalid."""
    try:
        data = load_text(staged.read_text(encoding="utf-8"), display_path(staged))
    except InvalidInput:
        return {}
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict):
        return {}
    return {str(item): _not_code(raw) for item, raw in answers.items()
            if isinstance(raw, dict) and isinstance(raw.get("evidence"), list)}


def _not_code(raw: dict[str, Any]) -> list[object]:
    """An answer's evidence, a probe's ``path:line`` (a line of the system's own code, not
    a path here) as None so that the others keep their index."""
    probed = raw.get("source") == "probe"
    return [None if probed and isinstance(e, str) and code_location(e) else e for e in raw["evidence"]]


def _at_origins(staged: Path, problems: list[Problem], origins: Mapping[str, Problem]) -> list[Problem]:
    """Problems in the staged file moved to the rows of the input that asked for them."""
    if not origins:
        return problems
    spans: list[tuple[int, int, str]] = []
    answers = find(compose(staged.read_text(encoding="utf-8")), "answers")
    for key, value in pairs(answers[1]) if answers else []:
        if str(key.value) in origins:
            spans.append((int(key.start_mark.line) + 1, int(value.end_mark.line) + 1, str(key.value)))
    moved = []
    for problem in problems:
        item = next((i for first, last, i in spans if first <= problem.line <= last), None)
        if item is None:
            moved.append(problem)
        else:
            at = origins[item]
            moved.append(Problem(at.path, at.line, at.column, f"{item}: {problem.message}"))
    return moved


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
    settings: Settings = DEFAULT_SETTINGS,
) -> None:
    """Apply the splices to ``text`` and write it to ``target``: checked, then atomic.

    With ``before``, ``target`` must still hold those bytes (an edit); without, it is
    created and must not exist (a new snapshot).
    """
    replace_checked(
        target,
        layout.restore(apply(text, splices)),
        _snapshot_checker(target.parents[2], rubrics, system_id, display_path(target), expected,
                          settings=settings),
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
    settings: Settings = DEFAULT_SETTINGS,
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
        if value is not None and inert.has_control(value):
            raise UsageError(
                f"{option} {value!r} has control characters (escape sequences, NUL): "
                "write plain text"
            )
    folder = root / ASSESSMENTS_DIR / system_id
    if folder.exists():
        raise WriteRefused(f"not written: {display_path(folder)} already exists")
    rubrics, problems = load_rubrics(root, settings)
    if problems:
        raise InvalidInput(problems)
    chosen = _profile(root, rubrics, profile, settings) if profile else None
    if rubric_ref is None and chosen is None:
        raise UsageError("name the rubric (--rubric ID) or a profile (--profile ID)")
    rubric = resolve_rubric(rubrics, rubric_ref or (chosen.rubric if chosen else ""))
    when = settings.day(date)
    filled: dict[str, str] = {}
    about: list[str] = []
    if chosen is not None:
        if not same_rubric(chosen.rubric, rubric.ref):
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
    return create_folder_checked(folder, files, lambda staged: check_system(staged, rubrics, settings)[1])


def _profile(root: Path, rubrics: Mapping[str, Rubric], profile_id: str, settings: Settings) -> Profile:
    profiles, problems = load_profiles(root, rubrics, settings.limits)
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
    note: str | None  # the new note, or None to keep it ("" removes it)
    checked: str | None = None  # the new checked date (YYYY-MM-DD), or None to keep it
    kept: tuple[str, ...] | None = None  # with removals: the old links that stay

    @property
    def shorthand(self) -> bool:
        return (
            self.status in SHORTHAND and not self.links and not self.note
            and self.checked is None
        )

    def flow_map(self) -> str:
        parts = [f"status: {self.status}"]
        if self.links:
            parts.append(f"evidence: {flow_sequence(self.links)}")
        if self.note:
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
        links = list(self.kept if self.kept is not None else new.get("evidence") or [])
        links += list(self.links)
        if links:
            new["evidence"] = links
        elif self.kept is not None:
            new.pop("evidence", None)
        if self.note == "":
            new.pop("note", None)
        elif self.note is not None:
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
    if want.kept is not None:
        splices += _replace_evidence(text, root, value, key_col, want.kept + want.links)
    elif want.links:
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
    if want.note == "":
        if find(value, "note") is not None:
            splices.append(_drop_key(text, value, "note"))
    elif want.note is not None:
        splices.append(_set_key(text, value, "note", key_col,
                                scalar(want.note, flow=True), scalar(want.note, flow=False)))
    if want.checked is not None:
        written = date_scalar(want.checked)
        splices.append(_set_key(text, value, "checked", key_col, written, written))
    return splices


def _drop_key(text: str, value: MappingNode, key: str) -> Splice:
    """Remove one key (and its value) from an answer map, keeping the map's style."""
    index = next(i for i, (k, _) in enumerate(value.value) if k.value == key)
    old_key, old_node = value.value[index]
    if is_flow(value):
        if index > 0:  # from just after the previous value to the end of this one
            prev_key, prev_value = value.value[index - 1]
            return Splice(value_end(text, prev_key, prev_value), value_end(text, old_key, old_node), "")
        if len(value.value) > 1:  # the first of several: up to the next key
            return Splice(old_key.start_mark.index, value.value[1][0].start_mark.index, "")
        return Splice(value.start_mark.index + 1, value_end(text, old_key, old_node), "")
    start = text.rfind("\n", 0, old_key.start_mark.index) + 1
    return Splice(start, line_after(text, value_end(text, old_key, old_node)), "")


def _replace_evidence(
    text: str, root: Node, value: MappingNode, key_col: str, links: tuple[str, ...]
) -> list[Splice]:
    """The answer's evidence becomes exactly ``links`` (the key goes when none is left)."""
    pair = find(value, "evidence")
    if pair is None:
        if not links:
            return []
        status_node = cast(Node, cast(tuple[Any, Any], find(value, "status"))[1])
        if is_flow(value):
            at = node_end(text, status_node)
            return [Splice(at, at, f", evidence: {flow_sequence(links)}")]
        dash = key_col + " " * sequence_offset(root)
        return [insert_lines_after(text, node_end(text, status_node), [
            f"{key_col}evidence:", *(f"{dash}- {scalar(x, flow=False)}" for x in links)])]
    if not links:
        return [_drop_key(text, value, "evidence")]
    key, seq = pair
    if not isinstance(seq, SequenceNode) or is_flow(seq) or not seq.value:
        start = after_colon(text, key)
        return [Splice(start, value_end(text, key, seq), f" {flow_sequence(links)}")]
    dash = "\n" + " " * int(seq.start_mark.column)
    body = dash.join(f"- {scalar(x, flow=False)}" for x in links)
    return [Splice(seq.start_mark.index, node_end(text, seq), body)]


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


@dataclass(frozen=True)
class AnswerEdit:
    """One answer to change: what ``maturity set`` (one item, ``ITEM=STATUS …`` or
    ``--from FILE``) and ``maturity assess`` ask for.

    ``status`` None keeps the answer's status; ``evidence`` links are appended (a link
    already there is not repeated); ``remove_evidence`` names links to take away
    (``ALL`` every one); ``note`` replaces the note (``""`` removes it); ``checked``
    re-attests the answer. ``origin`` is where the edit was asked for (a row of a
    ``--from`` file): problems with the edit are reported there.
    """

    item: str
    status: str | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    checked: dt.date | None = None
    remove_evidence: tuple[str, ...] = ()
    origin: Problem | None = None  # path, line and column (the message is ignored)


ALL = "all"


def set_answer(
    root: Path,
    system_id: str,
    item_id: str,
    status: str | None,
    evidence: Sequence[str] = (),
    note: str | None = None,
    date: dt.date | None = None,
    checked: dt.date | None = None,
    remove_evidence: Sequence[str] = (),
    settings: Settings = DEFAULT_SETTINGS,
) -> AnswerChange:
    """Change one answer of the newest snapshot (or of the snapshot of ``date``).

    The answer keeps its style: a shorthand stays shorthand when only the status
    changes, a flow map stays a flow map, a block map stays block; an unassessed item
    gets the answer added in place (or after its dimension's last answer when it is
    not listed). See ``set_answers``.
    """
    edit = AnswerEdit(item_id, status, tuple(evidence), note, checked, tuple(remove_evidence))
    return set_answers(root, system_id, [edit], date, settings=settings)[0]


def _origin(edit: AnswerEdit, message: str) -> Problem | str:
    if edit.origin is None:
        return message
    return Problem(edit.origin.path, edit.origin.line, edit.origin.column, message)


def _refuse_edits(found: list[Problem | str], exception: type[Exception]) -> None:
    """Raise every problem found before writing, at once."""
    if not found:
        return
    located = [p for p in found if isinstance(p, Problem)]
    if located and len(located) == len(found):
        raise InvalidInput(located)
    lines = [str(p) for p in found]
    raise exception(lines[0] if len(lines) == 1 else "nothing written:\n" + "\n".join(lines))


def _wanted(
    edit: AnswerEdit, before: Answer | None, snapshot: Snapshot, found: list[Problem | str]
) -> tuple[_Wanted, Answer] | None:
    """What to write for one edit, or None (with the reason in ``found``)."""
    status = edit.status
    if status is None:
        if before is None:
            found.append(_origin(edit, f"{edit.item} is unassessed in {snapshot.system} "
                                       f"{snapshot.date}: give a status to set"))
            return None
        status = before.status
    old_links = before.evidence if before else ()
    kept: tuple[str, ...] | None = None
    if edit.remove_evidence:
        if ALL in edit.remove_evidence:
            kept = ()
        else:
            absent = [x for x in edit.remove_evidence if x not in old_links]
            for link in absent:
                have = ", ".join(repr(x) for x in old_links) or "none"
                found.append(_origin(edit, f"{edit.item}: evidence {link!r} is not in the answer "
                                           f"(its evidence: {have})"))
            if absent:
                return None
            kept = tuple(x for x in old_links if x not in edit.remove_evidence)
    base = kept if kept is not None else old_links
    links = tuple(dict.fromkeys(x for x in edit.evidence if x not in base))
    if kept is not None and kept == old_links and not links:
        kept = None
    before_note = before.note if before else None
    note = edit.note
    if note is not None and (note.strip() or None) == before_note:
        note = None
    if note is not None and not note.strip():
        note = "" if before_note is not None else None
    new_checked = edit.checked if edit.checked != (before.checked if before else None) else None
    want = _Wanted(status, links, note, new_checked.isoformat() if new_checked else None, kept)
    after = Answer(edit.item, cast(Status, status), base + links,
                   (note.strip() or None) if note is not None else before_note,
                   checked=edit.checked or (before.checked if before else None),
                   until=before.until if before else None)
    return want, after


def set_answers(
    root: Path, system_id: str, edits: Sequence[AnswerEdit], date: dt.date | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> list[AnswerChange]:
    """Change several answers of the newest snapshot (or of the snapshot of ``date``)
    in one write, all or nothing.

    Every problem is found before anything is written: unknown items, statuses that
    are not the rubric's, an item asked for twice, evidence to remove that is not
    there, and then everything ``maturity validate`` would say of the result (the
    same checks: schema, notes, evidence links, paths that must exist). With any
    problem the file stays as it was.
    """
    if not edits:
        raise UsageError("nothing to set: name an ITEM, ITEM=STATUS pairs, --from FILE or --remaining")
    with _editing(root, system_id, settings):
        return _set_answers(root, system_id, edits, date, settings)


def _set_answers(
    root: Path, system_id: str, edits: Sequence[AnswerEdit], date: dt.date | None, settings: Settings
) -> list[AnswerChange]:
    portfolio, system = load_system(root, system_id, settings)
    snapshot = system.snapshot_at(date)
    rubric = portfolio.rubric_for(snapshot)
    if rubric.method == "grid":
        raise UsageError(grid_not_by_item(rubric.ref))
    item_ids = rubric.item_ids
    path = _snapshot_path(root, system_id, snapshot.date)
    unknown: list[Problem | str] = []
    found: list[Problem | str] = []
    seen: dict[str, AnswerEdit] = {}
    for edit in edits:
        if edit.item not in item_ids:
            unknown.append(_origin(edit, f"unknown item {edit.item!r} in rubric {rubric.ref}"
                                         f"{suggest(edit.item, list(item_ids))}"))
        elif edit.status is not None and edit.status not in rubric.scoring.statuses:
            found.append(_origin(edit, f"status {edit.status!r} is not one of "
                                       f"{', '.join(rubric.scoring.statuses)}"
                                       f"{suggest(edit.status, rubric.scoring.statuses)}"))
        elif edit.status == "na" and not rubric.item(edit.item).na:
            found.append(_origin(edit, f"{edit.item} cannot be na (the rubric says na: false)"))
        elif edit.item in seen:
            found.append(_origin(edit, f"{edit.item} is given twice: give each item once"))
        else:
            seen[edit.item] = edit
    wanted: dict[str, tuple[_Wanted, Answer]] = {}
    for item_id, edit in seen.items():
        result = _wanted(edit, snapshot.answers.get(item_id), snapshot, found)
        if result is not None:
            wanted[item_id] = result
    if unknown or found:  # also say what validate would say of the rest, then refuse
        rest = {i: w for i, w in wanted.items() if w[0] is not None}
        found += _dry_run(root, portfolio.rubrics, system_id, path, snapshot, seen, rest, settings)
        _refuse_edits(unknown + found, NotFound if unknown else UsageError)

    changes: list[AnswerChange] = []
    for item_id, (want, after) in wanted.items():
        before = snapshot.answers.get(item_id)
        unchanged = (
            before is not None and before.status == want.status and not want.links
            and want.note is None and want.checked is None and want.kept is None
        )
        changes.append(AnswerChange(system_id, snapshot.date, item_id, path, before, after,
                                    written=not unchanged))
    todo = [c for c in changes if c.written]
    if not todo:
        return changes

    raw, new_text, expected = _edited_text(path, [(c.item, wanted[c.item][0]) for c in todo], settings)
    origins = {e.item: e.origin for e in edits if e.origin is not None}
    replace_checked(
        path, new_text,
        _snapshot_checker(root, portfolio.rubrics, system_id, display_path(path), expected, origins,
                          settings),
        before=raw,
    )
    return changes


def _edited_text(
    path: Path, wanted: Sequence[tuple[str, _Wanted]], settings: Settings = DEFAULT_SETTINGS
) -> tuple[bytes, str, Any]:
    """The snapshot's bytes as read, its text with the answers changed, and the data
    that text must parse to."""
    raw, text, layout = _read(path, settings)
    data = load_text(text, display_path(path), settings.limits)
    root_node = compose(text)
    answers_pair = find(root_node, "answers")
    if answers_pair is None:
        raise WriteRefused(f"not written: {display_path(path)} has no answers")
    answers_key, answers = answers_pair
    expected = copy.deepcopy(data)
    old_answers = expected.get("answers") or {}
    splices: list[Splice] = []
    added: list[tuple[str, _Wanted]] = []
    for item_id, want in wanted:
        existing = find(answers, item_id) if isinstance(answers, MappingNode) else None
        if existing is not None:
            splices += _edit_existing(text, root_node, existing[0], existing[1], want)
        else:
            added.append((item_id, want))
        old_answers[item_id] = want.raw(old_answers.get(item_id))
    if added:
        splices += _add_answers(text, answers_key, answers, added)
    expected["answers"] = old_answers
    return raw, layout.restore(apply(text, splices)), expected


def _dry_run(
    root: Path, rubrics: Mapping[str, Rubric], system_id: str, path: Path, snapshot: Snapshot,
    edits: Mapping[str, AnswerEdit], wanted: Mapping[str, tuple[_Wanted, Answer]],
    settings: Settings = DEFAULT_SETTINGS,
) -> list[Problem | str]:
    """What ``validate`` would say of the snapshot with the edits that could be made
    (checked in a staged copy, never written), at each edit's origin."""
    if not wanted:
        return []
    _, new_text, expected = _edited_text(path, [(i, w[0]) for i, w in wanted.items()], settings)
    origins = {i: e.origin for i, e in edits.items() if e.origin is not None}
    check = _snapshot_checker(root, rubrics, system_id, display_path(path), expected, origins, settings)
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=path.parent) as staging:
        staged = Path(staging) / path.name
        staged.write_text(new_text, encoding="utf-8", newline="")
        problems = check(staged)
    shown, target = display_path(staged), display_path(path)
    return [p if p.path != shown else Problem(target, p.line, p.column, p.message) for p in problems]


def _add_answers(
    text: str, answers_key: ScalarNode, answers: Node, added: Sequence[tuple[str, _Wanted]]
) -> list[Splice]:
    """Answers for items the snapshot does not list: after their dimension's last answer
    (in the order given), or into an empty or flow ``answers``."""
    if isinstance(answers, MappingNode) and not is_flow(answers) and answers.value:
        return [s for item_id, want in added for s in _add_answer(text, answers_key, answers, item_id, want)]
    entries = [f"{item_id}: {want.value()}" for item_id, want in added]
    if is_empty_null(answers):
        at = after_colon(text, answers_key)
        indent = " " * (int(answers_key.start_mark.column) + 2)
        return [insert_lines_after(text, at, [indent + entry for entry in entries])]
    if isinstance(answers, ScalarNode):  # an explicit null
        return [Splice(answers.start_mark.index, node_end(text, answers), "{" + ", ".join(entries) + "}")]
    if not isinstance(answers, MappingNode):
        raise WriteRefused("not written: answers is not a map")
    if not answers.value:
        return [Splice(answers.start_mark.index, answers.end_mark.index, "{" + ", ".join(entries) + "}")]
    last_key, last_value = answers.value[-1]
    at = value_end(text, last_key, last_value)
    return [Splice(at, at, "".join(f", {entry}" for entry in entries))]


def remaining_edits(
    root: Path,
    system_id: str,
    status: str,
    dimensions: Sequence[str] = (),
    date: dt.date | None = None,
    *,
    note: str | None = None,
    evidence: Sequence[str] = (),
    settings: Settings = DEFAULT_SETTINGS,
) -> list[AnswerEdit]:
    """An edit giving ``status`` to every unassessed item of the snapshot (of the named
    dimensions only, when given), in rubric order."""
    portfolio, system = load_system(root, system_id, settings)
    snapshot = system.snapshot_at(date)
    rubric = portfolio.rubric_for(snapshot)
    known = [d.id for d in rubric.dimensions]
    for dim in dimensions:
        if dim not in known:
            raise NotFound(f"unknown dimension {dim!r} in rubric {rubric.ref}{suggest(dim, known)}")
    wanted = set(dimensions) or set(known)
    return [
        AnswerEdit(item.id, status, tuple(evidence), note)
        for dim in rubric.dimensions if dim.id in wanted
        for item in dim.items if item.id not in snapshot.answers
    ]


# --------------------------------------------------------------------------- probe proposals


@dataclass(frozen=True)
class ProbeAnswer:
    """An answer ``maturity probe --write`` proposes for an unassessed item."""

    item: str
    status: str  # done or partial
    probes: tuple[str, ...]
    evidence: tuple[str, ...]
    checked: dt.date
    commit: str | None = None


@dataclass(frozen=True)
class _Proposed(_Wanted):
    probes: tuple[str, ...] = ()
    commit: str | None = None

    @property
    def shorthand(self) -> bool:
        return False

    def flow_map(self) -> str:
        parts = [f"status: {self.status}", "source: probe", f"probes: {flow_sequence(self.probes)}"]
        if self.links:
            parts.append(f"evidence: {flow_sequence(self.links)}")
        if self.commit:
            parts.append(f"commit: {scalar(self.commit, flow=True)}")
        if self.checked is not None:
            parts.append(f"checked: {date_scalar(self.checked)}")
        return "{" + ", ".join(parts) + "}"

    def raw(self, old: Any) -> Any:
        new: dict[str, Any] = {"status": self.status, "source": "probe", "probes": list(self.probes)}
        if self.links:
            new["evidence"] = list(self.links)
        if self.commit:
            new["commit"] = self.commit
        if self.checked is not None:
            new["checked"] = self.checked
        return new


def add_probe_answers(
    root: Path, system_id: str, proposals: Sequence[ProbeAnswer], settings: Settings = DEFAULT_SETTINGS
) -> tuple[dt.date, list[ProbeAnswer]]:
    """Add the proposals to the newest snapshot, for items it leaves unassessed only
    (an item a person answered, even ``todo``, is never touched), in one lossless
    write. Returns the snapshot's date and the answers written."""
    with _editing(root, system_id, settings):
        portfolio, system = load_system(root, system_id, settings)
        snapshot = system.current
        rubric = portfolio.rubric_for(snapshot)
        item_ids = rubric.item_ids
        todo = [p for p in proposals if p.item in item_ids and p.item not in snapshot.answers]
        if not todo:
            return snapshot.date, []
        path = _snapshot_path(root, system_id, snapshot.date)
        wanted = [
            (p.item, _Proposed(rubric.scoring.answer_for(p.status), p.evidence, None,
                               p.checked.isoformat(), probes=p.probes, commit=p.commit))
            for p in todo
        ]
        raw, new_text, expected = _edited_text(path, wanted, settings)
        replace_checked(
            path, new_text,
            _snapshot_checker(root, portfolio.rubrics, system_id, display_path(path), expected,
                              settings=settings),
            before=raw,
        )
        return snapshot.date, todo


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
    settings: Settings = DEFAULT_SETTINGS,
) -> Path:
    """A new snapshot of ``date`` (default today) copied from the newest one.

    Only ``date:`` changes (and ``assessors:`` when given); every answer, comment and
    plan entry is kept for the team to re-check with ``set``. Of two commands creating
    the same snapshot at once, one creates it and the other is refused.
    """
    with _editing(root, system_id, settings):
        return _reassess(root, system_id, date, assessors, settings)


def _reassess(
    root: Path,
    system_id: str,
    date: dt.date | None,
    assessors: Sequence[str] | None,
    settings: Settings,
) -> Path:
    portfolio, system = load_system(root, system_id, settings)
    newest = system.current
    when = settings.day(date)
    if when <= newest.date:
        raise UsageError(
            f"the new snapshot's date {when} must be after the newest one ({newest.date})"
        )
    source = _snapshot_path(root, system_id, newest.date)
    target = _snapshot_path(root, system_id, when)
    if target.exists():
        raise WriteRefused(f"not written: {display_path(target)} already exists")
    _, text, layout = _read(source, settings)
    data = load_text(text, display_path(source), settings.limits)
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
    _write_snapshot(target, text, layout, splices, expected, portfolio.rubrics, system_id,
                    settings=settings)
    return target


# --------------------------------------------------------------------------- upgrade


def upgrade(
    root: Path,
    system_id: str,
    to: str | None = None,
    date: dt.date | None = None,
    assessors: Sequence[str] | None = None,
    settings: Settings = DEFAULT_SETTINGS,
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
    with _editing(root, system_id, settings):
        return _upgrade(root, system_id, to, date, assessors, settings)


def _upgrade(
    root: Path,
    system_id: str,
    to: str | None,
    date: dt.date | None,
    assessors: Sequence[str] | None,
    settings: Settings,
) -> Path:
    portfolio, system = load_system(root, system_id, settings)
    newest = system.current
    source = portfolio.rubric_for(newest)
    target = resolve_rubric(portfolio.rubrics, to or source.id)
    if target.ref == source.ref:
        hint = "" if to else " (its newest version); name another with --to"
        raise UsageError(f"{system_id}'s newest snapshot ({newest.date}) is already in {source.ref}{hint}")
    mapping = mapping_between(portfolio.mappings, source.ref, target.ref, portfolio.rubrics)
    when = settings.day(date)
    if when < newest.date:
        raise UsageError(f"the new snapshot's date {when} must be on or after the newest one ({newest.date})")
    path = _snapshot_path(root, system_id, when)
    from_path = _snapshot_path(root, system_id, newest.date)
    same_day = when == newest.date
    if same_day:
        _require_kept_by_git(from_path)
    elif path.exists():
        raise WriteRefused(f"not written: {display_path(path)} already exists")
    data = load_text(_read(from_path, settings)[1], display_path(from_path), settings.limits)
    raw_answers = data.get("answers") or {}
    answers: dict[str, Any] = {}
    for item_id, derivation in derivations(mapping, source, target):
        if len(derivation.sources) == 1:  # carried (identity or rename): the answer as written
            raw = raw_answers.get(derivation.sources[0])
            if raw is not None:
                answers[item_id] = raw
            continue
        derived = derive_answer(item_id, derivation, newest)
        if derived is not None:
            answers[item_id] = {"status": target.scoring.answer_for(derived.status),
                                **({"evidence": list(derived.evidence)} if derived.evidence else {}),
                                "note": derived.note,
                                **({"checked": derived.checked.isoformat()} if derived.checked else {}),
                                **({"until": derived.until.isoformat()} if derived.until else {})}
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
    if same_day:
        text = _same_day_note(text, from_path, source)
    checker = _snapshot_checker(root, portfolio.rubrics, system_id, display_path(path), expected,
                                settings=settings)
    replace_checked(path, text, checker, create=not same_day,
                    before=from_path.read_bytes() if same_day else None)
    return path


def _require_kept_by_git(snapshot: Path) -> None:
    """A same-day upgrade replaces that day's snapshot (one file per date): allowed only
    while git keeps the old one exactly as it is (committed, unchanged since)."""
    kept = committed_unchanged(snapshot)
    if not kept:
        why = ("is not in a git repository" if kept is None
               else "has changes git does not have yet (or is not committed)")
        raise UsageError(
            f"{display_path(snapshot)} is of the same day: an upgrade then replaces it, which is "
            f"allowed only while git keeps the old one as it was; it {why}: commit it first, "
            "or give the new snapshot a later --date"
        )


def _same_day_note(text: str, old: Path, source: Rubric) -> str:
    """The header says where the replaced snapshot stays: in git, as it was."""
    note = (f"# It replaces the same day's snapshot in {source.ref}, which git keeps as it was:\n"
            f"#   git show HEAD:./{old.name}   (in {old.parent.name}/)\n")
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join([*lines[:at], note, *lines[at:]])


def _mapping_file(root: Path, mapping: RubricMapping) -> str:
    if mapping.path == EXTENDS:
        return "identity (one rubric extends the other: no mapping file needed)"
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
