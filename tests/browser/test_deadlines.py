"""Statutory clocks as an Ofsted admin meets them: the national list, one clock, the rules,
non-working days, and the notifications every user reads."""

import datetime
import re
from collections.abc import Iterator

import pytest
import time_machine
from playwright.sync_api import expect

from deadlines import services
from deadlines.selectors import calendar_current
from deadlines.sweep import deadlines_sweep
from tests.browser.axe import assert_no_axe_violations
from tests.conftest import FROZEN_TODAY, midday_in_england

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def today(page) -> Iterator[datetime.date]:
    """FROZEN_TODAY, for the test and the live server alike; gives the date.

    time-machine moves the clock of the whole process, so the live server, which answers
    from another thread of it, sees the same day. Unlike `frozen_today` the clock keeps
    running from noon (tick=True): the live server is a real server whose requests, sessions
    and audit rows follow one another in time, and anything in this process that waits for
    the wall clock to move would wait forever on a stopped one. (A stopped clock happens to
    pass these tests too.) The day stays the same, which is all they depend on. Travel
    starts once the browser and the live server are up, hence `page`.
    """
    with time_machine.travel(midday_in_england(FROZEN_TODAY), tick=True):
        yield FROZEN_TODAY


MEDWAY_CASE = "Medway 2016 local area SEND inspection, December 2017"
BARNET_CASE = "Barnet 2016 local area SEND inspection, December 2017"


def _start(rule: str, start_date: datetime.date, case):
    return services.deadline_start(rule_code=rule, inspection=case, start_date=start_date,
                                   by=None)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _scan_at_both_widths(page) -> None:
    """axe finds nothing on the page as a desktop and as a 375 px wide phone show it."""
    desktop = page.viewport_size
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        assert_no_axe_violations(page)
    finally:
        page.set_viewport_size(desktop)


def test_admin_sees_how_late_clocks_are_on_the_list_the_case_and_the_inspection(
        today, page, sign_in, ofsted_admin, medway, case_of):
    case = case_of(medway)
    met = _start("factual_accuracy", today - 60 * ONE_DAY, case)
    late_by = calendar_current().working_days_late(met.due_date, today - 10 * ONE_DAY)
    services.deadline_meet(deadline=met, met_on=today - 10 * ONE_DAY, by=ofsted_admin)
    overdue = _start("final_report", today - 60 * ONE_DAY, case)
    overdue_by = calendar_current().working_days_late(overdue.due_date, today)
    sign_in(ofsted_admin)
    page.goto("/deadlines/")

    headline = page.locator("#headline-counts li")
    expect(headline).to_have_text([re.compile(r"1\s*overdue"),
                                   re.compile(r"0\s*due within 5 working days"),
                                   re.compile(r"0\s*on track"),
                                   re.compile(r"1\s*met late this year")])
    expect(page.locator(".govuk-tag--red")).to_have_text(f"Overdue ({overdue_by} working days)")
    _scan_at_both_widths(page)

    for url in (f"/deadlines/case/inspection/{case.pk}/", f"/inspections/{case.pk}/"):
        page.goto(url)
        expect(page.locator(".govuk-tag--orange")).to_have_text(
            f"Met late ({late_by} working days)")
        expect(page.locator(".govuk-tag--red")).to_have_text(
            f"Overdue ({overdue_by} working days)")
        _scan_at_both_widths(page)


def test_admin_filters_the_deadlines_by_rule_and_reads_how_a_date_was_worked_out(
        today, page, sign_in, ofsted_admin, medway, barnet, case_of):
    report = _start("final_report", today, case_of(medway))
    _start("wsoa_submission", today - 30 * ONE_DAY, case_of(barnet))
    _start("factual_accuracy", today - 60 * ONE_DAY, case_of(barnet))
    sign_in(ofsted_admin)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Deadlines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines")
    expect(page.get_by_role("status")).to_have_text("3 deadlines")
    expect(page.locator(".govuk-tag--red")).to_have_text(
        re.compile(r"^Overdue \(\d+ working days\)$"))
    assert_no_axe_violations(page)

    page.get_by_label("Rule").select_option(value="final_report")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]rule=final_report\b"))
    expect(page.get_by_role("status")).to_have_text("1 deadline matches your filters")
    expect(page.get_by_role("link", name="Download CSV")).to_have_attribute(
        "href", re.compile(r"/deadlines/export\.csv\?.*rule=final_report"))
    page.get_by_role("link", name=re.compile("Send the final report")).click()

    expect(page).to_have_url(re.compile(rf"/deadlines/{report.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send the final report to the local area")
    expect(page.get_by_role("heading", name="How this date was worked out")).to_be_visible()
    expect(page.locator("#explanation li").first).to_contain_text("The clock starts on")
    expect(page.locator("#explanation li").last).to_contain_text(
        f"Due date: {report.due_date:%A} {report.due_date.day}")
    assert_no_axe_violations(page)


def test_admin_extends_a_deadline_and_a_mistake_is_shown_accessibly(
        page, sign_in, ofsted_admin, medway, case_of):
    deadline = _start("wsoa_submission", datetime.date(2018, 1, 31), case_of(medway))
    sign_in(ofsted_admin)
    page.goto(f"/deadlines/{deadline.pk}/")
    page.get_by_role("link", name="Extend the deadline").click()

    page.get_by_label("Number of working days to add").fill("0")
    page.get_by_role("button", name="Extend the deadline").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a number of working days of 1 or more")
    expect(summary).to_contain_text("Enter the reason for the extension")
    expect(page.get_by_label("Number of working days to add")).to_have_value("0")
    assert_no_axe_violations(page)

    page.get_by_label("Number of working days to add").fill("5")
    page.get_by_label("Reason for the extension").fill("Snow closed the council offices")
    page.get_by_role("button", name="Extend the deadline").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "It is now due on 21 May 2018.")
    expect(page.get_by_role("table", name="History of this deadline, newest first")
           ).to_contain_text("Extended")


