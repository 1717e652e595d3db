"""The sessions a user is signed in with: recorded at sign-in, seen and ended by the user.

Only a hash of each session key is kept (accounts.models.SignInSession). Ending a session
deletes its row; the session itself is then refused at its next request.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction

from accounts.models import SignInSession, User
from audit.context import client_ip
from audit.services import audit_record
from config import clock

# How often a session's "last seen" is written: at most once a minute, not on every request.
LAST_SEEN_EVERY = datetime.timedelta(minutes=1)


def key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def session_signed_in(*, request, user: User) -> SignInSession:
    """Record the request's session as one of the user's, and forget their sessions that
    have been idle past the session age (they have ended by themselves)."""
    if request.session.session_key is None:
        request.session.save()  # a session flushed for a different user has no key yet
    now = clock.now()
    SignInSession.objects.filter(
        user=user, last_seen_at__lt=now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    ).delete()
    row, _ = SignInSession.objects.update_or_create(
        key_hash=key_hash(request.session.session_key),
        defaults={"user": user, "signed_in_at": now, "last_seen_at": now,
                  "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
                  "ip_address": client_ip(request)},
    )
    return row


def session_rekey(*, request, old_key: str) -> None:
    """The session key changed (rotated at the second factor): follow it."""
    SignInSession.objects.filter(key_hash=key_hash(old_key)).update(
        key_hash=key_hash(request.session.session_key))


def session_signed_out(*, session_key: str | None) -> None:
    if session_key:
        SignInSession.objects.filter(key_hash=key_hash(session_key)).delete()


def session_current(*, request) -> SignInSession | None:
    """The row of the request's session, its "last seen" brought up to date."""
    if not request.session.session_key:
        return None
    row = SignInSession.objects.filter(key_hash=key_hash(request.session.session_key),
                                       user_id=request.user.pk).first()
    now = clock.now()
    if row is not None and row.last_seen_at < now - LAST_SEEN_EVERY:
        SignInSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        row.last_seen_at = now
    return row


def session_list_for_user(*, user: User):
    since = clock.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return SignInSession.objects.filter(user=user, last_seen_at__gte=since)


@transaction.atomic
def session_end(*, by: User, session: SignInSession) -> None:
    """End one of the user's own sessions: it is signed out at its next request."""
    audit_record(actor=by, action="auth.session_ended", obj=by,
                 after={"signed_in_at": session.signed_in_at.isoformat(), "sessions": 1})
    session.delete()


@transaction.atomic
def session_end_others(*, by: User, current: SignInSession | None) -> int:
    others = SignInSession.objects.filter(user=by)
    if current is not None:
        others = others.exclude(pk=current.pk)
    count, _ = others.delete()
    audit_record(actor=by, action="auth.session_ended", obj=by, after={"sessions": count})
    return count


def session_forget_others(*, user: User, key: str) -> None:
    """After a password change Django refuses the user's other sessions: forget them too."""
    SignInSession.objects.filter(user=user).exclude(key_hash=key_hash(key)).delete()


def session_end_all(*, user: User) -> int:
    """Every session of the user ends: call inside the transaction that calls for it."""
    count, _ = SignInSession.objects.filter(user=user).delete()
    return count


# In the order to look for them: Edge and Opera also say Chrome, and Chrome says Safari.
_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
             ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux")]


def browser_name(user_agent: str) -> str:
    """A short name for a browser, as a person would say it: "Chrome on Windows"."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), None)
    system = next((name for token, name in _SYSTEMS if token in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
