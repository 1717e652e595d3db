"""The statutory-clock sweep reminds the principal authority's users, the lead inspector and
Ofsted admins of a statement's clocks, and escalates a late submission to the admins."""

import datetime

import pytest
from django.core import mail

from deadlines.models import Notification
from deadlines.sweep import deadlines_sweep
from wsoa import services

pytestmark = pytest.mark.django_db
D = datetime.date


def _sweep(callbacks, today):
    with callbacks(execute=True):
        return deadlines_sweep(today=today)


def _told(subject_start=""):
    return sorted(Notification.objects.filter(subject__startswith=subject_start)
                  .values_list("user__username", flat=True))


@pytest.fixture
def drafting(issued, lano):
    # Received on 31 January 2018: the statement is due on Monday 14 May 2018.
    return services.wsoa_record_receipt(wsoa=issued, by=lano, received_on=D(2018, 1, 31))


def test_the_principal_authority_the_lead_and_admins_are_reminded(
        drafting, lano, local_area_leader, other_lano, lead_inspector, ofsted_admin,
        dfe_adviser, django_capture_on_commit_callbacks):
    # Five working days before it is due.
    _sweep(django_capture_on_commit_callbacks, D(2018, 5, 7))
    reminded = _told("Submit the written statement of action")
    assert reminded == sorted([lano.username, local_area_leader.username,
                               lead_inspector.username, ofsted_admin.username])
    assert other_lano.username not in reminded and dfe_adviser.username not in reminded
    body = Notification.objects.filter(user=lano).first().body
    assert "Written statement of action for Medway" in body
    assert "Monday 14 May 2018, in 5 working days" in body
    assert "escalated" not in body


def test_a_late_submission_is_escalated_to_admins(
        drafting, lano, ofsted_admin, lead_inspector, django_capture_on_commit_callbacks):
    # The first working day after 14 May 2018.
    result = _sweep(django_capture_on_commit_callbacks, D(2018, 5, 15))
    assert result.missed >= 1
    late = Notification.objects.filter(subject__startswith="Late, escalated: Submit the "
                                                           "written statement of action")
    assert sorted(late.values_list("user__username", flat=True)) == sorted(
        [lano.username, lead_inspector.username, ofsted_admin.username])
    assert "It is late, so it is escalated to Ofsted admins." in late.first().body
    assert {m.to[0] for m in mail.outbox} >= {ofsted_admin.email, lano.email}
