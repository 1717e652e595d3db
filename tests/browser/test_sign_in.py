"""Signing in, as a keyboard and screen reader user meets it."""

import re

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


def test_sign_in_page_is_accessible(page):
    page.goto("/sign-in/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_no_axe_violations(page)


def test_wrong_password_shows_error_summary_and_keeps_username(page, lead_inspector):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(lead_inspector.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Username")).to_have_value(lead_inspector.username)
    expect(page.get_by_label("Password")).to_have_value("")
    assert_no_axe_violations(page)



def test_sign_in_page_starts_at_the_skip_link_not_the_username_box(page):
    page.goto("/sign-in/")

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
