"""Error summaries that take the user to the field, and pages that fit a phone's screen.

Each error-summary link of a form with date errors moves focus to the field it names (the
first box of a date, the first option of radios); every page changed for this is scanned
with axe at 375 px (a phone) and at desktop width, and never scrolls sideways at 375 px.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from inspections import services
from inspections.models import State, TeamRole
from local_areas.models import ContactRole
from tests.browser.axe import assert_no_axe_violations
from tests.factories import AreaContactFactory

D = datetime.date
PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}
START, END = D(2017, 12, 4), D(2017, 12, 8)


def _summary_links(page) -> list[tuple[str, str]]:
    links = page.locator(".govuk-error-summary__list a")
    return [(links.nth(n).get_attribute("href"), links.nth(n).inner_text())
            for n in range(links.count())]


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
def test_each_error_summary_link_moves_focus_to_its_field(page, sign_in, ofsted_admin,
                                                          viewport):
    page.set_viewport_size(viewport)
    sign_in(ofsted_admin)
    page.goto("/inspections/add/")
    for name, (day, month, year) in (("onsite_start", ("32", "12", "2017")),
                                     ("onsite_end", ("31", "2", "2018"))):
        for part, value in enumerate((day, month, year)):
            page.locator(f"[name={name}_{part}]").fill(value)
    page.get_by_role("button", name="Schedule inspection").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    links = _summary_links(page)
    assert links == [
        ("#id_local_area", "Select the local area to inspect"),
        ("#id_framework_1", "Select the framework"),
        ("#id_onsite_start_0", "First day on site: Enter a real date"),
        ("#id_onsite_end_0", "Last day on site: Enter a real date"),
    ]
    for href, text in links:
        page.locator(".govuk-error-summary__list").get_by_role("link", name=text).click()
        assert _focused_id(page) == href[1:], f"{text}: focus is on {_focused_id(page)!r}"
        # The field's own input keeps what was typed.
    assert page.locator("[name=onsite_start_0]").input_value() == "32"
    assert_no_axe_violations(page)
    _fits_the_screen(page)


def test_the_browser_never_answers_for_the_error_summary(page, sign_in, ofsted_admin):
    sign_in(ofsted_admin)
    page.goto("/inspections/add/")
    assert page.locator("main form[method=post]").get_attribute("novalidate") is not None
    page.locator("[name=reference]").fill("x" * 41)  # past its maxlength, as a paste can be
    page.get_by_role("button", name="Schedule inspection").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


@pytest.fixture
def scene(ofsted_admin, lead_inspector, lano, medway, walk_to):
    """A notified Medway inspection whose LANO is the `lano` persona, with a lead."""
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2016", onsite_start=START,
                                            onsite_end=END)
    services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    contact = AreaContactFactory(local_area=medway, role=ContactRole.LANO, name="Jo Bennett",
                                 start_date=D(2017, 1, 1), user=lano)
    return walk_to(inspection, State.FEEDBACK_GIVEN, call={
        "person_called": "Ian Sutherland", "lano": contact,
        "person_called_role": "Director of children's services"})


ADMIN_PAGES = [
    "/inspections/", "/inspections/schedule/", "/inspections/schedule/?from=9999-12-31",
    "/inspections/{pk}/", "/inspections/{pk}/team/", "/audit/", "/deadlines/",
    "/deadlines/rules/", "/deadlines/non-working-days/", "/deadlines/case/inspection/{pk}/",
    "/local-areas/", "/local-areas/{area}/",
    "/audit/?date_to_0=31&date_to_1=12&date_to_2=9999",
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
def test_changed_pages_are_accessible_and_fit_a_phone(page, sign_in, ofsted_admin, lano,
                                                      scene, medway, viewport):
    page.set_viewport_size(viewport)
    sign_in(ofsted_admin)
    for path in ADMIN_PAGES:
        page.goto(path.format(pk=scene.pk, area=medway.pk))
        assert_no_axe_violations(page)
        if viewport is PHONE:
            _fits_the_screen(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a year from 1900 to 2099")

    page.context.clear_cookies()
    sign_in(lano)
    for path in ("/inspections/our-area/", f"/inspections/{scene.pk}/"):
        page.goto(path)
        assert_no_axe_violations(page)
        if viewport is PHONE:
            _fits_the_screen(page)
    expect(page.get_by_text("Jo Bennett (you)")).to_be_visible()


def test_a_usual_notification_call_goes_to_its_check_page(page, sign_in, ofsted_admin,
                                                          lead_inspector, medway):
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2016", onsite_start=START,
                                            onsite_end=END)
    sign_in(ofsted_admin)
    page.goto(f"/inspections/{inspection.pk}/notify/")
    for part, value in enumerate((27, 11, 2017)):
        page.locator(f"[name=called_on_{part}]").fill(str(value))
    page.get_by_label("Time of the call", exact=True).fill("09:30")
    page.get_by_label("Name of the person called", exact=True).fill("Ian Sutherland")
    page.get_by_label("Director of children's services (DCS)").check()
    page.get_by_label("New LANO's full name").fill("Jo Bennett")
    page.get_by_label("New LANO's email address").fill("jo.bennett@medway.gov.uk")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the notification call")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the notification call").click()
    expect(page).to_have_url(re.compile(rf"/inspections/{inspection.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Notification call recorded")
