"""The letter as QA and the lead inspector work on it: QA returns the first draft with
comments, the lead reads them and resubmits, CQC's and Ofsted's QA each approve the second
version (the draft cannot be sent while one approval is missing), it goes to the area, and
the area sees where the letter stands but never QA's comments."""

import pytest
from playwright.sync_api import expect

from reports.models import LetterState, OutcomeLetter
from tests.browser.axe import assert_no_axe_violations

NARROW, WIDE = {"width": 375, "height": 800}, {"width": 1280, "height": 900}
COMMENTS = "The health section does not say what the CCG found about therapy waiting times."


@pytest.fixture
def drafting(medway_led_to):
    return medway_led_to(LetterState.DRAFTING)


def _as(page, sign_in, user) -> None:
    page.context.clear_cookies()
    sign_in(user)


def _scan_both_widths(page) -> None:
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)


def _approve(page, overview: str) -> None:
    page.goto(overview)
    page.get_by_role("button", name="Approve the draft").click()
    page.get_by_role("button", name="Approve the draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your inspectorate's approval of the draft was recorded")


def test_qa_returns_the_draft_and_the_lead_revises_it(
        page, sign_in, lead_inspector, cqc_decision_maker, quality_assurance, lano, drafting):
    overview = f"/inspections/{drafting.pk}/"
    _as(page, sign_in, lead_inspector)
    page.goto(overview)
    page.get_by_role("button", name="Submit the draft for quality assurance").click()
    page.get_by_role("button", name="Submit the draft for quality assurance").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "submitted for quality assurance")

    _as(page, sign_in, cqc_decision_maker)
    page.goto(overview)
    page.get_by_role("button", name="Return the draft to the lead inspector").click()
    expect(page.get_by_text("the lead inspector revises it as version 2")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Return the draft to the lead inspector").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what the lead inspector needs to change")
    page.get_by_label("What does the lead inspector need to change?").fill(COMMENTS)
    page.get_by_role("button", name="Return the draft to the lead inspector").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "returned to the lead inspector with your comments")

    _as(page, sign_in, lead_inspector)
    page.goto(overview)
    card = page.locator("#letter")
    expect(card).to_contain_text("Version 2")
    expect(card).to_contain_text(f"Version 1: returned with comments by "
                                 f"{cqc_decision_maker.get_full_name()} (CQC)")
    expect(card).to_contain_text(COMMENTS)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit the draft for quality assurance").click()
    page.get_by_role("button", name="Submit the draft for quality assurance").click()

    # CQC's quality assurance approves version 2 for CQC.
    _as(page, sign_in, cqc_decision_maker)
    page.goto(f"{overview}approve-draft/")
    expect(page.get_by_text("Version 2 is approved for CQC, as its quality assurance")
           ).to_be_visible()
    _scan_both_widths(page)
    _approve(page, overview)
    expect(page.locator("#letter-approvals")).to_contain_text(
        f"CQC: approved by {cqc_decision_maker.get_full_name()}")
    expect(page.locator("#letter-approvals")).to_contain_text("Ofsted: not approved yet")
    _scan_both_widths(page)
    # Ofsted's approval is missing: the draft is not offered for sending.
    page.goto(f"{overview}send-draft/")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "only once Ofsted and CQC have both approved version 2: Ofsted has not approved it")
    expect(page.get_by_role("button", name="Send the draft to the local area")).to_have_count(0)
    _scan_both_widths(page)

    _as(page, sign_in, quality_assurance)
    _approve(page, overview)
    page.get_by_role("button", name="Send the draft to the local area").click()
    for part, value in enumerate((10, 1, 2018)):
        page.locator(f"[name=on_{part}]").fill(str(value))
    page.get_by_role("button", name="Send the draft to the local area").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The factual-accuracy clock has started")
    letter = OutcomeLetter.objects.get(inspection=drafting)
    assert (letter.state, letter.versions.count()) == (LetterState.DRAFT_WITH_LOCAL_AREA, 2)

    _as(page, sign_in, lano)
    page.goto(overview)
    expect(page.locator("#letter")).to_contain_text("Draft with local area")
    expect(page.locator("#letter")).not_to_contain_text(COMMENTS)
    expect(page.locator("#letter-reviews")).to_have_count(0)
