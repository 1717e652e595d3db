"""Benchmark of the statutory clocks at national scale. Not a test: it reports figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \
        scripts/benchmark_deadlines.py [--open 100000] [--due 1000]

It builds a throwaway test database (test_<name>, dropped afterwards), fills it with open
deadlines of which some are due for a reminder today, and reports:
- the sweep's wall time and query count (its cost should follow the due deadlines, so the
  same sweep is also timed with only the due ones present);
- the national dashboard's query count with 10 and with 10,000 deadlines.

Each case has been notified to its area, whose officer and leader are reminded, as in the
service. With REDIS_URL set the reminder emails are queued on that Redis, as in production,
and a Celery worker (started against the throwaway database with production settings, email
written to its log) sends them: the report then says how long after each sweep every email
was out, and the worker's peak memory (VmHWM of the worker and each pool process). Without
REDIS_URL the emails are queued on an in-memory broker and nothing sends them.
"""

import argparse
import datetime
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

TODAY = datetime.date(2026, 3, 4)  # a Wednesday with no bank holiday near it
RULES = ("factual_accuracy", "final_report")
OFSTED_ADMINS = 12


def _queue_tasks() -> None:
    """Reminder emails are queued as in production (not run inline): on REDIS_URL's Redis
    when it is set (the settings name it as the broker), else on an in-memory broker."""
    from config.celery import app

    app.conf.task_always_eager = False
    if not os.environ.get("REDIS_URL"):
        app.conf.broker_url = "memory://localhost/"
    logging.getLogger("deadlines").setLevel(logging.WARNING)


def _start_worker(log_dir: Path):
    """A Celery worker on REDIS_URL against the throwaway database, as production runs it."""
    from urllib.parse import urlsplit, urlunsplit

    from scripts.bench import processes

    url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(
        path=f"/{connection.settings_dict['NAME']}"))
    env = processes.production_env(database_url=url, redis_url=os.environ["REDIS_URL"])
    return processes.start_celery_worker(env=env, log_dir=log_dir)


def _await_emails(worker, *, timeout: float = 600) -> None:
    """Wait until the worker has sent every reminder's email; say how long that took."""
    from deadlines.models import Notification, Reminder

    started = time.perf_counter()
    while (left := Reminder.objects.filter(emailed_at__isnull=True).count()) and (
            time.perf_counter() - started < timeout):
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    # reminder_deliver sends one message to each of a reminder's people with an address.
    sent = Notification.objects.filter(reminder__emailed_at__isnull=False).exclude(
        user__email="").count()
    print(f"emails: {sent:,} messages sent by the worker within {seconds:.1f} s of the sweep; "
          f"{left:,} reminders unsent")


def _worker_memory(worker) -> None:
    from scripts.bench import processes

    pool = [processes.peak_memory_kib(pid) for pid in processes.children(worker.pid)]
    print(f"celery worker peak memory (VmHWM): main "
          f"{processes.peak_memory_kib(worker.pid) * 1024 / 1e6:.0f} MB; pool "
          + ", ".join(f"{kib * 1024 / 1e6:.0f} MB" for kib in pool))


