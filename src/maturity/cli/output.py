"""The one way the command line prints: through ``inert_terminal`` (no control sequences)."""

from __future__ import annotations

import click

from maturity.views.terminal import inert_terminal


def progress(text: str) -> None:
    """Redraw the progress line on standard error in place (``text`` made inert, then a
    carriage return's redraw: the one control character this module writes itself)."""
    click.echo("\r" + inert_terminal(text), err=True, nl=False)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (user data included) with control characters made visible escapes."""
    click.echo(inert_terminal(text), err=err, nl=nl)
