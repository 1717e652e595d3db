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

    by_area = client.get(url, {"local_area": medway.pk}).context["page"].object_list
    assert [e.object_repr for e in by_area] == ["Medway Council"]
    by_action = client.get(url, {"action": "local_area.update"}).context["page"]
    assert by_action.paginator.count == 2
    by_user = client.get(url, {"actor": "SOMEONE.ELSE"}).context["page"].object_list
    assert [e.action for e in by_user] == ["test.other"]
    from_today = client.get(url, {"date_from_0": today.day, "date_from_1": today.month,
                                  "date_from_2": today.year})
    assert from_today.context["page"].paginator.count == \
        client.get(url).context["page"].paginator.count
    tomorrow = today + datetime.timedelta(days=1)
    future = client.get(url, {"date_from_0": tomorrow.day, "date_from_1": tomorrow.month,
                              "date_from_2": tomorrow.year})
    assert future.context["page"].paginator.count == 0


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
