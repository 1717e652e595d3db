"""An Ofsted admin records the notification call with two of CQC's calls to CCG chief
executives, adding the second row with "Add another call" (no JavaScript needed), and the
joint call with the LANO; the form, its errors and the check page pass axe at 375 px and at
desktop width."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections import services
from inspections.models import NotificationCall, TeamRole
from local_areas import services as area_services
from local_areas.models import HealthPartnerKind
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
START, END = D(2017, 12, 4), D(2017, 12, 8)
DAY = D(2017, 11, 27)
NARROW, WIDE = {"width": 375, "height": 800}, {"width": 1280, "height": 900}
KENT_AND_MEDWAY = "NHS Kent and Medway Clinical Commissioning Group"
SWALE = "NHS Swale Clinical Commissioning Group"


@pytest.fixture
def planned(ofsted_admin, lead_inspector, medway):
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2016", onsite_start=START,
                                            onsite_end=END)
    services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    for name in (KENT_AND_MEDWAY, SWALE):
        partner = area_services.health_partner_create(by=ofsted_admin, kind=HealthPartnerKind.CCG,
                                                      name=name)
        area_services.health_partner_link(local_area=medway, health_partner=partner,
                                          by=ofsted_admin)
    return inspection


def _fill_date(page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def _scan_both_widths(page) -> None:
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)


def test_the_admin_records_two_cqc_calls_and_the_lano_call(page, sign_in, ofsted_admin,
                                                           lead_inspector, planned):
    sign_in(ofsted_admin)
    page.goto(f"/inspections/{planned.pk}/notify/")
    _fill_date(page, "called_on", DAY)
    page.get_by_label("Time of the call", exact=True).fill("09:30")
    page.get_by_label("Name of the person called", exact=True).fill("Ian Sutherland")
    page.get_by_label("Director of children's services (DCS)").check()
    page.get_by_label("New LANO's full name").fill("Wendy Vincent")
    page.get_by_label("New LANO's email address").fill("wendy.vincent@medway.gov.uk")
    page.get_by_label("Call 1: name of the person called").fill("Caroline Selkirk")
    page.get_by_label("Call 1: CCG or ICB", exact=True).select_option(label=KENT_AND_MEDWAY)
    _fill_date(page, "health_1_called_on", DAY)
    page.get_by_label("Call 1: time").fill("09:50")
    _scan_both_widths(page)

    page.get_by_role("button", name="Add another call").click()
    expect(page.get_by_label("Call 2: name of the person called")).to_be_visible()
    expect(page.get_by_label("Call 1: name of the person called")).to_have_value(
        "Caroline Selkirk")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    # Call 2 given in part: its errors are on its own fields.
    page.get_by_label("Call 2: name of the person called").fill("Pat Jones")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the CCG or ICB of call 2")
    expect(summary).to_contain_text("Enter the date of call 2")
    expect(page.get_by_label("Call 2: name of the person called")).to_have_value("Pat Jones")
    _scan_both_widths(page)

    page.get_by_label("Call 2: CCG or ICB", exact=True).select_option(label=SWALE)
    _fill_date(page, "health_2_called_on", DAY)
    page.get_by_label("Call 2: time").fill("10:05")
    _fill_date(page, "lano_called_on", DAY)
    page.get_by_label("Time of the call with the LANO").fill("11:00")
    page.get_by_label(f"{lead_inspector.get_full_name()}, Lead HMI").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the notification call")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        f"Caroline Selkirk, Chief Executive, {KENT_AND_MEDWAY}, 27 November 2017 at 09:50")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        f"Pat Jones, Chief Executive, {SWALE}, 27 November 2017 at 10:05")
    _scan_both_widths(page)
    page.get_by_role("button", name="Record the notification call").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Notification call recorded")
    expect(page.locator("#health-calls")).to_contain_text("Pat Jones")
    expect(page.locator("#lano-call")).to_contain_text(lead_inspector.get_full_name())
    _scan_both_widths(page)
    call = NotificationCall.objects.get(inspection=planned)
    assert call.health_calls.count() == 2
