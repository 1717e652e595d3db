"""The lead inspector in the browser: the team's recommended determination on site, agreed by
HMCI's delegate; then, drafting the letter, a finding written (with a mistake first), linked
to the evidence behind it, and the letter prepared as a PDF; every page scanned for
accessibility."""

import pytest
from playwright.sync_api import expect

from evidence.services.records import evidence_record_create
from inspections.models import Inspection, State
from reports.models import FindingEvidence, LetterState
from tests.browser.axe import assert_no_axe_violations


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_determination_then_a_finding_traced_to_evidence_and_the_pdf(
        page, sign_in, media, medway_led_to, walk_to, lead_inspector, ofsted_admin):
    inspection = medway_led_to(State.ON_SITE)
    record = evidence_record_create(
        inspection=Inspection.objects.get(pk=inspection.pk), by=lead_inspector, final=True,
        activity="leaders", questions=["C"],
        text="Leaders described three separate strategies for SEND")
    sign_in(lead_inspector)
    page.goto(f"/inspections/{inspection.pk}/determination/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record the team's recommendation").click()
    page.get_by_label("Yes").check()
    page.get_by_label("Areas of significant weakness").fill("the quality of EHC plans")
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select who must submit the written statement of action")
    expect(page.get_by_label("Areas of significant weakness")).to_have_value(
        "the quality of EHC plans")
    assert_no_axe_violations(page)
    page.get_by_label("The local authority and the CCG or ICB jointly").check()
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.locator("#recommendation")).to_contain_text("the quality of EHC plans")

    page.context.clear_cookies()
    sign_in(ofsted_admin)
    page.goto(f"/inspections/{inspection.pk}/determination/decide/")
    assert_no_axe_violations(page)
    page.get_by_label("Yes, agree").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Agreed with the team's recommendation")

    walk_to(Inspection.objects.get(pk=inspection.pk), LetterState.DRAFTING)
    page.context.clear_cookies()
    sign_in(lead_inspector)
    page.goto(f"/inspections/{inspection.pk}/letter/findings/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Add a finding to Main findings").click()
    page.get_by_role("button", name="Add finding").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the finding")
    assert_no_axe_violations(page)
    page.get_by_label("Finding", exact=True).fill("Leaders do not share one strategy.")
    page.get_by_role("button", name="Add finding").click()
    expect(page.locator("#unsupported")).to_contain_text("1 finding has no supporting evidence")
    page.get_by_role("link", name="Link evidence").click()
    expect(page.get_by_label("Meeting with leaders", exact=False)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Meeting with leaders", exact=False).check()
    page.get_by_role("button", name="Link selected evidence").click()
    expect(page.locator("#linked")).to_contain_text("Leaders described three separate")
    assert FindingEvidence.objects.get().record_id == record.pk
    page.get_by_role("link", name="Back to the findings").click()
    expect(page.locator("#unsupported")).to_have_count(0)

    page.goto(f"/inspections/{inspection.pk}/letter/pdf/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Prepare a new PDF").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The PDF is being prepared")
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1 (draft)").click()
    assert download.value.suggested_filename.endswith("-letter-version-1-draft.pdf")
