"""The audit trail: written with the change, on sign-in, append-only, readable by admins."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import audit_record
from local_areas import services
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_successful_sign_in_is_recorded_with_user_and_address(client, lano):
    client.post(reverse("accounts:sign-in"), {"username": "lana.lano", "password": TEST_PASSWORD},
                REMOTE_ADDR="198.51.100.7")
    event = AuditEvent.objects.get(action="auth.sign_in")
    assert (event.actor, event.actor_label, event.ip_address) == (lano, "lana.lano",
                                                                   "198.51.100.7")
    assert event.local_area == lano.local_area


def test_failed_sign_in_is_recorded_without_the_password(client, lano):
    client.post(reverse("accounts:sign-in"), {"username": "lana.lano", "password": "guess-1"},
                REMOTE_ADDR="198.51.100.8")
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.actor is None
    assert event.actor_label == "lana.lano"
    assert event.ip_address == "198.51.100.8"
    assert "guess-1" not in str(event.before) + str(event.after)


def test_sign_out_is_recorded(client, lano):
    client.force_login(lano)
    client.post(reverse("accounts:sign-out-confirm"))
    assert AuditEvent.objects.filter(action="auth.sign_out", actor=lano).exists()


def test_audit_row_is_written_in_the_same_transaction_as_the_change(medway, ofsted_admin):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.local_area_update(local_area=medway, by=ofsted_admin, name="Renamed")
        assert AuditEvent.objects.filter(action="local_area.update").exists()
        raise RuntimeError("the surrounding work fails")
    medway.refresh_from_db()
    assert medway.name == "Medway"
    assert not AuditEvent.objects.filter(action="local_area.update").exists()


def test_a_change_that_changes_nothing_writes_no_audit_row(medway, ofsted_admin):
    services.local_area_update(local_area=medway, by=ofsted_admin, name="Medway")
    assert not AuditEvent.objects.filter(action="local_area.update").exists()


def test_audit_rows_cannot_be_updated(ofsted_admin):
    event = audit_record(actor=ofsted_admin, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")
    event.refresh_from_db()
    assert event.action == "test.event"


@pytest.mark.postgres
def test_audit_rows_cannot_be_deleted_on_postgresql(ofsted_admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite keeps DELETE for the test runner's flush")
    event = audit_record(actor=ofsted_admin, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_page_is_for_ofsted_admins_only(client, personas):
    for name, user in personas.items():
        client.force_login(user)
        expected = 200 if name == "ofsted_admin" else 403
        assert client.get(reverse("audit:list")).status_code == expected, name


def test_audit_page_filters_by_action_user_area_and_dates(frozen_today, client, ofsted_admin,
                                                          medway, barnet):
    services.local_area_update(local_area=medway, by=ofsted_admin, name="Medway Council")
    services.local_area_update(local_area=barnet, by=ofsted_admin, name="Barnet Council")
    audit_record(actor=None, action="test.other", actor_label="someone.else")
    client.force_login(ofsted_admin)
    url = reverse("audit:list")
    today = frozen_today

    by_area = client.get(url, {"local_area": medway.pk}).context["page"].rows
    assert [e.object_repr for e in by_area] == ["Medway Council"]
    by_action = client.get(url, {"action": "local_area.update"}).context["total"]
    assert by_action.count == 2
    by_user = client.get(url, {"actor": "SOMEONE.ELSE"}).context["page"].rows
    assert [e.action for e in by_user] == ["test.other"]
    from_today = client.get(url, {"date_from_0": today.day, "date_from_1": today.month,
                                  "date_from_2": today.year})
    assert from_today.context["total"] == client.get(url).context["total"]
    tomorrow = today + datetime.timedelta(days=1)
    future = client.get(url, {"date_from_0": tomorrow.day, "date_from_1": tomorrow.month,
                              "date_from_2": tomorrow.year})
    assert future.context["total"].count == 0


def test_audit_page_rejects_a_backwards_date_range_with_a_message(client, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.get(reverse("audit:list"), {
        "date_from_0": "2", "date_from_1": "1", "date_from_2": "2026",
        "date_to_0": "1", "date_to_1": "1", "date_to_2": "2026"})
    assert "The to date must be the same as or after the from date" in \
        response.content.decode()


def _audit_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audit:list")).status_code == 200
    return len(queries)


def test_audit_page_query_count_does_not_grow_with_events(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    audit_record(actor=ofsted_admin, action="test.event", local_area=medway)
    few = _audit_queries(client)
    for n in range(60):
        audit_record(actor=ofsted_admin, action=f"test.event{n % 5}", obj=medway,
                     local_area=medway)
    assert _audit_queries(client) == few


def _planned_inspection(by, area, start=datetime.date(2017, 12, 4)):
    from inspections.services import inspection_create

    return inspection_create(by=by, local_area=area, framework="2016", onsite_start=start,
                             onsite_end=start + datetime.timedelta(days=4))


def test_audit_page_names_the_fields_written_not_their_text(client, ofsted_admin, medway):
    from inspections.services import deferral_request

    inspection = _planned_inspection(ofsted_admin, medway)
    deferral_request(inspection=inspection, by=ofsted_admin,
                     requested_on=datetime.date(2017, 11, 27),
                     reasons="The director of children's services is in hospital")
    client.force_login(ofsted_admin)
    response = client.get(reverse("audit:list"), {"action": "inspection.deferral_requested"})
    html = response.content.decode()
    (_, changes), = response.context["rows"]
    assert changes == ["Requested on: 27 November 2017",
                       f"Deferral request: {inspection.deferral_requests.get().pk}",
                       "Changed: reasons"]
    assert "Changed: reasons" in html
    assert "in hospital" not in html
    overview = reverse("inspections:overview", args=[inspection.pk])
    assert f'href="{overview}">{inspection.reference}</a>' in html


def test_audit_page_shows_from_and_to(client, ofsted_admin, medway):
    services.local_area_update(local_area=medway, by=ofsted_admin, name="Medway Council")
    client.force_login(ofsted_admin)
    response = client.get(reverse("audit:list"), {"action": "local_area.update"})
    (_, changes), = response.context["rows"]
    assert changes == ["Name: Medway → Medway Council"]


def test_audit_page_filters_by_inspection_reference(client, ofsted_admin, medway, barnet):
    wanted = _planned_inspection(ofsted_admin, medway)
    _planned_inspection(ofsted_admin, barnet)
    client.force_login(ofsted_admin)
    page = client.get(reverse("audit:list"), {"reference": wanted.reference.lower()})
    events = page.context["page"].rows
    # Its own row and its notification clock's.
    assert sorted(e.action for e in events) == ["deadline.start", "inspection.create"]
    assert {e.inspection_id for e in events} == {wanted.pk}


def test_audit_page_query_count_does_not_grow_with_inspection_events(client, ofsted_admin,
                                                                     medway, barnet):
    client.force_login(ofsted_admin)
    _planned_inspection(ofsted_admin, medway)
    few = _audit_queries(client)
    for n in range(6):
        _planned_inspection(ofsted_admin, barnet, datetime.date(2018, 1, 8)
                            + datetime.timedelta(weeks=n))
    assert _audit_queries(client) == few
