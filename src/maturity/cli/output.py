"""The one way the command line prints: through ``inert_terminal`` (no control sequences)."""

from __future__ import annotations

import click

from maturity.views.terminal import inert_terminal


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (user data included) with control characters made visible escapes."""
    click.echo(inert_terminal(text), err=err, nl=nl)
