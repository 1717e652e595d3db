"""The daily sweep: mark passed deadlines missed, and remind the people each rule binds (and
each inspected area's LANO of its open information requests, evidence.services.reminders).

Each reminder is created exactly once per deadline and offset, however often or concurrently
the sweep runs: deadlines are claimed with SELECT ... FOR UPDATE SKIP LOCKED, and a unique
constraint on (deadline, offset) refuses a second reminder whatever happens. Emails leave
after the transaction commits, from an outbox (Reminder.emailed_at) that later sweeps retry.

A reminder's email is sent under a row lock on the reminder, held until it is marked sent:
a worker that dies mid-delivery loses its connection and so its lock, and the next sweep (or
the broker redelivering the task) sends it at once. Each email carries a Message-ID made from
the reminder and the person, the same on every attempt: if a worker dies after the mail
server took a message but before marking it sent, the message sent again is the same message,
which mail systems that already hold it drop.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction

from audit.services import audit_event, audit_record_many
from config import clock
from deadlines.arithmetic import time_words, weekday_date
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import REMINDABLE, Deadline, DeadlineStatus, Notification, Reminder
from deadlines.selectors import (
    WITH_CASE,
    calendar_current,
    deadline_past_due,
    deadline_recipients,
)

logger = logging.getLogger(__name__)

# A reminder whose day passed while no sweep ran is still sent up to this many working days
# late; older ones are skipped rather than sent out of date.
CATCH_UP_WORKING_DAYS = 3
BATCH_SIZE = 500
# Emails handed to a worker in one task: small enough that the workers share a day's
# reminders, large enough that handing them over costs milliseconds.
EMAIL_BATCH_SIZE = 50


@dataclass
class SweepResult:
    missed: int = 0
    reminders: int = 0
    notifications: int = 0
    # Reminders of information requests (evidence.services.reminders), and the people told.
    request_reminders: int = 0
    request_notifications: int = 0


def deadlines_sweep(*, today: datetime.date, offsets: list[int] | None = None,
                    batch_size: int = BATCH_SIZE) -> SweepResult:
    """Run the sweep for `today`, and remind the local areas of the information requests
    falling due (evidence.services.reminders). Safe to run again, and alongside another
    sweep."""
    calendar = calendar_current()
    offsets = sorted(set(offsets if offsets is not None else
                         settings.DEADLINE_REMINDER_OFFSETS), reverse=True)
    result = SweepResult(missed=_mark_missed(today=today))
    low = calendar.add_working_days(today, min(offsets) - CATCH_UP_WORKING_DAYS)
    high = calendar.add_working_days(today, max(offsets))
    ids = list(Deadline.objects.filter(status__in=REMINDABLE, due_date__gte=low,
                                       due_date__lte=high)
               .order_by("due_date", "id").values_list("id", flat=True))
    queued: set[int] = set()
    for start in range(0, len(ids), batch_size):
        reminders, notifications = _remind(ids[start:start + batch_size], today=today,
                                           offsets=offsets, calendar=calendar, queued=queued)
        result.reminders += reminders
        result.notifications += notifications
    _retry_undelivered(queued=queued)
    # After the retry, which would otherwise queue again the emails this step has queued.
    from evidence.services.reminders import requests_remind

    result.request_reminders, result.request_notifications = requests_remind(
        today=today, calendar=calendar, batch_size=batch_size)
    logger.info("deadline sweep for %s: %s", today, result)
    return result


@transaction.atomic
def _mark_missed(*, today: datetime.date) -> int:
    # A clock due by a time of day today is missed once that moment is past, if the sweep
    # runs after it on the day (the nightly one runs before Annex A's 11am and 5pm).
    passed = list(Deadline.objects.select_for_update(skip_locked=True, of=("self",))
                  .select_related(*WITH_CASE)
                  .filter(deadline_past_due(today=today, now=clock.now()),
                          status=DeadlineStatus.OPEN))
    if not passed:
        return 0
    Deadline.objects.filter(id__in=[d.id for d in passed]).update(status=DeadlineStatus.MISSED)
    audit_record_many([
        audit_event(actor=None, action="deadline.missed", obj=d, local_area=d.local_area,
                    inspection_id=d.inspection_id,
                    before={"status": DeadlineStatus.OPEN},
                    after={"status": DeadlineStatus.MISSED, "due_date": d.due_date,
                           "swept_on": today})
        for d in passed])
    return len(passed)


def reminder_offset_due(*, due_date: datetime.date, today: datetime.date, offsets: list[int],
                        calendar: WorkingDayCalendar) -> tuple[int, datetime.date] | None:
    """The offset whose reminder is due by today (the latest one), with its day; or None."""
    earliest = calendar.add_working_days(today, -CATCH_UP_WORKING_DAYS)
    best = None
    for offset in offsets:
        send_on = calendar.add_working_days(due_date, -offset)
        if earliest <= send_on <= today and (best is None or send_on > best[1]):
            best = (offset, send_on)
    return best


def _remind(ids: list[int], *, today, offsets, calendar, queued: set[int]) -> tuple[int, int]:
    with transaction.atomic():
        claimed = list(Deadline.objects.select_for_update(skip_locked=True, of=("self",))
                       .select_related(*WITH_CASE)
                       .filter(id__in=ids, status__in=REMINDABLE))
        wanted = {}
        for deadline in claimed:
            due = reminder_offset_due(due_date=deadline.due_date, today=today,
                                      offsets=offsets, calendar=calendar)
            if due is not None:
                wanted[deadline.id] = due
        mine = _insert_reminders(wanted)
        by_id = {d.id: d for d in claimed}
        todo = [by_id[r.deadline_id] for r in mine]
        recipients = deadline_recipients(deadlines=todo)
        told = []
        for reminder in mine:
            deadline = by_id[reminder.deadline_id]
            subject, body = reminder_text(deadline=deadline, today=today, calendar=calendar)
            told.append(Told(reminder_id=reminder.id, deadline_id=deadline.id, subject=subject,
                             body=body, user_ids=[user.id for user in recipients[deadline.id]]))
        notifications = _insert_notifications(told)
        from deadlines.tasks import deliver_reminder_emails

        _enqueue_in_batches(deliver_reminder_emails, [reminder.id for reminder in mine])
        queued.update(reminder.id for reminder in mine)
        return len(mine), notifications


@dataclass
class Told:
    """One reminder's words, and the people it tells."""

    reminder_id: int
    deadline_id: int
    subject: str
    body: str
    user_ids: list[int]