def _populate(*, open_count: int, due_count: int) -> None:
    """open_count open deadlines, each on an inspection of its own (one running clock per
    rule and case); due_count of them fall due 5 working days after TODAY, the rest months
    away. Rows are made in bulk: the services would take hours here."""
    from deadlines.arithmetic import compute_due_date
    from deadlines.models import Deadline, DeadlineStatus, StatutoryRule
    from deadlines.selectors import calendar_current
    from inspections.models import Inspection, State
    from local_areas.models import LocalArea

    calendar = calendar_current()
    # Half bind the area (its officer and leader are reminded), half the inspectorates (every
    # Ofsted admin is): 1,000 due reminders tell some 8,000 people, as at national scale.
    rules = [StatutoryRule.objects.get(code=code) for code in RULES]
    areas = list(LocalArea.objects.valid_on(TODAY))
    onsite_start = calendar.add_working_days(TODAY, -30)
    # Reporting, and notified to the area: the area's people are reminded, as in the service.
    inspections = Inspection.objects.bulk_create(
        [Inspection(reference=f"BENCH-{n}", local_area=areas[n % len(areas)], framework="2023",
                    state=State.REPORTING, notified_on=calendar.add_working_days(onsite_start, -5),
                    onsite_start=onsite_start,
                    onsite_end=calendar.add_working_days(onsite_start, 4))
         for n in range(open_count)], batch_size=5000)
    starts = {}  # by rule: when a clock due in 5 working days started, and one due far away
    for rule in rules:
        # Both rules count working days: due 5 working days from TODAY.
        starts[rule.code] = [calendar.add_working_days(TODAY, 5 - rule.period_amount),
                             calendar.add_working_days(TODAY, 60)]
    due_date = {(rule.code, start): compute_due_date(period=rule.period, start=start,
                                                     start_event="", calendar=calendar).due_date
                for rule in rules for start in starts[rule.code]}
    rows = []
    for n in range(open_count):
        rule = rules[n % len(rules)]
        start = starts[rule.code][0 if n < due_count else 1]
        inspection = inspections[n]
        rows.append(Deadline(rule=rule, inspection=inspection, local_area=inspection.local_area,
                             start_event=rule.starts_on, start_date=start,
                             due_date=due_date[rule.code, start], status=DeadlineStatus.OPEN))
    Deadline.objects.bulk_create(rows, batch_size=5000)


def _clear() -> None:
    from deadlines.models import Deadline, Notification, Reminder
    from inspections.models import Inspection

    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    Deadline.objects.all().delete()
    Inspection.objects.all().delete()


def _time_sweep() -> tuple[float, int, object]:
    from deadlines.sweep import deadlines_sweep

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = deadlines_sweep(today=TODAY)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def _dashboard_queries(admin) -> int | None:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    try:
        url = reverse("deadlines:list")
    except NoReverseMatch:
        return None
    client = Client()
    client.force_login(admin)
    session = client.session  # staff have given a code from their authenticator app
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get_or_create(
        user=admin, confirmed=True, defaults={"name": "Authenticator app"})[0].persistent_id
    session.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000, dest="open_count")
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()

    _queue_tasks()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    worker = None
    try:
        with tempfile.TemporaryDirectory(prefix="benchmark-deadlines-") as log_dir:
            if os.environ.get("REDIS_URL"):
                worker = _start_worker(Path(log_dir))
            try:
                run(args.open_count, args.due, worker=worker)
            finally:
                if worker is not None:
                    worker.stop()
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _swept(worker) -> None:
    if worker is not None:
        _await_emails(worker)


def run(open_count: int, due_count: int, *, worker=None) -> None:
    from accounts import roles
    from local_areas.models import LocalArea
    from tests.factories import UserFactory

    admin = UserFactory(username="bench.admin", role=roles.OFSTED_ADMIN)
    for n in range(1, OFSTED_ADMINS):  # as many as the national data holds
        UserFactory(username=f"bench.admin.{n}", role=roles.OFSTED_ADMIN)
    for area in LocalArea.objects.valid_on(TODAY):  # people to remind in every area
        for role, who in ((roles.LOCAL_AREA_OFFICER, "lano"), (roles.LOCAL_AREA_LEADER, "leader")):
            UserFactory(username=f"bench.{who}.{area.ons_code}", role=role, local_area=area)
    broker = "Redis, with a Celery worker sending" if worker is not None else "in memory"
    print(f"database: {connection.vendor}; sweep day {TODAY}; emails queued {broker}")

    _populate(open_count=due_count, due_count=due_count)
    seconds, queries, result = _time_sweep()
    print(f"sweep, {due_count:,} open deadlines all due: {seconds:.2f} s, {queries} queries, "
          f"{result}")
    _swept(worker)
    _clear()

    _populate(open_count=open_count, due_count=due_count)
    if connection.vendor == "postgresql":
        connection.cursor().execute("ANALYZE")
    seconds, queries, result = _time_sweep()
    print(f"sweep, {open_count:,} open deadlines of which {due_count:,} due: {seconds:.2f} s, "
          f"{queries} queries, {result}")
    _swept(worker)
    if worker is not None:
        _worker_memory(worker)
    _clear()

    for count in (10, 10_000):
        _populate(open_count=count, due_count=0)
        print(f"dashboard, {count:,} deadlines: {_dashboard_queries(admin)} queries")
        _clear()


if __name__ == "__main__":
    main()
