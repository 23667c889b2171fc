"""init: a new assessment repository that builds at once on the installed package."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import click

from maturity.cli.group import cli
from maturity.store.asof import resolve_as_of
from maturity.store.init import init_repository
from maturity.store.yamlio import display_path


@cli.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty: add the missing files, keep every file there.")
def init_cmd(directory: Path, force: bool) -> None:
    """Write a new assessment repository into DIR.

    DIR gets mkdocs.yml (the maturity plugin and macros, Material, offline), docs/
    (home, portfolio, a review page with macros, the guide), assessments/ with one
    example system, rubrics/ (the built-in rubrics need nothing there), macros.py,
    the notebooks, schemas/ with editor settings, a Makefile (serve, site, validate,
    notebooks), GitHub workflows (pull-request diff comment, Pages), a pre-commit
    config and a README.

    DIR must be empty or missing. With --force, files already in DIR are kept as
    they are (listed as kept) and only the missing ones are written: nothing is
    ever overwritten.

    \b
    Examples:
      maturity init mlops-maturity
      cd mlops-maturity && make serve
      maturity init --force .          # add the files a newer version ships
    """
    result = init_repository(
        directory, force=force, today=resolve_as_of(), version=version("maturity")
    )
    for path in result.written:
        click.echo(f"created {display_path(path)}")
    for path in result.kept:
        click.echo(f"kept    {display_path(path)} (already there)")
    shown = display_path(directory)
    click.echo(
        f"{len(result.written)} files written, {len(result.kept)} kept in {shown}. Next:\n"
        f"  cd {shown}\n"
        "  maturity validate\n"
        "  mkdocs serve          # the site at http://127.0.0.1:8000\n"
        "  maturity new my-system --rubric google-mlops",
        err=True,
    )
