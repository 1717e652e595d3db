"""The evidence base as the lead inspector reads it before the final team meeting: the list,
searched and filtered, and the triangulation matrix; each scanned for accessibility."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from evidence.models import Activity, EvidenceAspect, EvidenceStatus, Weighing
from inspections.models import TeamRole
from tests.browser.axe import assert_no_axe_violations
from tests.evidence.test_base_list import at, evidence

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def with_evidence(medway_led_to, ofsted_admin, lead_inspector, team_inspector):
    from inspections import services

    inspection = medway_led_to("on_site")
    services.conflict_declare(inspection=inspection, inspector=team_inspector,
                              by=team_inspector, has_connection=False)
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=team_inspector,
                             role=TeamRole.HMI)
    evidence(inspection, lead_inspector, informs_a=True, safeguarding=True,
             text="Parents waited too long for assessments.\nSeveral went to tribunal.")
    strength = evidence(inspection, team_inspector, activity=Activity.LEADERS,
                        happened_at=at(14), place="Gun Wharf", participants="The DCS",
                        weighing=Weighing.STRENGTH, informs_c=True,
                        text="Leaders know the area's strengths and weaknesses well.")
    EvidenceAspect.objects.create(record=strength, aspect="leadership")
    evidence(inspection, team_inspector, activity=Activity.CASE_FILE, happened_at=None,
             status=EvidenceStatus.DRAFT, place="", weighing=Weighing.NEITHER,
             text="Three EHC plans read so far.")
    return inspection


def test_the_lead_searches_the_evidence_and_finds_the_gaps_in_the_matrix(
        page, sign_in, lead_inspector, with_evidence):
    inspection = with_evidence
    sign_in(lead_inspector)
    page.goto(f"/inspections/{inspection.pk}/")
    page.get_by_role("link", name="Evidence list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence")
    table = page.locator("#evidence")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.get_by_role("button", name="Add evidence")).to_be_visible()
    _shot(page, "evidence-list")
    assert_no_axe_violations(page)

    page.get_by_label("Search").fill("tribunal")
    page.get_by_role("button", name="Apply filters").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Meeting with parents and carers")
    expect(page.get_by_role("status")).to_have_text("1 record matches your search and filters")

    page.get_by_role("link", name="Clear filters").first.click()
    page.get_by_label("Strength or area for development").select_option("strength")
    page.get_by_role("button", name="Apply filters").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Gun Wharf")
    assert_no_axe_violations(page)

    page.goto(f"/inspections/{inspection.pk}/evidence/?author=999999")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select an inspector from the list")
    _shot(page, "evidence-list-error")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Triangulation matrix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Triangulation matrix")
    expect(page.locator("#gaps")).to_contain_text(
        "No evidence from parents and carers for question C")
    expect(page.locator("#gaps")).not_to_contain_text("parents and carers for question B")
    _shot(page, "evidence-matrix")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="1 final record: meeting with leaders, question C").click()
    expect(page.locator("#evidence tbody tr")).to_have_count(1)
    expect(page.locator("#evidence")).to_contain_text("Gun Wharf")

    page.locator("#summaries").get_by_role("link", name=str(lead_inspector)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Cumulative summary of evidence: {lead_inspector}")
    _shot(page, "evidence-summary")
    assert_no_axe_violations(page)
