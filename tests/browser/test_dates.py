"""Dates that can be true, in the browser: a step whose date is still to come is not offered
and the pages say why; a date in the future is an error on its field, whose summary link
takes focus there. Each page is scanned with axe at 375 px and at desktop width."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from config import clock
from inspections.models import State
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}
NOT_YET = ("You cannot record that feedback was given yet. The date of the final feedback "
           "meeting must be the same as or after the last day on site, 8 December 2017.")


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=clock.ENGLAND)


def _fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def _checked(page, viewport) -> None:
    assert_no_axe_violations(page)
    if viewport is PHONE:
        _fits_the_screen(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
def test_feedback_waits_for_the_last_day_on_site_and_refuses_a_day_still_to_come(
        page, sign_in, lead_inspector, medway_led_to, viewport):
    page.set_viewport_size(viewport)
    with time_machine.travel(_noon(D(2017, 12, 6)), tick=False):
        inspection = medway_led_to(State.ON_SITE)
        sign_in(lead_inspector)
        page.goto(f"/inspections/{inspection.pk}/")
        expect(page.get_by_text(NOT_YET)).to_be_visible()
        expect(page.get_by_role("button", name="Record that feedback was given")).to_have_count(0)
        _checked(page, viewport)
        page.goto(f"/inspections/{inspection.pk}/give-feedback/")
        expect(page.get_by_text(NOT_YET)).to_be_visible()
        expect(page.get_by_role("button", name="Record that feedback was given")).to_have_count(0)
        _checked(page, viewport)

    with time_machine.travel(_noon(D(2017, 12, 8)), tick=False):
        page.context.clear_cookies()
        sign_in(lead_inspector)
        page.goto(f"/inspections/{inspection.pk}/give-feedback/")
        for part, value in enumerate(("9", "12", "2017")):
            page.locator(f"[name=on_{part}]").fill(value)
        page.get_by_role("button", name="Record that feedback was given").click()
        message = "The date of the final feedback meeting must be today or in the past"
        link = page.locator(".govuk-error-summary__list").get_by_role("link", name=message)
        expect(link).to_have_attribute("href", "#id_on_0")
        link.click()
        assert page.evaluate("document.activeElement.id") == "id_on_0"
        assert page.locator("[name=on_0]").input_value() == "9"
        _checked(page, viewport)
