"""validate, score, gaps, roadmap, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import click

from maturity.cli.group import cli
from maturity.cli.options import (
    as_of_option,
    date_option,
    format_option,
    output_option,
    root_option,
    settings,
    target_option,
)
from maturity.cli.output import echo
from maturity.core.calendar import parse_date
from maturity.core.gaps import compute_gaps
from maturity.core.lookup import unknown
from maturity.core.mapping import as_rubric
from maturity.core.model import Portfolio, Snapshot, System
from maturity.core.plan import suggest_plan
from maturity.core.portfolio import system_status
from maturity.core.roadmap import build_roadmap
from maturity.core.scoring import score_snapshot
from maturity.errors import FAILED, InvalidInput, NotFound, UsageError
from maturity.store.atomic import write_output
from maturity.store.layout import require_root
from maturity.store.load import check_each_system, load_system
from maturity.store.validate import validate
from maturity.views.data import (
    csv_rows,
    export_csv,
    export_json,
    gaps_dict,
    json_text,
    snapshot_score_dict,
    system_export,
)
from maturity.views.plan import suggested_plan_dict, suggested_plan_text
from maturity.views.text import explain_text, gaps_text, roadmap_markdown, score_markdown, score_text


def pick_snapshot(system: System, snapshot_date: str | None, as_of: dt.date | None = None) -> Snapshot:
    """The snapshot of ``--date`` (else the newest), which must exist ``as_of``."""
    snapshot = system.current if snapshot_date is None else system.snapshot_at(
        parse_date(snapshot_date, "--date "))
    if as_of is not None:
        not_before(system, snapshot, as_of)
    return snapshot


def not_before(system: System, snapshot: Snapshot, as_of: dt.date) -> None:
    """Refuse an as-of date before the snapshot scored: its ages would be negative and
    its expiry dates not yet known (a day of slack, as for a snapshot's own date)."""
    if as_of < snapshot.date - dt.timedelta(days=1):
        raise UsageError(
            f"as of {as_of} the snapshot of {snapshot.date} ({system.id}) did not exist yet: "
            "give a later --as-of (or MATURITY_AS_OF), or --date for an older snapshot"
        )


def emit(text: str, output: Path | None, root: Path | None = None) -> None:
    """``text`` to standard output, or written whole to ``output`` (never through a link,
    never through a folder of ``root`` that leaves it; the old file kept on any error)."""
    if output is None:
        echo(text, nl=not text.endswith("\n"))
    else:
        write_output(output, text, root)
        echo(f"wrote {output}", err=True)


def dumps(data: Any) -> str:
    return json_text(data)


@cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@root_option
def validate_cmd(paths: tuple[Path, ...], root: Path) -> None:
    """Check rubrics and assessments against their schemas and the rubric.

    With no PATHS, checks everything under --root. Prints one
    `path:line:col: message` line per problem; exits 0 when clean, 1 on problems.

    \b
    Examples:
      maturity validate
      maturity validate assessments/techcorp-support-chatbot/2026-02-15.yaml
    """
    require_root(root)
    problems = validate(root, paths, settings())
    for problem in problems:
        echo(str(problem))
    if problems:
        echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)
        raise SystemExit(FAILED)
    echo("all valid", err=True)


@cli.command("score")
@click.argument("system_id", metavar="SYSTEM")
@root_option
@date_option
@as_of_option
@format_option("text", "json", "md")
@click.option("--explain", is_flag=True, help="List every item behind each level with its status.")
@click.option("--dimension", default=None, help="With --explain: only this dimension.")
@click.option("--as", "as_ref", default=None, metavar="ID[@VERSION]",
              help="Score in another rubric through rubrics/mappings/<from>--<to>.yaml "
                   "(e.g. --as azure-mlops for a google-mlops snapshot).")
def score_cmd(
    system_id: str, root: Path, snapshot_date: str | None, as_of: dt.date, fmt: str, explain: bool,
    dimension: str | None, as_ref: str | None,
) -> None:
    """Compute a system's maturity levels: per dimension and overall.

    Unassessed items make a range: the level counts them as not done, the upper
    level as done. Declared levels outside the range are reported as findings,
    and so are answers that aged as of --as-of (evidence-expired, na-expired).

    \b
    Examples:
      maturity score techcorp-support-chatbot
      maturity score techcorp-support-chatbot --format json
      maturity score techcorp-support-chatbot --explain --dimension deployment
      maturity score techcorp-support-chatbot --as-of 2027-01-01
      maturity score techcorp-support-chatbot --as azure-mlops --format json
    """
    portfolio, system = load_system(root, system_id, settings())
    snapshot = pick_snapshot(system, snapshot_date, as_of)
    rubric, via = portfolio.rubric_for(snapshot), None
    if as_ref is not None:
        translated = as_rubric(portfolio, snapshot, as_ref)
        rubric, snapshot, via = translated.rubric, translated.snapshot, translated.via
    profile = portfolio.profile_of(system)
    scored = score_snapshot(rubric, snapshot, as_of)
    if dimension and dimension not in scored.dimensions:
        raise NotFound(unknown("dimension", dimension, scored.dimensions))
    if fmt == "json":
        echo(dumps(snapshot_score_dict(system, scored, via, profile)), nl=False)
    elif fmt == "md":
        echo(score_markdown(system, scored, via, profile), nl=False)
    else:
        echo(score_text(system, scored, via, profile), nl=False)
    if explain:
        echo("")
        echo(explain_text(scored, dimension), nl=False)


