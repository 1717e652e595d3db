"""The inspection pages: who may open each, the lists and their filters, the schedule, the
forms, the overview, the confirmation page of every step, and constant query counts."""

import datetime
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from deadlines import services as deadline_services
from deadlines.models import Deadline, DeadlineStatus
from inspections import services
from inspections.models import Inspection, MeetingKind, State, TeamRole
from inspections.views.pages import PAGE_SIZE, SCHEDULE_WEEKS
from local_areas.models import ContactRole, LocalArea
from reports import services as letters
from reports.models import LetterState, OutcomeLetter
from reports.progress import standing
from tests.conftest import FROZEN_TODAY, midday_in_england
from tests.factories import AreaContactFactory, UserFactory
from tests.inspections.conftest import MEDWAY_END, MEDWAY_HISTORY, MEDWAY_START

D = datetime.date
pytestmark = pytest.mark.django_db


def fresh(inspection) -> Inspection:
    return Inspection.objects.select_related("letter").get(pk=inspection.pk)


def where(inspection) -> str:
    """Where the inspection stands: its state, or its letter's while it is reporting."""
    return standing(fresh(inspection))


def clock(inspection, code: str) -> Deadline:
    return Deadline.objects.filter(inspection=inspection, rule__code=code).latest("id")


def text(response) -> str:
    """The page's text with tags dropped and white space squeezed, as a reader sees it."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))


# Who may open what --------------------------------------------------------------------------

LISTS = {
    "inspections:list": {"ofsted_admin", "quality_assurance"},
    "inspections:schedule": {"ofsted_admin", "quality_assurance"},
    "inspections:create": {"ofsted_admin"},
    "inspections:mine": {"lead_inspector"},
    "inspections:ours": {"lano", "local_area_leader", "other_lano"},
}


@pytest.mark.parametrize("route", LISTS)
def test_each_list_opens_only_for_its_roles(client, personas, route):
    for name, user in personas.items():
        client.force_login(user)
        expected = 200 if name in LISTS[route] else 403
        assert client.get(reverse(route)).status_code == expected, (route, name)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("inspections:list"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_overview_is_found_only_by_those_who_may_see_the_inspection(
        client, personas, inspection, team_inspector, notify):
    other_inspector = UserFactory(username="ivy.inspector", role=roles.INSPECTOR)
    url = reverse("inspections:overview", args=[inspection.pk])
    sees_it_in_planning = {"ofsted_admin", "quality_assurance", "lead_inspector"}
    for name, user in [*personas.items(), ("team", team_inspector),
                       ("other_inspector", other_inspector)]:
        client.force_login(user)
        expected = 200 if name in sees_it_in_planning | {"team"} else 404
        assert client.get(url).status_code == expected, name

    notify(inspection)
    for name, expected in [("lano", 200), ("local_area_leader", 200), ("other_lano", 404),
                           ("dfe_adviser", 404), ("outsider", 404)]:
        client.force_login(personas[name])
        assert client.get(url).status_code == expected, name
    client.force_login(personas["ofsted_admin"])
    assert client.get(reverse("inspections:overview", args=[inspection.pk + 99])
                      ).status_code == 404


def test_only_admins_change_details_and_others_who_see_it_are_forbidden(
        client, personas, inspection, notify):
    notify(inspection)
    url = reverse("inspections:edit", args=[inspection.pk])
    for name, expected in [("ofsted_admin", 200), ("quality_assurance", 403),
                           ("lead_inspector", 403), ("lano", 403), ("other_lano", 404),
                           ("outsider", 404)]:
        client.force_login(personas[name])
        assert client.get(url).status_code == expected, name


def test_confirmation_pages_are_not_found_for_those_who_cannot_see_the_inspection(
        client, inspection, other_lano, outsider, lano):
    for user in (other_lano, outsider, lano):  # the LANO: not notified yet
        client.force_login(user)
        for name in ("start-onsite", "withdraw"):
            url = reverse(f"inspections:{name}", args=[inspection.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"reason": "x"}).status_code == 404
    assert fresh(inspection).state == State.PLANNING


@pytest.mark.parametrize("persona,shown", [
    ("ofsted_admin", ["Inspections"]),
    ("quality_assurance", ["Inspections"]),
    ("lead_inspector", ["My inspections"]),
    ("lano", ["Your inspections"]),
    ("local_area_leader", ["Your inspections"]),
    ("dfe_adviser", []),
    ("outsider", []),
])
def test_navigation_leads_each_role_to_its_inspections(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    labels = [item["label"] for item in client.get(reverse("home")).context["navigation"]]
    assert [label for label in labels if "nspections" in label] == shown
    assert labels[0] == "Home" and labels[-1] == "Sign out"


def test_the_overview_marks_the_users_own_section_as_current(client, lano, inspection, notify):
    notify(inspection)
    client.force_login(lano)
    navigation = client.get(reverse("inspections:overview", args=[inspection.pk])
                            ).context["navigation"]
    assert [item["label"] for item in navigation if item["active"]] == ["Your inspections"]


# The national list --------------------------------------------------------------------------

def _references(response) -> list[str]:
    return [inspection.reference for inspection in response.context["rows"]]


@pytest.fixture
def four_inspections(make_inspection, assign, lead_inspector, notify, barnet, walk_to):
    """Medway 2016 in December 2017 (notified, with a lead), Barnet 2023 in March 2024,
    Medway 2016 re-visit in June 2019, and the published Medway 2016 inspection of June 2016
    that it re-visits."""
    medway_2016 = make_inspection(start=D(2016, 6, 6), end=D(2016, 6, 10),
                                  reference="MEDWAY-2016")
    assign(medway_2016, lead_inspector, TeamRole.LEAD)
    walk_to(medway_2016, State.PUBLISHED)
    medway_2017 = make_inspection(reference="MEDWAY-2017")
    assign(medway_2017, lead_inspector, TeamRole.LEAD)
    notify(medway_2017)
    barnet_2024 = make_inspection(local_area=barnet, framework="2023", start=D(2024, 3, 4),
                                  end=D(2024, 3, 8), reference="BARNET-2024")
    medway_2019 = make_inspection(framework="2016_revisit", revisit_of=medway_2016,
                                  start=D(2019, 6, 3), end=D(2019, 6, 5),
                                  reference="MEDWAY-2019")
    return medway_2017, barnet_2024, medway_2019


def test_the_list_shows_the_latest_first_with_area_framework_dates_state_and_lead(
        client, ofsted_admin, four_inspections):
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:list"))
    assert _references(response) == ["BARNET-2024", "MEDWAY-2019", "MEDWAY-2017",
                                      "MEDWAY-2016"]
    page = text(response)
    assert "4 inspections" in page
    assert "MEDWAY-2017 Medway 2016 local area SEND 4 to 8 December 2017 Notified" in page
    assert "Test Person" in page  # the lead inspector's name
    assert "BARNET-2024 Barnet 2023 area SEND 4 to 8 March 2024 Planning Not assigned" in page


@pytest.mark.parametrize("filters,expected", [
    ({"state": "notified"}, ["MEDWAY-2017"]),
    ({"region": "london"}, ["BARNET-2024"]),
    ({"framework": "2016_revisit"}, ["MEDWAY-2019"]),
    ({"starts_from_0": "1", "starts_from_1": "1", "starts_from_2": "2019"},
     ["BARNET-2024", "MEDWAY-2019"]),
    ({"starts_to_0": "31", "starts_to_1": "12", "starts_to_2": "2019"},
     ["MEDWAY-2019", "MEDWAY-2017", "MEDWAY-2016"]),
    ({"state": "planning", "region": "se"}, ["MEDWAY-2019"]),
    ({"state": "closed"}, []),
])
def test_filters_narrow_the_list(client, quality_assurance, four_inspections, filters,
                                 expected):
    client.force_login(quality_assurance)
    response = client.get(reverse("inspections:list"), filters)
    assert _references(response) == expected
    # The empty state shows exactly when nothing matches.
    assert ("No inspections match your filters" in text(response)) is not expected


def test_an_impossible_filter_date_is_shown_as_an_error(client, ofsted_admin,
                                                         four_inspections):
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:list"),
                          {"starts_from_0": "31", "starts_from_1": "2", "starts_from_2": "2019"})
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter a real date" in text(response)
    assert len(_references(response)) == 4


def test_an_empty_list_says_nothing_is_scheduled(client, ofsted_admin):
    client.force_login(ofsted_admin)
    assert "No inspections have been scheduled yet" in text(client.get(
        reverse("inspections:list")))


def _current_areas(count: int, on=MEDWAY_START) -> list[LocalArea]:
    return list(LocalArea.objects.valid_on(on).order_by("name")[:count])


def test_the_list_is_paginated_and_page_links_keep_the_filters(client, ofsted_admin,
                                                                make_inspection):
    for area in _current_areas(PAGE_SIZE + 2):
        make_inspection(local_area=area)
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:list"), {"state": "planning", "page": 2})
    assert len(response.context["rows"]) == 2
    assert response.context["page"].paginator.count == PAGE_SIZE + 2
    assert 'href="?state=planning&amp;page=1"' in response.content.decode()


@pytest.mark.parametrize("asked", ["3", "999999999999", "99999"])
def test_a_page_past_the_last_says_so_and_links_back_to_the_first(client, ofsted_admin,
                                                                  make_inspection, asked):
    for area in _current_areas(PAGE_SIZE + 2):
        make_inspection(local_area=area)
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:list"), {"state": "planning", "page": asked})
    assert response.status_code == 200
    if len(asked) < 10:
        assert response.context["rows"] == []
        assert f"There is no page {asked}: the list has 2 pages." in text(response)
        assert 'href="?state=planning">Go to the first page' in response.content.decode()
    else:  # not a page number at all: the first page
        assert len(response.context["rows"]) == PAGE_SIZE


@pytest.mark.parametrize("asked", ["0", "-1", "two", ""])
def test_a_page_number_that_is_not_one_shows_the_first_page(client, ofsted_admin,
                                                            make_inspection, asked):
    for area in _current_areas(PAGE_SIZE + 2):
        make_inspection(local_area=area)
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:list"), {"page": asked})
    assert response.status_code == 200 and response.context["page"].number == 1
    assert len(response.context["rows"]) == PAGE_SIZE


def _queries(client, url: str) -> int:
    client.get(url)  # content types and other per-process caches are warm from here on
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _led_inspections(make_inspection, assign, lead, areas):
    for area in areas:
        assign(make_inspection(local_area=area), lead, TeamRole.LEAD)


def test_the_list_reads_a_constant_number_of_queries(client, ofsted_admin, make_inspection,
                                                     assign, lead_inspector):
    areas = _current_areas(12)
    client.force_login(ofsted_admin)
    url = reverse("inspections:list")
    _led_inspections(make_inspection, assign, lead_inspector, areas[:2])
    few = _queries(client, url)
    _led_inspections(make_inspection, assign, lead_inspector, areas[2:])
    assert Inspection.objects.count() == 12
    assert _queries(client, url) == few


def test_my_inspections_reads_a_constant_number_of_queries(client, lead_inspector,
                                                           make_inspection, assign):
    areas = _current_areas(12)
    client.force_login(lead_inspector)
    url = reverse("inspections:mine")
    _led_inspections(make_inspection, assign, lead_inspector, areas[:2])
    few = _queries(client, url)
    _led_inspections(make_inspection, assign, lead_inspector, areas[2:])
    response = client.get(url)
    assert len(response.context["rows"]) == 12
    assert _queries(client, url) == few


# My inspections and your inspections ---------------------------------------------------------

def test_my_inspections_lists_only_the_teams_i_am_on_with_my_role(
        client, inspection, team_inspector, make_inspection, barnet):
    make_inspection(local_area=barnet)
    client.force_login(team_inspector)
    response = client.get(reverse("inspections:mine"))
    assert [i.pk for i in response.context["rows"]] == [inspection.pk]
    assert response.context["rows"][0].my_role == "HMI"

    client.force_login(UserFactory(username="new.inspector", role=roles.INSPECTOR))
    assert "You are not on the team of any inspection" in text(
        client.get(reverse("inspections:mine")))


def test_a_lano_sees_their_areas_inspection_only_once_notified_and_never_another_areas(
        client, lano, other_lano, inspection, make_inspection, barnet, notify, medway):
    barnet_inspection = make_inspection(local_area=barnet, reference="BARNET")
    client.force_login(lano)
    response = client.get(reverse("inspections:ours"))
    assert response.context["rows"] == []
    assert "Ofsted has not notified you of any inspection" in text(response)

    jo = AreaContactFactory(local_area=medway, role=ContactRole.LANO, name="Jo Bennett",
                            start_date=D(2017, 1, 1))
    notify(inspection, lano=jo)
    notify(barnet_inspection)
    response = client.get(reverse("inspections:ours"))
    assert [i.pk for i in response.context["rows"]] == [inspection.pk]
    assert ("Prepare for on-site work starting 4 December 2017; your LANO is Jo Bennett."
            in text(response))
    assert "BARNET" not in text(response)

    client.force_login(other_lano)
    assert [i.pk for i in client.get(reverse("inspections:ours")).context["rows"]] == [
        barnet_inspection.pk]


def test_a_lano_is_told_when_their_comments_on_the_draft_are_due(
        client, lano, inspection, walk):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    due = clock(inspection, "factual_accuracy").due_date
    client.force_login(lano)
    page = text(client.get(reverse("inspections:ours")))
    assert f"Send your comments on the draft letter by {due.day} {due:%B %Y}." in page
    assert due == D(2018, 1, 24)


def test_your_inspections_reads_a_constant_number_of_queries(
        client, lano, make_inspection, notify, medway):
    client.force_login(lano)
    url = reverse("inspections:ours")
    mondays = [MEDWAY_START + datetime.timedelta(weeks=n) for n in range(5)]
    notify(make_inspection(start=mondays[0], end=mondays[0] + datetime.timedelta(days=4)))
    few = _queries(client, url)
    for monday in mondays[1:]:
        notify(make_inspection(start=monday, end=monday + datetime.timedelta(days=4)))
    assert len(client.get(url).context["rows"]) == 5
    assert _queries(client, url) == few


# The schedule --------------------------------------------------------------------------------

def _monday(weeks_ahead: int = 0) -> datetime.date:
    """The Monday that many weeks after the week of FROZEN_TODAY, the day these tests run on."""
    today = FROZEN_TODAY
    return today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(
        weeks=weeks_ahead)


def test_the_schedule_shows_the_coming_12_weeks_grouped_by_week(
        frozen_today, client, ofsted_admin, make_inspection, barnet, medway):
    def on_site(area, weeks_ahead, reference):
        monday = _monday(weeks_ahead)
        return make_inspection(local_area=area, start=monday + datetime.timedelta(days=1),
                               end=monday + datetime.timedelta(days=3), reference=reference)

    on_site(medway, 1, "NEXT-WEEK")
    on_site(barnet, 11, "WEEK-12")
    on_site(medway, 12, "WEEK-13")
    withdrawn = on_site(barnet, 2, "WITHDRAWN")
    services.inspection_withdraw(inspection=withdrawn, by=ofsted_admin, reason="Test")
    client.force_login(ofsted_admin)

    response = client.get(reverse("inspections:schedule"))
    weeks = response.context["weeks"]
    assert len(weeks) == SCHEDULE_WEEKS
    assert [monday for monday, _ in weeks][:2] == [_monday(0), _monday(1)]
    found = {monday: [i.reference for i in inspections] for monday, inspections in weeks}
    assert found[_monday(1)] == ["NEXT-WEEK"] and found[_monday(11)] == ["WEEK-12"]
    assert sum(found.values(), []) == ["NEXT-WEEK", "WEEK-12"]
    page = text(response)
    assert f"Week beginning {_monday(1):%A} {_monday(1).day} {_monday(1):%B %Y}" in page
    assert "No inspections on site this week." in page
    assert "Barnet , WEEK-12 London" in page  # area, its reference for screen readers, region

    later = client.get(reverse("inspections:schedule"), {"from": _monday(12).isoformat()})
    assert [i.reference for _, found in later.context["weeks"] for i in found] == ["WEEK-13"]


def test_the_schedule_reads_a_constant_number_of_queries(frozen_today, client, ofsted_admin,
                                                        make_inspection, assign,
                                                        lead_inspector):
    def on_site(areas, weeks_ahead):
        monday = _monday(weeks_ahead)
        for area in areas:
            assign(make_inspection(local_area=area, start=monday,
                                   end=monday + datetime.timedelta(days=4)),
                   lead_inspector, TeamRole.LEAD)

    areas = _current_areas(12, on=_monday(0))
    client.force_login(ofsted_admin)
    url = reverse("inspections:schedule")
    on_site(areas[:1], 1)
    few = _queries(client, url)
    for weeks_ahead in range(2, 6):
        on_site(areas[weeks_ahead * 2:weeks_ahead * 2 + 2], weeks_ahead)
    assert client.get(url).context["count"] == 9
    assert _queries(client, url) == few


def test_the_schedule_starts_on_the_monday_of_the_week_asked_for(frozen_today, client,
                                                                 quality_assurance):
    client.force_login(quality_assurance)
    response = client.get(reverse("inspections:schedule"), {"from": "2017-12-07"})
    assert response.context["first_monday"] == D(2017, 12, 4)
    assert 'href="?from=2018-02-26"' in response.content.decode()  # the next 12 weeks
    nonsense = client.get(reverse("inspections:schedule"), {"from": "next tuesday"})
    assert nonsense.context["first_monday"] == _monday(0)


# Scheduling an inspection -------------------------------------------------------------------

def _details(**changes) -> dict:
    data = {"framework": "2016", "onsite_start_0": "4", "onsite_start_1": "12",
            "onsite_start_2": "2017", "onsite_end_0": "8", "onsite_end_1": "12",
            "onsite_end_2": "2017", "reference": ""}
    return {**data, **changes}


def test_an_admin_schedules_an_inspection_and_lands_on_its_overview(client, ofsted_admin,
                                                                    medway):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _details(local_area=medway.pk), follow=True)
    inspection = Inspection.objects.get()
    assert response.redirect_chain == [(reverse("inspections:overview",
                                                 args=[inspection.pk]), 302)]
    assert inspection.reference == "SEND-E06000035-20171204"
    assert ("Medway is scheduled for inspection on site 4 to 8 December 2017, reference "
            "SEND-E06000035-20171204" in text(response))
    assert "govuk-notification-banner--success" in response.content.decode()


def test_the_area_choice_offers_only_areas_that_exist_today(frozen_today, client,
                                                            ofsted_admin):
    client.force_login(ofsted_admin)
    offered = client.get(reverse("inspections:create")).context["form"].fields[
        "local_area"].queryset
    assert offered.filter(name="Medway").exists()
    assert not offered.filter(name="Cumbria").exists()  # abolished in 2023


def test_scheduling_with_nothing_filled_in_lists_every_error(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"), {})
    page = text(response)
    assert "govuk-error-summary" in response.content.decode()
    for message in ("Select the local area to inspect", "Select the framework",
                    "Enter the first day on site", "Enter the last day on site"):
        assert message in page
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Error: Schedule an inspection" in response.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("changes,message", [
    ({"onsite_start_0": "2"}, "On-site work starts on a weekday"),
    ({"onsite_end_0": "1"}, "The last day on site must be the same as or after the first day"),
    # Longer than five days is a warning, not a refusal (test_onsite_length.py).
    ({"framework": "2023", "onsite_start_2": "2024", "onsite_start_1": "3",
      "onsite_end_2": "2024", "onsite_end_1": "3", "onsite_end_0": "25"},
     "Under the 2023 framework an inspection lasts up to three weeks"),
    ({"onsite_end_0": "31", "onsite_end_1": "2"}, "Enter a real date"),
])
def test_scheduling_with_bad_dates_is_refused_and_keeps_what_was_typed(
        client, ofsted_admin, medway, changes, message):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _details(local_area=medway.pk, reference="MY-REF", **changes))
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in text(response)
    assert 'value="MY-REF"' in html
    assert f'<option value="{medway.pk}" selected>' in html
    assert not Inspection.objects.exists()


def test_a_reference_already_used_is_refused_on_its_field(client, ofsted_admin, medway,
                                                          make_inspection):
    make_inspection(reference="TAKEN")
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _details(local_area=medway.pk, reference="TAKEN",
                                    onsite_start_0="11", onsite_end_0="15"))
    assert "govuk-error-summary" in response.content.decode()
    assert "Inspection with this Reference already exists" in text(response)
    assert Inspection.objects.count() == 1


# Changing the details -----------------------------------------------------------------------

def _edit_data(form) -> dict:
    """What the browser would send back from the form as it was opened."""
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, datetime.date):
            data.update({f"{name}_0": value.day, f"{name}_1": value.month,
                         f"{name}_2": value.year})
        else:
            data[name] = "" if value is None else value  # an empty field is sent empty
    return data


def test_an_admin_changes_the_details(client, ofsted_admin, inspection):
    client.force_login(ofsted_admin)
    url = reverse("inspections:edit", args=[inspection.pk])
    data = _edit_data(client.get(url).context["form"])
    assert data["version"] == inspection.version
    response = client.post(url, {**data, "framework": "2023", "onsite_end_0": "6"})
    assert response.status_code == 302
    changed = fresh(inspection)
    assert (changed.framework, changed.onsite_end) == ("2023", D(2017, 12, 6))


def test_a_second_save_from_a_form_opened_at_the_same_version_is_refused(
        client, ofsted_admin, inspection):
    client.force_login(ofsted_admin)
    url = reverse("inspections:edit", args=[inspection.pk])
    first = _edit_data(client.get(url).context["form"])
    second = _edit_data(client.get(url).context["form"])
    assert first["version"] == second["version"]

    assert client.post(url, {**first, "framework": "2023"}).status_code == 302
    saved = fresh(inspection)
    response = client.post(url, {**second, "reference": "TYPED-LATER"})

    assert response.status_code == 200
    assert "This inspection was changed by someone else since you opened it" in text(response)
    html_ = response.content.decode()
    assert "govuk-error-summary" in html_
    # What the second editor typed is kept on the form, the framework as they left it too.
    assert 'value="TYPED-LATER"' in html_
    assert re.search(r'value="2016"\s+checked', html_)
    after = fresh(inspection)
    assert (after.reference, after.framework, after.version) == (
        saved.reference, "2023", saved.version)
    assert list(AuditEvent.objects.filter(action="inspection.update").values_list(
        "after", flat=True)) == [{"framework": "2023", "version": 2}]


def test_dates_cannot_be_changed_after_notification(client, ofsted_admin, inspection, notify):
    notify(inspection)
    client.force_login(ofsted_admin)
    url = reverse("inspections:edit", args=[inspection.pk])
    data = _edit_data(client.get(url).context["form"])
    response = client.post(url, {**data, "onsite_start_0": "5"})
    assert "On-site dates can change only before notification" in text(response)
    assert fresh(inspection).onsite_start == MEDWAY_START


# The overview -------------------------------------------------------------------------------

def _statuses(response) -> list[str]:
    return [task.status for task in response.context["tasks"]]


def _action_labels(response) -> list[str]:
    return [action["label"] for action in response.context["actions"]]


def test_the_overview_of_a_planned_inspection(client, ofsted_admin, inspection):
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert _statuses(response) == ["In progress", "Not yet started"] + ["Cannot start yet"] * 8
    assert _action_labels(response) == ["Record the notification", "Change details",
                                        "Withdraw the inspection"]
    assert response.context["actions"][0]["url"] == reverse("inspections:notify",
                                                            args=[inspection.pk])
    page = text(response)
    assert 'class="govuk-task-list"' in response.content.decode()
    assert "Due by 27 November 2017" in page  # the notification clock
    assert "Reference SEND-E06000035-20171204" in page
    assert "LANO Not recorded yet" in page and "Notified on Not notified yet" in page
    assert "Outcome" not in page  # only 2023 inspections have one
    assert "Notify the local area of the inspection" in page  # the clocks table
    assert f'href="{reverse("deadlines:detail", args=[clock(inspection, "notification").pk])}"' \
        in response.content.decode()


def test_the_overview_shows_each_actor_what_they_may_do_next(
        client, inspection, walk, ofsted_admin, lead_inspector, team_inspector,
        quality_assurance, cqc_decision_maker, lano):
    url = reverse("inspections:overview", args=[inspection.pk])
    walk(State.ON_SITE)
    expected = {lead_inspector: ["Record that feedback was given"],
                ofsted_admin: ["Change details", "Withdraw the inspection"],
                team_inspector: [], quality_assurance: [], lano: []}
    for user, labels in expected.items():
        client.force_login(user)
        response = client.get(url)
        assert _action_labels(response) == labels, user
    assert _statuses(response) == ["Completed", "Completed", "In progress", "Not yet started",
                                   *["Cannot start yet"] * 6]

    walk(LetterState.QUALITY_ASSURANCE)
    client.force_login(quality_assurance)
    assert _action_labels(client.get(url)) == ["Approve the draft",
                                               "Return the draft to the lead inspector"]
    # Once both inspectorates have approved the version, it can be sent.
    for by in (quality_assurance, cqc_decision_maker):
        letters.letter_approve_draft(letter=OutcomeLetter.objects.get(inspection=inspection),
                                     by=by, inspectorate=by.inspectorate)
    assert _action_labels(client.get(url)) == ["Send the draft to the local area",
                                               "Return the draft to the lead inspector"]
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    client.force_login(lead_inspector)
    assert _action_labels(client.get(url)) == [
        "Record that the local area's comments are complete", "Issue the final report"]


def test_clock_links_are_only_for_those_who_follow_clocks(client, lano, inspection, notify):
    notify(inspection)
    client.force_login(lano)
    response = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert "Notify the local area of the inspection" in text(response)
    assert "/deadlines/" not in response.content.decode()


def test_a_withdrawn_inspection_shows_where_it_stopped(client, ofsted_admin, inspection,
                                                       notify):
    notify(inspection)
    services.inspection_withdraw(inspection=fresh(inspection), by=ofsted_admin,
                                 reason="The area is being reorganised")
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert _statuses(response) == ["Completed", "Completed", "Withdrawn",
                                   *["Cannot start yet"] * 7]
    assert "This inspection was withdrawn: The area is being reorganised" in text(response)
    assert _action_labels(response) == []


def test_a_deferred_inspection_says_so(client, ofsted_admin, cqc_decision_maker, inspection,
                                      lano):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 20), reasons="Ofsted visit")
    for inspectorate, by in (("ofsted", ofsted_admin), ("cqc", cqc_decision_maker)):
        services.deferral_decide(request=request, by=by, inspectorate=inspectorate,
                                 decision="accepted")
    assert fresh(inspection).state == State.DEFERRED
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert _statuses(response)[:2] == ["Deferred", "Cannot start yet"]
    assert "deferred until new on-site dates are set" in text(response)


def test_a_2023_inspection_shows_its_outcome(client, ofsted_admin, make_inspection):
    inspection = make_inspection(framework="2023")
    client.force_login(ofsted_admin)
    page = text(client.get(reverse("inspections:overview", args=[inspection.pk])))
    assert "Outcome Not recorded yet" in page


def test_the_overview_reads_a_constant_number_of_queries(client, ofsted_admin, inspection,
                                                         notify, lead_inspector):
    notify(inspection)
    url = reverse("inspections:overview", args=[inspection.pk])
    client.force_login(ofsted_admin)

    def meeting(day):
        services.meeting_record(inspection=fresh(inspection), by=lead_inspector,
                                kind=MeetingKind.TEAM_DAILY, held_on=day, notes="Findings")

    meeting(MEDWAY_START)
    few = _queries(client, url)
    for n in range(1, 5):
        meeting(MEDWAY_START + datetime.timedelta(days=n))
    assert inspection.meetings.count() == 5
    assert _queries(client, url) == few


# The confirmation page of each step ---------------------------------------------------------

def _date(day: datetime.date) -> dict:
    return {"on_0": day.day, "on_1": day.month, "on_2": day.year}


STEPS = [  # the step's page, who takes it, what they give, the state it leaves the inspection in
    ("start-onsite", "lead_inspector", {}, State.ON_SITE),
    ("give-feedback", "lead_inspector", _date(MEDWAY_END), State.FEEDBACK_GIVEN),
    ("start-drafting", "lead_inspector", {}, LetterState.DRAFTING),
    ("submit-for-qa", "lead_inspector", {}, LetterState.QUALITY_ASSURANCE),
    # Ofsted's and CQC's quality assurance each approve the draft before it is sent.
    ("approve-draft", "quality_assurance", {}, LetterState.QUALITY_ASSURANCE),
    ("approve-draft", "cqc_qa", {}, LetterState.QUALITY_ASSURANCE),
    ("send-draft", "quality_assurance", _date(D(2018, 1, 10)), LetterState.DRAFT_WITH_LOCAL_AREA),
    ("comments-received", "lead_inspector", _date(D(2018, 1, 22)),
     LetterState.DRAFT_WITH_LOCAL_AREA),
    ("issue-final", "ofsted_admin", _date(D(2018, 1, 31)), LetterState.FINAL_ISSUED),
    ("publish", "ofsted_admin", _date(D(2018, 2, 8)), State.PUBLISHED),
    ("close", "ofsted_admin", _date(D(2018, 3, 1)), State.CLOSED),
]


def test_each_step_page_says_what_will_happen_then_takes_the_step(
        client, personas, cqc_decision_maker, inspection, notify):
    notify(inspection)
    actors = {**personas, "cqc_qa": cqc_decision_maker}
    for name, actor, data, state in STEPS:
        client.force_login(actors[actor])
        url = reverse(f"inspections:{name}", args=[inspection.pk])
        page = client.get(url)
        assert "Are you sure you want to" in text(page), name
        assert "What will happen" in text(page), name
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [
            (reverse("inspections:overview", args=[inspection.pk]), 302)], name
        assert "govuk-notification-banner--success" in response.content.decode(), name
        assert where(inspection) == state, name
    done = fresh(inspection)
    assert (done.feedback_on, done.letter.draft_sent_on, done.letter.comments_received_on,
            done.letter.final_issued_on, done.published_on, done.closed_on) == (
        MEDWAY_END, D(2018, 1, 10), D(2018, 1, 22), D(2018, 1, 31), D(2018, 2, 8),
        D(2018, 3, 1))
    assert clock(inspection, "factual_accuracy").status == DeadlineStatus.MET


def test_sending_the_draft_explains_the_factual_accuracy_clock(client, quality_assurance,
                                                               cqc_decision_maker,
                                                               inspection, walk):
    walk(LetterState.QUALITY_ASSURANCE)
    for by in (quality_assurance, cqc_decision_maker):
        letters.letter_approve_draft(letter=OutcomeLetter.objects.get(inspection=inspection),
                                     by=by, inspectorate=by.inspectorate)
    client.force_login(quality_assurance)
    page = text(client.get(reverse("inspections:send-draft", args=[inspection.pk])))
    assert ("The factual-accuracy clock starts: the local area has 10 working days from the "
            "date the draft is sent to comment on it.") in page


def test_giving_feedback_explains_the_report_clocks(client, lead_inspector, inspection,
                                                   walk):
    walk(State.ON_SITE)
    client.force_login(lead_inspector)
    page = text(client.get(reverse("inspections:give-feedback", args=[inspection.pk])))
    assert ("The clock to send the final report to the local area starts: it is due 28 "
            "working days after the last day on site (8 December 2017)") in page
    assert "The clock to publish the report starts: it is due 33 working days after" in page


def test_a_step_taken_by_the_wrong_person_is_refused_and_changes_nothing(
        client, team_inspector, inspection, notify):
    notify(inspection)
    client.force_login(team_inspector)
    url = reverse("inspections:start-onsite", args=[inspection.pk])
    page = client.get(url)
    assert "Only an Ofsted admin or the lead inspector can start on-site work." in text(page)
    assert "Start on-site work</button>" not in page.content.decode()

    response = client.post(url)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Only an Ofsted admin or the lead inspector can start on-site work" in text(response)
    assert fresh(inspection).state == State.NOTIFIED


def test_a_step_out_of_turn_is_refused_and_changes_nothing(client, ofsted_admin, inspection):
    client.force_login(ofsted_admin)
    url = reverse("inspections:publish", args=[inspection.pk])
    assert "You cannot publish the report while the inspection is 'planning'." in text(
        client.get(url))
    response = client.post(url, _date(D(2018, 2, 8)))
    assert "govuk-error-summary" in response.content.decode()
    assert "You cannot publish the report while the inspection is 'planning'" in text(response)
    assert fresh(inspection).state == State.PLANNING


def test_a_services_refusal_of_the_date_shows_on_the_date_field(client, lead_inspector,
                                                                 inspection, walk):
    walk(State.ON_SITE)
    client.force_login(lead_inspector)
    response = client.post(reverse("inspections:give-feedback", args=[inspection.pk]),
                           _date(D(2017, 12, 1)))
    message = ("The date of the final feedback meeting must be the same as or after the last "
               "day on site, 8 December 2017")
    assert message in text(response)
    html_ = response.content.decode()
    assert f'<a href="#id_on_0">{message}</a>' in html_
    assert 'id="div_id_on" class="govuk-form-group govuk-form-group--error"' in html_
    assert fresh(inspection).state == State.ON_SITE


def test_the_final_report_waits_for_the_areas_comments(client, lead_inspector, inspection,
                                                       walk):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    client.force_login(lead_inspector)
    url = reverse("inspections:issue-final", args=[inspection.pk])
    assert "their time to comment ends on 24 January 2018" in text(client.get(url))
    response = client.post(url, _date(D(2018, 1, 15)))
    assert ("The date the final report was sent must be after the last day the local area has "
            "to comment on the draft, 24 January 2018: record their comments first if they "
            "have sent them") in text(response)
    assert where(inspection) == LetterState.DRAFT_WITH_LOCAL_AREA


def test_a_missing_date_is_asked_for(client, ofsted_admin, inspection, walk):
    walk(State.PUBLISHED)
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:close", args=[inspection.pk]), {})
    assert "Enter the date the inspection closed" in text(response)
    assert fresh(inspection).state == State.PUBLISHED


def test_withdrawing_needs_a_reason_and_cancels_the_running_clocks(client, ofsted_admin,
                                                                   inspection):
    client.force_login(ofsted_admin)
    url = reverse("inspections:withdraw", args=[inspection.pk])
    page = client.get(url)
    assert "You cannot undo this." in text(page)
    assert ("This running clock is cancelled: Notify the local area of the inspection (due 27 "
            "November 2017).") in text(page)
    assert "govuk-button--warning" in page.content.decode()

    refused = client.post(url, {"reason": ""})
    assert "Give the reason for withdrawing the inspection" in text(refused)
    assert fresh(inspection).state == State.PLANNING

    client.post(url, {"reason": "The area asked and both inspectorates agreed"})
    withdrawn = fresh(inspection)
    assert withdrawn.state == State.WITHDRAWN
    assert withdrawn.withdrawn_reason == "The area asked and both inspectorates agreed"
    assert clock(inspection, "notification").status == DeadlineStatus.CANCELLED


def test_publishing_a_2023_report_needs_the_outcome_first(client, ofsted_admin, lead_inspector,
                                                          make_inspection, assign, walk_to):
    inspection = make_inspection(framework="2023")
    assign(inspection, lead_inspector, TeamRole.LEAD)
    walk_to(inspection, LetterState.FINAL_ISSUED, **MEDWAY_HISTORY)
    client.force_login(ofsted_admin)
    url = reverse("inspections:publish", args=[inspection.pk])
    assert "Record the outcome (1, 2 or 3) first" in text(client.get(url))
    response = client.post(url, _date(D(2018, 2, 8)))
    assert "Record the outcome (1, 2 or 3) before publishing" in text(response)
    assert where(inspection) == LetterState.FINAL_ISSUED

    services.inspection_record_outcome(inspection=fresh(inspection), by=lead_inspector,
                                       outcome=2)
    page = text(client.get(url))
    assert ("The clock for the next full inspection after outcome 2 starts: it is due 3 years "
            "after publication.") in page


# What a confirmation page announces is what the service stores -------------------------------

def _announced(page: str, clock_starts: str) -> str:
    """The due date the page gives for the clock whose line begins `clock_starts`."""
    found = re.search(re.escape(clock_starts) + r"[^.]*?(?:\. If you give today's date, [^,]+, "
                      r"it is due on|\), on) (\w+day \d+ \w+ \d{4})\.", page)
    assert found, page
    return found.group(1)


def _weekday_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


FINAL_REPORT_STARTS = "The clock to send the final report to the local area starts"


def test_the_final_report_due_date_announced_on_the_feedback_page_is_the_one_stored(
        client, lead_inspector, inspection, walk):
    walk(State.ON_SITE)
    client.force_login(lead_inspector)
    url = reverse("inspections:give-feedback", args=[inspection.pk])
    # 28 working days from Friday 8 December 2017, over Christmas and New Year's Day.
    announced = _announced(text(client.get(url)), FINAL_REPORT_STARTS)
    assert announced == "Monday 22 January 2018"
    client.post(url, _date(MEDWAY_END))
    assert _weekday_date(clock(inspection, "final_report").due_date) == announced


def test_a_non_working_day_added_by_an_admin_moves_the_announced_due_date(
        client, ofsted_admin, lead_inspector, inspection, walk):
    walk(State.ON_SITE)
    client.force_login(lead_inspector)
    url = reverse("inspections:give-feedback", args=[inspection.pk])
    before = _announced(text(client.get(url)), FINAL_REPORT_STARTS)
    deadline_services.non_working_day_add(day=D(2018, 1, 2), reason="Office closed",
                                          by=ofsted_admin)
    after = _announced(text(client.get(url)), FINAL_REPORT_STARTS)
    assert (before, after) == ("Monday 22 January 2018", "Tuesday 23 January 2018")
    client.post(url, _date(MEDWAY_END))
    assert _weekday_date(clock(inspection, "final_report").due_date) == after


def test_the_next_full_inspection_due_date_announced_on_publishing_is_the_one_stored(
        client, ofsted_admin, lead_inspector, make_inspection, assign, walk_to):
    # Tuesday 13 February 2018: three calendar years on is a Saturday, so the clock falls
    # due on the next working day.
    with time_machine.travel(midday_in_england(D(2018, 2, 13)), tick=False):
        inspection = make_inspection(framework="2023")
        assign(inspection, lead_inspector, TeamRole.LEAD)
        walk_to(inspection, LetterState.FINAL_ISSUED, **MEDWAY_HISTORY)
        services.inspection_record_outcome(inspection=fresh(inspection), by=lead_inspector,
                                           outcome=2)
        client.force_login(ofsted_admin)
        url = reverse("inspections:publish", args=[inspection.pk])
        page = text(client.get(url))
        announced = _announced(
            page, "The clock for the next full inspection after outcome 2 starts")
        assert announced == "Monday 15 February 2021"
        assert "If you give today's date, Tuesday 13 February 2018" in page
        assert "monitoring inspection" not in page  # only after outcome 3
        client.post(url, _date(D(2018, 2, 13)))
    assert fresh(inspection).state == State.PUBLISHED
    assert _weekday_date(clock(inspection, "next_full_inspection_2").due_date) == announced


def test_the_pages_read_each_step_from_the_lifecycle_table(client, ofsted_admin, lead_inspector,
                                                           inspection, walk):
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    client.force_login(lead_inspector)
    comments = text(client.get(reverse("inspections:comments-received", args=[inspection.pk])))
    assert "The letter stays 'draft with local area'." in comments
    assert ("The clock to comment on the draft letter's factual accuracy is met on the date you "
            "give: it is due on Wednesday 24 January 2018.") in comments
    client.force_login(ofsted_admin)
    final = text(client.get(reverse("inspections:issue-final", args=[inspection.pk])))
    assert "The letter moves to 'final issued'." in final
    assert ("The clock to send the final report to the local area is met on the date you give: "
            "it is due on Monday 22 January 2018.") in final


def test_the_overview_shows_each_rules_latest_clock_and_says_how_many_it_replaced(
        client, ofsted_admin, lead_inspector, inspection, notify):
    notify(inspection)
    before = set(Deadline.objects.filter(inspection=inspection).values_list("pk", flat=True))
    # Started, then cancelled and started again twice: the latest replaces the earlier two.
    clock = deadline_services.deadline_start(rule_code="final_report", inspection=inspection,
                                             start_date=MEDWAY_END, by=ofsted_admin)
    for _ in range(2):
        deadline_services.deadline_cancel(deadline=clock, reason="Dates corrected",
                                          by=ofsted_admin)
        clock = deadline_services.deadline_start(
            rule_code="final_report", inspection=inspection, start_date=MEDWAY_END,
            by=ofsted_admin)
    current = before | {clock.pk}
    url = reverse("inspections:overview", args=[inspection.pk])
    timeline = reverse("deadlines:case", args=[inspection.pk])
    client.force_login(ofsted_admin)
    response = client.get(url)
    assert {deadline.pk for deadline, _ in response.context["clocks"]} == current
    page = text(response)
    assert "Not shown: 2 earlier clocks, each replaced by a later clock of their rule." in page
    assert f'href="{timeline}"' in response.content.decode()
    client.force_login(lead_inspector)  # sees the inspection's clocks, not the timeline
    response = client.get(url)
    assert {deadline.pk for deadline, _ in response.context["clocks"]} == current
    assert "Not shown: 2 earlier clocks" in text(response)
    assert f'href="{timeline}"' not in response.content.decode()
