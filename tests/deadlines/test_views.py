"""The deadline pages: who sees what, filters, tags, the export, and the forms that move clocks."""

import csv
import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from deadlines import services
from deadlines.calendar import WorkingDayCalendar, england_bank_holidays
from deadlines.forms import RuleForm
from deadlines.models import Deadline, DeadlineStatus, NonWorkingDay, Notification, StatutoryRule
from deadlines.selectors import calendar_current
from deadlines.sweep import deadlines_sweep, reminder_deliver
from deadlines.views.common import PAGE_SIZE, deadline_tag
from local_areas.models import LocalArea
from tests.conftest import FROZEN_TODAY
from tests.deadlines.conftest import BARNET_CASE, MEDWAY_CASE
from tests.factories import LocalAreaFactory

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
# Clocks here are started, tagged and swept around today: the clock stands still on one day,
# so the pages give the same answer whenever the tests run.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _start(rule: str, start_date: datetime.date, *, case) -> Deadline:
    """A clock started by the service on the case, an inspection."""
    return services.deadline_start(rule_code=rule, inspection=case, start_date=start_date,
                                   by=None)


def _today() -> datetime.date:
    """The day every test here runs on (the clock is frozen on it)."""
    return FROZEN_TODAY


def _due_in(rule: str, working_days: int, *, case) -> Deadline:
    """A clock of a working-day rule falling due that many working days after today."""
    period = StatutoryRule.objects.get(code=rule).period_amount
    start = calendar_current().add_working_days(_today(), working_days - period)
    return _start(rule, start, case=case)


def _free_weekday(on_or_after: datetime.date) -> datetime.date:
    calendar = calendar_current()
    return calendar.next_working_day_on_or_after(on_or_after)


