"""The edge reads the clock and the environment once, into one ``Settings``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from maturity.config import cache_dir, env_as_of, read_settings, resolve_as_of
from maturity.core.settings import DEFAULT_SETTINGS, Limits, Settings
from maturity.errors import UsageError

DAY = dt.date(2031, 5, 6)


def clock() -> dt.date:
    return DAY


def test_nothing_set_means_today_and_the_defaults() -> None:
    """With no variable, the as-of date is the clock's day and the limits are the defaults."""
    settings = read_settings(environ={}, clock=clock)
    assert settings == Settings(today=DAY, as_of=DAY)
    assert settings.when == DAY and settings.limits == Limits()


def test_the_option_beats_the_variable_and_the_variable_beats_the_clock() -> None:
    env = {"MATURITY_AS_OF": " 2026-11-23 "}
    assert read_settings(environ=env, clock=clock).as_of == dt.date(2026, 11, 23)
    assert read_settings("2027-01-02", environ=env, clock=clock).as_of == dt.date(2027, 1, 2)
    assert read_settings(dt.date(2020, 1, 1), environ=env, clock=clock).as_of == dt.date(2020, 1, 1)
    assert read_settings(environ=env, clock=clock).today == DAY  # the real day stays known
    assert env_as_of(env) == "2026-11-23"
    assert resolve_as_of(None, env) == dt.date(2026, 11, 23)


def test_every_variable_is_read() -> None:
    env = {"MATURITY_MAX_FILE_BYTES": "10", "MATURITY_MAX_DEPTH": "5", "MATURITY_MAX_NODES": "7",
           "MATURITY_JOBS": "3", "MATURITY_LOCK_TIMEOUT": "0.5"}
    settings = read_settings(environ=env, clock=clock)
    assert settings.limits == Limits(10, 5, 7)
    assert (settings.jobs, settings.lock_timeout) == (3, 0.5)


@pytest.mark.parametrize(("name", "value", "says"), [
    ("MATURITY_AS_OF", "tomorrow", "MATURITY_AS_OF='tomorrow' is not a date"),
    ("MATURITY_MAX_DEPTH", "0", "MATURITY_MAX_DEPTH='0' must be a whole number from 1 to 500"),
    ("MATURITY_MAX_NODES", "lots", "MATURITY_MAX_NODES='lots'"),
    ("MATURITY_JOBS", "-1", "MATURITY_JOBS='-1' must be a whole number of at least 1"),
])
def test_a_bad_value_names_its_variable(name: str, value: str, says: str) -> None:
    with pytest.raises(UsageError, match=says.replace("(", r"\(")):
        read_settings(environ={name: value}, clock=clock)


def test_a_bad_option_names_the_option() -> None:
    with pytest.raises(UsageError, match="--as-of '2026-13-01' is not a date"):
        read_settings("2026-13-01", environ={}, clock=clock)


def test_the_clock_is_read_once() -> None:
    calls: list[int] = []

    def counting() -> dt.date:
        calls.append(1)
        return DAY

    read_settings(environ={"MATURITY_AS_OF": "2026-11-23"}, clock=counting)
    assert calls == [1]


def test_library_settings_know_no_day() -> None:
    """A library call that passes no settings has no clock: it must name the day."""
    assert DEFAULT_SETTINGS.when is None
    assert DEFAULT_SETTINGS.day(DAY) == DAY
    with pytest.raises(UsageError, match="no date given"):
        DEFAULT_SETTINGS.day(None)
    assert DEFAULT_SETTINGS.at(DAY).when == DAY


def test_the_chart_cache_folder() -> None:
    assert cache_dir({"MATURITY_CACHE_DIR": "/x/y"}) == Path("/x/y")
    assert cache_dir({"XDG_CACHE_HOME": "/c"}) == Path("/c/maturity")
