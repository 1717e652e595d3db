"""Each framework with its own rules (docs/decisions/0020): the 2016 rules run on 2016
inspections and re-visits; a 2023 inspection is notified on the Monday of week 1, its
fieldwork lasts up to three weeks, and a full inspection asks for Annex A's information by
11am and 5pm, recorded with the moment it came in."""

import datetime
import html
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines import services as clocks
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules_data import ANNEX_A_RULES
from inspections import services
from inspections.models import Framework, State, TeamRole
from tests.inspections.conftest import at

D = datetime.date
UTC = datetime.UTC
pytestmark = pytest.mark.django_db

# Week 1 of a 2023 inspection: notified on Monday 6 March 2023, fieldwork to Friday 24 March.
MONDAY, FRIDAY_WEEK_3 = D(2023, 3, 6), D(2023, 3, 24)


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))


def clocks_of(inspection) -> dict[str, Deadline]:
    return {d.rule.code: d for d in Deadline.objects.filter(inspection=inspection)
            .select_related("rule")}


def call(inspection, by, when):
    return services.inspection_notify(inspection=inspection, by=by, called_at=when,
                                      person_called="The DCS",
                                      person_called_role="Director of children's services",
                                      lano=None)


@pytest.fixture
def full_2023(make_inspection, assign, lead_inspector):
    made = make_inspection(framework=Framework.AREA_SEND_2023, start=MONDAY,
                           end=FRIDAY_WEEK_3)
    assign(made, lead_inspector, TeamRole.LEAD)
    return made


# Which rules start -----------------------------------------------------------------------------

@pytest.mark.parametrize("framework", [Framework.LOCAL_AREA_SEND_2016, Framework.REVISIT_2016])
def test_2016_inspections_and_revisits_are_notified_five_working_days_ahead(
        make_inspection, assign, lead_inspector, walk_to, framework):
    revisited = None
    if framework == Framework.REVISIT_2016:
        # A re-visit follows a published 2016 inspection of the area (handbook 118-119).
        revisited = make_inspection(start=D(2016, 3, 7), end=D(2016, 3, 11))
        assign(revisited, lead_inspector, TeamRole.LEAD)
        revisited = walk_to(revisited, State.PUBLISHED)
    inspection = make_inspection(framework=framework, revisit_of=revisited)
    assert {code: d.due_date for code, d in clocks_of(inspection).items()} == {
        "notification": D(2017, 11, 27)}


@pytest.mark.parametrize("framework", [Framework.AREA_SEND_2023, Framework.MONITORING_2023])
def test_2023_inspections_are_notified_on_the_monday_of_week_1(make_inspection, framework):
    inspection = make_inspection(framework=framework, start=MONDAY, end=D(2023, 3, 10))
    started = clocks_of(inspection)
    assert {code: d.due_date for code, d in started.items()} == {"notification_2023": MONDAY}
    assert started["notification_2023"].rule.source.startswith("Barnet area SEND paper")


def test_notifying_a_2023_full_inspection_starts_annex_a_with_its_due_times(full_2023,
                                                                           ofsted_admin):
    assert call(full_2023, ofsted_admin, at(MONDAY, 9, 30)) == []
    started = clocks_of(full_2023)
    assert started["notification_2023"].status == DeadlineStatus.MET
    assert {code: started[code].due_at.astimezone(UTC) for code in ANNEX_A_RULES} == {
        "annex_a_person_level_data": datetime.datetime(2023, 3, 7, 11, tzinfo=UTC),
        "annex_a_providers_list": datetime.datetime(2023, 3, 7, 11, tzinfo=UTC),
        "annex_a_send_arrangements": datetime.datetime(2023, 3, 7, 11, tzinfo=UTC),
        "annex_a_case_selection": datetime.datetime(2023, 3, 7, 17, tzinfo=UTC),
        "annex_a_tracked_cases": datetime.datetime(2023, 3, 10, 17, tzinfo=UTC),
        "annex_a_further_arrangements": datetime.datetime(2023, 3, 10, 17, tzinfo=UTC),
    }
    binds = {code: started[code].rule.bound_parties() for code in ANNEX_A_RULES}
    assert binds.pop("annex_a_case_selection") == ["Ofsted and CQC"]
    assert set(map(tuple, binds.values())) == {("the local area",)}


