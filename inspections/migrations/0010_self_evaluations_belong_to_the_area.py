"""An engagement meeting no longer holds a file: the area's self-evaluation is its own document
(evidence 0006 moved the files there)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0009_revisit_follows_an_inspection'),
        # Their files are first made the areas' own documents.
        ('evidence', '0006_self_evaluations_from_engagement_meetings'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='engagementmeeting',
            name='self_evaluation',
        ),
    ]
