"""Information requests in the browser: the lead inspector asks, the LANO uploads a file and
marks the request answered, the lead downloads it; every page scanned for accessibility."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from config import clock
from evidence.models import InformationRequest, RequestStatus
from inspections import services
from inspections.models import State, TeamRole
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
CSV = b"area,plans issued\nMedway,412\n"


@pytest.fixture
def notified(ofsted_admin, lead_inspector, medway, walk_to, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    planned = services.inspection_create(by=ofsted_admin, local_area=medway, framework="2023",
                                         onsite_start=D(2017, 12, 4), onsite_end=D(2017, 12, 8))
    services.conflict_declare(inspection=planned, inspector=lead_inspector, by=lead_inspector,
                              has_connection=False)
    services.team_member_add(inspection=planned, by=ofsted_admin, user=lead_inspector,
                             role=TeamRole.LEAD)
    return walk_to(planned, State.NOTIFIED, call={
        "person_called": "Ian Sutherland", "lano": None,
        "person_called_role": "Director of children's services"})


def test_a_request_is_raised_answered_with_a_file_and_the_file_downloaded(
        page, sign_in, lead_inspector, lano, notified, tmp_path):
    due = clock.today() + datetime.timedelta(days=7)
    sign_in(lead_inspector)
    page.goto(f"/inspections/{notified.pk}/requests/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ask the local area for information").click()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what you are asking for")
    assert_no_axe_violations(page)
    page.get_by_label("SEND strategy").check()
    for part, value in enumerate((due.day, due.month, due.year)):
        page.locator(f"[name=due_on_{part}]").fill(str(value))
    page.get_by_label("Time it is due").fill("17:00")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Request sent to the local area")
    request = InformationRequest.objects.get()

    page.context.clear_cookies()
    sign_in(lano)
    page.goto(f"/inspections/{notified.pk}/requests/")
    expect(page.get_by_role("link", name="SEND strategy")).to_be_visible()
    page.get_by_role("link", name="SEND strategy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND strategy")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Upload a file").click()
    assert_no_axe_violations(page)
    (tmp_path / "plans.csv").write_bytes(CSV)
    page.get_by_label("Upload a file").set_input_files(str(tmp_path / "plans.csv"))
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "plans.csv uploaded")
    page.get_by_role("link", name="Mark as answered").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure the request is answered?")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Mark as answered").click()
    expect(page).to_have_url(re.compile(rf"/inspections/{notified.pk}/requests/$"))
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED

    page.context.clear_cookies()
    sign_in(lead_inspector)
    page.goto(f"/inspections/{notified.pk}/requests/{request.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="plans.csv").click()
    assert download.value.suggested_filename == "plans.csv"
    assert Path(download.value.path()).read_bytes() == CSV
