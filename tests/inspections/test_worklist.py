"""The home page's "What needs you now", for each role, soonest first, in constant queries."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from deadlines.models import Notification
from inspections import services
from inspections.models import State, TeamRole
from reports import services as letters
from reports.models import LetterState, OutcomeLetter
from tests.conftest import FROZEN_TODAY
from tests.factories import UserFactory
from tests.inspections.conftest import at

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))


def _home(client, user) -> str:
    client.force_login(user)
    return text(client.get(reverse("home")))


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def _monday(weeks: int) -> D:
    return FROZEN_TODAY - datetime.timedelta(days=FROZEN_TODAY.weekday()) + \
        datetime.timedelta(weeks=weeks)


@pytest.fixture
def upcoming(make_inspection, assign, lead_inspector):
    """make(weeks=…, area=…): an inspection on site that many weeks on, led by the lead."""
    def make(weeks: int = 3, area=None, lead=True):
        start = _monday(weeks)
        made = make_inspection(start=start, end=start + datetime.timedelta(days=4),
                               local_area=area)
        if lead:
            assign(made, lead_inspector, TeamRole.LEAD)
        return made
    return make


def test_deferral_requests_wait_for_each_inspectorates_own_decision(
        client, upcoming, ofsted_admin, cqc_decision_maker, lead_inspector):
    inspection = upcoming()
    request = services.deferral_request(inspection=inspection, by=lead_inspector,
                                        requested_on=FROZEN_TODAY, reasons="A local crisis")
    assert "Deferral requests to decide" in _home(client, ofsted_admin)
    assert f"Medway: {inspection.reference}" in _home(client, ofsted_admin)
    assert "waiting for Ofsted's decision" in _home(client, ofsted_admin)
    services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                             decision="accepted", new_onsite_start=_monday(8),
                             new_onsite_end=_monday(8) + datetime.timedelta(days=4))
    assert "No deferral request is waiting for your inspectorate's decision." in _home(
        client, ofsted_admin)
    page = _home(client, cqc_decision_maker)
    assert "waiting for CQC's decision" in page and inspection.reference in page


def test_a_deferral_request_notifies_the_admins_and_the_lead_not_whoever_recorded_it(
        upcoming, ofsted_admin, lead_inspector, lano, notify):
    inspection = upcoming()
    notify(inspection, when=at(FROZEN_TODAY))  # short notice, but a call cannot be future
    services.deferral_request(inspection=inspection, by=lano, requested_on=FROZEN_TODAY,
                              reasons="The DCS is on leave")
    told = Notification.objects.filter(inspection=inspection)
    assert set(told.values_list("user__username", flat=True)) == {
        ofsted_admin.username, lead_inspector.username}
    assert all("on leave" not in n.body and n.subject.startswith("Deferral requested")
               for n in told)

    lead_request = upcoming(weeks=5)
    services.deferral_request(inspection=lead_request, by=lead_inspector,
                              requested_on=FROZEN_TODAY, reasons="x")
    assert set(Notification.objects.filter(inspection=lead_request)
               .values_list("user__username", flat=True)) == {ofsted_admin.username}


def test_admins_see_clocks_overdue_or_due_within_five_working_days(client, upcoming,
                                                                   ofsted_admin):
    soon = upcoming(weeks=1)      # notification due 5 working days before: this week
    later = upcoming(weeks=8)     # notification due weeks away
    page = _home(client, ofsted_admin)
    assert "Clocks overdue or due soon" in page
    assert soon.reference in page.split("Inspections without a complete team")[0]
    assert later.reference not in page.split("Inspections without a complete team")[0]


def test_admins_see_inspections_without_a_complete_team(client, upcoming, assign,
                                                        ofsted_admin, team_inspector):
    bare = upcoming(weeks=4)
    page = _home(client, ofsted_admin)
    part = page.split("Inspections without a complete team")[1]
    assert bare.reference in part
    assert "The team has no HMI or Ofsted Inspector, no CQC inspector" in part
    assign(bare, team_inspector, TeamRole.HMI)
    cqc = UserFactory(username="cqc.person", role=roles.INSPECTOR, inspectorate="cqc")
    assign(bare, cqc, TeamRole.CQC)
    assert bare.reference not in _home(client, ofsted_admin).split(
        "Inspections without a complete team")[1]


def test_quality_assurance_sees_drafts_waiting(client, walk, inspection, quality_assurance,
                                               lead_inspector):
    assert "No draft letter is waiting for quality assurance." in _home(client,
                                                                        quality_assurance)
    walk(LetterState.QUALITY_ASSURANCE)
    page = _home(client, quality_assurance)
    assert "Drafts waiting for quality assurance" in page
    assert f"Medway: {inspection.reference} Final report due 22 January 2018" in page
    assert "The draft letter is waiting for Ofsted and CQC to approve it" in page


def test_quality_assurance_sees_whose_approval_a_draft_waits_for(
        client, walk, inspection, quality_assurance, cqc_decision_maker):
    walk(LetterState.QUALITY_ASSURANCE)
    draft = OutcomeLetter.objects.get(inspection=inspection)
    letters.letter_approve_draft(letter=draft, by=cqc_decision_maker, inspectorate="cqc")
    assert "The draft letter is waiting for Ofsted to approve it" in _home(
        client, quality_assurance)
    letters.letter_approve_draft(letter=draft, by=quality_assurance, inspectorate="ofsted")
    assert "Approved by Ofsted and CQC: the draft can be sent to the local area" in _home(
        client, cqc_decision_maker)


def test_the_lead_sees_each_inspections_next_step_and_clock(client, walk, inspection,
                                                            lead_inspector, team_inspector):
    page = _home(client, lead_inspector)
    assert "Your inspections as lead inspector" in page
    assert "Next: Record the notification. Clock: Notify the local area" in page
    assert "Overdue" in page  # the Medway clocks of 2017 are long past
    walk(State.ON_SITE)
    assert "Next: Record that feedback was given" in _home(client, lead_inspector)
    # Someone on the team who is not its lead is not asked for the lead's steps.
    assert "Your inspections as lead inspector" in _home(client, team_inspector)
    assert inspection.reference not in _home(client, team_inspector).split(
        "Your inspections as lead inspector")[1].split("What you can do")[0]


def test_the_area_sees_the_dates_it_must_meet_and_no_other_areas(
        client, walk, inspection, lano, other_lano):
    assert "Nothing is due from your area now." in _home(client, lano)
    walk(LetterState.DRAFT_WITH_LOCAL_AREA)
    page = _home(client, lano)
    assert "Dates your area must meet" in page
    assert "Overdue Was due 24 January 2018" in page
    assert inspection.reference not in _home(client, other_lano)


@pytest.mark.parametrize("persona", ["ofsted_admin", "quality_assurance", "lead_inspector",
                                     "lano"])
def test_each_home_page_reads_a_constant_number_of_queries(
        client, request, persona, upcoming, walk_to, lead_inspector):
    """Each list with one entry of each kind, then four."""
    user = request.getfixturevalue(persona)

    made = []

    def more(n):
        # Each inspection a past one (its letter under way) and an upcoming one (deferral
        # asked), so every part of every list grows.
        for _ in range(n):
            made.append(None)
            past = upcoming(weeks=-10 * len(made))
            walk_to(past, LetterState.DRAFT_WITH_LOCAL_AREA if persona == "lano"
                    else LetterState.QUALITY_ASSURANCE)
            future = upcoming(weeks=2 * len(made))
            services.deferral_request(inspection=future, by=lead_inspector,
                                      requested_on=FROZEN_TODAY, reasons="x")

    more(1)
    few = _queries(client, user)
    more(3)
    assert _queries(client, user) == few


def test_a_deferral_request_is_emailed_once_to_each_person_told_after_it_is_saved(
        upcoming, ofsted_admin, lead_inspector, lano, notify, mailoutbox,
        django_capture_on_commit_callbacks):
    from deadlines.sweep import notification_deliver

    inspection = upcoming()
    notify(inspection, when=at(FROZEN_TODAY))
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        services.deferral_request(inspection=inspection, by=lano, requested_on=FROZEN_TODAY,
                                  reasons="The DCS is on leave")
        assert mailoutbox == []  # nothing leaves before the request is committed
    for callback in waiting:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [ofsted_admin.email, lead_inspector.email])
    link = f"/inspections/{inspection.pk}/"
    assert all(m.subject == f"Deferral requested: {inspection}" and link in m.body
               and "on leave" not in m.body for m in mailoutbox)
    told = Notification.objects.filter(inspection=inspection)
    assert all(n.emailed_at is not None for n in told)
    # Delivered again (a retried task, a second worker): nothing more is sent.
    assert [notification_deliver(notification_id=n.pk) for n in told] == [0, 0]
    assert len(mailoutbox) == 2


def test_an_undelivered_deferral_email_is_sent_by_the_next_sweep(
        upcoming, ofsted_admin, lead_inspector, lano, notify, mailoutbox,
        django_capture_on_commit_callbacks):
    import time_machine

    from deadlines.sweep import deadlines_sweep
    from tests.conftest import midday_in_england

    inspection = upcoming()
    notify(inspection, when=at(FROZEN_TODAY))
    # The request is saved but its emails never leave (the broker was down, say).
    with django_capture_on_commit_callbacks(execute=False):
        services.deferral_request(inspection=inspection, by=lano, requested_on=FROZEN_TODAY,
                                  reasons="The DCS is on leave")
    assert mailoutbox == []
    an_hour_on = midday_in_england(FROZEN_TODAY) + datetime.timedelta(hours=1)
    with time_machine.travel(an_hour_on, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(today=FROZEN_TODAY)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [ofsted_admin.email, lead_inspector.email])
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(today=FROZEN_TODAY)
    assert len(mailoutbox) == 2
