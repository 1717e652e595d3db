import datetime
import itertools

import pytest

from deadlines import services
from inspections.models import Inspection
from tests.factories import inspection_without_clocks


@pytest.fixture
def make_case(ofsted_admin, medway):
    """make_case(local_area=...): a new inspection with no clocks, in Medway unless told."""
    numbers = itertools.count(1)

    def make(*, local_area=None) -> Inspection:
        area = local_area or medway
        return inspection_without_clocks(local_area=area, by=ofsted_admin,
                                         reference=f"CASE-{area.ons_code}-{next(numbers)}")

    return make


@pytest.fixture
def medway_case(case_of, medway) -> Inspection:
    """Medway's inspection of December 2017, shown as its label below."""
    return case_of(medway)


@pytest.fixture
def barnet_case(case_of, barnet) -> Inspection:
    return case_of(barnet)


MEDWAY_CASE = "Medway 2016 local area SEND inspection, December 2017"
BARNET_CASE = "Barnet 2016 local area SEND inspection, December 2017"


@pytest.fixture
def start_clock(case_of, medway):
    """Start a clock of a rule on a case: start_clock("wsoa_submission", date(...)) on the
    Medway case, or on `case=` an inspection, or on the case of `local_area=`."""

    def start(rule_code: str, start_date: datetime.date, *, case=None, local_area=None):
        return services.deadline_start(rule_code=rule_code,
                                       inspection=case or case_of(local_area or medway),
                                       start_date=start_date, by=None)

    return start
