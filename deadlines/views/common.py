"""What the deadline pages share: the tag that says how a clock stands today."""

import datetime
from dataclasses import dataclass, replace

from config import clock
from config.clock import ENGLAND
from config.govuk_forms import long_date
from deadlines.arithmetic import time_words
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import DUE_SOON_WORKING_DAYS

PAGE_SIZE = 50
NOTIFICATIONS_PAGE_SIZE = 25


def counted(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


# Tags ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tag:
    label: str
    colour: str  # the govuk-tag modifier
    note: str = ""
    status: str = ""  # the one word the CSV export's Status column gives
    working_days_late: int = 0  # met late by, or overdue by; 0 otherwise


def _late(n: int) -> str:
    return f"({counted(n, 'working day')})"


def deadline_tag(deadline: Deadline, *, today: datetime.date,
                 calendar: WorkingDayCalendar, now: datetime.datetime | None = None) -> Tag:
    """How the clock stands today, in one coloured word or phrase; lateness in working days
    of the calendar given (selectors.deadline_standing_conditions counts the same way).

    A clock due by a time of day (Annex A's 11am and 5pm) is overdue from that moment in
    England on its due date, given `now`; met after it on the due date, it was met late,
    though by no whole working day: the tag says "after 11am"."""
    # A clock made in memory without its rule (as some callers do) has no due time.
    has_rule = deadline.rule_id is not None or Deadline.rule.is_cached(deadline)
    tag = standing_tag(status=deadline.status, due_date=deadline.due_date,
                       due_time=deadline.due_time if has_rule else None,
                       paused_on=deadline.paused_on,
                       met_on=deadline.met_on, met_at=deadline.met_at, today=today,
                       calendar=calendar, now=now)
    if deadline.status != DeadlineStatus.MET:
        return tag
    if deadline.met_at is not None:
        note = f"at {deadline.met_time_words} on {long_date(deadline.met_on)}"
    else:
        note = f"on {long_date(deadline.met_on)}" if deadline.met_on else ""
    return replace(tag, note=note)


def standing_tag(*, status: str, due_date: datetime.date, due_time: datetime.time | None,
                 paused_on: datetime.date | None, met_on: datetime.date | None,
                 met_at: datetime.datetime | None, today: datetime.date,
                 calendar: WorkingDayCalendar, now: datetime.datetime | None) -> Tag:
    """deadline_tag from a clock's plain values (the export's rows are tuples), without the
    note of when a met clock was met. Deadline.is_past_due and met_after_due_time, on
    values."""
    if status == DeadlineStatus.MET:
        late = calendar.working_days_late(due_date, met_on) if met_on else 0
        if late:
            return Tag(f"Met late {_late(late)}", "orange", "", "Met late", late)
        if (met_on == due_date and met_at is not None and due_time is not None
                and met_at > datetime.datetime.combine(due_date, due_time, tzinfo=ENGLAND)):
            return Tag(f"Met late (after {time_words(due_time)})", "orange", "", "Met late")
        return Tag("Met", "green", "", "Met")
    if status == DeadlineStatus.CANCELLED:
        return Tag("Cancelled", "grey", status="Cancelled")
    # A paused clock's due date moves on when it restarts, so it is not overdue, unless it
    # was already overdue when it stopped: then it is as late as it was that day.
    paused_late = (status == DeadlineStatus.PAUSED and paused_on is not None
                   and paused_on > due_date)
    if status == DeadlineStatus.PAUSED and not paused_late:
        return Tag("Paused", "grey", status="Paused")
    past_due = due_date < today or (
        due_date == today and now is not None and due_time is not None
        and now > datetime.datetime.combine(due_date, due_time, tzinfo=ENGLAND))
    if paused_late or past_due:
        late = calendar.working_days_late(due_date, paused_on if paused_late else today)
        label = f"Overdue {_late(late)}" if late else f"Overdue (since {time_words(due_time)})"
        return Tag(label, "red", "paused" if paused_late else "", "Overdue", late)
    if calendar.working_days_between(today, due_date) <= DUE_SOON_WORKING_DAYS:
        return Tag(f"Due within {DUE_SOON_WORKING_DAYS} working days", "yellow",
                   status="Open")
    return Tag("On track", "green", status="Open")


def tagged(deadlines, calendar: WorkingDayCalendar) -> list[tuple[Deadline, Tag]]:
    now, today = clock.now(), clock.today()
    return [(deadline, deadline_tag(deadline, today=today, calendar=calendar, now=now))
            for deadline in deadlines]
