"""Two-factor sign-in: staff set up an authenticator app and give a code from it at each
sign-in; local-area users may. Until then, staff reach only the two-factor pages."""

import base64
import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.conftest import (
    FROZEN_TODAY,
    authenticator_for,
    code_from,
    force_login_without_second_factor,
    midday_in_england,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, user):
    return client.post(reverse("accounts:sign-in"),
                       {"username": user.username, "password": TEST_PASSWORD})


def _session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _code_for_key(text: str) -> str:
    key = base64.b32decode(text.replace(" ", "") + "=" * (-len(text.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def test_staff_without_an_app_are_taken_to_set_one_up_and_reach_nothing_else(client,
                                                                             lead_inspector):
    _sign_in(client, lead_inspector)
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:two-factor-set-up"))
    assert client.get(reverse("local_areas:list")).status_code == 302
    assert client.get(reverse("accessibility")).status_code == 200  # public stays public
    assert client.get(reverse("accounts:sign-out")).status_code == 200
    navigation = client.get(reverse("accounts:two-factor-set-up")).context["navigation"]
    assert [item["label"] for item in navigation] == ["Sign out"]


def test_setting_up_shows_the_key_confirms_a_code_rotates_the_session_and_shows_codes_once(
        client, lead_inspector):
    client.session.save()  # a session from before signing in
    before_sign_in = _session_key(client)
    _sign_in(client, lead_inspector)
    signed_in_key = _session_key(client)
    assert before_sign_in != signed_in_key  # Django rotates it at sign-in
    page = client.get(reverse("accounts:two-factor-set-up")).content.decode()
    key = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", key)
    assert "<svg" in page and "<title>QR code" in page
    response = client.post(reverse("accounts:two-factor-set-up"), {"code": _code_for_key(key)})
    assert response.status_code == 302
    assert _session_key(client) != signed_in_key  # rotated at the second factor
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert not any(code in client.get(reverse("accounts:recovery-codes")).content.decode()
                   for code in codes)  # shown once
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(action="auth.two_factor_added")
    assert event.after == {"device": "totp", "replaced": False, "recovery_codes": 10}
    assert key.replace(" ", "") not in str(AuditEvent.objects.values_list("before", "after"))


def test_a_wrong_code_at_set_up_confirms_nothing(client, lead_inspector):
    _sign_in(client, lead_inspector)
    client.get(reverse("accounts:two-factor-set-up"))
    response = client.post(reverse("accounts:two-factor-set-up"), {"code": "000000"})
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_staff_with_an_app_give_a_code_on_the_gov_uk_pattern_page(client, lead_inspector):
    device = authenticator_for(lead_inspector)
    _sign_in(client, lead_inspector)
    home = client.get(reverse("home"))
    assert home["Location"].startswith(reverse("accounts:two-factor"))
    page = client.get(home["Location"]).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", page).group(0)
    for attribute in ('inputmode="numeric"', 'autocomplete="one-time-code"',
                      'spellcheck="false"', 'type="text"'):
        assert attribute in field
    assert "The 6-digit code shown in your authenticator app" in page
    assert "Use a recovery code instead" in page
    signed_in_key = _session_key(client)
    response = client.post(home["Location"], {"code": code_from(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert _session_key(client) != signed_in_key
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor_verified").count() == 1


def test_a_wrong_code_shows_an_error_summary_and_is_audited(client, lead_inspector):
    authenticator_for(lead_inspector)
    _sign_in(client, lead_inspector)
    response = client.post(reverse("accounts:two-factor"), {"code": "12345x"})
    assert "The security code is 6 digits" in response.content.decode()
    response = client.post(reverse("accounts:two-factor"), {"code": "000000"})
    html = response.content.decode()
    assert "There is a problem" in html and "The code is not right" in html
    event = AuditEvent.objects.get(action="auth.two_factor_failed")
    assert event.after == {"device": "totp", "failures": 1}
    assert "000000" not in str([event.before, event.after, event.actor_label])
    assert client.get(reverse("home")).status_code == 302


def test_each_wrong_code_makes_the_next_wait_and_too_many_sign_the_person_out(client,
                                                                             lead_inspector):
    authenticator_for(lead_inspector)
    with time_machine.travel(midday_in_england(FROZEN_TODAY), tick=False) as traveller:
        _sign_in(client, lead_inspector)
        client.post(reverse("accounts:two-factor"), {"code": "000000"})
        too_soon = client.post(reverse("accounts:two-factor"), {"code": "000000"})
        assert "Wait a few seconds" in too_soon.content.decode()
        for _ in range(settings.SECOND_FACTOR_FAILURE_LIMIT - 1):
            traveller.shift(datetime.timedelta(minutes=1))
            response = client.post(reverse("accounts:two-factor"), {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign-in")
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:sign-in"))
    assert AuditEvent.objects.filter(action="auth.two_factor_failed").count() == \
        settings.SECOND_FACTOR_FAILURE_LIMIT


def test_a_recovery_code_works_once(client, lead_inspector):
    authenticator_for(lead_inspector)
    force_login_without_second_factor(client, lead_inspector)
    from accounts.two_factor import recovery_codes_renew

    code = recovery_codes_renew(user=lead_inspector)[0]
    response = client.post(reverse("accounts:two-factor-recovery"), {"code": code})
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(action="auth.recovery_code_used").after == {"codes_left": 9}
    client.logout()
    force_login_without_second_factor(client, lead_inspector)
    again = client.post(reverse("accounts:two-factor-recovery"), {"code": code})
    assert "That recovery code is not right, or has been used" in again.content.decode()


def test_someone_owing_a_code_cannot_set_up_another_app_instead(client, lead_inspector):
    authenticator_for(lead_inspector)
    force_login_without_second_factor(client, lead_inspector)
    response = client.get(reverse("accounts:two-factor-set-up"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    assert client.get(reverse("accounts:recovery-codes")).status_code == 302


def test_staff_may_replace_their_app_and_the_old_one_stops_working(client, lead_inspector):
    old = authenticator_for(lead_inspector)
    client.force_login(lead_inspector)
    page = client.get(reverse("accounts:two-factor-set-up")).content.decode()
    assert "your old app and your old recovery codes stop working" in page
    key = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page).group(1)
    client.post(reverse("accounts:two-factor-set-up"), {"code": _code_for_key(key)})
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.get(action="auth.two_factor_added").after["replaced"] is True


def test_staff_cannot_turn_two_factor_off(client, lead_inspector):
    client.force_login(lead_inspector)
    assert client.get(reverse("accounts:two-factor-remove")).status_code == 403
    assert client.post(reverse("accounts:two-factor-remove")).status_code == 403
    assert TOTPDevice.objects.filter(user=lead_inspector).exists()


def test_local_area_users_sign_in_without_a_second_factor_until_they_set_one_up(client, lano):
    assert _sign_in(client, lano).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    device = authenticator_for(lano)
    client.logout()
    _sign_in(client, lano)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor"))
    client.post(reverse("accounts:two-factor"), {"code": code_from(device)})
    assert client.get(reverse("home")).status_code == 200


def test_local_area_users_may_turn_two_factor_off(client, lano):
    authenticator_for(lano)
    client.force_login(lano)
    assert client.get(reverse("accounts:two-factor-remove")).status_code == 200
    response = client.post(reverse("accounts:two-factor-remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lano).exists()
    assert AuditEvent.objects.get(action="auth.two_factor_removed").after == {"devices": 1}


def test_an_ofsted_admin_resets_a_lost_phone_and_the_person_sets_up_again(client, ofsted_admin,
                                                                         lead_inspector):
    from django.test import Client

    theirs = Client()
    theirs.force_login(lead_inspector)
    client.force_login(ofsted_admin)
    response = client.post(reverse("accounts:two-factor-reset"),
                           {"username": lead_inspector.username})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lead_inspector).exists()
    assert theirs.get(reverse("home"))["Location"].startswith(reverse("accounts:sign-in"))
    event = AuditEvent.objects.get(action="auth.two_factor_reset")
    assert event.actor == ofsted_admin and event.object_id == str(lead_inspector.pk)
    assert event.after == {"devices": 1, "sessions": 1}
    _sign_in(theirs, lead_inspector)
    assert theirs.get(reverse("home"))["Location"].startswith(
        reverse("accounts:two-factor-set-up"))


def test_only_ofsted_admins_may_reset_two_factor(client, quality_assurance, lead_inspector):
    authenticator_for(lead_inspector)
    client.force_login(quality_assurance)
    assert client.get(reverse("accounts:two-factor-reset")).status_code == 403
    assert client.post(reverse("accounts:two-factor-reset"),
                       {"username": lead_inspector.username}).status_code == 403
    assert TOTPDevice.objects.filter(user=lead_inspector).exists()


def test_dfe_advisers_and_accounts_without_a_role_need_a_second_factor(client, dfe_adviser,
                                                                      outsider):
    for user in (dfe_adviser, outsider):
        client.logout()
        _sign_in(client, user)
        assert client.get(reverse("home"))["Location"].startswith(
            reverse("accounts:two-factor-set-up"))
