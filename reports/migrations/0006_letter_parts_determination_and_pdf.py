"""Who the letter is addressed and copied to; HMCI's determination; the areas of significant
weakness as findings; the PDFs rendered of the letter."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import reports.models


class Migration(migrations.Migration):

    dependencies = [
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
        migrations.AlterField(
            model_name='finding',
            name='section',
            field=models.CharField(choices=[('main', 'Main findings'), ('A', "Identifying children and young people's needs"), ('B', 'Assessing and meeting needs'), ('C', 'Improving outcomes'), ('self_evaluation', "Accuracy of the local area's self-evaluation"), ('weakness', 'Areas of significant weakness')], max_length=15),
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
            name='Determination',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('wsoa_required', models.BooleanField()),
                ('principal_authority', models.CharField(blank=True, choices=[('local_authority', 'The local authority'), ('health', 'The clinical commissioning group (CCG) or integrated care board (ICB)'), ('joint', 'The local authority and the CCG or ICB jointly')], max_length=15)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('letter', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='determination', to='reports.outcomeletter')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('wsoa_required', True), models.Q(('principal_authority', ''), _negated=True)), models.Q(('principal_authority', ''), ('wsoa_required', False)), _connector='OR'), name='determination_names_who_submits')],
            },
        ),
    ]
