"""The Celery app. Every periodic schedule is declared here, in BEAT_SCHEDULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("send_inspections")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Named schedules; later capabilities (statutory clocks) add theirs here.
BEAT_SCHEDULE: dict = {}
app.conf.beat_schedule = BEAT_SCHEDULE
