"""Evidence is never lost: typed with the connection down, the tab closed, it is there again
when the form is next opened and reaches the service once the connection returns; and the
form works without JavaScript too."""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from evidence.models import EvidenceDraft, EvidenceRecord, EvidenceStatus
from inspections import services
from inspections.models import State, TeamRole
from tests.browser.axe import assert_no_axe_violations

D = datetime.date
WORDS = "Parents said the local offer website was hard to find; the SENCo agreed."


@pytest.fixture
def notified(ofsted_admin, lead_inspector, team_inspector, medway, walk_to):
    """Medway's 2023-framework inspection, notified, with a lead and a team inspector."""
    inspection = services.inspection_create(by=ofsted_admin, local_area=medway,
                                            framework="2023", onsite_start=D(2017, 12, 4),
                                            onsite_end=D(2017, 12, 8))
    for user, role in ((lead_inspector, TeamRole.LEAD), (team_inspector, TeamRole.HMI)):
        services.conflict_declare(inspection=inspection, inspector=user, by=user,
                                  has_connection=False)
        services.team_member_add(inspection=inspection, by=ofsted_admin, user=user, role=role)
    return walk_to(inspection, State.NOTIFIED, call={
        "person_called": "Ian Sutherland", "lano": None,
        "person_called_role": "Director of children's services"})


def _drafted_text() -> list[str]:
    return [draft.fields.get("text", "") for draft in EvidenceDraft.objects.all()]


def _eventually(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_evidence_typed_offline_survives_a_closed_tab_and_reaches_the_service_when_back_online(
        page, sign_in, team_inspector, notified):
    sign_in(team_inspector)
    add = f"/inspections/{notified.pk}/evidence/add/"
    page.goto(add)
    expect(page.get_by_role("heading", level=1)).to_have_text("Record evidence")
    assert_no_axe_violations(page)

    context = page.context
    context.set_offline(True)
    page.get_by_label("Activity", exact=True).select_option("parents")
    page.get_by_label("B: How effectively does it assess and meet their needs?").check()
    page.get_by_label("Evidence", exact=True).fill(WORDS)
    expect(page.get_by_role("status")).to_contain_text("Not saved to the service yet")
    assert _drafted_text() == []  # nothing typed has reached the service
    page.close()

    context.set_offline(False)
    again = context.new_page()
    again.goto(add)
    expect(again.get_by_label("Evidence", exact=True)).to_have_value(WORDS)
    expect(again.get_by_label("Activity", exact=True)).to_have_value("parents")
    expect(again.get_by_label("B: How effectively does it assess and meet their needs?")
           ).to_be_checked()
    expect(again.get_by_role("status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    assert _eventually(lambda: _drafted_text() == [WORDS])

    # Saved as final without consent confirmed: refused, the words kept.
    again.get_by_role("button", name="Save as final").click()
    summary = again.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Confirm that consent was checked")
    expect(again.get_by_label("Evidence", exact=True)).to_have_value(WORDS)
    assert_no_axe_violations(again)
    again.get_by_label("Consent was checked with everyone who took part").check()
    again.get_by_role("button", name="Save as final").click()
    expect(again.locator(".govuk-notification-banner--success")).to_contain_text(
        "Evidence saved as final")
    record = EvidenceRecord.objects.get()
    assert (record.text, record.status, record.author) == (WORDS, EvidenceStatus.FINAL,
                                                           team_inspector)
    assert _drafted_text() == []
    # The browser's copy of the saved form is gone: a new form starts empty.
    again.goto(add)
    expect(again.get_by_label("Evidence", exact=True)).to_have_value("")
    assert_no_axe_violations(again)


def test_the_status_says_when_the_draft_was_saved_while_typing(page, sign_in, team_inspector,
                                                                 notified):
    sign_in(team_inspector)
    page.goto(f"/inspections/{notified.pk}/evidence/add/")
    page.get_by_label("Evidence", exact=True).fill("First impressions")

    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    assert _drafted_text() == ["First impressions"]
    # Once the service has the draft, no copy of the evidence is left on the device.
    kept = page.evaluate("Object.keys(window.localStorage).filter("
                         "(key) => key.startsWith('evidence-draft:'))")
    assert kept == []


def test_without_javascript_the_form_is_a_plain_form_and_nothing_is_autosaved(
        browser, live_server, team_inspector, notified):
    from tests.browser.conftest import DEFAULT_TIMEOUT_MS, sign_in_through_form

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        sign_in_through_form(page, team_inspector)
        page.goto(f"/inspections/{notified.pk}/evidence/add/")
        page.get_by_label("Activity", exact=True).select_option("leaders")
        page.get_by_label("Evidence", exact=True).fill(WORDS)
        page.get_by_role("button", name="Save as draft").click()
        # No question: refused, with the words kept.
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select at least one question the evidence informs")
        expect(page.get_by_label("Evidence", exact=True)).to_have_value(WORDS)
        assert _drafted_text() == []
        page.get_by_label("A: How effectively does the local area identify").check()
        page.get_by_role("button", name="Save as draft").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Evidence saved as a draft")
        assert EvidenceRecord.objects.get().status == EvidenceStatus.DRAFT
    finally:
        context.close()


def test_a_change_saved_meanwhile_by_someone_else_is_shown_beside_yours_to_merge(
        page, sign_in, lead_inspector, team_inspector, notified):
    from evidence.services import records

    record = records.evidence_record_create(inspection=notified, by=team_inspector,
                                            final=False, activity="leaders",
                                            questions=["A"], text="Leaders know the area")
    sign_in(team_inspector)
    page.goto(f"/inspections/{notified.pk}/evidence/{record.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting with leaders")
    # The lead saves a change while the page is open.
    records.evidence_record_update(record=record, by=lead_inspector, expected_version=1,
                                   final=False, activity="leaders", questions=["A"],
                                   text="Leaders know the area, the lead says")
    page.get_by_label("Evidence", exact=True).fill("Leaders know the area, I say")
    page.get_by_role("button", name="Save as draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merge your changes")
    expect(page.locator(".app-merge__yours")).to_contain_text("Leaders know the area, I say")
    expect(page.get_by_role("heading", name=re.compile("The saved version, by"))).to_contain_text(
        lead_inspector.get_full_name())
    expect(page.get_by_text("Leaders know the area, the lead says")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Evidence", exact=True).fill("Leaders know the area, we both say")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Evidence saved as a draft")
    record.refresh_from_db()
    assert (record.text, record.version) == ("Leaders know the area, we both say", 3)