@cli.command("gaps")
@click.argument("system_id", metavar="SYSTEM")
@root_option
@date_option
@as_of_option
@target_option
@format_option("text", "json", "md")
@click.option("--suggest", is_flag=True,
              help="Also the suggested plan: the fewest items (partial ones first) reaching the "
                   "next overall level under the rubric's rule.")
def gaps_cmd(
    system_id: str, root: Path, snapshot_date: str | None, as_of: dt.date, target: int | None, fmt: str,
    suggest: bool,
) -> None:
    """Show the items not done up to a target level, and how many must still be done.

    \b
    Examples:
      maturity gaps techcorp-support-chatbot
      maturity gaps techcorp-support-chatbot --target 3 --format md
      maturity gaps techcorp-support-chatbot --suggest
    """
    portfolio, system = load_system(root, system_id, settings())
    snapshot = pick_snapshot(system, snapshot_date, as_of)
    rubric = portfolio.rubric_for(snapshot)
    gaps = compute_gaps(system, rubric, target, snapshot, as_of)
    plan = suggest_plan(rubric, snapshot, as_of) if suggest else None
    if fmt == "json":
        if suggest:
            suggested = suggested_plan_dict(plan) if plan else None
            echo(dumps({**gaps_dict(gaps), "suggested": suggested}), nl=False)
            return
        echo(dumps(gaps_dict(gaps)), nl=False)
    else:
        echo(gaps_text(gaps, markdown=fmt == "md"), nl=False)
        if plan is not None:
            echo()
            echo(suggested_plan_text(plan, rubric, markdown=fmt == "md"), nl=False)


@cli.command("roadmap")
@click.argument("system_id", metavar="SYSTEM")
@root_option
@date_option
@as_of_option
@target_option
@output_option
def roadmap_cmd(
    system_id: str, root: Path, snapshot_date: str | None, as_of: dt.date, target: int | None,
    output: Path | None,
) -> None:
    """Fill the improvement roadmap template from the gaps and the snapshot's plan.

    \b
    Examples:
      maturity roadmap techcorp-support-chatbot
      maturity roadmap techcorp-support-chatbot -o ROADMAP.md
    """
    portfolio, system = load_system(root, system_id, settings())
    snapshot = pick_snapshot(system, snapshot_date, as_of)
    gaps = compute_gaps(system, portfolio.rubric_for(snapshot), target, snapshot, as_of)
    emit(roadmap_markdown(build_roadmap(gaps)), output, root)


@cli.command("export")
@root_option
@format_option("json", "csv")
@output_option
@as_of_option
def export_cmd(root: Path, fmt: str, output: Path | None, as_of: dt.date) -> None:
    """Export the whole portfolio: every system's levels, as JSON or CSV.

    \b
    Examples:
      maturity export --format json -o portfolio.json
      maturity export --format csv > portfolio.csv
      maturity export --as-of 2026-12-31 --format json
    """
    require_root(root)

    def exported(portfolio: Portfolio, system: System) -> tuple[tuple[int, str], str | list[dict[str, Any]]]:
        """One system's part of the export (worked out in a worker process when there are many)."""
        not_before(system, system.current, as_of)
        status = system_status(portfolio, system, as_of)
        order = (status.score.overall.level, system.name.lower())  # as portfolio_status orders
        if fmt == "json":  # compact: json's C encoder (an indent takes its pure-Python one)
            return order, system_export(status)
        return order, csv_rows((status,))

    parts, problems = check_each_system(root, exported, settings())
    if problems:
        raise InvalidInput(problems)
    parts.sort(key=lambda part: part[0])
    if fmt == "json":
        emit(export_json(as_of, [cast(str, text) for _, text in parts]), output, root)
    else:
        emit(export_csv(row for _, rows in parts for row in cast(list[dict[str, Any]], rows)), output, root)
