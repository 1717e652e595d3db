"""Reminders reach only people who may see the case."""

import datetime

import pytest

from deadlines import services as clocks
from deadlines.models import Deadline
from deadlines.selectors import WITH_CASE
from inspections import services
from policy.deadlines import reminder_recipients
from tests.factories import inspection_without_clocks

D = datetime.date
pytestmark = pytest.mark.django_db


def _told(deadline) -> set[str]:
    deadline = Deadline.objects.select_related(*WITH_CASE).get(pk=deadline.pk)
    return {user.username for user in reminder_recipients(deadlines=[deadline])[deadline.pk]}


def test_an_area_is_not_told_of_a_clock_on_an_inspection_it_has_not_been_told_of(
        medway, ofsted_admin, lano, local_area_leader, other_lano):
    unannounced = inspection_without_clocks(local_area=medway, by=ofsted_admin,
                                            notified=False)
    clock = clocks.deadline_start(rule_code="factual_accuracy", inspection=unannounced,
                                  start_date=D(2017, 11, 20), by=None)
    assert _told(clock) == set()  # the rule binds the area alone
    services.inspection_notify(inspection=unannounced, by=ofsted_admin, lano=None,
                               called_at=datetime.datetime(2017, 11, 27, 9, 30,
                                                           tzinfo=datetime.UTC),
                               person_called="The DCS", person_called_role="DCS")
    assert _told(clock) == {lano.username, local_area_leader.username}


def test_inspectorate_clocks_reach_admins_and_the_lead_only(medway, ofsted_admin, assign,
                                                            lead_inspector, team_inspector,
                                                            lano, dfe_adviser):
    case = inspection_without_clocks(local_area=medway, by=ofsted_admin)
    assign(case, lead_inspector, "lead")
    assign(case, team_inspector, "hmi")
    clock = clocks.deadline_start(rule_code="final_report", inspection=case,
                                  start_date=D(2017, 12, 8), by=None)
    assert _told(clock) == {ofsted_admin.username, lead_inspector.username}


def test_the_dfe_is_told_of_the_progress_review_it_watches(medway, ofsted_admin, dfe_adviser):
    case = inspection_without_clocks(local_area=medway, by=ofsted_admin)
    progress = clocks.deadline_start(rule_code="dfe_progress_review", inspection=case,
                                     start_date=D(2018, 2, 8), by=None)
    assert dfe_adviser.username in _told(progress)
