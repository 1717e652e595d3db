"""The inspection lifecycle: every transition, who may make it, and the clocks it moves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from deadlines.calendar import add_working_days
from deadlines.models import Deadline, DeadlineStatus
from inspections import services
from inspections.models import Inspection, State
from inspections.selectors import inspection_get_for_user, inspection_visible_to
from reports import services as letters
from reports.models import LetterState
from reports.progress import standing
from tests.inspections.conftest import MEDWAY_END, MEDWAY_START, at

D = datetime.date
pytestmark = pytest.mark.django_db


def clock(inspection, code) -> Deadline:
    return Deadline.objects.get(inspection=inspection, rule__code=code)


def clocks(inspection) -> dict[str, str]:
    return dict(Deadline.objects.filter(inspection=inspection)
                .values_list("rule__code", "status"))


def fresh(inspection) -> Inspection:
    return Inspection.objects.select_related("letter").get(pk=inspection.pk)


def where(inspection) -> str:
    """Where the inspection stands: its state, or its letter's while it is reporting."""
    return standing(fresh(inspection))


def test_scheduling_starts_the_notification_clock(inspection):
    notification = clock(inspection, "notification")
    assert fresh(inspection).state == State.PLANNING
    assert notification.due_date == D(2017, 11, 27)  # 5 working days before 4 December
    assert notification.status == DeadlineStatus.OPEN


def test_only_ofsted_admins_schedule(lead_inspector, medway):
    with pytest.raises(PermissionDenied):
        services.inspection_create(by=lead_inspector, local_area=medway, framework="2016",
                                   onsite_start=MEDWAY_START, onsite_end=MEDWAY_END)


@pytest.mark.parametrize("framework,start,end,message", [
    ("2016", D(2017, 12, 2), D(2017, 12, 8), "weekday"),
    ("2016", D(2017, 12, 8), D(2017, 12, 4), "same as or after"),
    # Under 2016 a longer visit is only warned of (tests/inspections/test_onsite_length.py);
    # a 2023 inspection lasts up to three weeks, to the Friday of week 3.
    ("2023", D(2024, 3, 4), D(2024, 3, 25), "no later than the Friday of week 3"),
])
def test_on_site_dates_are_checked(ofsted_admin, medway, framework, start, end, message):
    with pytest.raises(ValidationError, match=message):
        services.inspection_create(by=ofsted_admin, local_area=medway, framework=framework,
                                   onsite_start=start, onsite_end=end)
    assert not Inspection.objects.exists()


def test_an_area_that_did_not_exist_then_cannot_be_inspected(ofsted_admin):
    from local_areas.models import LocalArea

    with pytest.raises(ValidationError, match="did not exist"):
        services.inspection_create(by=ofsted_admin,
                                   local_area=LocalArea.objects.get(name="Cumberland"),
                                   framework="2016", onsite_start=MEDWAY_START,
                                   onsite_end=MEDWAY_END)


def test_the_main_line_starts_meets_and_stops_the_right_clocks(walk, inspection):
    walk(State.NOTIFIED)
    assert clocks(inspection) == {"notification": "met"}
    assert clock(inspection, "notification").met_on == D(2017, 11, 27)

    walk(State.FEEDBACK_GIVEN)
    assert clock(inspection, "final_report").due_date == add_working_days(MEDWAY_END, 28)
    assert clock(inspection, "publication").due_date == add_working_days(MEDWAY_END, 33)

    fresh_inspection = walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    assert fresh_inspection.letter.draft_sent_on == D(2018, 1, 10)
    assert clock(inspection, "factual_accuracy").due_date == D(2018, 1, 24)

    walk(LetterState.FINAL_ISSUED)
    assert clocks(inspection) == {"notification": "met", "final_report": "met",
                                  "publication": "open", "factual_accuracy": "met"}
    walk(State.PUBLISHED)
    assert clock(inspection, "publication").met_on == D(2018, 2, 8)
    closed = walk(State.CLOSED)
    assert closed.state == State.CLOSED and closed.closed_on == D(2018, 3, 1)


