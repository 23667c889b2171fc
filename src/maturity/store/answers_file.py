"""``maturity set --from FILE``: answers for several items, from a CSV or YAML file.

CSV: a header row naming the columns ``item`` and ``status`` (required) and
``evidence`` and ``note`` (optional), then one row per item. An ``evidence`` cell may
hold several links separated by spaces; an empty ``status`` keeps the answer's status
(a note or evidence only edit).

YAML: a map of item id to answer, written as in a snapshot (``item: done`` or
``item: {status, evidence, note}``), either at the top or under ``answers:`` (so a
snapshot's own answers can be copied into another system).

Every row becomes an ``AnswerEdit`` that remembers its line: whatever is wrong with
it, here or in the snapshot it would produce, is reported at that line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from maturity.errors import InvalidInput, Problem
from maturity.store.edit import AnswerEdit
from maturity.store.yamlio import Locator, display_path, load_text, read_input

COLUMNS = ("item", "status", "evidence", "note")


def read_answers(path: Path) -> list[AnswerEdit]:
    """The edits a ``--from`` file asks for (CSV by its ``.csv`` name, else YAML)."""
    text = read_input(path, root=path.resolve().parent)
    shown = display_path(path)
    if path.suffix.lower() == ".csv":
        return _from_csv(text, shown)
    return _from_yaml(text, path, shown)


def _from_csv(text: str, shown: str) -> list[AnswerEdit]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # a spreadsheet's CRLF rows and cells
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        empty = "empty CSV: give a header row item,status,evidence,note"
        raise InvalidInput([Problem(shown, 1, 1, empty)]) from None
    names = [h.strip().lower() for h in header]
    problems = [Problem(shown, 1, 1, f"unknown column {h!r} (columns: {', '.join(COLUMNS)})")
                for h in names if h not in COLUMNS]
    for required in ("item", "status"):
        if required not in names:
            problems.append(Problem(shown, 1, 1, f"the header has no {required!r} column "
                                                 f"(columns: {', '.join(COLUMNS)})"))
    if problems:
        raise InvalidInput(problems)
    edits: list[AnswerEdit] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                problems.append(Problem(shown, line, 1, f"{len(row)} cells, but the header names "
                                                        f"{len(names)} columns"))
                continue
            cells = dict(zip(names, (c.strip() for c in row), strict=False))
            item = cells.get("item", "")
            if not item:
                problems.append(Problem(shown, line, 1, "no item id in this row"))
                continue
            status = cells.get("status") or None
            note = cells.get("note") or None
            evidence = tuple((cells.get("evidence") or "").split())
            edits.append(AnswerEdit(item, status, evidence, note, origin=Problem(shown, line, 1, "")))
    except csv.Error as error:
        problems.append(Problem(shown, min(reader.line_num, len(lines)) or 1, 1, f"not a CSV file: {error}"))
    if problems:
        raise InvalidInput(problems)
    return edits


def _from_yaml(text: str, path: Path, shown: str) -> list[AnswerEdit]:
    data = load_text(text, shown)
    locator = Locator(path, text)
    prefix: list[str | int] = []
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data, prefix = data["answers"], ["answers"]
    if not isinstance(data, dict):
        raise InvalidInput([Problem(shown, 1, 1, "expected a map of item id to answer "
                                                 "(item: done, or item: {status, evidence, note})")])
    edits: list[AnswerEdit] = []
    problems: list[Problem] = []
    for item, raw in data.items():
        line, column = locator.position([*prefix, item], key=True)
        origin = Problem(shown, line, column, "")
        edit = _yaml_edit(str(item), raw, origin)
        if isinstance(edit, str):
            problems.append(Problem(shown, line, column, edit))
        else:
            edits.append(edit)
    if problems:
        raise InvalidInput(problems)
    return edits


def _yaml_edit(item: str, raw: Any, origin: Problem) -> AnswerEdit | str:
    if raw is None:
        return f"{item}: no answer given (write a status, or leave the item out)"
    if isinstance(raw, str):
        return AnswerEdit(item, raw, origin=origin)
    if not isinstance(raw, dict):
        return f"{item}: an answer is a status or a map with status, evidence and note"
    unknown = [k for k in raw if k not in ("status", "evidence", "note")]
    if unknown:
        return f"{item}: unknown key {unknown[0]!r} (keys: status, evidence, note)"
    evidence = raw.get("evidence") or []
    if isinstance(evidence, str):
        evidence = [evidence]
    if not isinstance(evidence, list) or not all(isinstance(x, str) for x in evidence):
        return f"{item}: evidence is a list of links or repository paths"
    status, note = raw.get("status"), raw.get("note")
    if status is not None and not isinstance(status, str):
        return f"{item}: status must be a word (done, partial, todo, na)"
    if note is not None and not isinstance(note, str):
        return f"{item}: note must be text"
    return AnswerEdit(item, status, tuple(evidence), note, origin=origin)
