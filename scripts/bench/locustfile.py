"""The simulated people, for locust (started by scripts/bench/run.py, not by hand).

BENCH_PLAN names a JSON file: {"pages": [{"name", "path", "persona", "expect"}], "sessions":
{persona: [session keys]}, "csv_path": "..."}. Each simulated person has sessions of their own
and asks for every page in turn, starting at a different place in the list, so at any moment
the mix is even. A page counts as answered with status 200 and its "expect" in the body.
One of them instead downloads the CSV export again and again (an export holds a web worker
for its whole length: more than one at a time is not what the service sees).
Every sample is written to BENCH_SAMPLES as JSON when locust stops.
"""

import itertools
import json
import os
import sys
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bench import downloads  # noqa: E402
from scripts.bench.processes import BEHIND_PROXY, post_headers  # noqa: E402

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
PAGES = PLAN["pages"]
SAMPLES: list[list] = []
_slots = itertools.count()
SIGNED_IN = "Sign out"  # in the header of every page a signed-in person sees
SAVED = '"saved": true'  # in the answer of an autosave that kept the draft


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append([name, response_time, exception is None, time.perf_counter()])


@events.quitting.add_listener
def _write(**kwargs):
    Path(os.environ["BENCH_SAMPLES"]).write_text(json.dumps(SAMPLES))


class SignedIn(HttpUser):
    abstract = True

    def on_start(self):
        self.slot = next(_slots)
        # Each simulated person types into a form of their own: their own draft row.
        self.form_key = str(uuid.uuid4())

    def cookie(self, persona: str) -> str:
        keys = PLAN["sessions"][persona]
        return f"sessionid={keys[self.slot % len(keys)]}"

    def page(self, page: dict) -> None:
        if page.get("method") == "POST":
            self.post(page)
            return
        # The cookie is given on every request: the service's own (Secure, as in production)
        # would not be sent back over plain HTTP.
        with self.client.get(page["path"], name=page["name"], allow_redirects=False,
                             headers={**BEHIND_PROXY, "Cookie": self.cookie(page["persona"])},
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif page.get("expect", SIGNED_IN) not in response.text:
                response.failure("not signed in" if page.get("expect", SIGNED_IN) == SIGNED_IN
                                 else f"no {page['expect']!r}")


    def post(self, page: dict) -> None:
        port = int(self.host.rsplit(":", 1)[1])
        headers = {**BEHIND_PROXY, **post_headers(port=port, cookie=self.cookie(page["persona"]))}
        with self.client.post(page["path"], name=page["name"], allow_redirects=False,
                              data=f"{page['body']}&form_key={self.form_key}", headers=headers,
                              catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif SAVED not in response.text:
                response.failure("not saved")


class PageUser(SignedIn):
    wait_time = between(1, 2)

    def on_start(self):
        super().on_start()
        self.turn = itertools.cycle(PAGES[self.slot % len(PAGES):] + PAGES[:self.slot % len(PAGES)])

    @task
    def next_page(self):
        self.page(next(self.turn))


class CsvUser(SignedIn):
    wait_time = between(1, 2)
    fixed_count = 1

    @task
    def export(self):
        got = downloads.download(port=int(self.host.rsplit(":", 1)[1]), path=PLAN["csv_path"],
                                 cookie=self.cookie("admin"))
        failure = None if got.status == 200 else RuntimeError(f"status {got.status}")
        for what, seconds in (("first byte", got.first_byte_s), ("total", got.total_s)):
            events.request.fire(request_type="GET", name=f"CSV export, {what} (concurrent)",
                                response_time=seconds * 1000, response_length=got.size,
                                exception=failure, context={})


class SaturationUser(SignedIn):
    """No pause between requests: how many dashboards a second the service can give."""

    wait_time = constant(0)

    @task
    def dashboard(self):
        self.page(next(p for p in PAGES if p["name"] == "deadlines dashboard"))
