"""init: a new assessment repository that builds at once on the installed package."""

from __future__ import annotations

from pathlib import Path

import click

import maturity
from maturity.cli.group import cli
from maturity.cli.options import settings
from maturity.cli.output import echo
from maturity.store.init import InitResult, init_repository, pinned_requirement
from maturity.store.manifest import NEW
from maturity.store.yamlio import display_path


@cli.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty: add the missing files, keep every file there.")
@click.option("--no-example", "example", is_flag=True, flag_value=False, default=True,
              help="Write no example system: the site and the notebooks say \"no systems yet\".")
@click.option("--requirement", "requirement", metavar="SPEC", multiple=True,
              help="What requirements.txt installs instead of this exact version (a git URL, a wheel "
                   "path, an index option); repeat for several lines.")
def init_cmd(directory: Path, force: bool, requirement: tuple[str, ...], example: bool) -> None:
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

    DIR must be empty or missing. init records the files it manages, with their
    hashes, in .maturity/manifest.json (commit it). After an upgrade of the package,
    `init --force .` upgrades the repository: it adds the files the new version
    ships (and their pages to the nav), updates the managed files nobody changed
    here, never recreates a file you deleted, and lists, without touching them, the
    files changed here and in the new version, with a diff command (the new version
    is saved under .maturity/new/). The example system is written by the first init
    only, and never with --no-example.

    \b
    Examples:
      maturity init mlops-maturity
      cd mlops-maturity && make install && make serve
      maturity init --force .          # after pip install -U mlops-maturity: upgrade the repository
      maturity init --no-example team-maturity
      maturity init team-maturity --requirement 'mlops-maturity[site,notebooks] @ git+https://github.com/acme/maturity@v0.2.0'
      maturity init team-maturity --requirement '--index-url https://pypi.acme.internal/simple' \\
          --requirement 'mlops-maturity[site,notebooks]>=0.1,<0.2'
    """
    result = init_repository(
        directory, force=force, today=settings().day(settings().as_of), version=maturity.__version__,
        requirement=requirement, example=example,
    )
    for line in init_report(result):
        echo(line)
    shown = display_path(directory)
    if result.upgrade:
        echo(init_summary(result), err=True)
        return
    requirements = directory / "requirements.txt"
    installs = "; ".join(requirement) or pinned_requirement(maturity.__version__)
    echo(
        f"{len(result.created)} files written in {shown}"
        + (f"; requirements.txt installs {installs}" if requirements.is_file() else "")
        + f". Next:\n  cd {shown}\n"
        "  make install          # what requirements.txt names, as the workflows do\n"
        "  maturity validate\n"
        "  make serve            # the site at http://127.0.0.1:8000\n"
        "  maturity new my-system --rubric google-mlops",
        err=True,
    )


def init_report(result: InitResult) -> list[str]:
    """One line per file init did something with, or has something to say about."""
    def shown(rel: str) -> str:
        return display_path(result.target / rel)

    lines = []
    for rel in result.created:
        nav = " (added to the nav in mkdocs.yml)" if rel in result.navigated else ""
        refused = " (add it to the nav in mkdocs.yml yourself)" if rel in result.nav_refused else ""
        lines.append(f"created {shown(rel)}{nav}{refused}")
    for rel in result.updated:
        lines.append(f"updated {shown(rel)} (unchanged here: now as in {result.version})")
    for rel in result.conflicts:
        lines.append(f"differs {shown(rel)}: changed here and in {result.version}, not touched; compare: "
                     f"diff -u {shown(rel)} {shown(NEW + '/' + rel)}")
    for rel in result.deleted:
        lines.append(f"deleted {shown(rel)}: deleted here, not recreated")
    for rel in result.dropped:
        lines.append(f"dropped {shown(rel)}: no longer shipped by {result.version}, kept as it is")
    return lines


def init_summary(result: InitResult) -> str:
    parts = [f"{len(result.created)} created", f"{len(result.updated)} updated",
             f"{len(result.conflicts)} to compare (.maturity/new/)", f"{len(result.deleted)} deleted here",
             f"{len(result.kept)} changed here and kept"]
    if result.from_version == result.version:
        done = f"checked against {result.version}"
    else:
        done = f"upgraded from {result.from_version or 'a repository without a manifest'} to {result.version}"
    return (f"{display_path(result.target)}: {done}: {', '.join(parts)}. "
            "Commit .maturity/manifest.json with the rest.")
