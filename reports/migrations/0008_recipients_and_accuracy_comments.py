"""Who of the inspected area receives the restricted draft, and their factual-accuracy comments
on it with the lead inspector's answers."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0007_recommendations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccuracyComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version_number', models.PositiveSmallIntegerField()),
                ('passage', models.TextField()),
                ('comment', models.TextField()),
                ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('response', models.CharField(blank=True, choices=[('accepted', 'Accepted'), ('not_accepted', 'Not accepted')], max_length=12)),
                ('response_text', models.TextField(blank=True)),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accuracy_comments', to='reports.outcomeletter')),
            ],
            options={
                'ordering': ['letter', 'submitted_at', 'id'],
                'indexes': [models.Index(fields=['letter', 'response'], name='accuracy_comment_open_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('passage', ''), _negated=True), models.Q(('comment', ''), _negated=True)), name='accuracy_comment_has_text'), models.CheckConstraint(condition=models.Q(models.Q(('answered_by__isnull', True), ('response', ''), ('response_text', '')), models.Q(models.Q(('response', ''), _negated=True), models.Q(('response_text', ''), _negated=True), ('answered_by__isnull', False)), _connector='OR'), name='accuracy_comment_answer_complete')],
            },
        ),
        migrations.CreateModel(
            name='DraftRecipient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('capacity', models.CharField(choices=[('dcs', "Director of children's services"), ('health_ce', 'Chief executive of a CCG or ICB'), ('representative', 'Representative')], max_length=14)),
                ('named_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recipients', to='reports.outcomeletter')),
                ('named_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['letter', 'named_at', 'id'],
                'constraints': [models.UniqueConstraint(fields=('letter', 'user'), name='draft_recipient_once')],
            },
        ),
    ]
