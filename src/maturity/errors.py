"""Every exception the package raises on purpose, and the exit code each one means.

The floor every layer may import. The core and the store raise these; the edges (CLI,
site, notebooks) turn them into messages: the CLI prints the message and exits with
the class's ``exit_code``, which ``EXIT_CODES`` explains (docs/reference/exit-codes.md
shows that table, and a test keeps the page in step with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

OK, FAILED, USAGE = 0, 1, 2

EXIT_CODES: Mapping[int, str] = MappingProxyType({
    OK: "Success: the command did what was asked (`validate` found no problem; "
        "`diff --exit-code` found no change; `check-links` found nothing broken; `probe --check` "
        "found no disagreement).",
    FAILED: "The input is invalid (one `path:line:col: message` line per problem), something asked "
            "for does not exist, a write was refused (nothing written), a notebook failed, "
            "`diff --exit-code` found a change, or `check-links` found broken evidence or evidence "
            "it would not check (a private address, a link with a password, the run's time limit), "
            "or `probe --check` found a disagreement (claim-not-seen, practice-not-claimed).",
    USAGE: "The command was called wrongly: an unknown option, a missing argument, a bad "
           "date or target level, a number that is not one (`--timeout nan`).",
})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class MaturityError(Exception):
    """Base class of every error the package raises on purpose."""

    exit_code = FAILED


class InvalidInput(MaturityError):
    """One or more input files are broken; ``problems`` says where and why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(MaturityError):
    """A system, snapshot, rubric, item or folder that was asked for does not exist."""


class GitError(NotFound):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


class UsageError(MaturityError):
    """The caller asked for something that makes no sense (bad target level, bad date)."""

    exit_code = USAGE


class WriteRefused(MaturityError):
    """A write was refused because the result would be invalid; nothing was written."""


class NotebookFailed(MaturityError):
    """A notebook stopped with an error; the message names it, the cell and the error."""

    def __init__(self, name: str, message: str, kept: Path | None = None) -> None:
        self.name = name
        self.detail = message
        self.kept = kept
        super().__init__(f"notebook {name} failed: {message}")


class NotebooksFailed(MaturityError):
    """Some notebooks of a run failed (each was reported as it failed)."""


class MacroError(MaturityError):
    """A site macro without a portfolio to read, or called with an argument the portfolio
    does not have (fails the strict build)."""


class SiteBuildFailed(MaturityError):
    """The site engine is not installed, or its build failed (its own output says why)."""


class LinkResultsError(MaturityError):
    """The link-check results file exists but cannot be read as link-check results."""


class AddressRefused(MaturityError):
    """The link checker will not contact a host (a private address, an invalid host name);
    the link is reported as not checked, the run goes on."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class ProbeOutOfTime(Exception):
    """`maturity probe --timeout` ran out while a probe was still matching: raised by the
    alarm's handler, caught by the command (the rest answer unknown); never shown."""