def test_a_monitoring_inspection_starts_no_annex_a_clocks(make_inspection, ofsted_admin):
    # Inspectors "may request some or all" of Annex A for monitoring inspections (para 192).
    inspection = make_inspection(framework=Framework.MONITORING_2023, start=MONDAY,
                                 end=D(2023, 3, 10))
    call(inspection, ofsted_admin, at(MONDAY, 9, 30))
    assert set(clocks_of(inspection)) == {"notification_2023"}


def test_a_2023_inspection_runs_none_of_the_2016_handbooks_report_clocks(
        make_inspection, assign, lead_inspector, walk_to):
    def led(inspection):
        assign(inspection, lead_inspector, TeamRole.LEAD)
        return inspection

    under_2016 = walk_to(led(make_inspection()), State.FEEDBACK_GIVEN)
    under_2023 = walk_to(led(make_inspection(framework=Framework.AREA_SEND_2023,
                                             start=MONDAY, end=D(2023, 3, 10))),
                         State.FEEDBACK_GIVEN)
    assert {"final_report", "publication"} <= set(clocks_of(under_2016))
    assert not {"final_report", "publication", "notification"} & set(clocks_of(under_2023))


def test_a_clock_of_the_other_frameworks_rule_is_refused(full_2023):
    with pytest.raises(ValidationError, match="is the 2016 framework's"):
        clocks.deadline_start(rule_code="final_report", inspection=full_2023,
                              start_date=FRIDAY_WEEK_3, by=None)


def test_changing_the_framework_before_notification_changes_the_notification_clock(
        make_inspection, ofsted_admin):
    inspection = make_inspection(start=MONDAY, end=D(2023, 3, 10))
    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=inspection.version,
                               framework=Framework.AREA_SEND_2023)
    started = clocks_of(inspection)
    assert (started["notification"].status, started["notification"].stop_reason) == (
        DeadlineStatus.CANCELLED, "framework changed")
    assert (started["notification_2023"].status, started["notification_2023"].due_date) == (
        DeadlineStatus.OPEN, MONDAY)


# The notification call under 2023 --------------------------------------------------------------

def test_a_2023_call_after_the_first_day_is_refused_and_an_early_one_warned(full_2023,
                                                                           ofsted_admin):
    with pytest.raises(ValidationError) as refused:
        call(full_2023, ofsted_admin, at(D(2023, 3, 7)))
    assert refused.value.message_dict["called_at"] == [
        "The date of the call must be the same as or before the inspection's first day, "
        "the Monday of week 1, 6 March 2023"]
    warnings = call(full_2023, ofsted_admin, at(D(2023, 3, 3), 15))
    assert warnings == [
        "The call was on Friday 3 March 2023: under the 2023 framework the local area is "
        "notified on the inspection's first day, the Monday of week 1, Monday 6 March 2023 "
        "(Annex A). The information it asks for is due counting from the call"]
    # Counted from the call: the next working day is the Monday.
    assert clocks_of(full_2023)["annex_a_person_level_data"].due_date == MONDAY


# Scheduling ------------------------------------------------------------------------------------

def _schedule(client, area, start: datetime.date, end: datetime.date):
    return client.post(reverse("inspections:create"), {
        "local_area": area.pk, "framework": "2023", "reference": "MY-REF",
        "onsite_start_0": start.day, "onsite_start_1": start.month,
        "onsite_start_2": start.year, "onsite_end_0": end.day, "onsite_end_1": end.month,
        "onsite_end_2": end.year})


