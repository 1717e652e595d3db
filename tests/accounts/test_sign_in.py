"""Signing in and out, and what needs sign-in."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import FROZEN_TODAY, midday_in_england
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC = {"accounts:sign-in", "accounts:session-ended", "accessibility", "privacy",
          "register:list"}
# Public pages of one published letter: with no such letter, "not found", never sign-in.
PUBLIC_OF_AN_OBJECT = {"register:letter", "register:pdf"}


def test_sign_in_with_correct_details_goes_to_the_page_asked_for(client, lead_inspector):
    response = client.post(
        reverse("accounts:sign-in") + "?next=/local-areas/",
        {"username": "harriet.hmi", "password": TEST_PASSWORD, "next": "/local-areas/"},
    )
    assert response.status_code == 302 and response["Location"] == "/local-areas/"


def test_wrong_password_shows_an_error_summary_and_keeps_the_username(client, lead_inspector):
    response = client.post(reverse("accounts:sign-in"),
                           {"username": "harriet.hmi", "password": "not-the-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert 'value="harriet.hmi"' in html
    assert "not-the-password" not in html


def test_blank_sign_in_says_what_is_missing(client):
    html = client.post(reverse("accounts:sign-in"), {"username": "", "password": ""}) \
        .content.decode()
    assert "Enter your username" in html and "Enter your password" in html


def test_sign_in_never_redirects_to_another_site(client, lead_inspector):
    response = client.post(reverse("accounts:sign-in"), {
        "username": "harriet.hmi", "password": TEST_PASSWORD,
        "next": "https://attacker.example/"})
    assert response["Location"] == reverse("home")


def test_sign_out_asks_first_then_ends_the_session(client, lead_inspector):
    client.force_login(lead_inspector)
    confirm = client.get(reverse("accounts:sign-out"))
    assert confirm.status_code == 200 and "Sign out" in confirm.content.decode()
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:sign-out-confirm"))
    assert client.get(reverse("home")).status_code == 302


def test_sessions_end_after_thirty_minutes_without_a_request(client, lead_inspector):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    signed_in_at = midday_in_england(FROZEN_TODAY)
    with time_machine.travel(signed_in_at, tick=False) as traveller:
        client.force_login(lead_inspector)
        client.get(reverse("home"))
        assert Session.objects.get().expire_date == signed_in_at + datetime.timedelta(minutes=30)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200  # and the thirty minutes restart
        traveller.shift(datetime.timedelta(minutes=30, seconds=1))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_requests_within_a_minute_of_the_last_save_do_not_write_the_session(
        client, lead_inspector):
    """The idle time restarts from the last save: at most a minute early, never late."""
    assert settings.SESSION_TOUCH_SECONDS == 60
    signed_in_at = midday_in_england(FROZEN_TODAY)
    with time_machine.travel(signed_in_at, tick=False) as traveller:
        client.force_login(lead_inspector)
        client.get(reverse("home"))
        traveller.shift(datetime.timedelta(seconds=59))
        client.get(reverse("home"))
        assert Session.objects.get().expire_date == signed_in_at + datetime.timedelta(minutes=30)
        traveller.shift(datetime.timedelta(seconds=1))
        client.get(reverse("home"))
        assert Session.objects.get().expire_date == (
            signed_in_at + datetime.timedelta(minutes=31))
        # A request in the minute after that save does not save it again.
        traveller.shift(datetime.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        assert not [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))
                    and "django_session" in q["sql"]]
        # So the session ends thirty minutes after its last save: 29 minutes 31 seconds after
        # that last request, at most a minute early and never late.
        traveller.shift(datetime.timedelta(minutes=29, seconds=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302


def _named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_page_but_the_public_ones_needs_sign_in(client):
    checked = 0
    for name, pattern in _named_routes():
        args = [1] * len(pattern.pattern.regex.groupindex)
        response = client.get(reverse(name, args=args))
        if name in PUBLIC:
            assert response.status_code == 200, name
        elif name in PUBLIC_OF_AN_OBJECT:
            assert response.status_code == 404, name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:sign-in")), name
        checked += 1
    assert checked >= 12


def test_error_pages_use_the_service_layout(client, lano, barnet):
    client.force_login(lano)
    not_found = client.get(reverse("local_areas:detail", args=[barnet.pk]))
    assert "Page not found" in not_found.content.decode()
    forbidden = client.get(reverse("local_areas:create"))
    assert "You cannot use this page" in forbidden.content.decode()
    assert "govuk-header" in forbidden.content.decode()
