"""The daily sweep: missed deadlines marked, reminders sent once each, to the right people."""

import datetime
import smtplib
from typing import NamedTuple

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from deadlines import services
from deadlines.calendar import add_working_days
from deadlines.models import Deadline, DeadlineStatus, Notification, Reminder
from deadlines.sweep import EMAIL_BATCH_SIZE, deadlines_sweep, reminder_deliver
from deadlines.tasks import deliver_reminder_email, deliver_reminder_emails, sweep_deadlines
from tests.conftest import FROZEN_TODAY, midday_in_england

D = datetime.date
# Each sweep here runs on the day it sweeps for: the clock stands still on TODAY.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = FROZEN_TODAY  # a Wednesday


def _due_in(start_clock, working_days, rule="factual_accuracy", **kwargs):
    """A clock of `rule` (10 working days) falling due `working_days` after TODAY."""
    return start_clock(rule, add_working_days(TODAY, working_days - 10), **kwargs)


def _sweep(django_capture_on_commit_callbacks, today=TODAY, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return deadlines_sweep(today=today, **kwargs)


def test_open_deadlines_past_their_date_are_marked_missed_and_audited(
        start_clock, make_case, django_capture_on_commit_callbacks):
    passed = _due_in(start_clock, -1)
    today_due = _due_in(start_clock, 0, case=make_case())
    result = _sweep(django_capture_on_commit_callbacks)
    passed.refresh_from_db()
    today_due.refresh_from_db()
    assert result.missed == 1
    assert (passed.status, today_due.status) == (DeadlineStatus.MISSED, DeadlineStatus.OPEN)
    event = AuditEvent.objects.get(action="deadline.missed")
    assert event.object_id == str(passed.pk) and event.after["swept_on"] == "2024-06-12"
    assert event.after == {"status": "missed", "due_date": passed.due_date.isoformat(),
                           "swept_on": "2024-06-12"}
    assert (event.actor, event.actor_label) == (None, "")
    assert event.inspection == passed.inspection is not None


def test_a_missed_clock_of_an_inspection_is_audited_against_the_inspection(
        ofsted_admin, medway, django_capture_on_commit_callbacks):
    from inspections.services import inspection_create

    # On site from Monday 24 June: the notification call was due by Monday 17 June.
    inspection = inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                                   onsite_start=D(2024, 6, 24), onsite_end=D(2024, 6, 28))
    _sweep(django_capture_on_commit_callbacks, today=D(2024, 6, 18))
    event = AuditEvent.objects.get(action="deadline.missed")
    assert event.inspection == inspection


def test_reminders_go_to_the_people_the_rule_binds(start_clock, lano, local_area_leader,
                                                   other_lano, ofsted_admin, dfe_adviser,
                                                   django_capture_on_commit_callbacks):
    _due_in(start_clock, 5)  # factual accuracy binds the local area
    _sweep(django_capture_on_commit_callbacks)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "lana.lano", "lee.leader"]
    assert sorted(m.to[0] for m in mail.outbox) == [lano.email, local_area_leader.email]
    assert "in 5 working days" in mail.outbox[0].body
    assert "/notifications/" in mail.outbox[0].body


def test_inspectorate_rules_remind_ofsted_admins(start_clock, lano, ofsted_admin,
                                                 django_capture_on_commit_callbacks):
    start_clock("publication", add_working_days(TODAY, 1 - 33))
    _sweep(django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("user__username", flat=True)) == [
        "alice.admin"]


def test_inspectorate_rules_remind_the_lead_inspector_of_that_inspection_only(
        start_clock, make_case, ofsted_admin, lead_inspector, team_inspector,
        django_capture_on_commit_callbacks):
    from inspections import services as inspections
    from inspections.models import TeamRole

    led, other = make_case(), make_case()
    for inspection, user, role in ((led, lead_inspector, TeamRole.LEAD),
                                   (led, team_inspector, TeamRole.HMI),
                                   (other, team_inspector, TeamRole.LEAD)):
        inspections.conflict_declare(inspection=inspection, inspector=user, by=user,
                                     has_connection=False)
        inspections.team_member_add(inspection=inspection, by=ofsted_admin, user=user,
                                    role=role)
    reminded = start_clock("publication", add_working_days(TODAY, 1 - 33), case=led)
    _sweep(django_capture_on_commit_callbacks)
    assert sorted(Notification.objects.filter(deadline=reminded)
                  .values_list("user__username", flat=True)) == ["alice.admin", "harriet.hmi"]


