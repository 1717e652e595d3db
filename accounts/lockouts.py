"""Sign-ins locked out by django-axes after failed attempts: who is locked, and unlocking.

A lockout is a username, or an address, whose failures within the cool-off reach the limit
(settings.AXES_FAILURE_LIMIT); it ends by itself when the cool-off passes.
"""

import datetime
import re
from dataclasses import dataclass

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


def _recent():
    return AccessAttempt.objects.filter(
        attempt_time__gte=clock.now() - settings.AXES_COOLOFF_TIME)


def lockouts_current() -> list[Lockout]:
    """Every username and every address locked out now, the soonest to end first."""
    found = []
    for kind in ("username", "ip_address"):
        rows = (_recent().exclude(**{f"{kind}__isnull": True}).values(kind)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=settings.AXES_FAILURE_LIMIT))
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
