"""Working-day arithmetic for England and Wales.

Bank holidays come from the maintained ``holidays`` package (England's calendar: Wales has the
same bank holidays), never from a hand-kept list, so a new year or a one-off holiday (a
coronation, a state funeral) arrives with a package update.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: date) -> str | None:
    """The name of the England and Wales bank holiday on ``day``, if it is one."""
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, working_days: int) -> date:
    """The date ``working_days`` working days after ``start`` (``start`` itself is day 0).

    ``add_working_days(friday, 1)`` is the next Monday (or Tuesday after a bank holiday Monday).
    With 0 the answer is ``start`` when it is a working day, otherwise the next working day.
    """
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    day = start
    if working_days == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    remaining = working_days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after ``start`` ``end`` falls (negative when it is before)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
