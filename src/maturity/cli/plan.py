"""``maturity plan add|remove|list``: the snapshot's improvement plan from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import date_option, root_option
from maturity.cli.output import echo
from maturity.config import resolve_as_of
from maturity.core.calendar import parse_date
from maturity.core.plan import suggest_plan
from maturity.errors import UsageError
from maturity.store.load import load_system
from maturity.store.plans import PlanItem, add_to_plan, remove_from_plan
from maturity.views.plan import plan_text, suggested_plan_text


def _date(value: str | None) -> dt.date | None:
    return None if value is None else parse_date(value, "--date ")


@cli.group("plan")
def plan_group() -> None:
    """The improvement plan of a system's newest snapshot (the roadmap's phases).

    \b
    Examples:
      maturity plan list fraud-detection
      maturity plan add fraud-detection monitoring.data-drift --owner "Risk ML" --effort "2 weeks"
      maturity plan add fraud-detection --suggested
      maturity plan remove fraud-detection monitoring.data-drift
    """


@plan_group.command("add")
@click.argument("system_id", metavar="SYSTEM")
@click.argument("items", metavar="ITEM…", nargs=-1)
@click.option("--suggested", is_flag=True,
              help="Add the suggested plan: the fewest items reaching the next overall level.")
@click.option("--target", type=int, default=None, help="With --suggested: the level to reach.")
@click.option("--priority", type=click.IntRange(1, 1_000_000), default=None,
              help="Priority (1 first; default: after the last one).")
@click.option("--owner", default=None, help="Who does it.")
@click.option("--effort", default=None, help="How long it takes (free text: '2 weeks').")
@click.option("--due", default=None, metavar="YYYY-MM-DD", help="When it should be done.")
@click.option("--task", default=None, help="What to do, when the item's text does not say it.")
@date_option
@root_option
def plan_add(
    system_id: str, items: tuple[str, ...], suggested: bool, target: int | None, priority: int | None,
    owner: str | None, effort: str | None, due: str | None, task: str | None,
    snapshot_date: str | None, root: Path,
) -> None:
    """Add items to the plan (written into the snapshot's plan:, comments kept).

    \b
    Examples:
      maturity plan add fraud-detection monitoring.data-drift --priority 1 --owner "Risk ML"
      maturity plan add fraud-detection --suggested --owner "Risk ML"
    """
    if due is not None:
        due = parse_date(due, "--due ").isoformat()
    wanted = list(items)
    if suggested:
        portfolio, system = load_system(root, system_id)
        snapshot = system.snapshot_at(_date(snapshot_date))
        rubric = portfolio.rubric_for(snapshot)
        plan = suggest_plan(rubric, snapshot, resolve_as_of(), target)
        if plan is None:
            raise UsageError(f"{rubric.ref} is scored by {rubric.method}: no suggested plan (name the items)")
        echo(suggested_plan_text(plan, rubric), nl=False)
        planned = {e.item for e in snapshot.plan}
        wanted += [s.item for s in plan.items if s.item not in planned and s.item not in wanted]
    if not wanted:
        raise UsageError("nothing to add: name ITEMs, or --suggested (the suggested plan is already planned)"
                         if suggested else "name the ITEMs to add, or --suggested")
    if priority is not None and len(wanted) > 1:
        raise UsageError("--priority goes with one ITEM (several get the next priorities in turn)")
    added = add_to_plan(root, system_id, [PlanItem(i, priority, task, owner, effort, due) for i in wanted],
                        _date(snapshot_date))
    for entry in added:
        echo(f"planned {entry['item']} (priority {entry['priority']})")


@plan_group.command("remove")
@click.argument("system_id", metavar="SYSTEM")
@click.argument("items", metavar="ITEM…", nargs=-1, required=True)
@date_option
@root_option
def plan_remove(system_id: str, items: tuple[str, ...], snapshot_date: str | None, root: Path) -> None:
    """Remove items from the plan.

    \b
    Examples:
      maturity plan remove fraud-detection monitoring.data-drift
    """
    count = remove_from_plan(root, system_id, items, _date(snapshot_date))
    echo(f"removed {count} plan entr{'y' if count == 1 else 'ies'}")


@plan_group.command("list")
@click.argument("system_id", metavar="SYSTEM")
@date_option
@root_option
def plan_list(system_id: str, snapshot_date: str | None, root: Path) -> None:
    """List the plan by priority, with each item's status now.

    \b
    Examples:
      maturity plan list fraud-detection
    """
    portfolio, system = load_system(root, system_id)
    snapshot = system.snapshot_at(_date(snapshot_date))
    echo(plan_text(snapshot, portfolio.rubric_for(snapshot)), nl=False)