def _date_post(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _rows(response) -> list[Deadline]:
    return [deadline for deadline, _ in response.context["rows"]]


def _html(response) -> str:
    return response.content.decode()


def _input_value(html: str, name: str) -> str | None:
    """The value the page's input called `name` shows, or None if it shows none."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else None


# Who may open what ---------------------------------------------------------------------------

@pytest.fixture
def clocks(medway_case, barnet_case):
    """A WSOA clock, which DfE advisers may watch, and an inspection clock, which they may not."""
    return SimpleNamespace(
        wsoa=_start("wsoa_submission", _today(), case=medway_case),
        report=_start("final_report", _today() - 60 * ONE_DAY, case=barnet_case),
    )


@pytest.fixture
def closure():
    """An extra non-working day, far enough ahead to move no clock."""
    entry, _ = services.non_working_day_add(
        day=_free_weekday(_today() + 800 * ONE_DAY), reason="Office move", by=None)
    return entry


def _urls(clocks, closure) -> dict[str, str]:
    wsoa, report = clocks.wsoa, clocks.report
    return {
        "list": reverse("deadlines:list"),
        "export": reverse("deadlines:export"),
        "detail": reverse("deadlines:detail", args=[wsoa.pk]),
        "detail-not-wsoa": reverse("deadlines:detail", args=[report.pk]),
        "case": reverse("deadlines:case", args=[wsoa.inspection_id]),
        "case-not-wsoa": reverse("deadlines:case", args=[report.inspection_id]),
        "extend": reverse("deadlines:extend", args=[wsoa.pk]),
        "pause": reverse("deadlines:pause", args=[wsoa.pk]),
        "resume": reverse("deadlines:resume", args=[wsoa.pk]),
        "rules": reverse("deadlines:rules"),
        "rule-edit": reverse("deadlines:rule-edit", args=["wsoa_submission"]),
        "non-working-days": reverse("deadlines:non-working-days"),
        "non-working-day-add": reverse("deadlines:non-working-day-add"),
        "non-working-day-remove": reverse("deadlines:non-working-day-remove", args=[closure.pk]),
        "notifications": reverse("notifications"),
    }


ROUTES = list(_urls(SimpleNamespace(wsoa=SimpleNamespace(pk=1, inspection_id=1),
                                    report=SimpleNamespace(pk=2, inspection_id=2)),
                    SimpleNamespace(pk=1)))
ADMIN = dict.fromkeys(ROUTES, 200)
DFE = {**dict.fromkeys(ROUTES, 403), "list": 200, "export": 200, "detail": 200,
       "detail-not-wsoa": 404, "case": 200, "case-not-wsoa": 404, "notifications": 200}
# Those who watch no clocks: lists refused outright, single clocks not found, as if missing.
NO_CLOCKS = {**dict.fromkeys(ROUTES, 403), "detail": 404, "detail-not-wsoa": 404, "case": 404,
             "case-not-wsoa": 404, "extend": 404, "pause": 404, "resume": 404,
             "notifications": 200}
EXPECTED = {
    "ofsted_admin": ADMIN,
    "dfe_adviser": DFE,
    "lead_inspector": NO_CLOCKS,
    "quality_assurance": NO_CLOCKS,
    "lano": NO_CLOCKS,
    "local_area_leader": NO_CLOCKS,
    "outsider": NO_CLOCKS,
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_each_role_reaches_exactly_the_deadline_pages_it_may(client, request, persona, clocks,
                                                             closure):
    client.force_login(request.getfixturevalue(persona))
    statuses = {name: client.get(url).status_code for name, url in _urls(clocks, closure).items()}
    assert statuses == EXPECTED[persona]


def test_signed_out_visitors_are_sent_to_sign_in(client, clocks, closure):
    for url in _urls(clocks, closure).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(
            reverse("accounts:sign-in")), url


def test_dfe_advisers_watch_only_the_clocks_marked_for_them(client, dfe_adviser, clocks):
    client.force_login(dfe_adviser)
    response = client.get(reverse("deadlines:list"))
    assert _rows(response) == [clocks.wsoa]
    offered = {code for code, _ in response.context["form"].fields["rule"].choices if code}
    assert offered == set(StatutoryRule.objects.filter(dfe_can_view=True)
                          .values_list("code", flat=True))
    # Asking for a rule they may not see shows nothing of it: it is not one of their choices.
    refused = client.get(reverse("deadlines:list"), {"rule": "final_report"})
    assert _rows(refused) == []
    assert refused.context["form"].errors == {"rule": ["Select a rule from the list"]}


def test_dfe_advisers_read_a_wsoa_clock_without_the_means_to_change_it(client, dfe_adviser,
                                                                       clocks):
    client.force_login(dfe_adviser)
    html = _html(client.get(reverse("deadlines:detail", args=[clocks.wsoa.pk])))
    assert "How this date was worked out" in html
    assert reverse("deadlines:extend", args=[clocks.wsoa.pk]) not in html
    assert reverse("deadlines:pause", args=[clocks.wsoa.pk]) not in html
    response = client.post(reverse("deadlines:extend", args=[clocks.wsoa.pk]),
                           {"working_days": "5", "reason": "Because"})
    assert response.status_code == 403


def test_navigation_offers_deadlines_to_watchers_and_notifications_to_everyone(
        client, ofsted_admin, dfe_adviser, lead_inspector):
    for user, deadlines_shown in ((ofsted_admin, True), (dfe_adviser, True),
                                  (lead_inspector, False)):
        client.force_login(user)
        labels = [item["label"] for item in client.get(reverse("home")).context["navigation"]]
        assert labels[0] == "Home" and labels[-1] == "Sign out"
        assert ("Deadlines" in labels) is deadlines_shown
        assert "Notifications" in labels


# The national list ---------------------------------------------------------------------------

@pytest.fixture
def spread(medway_case, barnet_case, ofsted_admin):
    """Clocks in two regions, of several rules, in every status."""
    today = _today()
    clocks = SimpleNamespace(
        medway_report=_start("final_report", today, case=medway_case),
        barnet_report=_start("final_report", today + 7 * ONE_DAY, case=barnet_case),
        medway_wsoa=_start("wsoa_submission", today, case=medway_case),
        overdue=_start("notification", today - 30 * ONE_DAY, case=barnet_case),
        met=_start("factual_accuracy", today, case=barnet_case),
        cancelled=_start("wsoa_review", today, case=barnet_case),
        paused=_start("publication", today, case=medway_case),
    )
    services.deadline_meet(deadline=clocks.met, met_on=today, by=ofsted_admin)
    services.deadline_cancel(deadline=clocks.cancelled, reason="Withdrawn", by=ofsted_admin)
    services.deadline_pause(deadline=clocks.paused, on=today, reason="Awaiting",
                            by=ofsted_admin)
    deadlines_sweep(today=today)  # the overdue clock is marked missed
    clocks.overdue.refresh_from_db()
    assert clocks.overdue.status == DeadlineStatus.MISSED
    return clocks


def _listed(client, **filters) -> set[Deadline]:
    response = client.get(reverse("deadlines:list"), filters)
    assert response.status_code == 200
    return set(_rows(response))


def test_the_list_shows_running_clocks_unless_asked_for_others(client, ofsted_admin, spread):
    client.force_login(ofsted_admin)
    running = {spread.medway_report, spread.barnet_report, spread.medway_wsoa, spread.overdue,
               spread.paused}
    assert _listed(client) == running
    assert _listed(client, status="met") == {spread.met}
    assert _listed(client, status="cancelled") == {spread.cancelled}
    assert _listed(client, status="paused") == {spread.paused}
    assert _listed(client, status="missed") == {spread.overdue}


def test_the_list_filters_by_rule_region_and_local_area(client, ofsted_admin, spread, medway):
    client.force_login(ofsted_admin)
    assert _listed(client, rule="final_report") == {spread.medway_report, spread.barnet_report}
    assert _listed(client, region="london") == {spread.barnet_report, spread.overdue}
    assert _listed(client, local_area=medway.pk) == {spread.medway_report, spread.medway_wsoa,
                                                     spread.paused}
    assert _listed(client, rule="final_report", region="se") == {spread.medway_report}
    html = _html(client.get(reverse("deadlines:list"), {"rule": "final_report"}))
    assert "2 deadlines match your filters" in html
    assert f'href="{reverse("deadlines:export")}?rule=final_report"' in html


def test_the_list_sorts_by_due_date_either_way_from_the_column_header(client, ofsted_admin,
                                                                      spread):
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:list"), {"rule": "final_report"})
    soonest_first = [d.due_date for d in _rows(response)]
    assert soonest_first == sorted(soonest_first) and len(set(soonest_first)) == 2
    assert 'aria-sort="ascending"' in _html(response)
    assert 'href="?rule=final_report&amp;order=-due"' in _html(response)

    response = client.get(reverse("deadlines:list"), {"rule": "final_report", "order": "-due"})
    assert [d.due_date for d in _rows(response)] == soonest_first[::-1]
    assert 'aria-sort="descending"' in _html(response)
    assert 'href="?rule=final_report&amp;order=due"' in _html(response)


def test_the_list_is_paginated_and_says_when_nothing_matches(client, ofsted_admin, case_of):
    client.force_login(ofsted_admin)
    areas = LocalArea.objects.order_by("pk")[:PAGE_SIZE + 3]
    for area in areas:
        _start("final_report", _today(), case=case_of(area))
    first = client.get(reverse("deadlines:list"))
    assert len(_rows(first)) == PAGE_SIZE
    assert f"{PAGE_SIZE + 3} deadlines" in _html(first)
    second = client.get(reverse("deadlines:list"), {"after": first.context["page"].next_cursor})
    assert len(_rows(second)) == 3
    empty = client.get(reverse("deadlines:list"), {"status": "met"})
    assert "No deadlines match your filters" in _html(empty)


def test_rows_are_tagged_by_how_their_clocks_stand_today(client, ofsted_admin, medway_case,
                                                         barnet_case):
    overdue = _start("factual_accuracy", _today() - 60 * ONE_DAY, case=medway_case)
    soon = _due_in("factual_accuracy", 3, case=barnet_case)
    on_track = _due_in("final_report", 20, case=medway_case)
    paused = _due_in("publication", 20, case=medway_case)
    services.deadline_pause(deadline=paused, on=_today(), reason="Awaiting", by=ofsted_admin)
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:list"))
    tags = dict(response.context["rows"])
    late = calendar_current().working_days_between(overdue.due_date, _today())
    assert (tags[overdue].label, tags[overdue].colour) == (f"Overdue ({late} working days)",
                                                           "red")
    assert (tags[soon].label, tags[soon].colour) == ("Due within 5 working days", "yellow")
    assert (tags[on_track].label, tags[on_track].colour) == ("On track", "green")
    assert (tags[paused].label, tags[paused].colour) == ("Paused", "grey")
    html = _html(response)
    assert f'govuk-tag govuk-tag--red">Overdue ({late} working days)<' in html
    assert 'govuk-tag govuk-tag--yellow">Due within 5 working days<' in html


def test_met_and_cancelled_clocks_are_tagged_so_with_the_date_met(client, ofsted_admin,
                                                                  medway_case):
    met = _start("factual_accuracy", D(2024, 1, 8), case=medway_case)
    services.deadline_meet(deadline=met, met_on=D(2024, 1, 22), by=ofsted_admin)  # due that day
    cancelled = _start("final_report", D(2024, 1, 8), case=medway_case)
    services.deadline_cancel(deadline=cancelled, reason="Withdrawn", by=ofsted_admin)
    client.force_login(ofsted_admin)
    tags = dict(client.get(reverse("deadlines:list"), {"status": "met"}).context["rows"])
    assert (tags[met].label, tags[met].colour, tags[met].note) == ("Met", "green",
                                                                   "on 22 January 2024")
    tags = dict(client.get(reverse("deadlines:list"), {"status": "cancelled"}).context["rows"])
    assert (tags[cancelled].label, tags[cancelled].colour) == ("Cancelled", "grey")


@pytest.mark.parametrize(("due", "label"), [
    (D(2024, 6, 11), "Overdue (1 working day)"),     # yesterday
    (D(2024, 6, 12), "Due within 5 working days"),   # today: 0 working days
    (D(2024, 6, 19), "Due within 5 working days"),   # 5 working days
    (D(2024, 6, 20), "On track"),                    # 6 working days
])
def test_the_due_soon_window_is_five_working_days_from_today(due, label):
    deadline = Deadline(status=DeadlineStatus.OPEN, due_date=due)
    tag = deadline_tag(deadline, today=D(2024, 6, 12), calendar=WorkingDayCalendar.england())
    assert tag.label == label


def test_a_clock_paused_after_it_was_due_is_still_overdue():
    deadline = Deadline(status=DeadlineStatus.PAUSED, due_date=D(2024, 6, 3),
                        paused_on=D(2024, 6, 5))
    calendar = WorkingDayCalendar.england()
    # As late as it was when it stopped: Tuesday 4 and Wednesday 5 June.
    tag = deadline_tag(deadline, today=D(2024, 6, 12), calendar=calendar)
    assert (tag.label, tag.colour, tag.note) == ("Overdue (2 working days)", "red", "paused")
    deadline.paused_on = D(2024, 5, 30)
    assert deadline_tag(deadline, today=D(2024, 6, 12), calendar=calendar).label == "Paused"


# The export ----------------------------------------------------------------------------------

CSV_HEADER = ["Case", "Local area", "ONS code", "Ofsted region", "Rule code", "Rule description",
              "Start date", "Due date", "Due by (UK time)", "Status", "Met on",
              "Met at (UK time)", "Working days late", "Extension working days",
              "Paused working days"]


def _csv(response) -> list[list[str]]:
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="deadlines-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_has_every_matching_row_with_the_filters_kept(client, ofsted_admin, spread):
    client.force_login(ofsted_admin)
    rows = _csv(client.get(reverse("deadlines:export"), {"rule": "final_report"}))
    report = spread.medway_report
    assert rows[0] == CSV_HEADER
    assert rows[1:] == [
        [MEDWAY_CASE, "Medway", "E06000035", "South East", "final_report",
         "Send the final report to the local area", report.start_date.isoformat(),
         report.due_date.isoformat(), "", "Open", "", "", "0", "0", "0"],
        [BARNET_CASE, "Barnet", "E09000003", "London", "final_report",
         "Send the final report to the local area",
         spread.barnet_report.start_date.isoformat(),
         spread.barnet_report.due_date.isoformat(), "", "Open", "", "", "0", "0", "0"],
    ]
    met = _csv(client.get(reverse("deadlines:export"), {"status": "met"}))
    assert met[1][9:11] == ["Met", _today().isoformat()]


def test_the_export_is_not_paginated(client, ofsted_admin, case_of):
    for area in LocalArea.objects.order_by("pk")[:PAGE_SIZE + 2]:
        _start("final_report", _today(), case=case_of(area))
    client.force_login(ofsted_admin)
    assert len(_csv(client.get(reverse("deadlines:export")))) == 1 + PAGE_SIZE + 2


def test_the_export_defuses_cells_a_spreadsheet_would_run(client, ofsted_admin, case_of):
    # The case's label begins with its area's name.
    area = LocalAreaFactory(name='=HYPERLINK("http://x")')
    _start("final_report", _today(), case=case_of(area))
    client.force_login(ofsted_admin)
    rows = _csv(client.get(reverse("deadlines:export")))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\") 2016 local area SEND inspection, " \
                         "December 2017"
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"


def test_dfe_advisers_export_only_wsoa_clocks(client, dfe_adviser, clocks):
    client.force_login(dfe_adviser)
    rows = _csv(client.get(reverse("deadlines:export")))
    assert [row[4] for row in rows[1:]] == ["wsoa_submission"]


# One deadline --------------------------------------------------------------------------------

def test_the_deadline_page_explains_its_date_and_shows_its_history(client, ofsted_admin,
                                                                   medway_case):
    deadline = _start("wsoa_submission", D(2018, 1, 31), case=medway_case)
    services.deadline_extend(deadline=deadline, working_days=5, reason="Snow closure",
                             by=ofsted_admin)
    deadline.refresh_from_db()
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:detail", args=[deadline.pk]))
    html = _html(response)
    assert "How this date was worked out" in html
    explanation = services.deadline_compute(deadline=deadline,
                                            calendar=calendar_current()).explanation
    assert len(explanation) >= 4
    for line in explanation:
        assert escape(line) in html
    assert "Due date: Monday 21 May 2018." in html
    assert [action for _, action, _ in response.context["history"]] == ["Extended",
                                                                         "Clock started"]
    assert "Due date: 14 May 2018 to 21 May 2018" in html
    extended = response.context["history"][0][2]
    assert "Changed: reason for the extension" in extended
    assert not any("Snow closure" in line for line in extended)
    assert "Reason: Snow closure" in html
    assert "approved by Test Person" in html
    assert "Binds: the local area, the principal authority" in html


def test_the_deadline_page_lists_reminders_with_their_offsets_in_words(client, ofsted_admin,
                                                                       medway_case):
    deadline = _start("factual_accuracy", D(2024, 6, 3), case=medway_case)  # due 17 June 2024
    calendar = calendar_current()
    for offset in (10, 0, -1):
        deadlines_sweep(today=calendar.add_working_days(deadline.due_date, -offset))
    first = deadline.reminders.order_by("send_on").first()
    reminder_deliver(reminder_id=first.id)
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:detail", args=[deadline.pk]))
    assert [words for _, words in response.context["reminders"]] == [
        "10 working days before", "on the due date", "first working day overdue"]
    html = _html(response)
    assert "Emailed" in html and html.count("Not emailed yet") == 2
    assert "Marked as missed" in html


def test_the_case_timeline_lists_every_clock_of_the_case_in_due_order(client, ofsted_admin,
                                                                      medway_case, barnet_case):
    later = _start("publication", D(2024, 3, 1), case=medway_case)
    sooner = _start("final_report", D(2024, 3, 1), case=medway_case)
    _start("final_report", D(2024, 3, 1), case=barnet_case)  # another case
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:case", args=[medway_case.pk]))
    assert _rows(response) == [sooner, later]
    assert f"Deadlines of {MEDWAY_CASE}" in _html(response)
    assert client.get(reverse("deadlines:case", args=[10**9])).status_code == 404


# Changing a clock ----------------------------------------------------------------------------

@pytest.fixture
def wsoa(medway_case):
    """Submitting the WSOA: started 31 January 2018, due Monday 14 May 2018."""
    deadline = _start("wsoa_submission", D(2018, 1, 31), case=medway_case)
    assert deadline.due_date == D(2018, 5, 14)
    return deadline


def test_extending_through_the_form_moves_the_due_date(client, ofsted_admin, wsoa):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:extend", args=[wsoa.pk]),
                           {"working_days": "5", "reason": "Snow closure"}, follow=True)
    wsoa.refresh_from_db()
    assert wsoa.due_date == D(2018, 5, 21)
    assert wsoa.extension_approved_by == ofsted_admin
    assert response.redirect_chain[-1][0] == reverse("deadlines:detail", args=[wsoa.pk])
    assert "Deadline extended by 5 working days. It is now due on 21 May 2018." in _html(response)


@pytest.mark.parametrize(("data", "errors"), [
    ({"working_days": "0", "reason": ""}, ["Enter a number of working days of 1 or more",
                                           "Enter the reason for the extension"]),
    ({"working_days": "ten", "reason": "Snow"},
     ["Enter the number of working days as a whole number, like 5"]),
    ({"working_days": "", "reason": "Snow"}, ["Enter the number of working days to add"]),
])
def test_a_bad_extension_is_refused_with_the_input_kept(client, ofsted_admin, wsoa, data,
                                                        errors):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:extend", args=[wsoa.pk]), data)
    html = _html(response)
    assert response.status_code == 200 and "There is a problem" in html
    for error in errors:
        assert error in html
    assert _input_value(html, "working_days") == (data["working_days"] or None)
    assert re.search(r'<textarea[^>]*\bname="reason"[^>]*>\s*(.*?)</textarea>', html,
                     re.S).group(1) == data["reason"]
    wsoa.refresh_from_db()
    assert wsoa.due_date == D(2018, 5, 14) and wsoa.extension_working_days == 0


def test_a_met_clock_cannot_be_extended_and_the_form_says_why(client, ofsted_admin, wsoa):
    services.deadline_meet(deadline=wsoa, met_on=D(2018, 5, 1), by=ofsted_admin)
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:extend", args=[wsoa.pk]),
                           {"working_days": "5", "reason": "Snow closure"})
    assert "This clock is met, so it cannot be extended" in _html(response)
    assert "Snow closure" in _html(response)


def test_pausing_and_restarting_through_the_forms_adds_the_paused_working_days(
        client, ofsted_admin, wsoa):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:pause", args=[wsoa.pk]),
                           {**_date_post("on", D(2018, 3, 1)), "reason": "Awaiting data"},
                           follow=True)
    assert "The clock is paused from 1 March 2018." in _html(response)
    wsoa.refresh_from_db()
    assert wsoa.status == DeadlineStatus.PAUSED and wsoa.paused_on == D(2018, 3, 1)

    # Thursday to Thursday: five working days stopped.
    response = client.post(reverse("deadlines:resume", args=[wsoa.pk]),
                           _date_post("on", D(2018, 3, 8)), follow=True)
    wsoa.refresh_from_db()
    assert wsoa.status == DeadlineStatus.OPEN and wsoa.due_date == D(2018, 5, 21)
    assert "It is now due on 21 May 2018." in _html(response)


def test_a_restart_before_the_pause_is_refused_on_the_date_with_the_input_kept(
        client, ofsted_admin, wsoa):
    services.deadline_pause(deadline=wsoa, on=D(2018, 3, 1), reason="Awaiting data",
                            by=ofsted_admin)
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:resume", args=[wsoa.pk]),
                           _date_post("on", D(2018, 2, 20)))
    html = _html(response)
    assert "The clock cannot restart before it was paused" in html
    assert 'name="on_0" value="20"' in html and 'name="on_2" value="2018"' in html
    assert "govuk-form-group--error" in html
    wsoa.refresh_from_db()
    assert wsoa.status == DeadlineStatus.PAUSED


def test_a_pause_needs_a_real_date_and_a_reason(client, ofsted_admin, wsoa):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:pause", args=[wsoa.pk]),
                           {"on_0": "31", "on_1": "2", "on_2": "2018", "reason": ""})
    html = _html(response)
    assert "Enter a real date" in html and "Enter the reason for pausing" in html
    assert 'name="on_0" value="31"' in html
    wsoa.refresh_from_db()
    assert wsoa.status == DeadlineStatus.OPEN


# Rules ---------------------------------------------------------------------------------------

def _rule_post(code: str, **changes) -> dict:
    initial = {**RuleForm.initial_for(StatutoryRule.objects.get(code=code)), **changes}
    data = {key: value for key, value in initial.items() if key not in ("binds", "dfe_can_view")}
    data["binds"] = initial["binds"]
    if initial["dfe_can_view"]:
        data["dfe_can_view"] = "on"
    return data


def test_the_rules_page_lists_every_rule(client, ofsted_admin):
    client.force_login(ofsted_admin)
    html = _html(client.get(reverse("deadlines:rules")))
    rules = list(StatutoryRule.objects.all())
    assert len(rules) >= 10  # the rules seeded with their sources
    for rule in rules:
        assert escape(rule.description) in html
        assert reverse("deadlines:rule-edit", args=[rule.code]) in html
    assert "70 working days after principal authority receives the final report" in html
    # Where the sources disagree, the page says which event the rule counts from and why.
    assert "as the handbook says (para 75" in html
    assert "would have been due on 22 May 2018 counted from publication" in html


def test_the_reason_for_the_event_goes_once_the_rule_counts_from_another(client, ofsted_admin):
    from deadlines.services import rule_update

    rule_update(rule=StatutoryRule.objects.get(code="wsoa_submission"), by=ofsted_admin,
                starts_on="report published")
    client.force_login(ofsted_admin)
    assert "as the handbook says (para 75" not in _html(client.get(reverse("deadlines:rules")))


def test_a_rule_change_that_moves_running_clocks_asks_first_and_changes_nothing(
        client, ofsted_admin, medway_case, barnet_case):
    first = _start("final_report", _today(), case=medway_case)
    _start("final_report", _today(), case=barnet_case)
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["final_report"]),
                           _rule_post("final_report", period_amount=30))
    html = _html(response)
    assert response.status_code == 200
    assert "2 running deadlines will get a new due date" in html
    assert "Confirm and save" in html
    assert '<input type="hidden" name="period_amount" value="30">' in html
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert "Length of the period" in html and "28 to 30" in html
    assert StatutoryRule.objects.get(code="final_report").period_amount == 28
    due = first.due_date
    first.refresh_from_db()
    assert first.due_date == due


def test_confirming_a_rule_change_saves_it_and_moves_the_clocks(client, ofsted_admin,
                                                                medway_case):
    deadline = _start("final_report", _today(), case=medway_case)
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["final_report"]),
                           {**_rule_post("final_report", period_amount=30), "confirm": "yes"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("deadlines:rules")
    assert "Rule saved. 1 due date moved." in _html(response)
    assert StatutoryRule.objects.get(code="final_report").period_amount == 30
    old_due = deadline.due_date
    deadline.refresh_from_db()
    assert deadline.due_date == calendar_current().add_working_days(old_due, 2)


def test_a_rule_with_no_running_clocks_is_saved_without_confirmation(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["revisit"]),
                           _rule_post("revisit", period_amount=24, binds=["binds_dfe"],
                                      description="Re-visit"), follow=True)
    assert "Rule saved. 0 due dates moved." in _html(response)
    rule = StatutoryRule.objects.get(code="revisit")
    assert (rule.period_amount, rule.description, rule.bound_parties()) == (24, "Re-visit",
                                                                            ["the DfE"])


def test_a_rule_change_that_moves_no_due_date_needs_no_confirmation(client, ofsted_admin,
                                                                    medway_case):
    _start("final_report", _today(), case=medway_case)
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["final_report"]),
                           _rule_post("final_report", source="Handbook 2024"), follow=True)
    assert "Rule saved. 0 due dates moved." in _html(response)
    assert StatutoryRule.objects.get(code="final_report").source == "Handbook 2024"


def test_a_bad_rule_change_is_refused_with_the_input_kept(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("deadlines:rule-edit", args=["revisit"]),
                           _rule_post("revisit", description="", period_amount=-3))
    html = _html(response)
    assert "Enter a description of the rule" in html
    assert "A period in calendar months must be 0 or more" in html
    assert 'value="-3"' in html
    assert StatutoryRule.objects.get(code="revisit").period_amount == 18


def test_an_unknown_rule_is_not_found(client, ofsted_admin):
    client.force_login(ofsted_admin)
    assert client.get(reverse("deadlines:rule-edit", args=["no-such-rule"])).status_code == 404


# Non-working days ----------------------------------------------------------------------------

def _add_day(client, day: datetime.date, reason: str = "Office move"):
    return client.post(reverse("deadlines:non-working-day-add"),
                       {**_date_post("day", day), "reason": reason}, follow=True)


def test_adding_a_weekday_moves_a_running_clock_one_working_day(client, ofsted_admin,
                                                                medway_case):
    deadline = _start("final_report", _today(), case=medway_case)
    day = calendar_current().add_working_days(_today(), 3)
    client.force_login(ofsted_admin)
    response = _add_day(client, day)
    assert "is now a non-working day. 1 running deadline moved." in _html(response)
    old_due = deadline.due_date
    deadline.refresh_from_db()
    assert deadline.due_date == calendar_current().add_working_days(old_due, 1)
    assert NonWorkingDay.objects.get().added_by == ofsted_admin
    listing = _html(client.get(reverse("deadlines:non-working-days")))
    assert "Office move" in listing and ofsted_admin.get_full_name() in listing


def test_removing_a_non_working_day_moves_the_clock_back(client, ofsted_admin, medway_case):
    deadline = _start("final_report", _today(), case=medway_case)
    entry, _ = services.non_working_day_add(
        day=calendar_current().add_working_days(_today(), 3), reason="Office move", by=None)
    deadline.refresh_from_db()
    moved_due = deadline.due_date
    client.force_login(ofsted_admin)
    url = reverse("deadlines:non-working-day-remove", args=[entry.pk])
    assert "a working day again?" in _html(client.get(url))
    response = client.post(url, follow=True)
    assert "is a working day again. 1 running deadline moved." in _html(response)
    assert not NonWorkingDay.objects.exists()
    deadline.refresh_from_db()
    assert deadline.due_date == calendar_current().add_working_days(moved_due, -1)


def _next(weekday_wanted, after: datetime.date) -> datetime.date:
    day = after + ONE_DAY
    while not weekday_wanted(day):
        day += ONE_DAY
    return day


def _bank_holiday_on_a_weekday() -> datetime.date:
    holidays = england_bank_holidays(_today().year, _today().year + 2)
    return min(day for day in holidays if day > _today() and day.weekday() < 5)


@pytest.mark.parametrize(("pick", "error"), [
    (lambda: _next(lambda d: d.weekday() == 5, _today()),
     "That day is a weekend day, which is never a working day"),
    (_bank_holiday_on_a_weekday, "That day is already a non-working day"),
])
def test_weekends_and_bank_holidays_are_refused_on_the_date(client, ofsted_admin, pick, error):
    day = pick()
    client.force_login(ofsted_admin)
    response = _add_day(client, day)
    html = _html(response)
    assert error in html and "govuk-form-group--error" in html
    assert f'name="day_0" value="{day.day}"' in html and 'value="Office move"' in html
    assert not NonWorkingDay.objects.exists()


def test_a_day_already_added_is_refused_on_the_date(client, ofsted_admin):
    day = _free_weekday(_today() + 100 * ONE_DAY)
    services.non_working_day_add(day=day, reason="Office move", by=ofsted_admin)
    client.force_login(ofsted_admin)
    html = _html(_add_day(client, day, reason="Again"))
    assert "That day is already a non-working day (Office move)" in html
    assert 'value="Again"' in html
    assert NonWorkingDay.objects.count() == 1


def test_the_non_working_days_page_lists_this_and_next_years_bank_holidays(client,
                                                                           ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.get(reverse("deadlines:non-working-days"))
    year = _today().year
    assert [day for day, _ in response.context["bank_holidays"]] == sorted(
        england_bank_holidays(year, year + 1))
    assert f"25 December {year + 1}" in _html(response)
    assert "No other non-working days have been added." in _html(response)


# Notifications -------------------------------------------------------------------------------

@pytest.fixture
def reminded(medway_case, ofsted_admin, lano):
    """An inspection clock (reminding Ofsted admins) and a local-area clock (reminding its
    officers), both reminded on their due day."""
    report = _start("final_report", D(2024, 1, 8), case=medway_case)
    calendar = calendar_current()
    factual = _start("factual_accuracy", calendar.add_working_days(report.due_date, -10),
                     case=medway_case)
    deadlines_sweep(today=report.due_date)
    return SimpleNamespace(report=report, factual=factual)


def test_the_notifications_page_shows_only_the_users_own(client, ofsted_admin, lano, reminded):
    client.force_login(ofsted_admin)
    response = client.get(reverse("notifications"))
    subjects = [n.subject for n in response.context["page"].rows]
    assert subjects == [f"Send the final report to the local area: {MEDWAY_CASE}"]
    html = _html(response)
    assert ">New</strong>" in html and "Notifications (1)" in html
    assert f'href="{reverse("deadlines:detail", args=[reminded.report.pk])}"' in html

    client.force_login(lano)
    response = client.get(reverse("notifications"))
    assert [n.subject for n in response.context["page"].rows] == [
        f"Comment on the draft letter's factual accuracy: {MEDWAY_CASE}"]
    # A local-area officer cannot open the deadline pages, so is not offered a link.
    assert f'href="{reverse("deadlines:detail", args=[reminded.factual.pk])}"' not in _html(
        response)


def test_mark_all_as_read_marks_only_the_users_own(client, ofsted_admin, lano, reminded):
    client.force_login(ofsted_admin)
    response = client.post(reverse("notifications"), follow=True)
    assert "1 notification marked as read." in _html(response)
    assert ">New</strong>" not in _html(response) and "Notifications (1)" not in _html(response)
    assert not Notification.objects.filter(user=ofsted_admin, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=lano, read_at__isnull=True).count() == 1


def test_no_notifications_shows_an_empty_state(client, outsider):
    client.force_login(outsider)
    assert "You have no notifications." in _html(client.get(reverse("notifications")))


# Query counts --------------------------------------------------------------------------------

def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_for_10_or_60_deadlines(client, ofsted_admin, case_of):
    areas = list(LocalArea.objects.order_by("pk")[:60])
    for area in areas[:10]:
        _start("final_report", _today() - 60 * ONE_DAY, case=case_of(area))
    client.force_login(ofsted_admin)
    few = _queries(client, reverse("deadlines:list"))
    for area in areas[10:]:
        _due_in("factual_accuracy", 3, case=case_of(area))
    assert _queries(client, reverse("deadlines:list")) == few


def test_the_deadline_page_costs_the_same_however_long_its_history(client, ofsted_admin,
                                                                   medway_case):
    deadline = _start("factual_accuracy", D(2024, 6, 3), case=medway_case)
    client.force_login(ofsted_admin)
    url = reverse("deadlines:detail", args=[deadline.pk])
    few = _queries(client, url)
    calendar = calendar_current()
    for offset in (10, 5, 1):
        deadlines_sweep(today=calendar.add_working_days(deadline.due_date, -offset))
    for _ in range(5):
        services.deadline_extend(deadline=deadline, working_days=1, reason="More time",
                                 by=ofsted_admin)
    assert _queries(client, url) == few


def test_the_case_timeline_costs_the_same_for_2_or_8_clocks(client, ofsted_admin, medway_case):
    # The case is a 2016 inspection: the 2016 framework's rules.
    codes = list(StatutoryRule.objects.filter(period_unit="working_days", framework="2016")
                 .values_list("code", flat=True)) + ["revisit", "dfe_progress_review"]
    for code in codes[:2]:
        _start(code, D(2024, 3, 1), case=medway_case)
    client.force_login(ofsted_admin)
    url = reverse("deadlines:case", args=[medway_case.pk])
    few = _queries(client, url)
    for code in codes[2:8]:
        _start(code, D(2024, 3, 1), case=medway_case)
    assert len(_rows(client.get(url))) == 8
    assert _queries(client, url) == few


def test_the_notifications_page_costs_the_same_for_1_or_30_notifications(client, ofsted_admin,
                                                                          case_of):
    areas = list(LocalArea.objects.order_by("pk")[:30])
    due_day = _start("final_report", D(2024, 1, 8), case=case_of(areas[0])).due_date
    deadlines_sweep(today=due_day)
    client.force_login(ofsted_admin)
    few = _queries(client, reverse("notifications"))
    for area in areas[1:]:
        _start("final_report", D(2024, 1, 8), case=case_of(area))
    deadlines_sweep(today=due_day)
    assert Notification.objects.filter(user=ofsted_admin).count() == 30
    assert _queries(client, reverse("notifications")) == few
