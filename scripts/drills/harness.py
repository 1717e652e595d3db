"""What every drill needs: a fresh PostgreSQL database, its own Redis, real Celery workers and
beat schedulers it can kill, an inbox at the edge, and the counting of reminders.

A drill is a script that runs in a process of its own:

    with Drill("worker_killed") as drill:   # fresh database, Django set up against it
        drill.start_redis()
        worker = drill.start_worker()
        ...
        drill.report(count_deliveries(...))  # prints the counts, exits 1 on any loss or duplicate

Everything it starts runs in a process group of its own and is stopped when the drill ends,
whatever happens; its database is dropped.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DRILLS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
# Each email the inbox takes waits this long first: delivery takes measurable time, so a kill
# can land in the middle of it.
EMAIL_DELAY = "0.002"


_STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"{time.monotonic() - _STARTED:6.1f}s {text}", flush=True)


# PostgreSQL -----------------------------------------------------------------------------------

_BASE_DATABASE_URL = os.environ.get("DATABASE_URL", "")


def base_database_url() -> str:
    """DATABASE_URL as the drills were started with (a drill then points it at its own)."""
    url = _BASE_DATABASE_URL
    if not url.startswith("postgres"):
        sys.exit("The drills need DATABASE_URL naming a PostgreSQL database "
                 "(postgres://user@host:port/name): they create databases beside it")
    return url


def database_url(name: str) -> str:
    """The URL of database `name` on the server DATABASE_URL names."""
    parts = urlsplit(base_database_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def drill_database_name(drill: str) -> str:
    """Drill databases are named after DATABASE_URL's own: `<name>_drill_<drill>`."""
    return f"{urlsplit(base_database_url()).path.lstrip('/')}_drill_{drill}"


def _admin_sql(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(base_database_url())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def drop_database(name: str) -> None:
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(name: str, *, template: str | None = None) -> None:
    drop_database(name)
    _admin_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


TEMPLATE_ENV = "DRILL_TEMPLATE_DATABASE"


def migrated_template() -> str:
    """A migrated database to copy for each drill (made once by run_all; a drill run alone
    makes its own)."""
    return os.environ.get(TEMPLATE_ENV) or ""


def migrate_into(name: str) -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                   cwd=ROOT, env=service_env(database=name, redis_url="redis://127.0.0.1:1/0"),
                   check=True)


# Processes ------------------------------------------------------------------------------------

def service_env(*, database: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment the service runs with in production, against the drill's database and
    Redis, with email going to the drill's inbox."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "drill-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": database_url(database),
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "inbox.InboxEmailBackend",
        "PYTHONPATH": os.pathsep.join([str(DRILLS), str(ROOT)]),
        "LOG_LEVEL": "WARNING",
    })
    env.update(extra)
    return env


