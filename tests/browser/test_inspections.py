"""Inspections as their users meet them: an admin schedules one and records its notification,
the area's LANO then finds it, another area's LANO never does, and the lead inspector finds
theirs. Every page is scanned with axe."""

import datetime
import re

from playwright.sync_api import expect

from inspections import services
from inspections.models import Inspection, TeamRole
from local_areas.models import ContactRole
from tests.browser.axe import assert_no_axe_violations
from tests.factories import AreaContactFactory

D = datetime.date


def _fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _schedule_medway_through_the_form(page) -> Inspection:
    page.get_by_role("button", name="Schedule an inspection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule an inspection")

    page.get_by_role("button", name="Schedule inspection").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in ("Select the local area to inspect", "Select the framework",
                    "Enter the first day on site", "Enter the last day on site"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Schedule an inspection"))
    assert_no_axe_violations(page)

    page.get_by_label("Local area", exact=True).select_option(label="Medway")
    page.get_by_label("2016 local area SEND", exact=True).check()
    _fill_date(page, "First day on site", D(2017, 12, 4))
    _fill_date(page, "Last day on site", D(2017, 12, 8))
    page.get_by_role("button", name="Schedule inspection").click()
    return Inspection.objects.get()


def _record_notification_through_the_form(page) -> None:
    page.get_by_role("button", name="Record the notification").click()
    _fill_date(page, "Date of the call", D(2017, 11, 27))
    page.get_by_label("Time of the call", exact=True).fill("09:30")
    page.get_by_label("Name of the person called", exact=True).fill("Ian Sutherland")
    page.get_by_label("Director of children's services (DCS)").check()
    page.get_by_role("radio", name=re.compile(r"Jo Bennett, LANO since")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the notification call")
    page.get_by_role("button", name="Record the notification call").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Notification call recorded")


def test_an_admin_schedules_an_inspection_and_only_that_areas_lano_sees_it_once_notified(
        page, sign_in, ofsted_admin, lano, other_lano, medway):
    AreaContactFactory(local_area=medway, role=ContactRole.LANO, name="Jo Bennett",
                       email="jo.bennett@example.gov.uk", start_date=D(2017, 1, 2))
    sign_in(ofsted_admin)
    _menu(page).get_by_role("link", name="Inspections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections")
    expect(page.get_by_role("status")).to_have_text("0 inspections")
    expect(page.get_by_text("No inspections have been scheduled yet.")).to_be_visible()

    inspection = _schedule_medway_through_the_form(page)

    expect(page).to_have_url(re.compile(rf"/inspections/{inspection.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Medway is scheduled for inspection on site 4 to 8 December 2017")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Medway 2016 local area SEND inspection, December 2017")
    steps = page.locator(".govuk-task-list__item")
    expect(steps).to_have_count(10)
    expect(steps.first).to_contain_text("In progress")
    expect(page.get_by_role("table", name=re.compile("Statutory clocks"))).to_contain_text(
        "Notify the local area of the inspection")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Change details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change the details of inspection SEND-E06000035-20171204")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Back").click()

    _record_notification_through_the_form(page)
    page.get_by_role("button", name="Start on-site work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to start on-site work?")
    assert_no_axe_violations(page)

    page.goto("/inspections/schedule/?from=2017-11-27")
    expect(page.get_by_role("heading", name="Week beginning Monday 4 December 2017")
           ).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("week beginning 4 December 2017"))
           ).to_contain_text("Medway")
    assert_no_axe_violations(page)

    page.goto("/inspections/?state=notified")
    expect(page.get_by_role("status")).to_have_text(
        "1 inspection matches your search and filters")
    expect(page.get_by_role("link", name="SEND-E06000035-20171204")).to_be_visible()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(lano)
    _menu(page).get_by_role("link", name="Your inspections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your inspections")
    expect(page.get_by_text("Prepare for on-site work starting 4 December 2017; your LANO is "
                            "Jo Bennett.")).to_be_visible()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(other_lano)
    _menu(page).get_by_role("link", name="Your inspections").click()
    expect(page.get_by_text("Ofsted has not notified you of any inspection.")).to_be_visible()
    expect(page.get_by_text("Medway")).to_have_count(0)
    assert page.goto(f"/inspections/{inspection.pk}/").status == 404


def test_the_lead_inspector_finds_their_inspections(page, sign_in, ofsted_admin, lead_inspector,
                                                   medway):
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2023", onsite_start=D(2024, 3, 4),
                                            onsite_end=D(2024, 3, 8))
    services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    sign_in(lead_inspector)

    _menu(page).get_by_role("link", name="My inspections").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My inspections")
    table = page.get_by_role("table", name=re.compile("Current and upcoming inspections"))
    expect(table).to_contain_text("Lead HMI")
    expect(table).to_contain_text("4 to 8 March 2024")
    assert_no_axe_violations(page)
    table.get_by_role("link", name=inspection.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Medway 2023 area SEND inspection, March 2024")
