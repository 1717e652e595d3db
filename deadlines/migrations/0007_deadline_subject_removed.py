"""Clocks belong to their case, step 3 of 3: every clock now has its inspection, so the
generic subject and the frozen case label go, and the one-running-clock rule and the index
move onto (rule, inspection)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0006_deadline_inspection_filled'),
        ('inspections', '0003_engagement_message'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='deadline',
            name='one_running_clock_per_rule_and_case',
        ),
        migrations.RemoveIndex(
            model_name='deadline',
            name='deadline_subject_idx',
        ),
        migrations.RemoveField(
            model_name='deadline',
            name='subject_type',
        ),
        migrations.RemoveField(
            model_name='deadline',
            name='subject_id',
        ),
        migrations.RemoveField(
            model_name='deadline',
            name='case_label',
        ),
        migrations.AlterField(
            model_name='deadline',
            name='inspection',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='deadlines', to='inspections.inspection'),
        ),
        migrations.AlterField(
            model_name='deadline',
            name='start_event',
            field=models.CharField(max_length=200, verbose_name='event it counted from'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(fields=['inspection', 'due_date'], name='deadline_inspection_idx'),
        ),
        migrations.AddConstraint(
            model_name='deadline',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['open', 'paused'])), fields=('rule', 'inspection'), name='one_running_clock_per_rule_and_case'),
        ),
    ]
