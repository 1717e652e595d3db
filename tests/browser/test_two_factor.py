"""Two-factor sign-in as a member of staff meets it: setting up an authenticator app from
the key on the page, saving recovery codes, then signing in with a code."""

import base64
import re
import time

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.factories import TEST_PASSWORD

NARROW, WIDE = {"width": 375, "height": 800}, {"width": 1280, "height": 900}


def _code_for(key_text: str, *, later: int = 0) -> str:
    """The code an authenticator app given this key shows now (or `later` steps on)."""
    secret = key_text.replace(" ", "")
    totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def _password(page, user) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _accessible_at_both_widths(page) -> None:
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)


def test_staff_set_up_an_app_save_recovery_codes_and_sign_in_with_a_code(page, lead_inspector):
    _password(page, lead_inspector)
    page.wait_for_url("/account/two-factor/set-up/**")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up two-factor authentication")
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    _accessible_at_both_widths(page)
    key = page.locator("#authenticator-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", key)

    page.get_by_label("Security code").fill(_code_for(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.wait_for_url("/")

    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    _password(page, lead_inspector)
    page.wait_for_url("/account/two-factor/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    _accessible_at_both_widths(page)
    # The set-up code has been used: the app's next code is accepted too.
    page.get_by_label("Security code").fill(_code_for(key, later=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("/")


def test_a_wrong_code_shows_the_gov_uk_error(page, lead_inspector, sign_in):
    sign_in(lead_inspector)  # through the code page, with the code the app would show
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    _password(page, lead_inspector)
    page.wait_for_url("/account/two-factor/**")
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The code is not right")
    expect(page).to_have_title(re.compile(r"^Error: Enter your security code"))
    expect(page.locator(".govuk-error-message")).to_contain_text("The code is not right")
    _accessible_at_both_widths(page)
