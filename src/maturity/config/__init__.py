"""The edge's one reading of the clock and the environment, into ``core.settings.Settings``.

The CLI, the site plugin and the notebooks call ``read_settings`` once and pass the
result down. This is the only package module that calls ``date.today()`` or reads
``os.environ`` for a setting (``tests/architecture`` holds the rest to that).

| Variable | Setting |
|---|---|
| ``MATURITY_AS_OF`` | ``as_of``: score as of this date (else today) |
| ``MATURITY_MAX_FILE_BYTES``, ``MATURITY_MAX_DEPTH``, ``MATURITY_MAX_NODES`` | ``limits`` |
| ``MATURITY_JOBS`` | ``jobs``: processes that check system folders |
| ``MATURITY_LOCK_TIMEOUT`` | ``lock_timeout``: seconds an edit waits for a system's lock |
| ``MATURITY_CACHE_DIR``, ``XDG_CACHE_HOME`` | ``cache_dir()``: the site's chart library cache |

``MATURITY_ROOT`` is a click ``envvar`` of ``--root`` and ``MATURITY_NOTEBOOKS`` an
``!ENV`` of ``mkdocs.yml``: both are read by their framework at the edge.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from maturity.core.calendar import parse_date
from maturity.core.settings import (
    AS_OF_ENV,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MAX_NODES,
    ENV_JOBS,
    ENV_LOCK_TIMEOUT,
    ENV_MAX_DEPTH,
    ENV_MAX_FILE_BYTES,
    ENV_MAX_NODES,
    LOCK_TIMEOUT_SECONDS,
    Limits,
    Settings,
)
from maturity.errors import UsageError

ENV_CACHE = "MATURITY_CACHE_DIR"

Clock = Callable[[], dt.date]


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def env_as_of(environ: Mapping[str, str] | None = None) -> str:
    """``MATURITY_AS_OF`` as set (stripped), or ``""``."""
    return _environ(environ).get(AS_OF_ENV, "").strip()


def _int(environ: Mapping[str, str], name: str, default: int, ceiling: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) <= ceiling:
        raise UsageError(f"{name}={raw!r} must be a whole number from 1 to {ceiling}")
    return int(raw)


def _jobs(environ: Mapping[str, str]) -> int | None:
    raw = environ.get(ENV_JOBS, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise UsageError(f"{ENV_JOBS}={raw!r} must be a whole number of at least 1")
    return int(raw)


def _lock_timeout(environ: Mapping[str, str]) -> float:
    raw = environ.get(ENV_LOCK_TIMEOUT, "").strip()
    try:
        return max(0.0, float(raw)) if raw else LOCK_TIMEOUT_SECONDS
    except ValueError:
        return LOCK_TIMEOUT_SECONDS


def _as_of(value: str | dt.date | None, env: Mapping[str, str], today: dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if value is not None and value.strip():
        return parse_date(value.strip(), "--as-of ")
    if env_as_of(env):
        return parse_date(env_as_of(env), f"{AS_OF_ENV}=")
    return today


def read_settings(
    as_of: str | dt.date | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Clock = dt.date.today,
) -> Settings:
    """The settings: the clock read once, then ``as_of`` (``--as-of``) when given, else
    ``MATURITY_AS_OF``; the limits, processes and lock wait from the environment. A
    value that is not valid raises ``UsageError`` naming where it came from."""
    env = _environ(environ)
    today = clock()
    when = _as_of(as_of, env, today)
    limits = Limits(
        max_bytes=_int(env, ENV_MAX_FILE_BYTES, DEFAULT_MAX_FILE_BYTES, 1 << 30),
        # deeper than this, a recursive composer would run out of stack
        max_depth=_int(env, ENV_MAX_DEPTH, DEFAULT_MAX_DEPTH, 500),
        max_nodes=_int(env, ENV_MAX_NODES, DEFAULT_MAX_NODES, 100_000_000),
    )
    return Settings(today=today, as_of=when, limits=limits, jobs=_jobs(env),
                    lock_timeout=_lock_timeout(env))


def resolve_as_of(value: str | dt.date | None = None, environ: Mapping[str, str] | None = None) -> dt.date:
    """The as-of date alone: ``value`` (``--as-of``), else ``MATURITY_AS_OF``, else today."""
    return _as_of(value, _environ(environ), dt.date.today())


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the site keeps the chart library it builds once: ``MATURITY_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/maturity``, else ``~/.cache/maturity``."""
    env = _environ(environ)
    given = env.get(ENV_CACHE, "").strip()
    if given:
        return Path(given)
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "maturity"
