"""Evidence retention as the lead inspector and an Ofsted admin use it: the page says how
long the evidence base is kept, the lead keeps it longer, the admin releases the hold."""

import pytest
from playwright.sync_api import expect

from inspections.models import State
from tests.browser.axe import assert_no_axe_violations


@pytest.fixture
def published(medway_led_to):
    return medway_led_to(State.PUBLISHED)


def test_the_lead_holds_the_evidence_and_an_admin_releases_it(page, sign_in, lead_inspector,
                                                              ofsted_admin, published):
    retention = f"/inspections/{published.pk}/evidence/retention/"
    sign_in(lead_inspector)
    page.goto(f"/inspections/{published.pk}/")
    page.get_by_role("link", name="Evidence retention").click()
    page.wait_for_url(retention)
    expect(page.locator("#retention-explained")).to_contain_text(
        f"Published {published.published_on.day} {published.published_on:%B %Y}; kept until")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Keep the evidence base longer").click()
    page.get_by_label("Formal complaint").check()
    page.get_by_role("button", name="Keep the evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the details")
    expect(page.get_by_label("Formal complaint")).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_label("Details").fill("The area complained about the inspection's conduct")
    page.get_by_role("button", name="Keep the evidence").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The evidence base is kept: formal complaint")
    expect(page.locator("#retention-explained")).to_contain_text(
        "Kept while held: formal complaint")
    expect(page.get_by_role("link", name="Release")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(ofsted_admin)
    page.goto(retention)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Release the hold: formal complaint").click()
    expect(page.get_by_role("heading", name="Release the hold?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Release the hold").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Hold released: formal complaint")
    expect(page.get_by_role("heading", name="Released holds")).to_be_visible()
    expect(page.locator("#retention-explained")).to_contain_text("kept until")
