"""The walk along the main line that the demo data and the tests share."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from deadlines.calendar import add_working_days
from inspections.models import MAIN_LINE, Inspection, State
from inspections.transitions import LIFECYCLE
from inspections.walk import WALK, walk_dates
from tests.inspections.conftest import MEDWAY_END, MEDWAY_START, at

D = datetime.date
pytestmark = pytest.mark.django_db


def fresh(inspection) -> Inspection:
    return Inspection.objects.get(pk=inspection.pk)


def test_the_walk_has_one_step_to_each_state_of_the_main_line_in_order():
    assert [LIFECYCLE[step].to_state for step, _ in WALK] == MAIN_LINE[1:]


@pytest.mark.parametrize("state", MAIN_LINE)
def test_the_walk_stops_at_the_state_asked_for(walk_to, inspection, state):
    assert walk_to(inspection, state).state == state
    assert fresh(inspection).state == state


def test_the_walk_takes_each_step_once_through_its_service(walk_to, inspection, ofsted_admin,
                                                          lead_inspector, quality_assurance):
    set_up = AuditEvent.objects.latest("id").id
    walk_to(inspection, State.ON_SITE)
    walk_to(inspection, State.CLOSED)  # on from where it stands
    steps = list(AuditEvent.objects.filter(object_type="inspections.inspection",
                                           object_id=str(inspection.pk), id__gt=set_up)
                 .order_by("id").values_list("action", "actor__username"))
    admin, lead, qa = (ofsted_admin.username, lead_inspector.username,
                       quality_assurance.username)
    assert steps == [
        ("inspection.notify", admin), ("inspection.start_onsite", lead),
        ("inspection.give_feedback", lead), ("inspection.start_drafting", lead),
        ("inspection.submit_for_qa", lead), ("inspection.send_draft", qa),
        ("inspection.comments_received", lead), ("inspection.issue_final", lead),
        ("inspection.publish", admin), ("inspection.close", admin)]


def test_the_dates_follow_from_the_on_site_dates(walk_to, inspection):
    dates = walk_dates(inspection)
    draft = add_working_days(MEDWAY_END, 15)
    final = add_working_days(draft, 11)
    assert dates.notified_at == at(D(2017, 11, 27), 9, 30)
    assert dates.onsite_at == at(MEDWAY_START, 9, 0)
    assert (dates.feedback_on, dates.draft_sent_on, dates.comments_received_on,
            dates.final_issued_on, dates.published_on, dates.closed_on) == (
        MEDWAY_END, draft, add_working_days(draft, 8), final, add_working_days(final, 5),
        add_working_days(final, 30))

    closed = walk_to(inspection, State.CLOSED)
    assert (closed.notified_on, closed.feedback_on, closed.draft_sent_on,
            closed.comments_received_on, closed.final_issued_on, closed.published_on,
            closed.closed_on) == (
        D(2017, 11, 27), dates.feedback_on, dates.draft_sent_on, dates.comments_received_on,
        dates.final_issued_on, dates.published_on, dates.closed_on)
    assert closed.notification_call.called_at == dates.notified_at


def test_dates_given_replace_the_derived_ones_and_unknown_names_are_refused(walk_to,
                                                                            inspection):
    walked = walk_to(inspection, State.FINAL_ISSUED, draft_sent_on=D(2018, 1, 10),
                     comments_received_on=None, final_issued_on=D(2018, 1, 31))
    assert (walked.draft_sent_on, walked.comments_received_on, walked.final_issued_on) == (
        D(2018, 1, 10), None, D(2018, 1, 31))
    with pytest.raises(TypeError):
        walk_dates(inspection, published=D(2018, 2, 8))


def test_the_walk_never_goes_back_or_off_the_main_line(walk_to, inspection):
    walk_to(inspection, State.ON_SITE)
    with pytest.raises(ValueError, match="already past 'notified'"):
        walk_to(inspection, State.NOTIFIED)
    with pytest.raises(ValueError, match="'withdrawn' is not on the main line"):
        walk_to(inspection, State.WITHDRAWN)
    assert fresh(inspection).state == State.ON_SITE


def test_a_step_the_service_refuses_undoes_the_whole_walk(walk_to, inspection):
    before = fresh(inspection)
    with pytest.raises(ValidationError, match="before the feedback meeting"):
        walk_to(inspection, State.PUBLISHED, draft_sent_on=D(2017, 12, 7))
    after = fresh(inspection)
    assert (after.state, after.version, after.notified_on) == (State.PLANNING, before.version,
                                                               None)
