"""Finding things: search and filters on the national list, current and upcoming first on
"My inspections", an area's inspections and next-inspection clocks on its page, and the
scheduling warnings (overlapping on-site dates; an area with an inspection in progress)."""

import datetime
import re

import pytest
from django.urls import reverse

from deadlines.models import Deadline
from inspections import services
from inspections.models import Inspection, State, TeamMember, TeamRole
from inspections.views.pages import PAGE_SIZE
from tests.factories import UserFactory
from tests.inspections.test_pages import _current_areas, _details, _queries, text

D = datetime.date
pytestmark = pytest.mark.django_db


def _list(client, **params):
    return client.get(reverse("inspections:list"), params)


def _references(response) -> list[str]:
    return [inspection.reference for inspection in response.context["rows"]]


@pytest.fixture
def three(make_inspection, assign, lead_inspector, medway, barnet):
    """Medway's and Barnet's inspections led by the lead inspector, and one of Barnet's led
    by someone else."""
    ours = make_inspection(local_area=medway, reference="SEND-MEDWAY-A")
    assign(ours, lead_inspector, TeamRole.LEAD)
    theirs = make_inspection(local_area=barnet, reference="SEND-BARNET-A",
                             start=D(2018, 1, 8), end=D(2018, 1, 12))
    assign(theirs, lead_inspector, TeamRole.LEAD)
    other = make_inspection(local_area=barnet, reference="SEND-BARNET-B",
                            start=D(2018, 3, 5), end=D(2018, 3, 9))
    assign(other, UserFactory(first_name="Olga", last_name="Lead"), TeamRole.LEAD)
    return ours, theirs, other


# The national list ---------------------------------------------------------------------------

def test_search_finds_a_reference_or_an_area_by_any_part_in_any_case(client, ofsted_admin,
                                                                      three):
    client.force_login(ofsted_admin)
    assert _references(_list(client, q="barnet-b")) == ["SEND-BARNET-B"]
    assert sorted(_references(_list(client, q="  bArNeT "))) == ["SEND-BARNET-A",
                                                                   "SEND-BARNET-B"]
    assert _references(_list(client, q="medway")) == ["SEND-MEDWAY-A"]
    response = _list(client, q="medway")
    assert "1 inspection matches your search and filters" in text(response)
    assert 'href="/inspections/">Clear filters</a>' in response.content.decode()


def test_filters_by_local_area_and_by_lead_inspector(client, ofsted_admin, three,
                                                     lead_inspector, barnet):
    client.force_login(ofsted_admin)
    assert sorted(_references(_list(client, local_area=barnet.pk))) == ["SEND-BARNET-A",
                                                                          "SEND-BARNET-B"]
    assert sorted(_references(_list(client, lead=lead_inspector.pk))) == ["SEND-BARNET-A",
                                                                            "SEND-MEDWAY-A"]
    both = _list(client, local_area=barnet.pk, lead=lead_inspector.pk)
    assert _references(both) == ["SEND-BARNET-A"]
    html = both.content.decode()
    assert f'<option value="{barnet.pk}" selected>' in html
    assert f'<option value="{lead_inspector.pk}" selected>' in html
    # Only those who lead inspections are offered as lead inspectors.
    lead_options = both.context["form"].fields["lead"].queryset
    assert set(lead_options) == {member.user for member in
                                 TeamMember.objects.filter(role=TeamRole.LEAD)}


def test_nothing_found_says_how_to_find_more_and_offers_clearing(client, ofsted_admin, three):
    client.force_login(ofsted_admin)
    response = _list(client, q="Cornwall")
    assert _references(response) == []
    page = text(response)
    assert "No inspections match your search and filters." in page
    assert "checking the spelling of the reference or local area" in page
    assert 'value="Cornwall"' in response.content.decode()  # the search is kept


@pytest.mark.parametrize("params", [{"lead": "not-a-person"}, {"local_area": "999999"},
                                    {"q": "x" * 101}])