def test_every_transition_is_audited_with_from_and_to(walk, inspection):
    walk(State.CLOSED)
    moves = list(AuditEvent.objects.filter(inspection=inspection,
                                           action__regex=r"^(inspection|letter)\.")
                 .exclude(before={}).order_by("id").values_list("action", "before", "after"))
    states = [(action, b["state"], a["state"]) for action, b, a in moves if "state" in b]
    assert states == [
        ("inspection.notify", "planning", "notified"),
        ("inspection.start_onsite", "notified", "on_site"),
        ("inspection.give_feedback", "on_site", "feedback_given"),
        ("inspection.start_drafting", "feedback_given", "reporting"),
        ("letter.submit_for_qa", "drafting", "quality_assurance"),
        ("letter.send_draft", "quality_assurance", "draft_with_local_area"),
        ("letter.issue_final", "draft_with_local_area", "final_issued"),
        ("inspection.publish", "reporting", "published"),
        ("inspection.close", "published", "closed")]
    assert list(AuditEvent.objects.filter(action="letter.create").values_list(
        "inspection", "after")) == [(inspection.pk, {"state": "drafting", "letter_version": 1})]


def letter_of(inspection):
    """The inspection's letter as saved."""
    from reports.models import OutcomeLetter

    return OutcomeLetter.objects.get(inspection=inspection)


def _call(name, inspection, user):
    day = D(2018, 2, 20)
    calls = {
        "notify": lambda: services.inspection_notify(
            inspection=inspection, by=user, called_at=at(D(2017, 11, 27)), person_called="x",
            person_called_role="DCS", lano=None),
        "start_onsite": lambda: services.inspection_start_onsite(
            inspection=inspection, by=user, when=at(MEDWAY_START, 10)),
        "give_feedback": lambda: services.inspection_give_feedback(inspection=inspection,
                                                                   by=user, on=MEDWAY_END),
        "start_drafting": lambda: letters.inspection_start_drafting(inspection=inspection,
                                                                    by=user),
        "submit_for_qa": lambda: letters.letter_submit_for_qa(letter=letter_of(inspection),
                                                              by=user),
        "return_draft": lambda: letters.letter_return_draft(
            letter=letter_of(inspection), by=user, comments="Say more about health."),
        "send_draft": lambda: letters.letter_send_draft(letter=letter_of(inspection), by=user,
                                                        on=day),
        "issue_final": lambda: letters.letter_issue_final(letter=letter_of(inspection),
                                                          by=user, on=day),
        "publish": lambda: services.inspection_publish(inspection=inspection, by=user, on=day),
        "close": lambda: services.inspection_close(inspection=inspection, by=user, on=day),
        "withdraw": lambda: services.inspection_withdraw(inspection=inspection, by=user,
                                                         reason="x"),
    }
    return calls[name]()


@pytest.mark.parametrize("state,call", [
    (State.PLANNING, "publish"),             # publishing before QA
    (LetterState.QUALITY_ASSURANCE, "publish"),  # the letter is not final yet
    (State.ON_SITE, "notify"),               # notifying after on-site work started
    (State.PLANNING, "start_onsite"),
    (State.NOTIFIED, "give_feedback"),
    (LetterState.DRAFTING, "send_draft"),
    (LetterState.DRAFTING, "return_draft"),  # nothing with QA to return
    (LetterState.FINAL_ISSUED, "issue_final"),
    (State.PUBLISHED, "withdraw"),
    (State.CLOSED, "close"),
])
def test_illegal_transitions_are_refused_with_a_message(walk, inspection, ofsted_admin,
                                                        lead_inspector, quality_assurance,
                                                        state, call):
    current = walk(state)
    actor = {"publish": ofsted_admin, "notify": ofsted_admin, "start_onsite": lead_inspector,
             "give_feedback": lead_inspector, "send_draft": quality_assurance,
             "return_draft": quality_assurance, "issue_final": lead_inspector,
             "withdraw": ofsted_admin, "close": ofsted_admin}[call]
    before = _standing(inspection)
    with pytest.raises(ValidationError, match="^\\[.You cannot .* while the "
                                              "(inspection|letter) is '"):
        _call(call, current, actor)
    assert where(inspection) == state
    assert _standing(inspection) == before


