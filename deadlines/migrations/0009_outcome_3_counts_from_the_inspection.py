"""After outcome 3 the next full inspection is due "3 years after the initial inspection"
(Barnet paper, para 1.14), not after publication: the rule's start event says so. A rule an
admin has already edited is left as they set it. Clocks already running keep the start they
were given; an admin corrects one by restarting it. Reversible."""

from django.db import migrations

CODE = "next_full_inspection_3"
BEFORE, AFTER = "outcome 3 report published", "last day of on-site work"


def forwards(apps, schema_editor):
    Rule = apps.get_model("deadlines", "StatutoryRule")
    Rule.objects.filter(code=CODE, starts_on=BEFORE).update(starts_on=AFTER)


def backwards(apps, schema_editor):
    Rule = apps.get_model("deadlines", "StatutoryRule")
    Rule.objects.filter(code=CODE, starts_on=AFTER).update(starts_on=BEFORE)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0008_notification_inspection")]
    operations = [migrations.RunPython(forwards, backwards)]