@dataclass
class Process:
    """A process started in a group of its own, logging to a file."""

    name: str
    popen: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group (a worker and its pool children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()
        _reap_group(self.popen.pid)

    def stop(self, timeout: float = 20) -> None:
        """Ask the group to stop (SIGTERM: a worker finishes what it holds), then kill."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        self.kill()

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        give_up = time.monotonic() + timeout
        while text not in self.log.read_text(errors="replace"):
            if not self.alive() or time.monotonic() > give_up:
                raise RuntimeError(f"{self.name} did not log {text!r}:\n"
                                   f"{self.log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)


def _reap_group(pgid: int) -> None:
    """Kill anything still left in the group (a pool child whose parent was killed)."""
    give_up = time.monotonic() + 10
    while time.monotonic() < give_up:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def free_port() -> int:
    """A free port in DRILL_REDIS_PORTS (default 6390-6399)."""
    low, high = (int(n) for n in os.environ.get("DRILL_REDIS_PORTS", "6390-6399").split("-"))
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port for Redis in {low}-{high}")


# The drill ------------------------------------------------------------------------------------

@dataclass
class Counts:
    """What a drill counted. Emails are counted per notification (one reminder, one person):
    `sent` have exactly one message in the inbox, `duplicated` more than one, `lost` none."""

    reminders_due: int = 0
    reminders_made: int = 0
    emails_due: int = 0
    sent: int = 0
    duplicated: int = 0
    lost: int = 0
    resubmitted: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"reminders due {self.reminders_due}, made {self.reminders_made}; "
                f"emails due {self.emails_due}, sent {self.sent}, "
                f"duplicated {self.duplicated}, lost {self.lost}; "
                f"handed to the mail server again with the same Message-ID "
                f"{self.resubmitted}")


class Drill:
    def __init__(self, name: str):
        self.name = name
        self.database = drill_database_name(name)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"drill-{name}-"))
        self.inbox = self.tmp / "inbox.jsonl"
        self.inbox.touch()
        self.media = self.tmp / "media"
        self.extra_databases: list[str] = []
        self.processes: list[Process] = []
        self.redis_port: int | None = None
        self.redis: Process | None = None
        self.started = time.monotonic()

    # Set-up and tear-down.

    def __enter__(self) -> "Drill":
        say(f"== drill {self.name}")
        template = migrated_template()
        create_database(self.database, template=template or None)
        if not template:
            migrate_into(self.database)
        self.redis_port = free_port()
        os.environ.update(self.env())
        import django

        django.setup()
        say(f"   database {self.database} ready")
        return self

    def __exit__(self, *exc) -> None:
        for process in reversed(self.processes):
            process.stop(timeout=5)
        from django.db import connections

        connections.close_all()
        for name in [self.database, *self.extra_databases]:
            drop_database(name)
        if os.environ.get("DRILL_KEEP_LOGS"):
            for log in self.tmp.glob("*.log"):
                log.replace(Path(os.environ["DRILL_KEEP_LOGS"]) / f"{self.name}-{log.name}")
        for path in sorted(self.tmp.rglob("*"), reverse=True):
            path.unlink() if not path.is_dir() else path.rmdir()
        self.tmp.rmdir()
        say(f"   ({time.monotonic() - self.started:.1f}s; processes stopped, "
            f"database {self.database} dropped)")

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def env(self, **extra: str) -> dict[str, str]:
        return service_env(database=self.database, redis_url=self.redis_url,
                           DRILL_INBOX=str(self.inbox), DRILL_EMAIL_DELAY=EMAIL_DELAY,
                           MEDIA_ROOT=str(self.media), **extra)

    def start(self, name: str, argv: list[str], **env: str) -> Process:
        log = self.tmp / f"{name}.log"
        with log.open("ab") as output:
            popen = subprocess.Popen(argv, cwd=ROOT, env=self.env(**env), stdout=output,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        process = Process(name=name, popen=popen, log=log)
        self.processes.append(process)
        return process

    def start_redis(self) -> Process:
        """This drill's own Redis, keeping nothing on disk: a restart loses every message
        queued in it, the worst a restart can do."""
        self.redis = self.start("redis", [
            "redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(self.tmp)])
        self.redis.wait_for_log("Ready to accept connections")
        return self.redis

    def start_worker(self, name: str = "worker", concurrency: int = 2) -> Process:
        worker = self.start(name, [
            str(BIN / "celery"), "-A", "config", "worker", "--pool=prefork",
            f"--concurrency={concurrency}", "--loglevel=INFO", f"--hostname={name}@drill",
            "--without-gossip", "--without-mingle", "--without-heartbeat"])
        worker.wait_for_log("ready.")
        return worker

    def start_beat(self, name: str) -> Process:
        beat = self.start(name, [
            str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO",
            f"--pidfile={self.tmp / (name + '.pid')}",
            f"--schedule={self.tmp / (name + '.schedule')}"])
        beat.wait_for_log("beat: Starting...")
        return beat

    # Waiting and counting.

    def queued(self) -> int:
        """Messages waiting in the broker's default queue."""
        import redis

        return redis.Redis(port=self.redis_port).llen("celery")

    def wait_until_settled(self, *, done, timeout: float = 150, quiet: float = 2.0) -> None:
        """Wait until `done()` holds, or until the queue is empty and nothing more has
        reached the inbox for `quiet` seconds (whatever is not delivered by then is lost)."""
        give_up = time.monotonic() + timeout
        last_size, last_change = -1, time.monotonic()
        while time.monotonic() < give_up:
            if done():
                return
            size = self.inbox.stat().st_size
            if size != last_size:
                last_size, last_change = size, time.monotonic()
            elif self.queued() == 0 and time.monotonic() - last_change > quiet:
                return
            time.sleep(0.2)
        say(f"   gave up waiting after {timeout:.0f}s")
        for process in self.processes:
            say(f"   {process.name} log ends: "
                f"{process.log.read_text(errors='replace')[-1500:]}")

    def inbox_messages(self) -> list[dict]:
        lines = self.inbox.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def count(self, *, deadline_ids: list[int], due: dict[int, int],
              since=None) -> Counts:
        """Count reminders and emails for the deadlines: `due` maps each deadline to the
        offset whose reminder is due (made by sweeps since `since`, if given)."""
        from deadlines.models import Notification, Reminder

        counts = Counts(reminders_due=len(due))
        reminders = Reminder.objects.filter(deadline_id__in=deadline_ids)
        if since is not None:
            reminders = reminders.filter(created_at__gte=since)
        made = list(reminders.values_list("id", "deadline_id", "offset"))
        counts.reminders_made = len(made)
        per_deadline = Counter(deadline_id for _, deadline_id, _ in made)
        for deadline_id, offset in due.items():
            if per_deadline[deadline_id] == 0:
                counts.lost += 1
                counts.notes.append(f"deadline {deadline_id}: no reminder at offset {offset}")
        wrong = [(d, o) for _, d, o in made if due.get(d) != o]
        if wrong:
            counts.duplicated += len(wrong)
            counts.notes.append(f"reminders not due: {wrong[:5]}")

        messages = self.inbox_messages()
        by_key = Counter((m["to"], m["subject"], m["body"]) for m in messages)
        ids_by_key: dict[tuple, set] = {}
        for m in messages:
            ids_by_key.setdefault((m["to"], m["subject"], m["body"]), set()).add(m["message_id"])
        notifications = Notification.objects.filter(
            reminder_id__in=[r for r, _, _ in made]).select_related("user")
        for n in notifications:
            counts.emails_due += 1
            key = (n.user.email, n.subject, n.body)
            distinct = len(ids_by_key.get(key, ()))
            counts.resubmitted += by_key[key] - distinct
            if distinct == 1:
                counts.sent += 1
            elif distinct == 0:
                counts.lost += 1
            else:
                counts.duplicated += distinct - 1
        return counts

    def report(self, counts: Counts, *, did: str) -> None:
        say(f"   did: {did}")
        say(f"   counted: {counts.line()}")
        for note in counts.notes[:10]:
            say(f"   note: {note}")
        if counts.duplicated or counts.lost:
            say(f"   FAIL: {self.name}: {counts.duplicated} duplicated, {counts.lost} lost")
            self.failed = True
        else:
            say(f"   ok: {self.name}: every reminder due sent exactly once")
            self.failed = False


def run(drill_main) -> None:
    """Run a drill's main(drill) and exit 1 if it found a loss or a duplicate."""
    name = Path(sys.modules[drill_main.__module__].__file__).stem
    with Drill(name) as drill:
        drill_main(drill)
    sys.exit(1 if getattr(drill, "failed", True) else 0)


# Seeding --------------------------------------------------------------------------------------

RULE = "final_report"  # binds the inspectorates: each reminder goes to every Ofsted admin
ADMINS = 2


def seed_deadlines(count: int, *, today, due_in: list[int]) -> list[int]:
    """`count` open clocks of RULE, each on an inspection of its own, falling due `due_in[i %
    len(due_in)]` working days after `today`; and ADMINS Ofsted admins to remind. Inserted in
    bulk (thousands in a few seconds); the drills exercise the sweep, not how clocks start.
    Returns the deadline ids."""
    import datetime

    from accounts import roles
    from accounts.models import Inspectorate
    from accounts.services import roles_sync, user_create
    from deadlines.models import Deadline, StatutoryRule
    from deadlines.selectors import calendar_current
    from inspections.models import Inspection
    from local_areas.models import LocalArea

    roles_sync()
    for n in range(ADMINS):
        user_create(by=None, username=f"admin{n}", email=f"admin{n}@drill.example",
                    first_name="Admin", last_name=str(n), role=roles.OFSTED_ADMIN,
                    inspectorate=Inspectorate.OFSTED)
    calendar = calendar_current()
    rule = StatutoryRule.objects.get(code=RULE)
    areas = list(LocalArea.objects.valid_on(today).order_by("ons_code"))
    # Each in an area and month of its own, so each reminder's subject names one clock.
    onsites = [today - datetime.timedelta(days=60 + 31 * (n // len(areas)))
               for n in range(count)]
    inspections = Inspection.objects.bulk_create([
        Inspection(reference=f"DRILL-{n}", local_area=areas[n % len(areas)], framework="2016",
                   onsite_start=onsite, onsite_end=onsite + datetime.timedelta(days=4))
        for n, onsite in enumerate(onsites)], batch_size=1000)
    deadlines = []
    for n, inspection in enumerate(inspections):
        due = calendar.add_working_days(today, due_in[n % len(due_in)])
        deadlines.append(Deadline(rule=rule, inspection=inspection,
                                  local_area_id=inspection.local_area_id,
                                  start_event=rule.starts_on, start_date=inspection.onsite_end,
                                  due_date=due))
    Deadline.objects.bulk_create(deadlines, batch_size=1000)
    say(f"   seeded {count} clocks")
    return [d.id for d in deadlines]


def reminders_due(deadline_ids: list[int], *, today) -> dict[int, int]:
    """The offset whose reminder a sweep on `today` owes each deadline (those owed one)."""
    from django.conf import settings

    from deadlines.models import Deadline
    from deadlines.selectors import calendar_current
    from deadlines.sweep import reminder_offset_due

    calendar = calendar_current()
    offsets = sorted(set(settings.DEADLINE_REMINDER_OFFSETS), reverse=True)
    due = {}
    for deadline_id, due_date in Deadline.objects.filter(id__in=deadline_ids).values_list(
            "id", "due_date"):
        owed = reminder_offset_due(due_date=due_date, today=today, offsets=offsets,
                                   calendar=calendar)
        if owed is not None:
            due[deadline_id] = owed[0]
    return due


def emailed(deadline_ids: list[int]) -> int:
    from deadlines.models import Reminder

    return Reminder.objects.filter(deadline_id__in=deadline_ids,
                                   emailed_at__isnull=False).count()
