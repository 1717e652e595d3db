"""The outcome letter's own steps: quality assurance passes or returns a draft, a returned
draft becomes a new version, and what QA says stays out of the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from deadlines.models import Deadline
from inspections.models import Inspection, State
from reports import services as letters
from reports.models import LetterReview, LetterState, LetterVersion, OutcomeLetter

D = datetime.date
pytestmark = pytest.mark.django_db
COMMENTS = "Paragraph 4 names a school that a reader could use to identify a child."


def letter(inspection) -> OutcomeLetter:
    return OutcomeLetter.objects.select_related("inspection").get(inspection=inspection)


def _everything(inspection) -> dict:
    return {
        "letter": list(OutcomeLetter.objects.values()),
        "versions": list(LetterVersion.objects.values()),
        "reviews": list(LetterReview.objects.values()),
        "audit": list(AuditEvent.objects.values_list("id", flat=True)),
        "clocks": list(Deadline.objects.values("id", "status", "due_date")),
        "inspection": Inspection.objects.values().get(pk=inspection.pk),
    }


def test_starting_the_draft_makes_the_letter_at_version_1(walk, inspection, lead_inspector):
    walk(LetterState.DRAFTING)
    made = letter(inspection)
    assert (made.inspection.state, made.state) == (State.REPORTING, LetterState.DRAFTING)
    assert list(made.versions.values_list("number", "reason", "started_by")) == [
        (1, "first_draft", lead_inspector.pk)]


def test_a_returned_draft_goes_back_to_the_lead_as_the_next_version(
        walk, inspection, quality_assurance, cqc_decision_maker, lead_inspector):
    walk(LetterState.QUALITY_ASSURANCE)
    letters.letter_return_draft(letter=letter(inspection), by=cqc_decision_maker,
                                comments=COMMENTS)
    returned = letter(inspection)
    assert returned.state == LetterState.DRAFTING
    assert list(returned.versions.values_list("number", "reason")) == [
        (1, "first_draft"), (2, "returned")]
    review = LetterReview.objects.get()
    assert (review.version.number, review.reviewer, review.inspectorate, review.decision,
            review.comments) == (1, cqc_decision_maker, "cqc", "returned", COMMENTS)

    # The lead revises it and submits version 2; both inspectorates pass it this time.
    letters.letter_submit_for_qa(letter=returned, by=lead_inspector)
    for by in (quality_assurance, cqc_decision_maker):
        letters.letter_approve_draft(letter=letter(inspection), by=by,
                                     inspectorate=by.inspectorate)
    letters.letter_send_draft(letter=letter(inspection), by=cqc_decision_maker,
                              on=D(2018, 1, 10))
    assert list(LetterReview.objects.order_by("id").values_list(
        "version__number", "inspectorate", "decision")) == [
        (1, "cqc", "returned"), (2, "ofsted", "approved"), (2, "cqc", "approved")]
    assert letter(inspection).state == LetterState.DRAFT_WITH_LOCAL_AREA


def test_the_audit_row_of_a_return_says_comments_were_made_not_what_they_say(
        walk, inspection, quality_assurance):
    walk(LetterState.QUALITY_ASSURANCE)
    letters.letter_return_draft(letter=letter(inspection), by=quality_assurance,
                                comments=COMMENTS)
    row = AuditEvent.objects.get(action="letter.return_draft")
    assert (row.inspection_id, row.object_type, row.before, row.after) == (
        inspection.pk, "reports.outcomeletter", {"state": "quality_assurance"},
        {"state": "drafting", "inspectorate": "ofsted", "letter_version": 2,
         "fields": ["comments"]})
    assert not AuditEvent.objects.filter(after__icontains="identify a child").exists()


@pytest.mark.parametrize("comments", ["", "   \n"])
def test_a_draft_is_not_returned_without_comments(walk, inspection, quality_assurance,
                                                  comments):
    walk(LetterState.QUALITY_ASSURANCE)
    before = _everything(inspection)
    with pytest.raises(ValidationError, match="Say what the lead inspector needs to change"):
        letters.letter_return_draft(letter=letter(inspection), by=quality_assurance,
                                    comments=comments)
    assert _everything(inspection) == before


@pytest.mark.parametrize("persona", ["lead_inspector", "team_inspector", "ofsted_admin",
                                     "lano", "local_area_leader", "outsider"])
def test_only_quality_assurance_returns_a_draft(walk, inspection, request, persona):
    walk(LetterState.QUALITY_ASSURANCE)
    user = request.getfixturevalue(persona)
    before = _everything(inspection)
    with pytest.raises(PermissionDenied, match="^Only quality assurance can return the draft"):
        letters.letter_return_draft(letter=letter(inspection), by=user, comments=COMMENTS)
    assert _everything(inspection) == before


def test_sending_the_draft_starts_the_areas_time_to_comment(walk, inspection,
                                                            quality_assurance,
                                                            cqc_decision_maker):
    walk(LetterState.QUALITY_ASSURANCE)
    for by in (cqc_decision_maker, quality_assurance):
        letters.letter_approve_draft(letter=letter(inspection), by=by,
                                     inspectorate=by.inspectorate)
    letters.letter_send_draft(letter=letter(inspection), by=cqc_decision_maker,
                              on=D(2018, 1, 10))
    sent = letter(inspection)
    assert sent.draft_sent_on == D(2018, 1, 10)
    assert Deadline.objects.get(inspection=inspection,
                                rule__code="factual_accuracy").start_date == D(2018, 1, 10)
    # Sending records no approval of its own.
    assert LetterReview.objects.count() == 2


def test_a_letter_step_leaves_the_inspections_record_and_version_alone(
        walk, inspection, lead_inspector):
    reporting = walk(LetterState.DRAFTING)
    letters.letter_submit_for_qa(letter=letter(inspection), by=lead_inspector)
    after = Inspection.objects.get(pk=inspection.pk)
    assert (after.state, after.version) == (State.REPORTING, reporting.version)


def test_publishing_waits_for_the_final_letter(walk, inspection, ofsted_admin):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    before = _everything(inspection)
    from inspections import services

    with pytest.raises(ValidationError, match="while the letter is 'draft with local area'"):
        services.inspection_publish(inspection=Inspection.objects.get(pk=inspection.pk),
                                    by=ofsted_admin, on=D(2018, 2, 8))
    assert _everything(inspection) == before


def test_withdrawing_while_reporting_keeps_the_letter_where_it_stood(walk, inspection,
                                                                     ofsted_admin):
    from inspections import services

    walk(LetterState.QUALITY_ASSURANCE)
    services.inspection_withdraw(inspection=Inspection.objects.get(pk=inspection.pk),
                                 by=ofsted_admin, reason="The area was reorganised")
    stopped = letter(inspection)
    assert (stopped.inspection.state, stopped.state) == (State.WITHDRAWN,
                                                         LetterState.QUALITY_ASSURANCE)