def test_on_site_work_never_starts_before_9am_on_day_1(walk, inspection, lead_inspector):
    walk(State.NOTIFIED)
    with pytest.raises(ValidationError, match="before 9am"):
        services.inspection_start_onsite(inspection=fresh(inspection), by=lead_inspector,
                                         when=at(MEDWAY_START, 8, 59))
    with pytest.raises(ValidationError, match="before 9am"):
        services.inspection_start_onsite(inspection=fresh(inspection), by=lead_inspector,
                                         when=at(D(2017, 12, 1), 11))
    services.inspection_start_onsite(inspection=fresh(inspection), by=lead_inspector,
                                     when=at(MEDWAY_START, 9, 0))
    assert fresh(inspection).state == State.ON_SITE


def test_the_final_report_waits_for_the_areas_comments_or_their_deadline(
        walk, inspection, lead_inspector):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    with pytest.raises(ValidationError, match="must be after the last day the local area has to "
                                               "comment on the draft, 24 January 2018"):
        letters.letter_issue_final(letter=letter_of(inspection), by=lead_inspector,
                                   on=D(2018, 1, 24))
    letters.letter_issue_final(letter=letter_of(inspection), by=lead_inspector,
                               on=D(2018, 1, 25))
    assert where(inspection) == LetterState.FINAL_ISSUED


def test_notification_warns_of_short_notice_and_calls_outside_9_to_10(
        inspection, ofsted_admin):
    warnings = services.inspection_notify(
        inspection=inspection, by=ofsted_admin, called_at=at(D(2017, 11, 29), 14, 5),
        person_called="Ian Sutherland", person_called_role="DCS", lano=None)
    assert warnings == [
        "The call was 3 working days before on-site work starts: the handbook expects 5 "
        "(para 17)",
        "The call was at 14:05: notification calls are normally made between 9am and 10am "
        "(para 17)",
    ]
    assert fresh(inspection).state == State.NOTIFIED
    assert inspection.notification_call.warnings == warnings


def test_a_notification_on_time_has_no_warnings(inspection, notify):
    assert notify(inspection) == []


def test_withdrawing_cancels_the_running_clocks(walk, inspection, ofsted_admin):
    walk(State.FEEDBACK_GIVEN)
    services.inspection_withdraw(inspection=fresh(inspection), by=ofsted_admin,
                                 reason="area reorganised")
    assert fresh(inspection).state == State.WITHDRAWN
    assert clocks(inspection) == {"notification": "met", "final_report": "cancelled",
                                  "publication": "cancelled"}


def test_2023_outcome_is_needed_to_publish_and_starts_the_long_range_clocks(
        make_inspection, assign, lead_inspector, ofsted_admin, walk_to):
    inspection = make_inspection(framework="2023", start=D(2024, 1, 8), end=D(2024, 1, 12))
    assign(inspection, lead_inspector, "lead")
    walk_to(inspection, LetterState.FINAL_ISSUED, draft_sent_on=D(2024, 2, 1),
            comments_received_on=D(2024, 2, 9), final_issued_on=D(2024, 2, 20))
    with pytest.raises(ValidationError, match="Record the outcome"):
        services.inspection_publish(inspection=fresh(inspection), by=ofsted_admin,
                                    on=D(2024, 2, 27))
    services.inspection_record_outcome(inspection=fresh(inspection), by=lead_inspector,
                                       outcome=3)
    services.inspection_publish(inspection=fresh(inspection), by=ofsted_admin,
                                on=D(2024, 2, 27))
    assert clock(inspection, "monitoring_inspection").due_date == D(2025, 8, 27)
    # Outcome 3: three years after the inspection itself (last day on site 12 January 2024).
    assert clock(inspection, "next_full_inspection_3").due_date == D(2027, 1, 12)


