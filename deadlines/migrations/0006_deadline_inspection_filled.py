"""Clocks belong to their case, step 2 of 3: each clock whose subject is an inspection gets
that inspection, the inspection's local area, and its rule's start event as it reads now.

Clocks whose subject is anything else cannot be kept and are DELETED, with their reminders
and the notifications of those reminders: the old demo hung clocks on local areas standing in
for cases, and no case can be found for them (nor for a clock whose inspection is gone).
Their audit rows stay, as the audit table is append-only.

Reversing puts the generic subject back from the inspection (content type, id, and a label
written as the inspection shows itself) so that 0005 and 0004 can be reversed too; it cannot
bring back the deleted clocks, and the start events are dropped with their column.
"""

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery


def _inspection_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label="inspections", model="inspection").first()


def hang_clocks_on_inspections(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    Reminder = apps.get_model("deadlines", "Reminder")
    Notification = apps.get_model("deadlines", "Notification")
    Inspection = apps.get_model("inspections", "Inspection")
    StatutoryRule = apps.get_model("deadlines", "StatutoryRule")

    inspection_type = _inspection_type(apps)
    if inspection_type is not None:
        (Deadline.objects.filter(subject_type=inspection_type,
                                 subject_id__in=Inspection.objects.values("pk"))
         .update(inspection_id=F("subject_id")))
    doomed = Deadline.objects.filter(inspection__isnull=True)
    Notification.objects.filter(Q(deadline__in=doomed) | Q(reminder__deadline__in=doomed)).delete()
    Reminder.objects.filter(deadline__in=doomed).delete()
    doomed.delete()
    Deadline.objects.update(
        local_area_id=Subquery(Inspection.objects.filter(pk=OuterRef("inspection_id"))
                               .values("local_area_id")[:1]),
        start_event=Subquery(StatutoryRule.objects.filter(pk=OuterRef("rule_id"))
                             .values("starts_on")[:1]),
    )


def restore_generic_subjects(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("deadlines", "Deadline")
    inspection_type, _ = ContentType.objects.get_or_create(app_label="inspections",
                                                           model="inspection")
    Deadline.objects.update(subject_type=inspection_type, subject_id=F("inspection_id"))
    deadlines = Deadline.objects.select_related("inspection__local_area")
    for deadline in deadlines.iterator(chunk_size=1000):
        inspection = deadline.inspection
        deadline.case_label = (f"{inspection.local_area.name} "
                               f"{inspection.get_framework_display()} inspection, "
                               f"{inspection.onsite_start:%B %Y}")[:200]
        deadline.save(update_fields=["case_label"])


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0005_deadline_inspection_added'),
        ('inspections', '0003_engagement_message'),
    ]

    operations = [migrations.RunPython(hang_clocks_on_inspections, restore_generic_subjects)]
