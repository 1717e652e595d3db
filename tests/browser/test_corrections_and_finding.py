"""The lead inspector corrects and removes records; an Ofsted admin finds inspections, sees an
area's inspections and is warned when scheduling. Each page scanned for accessibility at
desktop width and at 375 pixels."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections import services
from inspections.models import LineOfEnquiry, State, TeamRole
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
START, END = D(2017, 12, 4), D(2017, 12, 8)
NARROW, WIDE = {"width": 375, "height": 800}, {"width": 1280, "height": 900}


def _scan_both_widths(page) -> None:
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


@pytest.fixture
def on_site(ofsted_admin, lead_inspector, medway, walk_to):
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2016", onsite_start=START,
                                            onsite_end=END, reference="SEND-MEDWAY-TEST")
    services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    return walk_to(inspection, State.ON_SITE, call={
        "person_called": "Ian Sutherland", "lano": None,
        "person_called_role": "Director of children's services"})


def test_the_lead_corrects_a_line_of_enquiry_and_removes_a_concern(page, sign_in, on_site,
                                                                    lead_inspector):
    services.line_of_enquiry_add(inspection=on_site, by=lead_inspector, question="A",
                                 enquiry="How are needs identified?")
    services.concern_record(inspection=on_site, by=lead_inspector, kind="concern",
                            raised_on=START, raised_by="A parent", details="Recorded twice",
                            safeguarding=True)
    sign_in(lead_inspector)
    page.goto(f"/inspections/{on_site.pk}/")
    expect(page.get_by_text("Possible safeguarding concern")).to_be_visible()
    _scan_both_widths(page)

    page.get_by_role("link", name="Change this line of enquiry for question A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change the line of enquiry for question A")
    page.get_by_label("Line of enquiry").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the line of enquiry")
    _scan_both_widths(page)
    page.get_by_label("Line of enquiry").fill("How early are needs identified?")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Changes to the line of enquiry for question A saved")
    assert LineOfEnquiry.objects.get().enquiry == "How early are needs identified?"

    page.get_by_role("link", name="Remove the concern raised on 4 December 2017").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Remove the possible safeguarding concern raised on 4 December 2017?")
    _scan_both_widths(page)
    page.get_by_role("button", name="Remove the concern or complaint").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "was removed")
    expect(page.get_by_text("No concerns or complaints recorded.")).to_be_visible()


def test_an_admin_searches_sees_an_areas_inspections_and_is_warned_when_scheduling(
        page, sign_in, on_site, ofsted_admin, medway):
    sign_in(ofsted_admin)
    page.goto("/inspections/")
    page.get_by_label("Search").fill("medway-test")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 inspection matches your search and "
                                                    "filters")
    _scan_both_widths(page)

    page.goto(f"/local-areas/{medway.pk}/")
    expect(page.get_by_role("link", name="SEND-MEDWAY-TEST")).to_be_visible()
    _scan_both_widths(page)

    page.goto("/inspections/add/")
    page.get_by_label("Local area", exact=True).select_option(label="Medway")
    page.get_by_label("2016 local area SEND").check()
    for name, day in (("onsite_start", D(2018, 3, 5)), ("onsite_end", D(2018, 3, 9))):
        for part, value in enumerate((day.day, day.month, day.year)):
            page.locator(f"[name={name}_{part}]").fill(str(value))
    page.get_by_role("button", name="Schedule inspection").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Medway already has an inspection in progress: SEND-MEDWAY-TEST")
    _scan_both_widths(page)
    page.get_by_role("button", name="Schedule inspection").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Medway is scheduled for inspection")