def test_a_2016_inspection_has_no_outcome(walk, inspection, lead_inspector):
    walk(State.FEEDBACK_GIVEN)
    with pytest.raises(ValidationError, match="2023 framework"):
        services.inspection_record_outcome(inspection=fresh(inspection), by=lead_inspector,
                                           outcome=1)


def test_a_second_save_from_an_old_form_is_refused(inspection, ofsted_admin):
    opened_at = inspection.version
    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=opened_at, reference="MEDWAY-1")
    saved = fresh(inspection)
    assert saved.version == opened_at + 1
    before = _standing(inspection)
    with pytest.raises(services.StaleEdit, match="changed by someone else since you opened it"):
        services.inspection_update(inspection=inspection, by=ofsted_admin,
                                   expected_version=opened_at, reference="MEDWAY-2",
                                   framework="2023")
    after = fresh(inspection)
    assert (after.reference, after.framework, after.version) == ("MEDWAY-1", "2016",
                                                                 saved.version)
    assert _standing(inspection) == before
    assert list(_inspection_audit(inspection).filter(action="inspection.update")
                .values_list("after", flat=True)) == [{"reference": "MEDWAY-1", "version": 2}]


def test_a_save_whose_version_moved_after_it_was_read_is_refused(inspection, ofsted_admin):
    """The last guard: the write itself is UPDATE ... WHERE version = the one read."""
    from inspections.services.common import save_with_version

    read = fresh(inspection)
    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=read.version, reference="MEDWAY-1")
    read.reference = "MEDWAY-2"
    with pytest.raises(services.StaleEdit, match="changed by someone else"):
        save_with_version(read, ["reference"])
    after = fresh(inspection)
    assert (after.reference, after.version) == ("MEDWAY-1", read.version + 1)


def test_moving_planned_dates_moves_the_notification_clock(inspection, ofsted_admin):
    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=inspection.version,
                               onsite_start=D(2018, 1, 8), onsite_end=D(2018, 1, 12))
    assert clock(inspection, "notification").due_date == add_working_days(D(2018, 1, 8), -5)


def test_the_clocks_case_label_follows_the_inspections_new_dates(client, inspection,
                                                                 ofsted_admin):
    from django.urls import reverse

    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=inspection.version,
                               onsite_start=D(2018, 1, 8), onsite_end=D(2018, 1, 12))
    client.force_login(ofsted_admin)
    html = client.get(reverse("deadlines:list")).content.decode()
    assert "Medway 2016 local area SEND inspection, January 2018" in html
    assert "December 2017" not in html


def test_dates_cannot_move_after_notification(walk, inspection, ofsted_admin):
    current = walk(State.NOTIFIED)
    with pytest.raises(ValidationError, match="use a deferral"):
        services.inspection_update(inspection=current, by=ofsted_admin,
                                   expected_version=current.version,
                                   onsite_start=D(2018, 1, 8), onsite_end=D(2018, 1, 12))


def test_local_area_users_see_their_inspection_only_after_notification(
        inspection, notify, lano, other_lano, make_inspection, barnet):
    barnet_inspection = make_inspection(local_area=barnet)
    assert list(inspection_visible_to(user=lano)) == []
    notify(inspection)
    notify(barnet_inspection)
    assert list(inspection_visible_to(user=lano)) == [fresh(inspection)]
    assert list(inspection_visible_to(user=other_lano)) == [fresh(barnet_inspection)]
    from django.http import Http404

    with pytest.raises(Http404):
        inspection_get_for_user(user=other_lano, pk=inspection.pk)


def test_inspectors_see_only_the_inspections_they_are_on(inspection, make_inspection,
                                                         lead_inspector, dfe_adviser,
                                                         quality_assurance, ofsted_admin):
    other = make_inspection(start=D(2018, 3, 5), end=D(2018, 3, 9))
    assert list(inspection_visible_to(user=lead_inspector)) == [fresh(inspection)]
    assert list(inspection_visible_to(user=dfe_adviser)) == []
    assert set(inspection_visible_to(user=quality_assurance)) == {fresh(inspection), other}
    assert set(inspection_visible_to(user=ofsted_admin)) == {fresh(inspection), other}


