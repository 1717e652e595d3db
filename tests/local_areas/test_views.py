"""The local areas pages: filters, pagination, forms that keep what was typed, audit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from local_areas.models import AreaContact, HealthPartner, LocalArea
from tests.factories import AreaContactFactory, HealthPartnerFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [area.name for area in response.context["page"].object_list]


def test_search_finds_an_area_by_name_or_ons_code(client, lead_inspector):
    client.force_login(lead_inspector)
    assert _names(client.get(reverse("local_areas:list"), {"q": "medw"})) == ["Medway"]
    assert _names(client.get(reverse("local_areas:list"), {"q": "e06000035"})) == ["Medway"]


def test_region_filter_lists_only_that_regions_areas(client, lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(reverse("local_areas:list"), {"region": "london"})
    assert response.context["page"].paginator.count == 33
    assert "33 local areas match your filters" in response.content.decode()


def test_status_filter_separates_current_from_former_areas(client, lead_inspector):
    client.force_login(lead_inspector)
    former = client.get(reverse("local_areas:list"), {"status": "former"})
    assert "Cumbria" in _names(former) and "Medway" not in _names(former)
    current = client.get(reverse("local_areas:list"), {"status": "current"})
    assert current.context["page"].paginator.count == 153


def test_list_is_paginated_and_keeps_filters_in_page_links(client, lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(reverse("local_areas:list"), {"region": "london", "page": 2})
    assert len(response.context["page"].object_list) == 8
    assert 'href="?region=london&amp;page=1"' in response.content.decode()


def test_no_match_shows_an_empty_state(client, lead_inspector):
    client.force_login(lead_inspector)
    response = client.get(reverse("local_areas:list"), {"q": "Atlantis"})
    assert "No local areas match your filters" in response.content.decode()


def test_a_page_past_the_last_says_so_and_links_back(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.get(reverse("local_areas:list"), {"region": "london", "page": "40"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no page 40: the list has 2 pages." in page
    assert 'href="?region=london">Go to the first page' in page


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("local_areas:list")).status_code == 200
    return len(queries)


def test_list_page_query_count_does_not_grow_with_the_register(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    many = _list_queries(client)
    LocalArea.objects.exclude(pk=medway.pk).delete()
    assert LocalArea.objects.count() == 1
    assert _list_queries(client) == many


def _detail_queries(client, area) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("local_areas:detail", args=[area.pk])).status_code == 200
    return len(queries)


def test_detail_page_query_count_does_not_grow_with_contacts(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    AreaContactFactory(local_area=medway, start_date=D(2020, 1, 1))
    few = _detail_queries(client, medway)
    for year in range(2021, 2026):
        AreaContactFactory(local_area=medway, start_date=D(year, 1, 1))
    partner = HealthPartnerFactory()
    client.post(reverse("local_areas:health-partner-add", args=[medway.pk]),
                {"health_partner": partner.pk})
    assert _detail_queries(client, medway) == few


def test_detail_shows_current_contacts_and_history(client, lano, medway):
    AreaContactFactory(local_area=medway, name="Former Officer", start_date=D(2019, 1, 1),
                       end_date=D(2020, 1, 1))
    AreaContactFactory(local_area=medway, name="Current Officer", start_date=D(2024, 1, 1))
    client.force_login(lano)
    response = client.get(reverse("local_areas:detail", args=[medway.pk]))
    assert [c.name for c in response.context["current_contacts"]] == ["Current Officer"]
    assert "Former Officer" in response.content.decode()
    assert "Add a contact" not in response.content.decode()


def test_adding_an_area_with_bad_input_shows_errors_and_keeps_what_was_typed(client,
                                                                             ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("local_areas:create"), {
        "name": "New Town", "ons_code": "X123", "area_type": "unitary", "region": "",
        "valid_from_0": "31", "valid_from_1": "2", "valid_from_2": "2026",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert "Enter an ONS code like E06000035" in html
    assert "Select the Ofsted region" in html
    assert "Enter a real date" in html
    assert 'value="New Town"' in html and 'value="X123"' in html
    assert not LocalArea.objects.filter(name="New Town").exists()


def test_a_duplicate_ons_code_is_refused_with_a_clear_message(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("local_areas:create"), {
        "name": "Medway again", "ons_code": "E06000035", "area_type": "unitary",
        "region": "se"})
    assert "A local area with this ONS code is already in the register" in \
        response.content.decode()


def test_admin_adds_an_area_and_the_audit_trail_records_it(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("local_areas:create"), {
        "name": "New Unitary", "ons_code": "E06000099", "area_type": "unitary",
        "region": "sw", "valid_from_0": "1", "valid_from_1": "4", "valid_from_2": "2028",
    }, REMOTE_ADDR="203.0.113.9")
    area = LocalArea.objects.get(ons_code="E06000099")
    assert response.status_code == 302 and response["Location"] == \
        reverse("local_areas:detail", args=[area.pk])
    assert area.valid_from == D(2028, 4, 1)
    event = AuditEvent.objects.get(action="local_area.create")
    assert (event.actor, event.local_area, event.ip_address) == (ofsted_admin, area,
                                                                 "203.0.113.9")
    assert event.after["ons_code"] == "E06000099"


def test_editing_an_area_audits_what_changed_from_and_to(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    client.post(reverse("local_areas:edit", args=[medway.pk]), {
        "name": "Medway Council", "ons_code": "E06000035", "area_type": "unitary",
        "region": "se"})
    event = AuditEvent.objects.get(action="local_area.update")
    assert event.before == {"name": "Medway"} and event.after == {"name": "Medway Council"}


def test_adding_a_contact_through_the_form_ends_the_previous_holder(client, ofsted_admin,
                                                                    medway):
    AreaContactFactory(local_area=medway, name="Outgoing", start_date=D(2020, 1, 1))
    client.force_login(ofsted_admin)
    response = client.post(reverse("local_areas:contact-add", args=[medway.pk]), {
        "role": "lano", "name": "Incoming", "email": "incoming@example.org",
        "start_date_0": "3", "start_date_1": "3", "start_date_2": "2025"})
    assert response.status_code == 302
    assert AreaContact.objects.get(name="Outgoing").end_date == D(2025, 3, 2)


def test_a_contact_clash_is_shown_on_the_start_date_and_input_is_kept(client, ofsted_admin,
                                                                      medway):
    AreaContactFactory(local_area=medway, name="Holder", start_date=D(2024, 1, 1))
    client.force_login(ofsted_admin)
    response = client.post(reverse("local_areas:contact-add", args=[medway.pk]), {
        "role": "lano", "name": "Too Early", "start_date_0": "1", "start_date_1": "6",
        "start_date_2": "2023"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Holder is Local area nominated officer (LANO) from 1 January 2024" in html
    assert 'value="Too Early"' in html


def test_ending_a_contact_asks_first_then_records_the_date(client, ofsted_admin, medway):
    contact = AreaContactFactory(local_area=medway, name="Leaving", start_date=D(2024, 1, 1))
    client.force_login(ofsted_admin)
    confirm = client.get(reverse("local_areas:contact-end", args=[contact.pk]))
    assert "End Leaving" in confirm.content.decode()
    contact.refresh_from_db()
    assert contact.end_date is None
    client.post(reverse("local_areas:contact-end", args=[contact.pk]),
                {"end_date_0": "31", "end_date_1": "7", "end_date_2": "2025"})
    contact.refresh_from_db()
    assert contact.end_date == D(2025, 7, 31)


def test_admin_adds_a_ccg_or_icb_then_links_it_to_an_area(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    response = client.post(reverse("local_areas:health-partner-create"), {
        "kind": "icb", "name": "NHS Example ICB", "valid_from_0": "1", "valid_from_1": "7",
        "valid_from_2": "2022"})
    assert response.status_code == 302
    partner = HealthPartner.objects.get(name="NHS Example ICB")
    assert partner.valid_from == D(2022, 7, 1)
    client.post(reverse("local_areas:health-partner-add", args=[medway.pk]),
                {"health_partner": partner.pk})
    assert medway.health_partnerships.get().health_partner == partner
    assert AuditEvent.objects.filter(action__in=["health_partner.create",
                                                 "health_partner.link"]).count() == 2


def test_a_duplicate_health_partner_name_is_refused_and_input_kept(client, ofsted_admin):
    HealthPartnerFactory(name="NHS Twice ICB")
    client.force_login(ofsted_admin)
    html = client.post(reverse("local_areas:health-partner-create"), {
        "kind": "icb", "name": "NHS Twice ICB", "ods_code": "QXY"}).content.decode()
    assert "A CCG or ICB with this name is already in the register" in html
    assert 'value="QXY"' in html


@pytest.mark.parametrize("persona", ["lead_inspector", "lano", "dfe_adviser"])
def test_only_admins_add_health_partners(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("local_areas:health-partner-create")).status_code == 403


def test_error_summary_links_radio_errors_to_the_first_option(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    html = client.post(reverse("local_areas:contact-add", args=[medway.pk]), {}).content.decode()
    assert '<a href="#id_role_1">Select the role</a>' in html
    assert 'id="id_role_1"' in html
