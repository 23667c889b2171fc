"""new, set, reassess: lossless editing of assessment YAML (issue: pull-request workflow)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import date_option, root_option, settings
from maturity.cli.output import echo
from maturity.core.calendar import parse_date
from maturity.core.portfolio import STALE_AFTER_DAYS
from maturity.errors import UsageError
from maturity.store.answers_file import read_answers
from maturity.store.edit import (
    AnswerEdit,
    new_system,
    reassess,
    remaining_edits,
    set_answers,
    upgrade,
)
from maturity.store.load import load_system
from maturity.store.yamlio import display_path
from maturity.views.wording import stale_warning

TODAY = "today"


def _date(value: str | None) -> dt.date | None:
    return None if value is None else parse_date(value, "--date ")


@cli.command("new")
@click.argument("system_id", metavar="SYSTEM")
@click.option("--rubric", "rubric_ref", default=None, metavar="ID[@VERSION]",
              help="Rubric to assess against (a bare id takes its newest version; "
                   "default with --profile: the profile's).")
@click.option("--profile", "profile", default=None, metavar="ID",
              help="A profile (rubrics/profiles/ID.yaml): its na answers are filled in with "
                   "their reasons, and system.yaml names it.")
@click.option("--name", default=None, help="Human name of the system (default: from SYSTEM).")
@click.option("--owner", default=None, help="Team or person accountable (default: unassigned).")
@click.option("--description", default=None, help="One-paragraph description.")
@click.option("--target-level", type=int, default=None,
              help="Level the system aims for (default: the rubric's first scored level).")
@click.option("--target-date", default=None, metavar="YYYY-MM-DD", help="When the target should be met.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--assessor", "assessors", multiple=True, help="Who assesses (repeatable).")
@click.option("--date", "new_date", default=None, metavar="YYYY-MM-DD",
              help="Date of the first snapshot (default: today).")
@root_option
def new_cmd(
    system_id: str, rubric_ref: str | None, profile: str | None, name: str | None, owner: str | None,
    description: str | None,
    target_level: int | None, target_date: str | None, tags: tuple[str, ...],
    assessors: tuple[str, ...], new_date: str | None, root: Path,
) -> None:
    """Start assessing a system: a folder with system.yaml and a blank snapshot.

    The snapshot lists every item of the rubric under dimension and level
    headings, each with its text as a comment and no answer yet (unassessed).
    Fill it in by hand or with `maturity set`. Refuses an existing folder, a
    SYSTEM that is not a plain slug and an unknown rubric.

    \b
    Examples:
      maturity new fraud-detection --rubric google-mlops --owner "Risk ML Team"
      maturity new fraud-detection --rubric google-mlops@1 --name "Fraud Detection" \\
          --target-level 2 --target-date 2026-12-31 --assessor Alice --tag payments
      maturity new docs-assistant --profile llm-rag --owner "Knowledge Tools"
    """
    paths = new_system(
        root, system_id, rubric_ref, profile=profile, name=name, owner=owner, description=description,
        target_level=target_level, target_date=target_date, tags=tags, assessors=assessors,
        date=_date(new_date), settings=settings(),
    )
    for path in paths:
        echo(f"created {display_path(path)}")


def _pairs(args: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """``ITEM STATUS`` / ``ITEM`` (one item) or ``ITEM=STATUS …`` (several)."""
    if any("=" in a for a in args):
        bad = [a for a in args if "=" not in a or not a.split("=", 1)[0] or not a.split("=", 1)[1]]
        if bad:
            raise UsageError(f"{bad[0]!r}: write several answers as ITEM=STATUS (each with both)")
        return [(a.split("=", 1)[0], a.split("=", 1)[1]) for a in args]
    if len(args) > 2:
        raise UsageError("one item is ITEM [STATUS]; several are ITEM=STATUS ITEM=STATUS …")
    if not args:
        return []
    return [(args[0], args[1] if len(args) == 2 else None)]


@cli.command("set")
@click.argument("system_id", metavar="SYSTEM")
@click.argument("answers", metavar="ITEM [STATUS] | ITEM=STATUS…", nargs=-1)
@click.option("--from", "from_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Answers from a CSV (item,status,evidence,note) or YAML file.")
@click.option("--remaining", default=None, metavar="STATUS",
              help="Answer every unassessed item (of --dimension, when given) with STATUS.")
@click.option("--dimension", "dimensions", multiple=True, metavar="ID",
              help="With --remaining: only this dimension's items (repeatable).")
@click.option("--evidence", multiple=True, metavar="URL|PATH",
              help="Add an evidence link or repository path (repeatable; one already there is kept once).")
@click.option("--remove-evidence", "remove_evidence", multiple=True, metavar="URL|all",
              help="Take this evidence away (repeatable); 'all' removes every link.")
@click.option("--note", default=None, help='Replace the note (an na answer needs one; "" removes it).')
@click.option("--checked", is_flag=False, flag_value=TODAY, default=None, metavar="[YYYY-MM-DD]",
              help="Re-attest the answer: its evidence was checked on this date (default: today).")
@date_option
@root_option
def set_cmd(
    system_id: str, answers: tuple[str, ...], from_file: Path | None, remaining: str | None,
    dimensions: tuple[str, ...], evidence: tuple[str, ...], remove_evidence: tuple[str, ...],
    note: str | None, checked: str | None, snapshot_date: str | None, root: Path,
) -> None:
    """Change answers of the newest snapshot, editing the file in place.

    One item (ITEM [STATUS]), several (ITEM=STATUS …), a file (--from) or the
    rest of a dimension (--remaining STATUS --dimension ID). STATUS is done,
    partial, todo or na (an na needs a note saying why). Without STATUS the
    answer keeps its status: --note, --evidence, --remove-evidence or --checked
    alone change just that. --evidence, --remove-evidence, --note and --checked
    apply to every item named on the command line.

    All or nothing: every answer is checked first, with the checks `maturity
    validate` runs (statuses, notes, links, paths that must exist), and every
    problem is reported before anything is written; then one write changes them
    all. Only the answers' own text changes: comments, quoting, indentation and
    every other line stay byte for byte. Warns (still writing) when the newest
    snapshot is older than a quarter: start a new one with `maturity reassess`.

    \b
    Examples:
      maturity set techcorp-support-chatbot data.quality-monitoring done
      maturity set techcorp-support-chatbot testing.stress partial \\
          --evidence https://ci.example.com/load-tests --note "weekly load test"
      maturity set techcorp-support-chatbot data.feature-store na --note "no features"
      maturity set techcorp-support-chatbot data.versioning=done data.catalog=partial
      maturity set techcorp-support-chatbot --from answers.csv
      maturity set techcorp-support-chatbot --remaining todo --dimension governance
      maturity set techcorp-support-chatbot testing.stress --note "nightly since May"
      maturity set techcorp-support-chatbot testing.stress --remove-evidence all
      maturity set techcorp-support-chatbot deployment.canary done --date 2026-02-15
      maturity set techcorp-support-chatbot data.centralized-storage --checked 2026-11-20
    """
    when = None
    if checked is not None:
        when = settings().day(None) if checked == TODAY else parse_date(checked, "--checked ")
    if dimensions and remaining is None:
        raise UsageError("--dimension goes with --remaining STATUS")
    pairs = _pairs(answers)
    given = [AnswerEdit(item, status, evidence, note, when, remove_evidence) for item, status in pairs]
    for item, status in pairs:
        if status is None and note is None and not evidence and not remove_evidence and when is None:
            raise UsageError(f"{item}: give a STATUS, or --note, --evidence, --remove-evidence "
                             "or --checked to change the answer as it is")
    edits = list(given)
    if from_file is not None:
        edits += read_answers(from_file)
    if remaining is not None:
        rest = remaining_edits(root, system_id, remaining, dimensions, _date(snapshot_date),
                               note=note, evidence=evidence, settings=settings())
        if not rest and not edits:
            where = f" in {', '.join(dimensions)}" if dimensions else ""
            echo(f"{system_id}: no unassessed item{where}: nothing to set")
            return
        edits += rest
    changes = set_answers(root, system_id, edits, _date(snapshot_date), settings=settings())
    for change in changes:
        echo(change.describe())
    if len(changes) > 1:
        written = sum(c.written for c in changes)
        echo(f"{written} answer{'s' if written != 1 else ''} changed in one write, "
             f"{len(changes) - written} unchanged")
    if snapshot_date is None:
        system = load_system(root, system_id, settings())[1]
        as_of = settings().as_of
        assert as_of is not None
        warning = stale_warning(system_id, system.current.date, as_of, STALE_AFTER_DAYS)
        if warning:
            echo(f"warning: {warning}", err=True)


@cli.command("reassess")
@click.argument("system_id", metavar="SYSTEM")
@click.option("--date", "new_date", default=None, metavar="YYYY-MM-DD",
              help="Date of the new snapshot (default: today); after the newest one.")
@click.option("--assessor", "assessors", multiple=True,
              help="Who assesses this time (repeatable; replaces the list).")
@root_option
def reassess_cmd(system_id: str, new_date: str | None, assessors: tuple[str, ...], root: Path) -> None:
    """Start a new dated snapshot from the newest one (the quarterly rhythm).

    The new file is the newest snapshot with its date changed (and its
    assessors, when given): every answer, comment and plan entry is kept, for
    the team to re-check with `maturity set`.

    \b
    Examples:
      maturity reassess techcorp-support-chatbot
      maturity reassess techcorp-support-chatbot --date 2026-05-15 --assessor "ML Team (Bob)"
    """
    path = reassess(root, system_id, _date(new_date), list(assessors) if assessors else None,
                    settings=settings())
    echo(f"created {display_path(path)}")


@cli.command("upgrade")
@click.argument("system_id", metavar="SYSTEM")
@click.option("--to", "to_ref", default=None, metavar="ID[@VERSION]",
              help="Rubric version to move to (default: the newest version of the snapshot's rubric).")
@click.option("--date", "new_date", default=None, metavar="YYYY-MM-DD",
              help="Date of the new snapshot (default: today); on or after the newest one (the same "
                   "day replaces it, while git keeps the old one as it was).")
@click.option("--assessor", "assessors", multiple=True,
              help="Who assesses this time (repeatable; default: the newest snapshot's).")
@root_option
def upgrade_cmd(
    system_id: str, to_ref: str | None, new_date: str | None, assessors: tuple[str, ...], root: Path
) -> None:
    """Move a system to another rubric version: a new dated snapshot through the mapping.

    Reads rubrics/mappings/<from>--<to>.yaml; between a rubric and an extension
    of it (either way) none is needed: an item keeps its answer under its id, what
    the extension removes is dropped and what it adds is unassessed. Answers,
    evidence and notes are carried over (renamed items under their new id); items new in the target
    version are listed unassessed with their text as a comment; a header comment
    names what the mapping renamed, merged, added and dropped. Refuses when there
    is no mapping, when the snapshot of that date exists, or when the system is
    already in that version. On the newest snapshot's own date the upgrade replaces
    it, only while git keeps the old one as it was (committed, unchanged since).

    \b
    Examples:
      maturity upgrade claims-triage --date 2026-11-07
      maturity upgrade claims-triage --to acme-mlops@2 --date 2026-11-07
    """
    path = upgrade(root, system_id, to_ref, _date(new_date), list(assessors) if assessors else None,
                   settings=settings())
    echo(f"created {display_path(path)}")