def test_now_is_never_naive():
    assert timezone.is_aware(at(D(2024, 1, 1)))


def test_reminders_of_inspection_clocks_reach_the_lead_inspector(
        inspection, lead_inspector, ofsted_admin, django_capture_on_commit_callbacks):
    from deadlines.models import Notification
    from deadlines.sweep import deadlines_sweep

    # The notification clock is due 27 November 2017: one working day before, remind.
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(today=D(2017, 11, 24))
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        lead_inspector.username, ofsted_admin.username}


@pytest.mark.parametrize("state,call,day,message", [
    (LetterState.QUALITY_ASSURANCE, "send_draft", D(2017, 12, 7),
     "the same as or after the final feedback meeting, 8 December 2017"),
    (LetterState.FINAL_ISSUED, "publish", D(2018, 1, 30),
     "the same as or after the date the final report was sent, 31 January 2018"),
])
def test_dates_cannot_run_backwards(walk, inspection, ofsted_admin, quality_assurance,
                                    cqc_decision_maker, state, call, day, message):
    current = walk(state)
    actor = {"send_draft": quality_assurance, "publish": ofsted_admin}[call]
    if call == "send_draft":  # approved by both, so only the date stops it
        for by in (quality_assurance, cqc_decision_maker):
            letters.letter_approve_draft(letter=current.letter, by=by,
                                         inspectorate=by.inspectorate)
    before = _standing(inspection)
    with pytest.raises(ValidationError, match=message):
        if call == "send_draft":
            letters.letter_send_draft(letter=current.letter, by=actor, on=day)
        else:
            services.inspection_publish(inspection=current, by=actor, on=day)
    assert where(inspection) == state
    assert _standing(inspection) == before


def test_checks_read_the_saved_inspection_not_a_stale_copy(walk, inspection, ofsted_admin,
                                                           lead_inspector):
    stale = walk(State.NOTIFIED)
    Inspection.objects.filter(pk=inspection.pk).update(onsite_start=D(2017, 12, 5))
    with pytest.raises(ValidationError, match="before 9am"):
        services.inspection_start_onsite(inspection=stale, by=lead_inspector,
                                         when=at(D(2017, 12, 4), 10))


def test_an_inspections_clock_timeline_links_back_to_the_inspection(client, inspection,
                                                                    ofsted_admin):
    from django.urls import reverse

    deadline = clock(inspection, "notification")
    client.force_login(ofsted_admin)
    html = client.get(reverse("deadlines:case", args=[deadline.inspection_id])).content.decode()
    assert f'href="{reverse("inspections:overview", args=[inspection.pk])}"' in html


# Who may make each transition; everyone else is refused and nothing changes.
ALLOWED = {
    "notify": {"ofsted_admin", "lead_inspector"},
    "start_onsite": {"ofsted_admin", "lead_inspector"},
    "give_feedback": {"lead_inspector"},
    "start_drafting": {"lead_inspector"},
    "submit_for_qa": {"lead_inspector"},
    "return_draft": {"quality_assurance"},
    "send_draft": {"quality_assurance", "ofsted_admin"},
    "issue_final": {"lead_inspector", "ofsted_admin"},
    "publish": {"ofsted_admin"},
    "close": {"ofsted_admin"},
    "withdraw": {"ofsted_admin"},
}
# Where each transition is tried from, and where it leaves the inspection: its state, or its
# letter's while it is reporting.
FROM_STATE = {
    "notify": State.PLANNING, "start_onsite": State.NOTIFIED, "give_feedback": State.ON_SITE,
    "start_drafting": State.FEEDBACK_GIVEN, "submit_for_qa": LetterState.DRAFTING,
    "return_draft": LetterState.QUALITY_ASSURANCE,
    "send_draft": LetterState.QUALITY_ASSURANCE,
    "issue_final": LetterState.DRAFT_WITH_LOCAL_AREA,
    "publish": LetterState.FINAL_ISSUED, "close": State.PUBLISHED, "withdraw": State.ON_SITE,
}
EVERYONE = ["ofsted_admin", "lead_inspector", "team_inspector", "quality_assurance",
            "dfe_adviser", "lano", "local_area_leader", "other_lano", "outsider"]


