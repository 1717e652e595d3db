"""Who the benchmark signs in as, and the sessions it signs them in with.

Personas are found by query, so the same code serves the demo data and the national data:
an Ofsted admin, the inspector who leads the most inspections, the local area officer
of the area with the most inspections, and a DfE adviser (who follows every written
statement of action). Sessions are written straight into the session store
as a sign-in with a second factor would leave them (Django's auth keys, django-otp's device,
the moment of signing in, and the SignInSession row the middleware checks), and deleted with
any authenticator the benchmark had to make.
"""

from dataclasses import dataclass, field

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db.models import Count
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import SignInSession, User
from accounts.session_lifetime import SIGNED_IN_AT
from accounts.sign_in_sessions import key_hash
from accounts.two_factor import AUTHENTICATOR, authenticator_of, two_factor_needed
from config import clock
from inspections.models import TeamMember, TeamRole

ADMIN, LEAD, LANO, DFE = "admin", "lead inspector", "LANO", "DfE adviser"
USER_AGENT = "make bench (locust)"


def _in_role(role: str):
    return User.objects.filter(is_active=True, groups__name=role)


def find_personas() -> dict[str, User]:
    admin = _in_role(roles.OFSTED_ADMIN).order_by("id").first()
    lead_id = (TeamMember.objects.filter(role=TeamRole.LEAD, user__is_active=True)
               .values("user").annotate(n=Count("id")).order_by("-n", "user")
               .values_list("user", flat=True).first())
    lano = (_in_role(roles.LOCAL_AREA_OFFICER).exclude(local_area=None)
            .annotate(n=Count("local_area__inspections", distinct=True))
            .order_by("-n", "id").first())
    dfe = _in_role(roles.DFE_ADVISER).order_by("id").first()
    found = {ADMIN: admin, LEAD: User.objects.filter(pk=lead_id).first(), LANO: lano,
             DFE: dfe}
    missing = [name for name, user in found.items() if user is None]
    if missing:
        raise SystemExit(f"No {', '.join(missing)} in the database: fill it with "
                         "`make bench-data` (or seed_demo) first")
    return found


@dataclass
class Sessions:
    """The session keys made, by persona, and what must be removed afterwards."""

    keys: dict[str, list[str]] = field(default_factory=dict)
    made_devices: list[int] = field(default_factory=list)

    def delete(self) -> None:
        every = [key for keys in self.keys.values() for key in keys]
        SignInSession.objects.filter(key_hash__in=[key_hash(k) for k in every]).delete()
        Session.objects.filter(session_key__in=every).delete()
        TOTPDevice.objects.filter(pk__in=self.made_devices).delete()
        self.keys.clear()
        self.made_devices.clear()


def _device_for(user: User, sessions: Sessions) -> TOTPDevice | None:
    """The authenticator the session has given a code from, for those who need one."""
    if not two_factor_needed(user=user):
        return None
    device = authenticator_of(user=user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
        sessions.made_devices.append(device.pk)
    return device


def session_signed_in(user: User, device: TOTPDevice | None) -> str:
    """A new session of `user`, signed in (and past the second factor if `device`)."""
    now = clock.now()
    store = SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SIGNED_IN_AT] = int(now.timestamp())
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    SignInSession.objects.create(user=user, key_hash=key_hash(store.session_key),
                                 signed_in_at=now, last_seen_at=now, user_agent=USER_AGENT,
                                 ip_address="127.0.0.1")
    return store.session_key


def sessions_make(personas: dict[str, User], *, per_persona: int) -> Sessions:
    """per_persona sessions of each persona: one for each simulated person, so that no two
    of them write the same session row."""
    sessions = Sessions()
    for name, user in personas.items():
        device = _device_for(user, sessions)
        sessions.keys[name] = [session_signed_in(user, device) for _ in range(per_persona)]
    return sessions
