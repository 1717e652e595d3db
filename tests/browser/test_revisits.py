"""An Ofsted admin schedules a 2016 re-visit from the page of the inspection it follows, is
warned that its on-site work is longer than the handbook's five days, goes ahead, and reads
when the re-visit is due on both pages. Each page scanned at desktop width and at 375 px."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections import services
from inspections.models import Inspection, State, TeamRole
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
NARROW, WIDE = {"width": 375, "height": 800}, {"width": 1280, "height": 900}


def _scan_both_widths(page) -> None:
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


@pytest.fixture
def published(ofsted_admin, lead_inspector, medway, walk_to):
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2016", onsite_start=D(2017, 12, 4),
                                            onsite_end=D(2017, 12, 8),
                                            reference="SEND-MEDWAY-2017")
    services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    return walk_to(inspection, State.PUBLISHED)


def _fill_date(page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def test_an_admin_schedules_a_revisit_and_reads_when_it_is_due(page, sign_in, published,
                                                               ofsted_admin):
    sign_in(ofsted_admin)
    page.goto(f"/inspections/{published.pk}/")
    page.get_by_role("link", name="Schedule a re-visit of this inspection").click()
    expect(page.get_by_label("Inspection re-visited (2016 re-visits only)")).to_have_value(
        str(published.pk))
    expect(page.get_by_label("2016 re-visit", exact=True)).to_be_checked()
    _scan_both_widths(page)

    _fill_date(page, "onsite_start", D(2019, 6, 3))
    _fill_date(page, "onsite_end", D(2019, 6, 11))  # seven working days
    page.get_by_label("Reference (optional)").fill("SEND-MEDWAY-REVISIT")
    page.get_by_role("button", name="Schedule inspection").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "covers 7 working days. The 2016 handbook sets no length for re-visits")
    _scan_both_widths(page)
    page.get_by_role("button", name="Schedule inspection").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Medway is scheduled for inspection")
    assert Inspection.objects.get(reference="SEND-MEDWAY-REVISIT").revisit_of_id == \
        published.pk

    expect(page.locator("#revisit-due")).to_contain_text("By Monday 10 June 2019")
    _scan_both_widths(page)
    page.get_by_role("link", name="SEND-MEDWAY-2017").click()
    expect(page.locator("#revisits")).to_contain_text("SEND-MEDWAY-REVISIT")
    expect(page.locator("#revisit-due")).to_contain_text("of this inspection")
    _scan_both_widths(page)


def test_moving_an_inspections_dates_to_a_longer_visit_warns_before_saving(
        page, sign_in, ofsted_admin, medway):
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2016", onsite_start=D(2018, 3, 5),
                                            onsite_end=D(2018, 3, 9))
    sign_in(ofsted_admin)
    page.goto(f"/inspections/{inspection.pk}/change/")
    _fill_date(page, "onsite_end", D(2018, 3, 13))
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "covers 7 working days. The 2016 handbook says: ‘Inspections do not normally last "
        "longer than five days’ (para 30).")
    _scan_both_widths(page)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("were saved")
    inspection.refresh_from_db()
    assert inspection.onsite_end == D(2018, 3, 13)
