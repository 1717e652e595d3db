"""Dates that can be true: everything recorded as having happened happened by now (in
England) and after the events before it. One rule per event (inspections.dates) is what the
services refuse, what the forms show on the field, and what the confirmation pages read to
offer a step only once a date it could be given has come.

The Medway inspection's history is the timeline: called 27 November 2017, on site 4 to 8
December, feedback 8 December, draft sent 10 January 2018, comments 22 January, final report
31 January, published 8 February, closed 1 March. Each test stands at a moment in it.
"""

import datetime
import html
import re
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from config import clock
from inspections import dates, services
from inspections.models import Inspection, State
from reports import services as letters
from reports.models import LetterState
from reports.progress import standing
from tests.conftest import midday_in_england
from tests.inspections.conftest import MEDWAY_START, at

D = datetime.date
pytestmark = pytest.mark.django_db


@contextmanager
def standing_on(day: datetime.date, hour: int = 12, minute: int = 0):
    """The clock stands still at that time of day in England."""
    moment = (midday_in_england(day) if (hour, minute) == (12, 0) else
              datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=clock.ENGLAND))
    with time_machine.travel(moment, tick=False):
        yield


def fresh(inspection) -> Inspection:
    return Inspection.objects.select_related("letter").get(pk=inspection.pk)