def test_each_offset_is_reminded_once_over_the_life_of_a_clock(
        start_clock, lano, django_capture_on_commit_callbacks):
    deadline = _due_in(start_clock, 12)
    day = TODAY
    for _ in range(20):  # every calendar day from 12 working days before to after the date
        _sweep(django_capture_on_commit_callbacks, today=day)
        _sweep(django_capture_on_commit_callbacks, today=day)  # twice: still once each
        day += datetime.timedelta(days=1)
    offsets = list(Reminder.objects.filter(deadline=deadline).order_by("send_on")
                   .values_list("offset", "send_on"))
    due = deadline.due_date
    assert offsets == [(10, add_working_days(due, -10)), (5, add_working_days(due, -5)),
                       (1, add_working_days(due, -1)), (0, due), (-1, add_working_days(due, 1))]
    assert Notification.objects.filter(user=lano).count() == 5
    assert len(mail.outbox) == 5


def test_a_late_started_clock_gets_only_the_latest_reminder(start_clock, lano,
                                                          django_capture_on_commit_callbacks):
    deadline = _due_in(start_clock, 3)
    _sweep(django_capture_on_commit_callbacks)
    assert list(Reminder.objects.filter(deadline=deadline).values_list("offset", flat=True)) \
        == [5]


def test_a_sweep_after_beat_was_down_two_days_reminds_once_of_each_clock_due_meanwhile(
        start_clock, make_case, lano, django_capture_on_commit_callbacks):
    clocks = [_due_in(start_clock, n, case=make_case()) for n in range(-1, 8)]
    _sweep(django_capture_on_commit_callbacks)  # Wednesday; beat is down Thursday and Friday
    swept = dict(Reminder.objects.values_list("deadline_id", "offset"))
    monday = D(2024, 6, 17)
    with time_machine.travel(midday_in_england(monday), tick=False):
        _sweep(django_capture_on_commit_callbacks, today=monday)
    offsets = [10, 5, 1, 0, -1]
    for clock in clocks:
        fell_due = [o for o in offsets
                    if TODAY < add_working_days(clock.due_date, -o) <= monday]
        made = list(Reminder.objects.filter(deadline=clock).exclude(offset=swept.get(clock.id))
                    .values_list("offset", flat=True))
        # The latest reminder that fell due, once; none for a clock with nothing due.
        assert made == fell_due[-1:], (clock.due_date, made, fell_due)
    assert len(mail.outbox) == Reminder.objects.count()
    assert len({(m.subject, m.body) for m in mail.outbox}) == len(mail.outbox)


def test_reminders_stale_after_an_outage_are_not_sent(start_clock, lano,
                                                     django_capture_on_commit_callbacks):
    _due_in(start_clock, -9)  # overdue since long before the sweep came back
    result = _sweep(django_capture_on_commit_callbacks)
    assert result.missed == 1 and result.reminders == 0


def test_paused_met_and_cancelled_clocks_are_not_reminded(start_clock, make_case, lano,
                                                         ofsted_admin,
                                                         django_capture_on_commit_callbacks):
    paused, met, cancelled = (_due_in(start_clock, 5, case=make_case()) for _ in range(3))
    services.deadline_pause(deadline=paused, on=TODAY, reason="x", by=ofsted_admin)
    services.deadline_meet(deadline=met, met_on=TODAY, by=ofsted_admin)
    services.deadline_cancel(deadline=cancelled, reason="withdrawn", by=ofsted_admin)
    assert _sweep(django_capture_on_commit_callbacks).reminders == 0


