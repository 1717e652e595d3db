"""Celery tasks: each takes ids or dates, calls one service, and is safe to run twice."""

import datetime

from celery import shared_task

from config import clock
from deadlines.sweep import (
    deadlines_sweep,
    notification_deliver,
    notifications_deliver,
    reminder_deliver,
    reminders_deliver,
)

RETRY_BACKOFF_SECONDS = 60
MAX_RETRIES = 8


@shared_task(name="deadlines.sweep")
def sweep_deadlines(today: str | None = None) -> dict:
    day = datetime.date.fromisoformat(today) if today else clock.today()
    result = deadlines_sweep(today=day)
    return {"missed": result.missed, "reminders": result.reminders,
            "notifications": result.notifications,
            "request_reminders": result.request_reminders,
            "request_notifications": result.request_notifications}


@shared_task(name="deadlines.deliver_reminder_email", autoretry_for=(Exception,),
             retry_backoff=60, max_retries=8)
def deliver_reminder_email(reminder_id: int) -> int:
    return reminder_deliver(reminder_id=reminder_id)


@shared_task(name="deadlines.deliver_reminder_emails", bind=True, max_retries=MAX_RETRIES)
def deliver_reminder_emails(self, reminder_ids: list[int]) -> int:
    """Email a batch of reminders (reminders_deliver); only the refused ones are retried."""
    sent, refused = reminders_deliver(reminder_ids=reminder_ids)
    if refused:
        raise self.retry(args=(refused,), countdown=_backoff(self))
    return sent


@shared_task(name="deadlines.deliver_notification_emails", bind=True, max_retries=MAX_RETRIES)
def deliver_notification_emails(self, notification_ids: list[int]) -> int:
    """Email a batch of notifications (notifications_deliver); only the refused ones are
    retried."""
    sent, refused = notifications_deliver(notification_ids=notification_ids)
    if refused:
        raise self.retry(args=(refused,), countdown=_backoff(self))
    return sent


def _backoff(task) -> int:
    return RETRY_BACKOFF_SECONDS * 2 ** task.request.retries


@shared_task(name="deadlines.deliver_notification_email", autoretry_for=(Exception,),
             retry_backoff=60, max_retries=8)
def deliver_notification_email(notification_id: int) -> int:
    return notification_deliver(notification_id=notification_id)
