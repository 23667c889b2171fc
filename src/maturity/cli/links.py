"""check-links: every evidence link and path of the newest snapshots, checked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.cli.options import root_option
from maturity.linkcheck.checker import check_links, format_broken
from maturity.store.evidence import evidence_targets
from maturity.store.linkresults import write_results
from maturity.store.load import load_portfolio
from maturity.store.yamlio import display_path

RESULTS = Path("build") / "links.json"  # under --root; the site reads it from there


def _tick(done: int, count: int) -> None:
    """The progress line on standard error, redrawn in place (on a terminal only)."""
    click.echo(f"\rchecking evidence: {done}/{count}", err=True, nl=False)


@cli.command("check-links")
@click.argument("system_ids", nargs=-1, metavar="[SYSTEM]...")
@root_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Where to write the results the site reads (default: ROOT/{RESULTS.as_posix()}).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              metavar="SECONDS", help="Time limit of each request.")
def check_links_cmd(system_ids: tuple[str, ...], root: Path, output: Path | None, timeout: float) -> None:
    """Check every evidence link and path of the newest snapshots.

    An http(s) link is asked with HEAD (GET where HEAD is refused), redirects
    followed, a few requests per host at a time; a path must exist in the
    repository. Each broken one is printed as `path:line:col: <evidence>: <why>`.
    The results go to a JSON file the site reads, so system pages mark broken
    evidence with the date it was checked. Exits 1 when anything is broken.

    \b
    Examples:
      maturity check-links
      maturity check-links card-fraud-scoring --timeout 5
      maturity check-links --output build/links.json > broken.txt
    """
    portfolio = load_portfolio(root)
    targets = evidence_targets(root, portfolio, system_ids)
    interactive = sys.stderr.isatty()
    click.echo(f"checking {len(targets)} evidence entr{'ies' if len(targets) != 1 else 'y'} "
               f"(timeout {timeout:g} s)", err=True)
    results = check_links(targets, repo_root=root, timeout=timeout,
                          progress=_tick if interactive else None)
    if interactive:
        click.echo("", err=True)
    file = output if output is not None else root / RESULTS
    write_results(results, file)
    broken = [r for r in results if not r.ok]
    for result in broken:
        click.echo(format_broken(result))
    distinct = len({r.target.evidence for r in results})
    summary = (f"checked {distinct} evidence link{'s' if distinct != 1 else ''} and paths "
               f"in {len(targets)} place{'s' if len(targets) != 1 else ''}: "
               f"{len(broken)} broken; results in {display_path(file)}")
    click.echo(summary, err=True)
    if broken:
        raise SystemExit(1)
