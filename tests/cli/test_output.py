"""The one way the command line prints: control characters reach the terminal inert."""

from __future__ import annotations

import click
from click.testing import CliRunner

from maturity.cli.output import echo, progress


def test_echo_and_progress_make_control_characters_visible() -> None:
    @click.command()
    def show() -> None:
        echo("title \x1b[31mred\x07")
        progress("checking \x1b]0;x")
        echo("err", err=True)

    result = CliRunner().invoke(show)
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert result.output.startswith("title ") and "red" in result.output
    assert "\rchecking " in result.output  # the redraw is the one control character written
