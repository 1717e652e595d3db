"""The whole cycle through the services, each clock's start, due and met date checked against
the calendar of England: submit, not fit, resubmit, not fit, the Minister; and fit first time.
Medway's dates are the real ones: the final report received on 31 January 2018 and published
on 8 February 2018."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from deadlines.models import Deadline
from evidence.models import RetentionHold
from tests.wsoa.conftest import every_action, statement
from wsoa import services
from wsoa.models import Fitness, NextStep, Stage, Wsoa

pytestmark = pytest.mark.django_db
D = datetime.date


def _clock(wsoa, code, *, latest=True):
    clocks = Deadline.objects.filter(wsoa=wsoa, rule__code=code).order_by("-created_at", "-id")
    return clocks.first()


def _dates(deadline):
    return deadline.start_date, deadline.due_date, deadline.status, deadline.met_on


def _views(wsoa, ofsted, cqc, fitness):
    services.wsoa_record_view(wsoa=wsoa, by=ofsted, inspectorate="ofsted", fitness=fitness)
    services.wsoa_record_view(wsoa=wsoa, by=cqc, inspectorate="cqc", fitness=fitness)


def _not_fit(wsoa):
    first = services.weaknesses_of(wsoa)[0]
    return {first.pk: "Say who leads co-production, and by when"}


def test_the_determination_makes_the_statement_with_no_clock_until_receipt(determined):
    assert determined.stage == Stage.AWAITING_RECEIPT
    assert determined.principal_authority == "joint"
    assert len(services.weaknesses_of(determined)) == 8
    assert not Deadline.objects.filter(wsoa=determined).exists()
    assert AuditEvent.objects.filter(action="wsoa.created", object_id=str(determined.pk)).exists()
    # Handbook 73: the evidence base is kept beyond six months where a statement is required.
    hold = RetentionHold.objects.get(inspection=determined.inspection, released_at__isnull=True)
    assert hold.reason == "wsoa"


def test_submit_not_fit_resubmit_not_fit_and_the_minister(
        published, lano, ofsted_admin, quality_assurance, cqc_decision_maker, dfe_adviser,
        notify):
    wsoa = published
    # The report was published on 8 February 2018: the DfE's advice is due 12 months on.
    assert _dates(_clock(wsoa, "dfe_progress_review")) == (D(2018, 2, 8), D(2019, 2, 8),
                                                           "open", None)
    wsoa = services.wsoa_record_receipt(wsoa=wsoa, by=lano, received_on=D(2018, 1, 31))
    assert wsoa.stage == Stage.DRAFTING
    # Handbook 75: 70 working days from receipt on 31 January 2018 is 14 May 2018.
    assert _dates(_clock(wsoa, "wsoa_submission")) == (D(2018, 1, 31), D(2018, 5, 14),
                                                       "open", None)
    # The re-visit: 18 months from the last day on site (8 December 2017), a Saturday, so
    # the Monday after.
    assert _dates(_clock(wsoa, "revisit")) == (D(2017, 12, 8), D(2019, 6, 10), "open", None)

    first = services.wsoa_submit(wsoa=wsoa, by=lano, statement=statement(wsoa, lano),
                                 actions=every_action(wsoa), copies_confirmed=True,
                                 submitted_on=D(2018, 5, 10))
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    assert (first.number, wsoa.stage, first.actions.count()) == (1, Stage.UNDER_REVIEW, 8)
    assert _dates(_clock(wsoa, "wsoa_submission"))[2:] == ("met", D(2018, 5, 10))
    # 10 working days from 10 May 2018.
    assert _dates(_clock(wsoa, "wsoa_review")) == (D(2018, 5, 10), D(2018, 5, 24), "open",
                                                   None)

    _views(wsoa, quality_assurance, cqc_decision_maker, Fitness.NOT_FIT)
    services.wsoa_decide(wsoa=wsoa, by=ofsted_admin, regional_director="Christopher Russell",
                         recommendations=_not_fit(wsoa), decided_on=D(2018, 5, 24))
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    assert wsoa.stage == Stage.RESUBMISSION
    assert _dates(_clock(wsoa, "wsoa_review"))[2:] == ("met", D(2018, 5, 24))
    # 20 working days from 24 May 2018, over the spring bank holiday of 28 May.
    assert _dates(_clock(wsoa, "wsoa_resubmission")) == (D(2018, 5, 24), D(2018, 6, 22),
                                                         "open", None)

    second = services.wsoa_submit(wsoa=wsoa, by=lano, statement=statement(wsoa, lano),
                                  actions=every_action(wsoa), copies_confirmed=True,
                                  submitted_on=D(2018, 6, 21))
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    # The same file name: the revised statement is the document's second version.
    assert (second.number, second.statement.number) == (2, 2)
    assert second.statement.document_id == first.statement.document_id
    assert _dates(_clock(wsoa, "wsoa_resubmission"))[2:] == ("met", D(2018, 6, 21))
    assert _dates(_clock(wsoa, "wsoa_review")) == (D(2018, 6, 21), D(2018, 7, 5), "open", None)

    _views(wsoa, quality_assurance, cqc_decision_maker, Fitness.NOT_FIT)
    services.wsoa_decide(wsoa=wsoa, by=cqc_decision_maker, regional_director="C Russell",
                         recommendations=_not_fit(wsoa), decided_on=D(2018, 7, 5))
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    assert wsoa.stage == Stage.MINISTER
    assert _dates(_clock(wsoa, "wsoa_review"))[2:] == ("met", D(2018, 7, 5))
    assert Deadline.objects.filter(wsoa=wsoa, rule__code="wsoa_review").count() == 2
    # No third submission.
    with pytest.raises(ValidationError, match="referred to the Minister"):
        services.wsoa_submit(wsoa=wsoa, by=lano, statement=None, actions=[],
                             copies_confirmed=True)

    wsoa = services.wsoa_advise_minister(wsoa=wsoa, by=ofsted_admin,
                                         advised_on=D(2018, 7, 20),
                                         next_step=NextStep.STATUTORY_DIRECTION)
    assert (wsoa.minister_advised_on, wsoa.next_step) == (D(2018, 7, 20), "direction")
    services.wsoa_record_dfe_advice(wsoa=wsoa, by=dfe_adviser, advised_on=D(2019, 2, 1))
    assert _dates(_clock(wsoa, "dfe_progress_review"))[2:] == ("met", D(2019, 2, 1))
    actions = [e.action for e in AuditEvent.objects.filter(
        action__startswith="wsoa.").order_by("id")]
    assert actions == ["wsoa.created", "wsoa.report_received", "wsoa.submitted",
                       "wsoa.view_recorded", "wsoa.view_recorded", "wsoa.decided",
                       "wsoa.submitted", "wsoa.view_recorded", "wsoa.view_recorded",
                       "wsoa.decided", "wsoa.minister_advised", "wsoa.dfe_advice_recorded"]


def test_fit_first_time(issued, local_area_leader, quality_assurance, cqc_decision_maker,
                        notify):
    wsoa = services.wsoa_record_receipt(wsoa=issued, by=local_area_leader,
                                        received_on=D(2018, 2, 2))
    # Two days after the default: 70 working days from Friday 2 February 2018.
    assert _clock(wsoa, "wsoa_submission").due_date == D(2018, 5, 16)
    services.wsoa_submit(wsoa=wsoa, by=local_area_leader,
                         statement=statement(wsoa, local_area_leader),
                         actions=every_action(wsoa), copies_confirmed=True,
                         submitted_on=D(2018, 5, 16))
    _views(wsoa, quality_assurance, cqc_decision_maker, Fitness.FIT)
    review = services.wsoa_decide(wsoa=wsoa, by=quality_assurance,
                                  regional_director="Christopher Russell",
                                  decided_on=D(2018, 5, 25))
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    assert (wsoa.stage, review.decision) == (Stage.FIT, "fit")
    assert _dates(_clock(wsoa, "wsoa_submission"))[1:] == (D(2018, 5, 16), "met",
                                                           D(2018, 5, 16))
    assert _dates(_clock(wsoa, "wsoa_review")) == (D(2018, 5, 16), D(2018, 5, 31), "met",
                                                   D(2018, 5, 25))
    assert _clock(wsoa, "wsoa_resubmission") is None


def test_receipt_again_corrects_the_submission_clock(issued, ofsted_admin):
    wsoa = services.wsoa_record_receipt(wsoa=issued, by=ofsted_admin, received_on=D(2018, 1, 31))
    wsoa = services.wsoa_record_receipt(wsoa=wsoa, by=ofsted_admin, received_on=D(2018, 2, 8),
                                        version=wsoa.version)
    # Had it counted from publication on 8 February 2018, as the Medway paper does.
    deadline = _clock(wsoa, "wsoa_submission")
    assert (deadline.start_date, deadline.due_date) == (D(2018, 2, 8), D(2018, 5, 22))
    assert Deadline.objects.filter(wsoa=wsoa, rule__code="wsoa_submission").count() == 1


def test_a_reopened_decision_runs_the_review_clock_again(
        issued, lano, ofsted_admin, quality_assurance, cqc_decision_maker):
    wsoa = services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2018, 1, 31))
    services.wsoa_submit(wsoa=wsoa, by=lano, statement=statement(wsoa, lano),
                         actions=every_action(wsoa), copies_confirmed=True,
                         submitted_on=D(2018, 5, 10))
    _views(wsoa, quality_assurance, cqc_decision_maker, Fitness.NOT_FIT)
    services.wsoa_decide(wsoa=wsoa, by=ofsted_admin, regional_director="Christopher Russell",
                         recommendations=_not_fit(wsoa), decided_on=D(2018, 5, 24))
    with pytest.raises(PermissionDenied):
        services.wsoa_reopen(wsoa=wsoa, by=quality_assurance, reason="Wrong statement read")
    with pytest.raises(ValidationError, match="Say why"):
        services.wsoa_reopen(wsoa=wsoa, by=ofsted_admin, reason="  ")
    services.wsoa_reopen(wsoa=wsoa, by=ofsted_admin, reason="Wrong statement read")
    wsoa = Wsoa.objects.get(pk=wsoa.pk)
    assert wsoa.stage == Stage.UNDER_REVIEW
    assert _clock(wsoa, "wsoa_review").status == "missed"  # due 24 May 2018, long past
    assert _clock(wsoa, "wsoa_resubmission").status == "cancelled"
    reopened = AuditEvent.objects.get(action="wsoa.reopened")
    assert reopened.actor == ofsted_admin and "Wrong" not in str(reopened.after)


def test_a_changed_decision_or_a_withdrawal_removes_a_statement_not_started(
        determined, inspection, ofsted_admin):
    from inspections.services import inspection_withdraw
    from reports.parts import determination_decide

    determination_decide(inspection=inspection, by=ofsted_admin, agreed=False,
                         wsoa_required=True, principal_authority="local_authority",
                         reasons="The CCG met its duties", version=2)
    assert Wsoa.objects.get(pk=determined.pk).principal_authority == "local_authority"
    inspection_withdraw(inspection=inspection, by=ofsted_admin, reason="Postponed")
    assert not Wsoa.objects.filter(pk=determined.pk).exists()
    assert not RetentionHold.objects.filter(inspection=inspection,
                                            released_at__isnull=True).exists()
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="wsoa.")
            .order_by("id")] == ["wsoa.created", "wsoa.principal_authority_changed",
                                 "wsoa.removed"]