def test_bad_search_or_filter_values_are_form_errors_not_server_errors(client, ofsted_admin,
                                                                       three, params):
    client.force_login(ofsted_admin)
    response = _list(client, **params)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert len(response.context["rows"]) == 3  # the list, unfiltered


def test_page_links_keep_the_search_and_filters(client, ofsted_admin, make_inspection,
                                                assign, lead_inspector):
    for area in _current_areas(PAGE_SIZE + 2):
        assign(make_inspection(local_area=area), lead_inspector, TeamRole.LEAD)
    client.force_login(ofsted_admin)
    response = _list(client, q="SEND", lead=lead_inspector.pk, page=2)
    assert len(response.context["rows"]) == 2
    assert (f'href="?q=SEND&amp;lead={lead_inspector.pk}&amp;page=1"'
            in response.content.decode())


def test_the_searched_and_filtered_list_reads_a_constant_number_of_queries(
        client, ofsted_admin, make_inspection, assign, lead_inspector):
    areas = _current_areas(12)
    client.force_login(ofsted_admin)
    url = f"{reverse('inspections:list')}?q=SEND&lead={lead_inspector.pk}"
    for area in areas[:2]:
        assign(make_inspection(local_area=area), lead_inspector, TeamRole.LEAD)
    few = _queries(client, url)
    for area in areas[2:]:
        assign(make_inspection(local_area=area), lead_inspector, TeamRole.LEAD)
    assert _queries(client, url) == few


# My inspections ------------------------------------------------------------------------------

def test_my_inspections_shows_current_and_upcoming_first_then_past_ones(
        client, make_inspection, assign, lead_inspector, ofsted_admin):
    def led(reference, start, *, withdrawn=False):
        made = make_inspection(reference=reference, start=start,
                               end=start + datetime.timedelta(days=4))
        assign(made, lead_inspector, TeamRole.LEAD)
        if withdrawn:
            services.inspection_withdraw(inspection=made, by=ofsted_admin, reason="Re-planned")

    led("LATER", D(2018, 3, 5))
    led("PAST-OLDER", D(2017, 6, 5), withdrawn=True)
    led("SOONER", D(2018, 1, 8))
    led("PAST-NEWER", D(2017, 9, 4), withdrawn=True)
    client.force_login(lead_inspector)
    response = client.get(reverse("inspections:mine"))
    assert _references(response) == ["SOONER", "LATER", "PAST-NEWER", "PAST-OLDER"]
    assert [i.reference for i in response.context["current"]] == ["SOONER", "LATER"]
    page = text(response)
    assert page.index("Current and upcoming") < page.index("SOONER") < page.index("Past ")
    assert page.index("Past ") < page.index("PAST-NEWER")


def test_my_inspections_says_so_when_nothing_is_current(client, make_inspection, assign,
                                                        lead_inspector, ofsted_admin):
    made = make_inspection()
    assign(made, lead_inspector, TeamRole.LEAD)
    services.inspection_withdraw(inspection=made, by=ofsted_admin, reason="Re-planned")
    client.force_login(lead_inspector)
    page = text(client.get(reverse("inspections:mine")))
    assert "You are not on the team of any current or upcoming inspection." in page


# A local area's page -------------------------------------------------------------------------

@pytest.fixture
def medway_history(walk_to, make_inspection, assign, notify, lead_inspector, medway):
    """Medway's 2023 inspection, published with outcome 2, and one in planning."""
    published = make_inspection(framework="2023", reference="MEDWAY-2023")
    assign(published, lead_inspector, TeamRole.LEAD)
    published = walk_to(published, State.PUBLISHED, outcome=2)
    planned = make_inspection(reference="MEDWAY-PLANNED", start=D(2027, 3, 1),
                              end=D(2027, 3, 5))
    return published, planned


def _area_page(client, user, area):
    client.force_login(user)
    return client.get(reverse("local_areas:detail", args=[area.pk]))


