"""The processes a benchmark starts (gunicorn, Redis, a Celery worker) and what it reads of
them: readiness, and each process's peak memory.

Each process runs in a group of its own, logging to a file, and is stopped with its children
when the benchmark ends, whatever happens.
"""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
# The TLS-terminating proxy's header: with it the service answers as it does in production,
# rather than redirecting every request to https.
BEHIND_PROXY = {"X-Forwarded-Proto": "https"}
# A CSRF secret of the length Django makes (32 characters), sent as both cookie and token by
# form posts; each process makes its own.
CSRF_SECRET = secrets.token_hex(16)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(*, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment the service runs with in production: DEBUG off, a secret made for
    this run, the benchmark's database and Redis, and email written to the log."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DJANGO_") and k not in {"DEBUG", "SECRET_KEY"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # Real messages, rendered and written out, but to no mail server.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "WARNING",
    })
    env.update(extra)
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM the group (gunicorn and Celery finish what they hold), then SIGKILL."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait()

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        give_up = time.monotonic() + timeout
        while text not in self.log_text():
            if not self.alive() or time.monotonic() > give_up:
                raise RuntimeError(f"{self.name} did not log {text!r}:\n{self.log_text()[-3000:]}")
            time.sleep(0.2)


def start(name: str, command: list[str], *, env: dict[str, str], log_dir: Path) -> Process:
    log = log_dir / f"{name}.log"
    handle = log.open("wb")
    popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle,
                             stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()
    return Process(name=name, popen=popen, log=log)


def start_redis(*, log_dir: Path) -> tuple[Process, str]:
    """A Redis of the benchmark's own, keeping nothing on disk."""
    port = free_port()
    process = start("redis", ["redis-server", "--port", str(port), "--bind", HOST,
                              "--save", "", "--appendonly", "no", "--dir", str(log_dir)],
                    env=dict(os.environ), log_dir=log_dir)
    process.wait_for_log("Ready to accept connections", timeout=20)
    return process, f"redis://{HOST}:{port}/0"


def start_gunicorn(*, env: dict[str, str], log_dir: Path, workers: int = 2) -> tuple[Process, int]:
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": str(workers)}
    process = start("gunicorn", [str(BIN / "gunicorn"), "--config", "python:config.gunicorn",
                                 "config.wsgi"], env=env, log_dir=log_dir)
    wait_until_serving(process, port=port)
    return process, port


def start_celery_worker(*, env: dict[str, str], log_dir: Path, concurrency: int = 2) -> Process:
    """A worker as Procfile.dev and production start it."""
    process = start("celery-worker", [str(BIN / "celery"), "-A", "config", "worker",
                                      "--loglevel=INFO", f"--concurrency={concurrency}"],
                    env=env, log_dir=log_dir)
    process.wait_for_log(" ready.", timeout=60)
    return process


def get(port: int, path: str, *, headers: dict[str, str] | None = None,
        timeout: float = 30) -> tuple[int, str]:
    return request(port, "GET", path, headers=headers, timeout=timeout)


def request(port: int, method: str, path: str, *, headers: dict[str, str] | None = None,
            body: str | None = None, timeout: float = 30) -> tuple[int, str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body,
                           headers={**BEHIND_PROXY, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def post_headers(*, port: int, cookie: str) -> dict[str, str]:
    """What a form post from the service's own page carries: its CSRF cookie and token, and
    its origin (the service sees HTTPS behind its proxy)."""
    return {"Cookie": f"{cookie}; csrftoken={CSRF_SECRET}", "X-CSRFToken": CSRF_SECRET,
            "Origin": f"https://{HOST}:{port}",
            "Content-Type": "application/x-www-form-urlencoded"}


def wait_until_serving(process: Process, *, port: int, timeout: float = 60) -> None:
    give_up = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError):
            if get(port, "/accessibility/", timeout=5)[0] == 200:
                return
        if not process.alive() or time.monotonic() > give_up:
            raise RuntimeError(f"gunicorn did not start serving:\n{process.log_text()[-3000:]}")
        time.sleep(0.3)


# Memory ---------------------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    """The direct children of a process (gunicorn's workers, a Celery worker's pool)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # Field 4 of stat, after the parenthesised name (which may hold spaces).
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return sorted(found)


def peak_memory_kib(pid: int) -> int:
    """The process's resident set high-water mark (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def mib(kib: int) -> float:
    return kib / 1024
