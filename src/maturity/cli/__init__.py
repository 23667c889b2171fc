"""The ``maturity`` command line: a thin edge over the core.

Each command module registers its commands on the group ``cli`` (``cli/group.py``);
errors raised by the core are turned into one message per problem there, and a
traceback is shown only with ``--verbose``.
"""

from __future__ import annotations

import sys

# Command modules register themselves on ``cli`` when imported.
from maturity.cli import (  # noqa: F401
    assess,
    campaign,
    diff,
    edit,
    init,
    links,
    notebooks,
    plan,
    probe,
    reading,
    site,
)
from maturity.cli.group import cli
from maturity.cli.output import echo
from maturity.errors import MaturityError

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="maturity")
    except MaturityError as error:  # raised outside a command (never expected)
        echo(f"maturity: error: {error}", err=True)
        sys.exit(error.exit_code)
