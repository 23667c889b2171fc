"""The settings every layer below the edges works with, as one frozen value.

The edges (the CLI, the site, the notebooks) read the clock and the environment
once, with ``maturity.config.read_settings``, and pass a ``Settings`` down; nothing in
``core`` or ``store`` reads the clock or ``os.environ`` (a test in
``tests/architecture`` fails when one does). ``Settings()`` with no arguments is what a
library caller gets: the default limits, every core, and no clock (so no "dated in
the future" check and no "as of today").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from maturity.errors import UsageError

DEFAULT_MAX_FILE_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_NODES = 200_000
LOCK_TIMEOUT_SECONDS = 30.0

# The environment variables the edge reads (``maturity.config``), named here for messages.
AS_OF_ENV = "MATURITY_AS_OF"
ENV_MAX_FILE_BYTES = "MATURITY_MAX_FILE_BYTES"
ENV_MAX_DEPTH = "MATURITY_MAX_DEPTH"
ENV_MAX_NODES = "MATURITY_MAX_NODES"
ENV_JOBS = "MATURITY_JOBS"
ENV_LOCK_TIMEOUT = "MATURITY_LOCK_TIMEOUT"


@dataclass(frozen=True)
class Limits:
    """What one input file may be: its size, its nesting, its nodes with aliases expanded."""

    max_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES


@dataclass(frozen=True)
class Settings:
    """What the edge read once: the day, the as-of date, the limits, the processes."""

    today: dt.date | None = None
    """The real day (a snapshot may be dated tomorrow at the latest); ``None``: not known."""
    as_of: dt.date | None = None
    """The day scores are computed as of (``--as-of``, ``MATURITY_AS_OF``); ``None``: ``today``."""
    limits: Limits = field(default_factory=Limits)
    """The per-file limits (``MATURITY_MAX_FILE_BYTES``, ``_DEPTH``, ``_NODES``)."""
    jobs: int | None = None
    """How many processes to check folders with (``MATURITY_JOBS``); ``None``: every core."""
    lock_timeout: float = LOCK_TIMEOUT_SECONDS
    """How long an edit waits for a system's lock (``MATURITY_LOCK_TIMEOUT``), in seconds."""

    @property
    def when(self) -> dt.date | None:
        """The date scores are computed as of: ``as_of``, else ``today``."""
        return self.as_of or self.today

    def at(self, as_of: dt.date | None) -> Settings:
        """The same settings as of another date (``None`` keeps this one)."""
        return self if as_of is None else Settings(self.today, as_of, self.limits, self.jobs,
                                                   self.lock_timeout)

    def day(self, date: dt.date | None) -> dt.date:
        """``date`` when given, else today; ``UsageError`` when neither is known (a library
        caller that passed no settings must name the day)."""
        if date is not None:
            return date
        if self.today is None:
            raise UsageError("no date given and no clock read: pass the date (or settings "
                             "read by maturity.config.read_settings)")
        return self.today


DEFAULT_SETTINGS = Settings()
"""The settings of a library call that passed none: no clock, the default limits."""
