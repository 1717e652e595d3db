"""The pages of quality assurance by each inspectorate: a reviewer approves the draft for
their own inspectorate; the page to send the draft says whose approval is missing and offers
no button until both are in; the overview shows the approvals of the current version."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import User
from reports import services as letters
from reports.models import LetterReview, LetterState, OutcomeLetter
from tests.factories import UserFactory
from tests.reports.test_letter_pages import text

D = datetime.date
pytestmark = pytest.mark.django_db
SEND_BUTTON = ">Send the draft to the local area</button>"
APPROVE_BUTTON = ">Approve the draft</button>"


def letter(inspection) -> OutcomeLetter:
    return OutcomeLetter.objects.get(inspection=inspection)


def _url(name: str, inspection) -> str:
    return reverse(f"inspections:{name}", args=[inspection.pk])


def _sent_on(day: datetime.date) -> dict:
    return {"on_0": day.day, "on_1": day.month, "on_2": day.year}


@pytest.fixture
def with_qa(walk, inspection):
    walk(LetterState.QUALITY_ASSURANCE)
    return inspection


def _name(user) -> str:
    return user.get_full_name()


def test_a_reviewer_approves_the_draft_for_their_own_inspectorate(
        client, with_qa, cqc_decision_maker):
    client.force_login(cqc_decision_maker)
    url = _url("approve-draft", with_qa)
    shown = client.get(url)
    assert APPROVE_BUTTON in shown.content.decode()
    page = text(shown)
    assert "Version 1 is approved for CQC, as its quality assurance. The letter stays " \
           "'quality assurance'." in page
    assert "Still to approve version 1: Ofsted and CQC." in page
    assert "No statutory clock starts or stops." in page

    response = client.post(url, {}, follow=True)
    assert response.redirect_chain == [(_url("overview", with_qa), 302)]
    overview = text(response)
    assert "Your inspectorate's approval of the draft was recorded" in overview
    assert "Approvals of version 1" in overview
    assert re.search(rf"CQC: approved by {_name(cqc_decision_maker)}, \d+ \w+ \d{{4}} at "
                     rf"\d+:\d\d[ap]m", overview)
    assert "Ofsted: not approved yet" in overview
    assert LetterReview.objects.get().inspectorate == "cqc"
    # Approved once for CQC: not offered to CQC again.
    assert "Approve the draft" not in [a["label"] for a in response.context["actions"]]


def test_the_other_inspectorate_is_still_offered_the_approval(client, with_qa,
                                                             quality_assurance,
                                                             cqc_decision_maker):
    letters.letter_approve_draft(letter=letter(with_qa), by=cqc_decision_maker,
                                 inspectorate="cqc")
    client.force_login(quality_assurance)
    overview = client.get(_url("overview", with_qa))
    assert "Approve the draft" in [a["label"] for a in overview.context["actions"]]
    page = text(client.get(_url("approve-draft", with_qa)))
    assert f"CQC approved version 1 ({_name(cqc_decision_maker)}," in page
    assert "Still to approve version 1: Ofsted." in page


def test_a_second_approval_by_the_same_inspectorate_is_refused_on_the_page(
        client, with_qa, quality_assurance):
    letters.letter_approve_draft(letter=letter(with_qa), by=quality_assurance,
                                 inspectorate="ofsted")
    colleague = UserFactory(username="vic.senior", role=roles.QUALITY_ASSURANCE)
    client.force_login(colleague)
    url = _url("approve-draft", with_qa)
    response = client.get(url)
    assert "Ofsted has already approved version 1 of the draft." in text(response)
    assert APPROVE_BUTTON not in response.content.decode()

    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Ofsted has already approved version 1 of the draft" in text(refused)
    assert LetterReview.objects.count() == 1


def test_a_reviewer_without_an_inspectorate_is_told_why_they_cannot_approve(client, with_qa):
    reviewer = UserFactory(username="una.unknown", role=roles.QUALITY_ASSURANCE)
    User.objects.filter(pk=reviewer.pk).update(inspectorate="")
    client.force_login(reviewer)
    url = _url("approve-draft", with_qa)
    response = client.get(url)
    assert "You are not recorded as working for Ofsted or CQC" in text(response)
    assert APPROVE_BUTTON not in response.content.decode()
    assert "You are not recorded as working for Ofsted or CQC" in text(client.post(url, {}))
    assert not LetterReview.objects.exists()


@pytest.mark.parametrize(("approved_by", "missing"), [
    ([], "Ofsted and CQC have not approved it yet."),
    (["quality_assurance"], "CQC has not approved it yet."),
    (["cqc_decision_maker"], "Ofsted has not approved it yet.")])
def test_the_send_page_names_the_missing_approvals_and_offers_no_button(
        client, with_qa, request, ofsted_admin, approved_by, missing):
    for persona in approved_by:
        by = request.getfixturevalue(persona)
        letters.letter_approve_draft(letter=letter(with_qa), by=by,
                                     inspectorate=by.inspectorate)
    client.force_login(ofsted_admin)
    url = _url("send-draft", with_qa)
    response = client.get(url)
    assert ("The draft can be sent to the local area only once Ofsted and CQC have both "
            f"approved version 1: {missing}") in text(response)
    assert SEND_BUTTON not in response.content.decode()
    overview = client.get(_url("overview", with_qa))
    assert "Send the draft to the local area" not in [
        a["label"] for a in overview.context["actions"]]

    # The service refuses what the page does not offer, in the same words.
    refused = client.post(url, _sent_on(D(2018, 1, 10)))
    assert f"approved version 1: {missing}" in text(refused)
    assert letter(with_qa).state == LetterState.QUALITY_ASSURANCE


def test_with_both_approvals_the_send_page_lists_them_and_sends(
        client, with_qa, quality_assurance, cqc_decision_maker, ofsted_admin):
    for by in (quality_assurance, cqc_decision_maker):
        letters.letter_approve_draft(letter=letter(with_qa), by=by,
                                     inspectorate=by.inspectorate)
    client.force_login(ofsted_admin)
    url = _url("send-draft", with_qa)
    response = client.get(url)
    page = text(response)
    assert f"Ofsted approved version 1 ({_name(quality_assurance)}," in page
    assert f"CQC approved version 1 ({_name(cqc_decision_maker)}," in page
    assert "Ofsted and CQC have both approved version 1: it can be sent" in page
    assert SEND_BUTTON in response.content.decode()
    assert client.post(url, _sent_on(D(2018, 1, 10))).status_code == 302
    assert letter(with_qa).state == LetterState.DRAFT_WITH_LOCAL_AREA


def test_after_a_return_the_overview_shows_the_new_version_unapproved(
        client, with_qa, quality_assurance, cqc_decision_maker, lead_inspector):
    letters.letter_approve_draft(letter=letter(with_qa), by=quality_assurance,
                                 inspectorate="ofsted")
    letters.letter_return_draft(letter=letter(with_qa), by=cqc_decision_maker,
                                comments="Say what the CCG found.")
    letters.letter_submit_for_qa(letter=letter(with_qa), by=lead_inspector)
    client.force_login(lead_inspector)
    page = text(client.get(_url("overview", with_qa)))
    assert "Approvals of version 2 Ofsted: not approved yet CQC: not approved yet" in page
    assert "Version 1: approved by" in page  # the history keeps the earlier approval


def test_the_area_does_not_see_quality_assurances_approvals(client, with_qa, lano,
                                                           quality_assurance):
    letters.letter_approve_draft(letter=letter(with_qa), by=quality_assurance,
                                 inspectorate="ofsted")
    client.force_login(lano)
    response = client.get(_url("overview", with_qa))
    assert 'id="letter-approvals"' not in response.content.decode()
    assert "Approvals of" not in text(response)
