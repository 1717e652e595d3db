"""What the deadline pages share: the tag that says how a clock stands today."""

import datetime
from dataclasses import dataclass

from config import clock
from config.govuk_forms import long_date
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus

PAGE_SIZE = 50
NOTIFICATIONS_PAGE_SIZE = 25
DUE_SOON_WORKING_DAYS = 5


def counted(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


# Tags ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tag:
    label: str
    colour: str  # the govuk-tag modifier
    note: str = ""


def deadline_tag(deadline: Deadline, *, today: datetime.date,
                 calendar: WorkingDayCalendar) -> Tag:
    """How the clock stands today, in one coloured word or phrase."""
    if deadline.status == DeadlineStatus.MET:
        return Tag("Met", "green", f"on {long_date(deadline.met_on)}" if deadline.met_on else "")
    if deadline.status == DeadlineStatus.CANCELLED:
        return Tag("Cancelled", "grey")
    # A paused clock's due date moves on when it restarts, so it is not overdue, unless it
    # was already overdue when it stopped.
    paused_late = (deadline.status == DeadlineStatus.PAUSED and deadline.paused_on is not None
                   and deadline.paused_on > deadline.due_date)
    if deadline.status == DeadlineStatus.PAUSED and not paused_late:
        return Tag("Paused", "grey")
    if deadline.due_date < today:
        return Tag("Overdue", "red")
    if calendar.working_days_between(today, deadline.due_date) <= DUE_SOON_WORKING_DAYS:
        return Tag(f"Due within {DUE_SOON_WORKING_DAYS} working days", "yellow")
    return Tag("On track", "green")


def tagged(deadlines, calendar: WorkingDayCalendar) -> list[tuple[Deadline, Tag]]:
    today = clock.today()
    return [(deadline, deadline_tag(deadline, today=today, calendar=calendar))
            for deadline in deadlines]
