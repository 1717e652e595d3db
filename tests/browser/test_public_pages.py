"""Pages anyone can read without signing in."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


@pytest.mark.parametrize(("path", "heading"), [
    ("/accessibility/", "Accessibility statement for Local area SEND inspections"),
    ("/privacy/", "Privacy notice"),
])
def test_public_page_is_accessible_without_signing_in(page, path, heading):
    response = page.goto(path)

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    assert_no_axe_violations(page)