def test_admin_changes_a_rule_after_confirming_the_clocks_it_moves(
        today, page, sign_in, ofsted_admin, medway, case_of):
    report = _start("final_report", today, case_of(medway))
    sign_in(ofsted_admin)
    page.goto("/deadlines/rules/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statutory rules")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Change Send the final report to the local area").click()
    assert_no_axe_violations(page)
    # The events are a list: a negative period for a rule counting forward is refused.
    expect(page.get_by_label("Event the clock counts from")).to_have_value(
        "last day of on-site work")
    page.get_by_label("Length of the period").fill("-3")
    page.get_by_role("button", name="Save rule").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "A period can be negative only for a rule that counts back from a planned event")
    _scan_at_both_widths(page)
    page.get_by_label("Event that meets the deadline").select_option("final report sent")
    page.get_by_label("Length of the period").fill("30")
    page.get_by_role("button", name="Save rule").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the change to the rule")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "1 running deadline will get a new due date")
    moved = calendar_current().add_working_days(report.due_date, 2)
    expect(page.locator("#moving tbody tr")).to_have_text(re.compile(
        rf"{MEDWAY_CASE}\s+{_long(report.due_date)}\s+{_long(moved)}"))
    _scan_at_both_widths(page)
    page.get_by_role("button", name="Confirm and save").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Rule saved. 1 due date moved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statutory rules")


def test_admin_adds_a_non_working_day_and_a_weekend_is_refused(today, page, sign_in,
                                                               ofsted_admin, medway, case_of):
    _start("final_report", today, case_of(medway))
    closure = calendar_current().add_working_days(today, 3)
    saturday = today + (5 - today.weekday()) % 7 * ONE_DAY
    sign_in(ofsted_admin)
    page.goto("/deadlines/non-working-days/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Non-working days")
    expect(page.get_by_role("table", name=re.compile("Bank holidays in England"))
           ).to_contain_text("Christmas Day")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a non-working day").click()
    for day, value in ((saturday.day, "Day"), (saturday.month, "Month"),
                       (saturday.year, "Year")):
        page.get_by_label(value, exact=True).fill(str(day))
    page.get_by_label("Reason").fill("Office move")
    page.get_by_role("button", name="Add non-working day").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("That day is a weekend day")
    expect(page.get_by_label("Reason")).to_have_value("Office move")
    assert_no_axe_violations(page)

    for day, value in ((closure.day, "Day"), (closure.month, "Month"), (closure.year, "Year")):
        page.get_by_label(value, exact=True).fill(str(day))
    page.get_by_role("button", name="Add non-working day").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 running deadline moved.")
    expect(page.get_by_role("table", name=re.compile("Non-working days besides"))
           ).to_contain_text("Office move")
    assert_no_axe_violations(page)


def test_admin_reads_notifications_and_marks_them_read(page, sign_in, ofsted_admin, medway,
                                                       case_of):
    report = _start("final_report", datetime.date(2024, 1, 8), case_of(medway))
    deadlines_sweep(today=report.due_date)
    sign_in(ofsted_admin)
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Notifications (1)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("heading", level=2, name=re.compile("Send the final report"))
           ).to_contain_text("New")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 notification marked as read.")
    expect(menu.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="New")).to_have_count(0)
    assert_no_axe_violations(page)


def test_dfe_adviser_sees_only_wsoa_deadlines(today, page, sign_in, dfe_adviser, medway,
                                              barnet, case_of):
    _start("wsoa_submission", today, case_of(medway))
    _start("final_report", today, case_of(barnet))
    sign_in(dfe_adviser)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Deadlines").click()

    expect(page.get_by_role("status")).to_have_text("1 deadline")
    expect(page.get_by_role("link", name=MEDWAY_CASE, exact=True)).to_be_visible()
    expect(page.get_by_text(BARNET_CASE)).to_have_count(0)
    expect(page.get_by_role("link", name="Statutory rules")).to_have_count(0)
    expect(page.locator("#headline-counts li").nth(1)).to_have_text(
        re.compile(r"0\s*due within 5 working days"))
    expect(page.locator("#headline-counts li").nth(2)).to_have_text(re.compile(r"1\s*on track"))
    _scan_at_both_widths(page)
