"""The audit trail, which only Ofsted admins read."""

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


def test_admin_reads_an_accessible_audit_trail(page, sign_in, ofsted_admin):
    sign_in(ofsted_admin)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit trail").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    events = page.get_by_role("table", name="Audit events, newest first")
    expect(events).to_contain_text(f"created the account of {ofsted_admin}")
    expect(events).not_to_contain_text("user.create")
    assert_no_axe_violations(page)