# One row per reminder and person, the reminder's words passed once per reminder rather than
# once per person: a day's thousand reminders tell some twelve thousand people.
_INSERT_NOTIFICATIONS = """
    INSERT INTO deadlines_notification
        (user_id, reminder_id, deadline_id, subject, body, created_at, by_email)
    SELECT person.user_id, words.reminder_id, words.deadline_id, words.subject, words.body,
           %s, false
    FROM unnest(%s::bigint[], %s::bigint[]) AS person(reminder_id, user_id)
    JOIN unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[])
         AS words(reminder_id, deadline_id, subject, body) USING (reminder_id)
"""


def _insert_notifications(told: list[Told]) -> int:
    """Insert a notification for each person each reminder tells; returns how many.

    On PostgreSQL one INSERT ... SELECT from arrays: building twelve thousand model objects
    for bulk_create took most of a second. Elsewhere (SQLite in development) bulk_create."""
    pairs = [(t.reminder_id, user_id) for t in told for user_id in t.user_ids]
    if not pairs:
        return 0
    if connection.vendor != "postgresql":
        Notification.objects.bulk_create(
            [Notification(user_id=user_id, reminder_id=t.reminder_id,
                          deadline_id=t.deadline_id, subject=t.subject, body=t.body)
             for t in told for user_id in t.user_ids], batch_size=1000)
        return len(pairs)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_NOTIFICATIONS, [
            clock.now(), [r for r, _ in pairs], [u for _, u in pairs],
            [t.reminder_id for t in told], [t.deadline_id for t in told],
            [t.subject for t in told], [t.body for t in told]])
        return cursor.rowcount


def _insert_reminders(wanted: dict[int, tuple[int, datetime.date]]) -> list[Reminder]:
    """Insert the reminders wanted; the unique constraint silently drops any that exist
    already. Returns only those this call inserted."""
    run = uuid.uuid4()
    Reminder.objects.bulk_create(
        [Reminder(deadline_id=deadline_id, offset=offset, send_on=send_on, sweep_run=run)
         for deadline_id, (offset, send_on) in wanted.items()],
        ignore_conflicts=True, batch_size=1000)
    return list(Reminder.objects.filter(sweep_run=run, deadline_id__in=wanted))


def reminder_text(*, deadline: Deadline, today: datetime.date,
                  calendar: WorkingDayCalendar) -> tuple[str, str]:
    """The subject and body of a reminder, in plain words."""
    return reminder_words(rule=deadline.rule, case=str(deadline.case),
                          area_name=deadline.local_area.name, start_date=deadline.start_date,
                          start_event=deadline.start_event, due_date=deadline.due_date,
                          due_time=deadline.due_time, today=today, calendar=calendar)


def reminder_words(*, rule, case: str, area_name: str, start_date: datetime.date,
                   start_event: str, due_date: datetime.date, due_time: datetime.time | None,
                   today: datetime.date, calendar: WorkingDayCalendar) -> tuple[str, str]:
    """A reminder's subject and body from a clock's plain values (reminder_text reads them
    off a deadline; the national data, which has no deadline objects, passes them in)."""
    days = calendar.working_days_between(today, due_date)
    # A principal authority's late statement is escalated: Ofsted admins are told too
    # (policy.deadlines.reminder_recipients).
    escalated = days < 0 and rule.binds_principal_authority
    subject = f"{'Late, escalated: ' if escalated else ''}{rule.description}: {case}"[:200]
    # A clock due by a time of day says so: "by 11am on Tuesday 7 March 2023".
    by = f"by {time_words(due_time)} " if due_time else ""
    if days > 0:
        when = (f"is due {by}on {weekday_date(due_date)}, in {days} working "
                f"day{'s' if days != 1 else ''}")
    elif days == 0:
        when = f"is due {by}today, {weekday_date(due_date)}"
    else:
        when = f"was due {by}on {weekday_date(due_date)} and is overdue"
    body = (f"{rule.description} for {case} ({area_name}) "
            f"{when}.\n\nThe clock started on {weekday_date(start_date)} "
            f"({start_event}) and stops when {rule.stops_on}. Rule: {rule.code}, "
            f"{rule.source}.\n\n"
            + ("It is late, so it is escalated to Ofsted admins.\n\n" if escalated else "")
            + "See your notifications in the service: "
            f"{settings.SERVICE_URL}/notifications/")
    return subject, body


