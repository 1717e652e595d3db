"""Every version of the letter keeps its text (reports.versions); the letter records which
version went to the local area; the final report is a version of its own. A letter sent
before versions kept their text was sent at its latest version."""

from django.db import migrations, models
from django.db.models import Max


def record_the_version_sent(apps, schema_editor):
    OutcomeLetter = apps.get_model("reports", "OutcomeLetter")
    for letter in (OutcomeLetter.objects.filter(draft_sent_on__isnull=False)
                   .annotate(latest=Max("versions__number"))):
        if letter.latest is not None:
            OutcomeLetter.objects.filter(pk=letter.pk).update(
                sent_version_number=letter.latest)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0008_recipients_and_accuracy_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="letterversion",
            name="frozen_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="letterversion",
            name="text",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="outcomeletter",
            name="sent_version_number",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="letterversion",
            name="reason",
            field=models.CharField(choices=[
                ("first_draft", "First draft"), ("returned", "Returned by quality assurance"),
                ("carried_over", "Recorded before letters had versions"),
                ("final", "Final, after the area's comments")], max_length=16),
        ),
        migrations.RunPython(record_the_version_sent, migrations.RunPython.noop),
    ]