def _error_on(response, field: str) -> str:
    """The GOV.UK error message shown on the field, without its hidden "Error:" prefix."""
    found = re.search(rf'id="id_{field}(?:_\d+)?_error" class="govuk-error-message">\s*'
                      r'<span class="govuk-visually-hidden">Error:</span>\s*([^<]*)<',
                      response.content.decode())
    return html.unescape(re.sub(r"\s+", " ", found.group(1))).strip() if found else ""


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (D(2023, 3, 8), D(2023, 3, 10), "onsite_start",
     "Under the 2023 framework the inspection starts on the Monday of week 1, the day the "
     "local area is notified: enter Monday 6 March 2023 or another week's Monday"),
    (MONDAY, D(2023, 3, 27), "onsite_end",
     "Under the 2023 framework an inspection lasts up to three weeks: the last day can be "
     "no later than the Friday of week 3, Friday 24 March 2023"),
    # Monday 1 May 2023 is the early May bank holiday: week 1 starts on the Tuesday.
    (D(2023, 5, 1), D(2023, 5, 5), "onsite_start",
     "Under the 2023 framework the inspection starts on the Monday of week 1, the day the "
     "local area is notified: enter Tuesday 2 May 2023 or another week's Monday (Monday 1 "
     "May 2023 is not a working day, so week 1 starts on Tuesday 2 May 2023)"),
])
def test_2023_dates_that_cannot_fit_are_refused_on_their_field(client, ofsted_admin, medway,
                                                              start, end, field, message):
    client.force_login(ofsted_admin)
    response = _schedule(client, medway, start, end)
    assert _error_on(response, field) == message
    assert "govuk-error-summary" in response.content.decode()
    assert 'value="MY-REF"' in response.content.decode()
    assert not Deadline.objects.exists()


@pytest.mark.parametrize(("start", "end"), [
    (MONDAY, FRIDAY_WEEK_3),              # the full three weeks
    (D(2023, 5, 2), D(2023, 5, 19)),      # from the Tuesday after a bank holiday Monday
])
def test_2023_fieldwork_of_up_to_three_weeks_is_scheduled(client, ofsted_admin, medway,
                                                          start, end):
    client.force_login(ofsted_admin)
    assert _schedule(client, medway, start, end).status_code == 302
    assert Deadline.objects.get().due_date == start


# Shown, and recorded, with their times ------------------------------------------------------------

@pytest.fixture
def notified(full_2023, ofsted_admin):
    call(full_2023, ofsted_admin, at(MONDAY, 9, 30))
    return full_2023


def test_the_inspection_page_shows_annex_a_due_times_and_a_link_to_record_them(
        client, notified, lead_inspector, lano):
    client.force_login(lead_inspector)
    with time_machine.travel(datetime.datetime(2023, 3, 7, 11, 30, tzinfo=UTC), tick=False):
        response = client.get(reverse("inspections:overview", args=[notified.pk]))
    page = text(response)
    assert "Provide the person-level data lists" in page
    assert "7 Mar 2023, by 11am" in page and "10 Mar 2023, by 5pm" in page
    assert "7 Mar 2023, by 5pm" in page  # the inspectors' case selection
    assert page.count("Overdue (since 11am)") == 3
    record = reverse("inspections:annex-a", args=[notified.pk, "annex_a_case_selection"])
    assert record in response.content.decode()
    client.force_login(lano)
    with time_machine.travel(datetime.datetime(2023, 3, 7, 10, tzinfo=UTC), tick=False):
        response = client.get(reverse("inspections:overview", args=[notified.pk]))
        home = text(client.get(reverse("home")))
    assert "7 Mar 2023, by 11am" in text(response) and record not in text(response)
    assert "Due by 11am on 7 March 2023" in home


