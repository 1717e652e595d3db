"""`make bench`: the speed of the service's pages against gunicorn and PostgreSQL. A script
that reports figures, not a test.

    DATABASE_URL=postgres://… [BENCH_SECONDS=180] [REDIS_URL=redis://…] \
        .venv/bin/python scripts/bench/run.py

Against the data in DATABASE_URL (fill it with `make bench-data`) it serves the service with
gunicorn as production does (2 workers, DEBUG off, a secret made for the run), signs in an
Ofsted admin, a lead inspector and a LANO by writing sessions with a second factor straight
into the database, and has locust play 20 signed-in people for BENCH_SECONDS: 19 ask for every
page in turn (wait 1–2 s), one downloads the CSV export again and again. One run, not one per
group of pages: the floor page is measured beside the others under the same load, and the
samples per page are the same either way (about 110 each in 180 s). Then, on a quiet server:
a few CSV downloads one after another, the dashboard's saturation throughput, the web workers'
peak memory; and scripts/benchmark_deadlines.py for the deadline sweep and a Celery worker's
peak memory. Prints one report and writes it into docs/benchmarks.md.

Nothing else heavy should run on the machine meanwhile: the figures would measure it too.
"""

import json
import os
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.bench import processes, report  # noqa: E402

USERS = 20
SESSIONS_PER_PERSONA = USERS
SATURATION_USERS = 10
SEQUENTIAL_DOWNLOADS = 3
DOCUMENT = ROOT / "docs" / "benchmarks.md"


@dataclass
class Settings:
    database_url: str
    seconds: int
    saturation_seconds: int
    redis_url: str = ""


def settings_from_env() -> Settings:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("make bench needs DATABASE_URL naming the PostgreSQL database to measure "
                 "(postgres://user@host:port/name), filled by `make bench-data`")
    seconds = os.environ.get("BENCH_SECONDS", "180")
    if not seconds.isdigit() or int(seconds) < 60:
        sys.exit(f"BENCH_SECONDS must be a whole number of seconds, 60 or more (got {seconds!r})")
    return Settings(database_url=database_url, seconds=int(seconds),
                    saturation_seconds=int(os.environ.get("BENCH_SATURATION_SECONDS", "30")),
                    redis_url=os.environ.get("REDIS_URL", ""))


@dataclass
class Results:
    lines: list[str] = field(default_factory=list)  # the report, in order
    notes: list[str] = field(default_factory=list)


