"""init: a new assessment repository that builds at once on the installed package."""

from __future__ import annotations

from pathlib import Path

import click

import maturity
from maturity.cli.group import cli
from maturity.cli.output import echo
from maturity.store.asof import resolve_as_of
from maturity.store.init import init_repository, pinned_requirement
from maturity.store.yamlio import display_path


@cli.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty: add the missing files, keep every file there.")
@click.option("--requirement", "requirement", metavar="SPEC", multiple=True,
              help="What requirements.txt installs instead of this exact version (a git URL, a wheel "
                   "path, an index option); repeat for several lines.")
def init_cmd(directory: Path, force: bool, requirement: tuple[str, ...]) -> None:
    """Write a new assessment repository into DIR.

    DIR gets mkdocs.yml (the maturity plugin and macros, Material, offline), docs/
    (home, portfolio, a review page with macros, the guide), assessments/ with one
    example system, rubrics/ (the built-in rubrics need nothing there), macros.py,
    the notebooks, schemas/ with editor settings, a Makefile (install, serve, site,
    validate, notebooks), GitHub workflows (pull-request diff comment, Pages), a
    pre-commit config and a README.

    requirements.txt pins the package as it runs here
    (mlops-maturity[site,notebooks]==VERSION); the workflows install it with
    `make install`. --requirement writes any other spec instead.

    DIR must be empty or missing. With --force, files already in DIR are kept as
    they are (listed as kept) and only the missing ones are written: nothing is
    ever overwritten.

    \b
    Examples:
      maturity init mlops-maturity
      cd mlops-maturity && make install && make serve
      maturity init --force .          # add the files a newer version ships
      maturity init team-maturity --requirement 'mlops-maturity[site,notebooks] @ git+https://github.com/acme/maturity@v0.2.0'
      maturity init team-maturity --requirement '--index-url https://pypi.acme.internal/simple' \\
          --requirement 'mlops-maturity[site,notebooks]>=0.1,<0.2'
    """
    result = init_repository(
        directory, force=force, today=resolve_as_of(), version=maturity.__version__,
        requirement=requirement,
    )
    for path in result.written:
        echo(f"created {display_path(path)}")
    for path in result.kept:
        echo(f"kept    {display_path(path)} (already there)")
    shown = display_path(directory)
    installs = "; ".join(requirement) or pinned_requirement(maturity.__version__)
    echo(
        f"{len(result.written)} files written, {len(result.kept)} kept in {shown}; "
        f"requirements.txt installs {installs}. Next:\n"
        f"  cd {shown}\n"
        "  maturity validate\n"
        "  mkdocs serve          # the site at http://127.0.0.1:8000\n"
        "  maturity new my-system --rubric google-mlops",
        err=True,
    )
