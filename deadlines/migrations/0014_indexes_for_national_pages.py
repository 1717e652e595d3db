"""Indexes for the national deadlines list, its headline counts and a person's notifications,
so that none of them reads the whole table (docs/decisions/0026)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0013_email_sent_under_row_lock'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='notification',
            name='notification_user_idx',
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('status__in', ['open', 'paused', 'missed'])), fields=['due_date', 'id'], name='deadline_running_due_idx'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('status', 'met')), fields=['met_on', 'due_date'], name='deadline_met_on_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['user', '-created_at', '-id'], name='notification_user_page_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('read_at__isnull', True)), fields=['user'], name='notification_unread_idx'),
        ),
    ]
