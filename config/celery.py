"""The Celery app. Every periodic schedule is declared here, in BEAT_SCHEDULE.

Every task is a `DjangoTask`: code that writes rows and then wants a task to act on them
enqueues it with `task.delay_on_commit(...)` (or `apply_async_on_commit`), never `delay`
inside a transaction. The task is handed to the broker only once the transaction commits,
so a worker never starts before the rows it reads exist, and never at all if it rolls back.
Outside a transaction it is enqueued at once. See docs/decisions/0010.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Celery's Django fixup picks DjangoTask by itself only when DJANGO_SETTINGS_MODULE is set as
# the app is made; naming it keeps delay_on_commit from depending on that.
app = Celery("send_inspections", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# When the statutory clocks are swept each day (UK time): before the working day starts, so
# reminders are waiting when people arrive.
SWEEP_DEADLINES_AT = crontab(hour=6, minute=30)
# When evidence bases past their retention are deleted each day (UK time): in the night,
# when no one is reading them.
DELETE_EXPIRED_EVIDENCE_AT = crontab(hour=2, minute=15)

BEAT_SCHEDULE: dict = {
    "sweep-deadlines": {"task": "deadlines.sweep", "schedule": SWEEP_DEADLINES_AT},
    "delete-expired-evidence": {"task": "evidence.delete_expired",
                                "schedule": DELETE_EXPIRED_EVIDENCE_AT},
}
app.conf.beat_schedule = BEAT_SCHEDULE
