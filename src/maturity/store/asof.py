"""The one as-of date every edge scores by: an option, else ``MATURITY_AS_OF``, else today.

Scores are computed as of a date (PRODUCT.md, "Answers over time"): evidence ages,
an ``na`` expires, a target date passes, a snapshot goes stale. The CLI's ``--as-of``,
the site build and the notebooks all ask this module, so one variable pins them all
(tests and reproducible builds set ``MATURITY_AS_OF``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from maturity.core.model import parse_date

AS_OF_ENV = "MATURITY_AS_OF"


def env_as_of(environ: Mapping[str, str] | None = None) -> str:
    """``MATURITY_AS_OF`` as set (stripped), or ``""``."""
    return (environ if environ is not None else os.environ).get(AS_OF_ENV, "").strip()


def resolve_as_of(
    value: str | dt.date | None = None, environ: Mapping[str, str] | None = None
) -> dt.date:
    """The as-of date: ``value`` (``--as-of``) when given, else ``MATURITY_AS_OF``, else
    today. A value that is not a date raises ``UsageError`` naming where it came from."""
    if isinstance(value, dt.date):
        return value
    if value is not None and value.strip():
        return parse_date(value.strip(), "--as-of ")
    from_env = env_as_of(environ)
    if from_env:
        return parse_date(from_env, f"{AS_OF_ENV}=")
    return dt.date.today()
