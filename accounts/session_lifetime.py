"""How long a signed-in session lasts (decision 0024).

Two limits. Idle: Django's own, settings.SESSION_COOKIE_AGE seconds after the session was
last saved. A signed-in request saves it (and so starts the idle time again) once
SESSION_TOUCH_SECONDS have passed since its last save, not on every request: each save is a
database write, and a page that autosaves every few seconds would write the session as
often as it writes what was typed (decision 0024). Absolute: settings.SESSION_ABSOLUTE_SECONDS
after signing in, whatever the activity; the moment of signing in is kept in the session.
"""

from django.conf import settings
from django.contrib.auth import logout

from config import clock

SIGNED_IN_AT = "signed_in_at"  # a POSIX timestamp, in whole seconds
TOUCHED_AT = "touched_at"  # when the session was last saved for activity, likewise


def session_mark_signed_in(*, session) -> None:
    """The session remembers when its owner signed in (called as they do)."""
    session[SIGNED_IN_AT] = session[TOUCHED_AT] = int(clock.now().timestamp())


def session_touch(*, session, force: bool = False) -> None:
    """Activity: the session is saved, and its idle time starts again, if it was last saved
    SESSION_TOUCH_SECONDS ago or more (always, with `force`)."""
    now = int(clock.now().timestamp())
    touched_at = session.get(TOUCHED_AT)
    if force or touched_at is None or now - touched_at >= settings.SESSION_TOUCH_SECONDS:
        session[TOUCHED_AT] = now  # modified, so saved with its expiry moved on


def session_seconds_left(*, session) -> int:
    """Seconds until the session ends if nothing more happens: the idle limit from its last
    save, or the absolute one if that comes first (never below 0)."""
    now = clock.now().timestamp()
    signed_in_at, touched_at = session.get(SIGNED_IN_AT), session.get(TOUCHED_AT)
    idle = settings.SESSION_COOKIE_AGE
    if touched_at is not None:  # in whole seconds, as it was stored
        idle = max(0, touched_at + idle - int(now))
    if signed_in_at is None:
        return idle
    absolute = signed_in_at + settings.SESSION_ABSOLUTE_SECONDS - now
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
    request then goes on as a signed-out one (so sign-in is asked for where it is needed).
    Any other signed-in request is activity (session_touch)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if _is_past_absolute_lifetime(request.session):
                logout(request)
            else:
                session_touch(session=request.session)
        return self.get_response(request)
