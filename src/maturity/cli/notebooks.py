"""notebooks: run the analysis notebooks with papermill."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from maturity.cli.group import cli
from maturity.cli.options import root_option, settings
from maturity.cli.output import echo
from maturity.config import env_as_of
from maturity.errors import NotebookFailed, NotebooksFailed
from maturity.store.load import load_portfolio


@cli.command("notebooks")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@root_option
@click.option("-p", "--parameter", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="A parameter, for every chosen notebook that takes it; typed as papermill's -p "
                   "does (int, float, True/False, None, else text).")
@click.option("-r", "--raw", "raws", nargs=2, multiple=True, metavar="NAME VALUE",
              help="A parameter kept as text.")
@click.option("-f", "--parameters-file", "params_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML file of parameters: NAME: VALUE, and/or a NOTEBOOK: {NAME: VALUE} "
                   "mapping per notebook. -p and -r override it.")
@click.option("--notebooks", "notebooks_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("notebooks"), show_default=True, help="Folder of the notebooks to run.")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/notebooks"), show_default=True,
              help="Where the executed notebooks go (the site publishes them from there).")
@click.option("--list", "list_only", is_flag=True, help="List the notebooks and their parameters; run none.")
@click.option("--progress/--no-progress", default=None,
              help="papermill's progress bar  [default: when standard error is a terminal]")
def notebooks_cmd(
    names: tuple[str, ...], root: Path, params: tuple[tuple[str, str], ...],
    raws: tuple[tuple[str, str], ...], params_file: Path | None, notebooks_dir: Path,
    output_dir: Path, list_only: bool, progress: bool | None,
) -> None:
    """Run the analysis notebooks with papermill on the portfolio.

    Runs every notebook of --notebooks (or only the NAMEs given) in the project's
    Python kernel, with --root as working directory, into --output-dir/NAME.ipynb.
    A notebook gets the parameters its `parameters` cell declares; `as_of` defaults
    to $MATURITY_AS_OF when set, as for the site. A notebook that fails is reported
    with its error and kept in --output-dir/failed/; the exit status is then 1.

    \b
    Examples:
      maturity notebooks
      maturity notebooks --list
      maturity notebooks system_report -p system techcorp-support-chatbot -p target_level 3
      maturity notebooks portfolio trends -p as_of 2026-06-30 -r since 2026-01-01
      maturity notebooks -f params.yaml
    """
    from maturity.notebooks import run as nbrun  # papermill is imported only when notebooks run

    everything = nbrun.discover(notebooks_dir)
    chosen = nbrun.select(everything, names)
    if list_only:
        for nb in chosen:
            echo(f"{nb.name}  ({nb.path})")
            for name, info in nb.parameters.items():
                if name not in nbrun.RESERVED:
                    kind, default = info["inferred_type_name"], info["default"]
                    echo(f"  {name}: {kind} = {default}  # {info['help']}")
        return
    as_of = env_as_of()  # the site's as-of date: the notebooks' as_of default too
    defaults: dict[str, Any] = {"as_of": as_of} if as_of else {}
    own: dict[str, dict[str, Any]] = {}
    if params_file is not None:  # a file may serve notebooks not chosen this time
        from_file, own = nbrun.read_parameter_file(params_file, [nb.name for nb in everything])
        nbrun.check_taken(everything, from_file, f"{params_file}: no notebook")
        defaults.update(from_file)
    given = {k: nbrun.resolve_type(v) for k, v in params}
    given.update(dict(raws))
    plans = nbrun.plan(chosen, given, own, defaults)

    portfolio = load_portfolio(root, settings=settings())  # a broken portfolio: one clear report first
    if not any(system.snapshots for system in portfolio.systems):
        echo(f"no systems yet in {root.resolve()}: no notebook to run (`maturity new SYSTEM "
             "--rubric google-mlops` adds the first)")
        return
    show_bar = sys.stderr.isatty() if progress is None else progress
    output_dir.mkdir(parents=True, exist_ok=True)
    echo(f"running {len(chosen)} notebook{'s' if len(chosen) != 1 else ''} on {root.resolve()} "
               f"into {output_dir}")
    failed = []
    for number, nb in enumerate(chosen, start=1):
        shown = ", ".join(f"{k}={v!r}" for k, v in plans[nb.name].items())
        step = f"[{number}/{len(chosen)}] {nb.name}"
        echo(f"{step}: running {nb.path}" + (f" ({shown})" if shown else ""))
        try:
            path, seconds = nbrun.run(nb, output_dir, plans[nb.name], root.resolve(), show_bar)
        except NotebookFailed as error:
            failed.append(nb.name)
            echo(f"{step}: FAILED: {error.detail}", err=True)
            if error.kept is not None:
                echo(f"    the notebook as executed, up to the error: {error.kept}", err=True)
            continue
        echo(f"{step}: done in {seconds:.1f} s -> {path}")
    if failed:
        raise NotebooksFailed(f"{len(failed)} of {len(chosen)} notebooks failed: {', '.join(failed)}")
