"""campaign status: where each campaign stands, as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import as_of_option, format_option, root_option, settings
from maturity.cli.output import echo
from maturity.cli.reading import dumps
from maturity.core.campaign import campaign_status
from maturity.core.lookup import listing, suggest
from maturity.errors import NotFound
from maturity.store.load import load_portfolio
from maturity.views.campaign import campaign_dict, campaign_markdown, campaign_text


@cli.group("campaign")
def campaign_group() -> None:
    """Campaigns: many systems toward one target by a deadline (campaigns/<id>.yaml).

    \b
    Examples:
      maturity campaign status
      maturity campaign status level-2-everywhere --format json
    """


@campaign_group.command("status")
@click.argument("campaign_id", metavar="[ID]", required=False)
@root_option
@as_of_option
@format_option("text", "json", "md")
def status_cmd(campaign_id: str | None, root: Path, as_of: dt.date, fmt: str) -> None:
    """Where a campaign stands: the systems in scope, who meets the target, the gaps.

    A system in scope meets the campaign when the computed level (not the upper
    level) of the target, in its newest snapshot on or before --as-of, is at least
    the target level. Without ID, every campaign.

    \b
    Examples:
      maturity campaign status
      maturity campaign status customer-facing-level-2 --format json
      maturity campaign status customer-facing-level-2 --as-of 2027-03-31 --format md
    """
    portfolio = load_portfolio(root, settings=settings())
    known = [c.id for c in portfolio.campaigns]
    if campaign_id is not None and campaign_id not in known:
        raise NotFound(f"unknown campaign {campaign_id!r}{suggest(campaign_id, known)} "
                       f"(known: {listing(known)})")
    chosen = [c for c in portfolio.campaigns if campaign_id in (None, c.id)]
    statuses = [campaign_status(portfolio, c, as_of) for c in chosen]
    if fmt == "json":
        every = {"campaigns": [campaign_dict(s) for s in statuses]}
        echo(dumps(campaign_dict(statuses[0]) if campaign_id else every), nl=False)
        return
    render = campaign_markdown if fmt == "md" else campaign_text
    if not statuses:
        echo("no campaigns (add campaigns/<id>.yaml)", err=True)
    echo("\n".join(render(s) for s in statuses), nl=False)
