"""The walk along the main line that the demo data and the tests share."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from deadlines.calendar import add_working_days
from inspections.models import Inspection, State
from inspections.walk import WALK, walk_dates
from reports.models import LetterState
from reports.progress import PROGRESS, standing
from tests.inspections.conftest import MEDWAY_END, MEDWAY_START, at

D = datetime.date
pytestmark = pytest.mark.django_db


def fresh(inspection) -> Inspection:
    return Inspection.objects.select_related("letter").get(pk=inspection.pk)


def test_the_walk_has_one_step_to_each_place_on_the_main_line_in_order():
    assert [reaches for _, reaches, _ in WALK] == PROGRESS[1:]


@pytest.mark.parametrize("state", PROGRESS)
def test_the_walk_stops_at_the_state_asked_for(walk_to, inspection, state):
    assert standing(walk_to(inspection, state)) == state
    assert standing(fresh(inspection)) == state


def test_the_walk_takes_each_step_once_through_its_service(walk_to, inspection, ofsted_admin,
                                                          lead_inspector, quality_assurance,
                                                          cqc_decision_maker):
    set_up = AuditEvent.objects.latest("id").id
    walk_to(inspection, State.ON_SITE)
    walk_to(inspection, State.CLOSED)  # on from where it stands
    steps = list(AuditEvent.objects.filter(inspection=inspection, id__gt=set_up)
                 .exclude(action__startswith="deadline.")
                 .order_by("id").values_list("action", "actor__username"))
    admin, lead, qa, cqc_qa = (ofsted_admin.username, lead_inspector.username,
                               quality_assurance.username, cqc_decision_maker.username)
    assert steps == [
        ("inspection.notify", admin), ("inspection.start_onsite", lead),
        ("inspection.give_feedback", lead), ("inspection.start_drafting", lead),
        ("letter.create", lead),
        ("letter.submit_for_qa", lead),
        # Ofsted's and CQC's quality assurance each approve the draft; Ofsted's sends it.
        ("letter.approve_draft", qa), ("letter.approve_draft", cqc_qa),
        ("letter.send_draft", qa),
        ("letter.comments_received", lead), ("letter.issue_final", lead),
        ("inspection.publish", admin), ("letter.copies_recorded", admin),
        ("inspection.close", admin)]


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
    letter = closed.letter
    assert (closed.notified_on, closed.feedback_on, letter.draft_sent_on,
            letter.comments_received_on, letter.final_issued_on, closed.published_on,
            closed.closed_on) == (
        D(2017, 11, 27), dates.feedback_on, dates.draft_sent_on, dates.comments_received_on,
        dates.final_issued_on, dates.published_on, dates.closed_on)
    assert closed.notification_call.called_at == dates.notified_at


def test_dates_given_replace_the_derived_ones_and_unknown_names_are_refused(walk_to,
                                                                            inspection):
    letter = walk_to(inspection, LetterState.FINAL_ISSUED, draft_sent_on=D(2018, 1, 10),
                     comments_received_on=None, final_issued_on=D(2018, 1, 31)).letter
    assert (letter.draft_sent_on, letter.comments_received_on, letter.final_issued_on) == (
        D(2018, 1, 10), None, D(2018, 1, 31))
    with pytest.raises(TypeError):
        walk_dates(inspection, published=D(2018, 2, 8))


def test_the_walk_never_goes_back_or_off_the_main_line(walk_to, inspection):
    walk_to(inspection, State.ON_SITE)
    with pytest.raises(ValueError, match="already past 'notified'"):
        walk_to(inspection, State.NOTIFIED)
    with pytest.raises(ValueError, match="'withdrawn' is not on the main line"):
        walk_to(inspection, State.WITHDRAWN)
    # "Reporting" is where the letter's own steps are: the walk names the letter's state.
    with pytest.raises(ValueError, match="'reporting' is not on the main line"):
        walk_to(inspection, State.REPORTING)
    assert fresh(inspection).state == State.ON_SITE


def test_a_step_the_service_refuses_undoes_the_whole_walk(walk_to, inspection):
    before = fresh(inspection)
    with pytest.raises(ValidationError, match="the same as or after the final feedback meeting"):
        walk_to(inspection, State.PUBLISHED, draft_sent_on=D(2017, 12, 7))
    after = fresh(inspection)
    assert (after.state, after.version, after.notified_on) == (State.PLANNING, before.version,
                                                               None)
