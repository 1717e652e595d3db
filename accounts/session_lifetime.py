"""How long a signed-in session lasts (decision 0024).

Two limits. Idle: Django's own, settings.SESSION_COOKIE_AGE seconds after the last request
(the session is saved on every request). Absolute: settings.SESSION_ABSOLUTE_SECONDS after
signing in, whatever the activity; the moment of signing in is kept in the session.
"""

from django.conf import settings
from django.contrib.auth import logout

from config import clock

SIGNED_IN_AT = "signed_in_at"  # a POSIX timestamp, in whole seconds


def session_mark_signed_in(*, session) -> None:
    """The session remembers when its owner signed in (called as they do)."""
    session[SIGNED_IN_AT] = int(clock.now().timestamp())


def session_seconds_left(*, session) -> int:
    """Seconds until the session ends if nothing more happens: the idle limit, or the
    absolute one if that comes first (never below 0)."""
    signed_in_at = session.get(SIGNED_IN_AT)
    idle = settings.SESSION_COOKIE_AGE
    if signed_in_at is None:
        return idle
    absolute = signed_in_at + settings.SESSION_ABSOLUTE_SECONDS - clock.now().timestamp()
    return max(0, int(min(idle, absolute)))


def duration_words(seconds: int) -> str:
    """A limit as the pages say it: "12 hours", "30 minutes", "1 hour 30 minutes"."""
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    return " ".join(parts) or f"{seconds} seconds"


def timeout_warning(request) -> dict:
    """Context processor: for the signed in, what the timeout warning needs to know."""
    if not request.user.is_authenticated:
        return {}
    return {"session_timeout": {
        "seconds_left": session_seconds_left(session=request.session),
        "warning_seconds": settings.SESSION_WARNING_SECONDS}}


def _is_past_absolute_lifetime(session) -> bool:
    # A session signed in before this limit existed has no moment of signing in: its lifetime
    # is counted from its first request since, so it too ends within the limit.
    if SIGNED_IN_AT not in session:
        session_mark_signed_in(session=session)
    return clock.now().timestamp() >= session[SIGNED_IN_AT] + settings.SESSION_ABSOLUTE_SECONDS


class AbsoluteSessionLifetimeMiddleware:
    """Signs out anyone whose session began more than SESSION_ABSOLUTE_SECONDS ago; the
    request then goes on as a signed-out one (so sign-in is asked for where it is needed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and _is_past_absolute_lifetime(request.session):
            logout(request)
        return self.get_response(request)
