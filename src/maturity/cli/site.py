"""site generate / site build: the published site with any engine (MkDocs, ProperDocs, Zensical)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from maturity.cli.group import cli
from maturity.cli.options import root_option
from maturity.cli.output import echo
from maturity.config import resolve_as_of

if TYPE_CHECKING:
    from maturity.site.project import Project

# The site's modules load when a site command runs: the other commands work without the
# site extra (Jinja, MkDocs) installed.
ENGINES = ("mkdocs", "properdocs", "zensical")  # maturity.site.project.ENGINES (a test keeps them equal)
OUT_DIR = Path("build") / "site-src"


@cli.group("site")
def site_group() -> None:
    """The published site: generate its files, build it with an engine.

    `maturity site generate OUT` writes every generated page, asset and export
    beside a copy of the docs, with a config any engine builds; `maturity site
    build --engine mkdocs|properdocs|zensical` generates, then builds. `mkdocs
    build` and `mkdocs serve` keep working as they are (the plugin runs the same
    generator in memory).

    \b
    Examples:
      maturity site generate build/site-src
      maturity site build --engine zensical
    """


def _options(func: Any) -> Any:
    func = root_option(func)
    func = click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
                        default=Path("mkdocs.yml"), show_default=True,
                        help="The site's config (its docs, nav, theme and macros).")(func)
    return click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                        help="The date the site is computed as of (default: the config's "
                             "maturity as_of, else $MATURITY_AS_OF, else today).")(func)


def _generate(config_file: Path, root: Path, as_of: str | None, out: Path) -> Project:
    """The portfolio as the plugin would load it (its options in the config), written out."""
    from maturity.site.data import SiteData
    from maturity.site.project import load_config, plugin_options, write_project

    config = load_config(config_file)
    here = config_file.resolve().parent
    options = plugin_options(config, "maturity") or {}
    if root == Path(".") and options.get("root"):
        root = here / str(options["root"])
    given = as_of or options.get("as_of")
    date = resolve_as_of(given if given is None or hasattr(given, "isoformat") else str(given))
    notebooks = here / str(options["notebooks"]) if options.get("notebooks") else root / "build" / "notebooks"
    started = time.perf_counter()
    links = (here / str(options["links"])).resolve() if options.get("links") else None  # named: trusted
    data = SiteData.load(root.resolve(), date, notebooks.resolve(), links_file=links)
    project = write_project(config_file, data, out)
    echo(f"maturity: {len(data.statuses)} systems as of {date.isoformat()}: {project.pages} generated "
         f"pages beside {project.hand_written} hand-written ones in {project.config.parent} "
         f"({time.perf_counter() - started:.1f} s)", err=True)
    return project


@site_group.command("generate")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path), default=OUT_DIR, required=False)
@_options
def generate_cmd(out: Path, root: Path, config_file: Path, as_of: str | None) -> None:
    """Write the site's files into OUT (default: build/site-src).

    OUT/docs holds the hand-written docs plus a page per system, rubric, campaign
    and executed notebook, the assets, exports, badges and schemas; OUT/mkdocs.yml
    is the config with the generated nav entries, ready for `mkdocs build -f`,
    `properdocs build -f` or `zensical build -c -f`. OUT is replaced.
    """
    project = _generate(config_file, root, as_of, out)
    echo(str(project.config))


@site_group.command("build")
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="The static site engine that builds the generated files.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default: the config's site_dir; replaced).")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on the engine's warnings.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUT_DIR,
              show_default=True, help="Where the generated files go first.")
@_options
def build_cmd(engine: str, site_dir: Path | None, strict: bool, out: Path, root: Path,
              config_file: Path, as_of: str | None) -> None:
    """Generate the site's files, then build them with --engine.

    mkdocs and properdocs run `build --strict`; zensical runs `build --clean`, so
    its cache never serves a page of the previous data.
    """
    from maturity.site.project import build, check_site_dir, refuse_inside_data

    if site_dir is not None:  # before anything is written
        refuse_inside_data(site_dir.resolve(), root.resolve(), "the built site")
        check_site_dir(site_dir)
    project = _generate(config_file, root, as_of, out)
    echo(f"maturity: building with {engine}…", err=True)
    started = time.perf_counter()
    final, _ = build(engine, project, site_dir, strict)
    pages = sum(1 for _ in final.rglob("*.html"))
    echo(f"maturity: built {final} with {engine}: {pages} HTML files "
         f"({time.perf_counter() - started:.1f} s)", err=True)