def test_the_lead_records_when_an_item_came_in_and_lateness_follows_the_moment(
        client, notified, lead_inspector):
    client.force_login(lead_inspector)
    url = reverse("inspections:annex-a", args=[notified.pk, "annex_a_person_level_data"])
    with time_machine.travel(datetime.datetime(2023, 3, 8, 9, tzinfo=UTC), tick=False):
        page = text(client.get(url))
        assert "It is due by 11am on Tuesday 7 March 2023 (UK time)." in page
        response = client.post(url, {"on_0": "7", "on_1": "3", "on_2": "2023",
                                     "time": "11:20"}, follow=True)
    assert ("Provide the person-level data lists: recorded at 11:20am on 7 March 2023"
            in text(response))
    assert "Met late (after 11am)" in text(response)
    met = clocks_of(notified)["annex_a_person_level_data"]
    assert (met.met_on, met.met_at) == (D(2023, 3, 7),
                                        datetime.datetime(2023, 3, 7, 11, 20, tzinfo=UTC))
    with time_machine.travel(datetime.datetime(2023, 3, 8, 9, tzinfo=UTC), tick=False):
        assert "There is nothing to record" in text(client.get(url))


@pytest.mark.parametrize(("posted", "field", "message"), [
    ({"on_0": "9", "on_1": "3", "on_2": "2023", "time": "10:00"}, "on",
     "The date it was provided must be today or in the past"),
    ({"on_0": "8", "on_1": "3", "on_2": "2023", "time": "10:00"}, "time",
     "The time it was provided must be in the past: it is now 09:00"),
    ({"on_0": "3", "on_1": "3", "on_2": "2023", "time": "10:00"}, "on",
     "The date it was provided must be the same as or after the notification call, "
     "6 March 2023"),
    ({"on_0": "7", "on_1": "3", "on_2": "2023", "time": "25:00"}, "time",
     "Enter the time it was provided as hours and minutes, like 09:30 or 14:00"),
])
def test_a_moment_that_cannot_be_true_is_refused_with_the_input_kept(
        client, notified, lead_inspector, posted, field, message):
    client.force_login(lead_inspector)
    url = reverse("inspections:annex-a", args=[notified.pk, "annex_a_tracked_cases"])
    with time_machine.travel(datetime.datetime(2023, 3, 8, 9, tzinfo=UTC), tick=False):
        response = client.post(url, posted)
    assert _error_on(response, field) == message
    assert f'value="{posted["time"]}"' in response.content.decode()
    assert clocks_of(notified)["annex_a_tracked_cases"].status == DeadlineStatus.OPEN


def test_only_a_2023_full_inspection_has_annex_a_pages(client, make_inspection, assign,
                                                       lead_inspector):
    inspection = make_inspection()
    assign(inspection, lead_inspector, TeamRole.LEAD)
    client.force_login(lead_inspector)
    url = reverse("inspections:annex-a", args=[inspection.pk, "annex_a_tracked_cases"])
    assert client.get(url).status_code == 404


def test_the_feedback_page_of_a_2023_inspection_announces_no_2016_report_clocks(
        client, make_inspection, assign, lead_inspector, walk_to):
    def feedback_page(inspection):
        assign(inspection, lead_inspector, TeamRole.LEAD)
        walk_to(inspection, State.ON_SITE)
        client.force_login(lead_inspector)
        return text(client.get(reverse("inspections:give-feedback", args=[inspection.pk])))

    assert "The clock to send the final report" in feedback_page(make_inspection())
    assert "final report" not in feedback_page(make_inspection(
        framework=Framework.AREA_SEND_2023, start=D(2017, 12, 11), end=D(2017, 12, 15)))


def test_the_notification_page_says_when_each_framework_expects_the_call(
        client, full_2023, make_inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    page_2023 = text(client.get(reverse("inspections:notify", args=[full_2023.pk])))
    assert ("The inspection's first day, the Monday of week 1, is Monday 6 March 2023. Under "
            "the 2023 framework the local area is notified that day.") in page_2023
    assert "5 working days before" not in page_2023
    inspection_2016 = make_inspection()
    page_2016 = text(client.get(reverse("inspections:notify", args=[inspection_2016.pk])))
    assert ("The handbook expects the call 5 working days before, between 9am and 10am."
            in page_2016)
    assert "Monday of week 1" not in page_2016
