"""Audit rows name the inspection they concern (filled in for older rows by 0004).

Reversible. Removing the column makes SQLite rebuild the table, which drops its triggers, so
reversing puts the append-only trigger of 0002 back there afterwards.
"""

import django.db.models.deletion
from django.db import migrations, models

# As 0002 created it.
SQLITE_TRIGGER = """CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END;"""


def trigger_back_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only")
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only'),
        ('inspections', '0003_engagement_message'),
    ]

    operations = [
        # First, so that reversing runs it last, after the column is gone.
        migrations.RunPython(migrations.RunPython.noop, trigger_back_on_sqlite),
        migrations.AddField(
            model_name='auditevent',
            name='inspection',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inspections.inspection'),
        ),
    ]
