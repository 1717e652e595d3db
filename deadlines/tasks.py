"""Celery tasks: each takes ids or dates, calls one service, and is safe to run twice."""

import datetime

from celery import shared_task

from config import clock
from deadlines.sweep import deadlines_sweep, notification_deliver, reminder_deliver


@shared_task(name="deadlines.sweep")
def sweep_deadlines(today: str | None = None) -> dict:
    day = datetime.date.fromisoformat(today) if today else clock.today()
    result = deadlines_sweep(today=day)
    return {"missed": result.missed, "reminders": result.reminders,
            "notifications": result.notifications}


@shared_task(name="deadlines.deliver_reminder_email", autoretry_for=(Exception,),
             retry_backoff=60, max_retries=8)
def deliver_reminder_email(reminder_id: int) -> int:
    return reminder_deliver(reminder_id=reminder_id)


@shared_task(name="deadlines.deliver_notification_email", autoretry_for=(Exception,),
             retry_backoff=60, max_retries=8)
def deliver_notification_email(notification_id: int) -> int:
    return notification_deliver(notification_id=notification_id)
