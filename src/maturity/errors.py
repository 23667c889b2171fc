"""Named exceptions of the core. The edges (CLI, macros, notebooks) turn them into messages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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

    exit_code = 1


class InvalidInput(MaturityError):
    """One or more input files are broken; ``problems`` says where and why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(MaturityError):
    """A system, snapshot, rubric or item that was asked for does not exist."""


class UsageError(MaturityError):
    """The caller asked for something that makes no sense (bad target level, bad date)."""

    exit_code = 2


class WriteRefused(MaturityError):
    """A write was refused because the result would be invalid; nothing was written."""