def _retry_undelivered(*, queued: set[int]) -> None:
    """Queue again every email not yet sent, however recent, but those of the reminders this
    sweep has just queued: a worker killed after a commit and before the broker took the
    delivery, or a broker restarted with the delivery in it, leaves an email that nothing
    else will send. A second delivery of an email being sent sends nothing (reminder_deliver)."""
    from deadlines.tasks import deliver_notification_emails, deliver_reminder_emails

    _enqueue_in_batches(deliver_reminder_emails, list(
        Reminder.objects.filter(emailed_at__isnull=True).exclude(id__in=queued)
        .order_by("id").values_list("id", flat=True)))
    _enqueue_in_batches(deliver_notification_emails, list(
        Notification.objects.filter(by_email=True, emailed_at__isnull=True)
        .order_by("id").values_list("id", flat=True)))


def _enqueue_in_batches(task, ids: list[int]) -> None:
    """Hand the ids to the task EMAIL_BATCH_SIZE at a time, once the transaction commits: one
    broker message per batch, not per email (a thousand messages took seconds to hand over)."""
    for start in range(0, len(ids), EMAIL_BATCH_SIZE):
        task.delay_on_commit(ids[start:start + EMAIL_BATCH_SIZE])


@transaction.atomic
def reminder_deliver(*, reminder_id: int) -> int:
    """Email a reminder to its recipients, once. Returns how many emails were sent: 0 if
    they had been sent already, or are being sent by a delivery holding the reminder's lock.
    A refused send raises, and leaves the reminder unsent for the next try."""
    if not Reminder.objects.select_for_update(skip_locked=True).filter(
            id=reminder_id, emailed_at__isnull=True).values_list("id", flat=True):
        return 0
    messages = [
        EmailMessage(subject=n.subject, body=n.body, to=[n.user.email],
                     headers={"Message-ID": reminder_message_id(reminder_id=reminder_id,
                                                                user_id=n.user_id)})
        for n in Notification.objects.filter(reminder_id=reminder_id).select_related("user")
        if n.user.email
    ]
    with get_connection() as connection:
        connection.send_messages(messages)
    Reminder.objects.filter(id=reminder_id).update(emailed_at=clock.now())
    return len(messages)


def reminders_deliver(*, reminder_ids: list[int]) -> tuple[int, list[int]]:
    """Email each reminder given, once (reminder_deliver), each in its own transaction: a
    refused send does not hold back the others. Returns the emails sent and the reminders
    whose send was refused, to try again."""
    return _deliver_each(reminder_ids, lambda pk: reminder_deliver(reminder_id=pk))


def notifications_deliver(*, notification_ids: list[int]) -> tuple[int, list[int]]:
    """Email each notification given, once (notification_deliver), as reminders_deliver
    does."""
    return _deliver_each(notification_ids, lambda pk: notification_deliver(notification_id=pk))


def _deliver_each(ids: list[int], deliver) -> tuple[int, list[int]]:
    sent, refused = 0, []
    for pk in ids:
        try:
            sent += deliver(pk)
        except Exception:
            logger.exception("email %s not sent; it will be tried again", pk)
            refused.append(pk)
    return sent, refused


def reminder_message_id(*, reminder_id: int, user_id: int) -> str:
    """The Message-ID of a reminder's email to one person: the same on every attempt, and on
    every worker, so a message sent again is recognisably the one sent before."""
    return _message_id(f"reminder-{reminder_id}-{user_id}")


def _message_id(local_part: str) -> str:
    # The service's own address names the domain: the host a worker runs on may change
    # between attempts.
    return f"<{local_part}@{urlsplit(settings.SERVICE_URL).hostname or 'localhost'}>"


@transaction.atomic
def notification_deliver(*, notification_id: int) -> int:
    """Email a notification that is not a reminder's (a deferral request, say) to its user,
    once, as reminder_deliver does. Returns 1 if it was sent, 0 if it had been sent already
    or is being sent, or if the user has no email address (it stays in the service)."""
    notification = (Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("user")
                    .filter(id=notification_id, by_email=True, emailed_at__isnull=True)
                    .first())
    if notification is None:
        return 0
    sent = 0
    if notification.user.email:
        EmailMessage(subject=notification.subject, body=notification.body,
                     to=[notification.user.email],
                     headers={"Message-ID": _message_id(f"notification-{notification.id}")},
                     ).send()
        sent = 1
    Notification.objects.filter(id=notification_id).update(emailed_at=clock.now())
    return sent
