"""A deferral as the people involved make it: the area asks, Ofsted and CQC each decide for
themselves, and the re-planned inspection is hidden from the area until it is notified again."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection, State
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
NEW_START, NEW_END = D(2018, 1, 15), D(2018, 1, 19)


@pytest.fixture
def notified(medway_led_to):
    return medway_led_to(State.NOTIFIED)


def _as(page, sign_in, user) -> None:
    page.context.clear_cookies()
    sign_in(user)


def _fill_date(page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def test_the_area_asks_and_each_inspectorate_decides_for_itself(
        page, sign_in, lano, ofsted_admin, cqc_decision_maker, notified):
    overview = f"/inspections/{notified.pk}/"
    _as(page, sign_in, lano)
    page.goto(overview)
    page.get_by_role("link", name="Request a deferral").click()
    page.get_by_role("button", name="Record request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reasons")
    page.get_by_label("Reasons for the request").fill("The DCS is on leave that week")
    page.get_by_role("button", name="Record request").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ofsted and CQC will each decide")

    _as(page, sign_in, ofsted_admin)
    page.goto(overview)
    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_label("Ofsted")).to_be_checked()
    expect(page.get_by_label("CQC", exact=True)).to_have_count(0)
    assert_no_axe_violations(page)
    page.get_by_label("Accepted").check()
    _fill_date(page, "new_onsite_start", NEW_START)
    _fill_date(page, "new_onsite_end", NEW_END)
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ofsted's decision recorded. CQC has still to decide.")
    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_text("Waiting for CQC to decide.")).to_be_visible()

    _as(page, sign_in, cqc_decision_maker)
    page.goto(overview)
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Ofsted and CQC both accepted the deferral. On-site work now runs from "
        "15 January 2018 to 19 January 2018.")
    assert Inspection.objects.get(pk=notified.pk).state == State.PLANNING

    _as(page, sign_in, lano)
    assert page.goto(overview).status == 404
    page.goto("/inspections/our-area/")
    expect(page.get_by_text("Inspections of Medway appear here once")).to_be_visible()
    expect(page.get_by_role("link", name="View")).to_have_count(0)
