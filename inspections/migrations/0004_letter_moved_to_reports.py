"""The letter's dates and states now live on the outcome letter (reports); the data moved
there first, in reports 0002."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0003_engagement_message'),
        ('reports', '0002_letters_from_inspections'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='inspection',
            name='comments_received_on',
        ),
        migrations.RemoveField(
            model_name='inspection',
            name='draft_sent_on',
        ),
        migrations.RemoveField(
            model_name='inspection',
            name='final_issued_on',
        ),
        migrations.AlterField(
            model_name='inspection',
            name='state',
            field=models.CharField(choices=[('planning', 'Planning'), ('notified', 'Notified'), ('on_site', 'On site'), ('feedback_given', 'Feedback given'), ('reporting', 'Reporting'), ('published', 'Published'), ('closed', 'Closed'), ('deferred', 'Deferred'), ('withdrawn', 'Withdrawn')], default='planning', max_length=24),
        ),
    ]
