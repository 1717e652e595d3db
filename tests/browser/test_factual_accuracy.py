"""The factual-accuracy round trip in the browser: the DCS the draft was sent to names the LANO
as their representative; the LANO reads the restricted draft and comments on it (with a
mistake first); the lead inspector answers; the LANO reads the answer. Every page scanned for
accessibility."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from accounts import roles
from deadlines.models import Notification
from reports import accuracy
from reports.models import AccuracyComment, LetterState, OutcomeLetter
from tests.browser.axe import assert_no_axe_violations
from tests.conftest import midday_in_england
from tests.factories import UserFactory

PASSAGE = "Leaders have an accurate understanding of the local area's strengths"
COMMENT = "The self-evaluation was shared with leaders in March, not May."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_lano_comments_the_lead_answers_and_the_lano_reads_the_answer(
        page, sign_in, media, medway_led_to, walk_to, lead_inspector, ofsted_admin, lano,
        medway):
    dcs = UserFactory(username="ian.dcs", first_name="Ian", last_name="Sutherland",
                      role=roles.LOCAL_AREA_LEADER, local_area=medway)
    inspection = medway_led_to(LetterState.QUALITY_ASSURANCE)
    letter = OutcomeLetter.objects.get(inspection=inspection)
    accuracy.recipient_name(letter=letter, by=ofsted_admin, user=dcs, capacity="dcs")
    walk_to(inspection, LetterState.DRAFT_WITH_LOCAL_AREA)
    # Three working days into the area's ten.
    with time_machine.travel(midday_in_england(datetime.date(2018, 1, 15)), tick=True):
        sign_in(dcs)
        page.goto(f"/inspections/{inspection.pk}/letter/recipients/")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Name recipient").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select who should receive the draft")
        assert_no_axe_violations(page)
        page.get_by_label("Who should receive the draft?").select_option(str(lano.pk))
        page.get_by_role("button", name="Name recipient").click()
        expect(page.locator(".govuk-table")).to_contain_text("Representative")

        page.context.clear_cookies()
        sign_in(lano)
        page.goto(f"/inspections/{inspection.pk}/")
        page.get_by_role("link", name="Draft report").click()
        expect(page.locator("#restricted")).to_contain_text(
            "DRAFT – RESTRICTED AND CONFIDENTIAL")
        assert_no_axe_violations(page)
        page.get_by_role("link", name="Comment on the draft").click()
        expect(page.locator("#time-to-comment")).to_contain_text("until 17 January 2018")
        assert_no_axe_violations(page)
        page.get_by_label("Your comment", exact=True).fill(COMMENT)
        page.get_by_role("button", name="Send comment").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter the passage of the draft your comment is about")
        expect(page.get_by_label("Your comment", exact=True)).to_have_value(COMMENT)
        assert_no_axe_violations(page)
        page.get_by_label("Which passage of the draft is your comment about?").fill(PASSAGE)
        page.get_by_role("button", name="Send comment").click()
        card = page.locator(".govuk-summary-card").first
        expect(card).to_contain_text("Waiting for an answer")
        expect(card).to_contain_text(COMMENT)

        page.context.clear_cookies()
        sign_in(lead_inspector)
        page.goto(f"/inspections/{inspection.pk}/letter/comments/")
        assert_no_axe_violations(page)
        page.get_by_role("link", name="Answer comment 1").click()
        page.get_by_role("button", name="Save answer").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select whether you accept the comment")
        assert_no_axe_violations(page)
        page.get_by_label("Yes, I have changed the report").check()
        page.get_by_label("What did you change, or why do you not accept it?").fill(
            "Changed May to March in the main findings")
        page.get_by_role("button", name="Save answer").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "The local area's recipients have been told")

        page.context.clear_cookies()
        sign_in(lano)
        page.goto(f"/inspections/{inspection.pk}/letter/comments/")
        card = page.locator(".govuk-summary-card").first
        expect(card).to_contain_text("Accepted")
        expect(card).to_contain_text("Changed May to March in the main findings")
        assert_no_axe_violations(page)
    answered = AccuracyComment.objects.get()
    assert (answered.by, answered.response, answered.answered_by) == (
        lano, "accepted", lead_inspector)
    assert Notification.objects.filter(user__in=[dcs, lano],
                                       subject__startswith="The lead inspector").count() == 2
