"""The ``maturity`` click group: the one place the core's named errors become messages.

Each command module registers its commands on ``cli`` (``from maturity.cli.group
import cli``); ``maturity.cli`` imports them all.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import click

import maturity
from maturity.cli.options import group_root_option
from maturity.cli.output import echo
from maturity.errors import InvalidInput, MaturityError


class MaturityGroup(click.Group):
    """A click group that turns the core's named exceptions into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidInput as error:
            if ctx.meta.get("verbose"):
                traceback.print_exc()
            for problem in error.problems:
                echo(str(problem), err=True)
            count = len(error.problems)
            echo(f"maturity: {count} problem{'s' if count != 1 else ''} found", err=True)
            ctx.exit(error.exit_code)
        except MaturityError as error:
            if ctx.meta.get("verbose"):
                traceback.print_exc()
            echo(f"maturity: error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=MaturityGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=maturity.__version__, prog_name="maturity")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks of errors (for bug reports).")
@group_root_option
@click.pass_context
def cli(ctx: click.Context, verbose: bool, root: Path | None) -> None:
    """MLOps maturity assessment as code.

    One folder per ML system in assessments/; the rubrics google-mlops and
    azure-mlops are built in, your own live in rubrics/. --root DIR (before or
    after the command) names the folder that holds them (default: here).
    `maturity init DIR` writes a new assessment repository.
    """
    ctx.meta["verbose"] = verbose
