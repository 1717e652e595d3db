"""Demo clocks on the two demo areas, placed around today so every state shows.

Until inspections exist, each clock's case is the local area itself; the inspection
lifecycle's demo data replaces these with clocks on real demo inspections.
"""

import datetime

from deadlines import services
from deadlines.models import Deadline
from deadlines.selectors import calendar_current
from local_areas.models import LocalArea

# (area code, rule, case label, working days from today to the start event)
DEMO_CLOCKS = [
    ("E06000035", "factual_accuracy", "Medway (demo case)", -12),
    ("E06000035", "wsoa_submission", "Medway (demo case)", -66),
    ("E09000003", "publication", "Barnet (demo case)", -30),
    ("E09000003", "notification", "Barnet (demo case)", 25),
]


def seed_deadlines(*, today: datetime.date) -> None:
    """Start the demo clocks that are not running yet."""
    calendar = calendar_current()
    areas = {a.ons_code: a for a in LocalArea.objects.filter(
        ons_code__in={code for code, *_ in DEMO_CLOCKS})}
    for code, rule, label, offset in DEMO_CLOCKS:
        if Deadline.objects.filter(case_label=label, rule__code=rule).exists():
            continue
        services.deadline_start(rule_code=rule, subject=areas[code], local_area=areas[code],
                                start_date=calendar.add_working_days(today, offset),
                                case_label=label, by=None)
