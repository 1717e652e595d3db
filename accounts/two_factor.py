"""The second factor: an authenticator app (TOTP) and one-use recovery codes.

Who needs one is said by policy.people.two_factor_required. Every change and every check
of a code is audited; rows never hold a key or a code, only what happened and counts.
"""

import base64

from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.sign_in_sessions import session_rekey
from audit.services import audit_record
from policy import people

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


def authenticator_of(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_of(*, user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_needed(*, user: User) -> bool:
    """Whether the user must give a second factor before using the service: staff always,
    anyone else once they have set one up."""
    return people.two_factor_required(user) or authenticator_of(user=user) is not None


def key_for_people(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def authenticator_being_set_up(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up: the same one until confirmed,
    so the key shown does not change when the page is shown again."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False,
                                               name=AUTHENTICATOR)


def _recovery_codes_new(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _verified(*, request, device) -> None:
    """The session now holds a second factor: its key is rotated, as at sign-in."""
    otp_login(request, device)
    old_key = request.session.session_key
    request.session.cycle_key()
    session_rekey(request=request, old_key=old_key)


@transaction.atomic
def authenticator_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with a code from it. On success it replaces
    any earlier one, the session is verified, and 10 new recovery codes are returned (to be
    shown once); on a wrong code, None."""
    user = request.user
    if not device.verify_token(code):
        audit_record(actor=user, action="auth.two_factor_failed", obj=user,
                     after={"device": "totp", "setting_up": True,
                            "failures": device.throttling_failure_count})
        return None
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_new(user=user)
    _verified(request=request, device=device)
    audit_record(actor=user, action="auth.two_factor_added", obj=user,
                 after={"device": "totp", "replaced": bool(replaced),
                        "recovery_codes": len(codes)})
    return codes


class CodeRefused(Exception):
    """The code was not checked: too many wrong codes in a row, try again later."""


@transaction.atomic
def code_verify(*, request, code: str, recovery: bool = False) -> bool:
    """Check a code from the user's authenticator (or one of their recovery codes, which is
    then used up). True verifies the session; False is a wrong code. Raises CodeRefused
    while django-otp's doubling wait after wrong codes runs."""
    user = request.user
    device = recovery_codes_of(user=user) if recovery else authenticator_of(user=user)
    kind = "static" if recovery else "totp"
    if device is None:
        return False
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise CodeRefused
    if device.verify_token(code.replace(" ", "").replace("-", "")):
        _verified(request=request, device=device)
        if recovery:
            audit_record(actor=user, action="auth.recovery_code_used", obj=user,
                         after={"codes_left": device.token_set.count()})
        else:
            audit_record(actor=user, action="auth.two_factor_verified", obj=user,
                         after={"device": kind})
        return True
    audit_record(actor=user, action="auth.two_factor_failed", obj=user,
                 after={"device": kind, "failures": device.throttling_failure_count})
    return False


def too_many_wrong_codes(*, user: User) -> bool:
    """After this many wrong codes in a row the person starts again from their password."""
    devices = [authenticator_of(user=user), recovery_codes_of(user=user)]
    return any(device is not None and device.throttling_failure_count
               >= settings.SECOND_FACTOR_FAILURE_LIMIT for device in devices)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes replace the old ones, which stop working."""
    codes = _recovery_codes_new(user=user)
    audit_record(actor=user, action="auth.recovery_codes_renewed", obj=user,
                 after={"recovery_codes": len(codes)})
    return codes


class SecondFactorRequired(Exception):
    """Staff cannot turn off their second factor; they can set up a new one."""


@transaction.atomic
def two_factor_remove(*, user: User) -> None:
    """A user who need not have a second factor turns theirs off."""
    if people.two_factor_required(user):
        raise SecondFactorRequired
    removed = _devices_delete(user=user)
    audit_record(actor=user, action="auth.two_factor_removed", obj=user,
                 after={"devices": removed})


@transaction.atomic
def two_factor_reset(*, by: User, user: User) -> None:
    """An Ofsted admin resets another person's second factor (a lost phone): their devices
    are deleted, their sessions end, and at their next sign-in they set up a new one."""
    from accounts.sign_in_sessions import session_end_all

    removed = _devices_delete(user=user)
    sessions = session_end_all(user=user)
    audit_record(actor=by, action="auth.two_factor_reset", obj=user,
                 local_area=user.local_area if user.local_area_id else None,
                 after={"devices": removed, "sessions": sessions})


def _devices_delete(*, user: User) -> int:
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    count = sum(found.count() for found in devices)
    for found in devices:
        found.delete()
    return count


def session_is_verified(session) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))
