"""The one clock: what "now" and "today" mean, and that nothing else reads the time."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine

from config import clock

ROOT = Path(__file__).resolve().parents[1]
UTC = datetime.UTC

# Ways of reading the current time other than through config.clock. (`default=timezone.now`
# on model fields names the function without calling it, and is allowed: see config.clock.)
READS_THE_TIME = re.compile(
    r"timezone\.(now|localdate|localtime)\(\)"
    r"|\bdate\.today\(\)"
    r"|\bdatetime\.(now|utcnow|today)\("
    r"|\btime\.time(_ns)?\(\)"
)
NOT_PROJECT_CODE = {".venv", "node_modules", "tests", "migrations", "var", "static"}


@pytest.mark.parametrize("moment,today", [
    # 23:30 UTC in summer is already the next day in England (BST, UTC+1)...
    (datetime.datetime(2024, 6, 11, 23, 30, tzinfo=UTC), datetime.date(2024, 6, 12)),
    # ...and in winter (GMT) it is still the same day.
    (datetime.datetime(2024, 12, 11, 23, 30, tzinfo=UTC), datetime.date(2024, 12, 11)),
])
def test_today_is_the_date_in_england_at_that_moment(moment, today):
    with time_machine.travel(moment, tick=False):
        assert clock.now() == moment
        assert clock.now().tzinfo is not None
        assert clock.today() == today


def test_frozen_today_stands_still_at_noon_in_england(frozen_today):
    assert clock.today() == frozen_today
    assert clock.now().astimezone(clock.ENGLAND).time() == datetime.time(12)
    assert clock.now() == clock.now()


def _project_sources() -> list[Path]:
    return [path for path in ROOT.rglob("*.py")
            if not NOT_PROJECT_CODE.intersection(path.relative_to(ROOT).parts)]


def test_nothing_but_the_clock_reads_the_current_time():
    sources = _project_sources()
    assert ROOT / "deadlines" / "services.py" in sources  # the scan reaches the apps
    readers = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
               for path in sources if path != ROOT / "config" / "clock.py"
               for number, line in enumerate(path.read_text().splitlines(), start=1)
               if READS_THE_TIME.search(line)]
    assert readers == [], "read the time through config.clock instead"
