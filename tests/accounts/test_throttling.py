"""Sign-in throttling: failures are counted per username and per address; a lockout shows
the same page whether or not the account exists, and ends by itself after the cool-off."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from tests.conftest import FROZEN_TODAY, midday_in_england
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS_LIMIT = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT


def _sign_in(client, username, password, address="203.0.113.5"):
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _page(response, username) -> str:
    """The page as anyone would compare it: without the CSRF token, the script nonce (both
    new on every response) and the typed name."""
    html = response.content.decode().replace(username, "USERNAME")
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_settings_lock_after_five_failures_for_fifteen_minutes_by_username_and_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.SIGN_IN_ADDRESS_FAILURE_LIMIT == 30


@pytest.mark.parametrize("username", ["harriet.hmi", "no.such.person"])
def test_wrong_passwords_lock_the_username_even_with_the_right_password_until_the_cool_off(
        client, lead_inspector, username):
    with time_machine.travel(midday_in_england(FROZEN_TODAY), tick=False) as traveller:
        for _ in range(LIMIT - 1):
            assert _sign_in(client, username, "wrong-password").status_code == 200
        locked = _sign_in(client, username, "wrong-password")
        assert locked.status_code == 429
        assert "You have tried to sign in too many times" in locked.content.decode()
        refused = _sign_in(client, username, TEST_PASSWORD, address="198.51.100.7")
        assert refused.status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1))
        assert _sign_in(client, username, TEST_PASSWORD, address="198.51.100.7") \
            .status_code == 429
        traveller.shift(datetime.timedelta(seconds=2))
        after = _sign_in(client, username, TEST_PASSWORD, address="198.51.100.7")
    assert after.status_code == (302 if username == "harriet.hmi" else 200)


def test_an_account_that_exists_and_one_that_does_not_get_the_same_answers(client,
                                                                           lead_inspector):
    answers = {}
    for username, address in (("harriet.hmi", "203.0.113.1"), ("no.such.hmi", "203.0.113.2")):
        answers[username] = [(response.status_code, _page(response, username)) for response in
                             [_sign_in(client, username, "wrong-password", address)
                              for _ in range(LIMIT + 2)]]
    assert answers["harriet.hmi"] == answers["no.such.hmi"]
    assert [status for status, _ in answers["harriet.hmi"]] == [200] * (LIMIT - 1) + [429] * 3


def test_colleagues_mistakes_from_one_office_address_do_not_lock_the_office_out(
        client, lead_inspector):
    for n in range(LIMIT * 2):
        assert _sign_in(client, f"colleague.{n}", "a-mistyped-password").status_code == 200
    assert _sign_in(client, "harriet.hmi", TEST_PASSWORD).status_code == 302


def test_one_address_trying_many_usernames_is_locked_out(client, lead_inspector):
    for n in range(ADDRESS_LIMIT):
        _sign_in(client, f"someone.{n}", "Summer2024!")
    assert _sign_in(client, "harriet.hmi", TEST_PASSWORD).status_code == 429
    assert _sign_in(client, "harriet.hmi", TEST_PASSWORD, address="198.51.100.9") \
        .status_code == 302


def test_failures_and_the_lockout_are_audited_and_refused_attempts_add_no_rows(client,
                                                                              lead_inspector):
    for _ in range(LIMIT + 10):
        _sign_in(client, "harriet.hmi", "wrong-password")
    failed = AuditEvent.objects.filter(action="auth.sign_in_failed")
    assert failed.count() == LIMIT
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert lockout.actor_label == "harriet.hmi" and lockout.ip_address == "203.0.113.5"
    rows = AuditEvent.objects.filter(action__in=["auth.sign_in_failed", "auth.lockout"])
    assert all("wrong-password" not in str([row.before, row.after, row.actor_label])
               for row in rows)


def test_no_password_is_kept_with_the_failed_attempts(client):
    _sign_in(client, "harriet.hmi", "wrong-password")
    assert "wrong-password" not in AccessAttempt.objects.get().post_data


def _lock(client, username="harriet.hmi"):
    for _ in range(LIMIT):
        _sign_in(client, username, "wrong-password")


def test_an_ofsted_admin_sees_the_lockout_and_unlocks_it_after_confirming(client, ofsted_admin,
                                                                         lead_inspector):
    _lock(client)
    client.force_login(ofsted_admin)
    listing = client.get(reverse("accounts:locked")).content.decode()
    # The username is locked; the address, with five failures of its thirty, is not.
    assert "harriet.hmi" in listing and "203.0.113.5" not in listing
    confirm = client.get(reverse("accounts:unlock"), {"kind": "username", "value": "harriet.hmi"})
    assert "Unlock the username harriet.hmi?" in confirm.content.decode()
    assert AccessAttempt.objects.exists()  # asking is not doing
    response = client.post(reverse("accounts:unlock"),
                           {"kind": "username", "value": "harriet.hmi"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.unlock")
    assert event.actor == ofsted_admin and event.object_id == str(lead_inspector.pk)
    assert event.after == {"username": "harriet.hmi", "failures": LIMIT}
    client.logout()
    assert _sign_in(client, "harriet.hmi", TEST_PASSWORD).status_code == 302


def test_an_ofsted_admin_unlocks_an_address(client, ofsted_admin):
    for n in range(ADDRESS_LIMIT):
        _sign_in(client, f"someone.{n}", "Summer2024!")
    client.force_login(ofsted_admin)
    assert "203.0.113.5" in client.get(reverse("accounts:locked")).content.decode()
    client.post(reverse("accounts:unlock"), {"kind": "ip_address", "value": "203.0.113.5"})
    event = AuditEvent.objects.get(action="auth.unlock")
    assert event.after == {"ip_address": "203.0.113.5", "failures": ADDRESS_LIMIT}
    client.logout()
    assert _sign_in(client, "alice.admin", TEST_PASSWORD).status_code == 302


@pytest.mark.parametrize("persona", ["lead_inspector", "lano", "dfe_adviser"])
def test_only_ofsted_admins_may_see_or_end_lockouts(client, personas, persona):
    _lock(client, "someone.else")
    client.force_login(personas[persona])
    assert client.get(reverse("accounts:locked")).status_code == 403
    response = client.post(reverse("accounts:unlock"), {"kind": "username",
                                                         "value": "someone.else"})
    assert response.status_code == 403
    assert AccessAttempt.objects.exists()
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


def test_an_ended_lockout_is_no_longer_listed(client, ofsted_admin):
    with time_machine.travel(midday_in_england(FROZEN_TODAY), tick=False) as traveller:
        _lock(client, "someone.else")
        client.force_login(ofsted_admin)
        assert "someone.else" in client.get(reverse("accounts:locked")).content.decode()
        traveller.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        assert "someone.else" not in client.get(reverse("accounts:locked")).content.decode()
