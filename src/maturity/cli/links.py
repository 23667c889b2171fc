"""check-links: every evidence link and path of the newest snapshots, checked."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import click

from maturity.cli.group import cli
from maturity.cli.options import root_option, settings
from maturity.cli.output import echo, progress
from maturity.linkcheck.addresses import AddressPolicy, IPAddress, parse_allowed
from maturity.linkcheck.checker import check_links, format_broken
from maturity.store.evidence import evidence_targets
from maturity.store.linkresults import write_results
from maturity.store.load import load_portfolio
from maturity.store.yamlio import display_path

RESULTS = Path("build") / "links.json"  # under --root; the site reads it from there
ENV_ALLOW_PRIVATE = "MATURITY_CHECK_LINKS_ALLOW_PRIVATE"
ENV_ALLOW_ADDRESS = "MATURITY_CHECK_LINKS_ALLOW_ADDRESS"
MAX_TIMEOUT = 600.0
MAX_RUN_TIME = 24 * 3600.0


class Seconds(click.ParamType[float, Any]):
    """A number of seconds: positive, finite, at most ``maximum`` (nan, inf, 0, -1 refused)."""

    name = "seconds"

    def __init__(self, maximum: float) -> None:
        self.maximum = maximum

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            number = value
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or not 0 < number <= self.maximum:
            self.fail(f"{value!r}: the number of seconds must be more than 0 and at most {self.maximum:g}",
                      param, ctx)
        return number


class AllowedAddress(click.ParamType[tuple[IPAddress, int | None], Any]):
    """``ADDRESS`` or ``ADDRESS:PORT``, allowed to be contacted though not public."""

    name = "address"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[IPAddress, int | None]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_allowed(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _tick(done: int, count: int) -> None:
    """The progress line on standard error, redrawn in place (on a terminal only)."""
    progress(f"checking evidence: {done}/{count}")


@cli.command("check-links")
@click.argument("system_ids", nargs=-1, metavar="[SYSTEM]...")
@root_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Where to write the results the site reads (default: ROOT/{RESULTS.as_posix()}).")
@click.option("--timeout", type=Seconds(MAX_TIMEOUT), default=10.0, show_default=True,
              metavar="SECONDS", help="Time limit of each request.")
@click.option("--max-time", type=Seconds(MAX_RUN_TIME), default=600.0, show_default=True,
              metavar="SECONDS", help="Time limit of the whole run: links not checked by then are "
                                      "reported as not checked.")
@click.option("--allow-private", is_flag=True, envvar=ENV_ALLOW_PRIVATE,
              help="Contact loopback, private, link-local and other non-public addresses too "
                   f"(env: {ENV_ALLOW_PRIVATE}=1). Off by default: evidence comes from pull requests.")
@click.option("--allow-address", "allowed", type=AllowedAddress(), multiple=True, envvar=ENV_ALLOW_ADDRESS,
              metavar="ADDRESS[:PORT]",
              help="Contact this one non-public address (any port, or PORT only); repeatable "
                   f"(env: {ENV_ALLOW_ADDRESS}, separated by spaces).")
def check_links_cmd(
    system_ids: tuple[str, ...], root: Path, output: Path | None, timeout: float, max_time: float,
    allow_private: bool, allowed: tuple[tuple[IPAddress, int | None], ...],
) -> None:
    """Check every evidence link and path of the newest snapshots.

    An http(s) link is asked with HEAD (GET where HEAD is refused), redirects
    followed, a few requests per host at a time; a path must exist in the
    repository. Each broken one is printed as `path:line:col: <evidence>: <why>`.
    The results go to a JSON file the site reads, so system pages mark broken
    evidence with the date it was checked. Exits 1 when anything is broken.

    Evidence comes from pull requests, so the checker never contacts a loopback,
    private, link-local, multicast or reserved address, whatever the link's
    spelling and after every redirect: such a link is reported as "not checked:
    private address". A link with a user name or password is never asked.

    \b
    Examples:
      maturity check-links
      maturity check-links card-fraud-scoring --timeout 5 --max-time 120
      maturity check-links --output build/links.json > broken.txt
      maturity check-links --allow-address 10.1.2.3:443   # the intranet wiki
    """
    portfolio = load_portfolio(root, settings=settings())
    targets = evidence_targets(root, portfolio, system_ids)
    interactive = sys.stderr.isatty()
    echo(f"checking {len(targets)} evidence entr{'ies' if len(targets) != 1 else 'y'} "
         f"(timeout {timeout:g} s, at most {max_time:g} s in all)", err=True)
    if allow_private:
        echo("private addresses allowed (--allow-private): loopback, private and link-local "
             "hosts will be contacted", err=True)
    policy = AddressPolicy(allow_private=allow_private, allowed=frozenset(allowed))
    today = settings().day(None)
    results = check_links(targets, repo_root=root, timeout=timeout, max_time=max_time, policy=policy,
                          progress=_tick if interactive else None, today=today)
    if interactive:
        echo("", err=True)
    file = output if output is not None else root / RESULTS
    write_results(results, file, today=today)
    broken = [r for r in results if not r.ok]
    unchecked = [r for r in broken if r.why.startswith("not checked")]
    for result in broken:
        echo(format_broken(result))
    distinct = len({r.target.evidence for r in results})
    summary = (f"checked {distinct} evidence link{'s' if distinct != 1 else ''} and paths "
               f"in {len(targets)} place{'s' if len(targets) != 1 else ''}: "
               f"{len(broken) - len(unchecked)} broken"
               + (f", {len(unchecked)} not checked (see why)" if unchecked else "")
               + f"; results in {display_path(file)}")
    echo(summary, err=True)
    if broken:
        raise SystemExit(1)
