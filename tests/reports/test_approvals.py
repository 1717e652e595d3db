"""Quality assurance by each inspectorate for itself: Ofsted's reviewer approves the draft for
Ofsted, CQC's for CQC, each once per version; the draft goes to the local area only when both
have approved the version it is at."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts import roles
from accounts.models import User
from audit.models import AuditEvent
from reports import services as letters
from reports.models import LetterReview, LetterState, OutcomeLetter
from tests.factories import UserFactory
from tests.reports.test_letter_services import _everything

D = datetime.date
pytestmark = pytest.mark.django_db
SENT_ON = D(2018, 1, 10)


def letter(inspection) -> OutcomeLetter:
    return OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)


def approve(inspection, by, inspectorate=None):
    return letters.letter_approve_draft(letter=letter(inspection), by=by,
                                        inspectorate=inspectorate or by.inspectorate)


def send(inspection, by):
    return letters.letter_send_draft(letter=letter(inspection), by=by, on=SENT_ON)


@pytest.fixture
def with_qa(walk, inspection):
    """Medway's letter at version 1, with quality assurance."""
    walk(LetterState.QUALITY_ASSURANCE)
    return inspection


def test_each_inspectorate_approves_the_current_version_for_itself(
        with_qa, quality_assurance, cqc_decision_maker):
    approve(with_qa, cqc_decision_maker)
    approved = letter(with_qa)
    assert approved.state == LetterState.QUALITY_ASSURANCE
    approve(with_qa, quality_assurance)
    assert list(LetterReview.objects.order_by("id").values_list(
        "version__number", "reviewer", "inspectorate", "decision")) == [
        (1, cqc_decision_maker.pk, "cqc", "approved"),
        (1, quality_assurance.pk, "ofsted", "approved")]
    rows = AuditEvent.objects.filter(action="letter.approve_draft").order_by("id")
    assert [(row.actor_id, row.inspection_id, row.before, row.after) for row in rows] == [
        (cqc_decision_maker.pk, with_qa.pk, {}, {"inspectorate": "cqc", "letter_version": 1}),
        (quality_assurance.pk, with_qa.pk, {},
         {"inspectorate": "ofsted", "letter_version": 1})]


@pytest.mark.parametrize("approved_by", [[], ["quality_assurance"], ["cqc_decision_maker"]])
def test_the_draft_is_not_sent_until_both_inspectorates_have_approved_it(
        with_qa, request, ofsted_admin, approved_by):
    for persona in approved_by:
        approve(with_qa, request.getfixturevalue(persona))
    missing = {(): "Ofsted and CQC have", ("quality_assurance",): "CQC has",
               ("cqc_decision_maker",): "Ofsted has"}[tuple(approved_by)]
    before = _everything(with_qa)
    for sender in (request.getfixturevalue("quality_assurance"), ofsted_admin):
        with pytest.raises(ValidationError, match=f"only once Ofsted and CQC have both "
                                                  f"approved version 1: {missing} not"):
            send(with_qa, sender)
    assert _everything(with_qa) == before


def test_with_both_approvals_the_draft_is_sent(with_qa, quality_assurance,
                                              cqc_decision_maker, ofsted_admin):
    approve(with_qa, quality_assurance)
    approve(with_qa, cqc_decision_maker)
    send(with_qa, ofsted_admin)
    assert letter(with_qa).state == LetterState.DRAFT_WITH_LOCAL_AREA
    row = AuditEvent.objects.get(action="letter.send_draft")
    assert row.after == {"state": "draft_with_local_area", "draft_sent_on": "2018-01-10",
                         "letter_version": 1}


def test_a_return_starts_a_version_the_earlier_approvals_do_not_count_for(
        with_qa, quality_assurance, cqc_decision_maker, lead_inspector):
    approve(with_qa, quality_assurance)
    letters.letter_return_draft(letter=letter(with_qa), by=cqc_decision_maker,
                                comments="Say what the CCG found about waiting times.")
    letters.letter_submit_for_qa(letter=letter(with_qa), by=lead_inspector)
    approve(with_qa, cqc_decision_maker)
    with pytest.raises(ValidationError, match="approved version 2: Ofsted has not"):
        send(with_qa, quality_assurance)
    # Ofsted's approval of version 1 does not stop it approving version 2.
    approve(with_qa, quality_assurance)
    send(with_qa, quality_assurance)
    assert letter(with_qa).state == LetterState.DRAFT_WITH_LOCAL_AREA


@pytest.mark.parametrize("second", ["quality_assurance", "another_ofsted_reviewer"])
def test_an_inspectorate_approves_a_version_once(with_qa, quality_assurance, request, second):
    approve(with_qa, quality_assurance)
    by = (quality_assurance if second == "quality_assurance" else
          UserFactory(username="vic.senior", role=roles.QUALITY_ASSURANCE))
    before = _everything(with_qa)
    with pytest.raises(ValidationError, match="Ofsted has already approved version 1 of "
                                             "the draft"):
        approve(with_qa, by)
    assert _everything(with_qa) == before


def test_the_database_keeps_one_approval_per_inspectorate_and_version(
        with_qa, quality_assurance):
    approve(with_qa, quality_assurance)
    version = letter(with_qa).versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterReview.objects.create(version=version, reviewer=quality_assurance,
                                    inspectorate="ofsted", decision="approved")


def test_a_cqc_reviewer_cannot_record_ofsteds_approval_nor_an_ofsted_reviewer_cqcs(
        with_qa, quality_assurance, cqc_decision_maker):
    before = _everything(with_qa)
    with pytest.raises(PermissionDenied,
                       match="^Only Ofsted staff can record Ofsted's quality assurance"):
        approve(with_qa, cqc_decision_maker, "ofsted")
    with pytest.raises(PermissionDenied,
                       match="^Only CQC staff can record CQC's quality assurance"):
        approve(with_qa, quality_assurance, "cqc")
    assert _everything(with_qa) == before


def test_a_reviewer_recorded_without_an_inspectorate_neither_approves_nor_returns(with_qa):
    reviewer = UserFactory(username="una.unknown", role=roles.QUALITY_ASSURANCE)
    # As though recorded before staff had an inspectorate.
    User.objects.filter(pk=reviewer.pk).update(inspectorate="")
    reviewer.refresh_from_db()
    before = _everything(with_qa)
    refused = "^You are not recorded as working for Ofsted or CQC"
    for inspectorate in ("", "ofsted", "cqc"):
        with pytest.raises(PermissionDenied, match=refused if not inspectorate else "^Only"):
            approve(with_qa, reviewer, inspectorate)
    with pytest.raises(PermissionDenied, match=refused):
        letters.letter_return_draft(letter=letter(with_qa), by=reviewer, comments="Shorter.")
    assert _everything(with_qa) == before


@pytest.mark.parametrize("persona", ["lead_inspector", "team_inspector", "ofsted_admin",
                                     "lano", "local_area_leader", "outsider"])
def test_only_quality_assurance_approves_a_draft(with_qa, request, persona):
    user = request.getfixturevalue(persona)
    before = _everything(with_qa)
    with pytest.raises(PermissionDenied, match="^Only quality assurance can approve the draft"):
        approve(with_qa, user, "ofsted")
    assert _everything(with_qa) == before


def test_a_draft_is_approved_only_while_it_is_with_quality_assurance(
        walk, inspection, quality_assurance):
    walk(LetterState.DRAFTING)
    with pytest.raises(ValidationError, match="You cannot approve the draft while the letter "
                                              "is 'drafting'"):
        approve(inspection, quality_assurance)
    assert not LetterReview.objects.exists()