def test_a_reminder_email_is_sent_once_however_often_delivery_runs(
        start_clock, lano, django_capture_on_commit_callbacks):
    _due_in(start_clock, 10)
    _sweep(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert reminder.emailed_at is not None
    assert reminder_deliver(reminder_id=reminder.id) == 0
    assert len(mail.outbox) == 1


def _forget_reminders():
    Notification.objects.all().delete()
    Reminder.objects.all().delete()


def test_the_sweep_costs_the_same_however_many_deadlines_are_not_due(
        start_clock, make_case, lano, django_capture_on_commit_callbacks):
    for _ in range(3):
        _due_in(start_clock, 5, case=make_case())
    with CaptureQueriesContext(connection) as few:
        assert _sweep(django_capture_on_commit_callbacks).reminders == 3
    _forget_reminders()
    for _ in range(40):
        start_clock("wsoa_submission", TODAY, case=make_case())
    with CaptureQueriesContext(connection) as many:
        assert _sweep(django_capture_on_commit_callbacks).reminders == 3
    assert Deadline.objects.count() == 43
    assert len(many) == len(few)


def test_the_sweep_costs_the_same_for_3_or_30_deadlines_due(
        start_clock, make_case, lano, django_capture_on_commit_callbacks):
    for _ in range(3):
        _due_in(start_clock, 5, case=make_case())
    few, few_queries = _sweep_counting_queries(django_capture_on_commit_callbacks)
    assert few.reminders == 3 and len(mail.outbox) == 3
    _forget_reminders()
    mail.outbox.clear()
    for _ in range(3, 30):
        _due_in(start_clock, 5, case=make_case())
    many, many_queries = _sweep_counting_queries(django_capture_on_commit_callbacks)
    assert many.reminders == 30 and len(mail.outbox) == 30
    assert many_queries == few_queries


def _sweep_counting_queries(django_capture_on_commit_callbacks):
    """The sweep's result and how many queries it ran. The emails it queues are sent after,
    outside the count: each batch is its own task, taking its reminders' ids."""
    with (django_capture_on_commit_callbacks(execute=False) as queued,
          CaptureQueriesContext(connection) as queries):
        result = deadlines_sweep(today=TODAY)
    for deliver in queued:
        deliver()
    assert len(queued) == -(-result.reminders // EMAIL_BATCH_SIZE)  # one task per batch
    return result, len(queries)


# Email failures --------------------------------------------------------------------------------

class RefusingMailService(locmem.EmailBackend):
    """The mail service is the edge of the world: this one refuses the next `refusals`
    sends, as an SMTP server that is down would, then accepts (into mail.outbox)."""

    refusals = 0
    attempts = 0

    def send_messages(self, messages):
        RefusingMailService.attempts += 1
        if RefusingMailService.refusals:
            RefusingMailService.refusals -= 1
            raise smtplib.SMTPException("421 Service not available, closing channel")
        return super().send_messages(messages)


@pytest.fixture
def mail_service(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailService"
    RefusingMailService.refusals = RefusingMailService.attempts = 0
    yield RefusingMailService
    RefusingMailService.refusals = RefusingMailService.attempts = 0


@pytest.fixture
def unsent(start_clock, lano, django_capture_on_commit_callbacks) -> Reminder:
    """A reminder the sweep has made, whose email has not been tried yet."""
    _due_in(start_clock, 10)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        deadlines_sweep(today=TODAY)
    assert len(queued) == 1  # its delivery, queued for after the commit
    reminder = Reminder.objects.get()
    assert reminder.emailed_at is None
    return reminder


def test_a_refused_email_stays_unsent_and_the_next_delivery_sends_it_once(
        unsent, lano, mail_service):
    mail_service.refusals = 1
    with pytest.raises(smtplib.SMTPException):
        reminder_deliver(reminder_id=unsent.id)
    unsent.refresh_from_db()
    assert unsent.emailed_at is None
    assert mail.outbox == []

    assert reminder_deliver(reminder_id=unsent.id) == 1
    assert reminder_deliver(reminder_id=unsent.id) == 0
    assert [m.to for m in mail.outbox] == [[lano.email]]
    unsent.refresh_from_db()
    assert unsent.emailed_at is not None
    assert mail_service.attempts == 2


def test_the_delivery_task_retries_a_refused_email_until_it_is_sent_once(
        unsent, lano, mail_service):
    from config.celery import app

    mail_service.refusals = 2
    # As in a worker, a failed attempt goes back to Celery to retry rather than to the caller
    # (inline, Celery runs each retry at once instead of after its backoff).
    app.conf.task_eager_propagates = False
    try:
        result = deliver_reminder_email.delay(unsent.id)
    finally:
        app.conf.task_eager_propagates = True
    assert (result.state, result.result) == ("SUCCESS", 1)
    assert mail_service.attempts == 3
    assert [m.to for m in mail.outbox] == [[lano.email]]
    assert deliver_reminder_email.delay(unsent.id).result == 0
    assert mail_service.attempts == 3 and len(mail.outbox) == 1


def test_the_next_sweep_sends_an_email_whose_send_was_refused_at_once(
        unsent, lano, mail_service, django_capture_on_commit_callbacks):
    mail_service.refusals = 1
    with pytest.raises(smtplib.SMTPException):
        reminder_deliver(reminder_id=unsent.id)
    assert _sweep(django_capture_on_commit_callbacks).reminders == 0
    assert [m.to for m in mail.outbox] == [[lano.email]]
    _sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    unsent.refresh_from_db()
    assert unsent.emailed_at is not None


def test_a_reminder_committed_but_never_handed_to_celery_is_sent_by_the_next_sweep(
        unsent, lano, django_capture_on_commit_callbacks):
    # Its worker died between the sweep's commit and the broker taking the delivery (or the
    # broker lost it): minutes old, it is sent by the next sweep, not a day later.
    _sweep(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[lano.email]]
    unsent.refresh_from_db()
    assert unsent.emailed_at is not None
    assert reminder_deliver(reminder_id=unsent.id) == 0
    assert len(mail.outbox) == 1


def test_a_reminder_email_sent_again_is_the_same_message(unsent, lano, settings):
    settings.SERVICE_URL = "https://send-inspections.example"
    # Its worker died after the mail server took it and before marking it sent: the second
    # attempt sends the same Message-ID, which a mailbox that holds it already drops.
    assert reminder_deliver(reminder_id=unsent.id) == 1
    Reminder.objects.filter(pk=unsent.pk).update(emailed_at=None)
    assert reminder_deliver(reminder_id=unsent.id) == 1
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == f"<reminder-{unsent.id}-{lano.id}@send-inspections.example>"


def test_the_daily_task_without_a_date_sweeps_today(start_clock, make_case):
    yesterday = _due_in(start_clock, -1, case=make_case())
    today = _due_in(start_clock, 0, case=make_case())
    assert sweep_deadlines()["missed"] == 1
    assert AuditEvent.objects.get(action="deadline.missed").after["swept_on"] == \
        TODAY.isoformat()
    assert Deadline.objects.get(pk=yesterday.pk).status == DeadlineStatus.MISSED
    assert Deadline.objects.get(pk=today.pk).status == DeadlineStatus.OPEN


# Emails are handed to Celery only once the reminders they send are committed ----------------

class Enqueued(NamedTuple):
    args: tuple
    in_transaction: bool  # whether a transaction was still open when it was handed over


@pytest.fixture
def enqueued(monkeypatch) -> list[Enqueued]:
    """Each batch of reminder emails handed to Celery, in order; none is delivered."""
    handed_over = []

    def apply_async(task, args=None, kwargs=None, **options):
        handed_over.append(Enqueued(tuple(args), transaction.get_connection().in_atomic_block))

    monkeypatch.setattr(type(deliver_reminder_emails._get_current_object()), "apply_async",
                        apply_async)
    return handed_over


def test_a_reminder_email_is_handed_to_celery_once_when_the_sweep_commits(
        start_clock, lano, enqueued, django_capture_on_commit_callbacks):
    _due_in(start_clock, 5)
    with django_capture_on_commit_callbacks() as callbacks:
        assert deadlines_sweep(today=TODAY).reminders == 1
    assert enqueued == []  # nothing yet: the transaction that wrote the reminder is open
    for callback in callbacks:  # as if it committed
        callback()
    assert [e.args for e in enqueued] == [([Reminder.objects.get().id],)]
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(today=TODAY).reminders == 0
    # Still not sent (nothing delivered here): the next sweep hands it over again.
    assert len(enqueued) == 2


def test_an_email_not_sent_is_handed_to_celery_again_by_each_later_sweep(
        start_clock, lano, enqueued, django_capture_on_commit_callbacks):
    _due_in(start_clock, 5)
    _sweep(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert [e.args for e in enqueued] == [([reminder.id],)]  # once by the sweep that made it
    _sweep(django_capture_on_commit_callbacks)
    assert reminder.emailed_at is None
    assert [e.args for e in enqueued] == [([reminder.id],), ([reminder.id],)]
    reminder_deliver(reminder_id=reminder.id)
    _sweep(django_capture_on_commit_callbacks)
    assert len(enqueued) == 2  # sent: not handed over again


class SweepAbandoned(Exception):
    pass


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sweep_hands_an_email_to_celery_only_after_its_transaction_commits(
        start_clock, lano, enqueued):
    _due_in(start_clock, 5)
    assert deadlines_sweep(today=TODAY).reminders == 1
    assert enqueued == [Enqueued(args=([Reminder.objects.get().id],),
                                 in_transaction=False)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sweep_rolled_back_hands_nothing_to_celery(start_clock, lano, enqueued):
    _due_in(start_clock, 5)
    with pytest.raises(SweepAbandoned), transaction.atomic():
        assert deadlines_sweep(today=TODAY).reminders == 1
        raise SweepAbandoned
    assert enqueued == []
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_a_days_reminders_are_handed_to_celery_in_batches(
        start_clock, make_case, lano, enqueued, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("deadlines.sweep.EMAIL_BATCH_SIZE", 2)
    for _ in range(5):
        _due_in(start_clock, 5, case=make_case())
    assert _sweep(django_capture_on_commit_callbacks).reminders == 5
    batches = [e.args[0] for e in enqueued]
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert sorted(pk for batch in batches for pk in batch) == sorted(
        Reminder.objects.values_list("id", flat=True))


def test_a_refused_email_in_a_batch_holds_back_no_other_and_alone_is_tried_again(
        start_clock, make_case, lano, mail_service, django_capture_on_commit_callbacks,
        monkeypatch):
    from config.celery import app

    for _ in range(3):
        _due_in(start_clock, 10, case=make_case())
    with django_capture_on_commit_callbacks(execute=False):
        deadlines_sweep(today=TODAY)
    ids = list(Reminder.objects.order_by("id").values_list("id", flat=True))
    mail_service.refusals = 1  # the first send fails, once
    retried = []
    task = deliver_reminder_emails._get_current_object()
    original = task.retry

    def retry(*args, **kwargs):
        retried.append(kwargs["args"])
        return original(*args, **kwargs)

    monkeypatch.setattr(task, "retry", retry)
    app.conf.task_eager_propagates = False
    try:
        result = deliver_reminder_emails.delay(ids)
    finally:
        app.conf.task_eager_propagates = True
    assert retried == [([ids[0]],)]  # only the refused one went back to Celery
    assert (result.state, result.result) == ("SUCCESS", 1)  # the retry sent it
    assert len(mail.outbox) == 3 and mail_service.attempts == 4
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    assert deliver_reminder_emails.delay(ids).result == 0  # all sent: nothing sent twice
    assert len(mail.outbox) == 3


def test_many_people_told_of_many_reminders_each_get_their_own_words(
        start_clock, make_case, ofsted_admin, django_capture_on_commit_callbacks):
    from accounts import roles
    from tests.factories import UserFactory

    others = [UserFactory(role=roles.OFSTED_ADMIN) for _ in range(3)]
    cases = [make_case() for _ in range(4)]
    for case in cases:  # the final report is due 28 working days after the visit ends
        start_clock("final_report", add_working_days(TODAY, 5 - 28), case=case)
    result = _sweep(django_capture_on_commit_callbacks)
    admins = {ofsted_admin.id, *(user.id for user in others)}
    rows = list(Notification.objects.values_list("user_id", "deadline_id", "reminder_id",
                                                 "subject", "body", "by_email"))
    assert result.notifications == len(rows) >= 4 * len(admins)
    for deadline in Deadline.objects.all():
        mine = [row for row in rows if row[1] == deadline.id]
        assert admins <= {row[0] for row in mine}
        assert {row[2] for row in mine} == {Reminder.objects.get(deadline=deadline).id}
        assert {row[3] for row in mine} == {f"{deadline.rule.description}: {deadline.case}"}
        assert all(str(deadline.case) in row[4] and row[5] is False for row in mine)
