import datetime

import pytest

from deadlines import services


@pytest.fixture
def start_clock(medway):
    """Start a clock of a rule on a case (the area stands in for the case until inspections
    exist): start_clock("wsoa_submission", date(...))."""

    def start(rule_code: str, start_date: datetime.date, *, subject=None, local_area=None,
              label: str = "Medway case"):
        area = local_area or medway
        return services.deadline_start(rule_code=rule_code, subject=subject or area,
                                       local_area=area, start_date=start_date,
                                       case_label=label, by=None)

    return start
