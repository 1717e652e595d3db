"""Copies of the final report recorded as sent (handbook 71)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0009_version_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient', models.CharField(choices=[('education', 'The Secretary of State for Education'), ('health', 'The Secretary of State for Health and Social Care'), ('local_authority', 'The local authority for the area inspected'), ('principal', 'The principal authority, where it is not the local authority'), ('other', 'Others HMCI considers appropriate')], max_length=15)),
                ('name', models.CharField(max_length=300)),
                ('sent_on', models.DateField()),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='copies', to='reports.outcomeletter')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['letter', 'sent_on', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='report_copy_named'), models.UniqueConstraint(fields=('letter', 'recipient', 'name'), name='report_copy_once')],
            },
        ),
    ]
