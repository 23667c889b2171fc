"""Dates as the package reads and counts them: one parser, one quarter arithmetic.

Every date a user writes (a YAML field, an option, a variable, a notebook parameter)
is ``YYYY-MM-DD`` and nothing else: ``parse_date`` and ``date_or_none`` are the one
reading of it (``date.fromisoformat`` alone would also take ``20261123`` and
``2026-W47-1``). Quarters are calendar quarters (``2026-Q4``: October to December).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from maturity.errors import UsageError

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
# The latest date a file may hold: a plan beyond it is a typo, and date arithmetic on
# 9999-12-31 (a deadline plus a day, an age in days) overflows.
LATEST_DATE = dt.date(2999, 12, 31)


def date_or_none(value: object) -> dt.date | None:
    """``value`` as a date when it is text of the form ``YYYY-MM-DD`` naming a real day
    no later than ``LATEST_DATE``; else ``None`` (``date_problem`` says why)."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        when = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return when if when <= LATEST_DATE else None


def date_problem(key: str, value: object) -> str | None:
    """Why the date field ``key`` holding ``value`` is no usable date, or ``None``."""
    if date_or_none(value) is not None:
        return None
    if isinstance(value, str) and ISO_DATE.match(value) and value > LATEST_DATE.isoformat():
        return (f"{key} {value} is after {LATEST_DATE}: no plan reaches that far "
                "(give the real date)")
    return f"{key} {value!r} is not a date (YYYY-MM-DD)"


def parse_date(value: str, label: str = "") -> dt.date:
    """A date a user typed (an option, a variable), or ``UsageError`` saying whose it is.

    ``label`` leads the message as given: ``"--date "`` or ``"MATURITY_AS_OF="``.
    """
    found = date_or_none(value)
    if found is None:
        raise UsageError(f"{label}{value!r} is not a date (YYYY-MM-DD)")
    return found


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: ``Quarter(2026, 4)`` is ``2026-Q4``."""

    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, label: str) -> Quarter:
        """``2026-Q4`` as a quarter."""
        return cls(int(label[:4]), int(label[-1]))

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def end(self) -> dt.date:
        """The quarter's last day."""
        month = 3 * self.number
        following = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @classmethod
    def between(cls, first: dt.date, last: dt.date) -> tuple[Quarter, ...]:
        """Every quarter from the one of ``first`` to the one of ``last``, both included."""
        found = []
        quarter, final = cls.of(first), cls.of(last)
        while quarter <= final:
            found.append(quarter)
            quarter = quarter.next()
        return tuple(found)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the calendar quarter ``day`` is in."""
    return Quarter.of(day).end
