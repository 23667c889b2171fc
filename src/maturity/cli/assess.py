"""``maturity assess SYSTEM``: the checklist as a questionnaire in the terminal.

Dimension by dimension, level by level, the items of the newest snapshot are asked
one at a time (the unassessed ones; ``--all`` for every item): the item's text, its
guidance and evidence hint, a probe's proposal when one is given, then one key per
status and an optional evidence link and note. Every answer is written at once by
the code ``maturity set`` uses (``store.edit.set_answers``), so an interrupted
session loses nothing and running it again carries on with what is left. The
levels are shown moving as the answers come in.

The terminal is prompt_toolkit's business (keys, line editing, Ctrl-C); without a
terminal the command refuses and points at ``set --from``.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import root_option
from maturity.cli.output import echo
from maturity.config import resolve_as_of
from maturity.core.methods import grid_not_by_item
from maturity.core.model import Item, Rubric, Snapshot
from maturity.core.portfolio import STALE_AFTER_DAYS
from maturity.core.scoring import SnapshotScore, score_snapshot
from maturity.errors import InvalidInput, MaturityError, UsageError
from maturity.store.edit import AnswerEdit, set_answers
from maturity.store.load import load_system
from maturity.store.yamlio import display_path, read_input
from maturity.views.wording import level_range, stale_warning, status_label

SKIP, QUIT = "skip", "quit"


@dataclass(frozen=True)
class Proposal:
    """What a probe proposes for one item (``maturity probe --format json``'s ``proposals``)."""

    status: str
    probes: tuple[str, ...]
    where: tuple[str, ...]  # path:line of each piece of evidence


def read_proposals(path: Path) -> dict[str, Proposal]:
    """The ``proposals`` of a ``maturity probe --format json`` result file."""
    shown = display_path(path)
    try:
        data = json.loads(read_input(path, root=path.resolve().parent))
    except ValueError as error:
        raise UsageError(
            f"{shown}: not the JSON that `maturity probe --format json` writes ({error})") from None
    proposals = data.get("proposals") if isinstance(data, dict) else None
    if not isinstance(proposals, dict):
        raise UsageError(f"{shown}: no \"proposals\" map (write it with `maturity probe PATH --format json`)")
    found: dict[str, Proposal] = {}
    for item, raw in proposals.items():
        if not isinstance(raw, dict) or not isinstance(raw.get("status"), str):
            continue
        where = tuple(
            f"{e.get('path')}:{e.get('line')}" if e.get("line") else str(e.get("path"))
            for e in raw.get("evidence") or [] if isinstance(e, dict)
        )
        found[str(item)] = Proposal(raw["status"], tuple(map(str, raw.get("probes") or ())), where)
    return found


def status_keys(rubric: Rubric) -> dict[str, str]:
    """One key per status (its first free letter), ``s`` to skip, ``q`` to quit."""
    keys: dict[str, str] = {}
    taken = {"s", "q"}
    for status in rubric.scoring.statuses:
        key = next((c for c in status.lower() if c.isalnum() and c not in taken), None)
        if key is None:
            key = next(c for c in "xyzkjhgfeuvwbcilmor0123456789" if c not in taken)
        taken.add(key)
        keys[key] = status
    return {**keys, "s": SKIP, "q": QUIT}


def _choose(message: str, keys: Mapping[str, str]) -> str:
    """Wait for one of ``keys`` (Ctrl-C and Ctrl-D quit)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    bindings = KeyBindings()
    for key, value in keys.items():
        def pick(event: KeyPressEvent, value: str = value) -> None:
            event.app.exit(result=value)
        bindings.add(key)(pick)

    def stop(event: KeyPressEvent) -> None:
        event.app.exit(result=QUIT)

    bindings.add("c-c")(stop)
    bindings.add("c-d")(stop)
    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl(message), height=1, dont_extend_height=True)),
        key_bindings=bindings, full_screen=False, erase_when_done=False,
    )
    return app.run()


def _ask(message: str) -> str | None:
    """A line of text (None on Ctrl-C or Ctrl-D: quit)."""
    from prompt_toolkit import prompt

    try:
        return prompt(message).strip()
    except (KeyboardInterrupt, EOFError):
        return None


def _levels(score: SnapshotScore, dimension: str) -> str:
    dim = score.dimensions[dimension]
    overall = score.overall
    return (f"{dimension}: {level_range(dim.level, dim.upper, dim.unassessed)} · overall: "
            f"{level_range(overall.level, overall.upper, overall.unassessed)}")


def _questions(rubric: Rubric, snapshot: Snapshot, every: bool, dimensions: tuple[str, ...]) -> list[Item]:
    """Dimension by dimension, level by level; unassessed items only unless ``every``."""
    wanted = set(dimensions) or {d.id for d in rubric.dimensions}
    return [
        item
        for dim in rubric.dimensions if dim.id in wanted
        for level in sorted({i.level for i in dim.items})
        for item in dim.items_at(level)
        if every or item.id not in snapshot.answers
    ]


def _show_item(item: Item, number: int, total: int, snapshot: Snapshot, proposal: Proposal | None) -> None:
    echo(f"\n[{number}/{total}] {item.id} (level {item.level})")
    echo(f"  {item.text}")
    width = max(40, shutil.get_terminal_size().columns - 2)
    for label, text in (("Guidance", item.guidance), ("Evidence", item.evidence_hint)):
        if text:
            echo(textwrap.fill(" ".join(text.split()), width, initial_indent=f"  {label}: ",
                               subsequent_indent="    "))
    if proposal is not None:
        where = f" ({', '.join(proposal.where[:3])})" if proposal.where else ""
        echo(f"  Probe proposes: {proposal.status} from {', '.join(proposal.probes) or 'a probe'}{where}")
    answer = snapshot.answers.get(item.id)
    if answer is not None:
        note = f" — {answer.note}" if answer.note else ""
        echo(f"  Now: {status_label(answer.status)}{note}")


def _edit_for(item: Item, status: str, allow_blank_note: bool) -> AnswerEdit | None:
    """Ask for the evidence and the note; None when the assessor quits."""
    evidence = _ask("  evidence (link or repository path; Enter for none): ")
    if evidence is None:
        return None
    while True:
        why = "  note (why it does not apply): " if status == "na" else "  note (Enter for none): "
        note = _ask(why)
        if note is None:
            return None
        if note or status != "na" or allow_blank_note:
            break
        echo("  an na answer needs a note saying why")
    return AnswerEdit(item.id, status, tuple(evidence.split()), note or None)


@cli.command("assess")
@click.argument("system_id", metavar="SYSTEM")
@click.option("--all", "every", is_flag=True, help="Ask every item, not only the unassessed ones.")
@click.option("--dimension", "dimensions", multiple=True, metavar="ID",
              help="Only this dimension's items (repeatable).")
@click.option("--proposals", "proposals_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.json",
              help="Show what `maturity probe PATH --format json` proposed for each item.")
@root_option
def assess_cmd(
    system_id: str, every: bool, dimensions: tuple[str, ...], proposals_file: Path | None, root: Path
) -> None:
    """Answer the checklist of a system's newest snapshot as a questionnaire.

    Dimension by dimension and level by level, each unassessed item (every item
    with --all) is shown with its guidance; press one key for its status
    (d done, p partial, t todo, n na, s skip, q quit), then give an evidence link
    or repository path and a note, or press Enter. Each answer is written at once,
    with the checks of `maturity set` and `validate` (a refused answer is asked
    again), keeping every comment; quit at any time and run it again to carry on.
    Needs a terminal: for scripts, use `maturity set SYSTEM --from FILE`.

    \b
    Examples:
      maturity assess fraud-detection
      maturity assess fraud-detection --dimension monitoring --all
      maturity probe ../fraud-model --format json > probe.json
      maturity assess fraud-detection --proposals probe.json
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "maturity assess asks its questions in a terminal, and there is none here (input or "
            f"output is redirected); answer from a file instead: maturity set {system_id} --from answers.csv"
        )
    proposals = read_proposals(proposals_file) if proposals_file is not None else {}
    as_of = resolve_as_of()
    portfolio, system = load_system(root, system_id)
    snapshot = system.current
    rubric = portfolio.rubric_for(snapshot)
    if rubric.method == "grid":
        raise UsageError(grid_not_by_item(rubric.ref))
    known = [d.id for d in rubric.dimensions]
    for dim in dimensions:
        if dim not in known:
            raise UsageError(
                f"unknown dimension {dim!r} in rubric {rubric.ref} (dimensions: {', '.join(known)})")
    questions = _questions(rubric, snapshot, every, dimensions)
    score = score_snapshot(rubric, snapshot, as_of)
    echo(f"{system.name} ({system_id}), snapshot {snapshot.date}, {rubric.ref}: "
         f"overall {level_range(score.overall.level, score.overall.upper, score.overall.unassessed)}")
    warning = stale_warning(system_id, snapshot.date, as_of, STALE_AFTER_DAYS)
    if warning:
        echo(f"warning: {warning}")
    if not questions:
        echo("Nothing to ask: every item is answered (--all asks them again).")
        return
    keys = status_keys(rubric)
    legend = "  ".join(f"[{k}] {v}" for k, v in keys.items())
    names = {d.id: d.name for d in rubric.dimensions}
    levels = {lv.level: lv.name for lv in rubric.levels}
    written = 0
    heading: tuple[str, int] | None = None
    for number, item in enumerate(questions, 1):
        if heading is None or heading[0] != item.dimension:
            echo(f"\n== {names[item.dimension]} ({_levels(score, item.dimension)})")
        if heading != (item.dimension, item.level):
            echo(f"-- Level {item.level}: {levels.get(item.level, '')}")
        heading = (item.dimension, item.level)
        _show_item(item, number, len(questions), snapshot, proposals.get(item.id))
        while True:
            choice = _choose(f"  {legend} ? ", keys)
            if choice in (SKIP, QUIT):
                break
            echo(f"  {status_label(choice)}")
            edit = _edit_for(item, choice, allow_blank_note=False)
            if edit is None:
                choice = QUIT
                break
            try:
                set_answers(root, system_id, [edit])
            except (InvalidInput, MaturityError) as error:
                echo(f"  not written: {error}")
                continue
            written += 1
            portfolio, system = load_system(root, system_id)
            snapshot = system.current
            score = score_snapshot(rubric, snapshot, as_of)
            echo(f"  written · {_levels(score, item.dimension)}")
            break
        if choice == QUIT:
            break
    left = len(_questions(rubric, snapshot, False, dimensions))
    echo(f"\n{written} answer{'s' if written != 1 else ''} written to "
         f"{display_path(Path(root) / 'assessments' / system_id / f'{snapshot.date}.yaml')}; "
         f"{left} item{'s' if left != 1 else ''} unassessed"
         + (f" (run `maturity assess {system_id}` again to carry on)" if left else "") + ".")