def refusal(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def assert_error_on_field(response, field: str, message: str, *, kept: dict,
                          date: bool = True) -> None:
    """The GOV.UK error: in the summary, linked to the field (a date's first box), on the
    field's group, with what was typed shown again."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    target = f"id_{field}_0" if date else f"id_{field}"
    assert f'<a href="#{target}">{message}</a>' in page
    assert f'id="div_id_{field}" class="govuk-form-group govuk-form-group--error"' in page
    for name, value in kept.items():
        assert re.search(rf'name="{name}"[^>]*value="{value}"', page), (name, value)


# The rule itself -------------------------------------------------------------------------

def test_the_rule_names_the_latest_event_a_date_must_follow():
    letter = SimpleNamespace(draft_sent_on=D(2018, 1, 10), comments_received_on=None)
    rule = dates.final_issued(letter, comments_due=None, today=D(2018, 2, 1))
    assert rule.refusal(D(2018, 1, 9)) == (
        "The date the final report was sent must be the same as or after the date the draft "
        "was sent, 10 January 2018")
    assert rule.refusal(D(2018, 1, 10)) == ""
    assert rule.refusal(D(2018, 2, 2)) == ("The date the final report was sent must be today "
                                           "or in the past")
    commented = SimpleNamespace(draft_sent_on=D(2018, 1, 10),
                                comments_received_on=D(2018, 1, 22))
    rule = dates.final_issued(commented, comments_due=D(2018, 1, 24), today=D(2018, 2, 1))
    assert rule.refusal(D(2018, 1, 21)).endswith(
        "after the date the local area's comments were received, 22 January 2018")


def test_a_rule_whose_earliest_day_is_still_to_come_says_so_in_its_refusals_words():
    rule = dates.feedback_given(SimpleNamespace(onsite_end=D(2017, 12, 8)),
                                today=D(2017, 12, 6))
    assert rule.not_yet() == rule.refusal(D(2017, 12, 6)) == (
        "The date of the final feedback meeting must be the same as or after the last day "
        "on site, 8 December 2017")
    assert dates.feedback_given(SimpleNamespace(onsite_end=D(2017, 12, 8)),
                                today=D(2017, 12, 8)).not_yet() == ""


def test_a_moment_later_today_is_refused_on_its_time():
    now = datetime.datetime(2017, 11, 27, 9, 0, tzinfo=clock.ENGLAND)
    rule = dates.notification_call(SimpleNamespace(onsite_start=MEDWAY_START, is_2023=False),
                                   now=now)
    assert rule.moment_refusal(at(D(2017, 11, 27), 9, 30)) == (
        "The time of the call must be in the past: it is now 09:00")
    assert rule.moment_refusal(at(D(2017, 11, 28), 9, 30)) == (
        "The date of the call must be today or in the past")
    assert rule.moment_refusal(at(D(2017, 11, 27), 8, 55)) == ""


# Each refusal, at the service ---------------------------------------------------------------

def _notify(inspection, by, called_at, **given):
    return services.inspection_notify(inspection=inspection, by=by, called_at=called_at,
                                      person_called="Ian Sutherland",
                                      person_called_role="DCS", lano=None, **given)


def test_a_notification_call_still_to_come_is_refused(inspection, ofsted_admin):
    with standing_on(D(2017, 11, 27), 9, 0):
        with pytest.raises(ValidationError) as later_today:
            _notify(inspection, ofsted_admin, at(D(2017, 11, 27), 9, 30))
        assert refusal(later_today) == {"called_at": [
            "The time of the call must be in the past: it is now 09:00"]}
        with pytest.raises(ValidationError) as tomorrow:
            _notify(inspection, ofsted_admin, at(D(2017, 11, 28), 9, 30))
        assert refusal(tomorrow) == {"called_at": [
            "The date of the call must be today or in the past"]}
        assert fresh(inspection).state == State.PLANNING
        _notify(inspection, ofsted_admin, at(D(2017, 11, 27), 8, 55))
    assert fresh(inspection).state == State.NOTIFIED


def test_a_notification_call_on_or_after_day_1_is_refused(inspection, ofsted_admin):
    with pytest.raises(ValidationError) as error:
        _notify(inspection, ofsted_admin, at(MEDWAY_START, 8, 0))
    assert refusal(error) == {"called_at": [
        "The date of the call must be before on-site work starts, 4 December 2017"]}


def test_cqcs_call_still_to_come_is_refused(inspection, ofsted_admin):
    from inspections.services.notification import HealthLeaderCalled

    with standing_on(D(2017, 11, 27)), pytest.raises(ValidationError) as error:
        _notify(inspection, ofsted_admin, at(D(2017, 11, 27)), health_calls=[
            HealthLeaderCalled(person_called="Dr Ade", organisation="NHS Medway CCG",
                               called_at=at(D(2017, 11, 27), 14, 0))])
    assert refusal(error) == {"health_calls.0.called_at": [
        "The CQC call cannot be in the future"]}
    assert fresh(inspection).state == State.PLANNING


@pytest.mark.parametrize("emailed,message", [
    (D(2017, 11, 24), "The date the confirmation email was sent must be the same as or after "
                      "the notification call, 27 November 2017"),
    (D(2017, 11, 28), "The date the confirmation email was sent must be today or in the past"),
])
def test_the_confirmation_email_follows_the_call_and_is_not_in_the_future(
        inspection, ofsted_admin, emailed, message):
    with standing_on(D(2017, 11, 27)), pytest.raises(ValidationError) as error:
        _notify(inspection, ofsted_admin, at(D(2017, 11, 27)), confirmation_email_on=emailed)
    assert refusal(error) == {"confirmation_email_on": [message]}
    assert fresh(inspection).state == State.PLANNING


def test_on_site_work_cannot_be_started_at_a_moment_still_to_come(walk, inspection,
                                                                   lead_inspector):
    walk(State.NOTIFIED)
    with standing_on(MEDWAY_START, 9, 30):
        with pytest.raises(ValidationError, match="09:45 on Monday 4 December 2017 is still "
                                                  "to come"):
            services.inspection_start_onsite(inspection=fresh(inspection), by=lead_inspector,
                                             when=at(MEDWAY_START, 9, 45))
        assert fresh(inspection).state == State.NOTIFIED
        services.inspection_start_onsite(inspection=fresh(inspection), by=lead_inspector,
                                         when=clock.now())
    assert fresh(inspection).state == State.ON_SITE


def test_feedback_waits_for_the_last_day_on_site_and_is_not_in_the_future(
        walk, inspection, lead_inspector):
    with standing_on(D(2017, 12, 6)):
        walk(State.ON_SITE)
        with pytest.raises(ValidationError) as early:
            services.inspection_give_feedback(inspection=inspection, by=lead_inspector,
                                              on=D(2017, 12, 6))
        assert refusal(early) == {"on": [
            "The date of the final feedback meeting must be the same as or after the last day "
            "on site, 8 December 2017"]}
        with pytest.raises(ValidationError) as future:
            services.inspection_give_feedback(inspection=inspection, by=lead_inspector,
                                              on=D(2017, 12, 8))
        assert refusal(future) == {"on": [
            "The date of the final feedback meeting must be today or in the past"]}
        assert fresh(inspection).state == State.ON_SITE
    with standing_on(D(2017, 12, 8)):
        services.inspection_give_feedback(inspection=inspection, by=lead_inspector,
                                          on=D(2017, 12, 8))
    assert fresh(inspection).state == State.FEEDBACK_GIVEN


def _take(step: str, inspection, *, admin, lead, qa, on):
    current = fresh(inspection)
    if step == "send_draft":
        return letters.letter_send_draft(letter=current.letter, by=qa, on=on)
    if step == "comments_received":
        return letters.letter_record_comments_received(letter=current.letter, by=lead, on=on)
    if step == "issue_final":
        return letters.letter_issue_final(letter=current.letter, by=lead, on=on)
    if step == "publish":
        return services.inspection_publish(inspection=current, by=admin, on=on)
    return services.inspection_close(inspection=current, by=admin, on=on)


# (step, where the walk leaves it, today, the day after, a day before the event it follows,
#  that event in the refusal's words)
LATER_STEPS = [
    ("send_draft", LetterState.QUALITY_ASSURANCE, D(2018, 1, 10), D(2017, 12, 7),
     "The date the draft was sent must be the same as or after the final feedback meeting, "
     "8 December 2017"),
    ("comments_received", LetterState.DRAFT_WITH_LOCAL_AREA, D(2018, 1, 22), D(2018, 1, 9),
     "The date the comments were received must be the same as or after the date the draft "
     "was sent, 10 January 2018"),
    ("issue_final", "commented", D(2018, 1, 31), D(2018, 1, 21),
     "The date the final report was sent must be the same as or after the date the local "
     "area's comments were received, 22 January 2018"),
    ("publish", LetterState.FINAL_ISSUED, D(2018, 2, 8), D(2018, 1, 30),
     "The date of publication must be the same as or after the date the final report was "
     "sent, 31 January 2018"),
    ("close", State.PUBLISHED, D(2018, 3, 1), D(2018, 2, 7),
     "The date the inspection closed must be the same as or after publication, "
     "8 February 2018"),
]
FUTURE = {
    "send_draft": "The date the draft was sent must be today or in the past",
    "comments_received": "The date the comments were received must be today or in the past",
    "issue_final": "The date the final report was sent must be today or in the past",
    "publish": "The date of publication must be today or in the past",
    "close": "The date the inspection closed must be today or in the past",
}


def _walk_for(step_state, walk, inspection, lead_inspector, approvers=()):
    if step_state == LetterState.QUALITY_ASSURANCE:
        # Both inspectorates approve: the draft may then be sent, on a true day.
        walk(step_state)
        for reviewer in approvers:
            letters.letter_approve_draft(letter=fresh(inspection).letter, by=reviewer,
                                         inspectorate=reviewer.inspectorate)
    elif step_state == "commented":
        walk(LetterState.DRAFT_WITH_LOCAL_AREA)
        letters.letter_record_comments_received(letter=fresh(inspection).letter,
                                                by=lead_inspector, on=D(2018, 1, 22))
    else:
        walk(step_state)


@pytest.mark.parametrize("step,state,today,early,message", LATER_STEPS,
                         ids=[row[0] for row in LATER_STEPS])
def test_each_later_step_refuses_a_day_in_the_future_or_before_the_event_it_follows(
        walk, inspection, ofsted_admin, lead_inspector, quality_assurance, cqc_decision_maker,
        step, state, today, early, message):
    people = {"admin": ofsted_admin, "lead": lead_inspector, "qa": quality_assurance}
    with standing_on(today):
        _walk_for(state, walk, inspection, lead_inspector,
                  approvers=(quality_assurance, cqc_decision_maker))
        before = (standing(fresh(inspection)), fresh(inspection).version)
        with pytest.raises(ValidationError) as future:
            _take(step, inspection, on=today + datetime.timedelta(days=1), **people)
        assert refusal(future) == {"on": [FUTURE[step]]}
        with pytest.raises(ValidationError) as out_of_order:
            _take(step, inspection, on=early, **people)
        assert refusal(out_of_order) == {"on": [message]}
        assert (standing(fresh(inspection)), fresh(inspection).version) == before
        _take(step, inspection, on=today, **people)  # today is a true date


def test_the_final_report_without_comments_waits_until_their_time_is_up(
        walk, inspection, lead_inspector):
    with standing_on(D(2018, 1, 24)):
        walk(LetterState.DRAFT_WITH_LOCAL_AREA)
        with pytest.raises(ValidationError) as error:
            letters.letter_issue_final(letter=fresh(inspection).letter, by=lead_inspector,
                                       on=D(2018, 1, 24))
    assert refusal(error) == {"on": [
        "The date the final report was sent must be after the last day the local area has to "
        "comment on the draft, 24 January 2018: record their comments first if they have "
        "sent them"]}


@pytest.fixture
def notified(inspection, notify):
    notify(inspection)
    return fresh(inspection)


def test_a_meeting_still_to_come_is_refused_and_cannot_be_corrected_to_one(
        notified, lead_inspector):
    with standing_on(D(2017, 12, 6)):
        with pytest.raises(ValidationError) as error:
            services.meeting_record(inspection=notified, by=lead_inspector, kind="team_daily",
                                    held_on=D(2017, 12, 7))
        assert refusal(error) == {"held_on": ["The date of the meeting must be today or in "
                                              "the past"]}
        meeting = services.meeting_record(inspection=notified, by=lead_inspector,
                                          kind="team_daily", held_on=D(2017, 12, 6))
        with pytest.raises(ValidationError, match="must be today or in the past"):
            services.meeting_update(meeting=meeting, by=lead_inspector,
                                    expected_version=meeting.version, kind="team_daily",
                                    held_on=D(2017, 12, 7))
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.version) == (D(2017, 12, 6), 1)


def test_an_engagement_meeting_still_to_come_is_refused(medway, ofsted_admin):
    with standing_on(D(2024, 6, 12)), pytest.raises(ValidationError) as error:
        services.engagement_meeting_record(local_area=medway, by=ofsted_admin,
                                           held_on=D(2024, 6, 13))
    assert refusal(error) == {"held_on": ["The date of the meeting must be today or in the "
                                          "past"]}


def test_a_concern_is_raised_by_today_and_resolved_after_it_was_raised_and_by_today(
        notified, lead_inspector):
    with standing_on(D(2017, 12, 6)):
        with pytest.raises(ValidationError) as raised_later:
            services.concern_record(inspection=notified, by=lead_inspector, kind="concern",
                                    raised_on=D(2017, 12, 7), raised_by="A parent",
                                    details="No meeting")
        assert refusal(raised_later) == {"raised_on": [
            "The date it was raised must be today or in the past"]}
        concern = services.concern_record(inspection=notified, by=lead_inspector,
                                          kind="concern", raised_on=D(2017, 12, 5),
                                          raised_by="A parent", details="No meeting")
        with pytest.raises(ValidationError) as resolved_first:
            services.concern_resolve(concern=concern, by=lead_inspector, resolution="Met",
                                     resolved_on=D(2017, 12, 4))
        assert refusal(resolved_first) == {"resolved_on": [
            "The date it was resolved must be the same as or after the date it was raised, "
            "5 December 2017"]}
        with pytest.raises(ValidationError) as resolved_later:
            services.concern_resolve(concern=concern, by=lead_inspector, resolution="Met",
                                     resolved_on=D(2017, 12, 7))
        assert refusal(resolved_later) == {"resolved_on": [
            "The date it was resolved must be today or in the past"]}
        concern = services.concern_resolve(concern=concern, by=lead_inspector,
                                           resolution="Met", resolved_on=D(2017, 12, 6))
        with pytest.raises(ValidationError, match="raised must be today or in the past"):
            services.concern_update(concern=concern, by=lead_inspector,
                                    expected_version=concern.version, kind="concern",
                                    raised_on=D(2017, 12, 7), raised_by="A parent",
                                    details="No meeting")
    with standing_on(D(2017, 12, 20)), pytest.raises(ValidationError) as after_resolution:
        services.concern_update(concern=concern, by=lead_inspector,
                                expected_version=concern.version, kind="concern",
                                raised_on=D(2017, 12, 7), raised_by="A parent",
                                details="No meeting")
    assert refusal(after_resolution) == {"raised_on": [
        "The date it was raised must be the same as or before the date it was resolved, "
        "6 December 2017"]}


def test_a_deferral_request_comes_at_notification_not_before_it_nor_in_the_future(
        notified, ofsted_admin):
    with standing_on(D(2017, 11, 28)):
        for day, message in [
                (D(2017, 11, 24), "The date the local area asked must be the same as or after "
                                  "the notification call, 27 November 2017"),
                (D(2017, 11, 29), "The date the local area asked must be today or in the "
                                  "past")]:
            with pytest.raises(ValidationError) as error:
                services.deferral_request(inspection=notified, by=ofsted_admin,
                                          requested_on=day, reasons="Local elections")
            assert refusal(error) == {"requested_on": [message]}
        assert not notified.deferral_requests.exists()
        services.deferral_request(inspection=notified, by=ofsted_admin,
                                  requested_on=D(2017, 11, 27), reasons="Local elections")


def test_a_deferral_request_before_any_call_need_only_not_be_in_the_future(
        inspection, ofsted_admin):
    with standing_on(D(2017, 11, 20)):
        with pytest.raises(ValidationError, match="today or in the past"):
            services.deferral_request(inspection=inspection, by=ofsted_admin,
                                      requested_on=D(2017, 11, 21), reasons="x")
        services.deferral_request(inspection=inspection, by=ofsted_admin,
                                  requested_on=D(2017, 11, 1), reasons="x")


# Each form shows the refusal on its field, with the input kept -----------------------------

DATED_PAGES = [
    ("give-feedback", State.ON_SITE, D(2017, 12, 8), "lead",
     "The date of the final feedback meeting must be today or in the past"),
    ("send-draft", LetterState.QUALITY_ASSURANCE, D(2018, 1, 10), "qa", FUTURE["send_draft"]),
    ("comments-received", LetterState.DRAFT_WITH_LOCAL_AREA, D(2018, 1, 22), "lead",
     FUTURE["comments_received"]),
    ("issue-final", "commented", D(2018, 1, 31), "lead", FUTURE["issue_final"]),
    ("publish", LetterState.FINAL_ISSUED, D(2018, 2, 8), "admin", FUTURE["publish"]),
    ("close", State.PUBLISHED, D(2018, 3, 1), "admin", FUTURE["close"]),
]


@pytest.mark.parametrize("page,state,today,who,message", DATED_PAGES,
                         ids=[row[0] for row in DATED_PAGES])
def test_each_dated_step_shows_a_future_date_on_its_field_with_the_input_kept(
        client, walk, inspection, ofsted_admin, lead_inspector, quality_assurance,
        cqc_decision_maker, page, state, today, who, message):
    with standing_on(today):
        _walk_for(state, walk, inspection, lead_inspector,
                  approvers=(quality_assurance, cqc_decision_maker))
        before = standing(fresh(inspection))
        client.force_login({"admin": ofsted_admin, "lead": lead_inspector,
                            "qa": quality_assurance}[who])
        tomorrow = today + datetime.timedelta(days=1)
        response = client.post(reverse(f"inspections:{page}", args=[inspection.pk]),
                               _date("on", tomorrow))
    assert_error_on_field(response, "on", message,
                          kept={"on_0": tomorrow.day, "on_1": tomorrow.month,
                                "on_2": tomorrow.year})
    assert standing(fresh(inspection)) == before


def test_a_feedback_date_before_the_last_day_on_site_shows_on_its_field(
        client, walk, inspection, lead_inspector):
    walk(State.ON_SITE)
    client.force_login(lead_inspector)
    response = client.post(reverse("inspections:give-feedback", args=[inspection.pk]),
                           _date("on", D(2017, 12, 7)))
    assert_error_on_field(response, "on", "The date of the final feedback meeting must be "
                                          "the same as or after the last day on site, "
                                          "8 December 2017", kept={"on_0": 7})


def _call(day, time="09:30", **extra) -> dict:
    return {**_date("called_on", day), "called_time": time, "person_called": "Ian Sutherland",
            "role_called": "dcs", "lano": "someone_else", "new_lano_name": "Jo Bennett",
            "new_lano_email": "jo@medway.gov.uk", **extra}


@pytest.mark.parametrize("data,field,message,kept,is_date", [
    (_call(D(2017, 11, 28)), "called_on", "The date of the call must be today or in the past",
     {"called_on_0": 28}, True),
    (_call(D(2017, 11, 27), "14:00"), "called_time",
     "The time of the call must be in the past: it is now 12:00", {"called_time": "14:00"},
     False),
    (_call(D(2017, 11, 27), **_date("health_1_called_on", D(2017, 11, 29)),
           health_1_called_time="10:00", health_1_person_called="Dr Ade",
           health_1_organisation="NHS Medway CCG"), "health_1_called_on",
     "Call 1: the CQC call cannot be in the future", {"health_1_called_on_0": 29}, True),
    (_call(D(2017, 11, 27), **_date("confirmation_email_on", D(2017, 11, 24))),
     "confirmation_email_on", "The date the confirmation email was sent must be the same as "
     "or after the notification call, 27 November 2017", {"confirmation_email_on_0": 24},
     True),
], ids=["call-tomorrow", "call-later-today", "cqc-call-future", "email-before-call"])
def test_the_notification_form_shows_untrue_dates_on_their_fields(
        client, inspection, ofsted_admin, data, field, message, kept, is_date):
    client.force_login(ofsted_admin)
    with standing_on(D(2017, 11, 27)):
        response = client.post(reverse("inspections:notify", args=[inspection.pk]),
                               {**data, "confirm": "yes"})
    assert_error_on_field(response, field, message, kept={**kept, "person_called":
                                                          "Ian Sutherland"}, date=is_date)
    assert fresh(inspection).state == State.PLANNING


def test_the_deferral_request_form_shows_a_date_before_the_call_on_its_field(
        client, notified, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:deferral-request", args=[notified.pk]), {
        **_date("requested_on", D(2017, 11, 20)), "reasons": "Local elections"})
    assert_error_on_field(response, "requested_on", "The date the local area asked must be "
                          "the same as or after the notification call, 27 November 2017",
                          kept={"requested_on_0": 20})
    assert "Local elections" in response.content.decode()
    assert not notified.deferral_requests.exists()


@pytest.fixture
def records(notified, lead_inspector):
    with standing_on(D(2017, 12, 6)):
        meeting = services.meeting_record(inspection=notified, by=lead_inspector,
                                          kind="team_daily", held_on=D(2017, 12, 5))
        concern = services.concern_record(inspection=notified, by=lead_inspector,
                                          kind="concern", raised_on=D(2017, 12, 5),
                                          raised_by="A parent", details="No meeting")
    return {"meeting": meeting, "concern": concern}


def _record_page(name, inspection, *more):
    return reverse(f"inspections:{name}", args=[inspection.pk, *more])


@pytest.mark.parametrize("page,data,field,message", [
    ("meeting-add", {"kind": "team_daily", "notes": "Emerging findings"}, "held_on",
     "The date of the meeting must be today or in the past"),
    ("meeting-edit", {"kind": "team_daily", "notes": "Emerging findings", "version": 1},
     "held_on", "The date of the meeting must be today or in the past"),
    ("concern-add", {"kind": "concern", "raised_by": "A parent", "details": "Emerging findings"},
     "raised_on", "The date it was raised must be today or in the past"),
    ("concern-edit", {"kind": "concern", "raised_by": "A parent",
                      "details": "Emerging findings", "version": 1},
     "raised_on", "The date it was raised must be today or in the past"),
    ("concern-resolve", {"resolution": "Emerging findings"}, "resolved_on",
     "The date it was resolved must be today or in the past"),
])
def test_record_forms_and_their_corrections_show_a_future_date_on_its_field(
        client, notified, records, lead_inspector, page, data, field, message):
    record = records["meeting" if page.startswith("meeting") else "concern"]
    url = (_record_page(page, notified) if page.endswith("-add")
           else _record_page(page, notified, record.pk))
    client.force_login(lead_inspector)
    with standing_on(D(2017, 12, 6)):
        response = client.post(url, {**data, **_date(field, D(2017, 12, 7))})
    assert_error_on_field(response, field, message, kept={f"{field}_0": 7})
    assert "Emerging findings" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 1


def test_a_concerns_correction_cannot_raise_it_after_it_was_resolved(
        client, notified, records, lead_inspector):
    concern = services.concern_resolve(concern=records["concern"], by=lead_inspector,
                                       resolution="Met the parent", resolved_on=D(2017, 12, 6))
    client.force_login(lead_inspector)
    response = client.post(_record_page("concern-edit", notified, concern.pk), {
        "kind": "concern", "raised_by": "A parent", "details": "No meeting",
        "version": concern.version, **_date("raised_on", D(2017, 12, 8))})
    assert_error_on_field(response, "raised_on", "The date it was raised must be the same as "
                          "or before the date it was resolved, 6 December 2017",
                          kept={"raised_on_0": 8})


def test_the_engagement_meeting_form_shows_a_future_date_on_its_field(client, medway,
                                                                      ofsted_admin):
    client.force_login(ofsted_admin)
    with standing_on(D(2024, 6, 12)):
        response = client.post(reverse("inspections:engagement-add", args=[medway.pk]), {
            **_date("held_on", D(2024, 6, 13)), "notes": "Annual conversation"})
    assert_error_on_field(response, "held_on", "The date of the meeting must be today or in "
                                               "the past", kept={"held_on_0": 13})
    assert "Annual conversation" in response.content.decode()


# A step no date could be given for is not offered -------------------------------------------

def _offers(page, label: str) -> bool:
    return re.search(rf">\s*{re.escape(label)}\s*</button>", page.content.decode()) is not None


STEP_PAGES = {"Record that feedback was given": "give-feedback",
              "Issue the final report": "issue-final"}


def _overview_offers(client, inspection, label: str) -> tuple[bool, str]:
    """Whether the overview has the step's button (a link to its confirmation page), and
    the overview's text."""
    page = client.get(reverse("inspections:overview", args=[inspection.pk]))
    url = reverse(f"inspections:{STEP_PAGES[label]}", args=[inspection.pk])
    return f'href="{url}">{label}</a>' in page.content.decode(), text(page)


def test_feedback_is_not_offered_before_the_last_day_on_site_and_is_on_it(
        client, walk, inspection, lead_inspector):
    url = reverse("inspections:give-feedback", args=[inspection.pk])
    with standing_on(D(2017, 12, 6)):
        client.force_login(lead_inspector)
        walk(State.ON_SITE)
        with pytest.raises(ValidationError) as service:
            services.inspection_give_feedback(inspection=inspection, by=lead_inspector,
                                              on=clock.today())
        page = client.get(url)
        assert not _offers(page, "Record that feedback was given")
        reason = ("You cannot record that feedback was given yet. "
                  f"{service.value.messages[0]}.")
        assert reason in text(page)
        offered, overview = _overview_offers(client, inspection,
                                             "Record that feedback was given")
        assert not offered and reason in overview
        home = text(client.get(reverse("home")))
        assert "Next: Record that feedback was given" not in home
    with standing_on(D(2017, 12, 8)):
        client.force_login(lead_inspector)
        page = client.get(url)
        assert _offers(page, "Record that feedback was given")
        assert "You cannot record that feedback was given" not in text(page)
        assert _overview_offers(client, inspection, "Record that feedback was given")[0]
        assert "Next: Record that feedback was given" in text(client.get(reverse("home")))
        client.post(url, _date("on", D(2017, 12, 8)))
    assert fresh(inspection).state == State.FEEDBACK_GIVEN


def test_on_site_work_is_not_offered_before_9am_on_day_1_and_is_from_then(
        client, walk, inspection, lead_inspector):
    walk(State.NOTIFIED)
    url = reverse("inspections:start-onsite", args=[inspection.pk])
    with standing_on(MEDWAY_START, 8, 30):
        client.force_login(lead_inspector)
        page = client.get(url)
        assert not _offers(page, "Start on-site work")
        assert ("You cannot start on-site work yet. On-site work cannot start before 9am on "
                "Monday 4 December 2017.") in text(page)
        refused = client.post(url)
        assert "On-site work cannot start before 9am on Monday 4 December 2017" in text(refused)
        assert fresh(inspection).state == State.NOTIFIED
    with standing_on(MEDWAY_START, 9, 0):
        client.force_login(lead_inspector)
        assert _offers(client.get(url), "Start on-site work")
        client.post(url)
    assert fresh(inspection).state == State.ON_SITE


def test_the_final_report_is_not_offered_while_the_area_may_still_comment(
        client, walk, inspection, lead_inspector):
    url = reverse("inspections:issue-final", args=[inspection.pk])
    with standing_on(D(2018, 1, 20)):
        client.force_login(lead_inspector)
        walk(LetterState.DRAFT_WITH_LOCAL_AREA)
        page = client.get(url)
        assert not _offers(page, "Issue the final report")
        assert ("You cannot issue the final report yet. The date the final report was sent "
                "must be after the last day the local area has to comment on the draft, "
                "24 January 2018: record their comments first if they have sent them."
                ) in text(page)
        # Once their comments are in, it can go the same day.
        letters.letter_record_comments_received(letter=fresh(inspection).letter,
                                                by=lead_inspector, on=D(2018, 1, 20))
        assert _offers(client.get(url), "Issue the final report")
        client.post(url, _date("on", D(2018, 1, 20)))
    assert fresh(inspection).letter.state == LetterState.FINAL_ISSUED


def test_without_comments_the_final_report_is_offered_once_their_time_is_up(
        client, walk, inspection, lead_inspector):
    url = reverse("inspections:issue-final", args=[inspection.pk])
    with standing_on(D(2018, 1, 24)):
        client.force_login(lead_inspector)
        walk(LetterState.DRAFT_WITH_LOCAL_AREA)
        assert not _offers(client.get(url), "Issue the final report")
        assert not _overview_offers(client, inspection, "Issue the final report")[0]
    with standing_on(D(2018, 1, 25)):
        client.force_login(lead_inspector)
        assert _offers(client.get(url), "Issue the final report")
        assert _overview_offers(client, inspection, "Issue the final report")[0]
