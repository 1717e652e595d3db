"""The home page each role lands on after signing in, and the navigation it offers."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

EVERY_SECTION = ("Local areas", "Your local area", "Audit trail")
SECTIONS_BY_PERSONA = {
    "ofsted_admin": ("Local areas", "Audit trail"),
    "lead_inspector": ("Local areas",),
    "quality_assurance": ("Local areas",),
    "dfe_adviser": ("Local areas",),
    "lano": ("Your local area",),
    "local_area_leader": ("Your local area",),
    "outsider": (),
}


def expect_navigation(page, shown: tuple[str, ...]) -> None:
    """The service navigation has Home, Sign out and exactly the `shown` sections."""
    menu = page.get_by_role("navigation", name="Menu")
    for label in ("Home", *shown, "Sign out"):
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in set(EVERY_SECTION) - set(shown):
        expect(menu.get_by_role("link", name=label, exact=True)).to_have_count(0)


@pytest.mark.parametrize("persona", SECTIONS_BY_PERSONA)
def test_each_role_signs_in_to_an_accessible_home_page_with_its_own_navigation(
    page, sign_in, request, persona
):
    sign_in(request.getfixturevalue(persona))

    expect(page.get_by_role("heading", level=1)).to_have_text("Local area SEND inspections")
    expect_navigation(page, SECTIONS_BY_PERSONA[persona])
    assert_no_axe_violations(page)


def test_skip_link_is_the_first_thing_the_tab_key_reaches(page, sign_in, lead_inspector):
    sign_in(lead_inspector)

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Skip to main content")
    expect(skip_link).to_have_attribute("href", "#main-content")

    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
