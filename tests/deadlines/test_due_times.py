"""Clocks due by a time of day (the 2023 framework's Annex A: Tuesday 11am, Tuesday 5pm,
Friday 5pm), counted on the calendar in England: the due date in working days from the
notification call, the due time in UK time, summer or winter; overdue from that moment and
no sooner, met late after it; shown and exported with the time."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from deadlines import services
from deadlines.arithmetic import compute_due_date, due_words, due_words_short, time_words
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus, StatutoryRule
from deadlines.rules_data import RULES_2023
from deadlines.selectors import calendar_current, deadline_headline_counts
from deadlines.sweep import deadlines_sweep, reminder_text
from deadlines.views.common import deadline_tag
from tests.factories import inspection_without_clocks

D = datetime.date
UTC = datetime.UTC
pytestmark = pytest.mark.django_db
ENGLAND_DAYS = WorkingDayCalendar.england()
RULES = {rule["code"]: rule for rule in RULES_2023}
ANNEX_A = ("annex_a_person_level_data", "annex_a_providers_list", "annex_a_send_arrangements",
           "annex_a_case_selection", "annex_a_tracked_cases", "annex_a_further_arrangements")


def utc(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _due(code: str, notified: datetime.date) -> tuple[datetime.date, datetime.time]:
    """Where the rule as loaded puts the clock, counting from a call on `notified`."""
    rule = StatutoryRule(**RULES[code])
    due = compute_due_date(period=rule.period, start=notified, start_event=rule.starts_on,
                           calendar=ENGLAND_DAYS, due_time=rule.due_time)
    return due.due_date, rule.due_time


# Annex A on the calendar ---------------------------------------------------------------------

# (the day the area is notified, the Tuesday items, the Friday items) in real 2023 weeks.
WEEKS_OF_2023 = [
    # An ordinary week in winter.
    (D(2023, 3, 6), D(2023, 3, 7), D(2023, 3, 10)),
    # Good Friday (7 April) and Easter Monday (10 April): the Friday items, four working
    # days after the call, fall on the Tuesday after Easter.
    (D(2023, 4, 3), D(2023, 4, 4), D(2023, 4, 11)),
    # The early May bank holiday (Monday 1 May): week 1 starts and the area is notified on
    # the Tuesday; the coronation bank holiday (Monday 8 May) moves the Friday items on.
    (D(2023, 5, 2), D(2023, 5, 3), D(2023, 5, 9)),
    # The spring bank holiday (Monday 29 May).
    (D(2023, 5, 30), D(2023, 5, 31), D(2023, 6, 5)),
]


@pytest.mark.parametrize(("notified", "tuesday", "friday"), WEEKS_OF_2023)
def test_annex_a_falls_due_the_working_day_after_the_call_and_four_working_days_after(
        notified, tuesday, friday):
    assert {code: _due(code, notified) for code in ANNEX_A} == {
        "annex_a_person_level_data": (tuesday, datetime.time(11)),
        "annex_a_providers_list": (tuesday, datetime.time(11)),
        "annex_a_send_arrangements": (tuesday, datetime.time(11)),
        "annex_a_case_selection": (tuesday, datetime.time(17)),
        "annex_a_tracked_cases": (friday, datetime.time(17)),
        "annex_a_further_arrangements": (friday, datetime.time(17)),
    }


def test_the_due_moment_is_a_uk_time_in_summer_and_in_winter(ofsted_admin, medway):
    case = inspection_without_clocks(local_area=medway, by=ofsted_admin, framework="2023")

    def due_at(code, notified):
        deadline = services.deadline_start(rule_code=code, inspection=case,
                                           start_date=notified, by=None)
        moment = deadline.due_at
        Deadline.objects.filter(pk=deadline.pk).update(status=DeadlineStatus.CANCELLED)
        return moment

    # Greenwich Mean Time: 11am is 11:00 UTC.
    assert due_at("annex_a_person_level_data", D(2023, 3, 6)) == utc(D(2023, 3, 7), 11)
    # Summer time began on Sunday 26 March 2023: 11am on Tuesday 28 March is 10:00 UTC.
    assert due_at("annex_a_person_level_data", D(2023, 3, 27)) == utc(D(2023, 3, 28), 10)
    assert due_at("annex_a_tracked_cases", D(2023, 3, 27)) == utc(D(2023, 3, 31), 16)
    # Summer time ended on Sunday 29 October 2023: the week before, 5pm is 16:00 UTC; the
    # week after, 11am is 11:00 UTC again.
    assert due_at("annex_a_tracked_cases", D(2023, 10, 23)) == utc(D(2023, 10, 27), 16)
    assert due_at("annex_a_case_selection", D(2023, 10, 30)) == utc(D(2023, 10, 31), 17)


def test_a_non_working_day_an_admin_adds_moves_annex_a_on(ofsted_admin, medway):
    case = inspection_without_clocks(local_area=medway, by=ofsted_admin, framework="2023")
    data = services.deadline_start(rule_code="annex_a_person_level_data", inspection=case,
                                   start_date=D(2023, 3, 6), by=None)
    services.non_working_day_add(day=D(2023, 3, 7), reason="Office closed", by=ofsted_admin)
    data.refresh_from_db()
    assert (data.due_date, data.due_at) == (D(2023, 3, 8), utc(D(2023, 3, 8), 11))


def test_due_times_in_words():
    assert [time_words(datetime.time(*t)) for t in [(11, 0), (17, 0), (17, 30), (12, 0),
                                                     (0, 0), (9, 5)]] == [
        "11am", "5pm", "5:30pm", "midday", "midnight", "9:05am"]
    assert due_words(D(2023, 3, 7), datetime.time(11)) == "by 11am on Tuesday 7 March 2023"
    assert due_words(D(2023, 3, 7)) == "Tuesday 7 March 2023"
    assert due_words_short(D(2023, 3, 10), datetime.time(17)) == "10 Mar 2023, by 5pm"
    lines = _explained("annex_a_tracked_cases", D(2023, 4, 3))
    assert lines[-1] == "Due by 5pm on Tuesday 11 April 2023, UK time."
    assert "Good Friday" in " ".join(lines) and "Easter Monday" in " ".join(lines)


def _explained(code: str, notified: datetime.date) -> list[str]:
    rule = StatutoryRule(**RULES[code])
    return compute_due_date(period=rule.period, start=notified, start_event=rule.starts_on,
                            calendar=ENGLAND_DAYS, due_time=rule.due_time).explanation


# Overdue from the moment, met late after it ----------------------------------------------------

# Notified on Monday 27 March 2023 (summer time): person-level data due by 11am on Tuesday
# 28 March, which is 10:00 UTC.
NOTIFIED, DUE_DAY = D(2023, 3, 27), D(2023, 3, 28)
BEFORE, AFTER = utc(DUE_DAY, 9, 59), utc(DUE_DAY, 10, 1)  # 10:59am and 11:01am in England


@pytest.fixture
def data_clock(ofsted_admin, medway) -> Deadline:
    case = inspection_without_clocks(local_area=medway, by=ofsted_admin, framework="2023")
    return services.deadline_start(rule_code="annex_a_person_level_data", inspection=case,
                                   start_date=NOTIFIED, by=None)


def _tag(deadline: Deadline, now: datetime.datetime):
    deadline = Deadline.objects.select_related("rule").get(pk=deadline.pk)
    return deadline_tag(deadline, today=DUE_DAY, calendar=calendar_current(), now=now)


def test_a_clock_due_by_11am_is_overdue_only_after_11am_uk_time(data_clock):
    assert _tag(data_clock, BEFORE).label == "Due within 5 working days"
    tag = _tag(data_clock, AFTER)
    assert (tag.label, tag.colour, tag.status, tag.working_days_late) == (
        "Overdue (since 11am)", "red", "Overdue", 0)
    next_day = deadline_tag(Deadline.objects.select_related("rule").get(pk=data_clock.pk),
                            today=D(2023, 3, 29), calendar=calendar_current(),
                            now=utc(D(2023, 3, 29), 8))
    assert next_day.label == "Overdue (1 working day)"


def test_the_headline_counts_agree_with_the_tag_either_side_of_the_due_time(data_clock,
                                                                            ofsted_admin):
    def counts(now):
        return deadline_headline_counts(user=ofsted_admin, today=DUE_DAY,
                                        calendar=calendar_current(), now=now)

    assert counts(BEFORE) == {"overdue": 0, "due_soon": 1, "on_track": 0,
                              "met_late_this_year": 0}
    assert counts(AFTER) == {"overdue": 1, "due_soon": 0, "on_track": 0,
                             "met_late_this_year": 0}


@pytest.mark.parametrize(("met_at", "label", "late"), [
    (utc(DUE_DAY, 9, 45), "Met", False),                           # 10:45am
    (utc(DUE_DAY, 10, 0), "Met", False),                           # 11am exactly: in time
    (utc(DUE_DAY, 13, 30), "Met late (after 11am)", True),         # 2:30pm
    (utc(D(2023, 3, 29), 9), "Met late (1 working day)", True),    # 10am the next day
])
def test_met_after_the_due_time_on_the_due_day_is_met_late(data_clock, ofsted_admin, met_at,
                                                            label, late):
    services.deadline_meet(deadline=data_clock, met_on=met_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=1))).date(), met_at=met_at, by=None)
    assert _tag(data_clock, AFTER).label == label
    with time_machine.travel(utc(D(2023, 6, 1), 12), tick=False):
        counts = deadline_headline_counts(user=ofsted_admin, today=D(2023, 6, 1),
                                          calendar=calendar_current())
    assert counts["met_late_this_year"] == int(late)
    assert Deadline.objects.get(pk=data_clock.pk).met_at == met_at


def test_the_audit_trail_keeps_the_moment_in_uk_time(data_clock):
    from audit.models import AuditEvent

    services.deadline_meet(deadline=data_clock, met_on=DUE_DAY,
                           met_at=utc(DUE_DAY, 13, 30), by=None)
    after = AuditEvent.objects.filter(action="deadline.meet").latest("pk").after
    assert (after["met_at"], after["late"]) == ("2023-03-28T14:30:00+01:00", True)


def test_the_sweep_marks_a_timed_clock_missed_only_once_its_moment_has_passed(data_clock):
    with time_machine.travel(BEFORE, tick=False):
        assert deadlines_sweep(today=DUE_DAY).missed == 0
    with time_machine.travel(AFTER, tick=False):
        assert deadlines_sweep(today=DUE_DAY).missed == 1
    assert Deadline.objects.get(pk=data_clock.pk).status == DeadlineStatus.MISSED


def test_the_reminder_says_the_time(data_clock):
    deadline = Deadline.objects.select_related("rule", "local_area", "inspection__local_area"
                                               ).get(pk=data_clock.pk)
    _, body = reminder_text(deadline=deadline, today=NOTIFIED, calendar=calendar_current())
    assert "is due by 11am on Tuesday 28 March 2023, in 1 working day" in body
    _, body = reminder_text(deadline=deadline, today=DUE_DAY, calendar=calendar_current())
    assert "is due by 11am today, Tuesday 28 March 2023" in body


# Shown and exported with the time -------------------------------------------------------------

def test_the_clock_pages_and_the_export_give_the_due_time(client, ofsted_admin, data_clock):
    client.force_login(ofsted_admin)
    with time_machine.travel(AFTER, tick=False):
        detail = client.get(reverse("deadlines:detail", args=[data_clock.pk])).content.decode()
        listed = client.get(reverse("deadlines:list")).content.decode()
        exported = b"".join(client.get(reverse("deadlines:export")).streaming_content)
    assert "By 11am on Tuesday 28 March 2023 (UK time)" in detail
    assert "Overdue (since 11am)" in detail
    assert "28 Mar 2023, by 11am" in listed
    row = next(csv.DictReader(io.StringIO(exported.decode())))
    assert (row["Due date"], row["Due by (UK time)"], row["Status"],
            row["Working days late"]) == ("2023-03-28", "11:00", "Overdue", "0")
    services.deadline_meet(deadline=data_clock, met_on=DUE_DAY,
                           met_at=utc(DUE_DAY, 13, 30), by=None)
    with time_machine.travel(AFTER, tick=False):
        exported = b"".join(client.get(reverse("deadlines:export"), {"status": "met"})
                            .streaming_content)
        detail = client.get(reverse("deadlines:detail", args=[data_clock.pk])).content.decode()
    row = next(csv.DictReader(io.StringIO(exported.decode())))
    assert (row["Status"], row["Met on"], row["Met at (UK time)"]) == (
        "Met late", "2023-03-28", "14:30")
    assert "2:30pm on Tuesday 28 March 2023 (late)" in detail
    assert "Met late (after 11am)" in detail
