"""Inspections built through the services, as the lifecycle would build them."""

import datetime

import pytest
from django.utils import timezone

from inspections import services
from inspections.demo import MEDWAY_2017_DATES
from inspections.models import Inspection, TeamRole

D = datetime.date
# Medway's inspection: on site Monday 4 to Friday 8 December 2017.
MEDWAY_START, MEDWAY_END = D(2017, 12, 4), D(2017, 12, 8)
# Its history after feedback, as the letter and the council report give it, then closed on
# 1 March 2018: the dates for walk_to().
MEDWAY_HISTORY = {**MEDWAY_2017_DATES, "closed_on": D(2018, 3, 1)}
# The notification call as the tests' notify() makes it.
MEDWAY_CALL = {"person_called": "Ian Sutherland",
               "person_called_role": "Director of children's services", "lano": None}


def at(day: datetime.date, hour: int = 9, minute: int = 30) -> datetime.datetime:
    """A moment on that day, UK time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def make_inspection(ofsted_admin, medway):
    """make_inspection(local_area=..., framework=..., start=..., end=...) in planning; a
    2016 re-visit names what it follows, revisit_of=...; acknowledged=... are the codes of
    the scheduling warnings acknowledged."""

    def make(*, local_area=None, framework="2016", start=MEDWAY_START, end=MEDWAY_END,
             reference="", revisit_of=None, acknowledged=()):
        return services.inspection_create(by=ofsted_admin, local_area=local_area or medway,
                                          framework=framework, onsite_start=start,
                                          onsite_end=end, reference=reference,
                                          revisit_of=revisit_of, acknowledged=acknowledged)

    return make


@pytest.fixture
def assign(ofsted_admin):
    """assign(inspection, user, role): declare no connection, then add to the team."""

    def add(inspection: Inspection, user, role: str = TeamRole.HMI):
        services.conflict_declare(inspection=inspection, inspector=user, by=user,
                                  has_connection=False)
        return services.team_member_add(inspection=inspection, by=ofsted_admin, user=user,
                                        role=role)

    return add


@pytest.fixture
def inspection(make_inspection, assign, lead_inspector, team_inspector):
    """Medway, December 2017, in planning, with a lead and a team inspector."""
    made = make_inspection()
    assign(made, lead_inspector, TeamRole.LEAD)
    assign(made, team_inspector, TeamRole.HMI)
    return made


@pytest.fixture
def notify(ofsted_admin):
    """notify(inspection): the 9:30am call five working days before on-site work; under
    the 2023 framework, on the inspection's first day, the Monday of week 1."""

    def call(inspection: Inspection, *, lano=None, when=None):
        from deadlines.selectors import calendar_current

        day = inspection.onsite_start if inspection.is_2023 else \
            calendar_current().add_working_days(inspection.onsite_start, -5)
        return services.inspection_notify(
            inspection=inspection, by=ofsted_admin, called_at=when or at(day),
            person_called="Ian Sutherland", person_called_role="Director of children's services",
            lano=lano)

    return call


@pytest.fixture
def walk(walk_to, inspection):
    """walk(state): the Medway inspection taken along its real history to `state`."""
    return lambda state: walk_to(inspection, state, call=MEDWAY_CALL, **MEDWAY_HISTORY)
