"""Reminders of open information requests, each once per request and offset."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0002_evidence_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='RequestReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('offset', models.SmallIntegerField()),
                ('send_on', models.DateField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('sweep_run', models.UUIDField()),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='evidence.informationrequest')),
            ],
            options={
                'ordering': ['send_on', 'id'],
                'constraints': [models.UniqueConstraint(fields=('request', 'offset'), name='one_reminder_per_request_and_offset')],
            },
        ),
    ]
