"""An inspection's records as an Ofsted admin keeps them: declarations, the team, the
notification call; and every record page scanned for accessibility."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from deadlines.selectors import calendar_current
from inspections import services
from inspections.models import NotificationCall, State, TeamMember, TeamRole
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
# On site Monday 4 to Friday 8 December 2017.
START, END = D(2017, 12, 4), D(2017, 12, 8)


@pytest.fixture
def planned(ofsted_admin, medway):
    """A 2023-framework inspection of Medway, in planning, with nobody on the team."""
    return services.inspection_create(by=ofsted_admin, local_area=medway, framework="2023",
                                      onsite_start=START, onsite_end=END)


@pytest.fixture
def notified(planned, ofsted_admin, lead_inspector, team_inspector, walk_to):
    """The same inspection with a lead and a team inspector, notified by a 9:30am call on
    its first day, the Monday of week 1."""
    for user, role in ((lead_inspector, TeamRole.LEAD), (team_inspector, TeamRole.HMI)):
        services.conflict_declare(inspection=planned, inspector=user, by=user,
                                  has_connection=False)
        services.team_member_add(inspection=planned, by=ofsted_admin, user=user, role=role)
    return walk_to(planned, State.NOTIFIED, call={
        "person_called": "Ian Sutherland", "lano": None,
        "person_called_role": "Director of children's services"})


def _fill_date(page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def test_admin_records_a_declaration_assigns_the_lead_and_records_the_notification_call(
        page, sign_in, ofsted_admin, lead_inspector, team_inspector, planned):
    sign_in(ofsted_admin)
    page.goto(f"/inspections/{planned.pk}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    expect(page.get_by_text("No inspectors are on the team yet.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record a declaration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a declaration")
    assert_no_axe_violations(page)
    page.get_by_label("Inspector", exact=True).select_option(value=str(lead_inspector.pk))
    page.get_by_label("No connection to Medway").check()
    page.get_by_role("button", name="Save declaration").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Declaration recorded: {lead_inspector} has no connection to Medway")

    page.goto(f"/inspections/{planned.pk}/team/add/")
    page.get_by_label("Inspector", exact=True).select_option(value=str(team_inspector.pk))
    page.get_by_label("HMI", exact=True).check()
    page.get_by_role("button", name="Add to the team").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(f"{team_inspector} has not declared whether they have any "
                                    f"connection to Medway")
    expect(page).to_have_title(re.compile(r"^Error: Add an inspector to the team"))
    assert_no_axe_violations(page)

    page.get_by_label("Inspector", exact=True).select_option(value=str(lead_inspector.pk))
    page.get_by_label("Lead HMI").check()
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{lead_inspector} is on the team as Lead HMI")
    assert TeamMember.objects.get(inspection=planned).user == lead_inspector

    page.goto(f"/inspections/{planned.pk}/notify/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the notification call")
    assert_no_axe_violations(page)
    _fill_date(page, "called_on", calendar_current().add_working_days(START, -5))
    page.get_by_label("Time of the call", exact=True).fill("14:00")
    page.get_by_label("Name of the person called", exact=True).fill("Ian Sutherland")
    page.get_by_label("Director of children's services (DCS)").check()
    expect(page.get_by_label("Someone else")).to_be_checked()
    page.get_by_label("New LANO's full name").fill("Jo Bennett")
    page.get_by_label("New LANO's email address").fill("jo.bennett@medway.gov.uk")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the notification call")
    # Under the 2023 framework the area is notified on the Monday of week 1 itself.
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "The call was on Monday 27 November 2017: under the 2023 framework the local area is "
        "notified on the inspection's first day, the Monday of week 1")
    assert not NotificationCall.objects.exists()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the notification call").click()

    expect(page).to_have_url(re.compile(rf"/inspections/{planned.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Notification call recorded. Jo Bennett is the LANO")
    expect(page.locator(".govuk-notification-banner").nth(1)).to_contain_text(
        "Recorded with a warning: The call was on Monday 27 November 2017")
    assert NotificationCall.objects.get(inspection=planned).warnings


def test_every_record_page_passes_an_accessibility_scan(
        page, sign_in, ofsted_admin, lead_inspector, notified, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    deferral = services.deferral_request(inspection=notified, by=ofsted_admin,
                                         requested_on=notified.notified_on, reasons="Ofsted week")
    services.engagement_meeting_record(
        local_area=notified.local_area, by=ofsted_admin, held_on=D(2024, 3, 1))
    pk, area = notified.pk, notified.local_area_id
    sign_in(ofsted_admin)
    for path, heading in (
            (f"/inspections/{pk}/deferrals/request/", "Request a deferral"),
            (f"/inspections/{pk}/deferrals/{deferral.pk}/decide/",
             "Record a decision on the deferral request"),
            (f"/inspections/{pk}/meetings/add/", "Record a meeting"),
            (f"/inspections/{pk}/concerns/add/", "Record a concern or complaint"),
            (f"/inspections/{pk}/outcome/", "Record the outcome"),
            (f"/inspections/{pk}/annex-a/annex_a_person_level_data/",
             "Provide the person-level data lists"),
            (f"/inspections/engagement/{area}/", "Annual engagement meetings"),
            (f"/inspections/engagement/{area}/add/", "Record an engagement meeting")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_axe_violations(page)

    page.goto(f"/inspections/{pk}/concerns/add/")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who raised it")
    assert_no_axe_violations(page)

    page.goto(f"/inspections/{pk}/")
    expect(page.get_by_role("heading", name="Deferral")).to_be_visible()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(lead_inspector)
    page.goto(f"/inspections/{pk}/enquiries/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a key line of enquiry")
    assert_no_axe_violations(page)
    page.get_by_label("B: assessing and meeting needs").check()
    page.get_by_label("Line of enquiry").fill("How quickly are EHC plans issued?")
    page.get_by_role("button", name="Add line of enquiry").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Line of enquiry added to question B")
    expect(page.get_by_text("How quickly are EHC plans issued?")).to_be_visible()


def _scan_at_both_widths(page) -> None:
    desktop = page.viewport_size
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        assert_no_axe_violations(page)
        # The page never scrolls sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.set_viewport_size(desktop)


def test_the_lead_sees_annex_a_due_times_and_records_when_data_came_in(
        page, sign_in, lead_inspector, notified):
    # Notified at 9:30am on Monday 4 December 2017: the person-level data was due by 11am
    # on Tuesday 5 December.
    sign_in(lead_inspector)
    page.goto(f"/inspections/{notified.pk}/")
    row = page.get_by_role("row").filter(has_text="Provide the person-level data lists")
    expect(row).to_contain_text("5 Dec 2017, by 11am")
    _scan_at_both_widths(page)
    row.get_by_role("link", name="Record when done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Provide the person-level data lists")
    expect(page.get_by_text("It is due by 11am on Tuesday 5 December 2017 (UK time).")
           ).to_be_visible()
    _scan_at_both_widths(page)
    _fill_date(page, "on", D(2017, 12, 5))
    page.get_by_label("Time it was provided").fill("11:40")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Provide the person-level data lists: recorded at 11:40am on 5 December 2017")
    row = page.get_by_role("row").filter(has_text="Provide the person-level data lists")
    expect(row).to_contain_text("Met late (after 11am)")
