"""Personas, one per role, as the handbook names them; the two demo areas; a frozen today."""

import datetime
from collections.abc import Iterator

import pytest
import time_machine

from accounts import roles
from config import clock
from local_areas.models import LocalArea
from tests.factories import TEST_PASSWORD, UserFactory

# The day that tests which depend on "today" run on, whatever the real date: Wednesday
# 12 June 2024, a working day with no bank holiday within two working weeks either side.
FROZEN_TODAY = datetime.date(2024, 6, 12)


def midday_in_england(day: datetime.date) -> datetime.datetime:
    """Noon in England on that day, as a UTC moment: far from midnight in either zone."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=clock.ENGLAND).astimezone(
        datetime.UTC)


@pytest.fixture
def frozen_today() -> Iterator[datetime.date]:
    """The clock stands still at noon in England on FROZEN_TODAY for the test; gives the date.

    time-machine patches the clock of the whole process, so services, views and model
    defaults all see the same moment. Ask for it first, so that the other fixtures are made
    on that day too.
    """
    with time_machine.travel(midday_in_england(FROZEN_TODAY), tick=False):
        yield FROZEN_TODAY


@pytest.fixture
def medway(db) -> LocalArea:
    return LocalArea.objects.get(ons_code="E06000035")


@pytest.fixture
def barnet(db) -> LocalArea:
    return LocalArea.objects.get(ons_code="E09000003")


@pytest.fixture
def ofsted_admin(db):
    return UserFactory(username="alice.admin", role=roles.OFSTED_ADMIN)


@pytest.fixture
def lead_inspector(db):
    return UserFactory(username="harriet.hmi", role=roles.INSPECTOR)


@pytest.fixture
def team_inspector(db):
    return UserFactory(username="olu.inspector", role=roles.INSPECTOR)


@pytest.fixture
def quality_assurance(db):
    return UserFactory(username="quinn.qa", role=roles.QUALITY_ASSURANCE)


@pytest.fixture
def dfe_adviser(db):
    return UserFactory(username="dee.dfe", role=roles.DFE_ADVISER)


@pytest.fixture
def lano(medway):
    return UserFactory(username="lana.lano", role=roles.LOCAL_AREA_OFFICER, local_area=medway)


@pytest.fixture
def local_area_leader(medway):
    return UserFactory(username="lee.leader", role=roles.LOCAL_AREA_LEADER, local_area=medway)


@pytest.fixture
def other_lano(barnet):
    return UserFactory(username="otto.lano", role=roles.LOCAL_AREA_OFFICER, local_area=barnet)


@pytest.fixture
def outsider(db):
    """Signed in, but holding no role."""
    from accounts.models import User

    user = User.objects.create(username="charlie.outsider")
    user.set_password(TEST_PASSWORD)
    user.save()
    return user


@pytest.fixture
def personas(ofsted_admin, lead_inspector, quality_assurance, dfe_adviser, lano,
             local_area_leader, other_lano, outsider) -> dict:
    return {
        "ofsted_admin": ofsted_admin,
        "lead_inspector": lead_inspector,
        "quality_assurance": quality_assurance,
        "dfe_adviser": dfe_adviser,
        "lano": lano,
        "local_area_leader": local_area_leader,
        "other_lano": other_lano,
        "outsider": outsider,
    }
