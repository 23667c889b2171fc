"""The build log stays text: an escape sequence in a file name (a page, a notebook, an
image a pull request adds under ``docs/``) never reaches the terminal or the CI log
raw, whoever logs it (MkDocs itself, Material, this plugin)."""

from __future__ import annotations

import logging

from maturity.core import inert


class InertLog(logging.Filter):
    """Writes every control and bidi-control character of a record's message as a visible
    ``\\uXXXX`` (the one rule, ``core.inert``); line breaks of multi-line messages stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if inert.has_control(message):
            record.msg, record.args = inert.escape(message), None
        return True


_FILTER = InertLog()


def make_log_inert() -> None:
    """Install the filter on the ``mkdocs`` logger's handlers (once; every logger below
    ``mkdocs`` passes through them)."""
    for logger in (logging.getLogger("mkdocs"), logging.getLogger()):
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
