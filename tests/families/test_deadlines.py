"""Working-day arithmetic across weekends and England and Wales bank holidays (SECURITY 30)."""

from datetime import date

import pytest

from paramount.families.deadlines import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 30), 1, date(2026, 12, 1)),  # Monday -> Tuesday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # identified on a Saturday
        (date(2026, 11, 27), 3, date(2026, 12, 2)),  # Friday + 3 -> Wednesday
        # Christmas Day on a Friday, Boxing Day on Saturday, so observed on Monday 28th.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 23), 3, date(2026, 12, 30)),
        # Good Friday 3 April and Easter Monday 6 April 2026.
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        # Early May bank holiday, Monday 4 May 2026.
        (date(2026, 5, 1), 1, date(2026, 5, 5)),
        # Ten working days across New Year 2027 (1 January a Friday).
        (date(2026, 12, 21), 10, date(2027, 1, 7)),
        # Day 0 is the day itself when it is a working day, else the next one.
        (date(2026, 12, 1), 0, date(2026, 12, 1)),
        (date(2026, 12, 25), 0, date(2026, 12, 29)),
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_bank_holidays_come_from_the_package():
    assert bank_holiday_name(date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert not is_working_day(date(2026, 8, 31))
    # Scotland's St Andrew's Day is not a bank holiday in England and Wales.
    assert is_working_day(date(2026, 11, 30))
    assert bank_holiday_name(date(2026, 11, 30)) is None


def test_working_days_between_counts_both_ways():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 29), date(2026, 12, 24)) == -1
    assert working_days_between(date(2026, 12, 1), date(2026, 12, 1)) == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2026, 12, 1), -1)