def test_an_areas_page_lists_the_inspections_each_user_may_see(client, medway_history, medway,
                                                               ofsted_admin, lano,
                                                               lead_inspector, dfe_adviser):
    seen = {user: [i.reference for i in _area_page(client, user, medway)
                   .context["area_inspections"]]
            for user in (ofsted_admin, lano, lead_inspector, dfe_adviser)}
    assert seen[ofsted_admin] == ["MEDWAY-PLANNED", "MEDWAY-2023"]
    assert seen[lano] == ["MEDWAY-2023"]  # the area is not yet told of the planned one
    assert seen[lead_inspector] == ["MEDWAY-2023"]  # not on the planned one's team
    assert seen[dfe_adviser] == []
    assert ("There are no inspections of Medway that you can see."
            in text(_area_page(client, dfe_adviser, medway)))


def test_an_areas_page_shows_its_next_inspection_clocks_to_those_who_watch_them(
        client, medway_history, medway, ofsted_admin, lano, lead_inspector):
    visit = Deadline.objects.filter(inspection=medway_history[0],
                                    rule__code="next_full_inspection_2").get()
    response = _area_page(client, ofsted_admin, medway)
    assert [clock for clock, _ in response.context["visit_clocks"]] == [visit]
    page = text(response)
    assert "Next inspections" in page and visit.rule.description in page
    assert reverse("deadlines:detail", args=[visit.pk]) in response.content.decode()
    for user in (lano, lead_inspector):
        assert "Next inspections" not in text(_area_page(client, user, medway))


def test_an_areas_page_reads_a_constant_number_of_queries(client, walk_to, make_inspection,
                                                          assign, lead_inspector,
                                                          ofsted_admin, medway):
    def published(monday):
        made = make_inspection(framework="2023", reference=f"MEDWAY-{monday.year}",
                               start=monday, end=monday + datetime.timedelta(days=4))
        assign(made, lead_inspector, TeamRole.LEAD)
        walk_to(made, State.PUBLISHED, outcome=3)

    client.force_login(ofsted_admin)
    url = reverse("local_areas:detail", args=[medway.pk])
    published(D(2017, 12, 4))
    few = _queries(client, url)
    published(D(2019, 12, 2))
    published(D(2021, 12, 6))
    assert len(client.get(url).context["visit_clocks"]) >= 6
    assert _queries(client, url) == few


# Scheduling warnings -------------------------------------------------------------------------

