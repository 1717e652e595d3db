"""The sessions a person is signed in with: listed for them, ended by them, and all ended
when their account is deactivated."""

import hashlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import SignInSession
from accounts.services import user_deactivate
from audit.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def _signed_in(user, agent=FIREFOX, address="203.0.113.5") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    client.post(reverse("accounts:sign-in"), {"username": user.username,
                                              "password": TEST_PASSWORD})
    return client


def _key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_signing_in_records_a_hash_of_the_session_key_never_the_key(lano):
    client = _signed_in(lano)
    row = SignInSession.objects.get(user=lano)
    assert row.key_hash == hashlib.sha256(_key(client).encode()).hexdigest()
    assert _key(client) not in str(SignInSession.objects.values())
    assert row.ip_address == "203.0.113.5"


def test_the_sessions_page_lists_each_browser_and_marks_this_one(lano):
    mine, other = _signed_in(lano), _signed_in(lano, SAFARI, "198.51.100.2")
    html = mine.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox on Windows" in html and "Safari on iPhone" in html
    assert "198.51.100.2" in html and html.count("This session") == 1
    assert html.count("Sign out of this session") == 1
    assert other.get(reverse("home")).status_code == 200


def test_ending_another_session_signs_it_out_at_its_next_request(lano):
    mine, other = _signed_in(lano), _signed_in(lano, SAFARI)
    theirs = SignInSession.objects.get(user_agent=SAFARI)
    confirm = mine.get(reverse("accounts:session-end"), {"session": theirs.pk})
    assert "Sign out of this session?" in confirm.content.decode()
    assert other.get(reverse("home")).status_code == 200  # asking is not doing
    mine.post(reverse("accounts:session-end"), {"session": theirs.pk})
    response = other.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:sign-in"))
    assert mine.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(action="auth.session_ended").actor == lano


def test_a_person_cannot_end_someone_elses_session(lano, other_lano):
    mine, theirs = _signed_in(lano), _signed_in(other_lano)
    row = SignInSession.objects.get(user=other_lano)
    mine.post(reverse("accounts:session-end"), {"session": row.pk})
    assert theirs.get(reverse("home")).status_code == 200


def test_signing_out_of_all_other_sessions_keeps_this_one(lano):
    mine, others = _signed_in(lano), [_signed_in(lano, SAFARI) for _ in range(2)]
    mine.post(reverse("accounts:sessions-end-others"))
    assert [client.get(reverse("home")).status_code for client in others] == [302, 302]
    assert mine.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(action="auth.session_ended").after == {"sessions": 2}


def test_signing_out_forgets_the_session(lano):
    client = _signed_in(lano)
    client.post(reverse("accounts:sign-out-confirm"))
    assert not SignInSession.objects.exists()


def test_a_deactivated_account_is_signed_out_of_every_session(ofsted_admin, lano):
    sessions = [_signed_in(lano), _signed_in(lano, SAFARI)]
    user_deactivate(by=ofsted_admin, user=lano)
    for client in sessions:
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert _signed_in(lano).get(reverse("home")).status_code == 302  # nor can sign in again
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.actor == ofsted_admin and event.after == {"is_active": False, "sessions": 2}


def test_the_last_active_ofsted_admin_cannot_be_deactivated(ofsted_admin):
    with pytest.raises(ValidationError, match="last active Ofsted admin"):
        user_deactivate(by=ofsted_admin, user=ofsted_admin)


@pytest.mark.parametrize(("agent", "name"), [
    (FIREFOX, "Firefox on Windows"),
    (SAFARI, "Safari on iPhone"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "HeadlessChrome/126.0.0.0 Safari/537.36", "Chrome on Linux"),
    ("", "Unknown browser"),
])
def test_browsers_are_named_as_people_say_them(agent, name):
    from accounts.sign_in_sessions import browser_name

    assert browser_name(agent) == name
