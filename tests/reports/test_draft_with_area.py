"""The restricted draft with the local area (handbook 66 and 67): who of the area it goes to,
who reads it, the factual-accuracy comments within 10 working days and their answers, and
what the final report and publication wait for."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from deadlines import services as clocks
from deadlines.models import Deadline, DeadlineStatus, Notification
from inspections import services as inspection_services
from reports import accuracy
from reports import services as letters
from reports.models import (
    AccuracyComment,
    DraftRecipient,
    LetterReview,
    LetterState,
    OutcomeLetter,
)
from tests.conftest import midday_in_england
from tests.factories import UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db
SENT_ON = D(2018, 1, 10)  # a Wednesday: 10 working days run to Wednesday 24 January
PASSAGE = "Leaders have an accurate understanding of the local area's strengths"
COMMENT = "The self-evaluation was shared with leaders in March, not May."


def on(day: datetime.date):
    return time_machine.travel(midday_in_england(day), tick=False)


def letter_of(inspection) -> OutcomeLetter:
    return (OutcomeLetter.objects.select_related("inspection__local_area")
            .prefetch_related("recipients").get(inspection=inspection))


@pytest.fixture
def dcs(medway):
    return UserFactory(username="ian.dcs", first_name="Ian", last_name="Sutherland",
                       role=roles.LOCAL_AREA_LEADER, local_area=medway)


@pytest.fixture
def with_qa(walk, inspection):
    walk(LetterState.QUALITY_ASSURANCE)
    return letter_of(inspection)


@pytest.fixture
def with_area(walk, inspection, with_qa, dcs, lano, ofsted_admin):
    """The draft sent on SENT_ON, to the DCS (named by the admin) and the LANO (named by
    the DCS as their representative)."""
    accuracy.recipient_name(letter=with_qa, by=ofsted_admin, user=dcs, capacity="dcs")
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    sent = letter_of(inspection)
    accuracy.recipient_name(letter=sent, by=dcs, user=lano, capacity="representative")
    return letter_of(inspection)


# Naming recipients ---------------------------------------------------------------------------

def test_an_admin_names_the_dcs_and_the_dcs_names_a_representative_only(
        with_area, dcs, lano, local_area_leader):
    assert list(with_area.recipients.values_list("user", "capacity")) == [
        (dcs.pk, "dcs"), (lano.pk, "representative")]
    with pytest.raises(ValidationError, match="representatives only"):
        accuracy.recipient_name(letter=with_area, by=dcs, user=local_area_leader,
                                capacity="health_ce")
    # A representative names nobody.
    with pytest.raises(PermissionDenied):
        accuracy.recipient_name(letter=with_area, by=lano, user=local_area_leader,
                                capacity="representative")
    actions = list(AuditEvent.objects.filter(action="letter.recipient_named").order_by("id")
                   .values_list("actor", "after__user_id", "after__capacity"))
    assert actions[-2:] == [(actions[-2][0], dcs.pk, "dcs"), (dcs.pk, lano.pk,
                                                               "representative")]


def test_only_someone_of_the_inspected_area_named_once_can_be_named(
        with_qa, ofsted_admin, dcs, other_lano):
    accuracy.recipient_name(letter=with_qa, by=ofsted_admin, user=dcs, capacity="dcs")
    for user in (dcs, other_lano, UserFactory(role=roles.INSPECTOR)):
        with pytest.raises(ValidationError, match="not been named already"):
            accuracy.recipient_name(letter=letter_of(with_qa.inspection), by=ofsted_admin,
                                    user=user, capacity="representative")
    assert DraftRecipient.objects.count() == 1


def test_the_last_dcs_or_chief_executive_stays_while_the_draft_is_with_the_area(
        with_area, lead_inspector, lano):
    dcs_row, lano_row = with_area.recipients.order_by("id")
    with pytest.raises(ValidationError, match="before removing the last one"):
        accuracy.recipient_remove(recipient=dcs_row, by=lead_inspector)
    accuracy.recipient_remove(recipient=lano_row, by=lead_inspector)
    assert list(DraftRecipient.objects.values_list("user", flat=True)) == [dcs_row.user_id]
    assert AuditEvent.objects.filter(action="letter.recipient_removed",
                                     after__user_id=lano.pk).count() == 1


# Who reads the draft ------------------------------------------------------------------------

def test_only_the_named_of_the_area_read_the_draft_and_each_reading_is_audited(
        client, with_area, dcs, lano, local_area_leader, lead_inspector):
    url = reverse("reports:draft", args=[with_area.inspection_id])
    client.force_login(local_area_leader)  # of the area, not named
    refused = client.get(url)
    assert refused.status_code == 403
    overview = client.get(reverse("inspections:overview", args=[with_area.inspection_id]))
    page = overview.content.decode()
    assert "Ian Sutherland (director of children&#x27;s services)" in page
    assert "only they, of the local area, can read it" in page
    assert PASSAGE not in page
    for reader in (dcs, lano, lead_inspector):
        client.force_login(reader)
        shown = client.get(url)
        assert shown.status_code == 200
        assert "DRAFT – RESTRICTED AND CONFIDENTIAL" in shown.content.decode()
    readings = AuditEvent.objects.filter(action="letter.draft_read")
    assert sorted(readings.values_list("actor", flat=True)) == sorted(
        [dcs.pk, lano.pk, lead_inspector.pk])
    assert {tuple(sorted(row.after.items())) for row in readings} == {
        (("as", "page"), ("letter_version", 1))}


def test_a_recipient_reads_nothing_before_the_draft_is_sent(client, with_qa, ofsted_admin,
                                                            dcs):
    accuracy.recipient_name(letter=with_qa, by=ofsted_admin, user=dcs, capacity="dcs")
    client.force_login(dcs)
    assert client.get(reverse("reports:draft", args=[with_qa.inspection_id])).status_code \
        == 403
    assert client.get(reverse("reports:comments", args=[with_qa.inspection_id])) \
        .status_code == 403


# Comments within 10 working days -------------------------------------------------------------

def test_the_factual_accuracy_clock_starts_on_sending_and_is_met_by_the_area(
        with_area, dcs):
    clock_row = Deadline.objects.get(inspection=with_area.inspection,
                                     rule__code="factual_accuracy")
    assert (clock_row.start_date, clock_row.due_date, clock_row.status) == (
        SENT_ON, D(2018, 1, 24), DeadlineStatus.OPEN)
    with on(D(2018, 1, 24)):  # the last day
        accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage=PASSAGE,
                                      comment=COMMENT)
        letters.letter_record_comments_received(letter=letter_of(with_area.inspection),
                                                by=dcs, on=D(2018, 1, 24))
    clock_row.refresh_from_db()
    assert (clock_row.status, clock_row.met_on) == (DeadlineStatus.MET, D(2018, 1, 24))
    with on(D(2018, 1, 24)), pytest.raises(ValidationError, match="recorded as complete"):
        accuracy.accuracy_comment_add(letter=letter_of(with_area.inspection), by=dcs,
                                      passage=PASSAGE, comment="One more")


def test_a_comment_after_the_deadline_is_refused_until_an_admin_extends_the_clock(
        with_area, dcs, ofsted_admin):
    with on(D(2018, 1, 25)):
        with pytest.raises(ValidationError, match="ended on 24 January 2018"):
            accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage=PASSAGE,
                                          comment=COMMENT)
        clock_row = Deadline.objects.get(inspection=with_area.inspection,
                                         rule__code="factual_accuracy")
        clocks.deadline_extend(deadline=clock_row, working_days=2,
                               reason="The DCS was ill", by=ofsted_admin)
        made = accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage=PASSAGE,
                                             comment=COMMENT)
    assert (made.comment, made.version_number, made.by) == (COMMENT, 1, dcs)
    assert AuditEvent.objects.filter(action="deadline.extend").count() == 1
    # The audit row holds none of the words.
    row = AuditEvent.objects.get(action="letter.comment_added")
    assert COMMENT not in str(row.after) and row.after["comment_id"] == made.pk


def test_only_recipients_comment_and_each_comment_needs_its_words(
        with_area, dcs, local_area_leader, lead_inspector):
    with on(D(2018, 1, 15)):
        for outsider in (local_area_leader, lead_inspector):
            with pytest.raises(PermissionDenied):
                accuracy.accuracy_comment_add(letter=with_area, by=outsider,
                                              passage=PASSAGE, comment=COMMENT)
        with pytest.raises(ValidationError) as refused:
            accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage=" ",
                                          comment="")
    assert set(refused.value.message_dict) == {"passage", "comment"}
    assert not AccuracyComment.objects.exists()


# Answers ---------------------------------------------------------------------------------------

@pytest.fixture
def commented(with_area, dcs):
    with on(D(2018, 1, 15)):
        return accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage=PASSAGE,
                                             comment=COMMENT)


def test_the_lead_answers_and_every_recipient_but_the_lead_is_told(
        commented, lead_inspector, dcs, lano, team_inspector, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        accuracy.accuracy_comment_answer(comment=commented, by=team_inspector,
                                         response="accepted", response_text="Changed")
    with pytest.raises(ValidationError) as refused:
        accuracy.accuracy_comment_answer(comment=commented, by=lead_inspector,
                                         response="not_accepted", response_text=" ")
    assert refused.value.message_dict == {"response_text": ["Give the reason"]}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answered = accuracy.accuracy_comment_answer(
            comment=commented, by=lead_inspector, response="accepted",
            response_text="Changed to March in main findings", version=1)
    assert (answered.response, answered.answered_by, answered.version) == (
        "accepted", lead_inspector, 2)
    told = Notification.objects.filter(subject__startswith="The lead inspector answered")
    assert sorted(told.values_list("user", flat=True)) == sorted([dcs.pk, lano.pk])
    assert all(COMMENT not in n.body and "Changed to March" not in n.body for n in told)
    assert len(callbacks) == 2  # an email each, once committed
    # An answer written over a newer one is refused.
    with pytest.raises(ValidationError, match="Someone else answered"):
        accuracy.accuracy_comment_answer(comment=commented, by=lead_inspector,
                                         response="not_accepted", response_text="No",
                                         version=1)


def test_the_final_waits_for_every_answer(commented, lead_inspector, dcs):
    with on(D(2018, 1, 31)):
        with pytest.raises(ValidationError, match="1 of the local area's comments has no "
                                                  "answer"):
            letters.letter_issue_final(letter=letter_of(commented.letter.inspection),
                                       by=lead_inspector, on=D(2018, 1, 31))
        accuracy.accuracy_comment_answer(comment=commented, by=lead_inspector,
                                         response="not_accepted",
                                         response_text="The self-evaluation says May")
        letters.letter_issue_final(letter=letter_of(commented.letter.inspection),
                                   by=lead_inspector, on=D(2018, 1, 31))
    assert letter_of(commented.letter.inspection).state == LetterState.FINAL_ISSUED


def test_publishing_is_refused_with_a_comment_unanswered_or_quality_assurance_not_passed(
        with_area, dcs, lead_inspector, ofsted_admin):
    inspection = with_area.inspection
    with on(D(2018, 1, 31)):
        letters.letter_issue_final(letter=letter_of(inspection), by=lead_inspector,
                                   on=D(2018, 1, 31))
    # Rows no service would write: a comment left unanswered, then a withdrawn approval.
    comment = AccuracyComment.objects.create(letter=with_area, version_number=1,
                                             passage=PASSAGE, comment=COMMENT, by=dcs)
    with on(D(2018, 2, 8)):
        with pytest.raises(ValidationError, match="no answer"):
            inspection_services.inspection_publish(inspection=inspection, by=ofsted_admin,
                                                   on=D(2018, 2, 8))
        AccuracyComment.objects.filter(pk=comment.pk).update(
            response="accepted", response_text="Changed", answered_by=lead_inspector)
        LetterReview.objects.filter(inspectorate="cqc").delete()
        with pytest.raises(ValidationError, match="CQC did not approve it"):
            inspection_services.inspection_publish(inspection=inspection, by=ofsted_admin,
                                                   on=D(2018, 2, 8))


def test_the_lead_amends_findings_while_the_draft_is_with_the_area(with_area, lead_inspector):
    from reports.findings import finding_add

    finding = finding_add(letter=with_area, by=lead_inspector, section="main", kind="",
                          text="Leaders shared the self-evaluation in March.")
    assert finding.letter_id == with_area.pk


def test_the_comments_page_costs_the_same_queries_however_many_comments(
        client, with_area, dcs, lead_inspector):
    url = reverse("reports:comments", args=[with_area.inspection_id])
    client.force_login(lead_inspector)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with on(D(2018, 1, 15)):
        first = accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage="A",
                                              comment="B")
        accuracy.accuracy_comment_answer(comment=first, by=lead_inspector,
                                         response="accepted", response_text="Done")
        one = cost()
        for n in range(5):
            made = accuracy.accuracy_comment_add(letter=with_area, by=dcs, passage=f"P{n}",
                                                 comment=f"C{n}")
            accuracy.accuracy_comment_answer(comment=made, by=lead_inspector,
                                             response="accepted", response_text="Done")
        assert cost() == one
