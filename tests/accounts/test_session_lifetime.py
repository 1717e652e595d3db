"""How long a session lasts: 30 minutes without a request, 12 hours from signing in, and the
timeout warning's part on the server (keep-alive, the page it ends on)."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.session_lifetime import SIGNED_IN_AT
from accounts.two_factor import two_factor_needed
from audit.models import AuditEvent
from tests.conftest import FROZEN_TODAY, authenticator_for, code_from, midday_in_england
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

MINUTES = datetime.timedelta(minutes=1)
SIGNED_IN = midday_in_england(FROZEN_TODAY)


def _sign_in_through_the_form(client, user, *, with_code: bool = True):
    """The password, then (for those who need one and unless told not to) a code from
    their authenticator app."""
    response = client.post(reverse("accounts:sign-in"),
                           {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    if with_code and two_factor_needed(user=user):
        given = client.post(reverse("accounts:two-factor"),
                            {"code": code_from(authenticator_for(user))})
        assert given.status_code == 302 and given["Location"] == reverse("home")


def test_signing_in_gives_a_new_session_key(client, lead_inspector):
    client.get(reverse("accounts:sign-in"))  # a session before signing in
    client.session.save()
    before = client.session.session_key
    assert before

    _sign_in_through_the_form(client, lead_inspector)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before


def test_the_session_remembers_when_its_owner_signed_in(client, lead_inspector):
    with time_machine.travel(SIGNED_IN, tick=False):
        _sign_in_through_the_form(client, lead_inspector)
        assert client.session[SIGNED_IN_AT] == int(SIGNED_IN.timestamp())


def test_without_javascript_the_next_request_after_thirty_idle_minutes_asks_to_sign_in(
        client, lead_inspector):
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        traveller.shift(30 * MINUTES + datetime.timedelta(seconds=1))
        response = client.get(reverse("inspections:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in") + "?next=/inspections/mine/"


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, lead_inspector):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        for _ in range(12 * 60 // 20 - 1):  # a request every 20 minutes, to 11h40
            traveller.shift(20 * MINUTES)
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(19 * MINUTES)  # 11h59
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(MINUTES)  # 12h
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert AuditEvent.objects.filter(action="auth.sign_out").count() == 1


def test_the_absolute_lifetime_follows_its_setting(client, lead_inspector, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 10 * 60
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        traveller.shift(9 * MINUTES)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(MINUTES)
        assert client.get(reverse("home")).status_code == 302


def test_a_session_signed_in_before_the_limit_existed_ends_twelve_hours_after_its_next_request(
        client, lead_inspector):
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        session = client.session
        del session[SIGNED_IN_AT]
        session.save()
        traveller.shift(10 * MINUTES)
        assert client.get(reverse("home")).status_code == 200
        assert client.session[SIGNED_IN_AT] == int((SIGNED_IN + 10 * MINUTES).timestamp())


def _body_data(html: str) -> dict[str, int]:
    body = re.search(r"<body [^>]*>", html).group(0)
    return {name: int(value) for name, value in re.findall(r'data-(session-[a-z-]+)="(\d+)"', body)}


def test_signed_in_pages_tell_the_warning_how_long_the_session_has(client, lead_inspector):
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        early = client.get(reverse("home")).content.decode()
        for _ in range(71):  # a request every ten minutes, to 11h50
            traveller.shift(10 * MINUTES)
            late = client.get(reverse("home")).content.decode()

    assert _body_data(early) == {"session-seconds-left": 30 * 60, "session-warning-seconds": 120}
    # Ten minutes from the absolute limit, the session has ten minutes, whatever the activity.
    assert _body_data(late)["session-seconds-left"] == 10 * 60
    assert '<dialog class="app-timeout-warning" id="timeout-warning" aria-modal="true"' in early
    assert "Stay signed in" in early
    assert f'href="{reverse("accounts:sign-out")}">Sign out</a>' in early


def test_public_pages_have_no_timeout_warning(client):
    html = client.get(reverse("accounts:sign-in")).content.decode()
    assert _body_data(html) == {}
    assert "timeout-warning" not in html


def test_stay_signed_in_starts_the_thirty_minutes_again(client, lead_inspector):
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        traveller.shift(29 * MINUTES)
        kept = client.post(reverse("accounts:keep-alive"))
        traveller.shift(29 * MINUTES)
        assert client.get(reverse("home")).status_code == 200
    assert kept.status_code == 200
    assert kept.json() == {"seconds_left": 30 * 60}


def test_stay_signed_in_needs_the_csrf_token(lead_inspector):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_inspector)
    assert client.post(reverse("accounts:keep-alive")).status_code == 403
    page = client.get(reverse("home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(reverse("accounts:keep-alive"),
                       {"csrfmiddlewaretoken": token}).status_code == 200


def test_stay_signed_in_after_the_session_ended_goes_to_sign_in(client, lead_inspector):
    with time_machine.travel(SIGNED_IN, tick=False) as traveller:
        _sign_in_through_the_form(client, lead_inspector)
        traveller.shift(31 * MINUTES)
        response = client.post(reverse("accounts:keep-alive"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_when_the_countdown_ends_the_person_is_signed_out_and_told(client, lead_inspector):
    _sign_in_through_the_form(client, lead_inspector)

    response = client.post(reverse("accounts:session-ended"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You have been signed out" in html
    assert "after 30 minutes without activity, and 12 hours after you signed in" in html
    assert f'href="{reverse("accounts:sign-in")}">Sign in again</a>' in html
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.sign_out").count() == 1


def test_the_countdown_ending_after_the_session_did_still_says_so(client):
    response = client.post(reverse("accounts:session-ended"))
    assert response.status_code == 200
    assert "You have been signed out" in response.content.decode()


def test_the_signed_out_page_sends_someone_still_signed_in_home(client, lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(reverse("accounts:session-ended"))
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_stay_signed_in_works_on_the_pages_before_the_second_factor(client, lead_inspector):
    """The code pages show the timeout warning too: keeping the session there is allowed
    before the code is given, and gives nothing else."""
    _sign_in_through_the_form(client, lead_inspector, with_code=False)
    kept = client.post(reverse("accounts:keep-alive"))
    home = client.get(reverse("home"))
    assert kept.status_code == 200
    assert home.status_code == 302 and home["Location"].startswith(
        reverse("accounts:two-factor-set-up"))
