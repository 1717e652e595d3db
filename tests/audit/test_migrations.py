"""Migration 0004 takes the case record's text out of rows written before the builder refused
it, links rows to their inspection, and leaves the table as append-only as it found it."""

import datetime
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent
from deadlines.models import Deadline
from inspections.services import deferral_request, inspection_create

# Runs on PostgreSQL (DATABASE_URL) and on SQLite: each has its own way round the trigger.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("audit", "0002_append_only")]
REASONS = "Gannet: the director of children's services is in hospital"
OVERRIDE = "Bittern: the governorship ended more than two years ago"
WITHDRAWAL = "Nightjar: the area is being reorganised from April"
WARNING = "The call was at 11:00: notification calls are normally made between 9am and 10am"


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(target)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _trigger() -> tuple:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_triggerdef(oid), tgenabled FROM pg_trigger "
                           "WHERE tgname = 'audit_event_append_only'")
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND name = 'audit_event_append_only'")
        return cursor.fetchone()


def test_migrating_strips_case_text_links_inspections_and_keeps_the_table_append_only(
        ofsted_admin, medway):
    inspection = inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                                   onsite_start=datetime.date(2017, 12, 4),
                                   onsite_end=datetime.date(2017, 12, 8))
    request = deferral_request(inspection=inspection, by=ofsted_admin,
                               requested_on=datetime.date(2017, 11, 27), reasons="Half term")
    clock = Deadline.objects.get(inspection=inspection, rule__code="notification")
    trigger = _trigger()
    assert trigger is not None

    _migrate(BEFORE)
    OldEvent = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model(
        "audit", "AuditEvent")

    def old(action, obj_type, obj_id, after):
        return OldEvent.objects.create(action=action, object_type=obj_type,
                                       object_id=str(obj_id), after=after).pk

    on_inspection = "inspections.inspection", inspection.pk
    rows = {
        "deferral": old("inspection.deferral_requested", *on_inspection,
                        {"requested_on": "2017-11-27", "reasons": REASONS}),
        "override": old("inspection.conflict_override", *on_inspection,
                        {"inspector": "nadia.hmi", "reason": OVERRIDE}),
        "notify": old("inspection.notify", *on_inspection, {
            "state": "notified", "notified_on": "2017-11-27", "person_called": "Ian Sutherland",
            "lano": "Wendy Vincent (Local area nominated officer (LANO), Medway)",
            "warnings": [WARNING]}),
        "cancel": old("deadline.cancel", "deadlines.deadline", clock.pk,
                      {"status": "cancelled", "reason": f"inspection withdrawn: {WITHDRAWAL}"}),
        "correct": old("deadline.correct_start", "deadlines.deadline", clock.pk,
                       {"start_date": "2017-12-11", "reason": "on-site dates changed"}),
        "record": old("test.event", "inspections.deferralrequest", request.pk, {"n": 1}),
        "area": old("local_area.update", "local_areas.localarea", medway.pk,
                    {"name": "Medway Council"}),
        "missing": old("test.event", "inspections.inspection", 999_999, {}),
    }

    _migrate(_latest())
    after = {name: AuditEvent.objects.get(pk=pk) for name, pk in rows.items()}
    stored = json.dumps([[e.before, e.after] for e in AuditEvent.objects.all()])
    for text in (REASONS, OVERRIDE, WITHDRAWAL, WARNING, "Ian Sutherland", "Wendy Vincent",
                 "on-site dates changed"):
        assert text not in stored
    assert after["deferral"].after == {"requested_on": "2017-11-27", "fields": ["reasons"]}
    assert after["override"].after == {"inspector": "nadia.hmi", "fields": ["override_reason"]}
    assert after["notify"].after == {"state": "notified", "notified_on": "2017-11-27",
                                     "warnings": 1, "fields": ["person_called", "lano"]}
    assert after["cancel"].after == {"status": "cancelled", "fields": ["stop_reason"]}
    assert after["correct"].after == {"start_date": "2017-12-11"}
    assert after["area"].after == {"name": "Medway Council"}
    assert {name: event.inspection_id for name, event in after.items()} == {
        "deferral": inspection.pk, "override": inspection.pk, "notify": inspection.pk,
        "cancel": inspection.pk, "correct": inspection.pk, "record": inspection.pk,
        "area": None, "missing": None}

    assert _trigger() == trigger
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows["deferral"]).update(action="test.rewritten")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=rows["deferral"]).delete()
    assert AuditEvent.objects.get(pk=rows["deferral"]).action == "inspection.deferral_requested"
