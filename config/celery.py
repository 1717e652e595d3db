"""The Celery app. Every periodic schedule is declared here, in BEAT_SCHEDULE."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("send_inspections")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# When the statutory clocks are swept each day (UK time): before the working day starts, so
# reminders are waiting when people arrive.
SWEEP_DEADLINES_AT = crontab(hour=6, minute=30)

BEAT_SCHEDULE: dict = {
    "sweep-deadlines": {"task": "deadlines.sweep", "schedule": SWEEP_DEADLINES_AT},
}
app.conf.beat_schedule = BEAT_SCHEDULE
