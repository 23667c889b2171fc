"""Option sets shared by several commands, as decorators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from maturity.config import read_settings
from maturity.core.calendar import parse_date
from maturity.core.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


ROOT_HELP = "Folder that holds assessments/ and rubrics/ (env: MATURITY_ROOT; default: here)."


def _root(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """The command's --root, else the one given before the command, else the default."""
    if value is not None:
        return value
    given = ctx.find_root().params.get("root")
    return given if isinstance(given, Path) else Path(".")


def root_option(func: F) -> F:
    """``--root`` on a command; ``maturity --root DIR COMMAND`` works as well."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=_root,
        help=ROOT_HELP,
    )(func)


def group_root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="MATURITY_ROOT",
        help=ROOT_HELP,
    )(func)


def format_option(*choices: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def output_option(func: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file instead of standard output.",
    )(func)


def date_option(func: F) -> F:
    return click.option(
        "--date",
        "snapshot_date",
        default=None,
        metavar="YYYY-MM-DD",
        help="Use the snapshot of this date instead of the newest one.",
    )(func)


def target_option(func: F) -> F:
    return click.option(
        "--target",
        type=int,
        default=None,
        help="Target level (default: the system's target, else the next level).",
    )(func)


_SETTINGS = "maturity.settings"


def settings() -> Settings:
    """The settings of this command, read once per run (the clock and the environment)
    and passed down to the store."""
    root = click.get_current_context().find_root()
    if _SETTINGS not in root.meta:
        root.meta[_SETTINGS] = read_settings()
    found: Settings = root.meta[_SETTINGS]
    return found


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is not None and value.strip():
        return parse_date(value.strip(), "--as-of ")
    when = settings().as_of
    assert when is not None  # read_settings always knows the day
    return when


def as_of_option(func: F) -> F:
    """``--as-of DATE``: score as of this date (else ``MATURITY_AS_OF``, else today)."""
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        metavar="YYYY-MM-DD",
        callback=_as_of,
        help="Score as of this date: evidence ages, N/As expire, targets fall due "
        "(env: MATURITY_AS_OF; default: today).",
    )(func)
