"""Clocks belong to their case, step 1 of 3: add the inspection and the start event beside the
generic subject, and let the subject go empty, so 0006 can move the rows across."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('deadlines', '0004_rule_period_bounds'),
        ('inspections', '0003_engagement_message'),
    ]

    operations = [
        migrations.AddField(
            model_name='deadline',
            name='inspection',
            field=models.ForeignKey(null=True, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='deadlines', to='inspections.inspection'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='start_event',
            field=models.CharField(default='', max_length=200, verbose_name='event it counted from'),
        ),
        migrations.AlterField(
            model_name='deadline',
            name='subject_type',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='deadline',
            name='subject_id',
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AlterField(
            model_name='deadline',
            name='case_label',
            field=models.CharField(default='', max_length=200),
        ),
    ]
