"""Clocks are started, met, stopped and recomputed by services, each audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from deadlines import services
from deadlines.calendar import add_working_days
from deadlines.models import Deadline, DeadlineStatus, NonWorkingDay, StatutoryRule
from tests.factories import inspection_without_clocks

D = datetime.date
pytestmark = pytest.mark.django_db


def _audit(deadline, action):
    return AuditEvent.objects.filter(object_type="deadlines.deadline",
                                     object_id=str(deadline.pk), action=action)


def test_starting_a_clock_stores_its_due_date_and_audits_it(start_clock):
    deadline = start_clock("wsoa_submission", D(2018, 1, 31))
    assert deadline.due_date == D(2018, 5, 14)
    assert deadline.status == DeadlineStatus.OPEN
    assert _audit(deadline, "deadline.start").get().after == {
        "rule": "wsoa_submission", "start_date": "2018-01-31", "due_date": "2018-05-14"}


def test_calendar_month_rules_land_on_a_working_day(start_clock, ofsted_admin, medway):
    # 12 months after Saturday 8 February 2025 is Sunday 8 February 2026: next working day.
    deadline = start_clock("dfe_progress_review", D(2025, 2, 8))
    assert deadline.due_date == D(2026, 2, 9)
    under_2023 = inspection_without_clocks(local_area=medway, by=ofsted_admin,
                                           reference="MEDWAY-2023", framework="2023")
    assert start_clock("next_full_inspection_1", D(2024, 2, 29),
                       case=under_2023).due_date == D(2029, 2, 28)


def test_only_one_clock_of_a_rule_runs_per_case(start_clock):
    start_clock("factual_accuracy", D(2024, 1, 8))
    with pytest.raises(ValidationError, match="already running"):
        start_clock("factual_accuracy", D(2024, 1, 9))
    assert Deadline.objects.count() == 1


def test_a_rule_can_run_again_once_the_first_clock_is_met(start_clock, ofsted_admin):
    first = start_clock("wsoa_review", D(2024, 1, 8))
    services.deadline_meet(deadline=first, met_on=D(2024, 1, 15), by=ofsted_admin)
    second = start_clock("wsoa_review", D(2024, 3, 1))
    assert second.status == DeadlineStatus.OPEN


def test_meeting_late_is_recorded_as_late(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2024, 1, 8))
    services.deadline_meet(deadline=deadline, met_on=D(2024, 2, 1), by=ofsted_admin)
    event = _audit(deadline, "deadline.meet").get()
    assert event.after["late"] is True and event.actor == ofsted_admin


def test_a_met_clock_cannot_be_met_again_or_extended(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2024, 1, 8))
    services.deadline_meet(deadline=deadline, met_on=D(2024, 1, 10), by=ofsted_admin)
    with pytest.raises(ValidationError, match="is met"):
        services.deadline_meet(deadline=deadline, met_on=D(2024, 1, 11), by=ofsted_admin)
    with pytest.raises(ValidationError):
        services.deadline_extend(deadline=deadline, working_days=2, reason="x", by=ofsted_admin)


def test_correcting_the_start_event_recomputes_and_audits(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2022, 5, 20))
    assert deadline.due_date == D(2022, 6, 7)
    services.deadline_correct_start(deadline=deadline, start_date=D(2022, 5, 27),
                                    reason="the draft went a week later", by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.due_date == D(2022, 6, 14)
    event = _audit(deadline, "deadline.correct_start").get()
    assert event.before == {"due_date": "2022-06-07", "start_date": "2022-05-20"}
    # The reason is not case-record text the trail may keep: only the dates are.
    assert event.after == {"due_date": "2022-06-14", "start_date": "2022-05-27"}


def test_an_extension_adds_working_days_and_records_who_approved_it(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2024, 1, 8))
    services.deadline_extend(deadline=deadline, working_days=3, reason="leaders unavailable",
                             by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.due_date == add_working_days(D(2024, 1, 8), 13)
    assert deadline.extension_approved_by == ofsted_admin
    assert deadline.extension_reason == "leaders unavailable"
    event = _audit(deadline, "deadline.extend").get()
    assert event.before == {"due_date": "2024-01-22", "extension_working_days": 0}
    assert event.after == {"due_date": "2024-01-25", "extension_working_days": 3,
                           "fields": ["extension_reason"]}
    assert "leaders unavailable" not in str(event.before) + str(event.after)


def test_a_pause_adds_the_working_days_it_lasted(start_clock, ofsted_admin):
    deadline = start_clock("wsoa_submission", D(2024, 1, 8))
    services.deadline_pause(deadline=deadline, on=D(2024, 2, 2), reason="legal advice",
                            by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.PAUSED
    assert _audit(deadline, "deadline.pause").get().after == {
        "status": "paused", "paused_on": "2024-02-02", "fields": ["pause_reason"]}
    services.deadline_resume(deadline=deadline, on=D(2024, 2, 9), by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.paused_working_days == 5
    assert deadline.due_date == add_working_days(D(2024, 1, 8), 75)
    assert deadline.status == DeadlineStatus.OPEN


def test_adding_a_non_working_day_moves_running_clocks_over_it_and_audits(start_clock,
                                                                          barnet, ofsted_admin):
    spanning = start_clock("factual_accuracy", D(2024, 6, 3))
    before_it = start_clock("notification", D(2024, 6, 3), local_area=barnet)
    old_due = spanning.due_date
    _, moved = services.non_working_day_add(day=D(2024, 6, 5), reason="office move",
                                            by=ofsted_admin)
    spanning.refresh_from_db()
    before_it.refresh_from_db()
    assert moved == 1
    assert spanning.due_date == add_working_days(old_due, 1)
    assert before_it.due_date == D(2024, 5, 24)
    event = _audit(spanning, "deadline.recompute").get()
    assert event.before == {"due_date": old_due.isoformat()}
    assert event.actor == ofsted_admin and "office move" in event.after["reason"]


def test_removing_the_non_working_day_moves_them_back(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2024, 6, 3))
    original = deadline.due_date
    entry, _ = services.non_working_day_add(day=D(2024, 6, 5), reason="closure", by=ofsted_admin)
    assert services.non_working_day_remove(entry=entry, by=ofsted_admin) == 1
    deadline.refresh_from_db()
    assert deadline.due_date == original


@pytest.mark.parametrize("day,message", [
    (D(2024, 6, 8), "weekend"),
    (D(2024, 5, 27), "already a non-working day (Spring Bank Holiday)"),
])
def test_weekends_and_bank_holidays_cannot_be_added(ofsted_admin, day, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.non_working_day_add(day=day, reason="x", by=ofsted_admin)
    assert not NonWorkingDay.objects.exists()


def test_a_day_cannot_be_added_twice(ofsted_admin):
    services.non_working_day_add(day=D(2024, 6, 5), reason="first", by=ofsted_admin)
    with pytest.raises(ValidationError, match="already a non-working day"):
        services.non_working_day_add(day=D(2024, 6, 5), reason="again", by=ofsted_admin)


def test_changing_a_rule_previews_then_moves_its_running_clocks(start_clock, make_case,
                                                                 ofsted_admin):
    running = start_clock("factual_accuracy", D(2024, 1, 8))
    met = start_clock("factual_accuracy", D(2023, 1, 9), case=make_case())
    services.deadline_meet(deadline=met, met_on=D(2023, 1, 20), by=ofsted_admin)
    rule = StatutoryRule.objects.get(code="factual_accuracy")
    assert len(services.rule_change_preview(rule=rule, changes={"period_amount": 15})) == 1
    running.refresh_from_db()
    assert running.due_date == add_working_days(D(2024, 1, 8), 10)

    _, moved = services.rule_update(rule=rule, by=ofsted_admin, period_amount=15)
    running.refresh_from_db()
    met.refresh_from_db()
    assert moved == 1
    assert running.due_date == add_working_days(D(2024, 1, 8), 15)
    assert met.due_date == add_working_days(D(2023, 1, 9), 10)
    assert AuditEvent.objects.get(action="rule.update").after == {"period_amount": 15}


def test_a_clock_explains_itself_by_the_start_event_it_counted_from(start_clock, make_case,
                                                                    ofsted_admin):
    from deadlines.selectors import calendar_current

    before = start_clock("wsoa_submission", D(2018, 1, 31))
    services.rule_update(rule=StatutoryRule.objects.get(code="wsoa_submission"),
                         by=ofsted_admin, starts_on="report published")
    after = start_clock("wsoa_submission", D(2018, 1, 31), case=make_case())
    before.refresh_from_db()
    assert before.start_event == "principal authority receives the final report"
    assert after.start_event == "report published"
    first_line = services.deadline_compute(deadline=before,
                                           calendar=calendar_current()).explanation[0]
    assert first_line == ("The clock starts on Wednesday 31 January 2018: principal authority "
                          "receives the final report. That day is day 0.")


def test_a_missed_clock_whose_date_moves_into_the_future_is_open_again(frozen_today,
                                                                       start_clock,
                                                                       ofsted_admin):
    deadline = start_clock("factual_accuracy", add_working_days(frozen_today, -11))
    Deadline.objects.filter(pk=deadline.pk).update(status=DeadlineStatus.MISSED)
    services.deadline_extend(deadline=deadline, working_days=5, reason="agreed", by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN


def test_a_clock_counting_back_moves_when_a_day_inside_it_closes(start_clock, ofsted_admin):
    # Notification is due 5 working days before on-site work starts on Monday 17 June 2030.
    deadline = start_clock("notification", D(2030, 6, 17))
    assert deadline.due_date == D(2030, 6, 10)
    entry, moved = services.non_working_day_add(day=D(2030, 6, 12), reason="closure",
                                                by=ofsted_admin)
    deadline.refresh_from_db()
    assert (moved, deadline.due_date) == (1, D(2030, 6, 7))
    services.non_working_day_remove(entry=entry, by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.due_date == D(2030, 6, 10)


def test_a_pause_needs_a_reason_and_a_date_within_the_clock(start_clock, ofsted_admin):
    deadline = start_clock("wsoa_submission", D(2024, 1, 8))
    with pytest.raises(ValidationError, match="reason"):
        services.deadline_pause(deadline=deadline, on=D(2024, 2, 1), reason=" ",
                                by=ofsted_admin)
    with pytest.raises(ValidationError, match="before it started"):
        services.deadline_pause(deadline=deadline, on=D(2024, 1, 5), reason="x",
                                by=ofsted_admin)
    with pytest.raises(ValidationError, match="already past"):
        services.deadline_pause(deadline=deadline, on=D(2099, 1, 5), reason="x",
                                by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN


def test_a_pause_may_start_today_but_not_tomorrow(frozen_today, start_clock, ofsted_admin):
    # Tomorrow by the frozen clock is long past by the real one: refused only if the service
    # asks the clock what day it is.
    deadline = start_clock("wsoa_submission", frozen_today - datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="starts today or on a day already past"):
        services.deadline_pause(deadline=deadline, on=frozen_today + datetime.timedelta(days=1),
                                reason="legal advice", by=ofsted_admin)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN
    services.deadline_pause(deadline=deadline, on=frozen_today, reason="legal advice",
                            by=ofsted_admin)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.paused_on) == (DeadlineStatus.PAUSED, frozen_today)


def test_an_extension_needs_a_reason(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2024, 1, 8))
    with pytest.raises(ValidationError, match="reason"):
        services.deadline_extend(deadline=deadline, working_days=2, reason="", by=ofsted_admin)


def test_a_met_clock_cannot_have_its_start_corrected(start_clock, ofsted_admin):
    deadline = start_clock("factual_accuracy", D(2024, 1, 8))
    services.deadline_meet(deadline=deadline, met_on=D(2024, 1, 10), by=ofsted_admin)
    with pytest.raises(ValidationError):
        services.deadline_correct_start(deadline=deadline, start_date=D(2024, 1, 9),
                                        reason="typo", by=ofsted_admin)


def test_rule_periods_are_bounded_and_months_never_negative(ofsted_admin):
    rule = StatutoryRule.objects.get(code="revisit")
    with pytest.raises(ValidationError):
        services.rule_update(rule=rule, by=ofsted_admin, period_amount=-3)
    with pytest.raises(ValidationError):
        services.rule_update(rule=StatutoryRule.objects.get(code="factual_accuracy"),
                             by=ofsted_admin, period_amount=100_000)