def _acknowledged(response) -> str:
    match = re.search(r'name="acknowledged" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def test_assigning_an_inspector_already_on_site_elsewhere_then_warns_and_goes_ahead_if_asked(
        client, make_inspection, assign, ofsted_admin, lead_inspector, barnet):
    medway = make_inspection()  # 4 to 8 December 2017
    assign(medway, lead_inspector, TeamRole.LEAD)
    barnet_visit = make_inspection(local_area=barnet, start=D(2017, 12, 7),
                                   end=D(2017, 12, 13))
    services.conflict_declare(inspection=barnet_visit, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    client.force_login(ofsted_admin)
    url = reverse("inspections:team-add", args=[barnet_visit.pk])
    data = {"user": lead_inspector.pk, "role": TeamRole.LEAD}
    response = client.post(url, data)
    page = text(response)
    assert response.status_code == 200
    assert (f"is already on the team of {medway.reference} (Medway), on site 4 to 8 "
            f"December 2017: the on-site dates overlap") in page
    assert "Select ‘Add to the team’ again to go ahead anyway" in page
    assert not barnet_visit.team.exists()  # a warning, nothing saved yet
    response = client.post(url, {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    assert barnet_visit.team.get().user == lead_inspector


def test_no_overlap_warning_for_dates_that_do_not_overlap_or_a_withdrawn_inspection(
        client, make_inspection, assign, ofsted_admin, lead_inspector, barnet):
    withdrawn = make_inspection()
    assign(withdrawn, lead_inspector, TeamRole.LEAD)
    services.inspection_withdraw(inspection=withdrawn, by=ofsted_admin, reason="Re-planned")
    assign(make_inspection(start=D(2017, 11, 27), end=D(2017, 12, 1)), lead_inspector)
    barnet_visit = make_inspection(local_area=barnet)
    services.conflict_declare(inspection=barnet_visit, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:team-add", args=[barnet_visit.pk]),
                           {"user": lead_inspector.pk, "role": TeamRole.LEAD})
    assert response.status_code == 302


def test_a_refusal_comes_before_the_overlap_warning(client, make_inspection, assign,
                                                    ofsted_admin, lead_inspector, barnet):
    assign(make_inspection(), lead_inspector, TeamRole.LEAD)
    barnet_visit = make_inspection(local_area=barnet)
    client.force_login(ofsted_admin)  # no declaration for Barnet: assigning is refused
    response = client.post(reverse("inspections:team-add", args=[barnet_visit.pk]),
                           {"user": lead_inspector.pk, "role": TeamRole.LEAD})
    page = text(response)
    assert "has not declared whether they have any connection to Barnet" in page
    assert "overlap" not in page
    assert not barnet_visit.team.exists()


def test_scheduling_an_area_with_an_inspection_in_progress_warns_then_goes_ahead_if_asked(
        client, make_inspection, ofsted_admin, medway):
    existing = make_inspection()
    client.force_login(ofsted_admin)
    data = _details(local_area=medway.pk, onsite_start_0="5", onsite_start_1="3",
                    onsite_start_2="2018", onsite_end_0="9", onsite_end_1="3",
                    onsite_end_2="2018", reference="SECOND")
    response = client.post(reverse("inspections:create"), data)
    page = text(response)
    assert response.status_code == 200
    assert (f"Medway already has an inspection in progress: {existing.reference}, on site "
            f"4 to 8 December 2017 (planning).") in page
    assert 'value="SECOND"' in response.content.decode()  # the input is kept
    assert Inspection.objects.count() == 1
    response = client.post(reverse("inspections:create"),
                           {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    assert Inspection.objects.filter(reference="SECOND").exists()


def test_no_warning_when_the_areas_other_inspections_are_over(client, make_inspection,
                                                              ofsted_admin, medway):
    services.inspection_withdraw(inspection=make_inspection(), by=ofsted_admin,
                                 reason="Re-planned")
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           _details(local_area=medway.pk, onsite_start_2="2018",
                                    onsite_end_2="2018"))
    assert response.status_code == 302


def test_an_acknowledged_warning_for_other_inspections_does_not_wave_a_new_one_through(
        client, make_inspection, ofsted_admin, medway):
    first = make_inspection()
    client.force_login(ofsted_admin)
    make_inspection(start=D(2018, 1, 8), end=D(2018, 1, 12))
    response = client.post(reverse("inspections:create"),
                           {**_details(local_area=medway.pk, onsite_start_2="2019",
                                       onsite_end_2="2019"), "acknowledged": str(first.pk)})
    assert response.status_code == 200
    assert "already has an inspection in progress" in text(response)
    assert Inspection.objects.count() == 2


@pytest.mark.parametrize("bad", [
    {"local_area": "99999999"}, {"local_area": "99999999999999999999999"},
    {"local_area": "medway"}, {"lead": "-1"}, {"lead": "1e9"},
    {"state": "nonsense"}, {"region": "atlantis"}, {"framework": "1999"},
    {"starts_from_0": "31", "starts_from_1": "2", "starts_from_2": "2026"},
    {"starts_from_0": "1", "starts_from_1": "1", "starts_from_2": "99999"},
    {"starts_to_0": "1", "starts_to_1": "1", "starts_to_2": "0001"},
    {"q": "x" * 101},
])
def test_impossible_filters_are_errors_on_the_form_and_kept(client, ofsted_admin, bad):
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:list"), bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert response.context["form"].errors
    # Typed input comes back as typed; a select cannot show an option it does not have.
    typed = {key: value for key, value in bad.items()
             if key.startswith(("starts_", "q"))}
    assert all(f'value="{value}"' in page for value in typed.values())
