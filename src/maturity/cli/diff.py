"""diff: what changed between two snapshots or two git revisions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import format_option, output_option, root_option, settings
from maturity.cli.output import echo
from maturity.cli.reading import dumps, emit
from maturity.core.calendar import parse_date
from maturity.core.diff import (
    PortfolioDiff,
    SnapshotDiff,
    diff_portfolios,
    diff_snapshots,
    only_system,
    pick_pair,
)
from maturity.core.model import Portfolio
from maturity.errors import FAILED, NotFound, Problem, UsageError
from maturity.store.gitrev import merge_base, resolve
from maturity.store.load import load_portfolio, load_system, portfolio_at, portfolio_at_leniently
from maturity.views.diff import (
    portfolio_dict,
    portfolio_markdown,
    portfolio_text,
    snapshot_markdown,
    system_dict,
    system_text,
)
from maturity.views.wording import md, md_code


def _label(rev: str, commit: str) -> str:
    short = commit[:12]
    return short if rev.startswith(short[:7]) else f"{rev} ({short})"


def _head_portfolio(root: Path, head: str | None) -> tuple[Portfolio, str]:
    if head is None:
        return load_portfolio(root, settings=settings()), "working tree"
    return portfolio_at(root, head, settings()), _label(head, resolve(root, head))


def _portfolio_diff(
    root: Path, base: str | None, head: str | None, system_id: str | None, as_of: dt.date
) -> tuple[PortfolioDiff, str, list[Problem]]:
    """The diff, the base's label, and the base's problems (what was broken there is left
    out of the base: a pull request that fixes a broken base still shows its head)."""
    if base is None:
        commit = merge_base(root)
        base_label = f"merge base ({commit[:12]})"
        base = commit
    else:
        base_label = _label(base, resolve(root, base))
    before, base_problems = portfolio_at_leniently(root, base, settings())
    after, head_label = _head_portfolio(root, head)
    diff = diff_portfolios(before, after, base_label, head_label, as_of)
    if system_id is None:
        return diff, base_label, base_problems
    known = {s.id for s in (*before.systems, *after.systems)}
    if system_id not in known:
        raise NotFound(
            f"unknown system {system_id!r} at {base_label} and {head_label}"
            f" (known: {', '.join(sorted(known)) or 'none'})"
        )
    return only_system(diff, system_id), base_label, base_problems


def _base_note(text: str, fmt: str, base_label: str, problems: list[Problem]) -> str:
    """The rendered diff, with a note that the base had problems (and which)."""
    if not problems:
        return text
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    head = f"The base ({base_label}) had {count}; what was broken there is compared as absent:"
    if fmt == "json":
        data = json.loads(text)
        data["base_problems"] = [str(p) for p in problems]
        return dumps(data)
    if fmt == "md":
        lines = ["", f"> [!WARNING]\n> {md(head)}", ""]
        lines += [f"- {md_code(f'{p.path}:{p.line}:{p.column}')}: {md(p.message)}" for p in problems]
    else:
        lines = ["", head] + [f"  {p}" for p in problems]
    return text + "\n".join(lines) + "\n"


def _render(diff: PortfolioDiff | SnapshotDiff, fmt: str) -> str:
    if isinstance(diff, PortfolioDiff):
        if fmt == "json":
            return dumps(portfolio_dict(diff))
        return portfolio_markdown(diff) if fmt == "md" else portfolio_text(diff)
    if fmt == "json":
        return dumps(system_dict(diff))
    return snapshot_markdown(diff) if fmt == "md" else system_text(diff)


def _as_of_or_settings(as_of: str | None) -> dt.date:
    """``--as-of`` when given, else the run's as-of date (``MATURITY_AS_OF``, else today)."""
    if as_of is not None:
        return parse_date(as_of, "--as-of ")
    when = settings().as_of
    assert when is not None
    return when


@cli.command("diff")
@click.argument("system_id", metavar="[SYSTEM]", required=False)
@click.argument("dates", metavar="[DATE_A [DATE_B]]", nargs=-1)
@root_option
@click.option(
    "--base", metavar="REV", default=None,
    help="Compare the portfolio at this git revision (default: the merge base of HEAD "
    "with origin/main, main, origin/master or master).",
)
@click.option(
    "--head", metavar="REV", default=None,
    help="Compare with the portfolio at this git revision (default: the working tree).",
)
@format_option("text", "md", "json")
@output_option
@click.option(
    "--exit-code", is_flag=True,
    help="Exit 1 when something changed, 0 when nothing did (like git diff --exit-code).",
)
@click.option(
    "--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
    help="Score both sides as of this date. Default: two snapshots each as of its own "
    "date; two revisions both as of MATURITY_AS_OF, else today.",
)
def diff_cmd(
    system_id: str | None, dates: tuple[str, ...], root: Path, base: str | None, head: str | None,
    fmt: str, output: Path | None, exit_code: bool, as_of: str | None,
) -> None:
    """Show what changed: levels per dimension and overall, and item answers.

    With SYSTEM alone, compares its newest snapshot with the one before; one date
    compares that snapshot with the newest, two dates compare those two. Without
    SYSTEM, or with --base/--head, compares the whole portfolio (or only SYSTEM)
    between two git revisions; the head is the working tree unless --head is given.
    Markdown (--format md) suits a pull-request comment or a job summary.

    \b
    Examples:
      maturity diff card-fraud-scoring
      maturity diff card-fraud-scoring 2025-11-15 2026-11-14
      maturity diff --base origin/main --format md >> "$GITHUB_STEP_SUMMARY"
      maturity diff --base HEAD~1 --head HEAD --format json
    """
    result: PortfolioDiff | SnapshotDiff
    if system_id is not None and base is None and head is None:
        portfolio, system = load_system(root, system_id, settings())
        before, after = pick_pair(system, dates)
        when = parse_date(as_of, "--as-of ") if as_of is not None else None
        result = diff_snapshots(portfolio, system, before, after, when)
        changed = result.changed
    else:
        if dates:
            raise UsageError("dates pick snapshots of one system: they cannot go with --base/--head")
        compared, base_label, base_problems = _portfolio_diff(
            root, base, head, system_id, _as_of_or_settings(as_of)
        )
        if base_problems:
            echo(f"maturity: warning: the base ({base_label}) has problems: listed in the diff", err=True)
        emit(_base_note(_render(compared, fmt), fmt, base_label, base_problems), output, root)
        if exit_code and compared.has_changes:
            raise SystemExit(FAILED)
        return
    emit(_render(result, fmt), output, root)
    if exit_code and changed:
        raise SystemExit(FAILED)
