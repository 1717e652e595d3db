"""Lateness in working days: a clock met after its due date is "Met late", an overdue one says
by how much, on every page that shows clocks and in the export; the list opens with headline
counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import services
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import calendar_current, deadline_headline_counts
from deadlines.sweep import deadlines_sweep
from deadlines.views.common import deadline_tag
from local_areas.models import LocalArea
from tests.conftest import FROZEN_TODAY

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
ENGLAND = WorkingDayCalendar.england()


def _start(rule: str, start_date: datetime.date, *, case) -> Deadline:
    return services.deadline_start(rule_code=rule, inspection=case, start_date=start_date,
                                   by=None)


def _due_on(rule: str, due: datetime.date, *, case) -> Deadline:
    """A clock of a working-day rule whose due date is `due`."""
    deadline = _start(rule, due, case=case)
    start = calendar_current().add_working_days(due, -deadline.rule.period_amount)
    return services.deadline_correct_start(deadline=deadline, start_date=start,
                                           reason="test", by=None)


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The tag, worked out on the calendar ---------------------------------------------------------

# Friday 24 May 2024; Monday 27 May 2024 is the spring bank holiday.
DUE_FRIDAY = D(2024, 5, 24)


@pytest.mark.parametrize(("met_on", "label", "colour"), [
    (D(2024, 5, 24), "Met", "green"),                            # on the due date
    (D(2024, 5, 23), "Met", "green"),                            # early
    (D(2024, 5, 25), "Met late (1 working day)", "orange"),      # the Saturday after
    (D(2024, 5, 28), "Met late (1 working day)", "orange"),      # Tuesday, past the holiday
    (D(2024, 6, 4), "Met late (6 working days)", "orange"),
])
def test_a_clock_met_after_its_due_date_is_met_late_by_working_days(met_on, label, colour):
    deadline = Deadline(status=DeadlineStatus.MET, due_date=DUE_FRIDAY, met_on=met_on)
    tag = deadline_tag(deadline, today=D(2024, 6, 12), calendar=ENGLAND)
    assert (tag.label, tag.colour) == (label, colour)
    assert tag.note == f"on {met_on.day} {met_on:%B %Y}"
    assert tag.status == ("Met late" if colour == "orange" else "Met")


def test_an_overdue_clock_counts_working_days_without_bank_holidays_or_added_days():
    deadline = Deadline(status=DeadlineStatus.MISSED, due_date=DUE_FRIDAY)
    # 28 May to 12 June: 13 weekdays, less the bank holiday on 27 May (not counted anyway,
    # it is before 28 May), so 12; an admin's extra day on 5 June makes it 11.
    tag = deadline_tag(deadline, today=D(2024, 6, 12), calendar=ENGLAND)
    assert (tag.label, tag.colour, tag.working_days_late) == (
        "Overdue (12 working days)", "red", 12)
    closed = WorkingDayCalendar.england(extra={D(2024, 6, 5): "Office move"})
    assert deadline_tag(deadline, today=D(2024, 6, 12), calendar=closed).label == (
        "Overdue (11 working days)")
    # On the weekend after a Friday due date it is one working day overdue, as on Monday.
    friday = Deadline(status=DeadlineStatus.OPEN, due_date=D(2024, 6, 7))
    assert deadline_tag(friday, today=D(2024, 6, 8), calendar=ENGLAND).label == (
        "Overdue (1 working day)")


# Every page that shows clocks ----------------------------------------------------------------

@pytest.fixture
def late_clocks(medway_case, ofsted_admin):
    """On Medway's case: one clock met 3 working days late (over the spring bank holiday)
    and one overdue by 2 working days, today being Wednesday 12 June 2024."""
    met = _due_on("factual_accuracy", DUE_FRIDAY, case=medway_case)
    services.deadline_meet(deadline=met, met_on=D(2024, 5, 30), by=ofsted_admin)
    overdue = _due_on("final_report", D(2024, 6, 10), case=medway_case)
    deadlines_sweep(today=FROZEN_TODAY)
    return met, overdue


MET_LATE = 'govuk-tag govuk-tag--orange">Met late (3 working days)<'
OVERDUE = 'govuk-tag govuk-tag--red">Overdue (2 working days)<'


def test_met_late_and_days_overdue_show_on_the_inspection_overview(client, ofsted_admin,
                                                                   medway_case, late_clocks):
    client.force_login(ofsted_admin)
    html = _html(client.get(reverse("inspections:overview", args=[medway_case.pk])))
    assert MET_LATE in html and OVERDUE in html
    assert 'govuk-tag--green">Met<' not in html


def test_met_late_and_days_overdue_show_on_the_case_timeline(client, ofsted_admin,
                                                             medway_case, late_clocks):
    client.force_login(ofsted_admin)
    html = _html(client.get(reverse("deadlines:case", args=[medway_case.pk])))
    assert MET_LATE in html and OVERDUE in html
    assert 'govuk-tag--green">Met<' not in html


def test_met_late_and_days_overdue_show_on_the_national_list(client, ofsted_admin,
                                                             late_clocks):
    client.force_login(ofsted_admin)
    assert OVERDUE in _html(client.get(reverse("deadlines:list")))
    html = _html(client.get(reverse("deadlines:list"), {"status": "met"}))
    assert MET_LATE in html
    assert 'govuk-tag--green">Met<' not in html


def test_met_late_and_days_overdue_show_on_the_deadline_page(client, ofsted_admin, late_clocks):
    met, overdue = late_clocks
    client.force_login(ofsted_admin)
    assert MET_LATE in _html(client.get(reverse("deadlines:detail", args=[met.pk])))
    assert OVERDUE in _html(client.get(reverse("deadlines:detail", args=[overdue.pk])))


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_says_overdue_and_met_late_with_the_working_days_late(
        client, ofsted_admin, late_clocks, barnet_case):
    on_time = _due_on("final_report", D(2024, 6, 14), case=barnet_case)
    client.force_login(ofsted_admin)
    running = {row["Rule code"]: row for row in _csv(client.get(reverse("deadlines:export")))}
    assert (running["final_report"]["Status"], running["final_report"]["Working days late"]) \
        == ("Open", "0")
    assert running["final_report"]["Due date"] == on_time.due_date.isoformat()
    overdue = _csv(client.get(reverse("deadlines:export"), {"status": "missed"}))
    assert [(row["Status"], row["Working days late"]) for row in overdue] == [("Overdue", "2")]
    met = _csv(client.get(reverse("deadlines:export"), {"status": "met"}))
    assert [(row["Status"], row["Met on"], row["Working days late"]) for row in met] == [
        ("Met late", "2024-05-30", "3")]


def test_days_overdue_follow_the_non_working_days_admins_add(client, ofsted_admin, late_clocks):
    client.force_login(ofsted_admin)
    services.non_working_day_add(day=D(2024, 6, 11), reason="Office move", by=ofsted_admin)
    html = _html(client.get(reverse("deadlines:list")))
    assert 'govuk-tag govuk-tag--red">Overdue (1 working day)<' in html


# Headline counts -----------------------------------------------------------------------------

@pytest.fixture
def standing(case_of, ofsted_admin):
    """Clocks on separate cases, standing every way a headline counts (or does not)."""
    areas = iter(LocalArea.objects.order_by("pk"))

    def due(rule: str, day: datetime.date) -> Deadline:
        return _due_on(rule, day, case=case_of(next(areas)))

    def met(day: datetime.date, met_on: datetime.date) -> Deadline:
        deadline = due("factual_accuracy", day)
        return services.deadline_meet(deadline=deadline, met_on=met_on, by=ofsted_admin)

    overdue = [due("final_report", D(2024, 6, 10)), due("final_report", D(2024, 5, 1))]
    paused_late = due("publication", D(2024, 6, 3))
    services.deadline_pause(deadline=paused_late, on=D(2024, 6, 5), reason="Awaiting",
                            by=ofsted_admin)
    paused = due("publication", D(2024, 6, 20))
    services.deadline_pause(deadline=paused, on=FROZEN_TODAY, reason="Awaiting",
                            by=ofsted_admin)
    due_soon = [due("final_report", FROZEN_TODAY), due("final_report", D(2024, 6, 19))]
    on_track = [due("final_report", D(2024, 6, 20)), due("final_report", D(2024, 9, 2))]
    met_late = [met(D(2024, 2, 1), D(2024, 2, 5)), met(D(2024, 6, 3), D(2024, 6, 12))]
    met(D(2023, 12, 1), D(2023, 12, 5))  # late, but last year
    met(D(2024, 3, 1), D(2024, 3, 1))  # on time
    cancelled = due("final_report", D(2024, 5, 2))
    services.deadline_cancel(deadline=cancelled, reason="Withdrawn", by=ofsted_admin)
    deadlines_sweep(today=FROZEN_TODAY)
    return {"overdue": 3, "due_soon": len(due_soon), "on_track": len(on_track),
            "met_late_this_year": len(met_late)}, [*overdue, paused_late, *met_late]


def test_the_list_opens_with_headline_counts_of_every_clock_whatever_the_filters(
        client, ofsted_admin, standing):
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:list"), {"rule": "factual_accuracy"})
    assert response.context["headline"] == [
        (3, "overdue"), (2, "due within 5 working days"), (2, "on track"),
        (2, "met late this year")]
    html = _html(response)
    assert html.index('id="headline-counts"') < html.index('role="status"')


def test_headline_counts_agree_with_the_tags_of_every_clock(ofsted_admin, standing):
    expected, _ = standing
    calendar = calendar_current()
    counts = deadline_headline_counts(user=ofsted_admin, today=FROZEN_TODAY, calendar=calendar)
    assert counts == expected
    tags = [deadline_tag(d, today=FROZEN_TODAY, calendar=calendar)
            for d in Deadline.objects.all()]
    by_label = {
        "overdue": sum(tag.status == "Overdue" for tag in tags),
        "due_soon": sum(tag.label.startswith("Due within") for tag in tags),
        "on_track": sum(tag.label == "On track" for tag in tags),
        "met_late_this_year": sum(tag.status == "Met late" for tag in tags) - 1,  # 2023's
    }
    assert by_label == counts


def test_headline_counts_are_one_query_whatever_the_number_of_clocks(ofsted_admin, standing,
                                                                    case_of):
    calendar = calendar_current()
    with CaptureQueriesContext(connection) as queries:
        deadline_headline_counts(user=ofsted_admin, today=FROZEN_TODAY, calendar=calendar)
    assert len(queries) == 1


def test_dfe_advisers_headline_counts_only_the_clocks_they_watch(client, dfe_adviser,
                                                                  medway_case, barnet_case):
    _due_on("wsoa_submission", D(2024, 6, 10), case=medway_case)
    _due_on("final_report", D(2024, 6, 10), case=barnet_case)
    client.force_login(dfe_adviser)
    headline = client.get(reverse("deadlines:list")).context["headline"]
    assert headline[0] == (1, "overdue")


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("deadlines:list")).status_code == 200
    return len(queries)


def test_the_list_with_its_counts_costs_the_same_for_few_or_many_clocks(client, ofsted_admin,
                                                                        case_of):
    areas = list(LocalArea.objects.order_by("pk")[:40])
    for area in areas[:3]:
        _due_on("final_report", D(2024, 6, 10), case=case_of(area))
    client.force_login(ofsted_admin)
    few = _list_queries(client)
    for area in areas[3:20]:
        deadline = _due_on("factual_accuracy", D(2024, 6, 3), case=case_of(area))
        services.deadline_meet(deadline=deadline, met_on=D(2024, 6, 5), by=ofsted_admin)
    for area in areas[20:]:
        _due_on("final_report", D(2024, 6, 14), case=case_of(area))
    assert _list_queries(client) == few
