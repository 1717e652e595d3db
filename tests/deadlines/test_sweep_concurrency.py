"""Exactly once, for real: concurrent sweeps, a sweep killed half-way, a real Celery worker.

These need PostgreSQL (row locks with SKIP LOCKED) and, for the worker, Redis.
"""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections

from accounts import roles
from deadlines import services
from deadlines.calendar import add_working_days
from deadlines.models import Deadline, Notification, Reminder, StatutoryRule
from deadlines.sweep import deadlines_sweep
from local_areas.models import LocalArea
from tests.factories import UserFactory, inspection_without_clocks

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2024, 6, 12)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks for SKIP LOCKED to skip")


def _make_due_deadlines(count: int, *, due_in: int = 5) -> list[Deadline]:
    """`count` final-report clocks falling due `due_in` working days after TODAY, each on an
    inspection of its own (not yet notified: building them stays cheap), spread over real
    areas. The rule binds the inspectorates, so each reminds the one Ofsted admin."""
    areas = list(LocalArea.objects.valid_on(TODAY).order_by("ons_code")[:count])
    rule = StatutoryRule.objects.get(code="final_report")
    start = add_working_days(TODAY, due_in - rule.period_amount)
    admin = UserFactory(role=roles.OFSTED_ADMIN)
    made = []
    for n in range(count):
        case = inspection_without_clocks(local_area=areas[n % len(areas)], by=admin,
                                         reference=f"CASE-{n}", notified=False)
        made.append(services.deadline_start(rule_code=rule.code, inspection=case,
                                            start_date=start, by=None))
    return made


def _assert_exactly_once(deadlines: list[Deadline]) -> None:
    ids = [d.id for d in deadlines]
    assert Reminder.objects.filter(deadline_id__in=ids).count() == len(ids)
    pairs = list(Notification.objects.filter(deadline_id__in=ids)
                 .values_list("deadline_id", "user_id"))
    assert len(pairs) == len(set(pairs)) == len(ids)


def sweeps_at_once(*, today, batch_size: int) -> list:
    """Two sweeps of the same day started at the same moment, each on its own connection;
    their results. Fails on any error either raised."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait(timeout=10)
            results.append(deadlines_sweep(today=today, batch_size=batch_size))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    return results


def test_two_concurrent_sweeps_send_each_reminder_exactly_once():
    deadlines = _make_due_deadlines(150)
    results = sweeps_at_once(today=TODAY, batch_size=10)
    assert sum(r.reminders for r in results) == 150
    _assert_exactly_once(deadlines)
    assert len(mail.outbox) == 150
    assert len({tuple(m.to) + (m.subject,) for m in mail.outbox}) == 150


def _sweep_process(today: datetime.date, log: Path, batch_size: int) -> subprocess.Popen:
    """`manage.py sweep_deadlines` against this test database, logging to a file (a pipe
    nobody reads would fill up and stall it)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test",
           "DATABASE_URL": _test_database_url()}
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "sweep_deadlines", "--today", today.isoformat(),
             "--batch-size", str(batch_size)],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    return (f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


def test_a_sweep_killed_half_way_leaves_no_reminder_sent_twice_or_lost(tmp_path):
    # Small batches: many commits, so the process can be killed between two of them.
    deadlines = _make_due_deadlines(300)
    log = tmp_path / "sweep.log"
    process = _sweep_process(TODAY, log, batch_size=5)
    deadline_ids = [d.id for d in deadlines]
    give_up = time.monotonic() + 120
    while Reminder.objects.filter(deadline_id__in=deadline_ids).count() == 0:
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < give_up
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    part = Reminder.objects.filter(deadline_id__in=deadline_ids).count()
    assert 0 < part < len(deadlines), "the sweep finished before it could be killed"

    finished = _sweep_process(TODAY, log, batch_size=5)
    assert finished.wait(timeout=300) == 0, log.read_text()
    _assert_exactly_once(deadlines)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL for the broker")
def test_the_sweep_task_runs_in_a_real_worker_and_emails_each_reminder_once():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from deadlines.tasks import sweep_deadlines

    deadlines = _make_due_deadlines(5)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            sweep_deadlines.delay(TODAY.isoformat())
            sweep_deadlines.delay(TODAY.isoformat())
            give_up = time.monotonic() + 60
            while Reminder.objects.filter(emailed_at__isnull=False).count() < 5:
                assert time.monotonic() < give_up, "the worker did not deliver in time"
                time.sleep(0.1)
            time.sleep(1)  # let the second sweep finish too
    finally:
        app.conf.task_always_eager = True
    _assert_exactly_once(deadlines)
    assert len(mail.outbox) == 5


def test_an_email_being_sent_is_left_to_its_delivery_and_sent_at_once_when_that_worker_dies():
    from deadlines.sweep import reminder_deliver

    deadline = _make_due_deadlines(1)[0]
    deadlines_sweep(today=TODAY)
    reminder = Reminder.objects.get(deadline=deadline)
    Reminder.objects.filter(pk=reminder.pk).update(emailed_at=None)  # as if never sent
    mail.outbox.clear()
    # Another worker's delivery, part-way through sending it: it holds the reminder's lock.
    holder = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "import time\nfrom django.db import transaction\n"
         "from deadlines.models import Reminder\n"
         "with transaction.atomic():\n"
         f"    list(Reminder.objects.select_for_update().filter(pk={reminder.pk}))\n"
         "    print('sending', flush=True)\n"
         "    time.sleep(120)\n"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test",
             "DATABASE_URL": _test_database_url()})
    try:
        assert holder.stdout.readline().strip() == "sending"
        assert reminder_deliver(reminder_id=reminder.pk) == 0
        assert mail.outbox == []
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # Its worker killed, its connection and lock are gone: sent now, not minutes later.
    give_up = time.monotonic() + 10
    while not (sent := reminder_deliver(reminder_id=reminder.pk)):
        assert time.monotonic() < give_up, "the killed delivery's lock was never released"
        time.sleep(0.1)
    assert sent == 1 and len(mail.outbox) == 1
    assert reminder_deliver(reminder_id=reminder.pk) == 0
