"""What the deadline pages share: the tag that says how a clock stands today."""

import datetime
from dataclasses import dataclass

from config import clock
from config.govuk_forms import long_date
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
                 calendar: WorkingDayCalendar) -> Tag:
    """How the clock stands today, in one coloured word or phrase; lateness in working days
    of the calendar given (selectors.deadline_standing_conditions counts the same way)."""
    if deadline.status == DeadlineStatus.MET:
        note = f"on {long_date(deadline.met_on)}" if deadline.met_on else ""
        late = calendar.working_days_late(deadline.due_date, deadline.met_on) \
            if deadline.met_on else 0
        if late:
            return Tag(f"Met late {_late(late)}", "orange", note, "Met late", late)
        return Tag("Met", "green", note, "Met")
    if deadline.status == DeadlineStatus.CANCELLED:
        return Tag("Cancelled", "grey", status="Cancelled")
    # A paused clock's due date moves on when it restarts, so it is not overdue, unless it
    # was already overdue when it stopped: then it is as late as it was that day.
    paused_late = (deadline.status == DeadlineStatus.PAUSED and deadline.paused_on is not None
                   and deadline.paused_on > deadline.due_date)
    if deadline.status == DeadlineStatus.PAUSED and not paused_late:
        return Tag("Paused", "grey", status="Paused")
    if paused_late or deadline.due_date < today:
        late = calendar.working_days_late(deadline.due_date,
                                          deadline.paused_on if paused_late else today)
        return Tag(f"Overdue {_late(late)}", "red", "paused" if paused_late else "",
                   "Overdue", late)
    if calendar.working_days_between(today, deadline.due_date) <= DUE_SOON_WORKING_DAYS:
        return Tag(f"Due within {DUE_SOON_WORKING_DAYS} working days", "yellow",
                   status="Open")
    return Tag("On track", "green", status="Open")


def tagged(deadlines, calendar: WorkingDayCalendar) -> list[tuple[Deadline, Tag]]:
    today = clock.today()
    return [(deadline, deadline_tag(deadline, today=today, calendar=calendar))
            for deadline in deadlines]
