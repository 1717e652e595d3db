"""Reminders of open information requests, sent from the statutory clocks' daily sweep.

The inspected area's LANO is reminded of each open request the working day before the day
it is due (its due moment's date in the UK), on that day, and once it is overdue (the first
sweep after that day). Each reminder is made exactly once, however often or concurrently the
sweep runs: requests are claimed with SELECT ... FOR UPDATE SKIP LOCKED, and a unique
constraint on (request, offset) refuses a second reminder whatever happens. A request
answered or withdrawn, or of a closed or withdrawn inspection, is never reminded.

A reminder tells its people by notifications in the service, emailed from the notifications'
own outbox once the transaction commits (deadlines.sweep.notification_deliver, under a row
lock); a later sweep sends any left unsent. Reminders are not audited, as a clock's are not.
"""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from config import clock
from deadlines.arithmetic import due_words, time_words
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Notification
from deadlines.sweep import BATCH_SIZE, CATCH_UP_WORKING_DAYS, EMAIL_BATCH_SIZE
from evidence.models import InformationRequest, RequestReminder, RequestStatus
from inspections.services.common import FINISHED
from policy import evidence as policy

# Offsets in working days before the day a request is due, as a clock's reminders count them.
DAY_BEFORE, ON_THE_DAY, OVERDUE = 1, 0, -1
ONE_DAY = datetime.timedelta(days=1)


def requests_remind(*, today: datetime.date, calendar: WorkingDayCalendar,
                    batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Remind the LANO of each open request whose reminder is due by `today`. Safe to run
    again, and alongside another sweep. Returns the reminders made and the people told."""
    # The due days whose reminder may fall on a day from the catch-up window to today: an
    # overdue one falls the day after, a day-before one up to the next working day.
    low = calendar.add_working_days(today, -CATCH_UP_WORKING_DAYS) - ONE_DAY
    high = calendar.add_working_days(today, DAY_BEFORE)
    ids = list(_remindable()
               .filter(due_at__gte=_start_of(low), due_at__lt=_start_of(high + ONE_DAY))
               .order_by("due_at", "id").values_list("id", flat=True))
    reminders = told = 0
    for start in range(0, len(ids), batch_size):
        made, people = _remind(ids[start:start + batch_size], today=today, calendar=calendar)
        reminders, told = reminders + made, told + people
    return reminders, told


def request_reminder_due(*, due_on: datetime.date, today: datetime.date,
                         calendar: WorkingDayCalendar) -> tuple[int, datetime.date] | None:
    """The offset whose reminder is due by today (the latest one), with its day; or None.
    One whose day passed while no sweep ran is still sent up to CATCH_UP_WORKING_DAYS
    working days late, as a clock's is."""
    earliest = calendar.add_working_days(today, -CATCH_UP_WORKING_DAYS)
    days = {DAY_BEFORE: calendar.add_working_days(due_on, -1), ON_THE_DAY: due_on,
            OVERDUE: due_on + ONE_DAY}
    due = [(send_on, offset) for offset, send_on in days.items() if earliest <= send_on <= today]
    if not due:
        return None
    send_on, offset = max(due)
    return offset, send_on


def _remindable() -> QuerySet[InformationRequest]:
    return (InformationRequest.objects.filter(status=RequestStatus.OPEN)
            .exclude(inspection__state__in=FINISHED))


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=clock.ENGLAND)


def _remind(ids: list[int], *, today: datetime.date,
            calendar: WorkingDayCalendar) -> tuple[int, int]:
    with transaction.atomic():
        claimed = list(_remindable().select_for_update(skip_locked=True, of=("self",))
                       .select_related("inspection__local_area", "raised_by")
                       .filter(id__in=ids))
        wanted = {}
        for request in claimed:
            due = request_reminder_due(due_on=_due_on(request), today=today, calendar=calendar)
            if due is not None:
                wanted[request.id] = due
        mine = _insert_reminders(wanted)
        if not mine:
            return 0, 0
        by_id = {request.id: request for request in claimed}
        reminded = [by_id[reminder.request_id] for reminder in mine]
        recipients = policy.reminded_of_requests(
            inspections_of=list({r.inspection_id: r.inspection for r in reminded}.values()))
        now = clock.now()
        told = Notification.objects.bulk_create([
            Notification(user=user, inspection_id=request.inspection_id, created_at=now,
                         by_email=True, subject=subject, body=body)
            for reminder, request in zip(mine, reminded, strict=True)
            for subject, body in [request_reminder_words(request=request,
                                                         offset=reminder.offset)]
            for user in recipients[request.inspection_id]], batch_size=1000)
        _email_on_commit([notification.pk for notification in told])
        return len(mine), len(told)


def _due_on(request: InformationRequest) -> datetime.date:
    return request.due_at.astimezone(clock.ENGLAND).date()


def _insert_reminders(wanted: dict[int, tuple[int, datetime.date]]) -> list[RequestReminder]:
    """Insert the reminders wanted; the unique constraint silently drops any that exist
    already. Returns only those this call inserted."""
    run = uuid.uuid4()
    RequestReminder.objects.bulk_create(
        [RequestReminder(request_id=request_id, offset=offset, send_on=send_on, sweep_run=run,
                         created_at=clock.now())
         for request_id, (offset, send_on) in wanted.items()],
        ignore_conflicts=True, batch_size=1000)
    return list(RequestReminder.objects.filter(sweep_run=run).order_by("id"))


def _email_on_commit(notification_ids: list[int]) -> None:
    """Hand the notifications to the email task EMAIL_BATCH_SIZE at a time, once the
    transaction commits, as the sweep hands over a clock's reminders."""
    from deadlines.tasks import deliver_notification_emails

    for start in range(0, len(notification_ids), EMAIL_BATCH_SIZE):
        deliver_notification_emails.delay_on_commit(
            notification_ids[start:start + EMAIL_BATCH_SIZE])


def request_reminder_words(*, request: InformationRequest, offset: int) -> tuple[str, str]:
    """A reminder's subject and body: what is asked, by when (UK time), and where to answer.
    The request's details are not sent: they are read in the service, behind sign-in."""
    due = request.due_at.astimezone(clock.ENGLAND)
    by = due_words(due.date(), due.time())
    if offset == OVERDUE:
        subject = f"Information request overdue: {request.title}"
        when = f"It was due {by} and has not been answered."
    elif offset == ON_THE_DAY:
        subject = f"Information request due today by {time_words(due.time())}: {request.title}"
        when = f"It is due today, {by}."
    else:
        subject = f"Information request due {by}: {request.title}"
        when = f"It is due {by}."
    inspection = request.inspection
    asked = request.raised_by.get_full_name() or request.raised_by.get_username()
    reference = f" (reference {inspection.reference})" if inspection.reference else ""
    link = (f"{settings.SERVICE_URL}"
            f"{reverse('evidence:request', args=[inspection.pk, request.pk])}")
    body = (f"{asked} asked {inspection.local_area.name} for: {request.title}, for the "
            f"{inspection}{reference}.\n\n{when}\n\n"
            f"Upload the files and mark the request as answered in the service: {link}")
    return subject[:200], body
