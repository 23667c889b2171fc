"""new, set, reassess: lossless editing of assessment YAML (issue: pull-request workflow)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import date_option, root_option
from maturity.cli.output import echo
from maturity.core.model import STATUSES, parse_date
from maturity.errors import UsageError
from maturity.store.edit import new_system, reassess, set_answer, upgrade
from maturity.store.yamlio import display_path

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
        date=_date(new_date),
    )
    for path in paths:
        echo(f"created {display_path(path)}")


@cli.command("set")
@click.argument("system_id", metavar="SYSTEM")
@click.argument("item_id", metavar="ITEM")
@click.argument("status", metavar="STATUS", type=click.Choice(STATUSES), required=False)
@click.option("--evidence", multiple=True, metavar="URL",
              help="Add an evidence link (repeatable; links already there are kept once).")
@click.option("--note", default=None, help="Replace the note (an na answer needs one).")
@click.option("--checked", is_flag=False, flag_value=TODAY, default=None, metavar="[YYYY-MM-DD]",
              help="Re-attest the answer: its evidence was checked on this date (default: today).")
@date_option
@root_option
def set_cmd(
    system_id: str, item_id: str, status: str | None, evidence: tuple[str, ...], note: str | None,
    checked: str | None, snapshot_date: str | None, root: Path,
) -> None:
    """Change one answer of the newest snapshot, editing the file in place.

    STATUS is done, partial, todo or na (an na needs a note saying why). Without
    STATUS the answer keeps its status: `--checked` alone re-attests it (writes
    `checked: DATE`, today unless given), so evidence that aged counts again.

    Only the answer's own text changes: comments, quoting, indentation and every
    other line stay byte for byte. A shorthand answer stays shorthand when only
    its status changes; flow and block maps keep their style. A change that would
    make the file invalid (an na without a note, a bad link) is refused and
    nothing is written.

    \b
    Examples:
      maturity set techcorp-support-chatbot data.quality-monitoring done
      maturity set techcorp-support-chatbot testing.stress partial \\
          --evidence https://ci.example.com/load-tests --note "weekly load test"
      maturity set techcorp-support-chatbot data.feature-store na --note "no features"
      maturity set techcorp-support-chatbot deployment.canary done --date 2026-02-15
      maturity set techcorp-support-chatbot data.centralized-storage --checked
      maturity set techcorp-support-chatbot data.centralized-storage --checked 2026-11-20
    """
    if status is None and checked is None:
        raise UsageError("give a STATUS, or --checked to re-attest the answer as it is")
    when = None
    if checked is not None:
        when = dt.date.today() if checked == TODAY else parse_date(checked, "--checked ")
    change = set_answer(
        root, system_id, item_id, status, evidence=evidence, note=note, date=_date(snapshot_date),
        checked=when,
    )
    echo(change.describe())


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
    path = reassess(root, system_id, _date(new_date), list(assessors) if assessors else None)
    echo(f"created {display_path(path)}")


@cli.command("upgrade")
@click.argument("system_id", metavar="SYSTEM")
@click.option("--to", "to_ref", default=None, metavar="ID[@VERSION]",
              help="Rubric version to move to (default: the newest version of the snapshot's rubric).")
@click.option("--date", "new_date", default=None, metavar="YYYY-MM-DD",
              help="Date of the new snapshot (default: today); after the newest one.")
@click.option("--assessor", "assessors", multiple=True,
              help="Who assesses this time (repeatable; default: the newest snapshot's).")
@root_option
def upgrade_cmd(
    system_id: str, to_ref: str | None, new_date: str | None, assessors: tuple[str, ...], root: Path
) -> None:
    """Move a system to another rubric version: a new dated snapshot through the mapping.

    Reads rubrics/mappings/<from>--<to>.yaml. Answers, evidence and notes are
    carried over (renamed items under their new id); items new in the target
    version are listed unassessed with their text as a comment; a header comment
    names what the mapping renamed, merged, added and dropped. Refuses when there
    is no mapping, when the snapshot of that date exists, or when the system is
    already in that version.

    \b
    Examples:
      maturity upgrade claims-triage --date 2026-11-07
      maturity upgrade claims-triage --to acme-mlops@2 --date 2026-11-07
    """
    path = upgrade(root, system_id, to_ref, _date(new_date), list(assessors) if assessors else None)
    echo(f"created {display_path(path)}")
