"""``maturity plan add|remove``: entries of a snapshot's ``plan:``, edited losslessly.

As ``set`` does for answers: the snapshot is composed, new text is spliced into the
exact span that changes (an entry appended after the last one, in the list's own
style; a removed entry's lines cut out), the result is checked with the loader's
checks and proved to hold exactly the intended data, then written atomically.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from maturity.core.lookup import suggest
from maturity.core.methods import grid_not_by_item
from maturity.errors import NotFound, UsageError, WriteRefused
from maturity.store.atomic import replace_checked
from maturity.store.edit import _editing, _read, _snapshot_checker, _snapshot_path
from maturity.store.load import load_system
from maturity.store.yamledit import (
    Splice,
    after_colon,
    apply,
    compose,
    find,
    insert_lines_after,
    is_empty_null,
    is_flow,
    line_after,
    node_end,
    pairs,
    scalar,
    value_end,
)
from maturity.store.yamlio import display_path, load_text

FIELDS = ("item", "priority", "task", "owner", "effort", "due")


@dataclass(frozen=True)
class PlanItem:
    """One entry to add: the item and what the team says about it."""

    item: str
    priority: int | None = None  # None: after the last one
    task: str | None = None
    owner: str | None = None
    effort: str | None = None
    due: str | None = None


def _flow_entry(entry: dict[str, Any]) -> str:
    parts = []
    for key in FIELDS:
        if key in entry:
            value = entry[key]
            parts.append(f"{key}: {value if isinstance(value, int) else scalar(str(value), flow=True)}")
    return "{" + ", ".join(parts) + "}"


def add_to_plan(
    root: Path, system_id: str, wanted: Sequence[PlanItem], date: dt.date | None = None
) -> list[dict[str, Any]]:
    """Append entries to the plan of the newest snapshot (or of ``date``); returns them.

    Refuses (writing nothing) an unknown item or one already planned. Priorities not
    given continue after the highest one there.
    """
    with _editing(root, system_id):
        portfolio, system = load_system(root, system_id)
        snapshot = system.snapshot_at(date)
        rubric = portfolio.rubric_for(snapshot)
        if rubric.method == "grid":
            raise UsageError(grid_not_by_item(rubric.ref))
        planned = {e.item for e in snapshot.plan}
        problems = []
        for w in wanted:
            if w.item not in rubric.item_ids:
                problems.append(f"unknown item {w.item!r} in rubric {rubric.ref}"
                                f"{suggest(w.item, list(rubric.item_ids))}")
            elif w.item in planned:
                problems.append(f"{w.item} is already in the plan of {system_id} {snapshot.date} "
                                "(remove it first to change it)")
            planned.add(w.item)
        if problems:
            raise UsageError("nothing written:\n" + "\n".join(problems) if len(problems) > 1 else problems[0])
        if not wanted:
            return []
        top = max((e.priority for e in snapshot.plan), default=0)
        entries = []
        for w in wanted:
            priority = w.priority if w.priority is not None else top + 1
            top = max(top, priority)
            entry: dict[str, Any] = {"item": w.item, "priority": priority}
            for key in ("task", "owner", "effort", "due"):
                value = getattr(w, key)
                if value is not None:
                    entry[key] = value
            entries.append(entry)
        path = _snapshot_path(root, system_id, snapshot.date)
        raw, text, layout = _read(path)
        data = load_text(text, display_path(path))
        node = compose(text)
        pair = find(node, "plan")
        lines = [_flow_entry(e) for e in entries]
        if pair is None:
            body = "plan:\n" + "".join(f"  - {line}\n" for line in lines)
            splices = [Splice(len(text), len(text), ("" if text.endswith("\n") or not text else "\n") + body)]
        else:
            plan_key, value = pair
            if is_empty_null(value) or (isinstance(value, ScalarNode)) or (
                    isinstance(value, SequenceNode) and not value.value):
                at = after_colon(text, plan_key)
                end = value_end(text, plan_key, value)
                splices = [Splice(at, end, " [" + ", ".join(lines) + "]")]
            elif isinstance(value, SequenceNode) and is_flow(value):
                at = node_end(text, value.value[-1])
                splices = [Splice(at, at, "".join(f", {line}" for line in lines))]
            elif isinstance(value, SequenceNode):
                dash = " " * int(value.start_mark.column)
                new_lines = [f"{dash}- {line}" for line in lines]
                splices = [insert_lines_after(text, node_end(text, value), new_lines)]
            else:
                raise WriteRefused(f"not written: {display_path(path)}: plan is not a list")
        expected = copy.deepcopy(data)
        expected["plan"] = list(expected.get("plan") or []) + entries
        replace_checked(path, layout.restore(apply(text, splices)),
                        _snapshot_checker(root, portfolio.rubrics, system_id, display_path(path), expected),
                        before=raw)
        return entries


def remove_from_plan(root: Path, system_id: str, items: Sequence[str], date: dt.date | None = None) -> int:
    """Remove the plan entries of ``items`` from the newest snapshot (or of ``date``)."""
    with _editing(root, system_id):
        portfolio, system = load_system(root, system_id)
        snapshot = system.snapshot_at(date)
        planned = [e.item for e in snapshot.plan]
        missing = [i for i in items if i not in planned]
        if missing:
            raise NotFound(f"{missing[0]} is not in the plan of {system_id} {snapshot.date}"
                           f"{suggest(missing[0], planned)} (planned: {', '.join(planned) or 'nothing'})")
        path = _snapshot_path(root, system_id, snapshot.date)
        raw, text, layout = _read(path)
        data = load_text(text, display_path(path))
        pair = find(compose(text), "plan")
        if pair is None or not isinstance(pair[1], SequenceNode):
            raise WriteRefused(f"not written: {display_path(path)}: plan is not a list")
        key, seq = pair
        gone = [n for n, entry in enumerate(seq.value)
                if isinstance(entry, MappingNode) and any(
                    k.value == "item" and getattr(v, "value", None) in items for k, v in pairs(entry))]
        kept = [n for n in range(len(seq.value)) if n not in gone]
        if not kept:
            splices = [Splice(after_colon(text, key), value_end(text, key, seq), " []")]
        elif is_flow(seq):  # the kept entries as they were written, in a list of their own
            kept_text = ", ".join(text[seq.value[n].start_mark.index:node_end(text, seq.value[n])]
                                  for n in kept)
            splices = [Splice(seq.start_mark.index, seq.end_mark.index, f"[{kept_text}]")]
        else:
            splices = []
            for n in gone:
                entry = seq.value[n]
                start = text.rfind("\n", 0, entry.start_mark.index) + 1
                splices.append(Splice(start, line_after(text, node_end(text, entry)), ""))
        expected = copy.deepcopy(data)
        expected["plan"] = [e for e in expected.get("plan") or [] if e.get("item") not in items]
        replace_checked(path, layout.restore(apply(text, splices)),
                        _snapshot_checker(root, portfolio.rubrics, system_id, display_path(path), expected),
                        before=raw)
        return len(gone)
