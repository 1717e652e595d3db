"""Passwords follow NCSC guidance: at least 12 characters and not a common password; no
rules about kinds of character."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.models import SignInSession
from accounts.services import user_create, user_set_password
from audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _create(password):
    return user_create(by=None, username="new.person", email="n@example.org", first_name="N",
                       last_name="P", role=roles.INSPECTOR, inspectorate="ofsted",
                       password=password)


@pytest.mark.parametrize(("password", "message"), [
    ("short-pass1", "at least 12 characters"),
    ("password1234", "too common"),
    ("123456789012", "entirely numeric"),
    ("new.person.x1", "too similar"),
])
def test_creating_a_user_refuses_weak_passwords(password, message):
    with pytest.raises(ValidationError, match=message):
        _create(password)


def test_a_long_password_needs_no_particular_kinds_of_character():
    user = _create("all lower case words here")
    assert user.check_password("all lower case words here")


def test_setting_a_password_checks_it_and_audits_without_the_password(ofsted_admin):
    user = UserFactory(username="someone")
    with pytest.raises(ValidationError):
        user_set_password(by=ofsted_admin, user=user, password="qwertyuiop12")
    user_set_password(by=ofsted_admin, user=user, password="a new long passphrase")
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")
    assert not user.check_password(TEST_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert "passphrase" not in str([event.before, event.after, event.actor_label])


def _signed_in(user) -> Client:
    client = Client()
    client.post(reverse("accounts:sign-in"), {"username": user.username,
                                              "password": TEST_PASSWORD})
    return client


def test_changing_your_password_keeps_this_session_and_ends_the_others(lano):
    mine, other = _signed_in(lano), _signed_in(lano)
    response = mine.post(reverse("accounts:change-password"), {
        "current_password": TEST_PASSWORD, "new_password": "a new long passphrase"})
    assert response.status_code == 302
    assert mine.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).status_code == 302
    assert SignInSession.objects.filter(user=lano).count() == 1
    lano.refresh_from_db()
    assert lano.check_password("a new long passphrase")


def test_a_new_password_must_pass_the_validators_and_the_current_one_must_be_right(lano):
    client = _signed_in(lano)
    weak = client.post(reverse("accounts:change-password"), {
        "current_password": TEST_PASSWORD, "new_password": "password1234"})
    assert "too common" in weak.content.decode()
    wrong = client.post(reverse("accounts:change-password"), {
        "current_password": "not-my-password", "new_password": "a new long passphrase"})
    assert "Your current password is not right" in wrong.content.decode()
    lano.refresh_from_db()
    assert lano.check_password(TEST_PASSWORD)
    # Guesses at the current password count towards a lockout, as at sign-in.
    assert AccessAttempt.objects.get(username=lano.username).failures_since_start == 1
