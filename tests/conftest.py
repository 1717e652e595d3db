"""Personas, one per role, as the handbook names them; the two demo areas; a case in an area
to hang statutory clocks on; and a frozen today."""

import datetime
import time
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import roles
from config import clock
from local_areas.models import LocalArea
from tests.factories import TEST_PASSWORD, UserFactory, inspection_without_clocks

# Client.force_login as Django wrote it: the password skipped, the second factor still owed.
force_login_without_second_factor = Client.force_login


def authenticator_for(user):
    """The user's confirmed authenticator app (a TOTP device), made if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app",
                                               confirmed=True)


def code_from(device) -> str:
    """The code the authenticator app shows now; if this step's code was used already, the
    next step's (accepted as well, one step of drift being allowed)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def _force_login_with_second_factor(self, user, backend=None):
    """force_login skips the password; for those who need a second factor it skips that too,
    as if they had given a code from their authenticator app."""
    from accounts.two_factor import two_factor_needed

    force_login_without_second_factor(self, user, backend)
    if two_factor_needed(user=user):
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch) -> None:
    monkeypatch.setattr(Client, "force_login", _force_login_with_second_factor)


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
def cqc_decision_maker(db):
    """CQC's quality assurance manager: records CQC's side of joint decisions."""
    return UserFactory(username="cora.cqc", role=roles.QUALITY_ASSURANCE, inspectorate="cqc")


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


@pytest.fixture
def case_of(ofsted_admin):
    """case_of(area): the area's one test case, an inspection with no clocks until a test
    starts them; the same inspection however often asked."""
    from inspections.models import Inspection

    def case(area: LocalArea):
        found = Inspection.objects.filter(reference=f"CASE-{area.ons_code}").first()
        return found or inspection_without_clocks(local_area=area, by=ofsted_admin,
                                                  reference=f"CASE-{area.ons_code}")

    return case


@pytest.fixture
def walk_to(ofsted_admin, lead_inspector, quality_assurance, cqc_decision_maker):
    """walk_to(inspection, state, call=None, outcome=None, **dates): the inspection taken
    along the main line to `state` through the services (inspections.walk), by the admin,
    lead inspector and the QA personas of Ofsted and CQC; `dates` override the walk's dates
    by name. Returns the inspection as saved."""
    from inspections.walk import inspection_walk_to

    def walk(inspection, state, *, call=None, outcome=None, **dates):
        return inspection_walk_to(inspection=inspection, state=state, admin=ofsted_admin,
                                  lead=lead_inspector, qa=quality_assurance,
                                  cqc_qa=cqc_decision_maker,
                                  dates=dates, call=call,
                                  outcome=outcome)

    return walk
