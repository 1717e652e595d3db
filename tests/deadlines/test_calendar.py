"""Working days in England, pinned to the days that catch other systems out."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.calendar import (
    WorkingDayCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)

D = datetime.date
ENGLAND = WorkingDayCalendar.england()

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))
periods = st.integers(min_value=-100, max_value=100)


@given(start=dates, n=periods.filter(lambda n: n != 0))
def test_the_due_date_is_always_a_working_day(start, n):
    # A period of 0 is the event itself, whatever day it falls on (tested below).
    assert is_working_day(add_working_days(start, n))


@given(start=dates, n=periods)
def test_counting_back_the_working_days_gives_the_period(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@settings(max_examples=200)
@given(start=dates, n=st.integers(min_value=1, max_value=80), data=st.data())
def test_a_new_non_working_day_inside_a_running_clock_moves_it_by_one_working_day(start, n,
                                                                                    data):
    due = add_working_days(start, n)
    inside = [day for day in (start + datetime.timedelta(days=k)
                              for k in range(1, (due - start).days + 1)) if is_working_day(day)]
    closed = data.draw(st.sampled_from(inside))
    with_extra = WorkingDayCalendar.england(extra={closed: "added"})
    assert with_extra.add_working_days(start, n) == ENGLAND.add_working_days(due, 1)


@pytest.mark.parametrize("start,n,due", [
    # Christmas 2020: Boxing Day on a Saturday, substitute Monday 28 December.
    (D(2020, 12, 24), 1, D(2020, 12, 29)),
    # Christmas 2022 on a Sunday: substitute Tuesday 27 December; New Year's Day 2023 on a
    # Sunday, substitute Monday 2 January.
    (D(2022, 12, 23), 1, D(2022, 12, 28)),
    (D(2022, 12, 30), 1, D(2023, 1, 3)),
    # Christmas 2027 on a Saturday: substitutes Monday 27 and Tuesday 28 December.
    (D(2027, 12, 24), 1, D(2027, 12, 29)),
    # Easter 2024: Good Friday 29 March and Easter Monday 1 April.
    (D(2024, 3, 28), 1, D(2024, 4, 2)),
    # 2020: the early May bank holiday moved to Friday 8 May for VE Day; Monday 4 May worked.
    (D(2020, 5, 1), 1, D(2020, 5, 4)),
    (D(2020, 5, 7), 1, D(2020, 5, 11)),
    # 2022 Platinum Jubilee: Thursday 2 and Friday 3 June.
    (D(2022, 6, 1), 1, D(2022, 6, 6)),
    # 2022 state funeral of Queen Elizabeth II: Monday 19 September.
    (D(2022, 9, 16), 1, D(2022, 9, 20)),
    # 2023 Coronation: Monday 8 May, a week after the early May bank holiday.
    (D(2023, 4, 28), 2, D(2023, 5, 3)),
    (D(2023, 5, 5), 1, D(2023, 5, 9)),
    # An event on a Saturday counts from the Saturday: day 1 is the Monday.
    (D(2025, 3, 1), 1, D(2025, 3, 3)),
    # Counting back: five working days before Monday 4 December 2017 (Medway on site).
    (D(2017, 12, 4), -5, D(2017, 11, 27)),
    # ... and before Tuesday 3 January 2023, across Christmas and New Year substitutes.
    (D(2023, 1, 3), -5, D(2022, 12, 22)),
    # Medway: final report received 31 January 2018; WSOA due 70 working days later.
    (D(2018, 1, 31), 70, D(2018, 5, 14)),
])
def test_known_dates(start, n, due):
    assert add_working_days(start, n) == due


@pytest.mark.parametrize("day", [D(2022, 9, 19), D(2023, 5, 8), D(2022, 6, 2), D(2022, 6, 3),
                                 D(2020, 5, 8), D(2020, 12, 28), D(2021, 8, 30)])
def test_bank_holidays_in_england_are_not_working_days(day):
    assert not is_working_day(day)


def test_a_monday_that_was_not_a_bank_holiday_is_a_working_day():
    assert is_working_day(D(2020, 5, 4))


def test_the_day_of_the_event_is_day_zero():
    assert add_working_days(D(2024, 6, 5), 0) == D(2024, 6, 5)
    assert working_days_between(D(2024, 6, 5), D(2024, 6, 5)) == 0


def test_extra_non_working_days_count_like_bank_holidays():
    calendar = WorkingDayCalendar.england(extra={D(2024, 6, 6): "office closed"})
    assert not calendar.is_working_day(D(2024, 6, 6))
    assert calendar.add_working_days(D(2024, 6, 5), 1) == D(2024, 6, 7)


@pytest.mark.parametrize(("day", "late"), [
    (D(2022, 9, 15), 0),   # before the due date
    (D(2022, 9, 16), 0),   # on it (a Friday)
    (D(2022, 9, 17), 1),   # the Saturday: as late as the next working day
    (D(2022, 9, 19), 1),   # the Queen's funeral: still the next working day, Tuesday
    (D(2022, 9, 20), 1),
    (D(2022, 9, 21), 2),
])
def test_lateness_counts_working_days_after_the_due_date(day, late):
    assert WorkingDayCalendar.england().working_days_late(D(2022, 9, 16), day) == late


def test_lateness_skips_the_days_admins_add():
    calendar = WorkingDayCalendar.england(extra={D(2024, 6, 6): "office closed"})
    assert calendar.working_days_late(D(2024, 6, 4), D(2024, 6, 7)) == 2
    assert WorkingDayCalendar.england().working_days_late(D(2024, 6, 4), D(2024, 6, 7)) == 3


# Counting by arithmetic gives what counting day by day gives ---------------------------------

def _day_by_day(calendar: WorkingDayCalendar, a: datetime.date, b: datetime.date) -> int:
    """The definition: the working days after a up to and including b, one day at a time;
    negative, those from b up to but not including a, when b is before a."""
    if b >= a:
        days = (a + datetime.timedelta(days=k) for k in range(1, (b - a).days + 1))
        return sum(1 for day in days if calendar.is_working_day(day))
    days = (b + datetime.timedelta(days=k) for k in range((a - b).days))
    return -sum(1 for day in days if calendar.is_working_day(day))


# Extra closures on any day, weekends included, and across the years the bank holidays end.
extra_days = st.dictionaries(st.dates(min_value=D(2008, 1, 1), max_value=D(2045, 12, 31)),
                             st.just("added"), max_size=30)
wide_dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2048, 12, 31))


@settings(max_examples=400)
@given(a=wide_dates, b=wide_dates, extra=extra_days)
def test_working_days_between_counts_what_counting_day_by_day_counts(a, b, extra):
    calendar = WorkingDayCalendar.england(extra=extra)
    assert calendar.working_days_between(a, b) == _day_by_day(calendar, a, b)


@settings(max_examples=300)
@given(start=wide_dates, n=st.integers(min_value=-700, max_value=700), extra=extra_days)
def test_adding_working_days_lands_where_counting_day_by_day_says(start, n, extra):
    calendar = WorkingDayCalendar.england(extra=extra)
    due = calendar.add_working_days(start, n)
    assert _day_by_day(calendar, start, due) == n
    assert calendar.working_days_between(start, due) == n
    if n:
        assert calendar.is_working_day(due)


@settings(max_examples=200)
@given(due=wide_dates, day=wide_dates, extra=extra_days)
def test_lateness_is_the_day_by_day_count_to_the_next_working_day(due, day, extra):
    calendar = WorkingDayCalendar.england(extra=extra)
    expected = 0 if day <= due else _day_by_day(
        calendar, due, calendar.next_working_day_on_or_after(day))
    assert calendar.working_days_late(due, day) == expected

