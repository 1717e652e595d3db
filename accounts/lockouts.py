"""Sign-ins locked out by django-axes after failed attempts: who is locked, and unlocking.

A lockout is a username whose failures within the cool-off reach settings.AXES_FAILURE_LIMIT,
or an address whose failures reach settings.SIGN_IN_ADDRESS_FAILURE_LIMIT; it ends by itself
when the cool-off passes. An address has a limit of its own, higher, because a council's or
an inspectorate's office signs in from one address: five mistakes by five colleagues must not
lock the whole office out, while one address trying password after password on many
usernames still is (docs/decisions/0023).
"""

import datetime
import re
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum

from accounts.models import User
from audit.services import audit_record
from config import clock

# Usernames as Django allows them; anything else typed is not repeated in the audit trail.
_USERNAME = re.compile(r"[\w.@+-]{1,150}")


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    ends_at: datetime.datetime


def failure_limit(kind: str) -> int:
    """How many failures within the cool-off lock a username, or an address."""
    return (settings.SIGN_IN_ADDRESS_FAILURE_LIMIT if kind == "ip_address"
            else settings.AXES_FAILURE_LIMIT)


class SignInAttemptHandler(AxesDatabaseHandler):
    """django-axes' database handler, with the address held to its own limit.

    Axes compares the highest failure count of its lockout parameters (username, address, in
    settings.AXES_LOCKOUT_PARAMETERS' order) with one limit; the address's count is scaled
    here so that it reaches that limit exactly when it reaches the address's own."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
                  for attempts in self.get_user_attempts(request, credentials)]
        scaled = [count * settings.AXES_FAILURE_LIMIT // failure_limit(kind)
                  for kind, count in zip(settings.AXES_LOCKOUT_PARAMETERS, counts, strict=False)]
        return max(scaled, default=0)


def _recent():
    return AccessAttempt.objects.filter(
        attempt_time__gte=clock.now() - settings.AXES_COOLOFF_TIME)


def lockouts_current() -> list[Lockout]:
    """Every username and every address locked out now, the soonest to end first."""
    found = []
    for kind in ("username", "ip_address"):
        rows = (_recent().exclude(**{f"{kind}__isnull": True}).values(kind)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=failure_limit(kind)))
        found += [Lockout(kind, row[kind], row["failures"],
                          row["last"] + settings.AXES_COOLOFF_TIME) for row in rows]
    return sorted(found, key=lambda lockout: lockout.ends_at)


def lockout_find(*, kind: str, value: str) -> Lockout | None:
    return next((lockout for lockout in lockouts_current()
                 if lockout.kind == kind and lockout.value == value), None)


@transaction.atomic
def lockout_end(*, by: User, lockout: Lockout) -> int:
    """An Ofsted admin ends a lockout before its cool-off: its failed attempts are cleared."""
    if lockout.kind == "username":
        count = reset(username=lockout.value)
        account = User.objects.filter(username=lockout.value).first()
        after = {"username": lockout.value if _USERNAME.fullmatch(lockout.value) else None}
    else:
        count = reset(ip=lockout.value)
        account, after = None, {"ip_address": lockout.value}
    audit_record(actor=by, action="auth.unlock", obj=account,
                 after={**after, "failures": lockout.failures})
    return count
