"""Link existing audit rows to their inspection, and take the case record's text out of them.

Rows written before audit.services.audit_event refused free text copied reasons, details and
the names of people called into before/after. Each such key is removed and, where a record
holds the text, that record's field is named instead (`{"fields": ["reasons"]}`); warnings
become how many there were. Rows whose object is an inspection, a deadline running on one,
or a record belonging to one (by its `inspection` foreign key) get `inspection` filled in.

Not reversible for the data: the text removed is gone (that is the point: the case record
keeps it only as long as the handbook allows, and this table is never pruned). Reversing is a
no-op here; reversing 0003 removes the column.

The table's trigger refuses UPDATE, so it is switched off for the duration and back on before
the migration commits. On PostgreSQL ALTER TABLE holds an ACCESS EXCLUSIVE lock until then, so
no other session can write to the table while it is off. On SQLite the trigger is dropped and
re-created from its own stored definition.
"""

from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast

TABLE = "audit_auditevent"
TRIGGER = "audit_event_append_only"
INSPECTION = "inspections.inspection"

# action -> {key that held text: the field of the record that holds it now, or None when no
# record does}
STRIPPED = {
    "inspection.conflict_declared": {"details": "details"},
    "inspection.conflict_override": {"reason": "override_reason"},
    "inspection.deferral_requested": {"reasons": "reasons"},
    "inspection.line_of_enquiry_added": {"enquiry": "enquiry"},
    # The LANO was written as the contact's name; new rows hold the contact's id.
    "inspection.notify": {"person_called": "person_called", "lano": "lano"},
    "deadline.cancel": {"reason": "stop_reason"},
    "deadline.extend": {"reason": "extension_reason"},
    "deadline.pause": {"reason": "pause_reason"},
    # Kept nowhere else; the change that caused it is the inspection's row beside it.
    "deadline.correct_start": {"reason": None},
}


@contextmanager
def append_only_suspended(schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # Foreign keys are checked as each statement runs, so no deferred check is pending
        # when ALTER TABLE runs again at the end.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE", params=None)
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}", params=None)
        yield
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}", params=None)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                           [TRIGGER])
            row = cursor.fetchone()
        if row is not None:
            schema_editor.execute(f"DROP TRIGGER {TRIGGER}")
        yield
        if row is not None:
            schema_editor.execute(row[0])
    else:
        yield


def _pk_of(ref):
    return Cast(ref, output_field=models.BigIntegerField())


def link_inspections(apps, events) -> None:
    Inspection = apps.get_model("inspections", "Inspection")
    unlinked = events.filter(inspection__isnull=True)
    unlinked.filter(object_type=INSPECTION).update(inspection=Subquery(
        Inspection.objects.filter(pk=_pk_of(OuterRef("object_id"))).values("pk")[:1]))
    # Clocks, like an inspection's records, carry the inspection they belong to.
    for object_type in unlinked.exclude(object_type__in=["", INSPECTION]).values_list(
            "object_type", flat=True).distinct():
        model = _belonging_to_an_inspection(apps, object_type)
        if model is not None:
            unlinked.filter(object_type=object_type).update(inspection=Subquery(
                model.objects.filter(pk=_pk_of(OuterRef("object_id")))
                .values("inspection_id")[:1]))


def _belonging_to_an_inspection(apps, object_type: str):
    try:
        model = apps.get_model(*object_type.split("."))
        field = model._meta.get_field("inspection")
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    if field.many_to_one and field.related_model._meta.label_lower == INSPECTION:
        return model
    return None


def stripped(action: str, values: dict) -> dict:
    """The values with the case record's text taken out, and its fields named instead."""
    values = dict(values)
    fields = list(values.pop("fields", []))
    for key, field in STRIPPED.get(action, {}).items():
        if key in values and values.pop(key) not in (None, "") and field and field not in fields:
            fields.append(field)
    if action == "inspection.notify" and isinstance(values.get("warnings"), list):
        values["warnings"] = len(values["warnings"])
    if fields:
        values["fields"] = fields
    return values


BATCH = 1000


def strip_case_text(events) -> None:
    # In batches by id, read before written: SQLite does not isolate a cursor still open on
    # the table from updates to it.
    last = 0
    while batch := list(events.filter(action__in=list(STRIPPED), pk__gt=last).order_by("pk")
                        .only("id", "action", "before", "after")[:BATCH]):
        for event in batch:
            before = stripped(event.action, event.before)
            after = stripped(event.action, event.after)
            if (before, after) != (event.before, event.after):
                events.filter(pk=event.pk).update(before=before, after=after)
        last = batch[-1].pk


def forwards(apps, schema_editor):
    events = apps.get_model("audit", "AuditEvent").objects.using(schema_editor.connection.alias)
    with append_only_suspended(schema_editor):
        link_inspections(apps, events)
        strip_case_text(events)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_auditevent_inspection"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("deadlines", "0006_deadline_inspection_filled"),
        ("inspections", "0003_engagement_message"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
