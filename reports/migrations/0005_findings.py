"""The letter's findings, each with the evidence records that support it."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0001_initial'),
        ('reports', '0004_letter_approved_once_per_inspectorate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Finding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('section', models.CharField(choices=[('main', 'Main findings'), ('A', "Identifying children and young people's needs"), ('B', 'Assessing and meeting needs'), ('C', 'Improving outcomes'), ('self_evaluation', "Accuracy of the local area's self-evaluation")], max_length=15)),
                ('kind', models.CharField(choices=[('strength', 'Strength'), ('development', 'Area for development'), ('finding', 'Finding')], max_length=11)),
                ('text', models.TextField()),
                ('position', models.PositiveIntegerField()),
                ('written_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('version', models.PositiveIntegerField(default=1)),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='reports.outcomeletter')),
                ('written_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['letter', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='FindingEvidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('linked_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finding', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='reports.finding')),
                ('linked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('record', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='finding_links', to='evidence.evidencerecord')),
            ],
            options={
                'ordering': ['finding', 'linked_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='finding',
            name='evidence',
            field=models.ManyToManyField(related_name='findings', through='reports.FindingEvidence', to='evidence.evidencerecord'),
        ),
        migrations.AddConstraint(
            model_name='findingevidence',
            constraint=models.UniqueConstraint(fields=('finding', 'record'), name='finding_evidence_once'),
        ),
        migrations.AddIndex(
            model_name='finding',
            index=models.Index(fields=['letter', 'section', 'position'], name='finding_order_idx'),
        ),
        migrations.AddConstraint(
            model_name='finding',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['strength', 'development']), ('section__in', ['A', 'B', 'C'])), models.Q(models.Q(('section__in', ['A', 'B', 'C']), _negated=True), ('kind', 'finding')), _connector='OR'), name='finding_kind_fits_its_section'),
        ),
        migrations.AddConstraint(
            model_name='finding',
            constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='finding_has_text'),
        ),
    ]
