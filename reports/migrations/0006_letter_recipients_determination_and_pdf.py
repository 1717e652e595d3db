"""Who the letter is addressed and copied to; the determination, as the team recommended it and
HMCI's delegate decided it, with the areas of significant weakness; the letter's PDFs."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import reports.models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0001_initial'),
        ('reports', '0005_findings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='outcomeletter',
            name='addressee',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='outcomeletter',
            name='also_addressed',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='outcomeletter',
            name='cc',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='outcomeletter',
            name='pdf_requested_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='Determination',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recommended_wsoa', models.BooleanField()),
                ('recommended_authority', models.CharField(blank=True, choices=[('local_authority', 'The local authority'), ('health', 'The clinical commissioning group (CCG) or integrated care board (ICB)'), ('joint', 'The local authority and the CCG or ICB jointly')], max_length=15)),
                ('recommended_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('decision', models.CharField(blank=True, choices=[('agreed', "Agreed with the team's recommendation"), ('changed', "Changed the team's recommendation")], max_length=7)),
                ('wsoa_required', models.BooleanField(null=True)),
                ('principal_authority', models.CharField(blank=True, choices=[('local_authority', 'The local authority'), ('health', 'The clinical commissioning group (CCG) or integrated care board (ICB)'), ('joint', 'The local authority and the CCG or ICB jointly')], max_length=15)),
                ('reasons', models.TextField(blank=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('inspection', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='determination', to='inspections.inspection')),
                ('recommended_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='LetterRender',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version_number', models.PositiveSmallIntegerField()),
                ('draft', models.BooleanField()),
                ('file', models.FileField(max_length=200, upload_to=reports.models.render_path)),
                ('sha256', models.CharField(max_length=64)),
                ('size', models.PositiveIntegerField()),
                ('pages', models.PositiveSmallIntegerField()),
                ('seconds', models.FloatField()),
                ('rendered_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renders', to='reports.outcomeletter')),
            ],
            options={
                'ordering': ['letter', '-rendered_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SignificantWeakness',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField()),
                ('position', models.PositiveSmallIntegerField()),
                ('determination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='weaknesses', to='reports.determination')),
            ],
            options={
                'ordering': ['determination', 'position'],
            },
        ),
        migrations.AddConstraint(
            model_name='determination',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('recommended_wsoa', True), models.Q(('recommended_authority', ''), _negated=True)), models.Q(('recommended_authority', ''), ('recommended_wsoa', False)), _connector='OR'), name='recommendation_names_who_submits'),
        ),
        migrations.AddConstraint(
            model_name='determination',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decision', ''), ('principal_authority', ''), ('wsoa_required__isnull', True)), models.Q(('wsoa_required', True), models.Q(('decision', ''), _negated=True), models.Q(('principal_authority', ''), _negated=True)), models.Q(('principal_authority', ''), ('wsoa_required', False), models.Q(('decision', ''), _negated=True)), _connector='OR'), name='decision_names_who_submits'),
        ),
        migrations.AddConstraint(
            model_name='determination',
            constraint=models.CheckConstraint(condition=models.Q(('decision', 'changed'), ('reasons', ''), _negated=True), name='changed_decision_gives_reasons'),
        ),
        migrations.AddConstraint(
            model_name='significantweakness',
            constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='weakness_has_text'),
        ),
    ]
