"""What the figures were measured on: the machine, the database server, the code, the data."""

import os
import subprocess
from pathlib import Path

from django.db import connection

from scripts.bench.processes import ROOT


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024 / 1e9
    return 0.0


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: work on the machine besides the benchmark's own
    shows here (the floor is measured to see past it)."""
    return ", ".join(Path("/proc/loadavg").read_text().split()[:3])


def postgresql_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    head = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return f"{head} (with uncommitted changes)" if git("status", "--porcelain") else head


def data_counts() -> dict[str, int]:
    from accounts.models import User
    from audit.models import AuditEvent
    from deadlines.models import Deadline, Notification
    from inspections.models import Inspection

    return {"inspections": Inspection.objects.count(), "deadlines": Deadline.objects.count(),
            "audit events": AuditEvent.objects.count(), "users": User.objects.count(),
            "notifications": Notification.objects.count()}


def facts() -> list[str]:
    counts = ", ".join(f"{name} {n:,}" for name, n in data_counts().items())
    return [f"Machine: {cpu_model()}, {os.cpu_count()} cores, {memory_gb():.1f} GB RAM",
            f"Load average before the run (1, 5, 15 min): {load_average()}",
            f"PostgreSQL {postgresql_version()}", f"Commit {commit()}", f"Data: {counts}"]