def say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def collect_static(env: dict[str, str]) -> None:
    """The production static files storage needs its manifest."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                   cwd=ROOT, env=env, check=True)


def check_pages(port: int, plan: list[dict], sessions) -> None:
    """Every page answers 200, signed in, before any is timed."""
    for page in plan:
        cookie = f"sessionid={sessions.keys[page['persona']][0]}"
        if page["method"] == "POST":
            status, html = processes.request(
                port, "POST", page["path"], headers=processes.post_headers(port=port,
                                                                          cookie=cookie),
                body=f"{page['body']}&form_key={uuid.uuid4()}")
            if status != 200 or '"saved": true' not in html:
                raise SystemExit(f"{page['name']} ({page['path']}) answered {status}: "
                                 f"{html[:200]}: not measured")
            continue
        status, html = processes.get(port, page["path"], headers={"Cookie": cookie})
        if status != 200 or page["expect"] not in html:
            raise SystemExit(f"{page['name']} ({page['path']}) answered {status}"
                             f"{'' if status != 200 else ', without ' + repr(page['expect'])}"
                             ": not measured")


def locust(*, port: int, plan_file: Path, samples_file: Path, users: int, seconds: int,
           classes: list[str], log_dir: Path) -> list[list]:
    env = {**os.environ, "BENCH_PLAN": str(plan_file), "BENCH_SAMPLES": str(samples_file)}
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL"):
        env.pop(name, None)
    with (log_dir / f"locust-{'-'.join(classes)}.log").open("wb") as log:
        subprocess.run([str(processes.BIN / "locust"), "-f", str(Path(__file__).with_name(
            "locustfile.py")), "--headless", "-u", str(users), "-r", str(users),
            "-t", f"{seconds}s", "--host", f"http://{processes.HOST}:{port}", "--only-summary",
            "--loglevel", "WARNING", *classes], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT, check=False)
    if not samples_file.exists():
        raise SystemExit(f"locust wrote no samples: see {log.name}")
    return json.loads(samples_file.read_text())


def measure_pages(port: int, plan: list[dict], sessions, settings: Settings, log_dir: Path,
                  results: Results) -> None:
    from scripts.bench import machine
    from scripts.bench.pages import FLOOR

    csv_path = "/deadlines/export.csv"
    plan_file = log_dir / "plan.json"
    plan_file.write_text(json.dumps({"pages": plan, "sessions": sessions.keys,
                                     "csv_path": csv_path}))
    say(f"{USERS} users for {settings.seconds} s over {len(plan)} pages and the CSV export")
    samples = locust(port=port, plan_file=plan_file, samples_file=log_dir / "samples.json",
                     users=USERS, seconds=settings.seconds, classes=["PageUser", "CsvUser"],
                     log_dir=log_dir)
    figures = report.page_figures(samples, [page["name"] for page in plan])
    results.lines += ["", report.page_table(figures, floor=FLOOR), ""]
    if few := report.few_samples(figures):
        which = "every page" if len(few) == len(figures) else ", ".join(few)
        results.notes.append(f"Fewer than {report.ENOUGH_SAMPLES} samples (a longer "
                             f"BENCH_SECONDS gives more): {which}")
    floor = next(f for f in figures if f.name == FLOOR)
    if floor.p95 > report.PAGE_P95_MS:
        results.notes.append(f"The floor's own p95 is over {report.PAGE_P95_MS} ms: the "
                             "machine's load, not the pages, sets most of these times; the "
                             "ratios to the floor say what each page adds")
    results.notes.append(f"Load average after the page load: {machine.load_average()}")
    # One after another, the whole national list: every clock, whatever its status.
    measure_csv(port, f"{csv_path}?status=all", sessions, samples, results)
    say(f"saturation: {SATURATION_USERS} users, no wait, {settings.saturation_seconds} s")
    flat_out = locust(port=port, plan_file=plan_file, samples_file=log_dir / "saturation.json",
                      users=SATURATION_USERS, seconds=settings.saturation_seconds,
                      classes=["SaturationUser"], log_dir=log_dir)
    rate, errors = report.throughput(flat_out)
    results.lines.append(f"- Dashboard saturation ({SATURATION_USERS} users, no wait, "
                         f"{settings.saturation_seconds} s): **{rate:.1f} requests/s**, "
                         f"{errors} errors (no target: the service's ceiling on this machine)")


def measure_csv(port: int, path: str, sessions, samples: list[list], results: Results) -> None:
    from scripts.bench import downloads

    cookie = f"sessionid={sessions.keys['admin'][0]}"
    got = [downloads.download(port=port, path=path, cookie=cookie)
           for _ in range(SEQUENTIAL_DOWNLOADS)]
    bad = [g.status for g in got if g.status != 200]
    first, total, rows = max(g.first_byte_s for g in got), max(g.total_s for g in got), got[0].rows
    met = not bad and report.csv_target_met(first_byte_s=first, total_s=total, rows=rows)
    results.lines.append(
        f"- CSV export of every clock, {SEQUENTIAL_DOWNLOADS} downloads one after another "
        "(slowest): "
        f"{rows:,} rows, first byte {first:.2f} s, whole {total:.2f} s"
        f"{f', statuses {bad}' if bad else ''} — target first byte ≤ "
        f"{report.CSV_FIRST_BYTE_S:.0f} s and {report.CSV_ROWS:,} rows ≤ "
        f"{report.CSV_TOTAL_S:.0f} s: {report.yes_no(met)}"
        + ("" if rows >= report.CSV_ROWS else f" (at {rows:,} rows, not {report.CSV_ROWS:,})"))
    inside = report.page_figures(samples, ["CSV export, first byte (concurrent)",
                                           "CSV export, total (concurrent)"])
    results.lines.append(
        "- CSV export under the page load (one downloader among the 20): "
        f"{inside[1].samples} downloads, first byte p50 {inside[0].p50:.0f} ms / p95 "
        f"{inside[0].p95:.0f} ms, whole p50 {inside[1].p50:.0f} ms / p95 {inside[1].p95:.0f} ms, "
        f"{inside[1].errors} errors")


def web_memory(server: processes.Process, results: Results) -> None:
    workers = [processes.peak_memory_kib(pid) for pid in processes.children(server.pid)]
    sizes = [kib * 1024 / 1e6 for kib in workers]
    met = bool(sizes) and max(sizes) <= report.WEB_WORKER_MB
    results.lines.append(
        f"- Web workers' peak memory (VmHWM, after the runs): "
        f"{', '.join(f'{mb:.0f} MB' for mb in sizes)} — target ≤ {report.WEB_WORKER_MB} MB "
        f"each: {report.yes_no(met)}")


def measure_sweep(settings: Settings, redis_url: str, log_dir: Path, results: Results) -> None:
    say("deadline sweep: scripts/benchmark_deadlines.py (100,000 open, 1,000 due)")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DJANGO_") and k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"DATABASE_URL": settings.database_url, "REDIS_URL": redis_url})
    done = subprocess.run([sys.executable, "scripts/benchmark_deadlines.py"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    (log_dir / "benchmark_deadlines.log").write_text(done.stdout + done.stderr)
    sweep = report.parse_sweep(done.stdout, open_count=100_000, due=1_000)
    if sweep is None:
        results.lines.append(f"- Deadline sweep: **not measured** (benchmark_deadlines.py "
                             f"exited {done.returncode}: {done.stderr.strip()[-300:]})")
        return
    results.lines.append(
        f"- Deadline sweep, 100,000 open deadlines of which 1,000 due, emails queued on Redis: "
        f"{sweep.seconds:.2f} s, {sweep.queries} queries — target ≤ {report.SWEEP_S:.0f} s: "
        f"{report.yes_no(sweep.seconds <= report.SWEEP_S)}")
    if all_due := report.parse_sweep(done.stdout, open_count=1_000, due=1_000):
        results.lines.append(f"- Deadline sweep, 1,000 open deadlines all due: "
                             f"{all_due.seconds:.2f} s, {all_due.queries} queries")
    for start, words in (("emails:", "Reminder emails"),
                         ("celery worker peak memory (VmHWM):",
                          "Celery worker's peak memory (VmHWM, after sending them)")):
        if found := report.parse_line(done.stdout, start):
            results.lines.append(f"- {words}: {found} (no target)")


def section(facts: list[str], settings: Settings, results: Results) -> str:
    from config import clock

    head = [f"## Latest run: {clock.now():%Y-%m-%d %H:%M} UTC", "",
            *[f"- {fact}" for fact in facts],
            f"- Load: {USERS} signed-in people for {settings.seconds} s in one locust run "
            f"(19 ask for every page in turn, 1 downloads the CSV export; wait 1–2 s); "
            "gunicorn with 2 workers, DEBUG off. Times in ms; target met: p95 ≤ "
            f"{report.PAGE_P95_MS} ms ({report.AUTOSAVE_P95_MS} ms for the {report.AUTOSAVE_PAGE}) "
            f"and ≤ {report.FLOOR_RATIO}× the floor's p95, no errors."]
    notes = [f"- {note}" for note in results.notes]
    return "\n".join([*head, *results.lines, *(["", "Notes:", "", *notes] if notes else [])])


def write_report(text: str) -> None:
    document = DOCUMENT.read_text() if DOCUMENT.exists() else (
        "# Benchmarks\n\nWritten by `make bench` (README, Benchmark); each run replaces the "
        "section below.\n")
    DOCUMENT.write_text(report.replace_section(document, text))


def main() -> None:
    settings = settings_from_env()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        log_dir = Path(folder)
        started: list[processes.Process] = []
        sessions = None
        try:
            redis_url = settings.redis_url
            if not redis_url:
                redis, redis_url = processes.start_redis(log_dir=log_dir)
                started.append(redis)
            env = processes.production_env(database_url=settings.database_url,
                                           redis_url=redis_url)
            setup_django(env)
            collect_static(env)
            from scripts.bench import personas

            sessions = personas.sessions_make(personas.find_personas(),
                                              per_persona=SESSIONS_PER_PERSONA)
            text = measure(settings, env, redis_url, log_dir, started, sessions)
        finally:
            if sessions is not None:
                sessions.delete()
            for process in reversed(started):
                process.stop()
    print(text)
    write_report(text)
    say(f"written to {DOCUMENT.relative_to(ROOT)}")


def measure(settings: Settings, env, redis_url: str, log_dir: Path, started: list,
            sessions) -> str:
    from scripts.bench import machine, pages
    from scripts.bench.personas import ADMIN

    results = Results()
    facts = machine.facts()
    server, port = processes.start_gunicorn(env=env, log_dir=log_dir)
    started.append(server)
    deep, deep_notes = pages.deep_pages(port=port, cookie=f"sessionid={sessions.keys[ADMIN][0]}")
    plan = [page.as_dict() for page in [*pages.plan(), *deep]]
    check_pages(port, plan, sessions)
    results.notes += deep_notes
    measure_pages(port, plan, sessions, settings, log_dir, results)
    web_memory(server, results)
    server.stop()
    measure_sweep(settings, redis_url, log_dir, results)
    measure_letter_render(results)
    return section(facts, settings, results)


def measure_letter_render(results: Results) -> None:
    """The Medway letter's render time, alone on the machine (after the load runs)."""
    from scripts.bench.letter_render import render_times

    say("outcome letter: the Medway letter rendered to PDF, median of 10")
    times = render_times()
    results.lines.append(
        f"- Outcome letter PDF: the Medway letter ({times.pages} pages) renders in "
        f"{times.medway_s:.3f} s (median of {times.runs}), a one-paragraph document in the "
        f"same template in {times.one_paragraph_s:.3f} s: {times.ratio:.1f}× as long")


if __name__ == "__main__":
    main()