TO_STATE = {
    "notify": State.NOTIFIED, "start_onsite": State.ON_SITE,
    "give_feedback": State.FEEDBACK_GIVEN, "start_drafting": LetterState.DRAFTING,
    "submit_for_qa": LetterState.QUALITY_ASSURANCE, "return_draft": LetterState.DRAFTING,
    "send_draft": LetterState.DRAFT_WITH_LOCAL_AREA, "issue_final": LetterState.FINAL_ISSUED,
    "publish": State.PUBLISHED, "close": State.CLOSED, "withdraw": State.WITHDRAWN,
}
LETTER_STEPS = {"submit_for_qa", "return_draft", "send_draft", "issue_final"}
# The audit rows each transition writes about the inspection and its letter (not its
# clocks): action, and the state before and after.
AUDITED = {
    **{step: [(f"inspection.{step}", FROM_STATE[step], TO_STATE[step])]
       for step in ALLOWED if step not in LETTER_STEPS},
    **{step: [(f"letter.{step}", FROM_STATE[step], TO_STATE[step])] for step in LETTER_STEPS},
    "start_drafting": [("inspection.start_drafting", State.FEEDBACK_GIVEN, State.REPORTING),
                       ("letter.create", None, LetterState.DRAFTING)],
    "publish": [("inspection.publish", State.REPORTING, State.PUBLISHED)],
}


def _inspection_audit(inspection):
    return AuditEvent.objects.filter(object_type="inspections.inspection",
                                     object_id=str(inspection.pk)).order_by("id")


def _standing(inspection) -> dict:
    """Everything a refused transition must leave as it was."""
    from reports.models import LetterReview, LetterVersion, OutcomeLetter

    saved = fresh(inspection)
    return {
        "state": saved.state, "version": saved.version,
        "letter": list(OutcomeLetter.objects.values_list(
            "state", "draft_sent_on", "comments_received_on", "final_issued_on")),
        "versions": LetterVersion.objects.count(), "reviews": LetterReview.objects.count(),
        "audit": list(AuditEvent.objects.order_by("id").values_list("id", flat=True)),
        "clocks": list(Deadline.objects.order_by("id").values_list(
            "id", "rule__code", "status", "due_date", "met_on")),
    }


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("transition", ALLOWED)
def test_each_transition_by_each_role(walk, inspection, personas, request, transition,
                                      persona, lead_inspector, cqc_decision_maker):
    personas["team_inspector"] = request.getfixturevalue("team_inspector")
    current = walk(FROM_STATE[transition])
    if transition == "send_draft":  # both inspectorates approve it first
        for by in (personas["quality_assurance"], cqc_decision_maker):
            letters.letter_approve_draft(letter=current.letter, by=by,
                                         inspectorate=by.inspectorate)
    if transition == "issue_final":
        letters.letter_record_comments_received(letter=current.letter, by=lead_inspector,
                                                on=D(2018, 1, 12))
        current = fresh(inspection)
    assert where(inspection) == FROM_STATE[transition]
    before = _standing(inspection)
    user = personas[persona]
    if persona in ALLOWED[transition]:
        _call(transition, current, user)
        after = fresh(inspection)
        assert where(inspection) == TO_STATE[transition]
        # A letter's step leaves the inspection's own record (and version) as it was.
        assert after.version == before["version"] + (transition not in LETTER_STEPS)
        # The copies publishing records are its own row, without a state (test_copies).
        written = list(AuditEvent.objects.filter(inspection=inspection)
                       .exclude(id__in=before["audit"]).exclude(action__startswith="deadline.")
                       .exclude(action="letter.copies_recorded").order_by("id"))
        assert [(e.action, e.actor, (e.before or {}).get("state"), e.after["state"])
                for e in written] == [(action, user, from_state, to_state)
                                      for action, from_state, to_state in AUDITED[transition]]
    else:
        with pytest.raises(PermissionDenied, match="^Only "):
            _call(transition, current, user)
        assert _standing(inspection) == before
