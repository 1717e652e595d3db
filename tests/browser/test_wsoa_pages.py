"""Medway's LANO opens the written statement of action from the inspection's page, records
when the final report was received, and submits the statement with actions for every area of
significant weakness: once without saying who takes an action, which is refused naming it,
then in full; the statement is then under review, and the admin finds it so in the national
tracker. Each page scanned at desktop width and at 375 px."""

import datetime

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.files import pdf_bytes
from tests.inspections.conftest import (  # noqa: F401
    assign,
    inspection,
    make_inspection,
    notify,
    walk,
)
from tests.wsoa.conftest import (  # noqa: F401
    _unscanned_documents_allowed,
    determined,
    issued,
)
from wsoa.models import Stage, Wsoa
from wsoa.services import weaknesses_of

D = datetime.date
NARROW, WIDE = {"width": 375, "height": 800}, {"width": 1280, "height": 900}


def _scan_both_widths(page) -> None:
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


def _fill_date(page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def _fill_actions(page, weaknesses, *, first_who: str) -> None:
    for n, weakness in enumerate(weaknesses, start=1):
        stem = f"w{weakness.pk}_0"
        page.locator(f"[name={stem}_text]").fill(f"Act on {weakness.text}")
        page.locator(f"[name={stem}_who]").fill(first_who if n == 1 else "Medway CCG")
        _fill_date(page, f"{stem}_by", D(2019, 3, 31))


def _choose_statement(page) -> None:
    page.get_by_label("The written statement of action", exact=True).set_input_files(
        {"name": "medway-wsoa.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})


def test_the_lano_records_receipt_and_submits_the_statement(
        page, sign_in, issued, lano, ofsted_admin):  # noqa: F811
    weaknesses = weaknesses_of(issued)
    sign_in(lano)
    page.goto(f"/inspections/{issued.inspection_id}/")
    page.get_by_role("link", name="The written statement of action").click()
    expect(page.locator("#stage")).to_contain_text("Awaiting receipt of the final report")
    expect(page.locator("#principal-authority")).to_contain_text(
        "The local authority and the CCG or ICB jointly")
    _scan_both_widths(page)

    page.get_by_role("link", name="Record when the final report was received").click()
    expect(page.locator("[name=received_on_0]")).to_have_value("31")
    _scan_both_widths(page)
    page.get_by_role("button", name="Record the date").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The date the final report was received was recorded")
    expect(page.locator("#submission-rule")).to_contain_text(
        "14 May 2018, counted from its receipt on 31 January 2018")

    page.get_by_role("link", name="Submit the statement").click()
    _scan_both_widths(page)
    _choose_statement(page)
    _fill_actions(page, weaknesses, first_who="")
    page.get_by_label("Copies of the statement went to HMCI").check()
    page.get_by_role("button", name="Submit the statement").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Area of significant weakness 1, action 1: say who is to take it")
    expect(page.locator(f"[name=w{weaknesses[1].pk}_0_who]")).to_have_value("Medway CCG")
    _scan_both_widths(page)
    summary.get_by_role("link", name="say who is to take it").click()

    page.locator(f"[name=w{weaknesses[0].pk}_0_who]").fill("Director of children's services")
    _choose_statement(page)  # a browser never keeps a chosen file across pages
    page.get_by_role("button", name="Submit the statement").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The statement was submitted")
    expect(page.locator("#stage")).to_contain_text("Under review")
    expect(page.locator("#submission-1")).to_contain_text("medway-wsoa.pdf")
    expect(page.locator("#submission-1")).to_contain_text("Director of children's services")
    _scan_both_widths(page)
    wsoa = Wsoa.objects.get(pk=issued.pk)
    assert (wsoa.stage, wsoa.submissions.get().actions.count()) == (Stage.UNDER_REVIEW, 8)

    # The admin sees it in the national tracker, under review, its most pressing clock the
    # re-visit, 18 months from December 2017 and long overdue.
    page.context.clear_cookies()
    sign_in(ofsted_admin)
    page.get_by_role("link", name="Statements of action").first.click()
    row = page.locator("#wsoa-tracker tbody tr", has_text="Medway")
    expect(row).to_contain_text("Under review")
    expect(row).to_contain_text("Re-visit to assess progress on each significant weakness")
    expect(row).to_contain_text("working days overdue")
    expect(page.locator("#pipeline-table")).to_contain_text("Under review")
    _scan_both_widths(page)
    page.get_by_label("Stage", exact=True).select_option("drafting")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#tracker-empty")).to_contain_text("No written statements of action "
                                                           "match your filters")
    _scan_both_widths(page)
    row_link = page.get_by_role("link", name="clear the filters")
    row_link.click()
    page.locator(f"#wsoa-tracker a[href='/statements-of-action/{wsoa.pk}/']").click()
    expect(page.locator("#stage")).to_contain_text("Under review")
