"""Working days in England, as pure functions: no database and no clock inside.

A working day is Monday to Friday, except bank holidays in England (with their substitute
days and one-off days such as the 2022 state funeral) and any extra non-working days an
Ofsted admin has added. The event date is day 0; the due date is the n-th working day after
it (before it for negative n), whatever day of the week the event falls on.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=8)
def _england_bank_holidays(first_year: int, last_year: int) -> dict[datetime.date, str]:
    # subdiv="ENG": without it Easter Monday and the August bank holiday are missing.
    years = range(first_year, last_year + 1)
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=years).items())


def england_bank_holidays(first_year: int = 2010, last_year: int = 2040
                          ) -> dict[datetime.date, str]:
    """Bank holidays in England between the years given, observed days included."""
    return dict(_england_bank_holidays(first_year, last_year))


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Which days are not working days (besides weekends), and why.

    Counting working days between two dates is arithmetic on weekdays less a binary search
    of the non-working weekdays, sorted once when the calendar is made: it costs the same
    for a clock due next week as for one due in ten years. The calendar is a value: a
    different set of days is a new calendar, not a change to the mapping of this one."""

    non_working: Mapping[datetime.date, str] = field(default_factory=dict)
    # The non-working days that fall on weekdays, in order (weekends are counted apart).
    _closed_weekdays: tuple[datetime.date, ...] = field(init=False, repr=False,
                                                        compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_closed_weekdays", tuple(sorted(
            day for day in self.non_working if day.weekday() < 5)))

    @classmethod
    def england(cls, extra: Mapping[datetime.date, str] | None = None) -> WorkingDayCalendar:
        """Bank holidays in England plus the extra non-working days given."""
        days = england_bank_holidays()
        for day, reason in (extra or {}).items():
            days.setdefault(day, reason)
        return cls(non_working=days)

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.non_working

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after start (before it for negative n); start itself is day 0."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: datetime.date, b: datetime.date) -> int:
        """Working days after a up to and including b; negative (those from b up to a) if b < a."""
        if b >= a:
            return self._working_days_before(b + ONE_DAY) - self._working_days_before(
                a + ONE_DAY)
        return -(self._working_days_before(a) - self._working_days_before(b))

    def _working_days_before(self, day: datetime.date) -> int:
        """Working days from 1 January of year 1 (a Monday) up to, not including, `day`:
        five in each whole week, the weekdays of the week begun, less the non-working
        weekdays before it."""
        weeks, into_week = divmod(day.toordinal() - 1, 7)
        weekdays = 5 * weeks + min(into_week, 5)
        return weekdays - bisect.bisect_left(self._closed_weekdays, day)

    def working_days_late(self, due: datetime.date, day: datetime.date) -> int:
        """How many working days after the due date `day` falls: 0 on or before it. A day
        that is not a working day counts as the working day after it, so a clock due on a
        Friday and met (or still open) on the Saturday is one working day late, as it is on
        the Monday."""
        if day <= due:
            return 0
        return self.working_days_between(due, self.next_working_day_on_or_after(day))

    def next_working_day_on_or_after(self, day: datetime.date) -> datetime.date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def skipped_between(self, a: datetime.date, b: datetime.date
                        ) -> tuple[list[datetime.date], list[tuple[datetime.date, str]]]:
        """Weekend days, and other non-working days with their reasons, strictly between a and
        b (either way round): the days a count from one to the other passes over."""
        low, high = (a, b) if a <= b else (b, a)
        weekends, others = [], []
        for day in _days(low + ONE_DAY, high - ONE_DAY):
            if day.weekday() >= 5:
                weekends.append(day)
            elif day in self.non_working:
                others.append((day, self.non_working[day]))
        return weekends, others


def _days(first: datetime.date, last: datetime.date) -> Iterable[datetime.date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def add_calendar_months(start: datetime.date, months: int) -> datetime.date:
    """Same day of the month, months later; the month's last day where it is shorter."""
    return start + relativedelta(months=months)


_DEFAULT = WorkingDayCalendar.england()


def is_working_day(day: datetime.date, *, calendar: WorkingDayCalendar = _DEFAULT) -> bool:
    return calendar.is_working_day(day)


def add_working_days(start: datetime.date, n: int, *,
                     calendar: WorkingDayCalendar = _DEFAULT) -> datetime.date:
    return calendar.add_working_days(start, n)


def working_days_between(a: datetime.date, b: datetime.date, *,
                         calendar: WorkingDayCalendar = _DEFAULT) -> int:
    return calendar.working_days_between(a, b)
