"""The one source of the current time.

Everything in the project that needs "now" or "today" — services, selectors, views, forms,
commands and tasks — asks this module, and nothing else reads the system clock:

    from config import clock
    clock.now()    # an aware datetime (UTC)
    clock.today()  # the date in England at that moment

So "today" means the same day everywhere (the day statutory clocks are counted in, which is
England's, not the server's), and tests control it in one way: they freeze time with
`time_machine.travel(..., tick=False)`, which both functions follow.

Two readings of the clock stay outside this module, on purpose:

- Model field defaults (`default=timezone.now` on `created_at`, `added_at`, `declared_at`,
  `AuditEvent.at`) and `auto_now=True` (`Deadline.updated_at`). Migrations record the
  default callable by its import path, so pointing them here would add a migration to
  every app that has one, for no change in behaviour: `timezone.now` reads the same clock
  and follows a frozen one just as well.
- Conversions of a moment already in hand (`timezone.localdate(called_at)`,
  `timezone.localtime(when)`) read no clock and need none.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

# The day a deadline falls due, a pause starts or a sweep runs is England's day, whatever the
# server's zone. (It is also settings.TIME_ZONE, which pages display times in.)
ENGLAND = ZoneInfo("Europe/London")


def now() -> datetime.datetime:
    """The current moment, timezone-aware, in UTC."""
    return timezone.now()


def today() -> datetime.date:
    """The date in England (Europe/London) at `now()`."""
    return timezone.localdate(now(), timezone=ENGLAND)
