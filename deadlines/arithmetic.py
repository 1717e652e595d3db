"""Due dates from rules, with the arithmetic spelt out in words. Pure: no database, no clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from deadlines.calendar import WorkingDayCalendar, add_calendar_months

WORKING_DAYS = "working_days"
MONTHS = "months"


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # WORKING_DAYS or MONTHS

    def describe(self) -> str:
        """In words, relative to the event: "70 working days after", "12 months after"."""
        if self.amount == 0:
            return "the same day as"
        direction = "before" if self.amount < 0 else "after"
        amount = abs(self.amount)
        if self.unit == WORKING_DAYS:
            return f"{amount} working day{'s' if amount != 1 else ''} {direction}"
        if amount % 12 == 0:
            years = amount // 12
            return f"{years} year{'s' if years != 1 else ''} {direction}"
        return f"{amount} month{'s' if amount != 1 else ''} {direction}"


@dataclass(frozen=True)
class DueDate:
    due_date: datetime.date
    explanation: list[str]


def weekday_date(day: datetime.date) -> str:
    """Monday 4 December 2017: a date with its day of the week."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _short(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def time_words(time: datetime.time) -> str:
    """A time of day as GOV.UK style writes it: 11am, 5pm, 5:30pm, midday, midnight."""
    if time.hour == 12 and time.minute == 0:
        return "midday"
    if time.hour == 0 and time.minute == 0:
        return "midnight"
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


def due_words(day: datetime.date, time: datetime.time | None = None) -> str:
    """When a clock is due, in words: "by 11am on Tuesday 7 March 2023", or the day alone
    ("Tuesday 7 March 2023") for a clock due by the end of its day."""
    if time is None:
        return weekday_date(day)
    return f"by {time_words(time)} on {weekday_date(day)}"


def due_when(day: datetime.date, time: datetime.time | None = None) -> str:
    """To follow "it is due": "on Tuesday 7 March 2023", or "by 11am on Tuesday 7 March
    2023"."""
    return due_words(day, time) if time is not None else f"on {weekday_date(day)}"


def due_words_short(day: datetime.date, time: datetime.time | None = None) -> str:
    """The same for a table cell: "7 Mar 2023, by 11am", or "7 Mar 2023"."""
    date = f"{day.day} {day:%b %Y}"
    return f"{date}, by {time_words(time)}" if time is not None else date


def compute_due_date(
    *,
    period: Period,
    start: datetime.date,
    start_event: str,
    calendar: WorkingDayCalendar,
    extra_working_days: int = 0,
    due_time: datetime.time | None = None,
) -> DueDate:
    """The due date of a clock, and how it was reached, line by line.

    Working-day periods count from the event (day 0). Calendar-month periods land on the same
    day of the month (or the month's last day) and move to the next working day if needed.
    Extra working days (extensions and pauses) are added after the period. A rule with a due
    time is due by that time of day, in England, on the due date.
    """
    lines = [f"The clock starts on {weekday_date(start)}: {start_event}. That day is day 0."]
    if period.unit == WORKING_DAYS:
        due = calendar.add_working_days(start, period.amount)
        lines.append(f"The rule gives {period.describe()} it.")
        lines += _skipped_lines(calendar, start, due)
    else:
        landed = add_calendar_months(start, period.amount)
        due = calendar.next_working_day_on_or_after(landed)
        lines.append(f"The rule gives {period.describe()} it: {weekday_date(landed)}.")
        if due != landed:
            lines.append(f"That is not a working day, so the date moves to the next working "
                         f"day, {weekday_date(due)}.")
    if extra_working_days:
        extended = calendar.add_working_days(due, extra_working_days)
        lines.append(f"{extra_working_days} more working day"
                     f"{'s' if extra_working_days != 1 else ''} (extension or pause) "
                     f"move it from {weekday_date(due)} to {weekday_date(extended)}.")
        lines += _skipped_lines(calendar, due, extended)
        due = extended
    if due_time is None:
        lines.append(f"Due date: {weekday_date(due)}.")
    else:
        lines.append(f"Due {due_words(due, due_time)}, UK time.")
    return DueDate(due_date=due, explanation=lines)


def _weekend_list(days: list[datetime.date]) -> str:
    """Weekend days as runs: "4 and 5 November 2023; 11 and 12 November 2023"."""
    runs: list[list[datetime.date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return "; ".join(_short(run[0]) if len(run) == 1 else
                     f"{run[0].day} and {_short(run[1])}" if run[0].month == run[1].month
                     else f"{_short(run[0])} and {_short(run[1])}" for run in runs)


def _skipped_lines(calendar: WorkingDayCalendar, a: datetime.date,
                   b: datetime.date) -> list[str]:
    weekends, others = calendar.skipped_between(a, b)
    lines = []
    if weekends:
        lines.append(f"Skipped {len(weekends)} weekend day{'s' if len(weekends) != 1 else ''}: "
                     f"{_weekend_list(weekends)}.")
    if others:
        names = "; ".join(f"{_short(day)} ({reason})" for day, reason in others)
        lines.append(f"Skipped {len(others)} bank holiday{'s' if len(others) != 1 else ''} "
                     f"or other non-working day{'s' if len(others) != 1 else ''}: {names}.")
    else:
        lines.append("No bank holidays or other non-working days fall in between.")
    return lines
