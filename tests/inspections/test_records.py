"""The inspection record pages: who may open them, what each records through its service,
refusals shown on the form with the input kept, uploads, and the overview's sections."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import User
from deadlines.selectors import calendar_current, deadline_for_case
from inspections import services
from inspections.models import (
    ConflictDeclaration,
    EngagementMeeting,
    Inspection,
    NotificationCall,
    State,
    TeamMember,
    TeamRole,
)
from inspections.selectors import OVERVIEW_MEETINGS, inspection_get_for_user, latest_meetings
from local_areas.models import AreaContact, ContactRole
from policy import inspections as inspection_policy
from tests import files
from tests.factories import AreaContactFactory, UserFactory
from tests.inspections.conftest import MEDWAY_END, MEDWAY_START, at

D = datetime.date
pytestmark = pytest.mark.django_db

PERSONAS = ["ofsted_admin", "lead_inspector", "team_inspector", "quality_assurance",
            "dfe_adviser", "lano", "local_area_leader", "other_lano", "outsider"]
# Who sees a notified Medway inspection at all: everyone else gets "not found".
SEES_INSPECTION = {"ofsted_admin", "lead_inspector", "team_inspector", "quality_assurance",
                   "lano", "local_area_leader"}
# Who sees the Medway register entry (engagement pages hang off the area, not an inspection).
SEES_MEDWAY = {"ofsted_admin", "lead_inspector", "team_inspector", "quality_assurance",
               "dfe_adviser", "lano", "local_area_leader"}


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _working_days_before(day: datetime.date, n: int) -> datetime.date:
    return calendar_current().add_working_days(day, -n)


def _pdf(name: str = "self-evaluation.pdf") -> SimpleUploadedFile:
    return files.pdf(name)


def _errors(response) -> str:
    """The error summary's text, or '' when there is none."""
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def inspection_2023(make_inspection, assign, lead_inspector, team_inspector):
    """Medway under the 2023 framework, in planning, with a lead and a team inspector."""
    made = make_inspection(framework="2023")
    assign(made, lead_inspector, TeamRole.LEAD)
    assign(made, team_inspector, TeamRole.HMI)
    return made


@pytest.fixture
def scene(inspection_2023, notify, ofsted_admin):
    """A notified inspection with one of everything the pages act on, and their addresses."""
    inspection = inspection_2023
    connected = UserFactory(username="conn.nected")
    declaration = services.conflict_declare(inspection=inspection, inspector=connected,
                                            by=ofsted_admin, has_connection=True,
                                            details="Was a governor at a Medway school")
    notify(inspection)
    deferral = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                         requested_on=D(2017, 12, 4), reasons="Ofsted week")
    concern = services.concern_record(inspection=inspection, by=ofsted_admin, kind="concern",
                                      raised_on=D(2017, 11, 28), raised_by="A parent",
                                      details="Could not get a meeting")
    # An engagement meeting already recorded, which another on the same day repeats.
    services.engagement_meeting_record(local_area=inspection.local_area, by=ofsted_admin,
                                       held_on=D(2024, 3, 1))
    member = TeamMember.objects.get(inspection=inspection, role=TeamRole.HMI)
    inspection.refresh_from_db()
    pk, area = inspection.pk, inspection.local_area_id

    def url(name, *more):
        return reverse(f"inspections:{name}", args=[pk, *more])

    return {
        "inspection": inspection,
        "team": url("team"),
        "declare": url("declare"),
        "override": url("override", declaration.pk),
        "team-add": url("team-add"),
        "team-remove": url("team-remove", member.pk),
        "notify": url("notify"),
        "deferral-request": url("deferral-request"),
        "deferral-decide": url("deferral-decide", deferral.pk),
        "reschedule": url("reschedule"),
        "enquiry-add": url("enquiry-add"),
        "meeting-add": url("meeting-add"),
        "concern-add": url("concern-add"),
        "concern-resolve": url("concern-resolve", concern.pk),
        "questionnaire": url("questionnaire"),
        "outcome": url("outcome"),
        "engagement": reverse("inspections:engagement", args=[area]),
        "engagement-add": reverse("inspections:engagement-add", args=[area]),
    }


# Who may open each page ------------------------------------------------------------------------

ALLOWED = {
    "team": {"ofsted_admin", "lead_inspector", "team_inspector", "quality_assurance"},
    "declare": {"ofsted_admin", "lead_inspector", "team_inspector"},
    "override": {"ofsted_admin"},
    "team-add": {"ofsted_admin"},
    "team-remove": {"ofsted_admin"},
    "notify": {"ofsted_admin", "lead_inspector"},
    "deferral-request": {"ofsted_admin", "lead_inspector", "lano", "local_area_leader"},
    "deferral-decide": {"ofsted_admin", "quality_assurance"},
    "reschedule": {"ofsted_admin"},
    "enquiry-add": {"lead_inspector", "team_inspector"},
    "meeting-add": {"ofsted_admin", "lead_inspector", "team_inspector"},
    "concern-add": {"ofsted_admin", "lead_inspector", "team_inspector"},
    "concern-resolve": {"ofsted_admin", "lead_inspector"},
    "questionnaire": {"ofsted_admin", "lead_inspector"},
    "outcome": {"ofsted_admin", "lead_inspector"},
    "engagement": {"ofsted_admin"},
    "engagement-add": {"ofsted_admin"},
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_who_may_open_each_page(client, personas, team_inspector, scene, page):
    """Allowed: 200. Sees the inspection (or area) but may not do this: 403. Else 404.
"""
    people = {**personas, "team_inspector": team_inspector}
    sees = SEES_MEDWAY if page.startswith("engagement") else SEES_INSPECTION
    expected = {name: 200 if name in ALLOWED[page] else 403 if name in sees else 404
                for name in PERSONAS}
    statuses = {}
    for name in PERSONAS:
        client.force_login(people[name])
        statuses[name] = client.get(scene[page]).status_code
    assert statuses == expected


def test_local_area_users_do_not_see_an_inspection_before_notification(
        client, inspection, lano, local_area_leader):
    for user in (lano, local_area_leader):
        client.force_login(user)
        assert client.get(reverse("inspections:deferral-request",
                                  args=[inspection.pk])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, scene):
    response = client.get(scene["team"])
    assert response.status_code == 302 and "/sign-in/" in response.url


def test_the_outcome_page_is_only_for_2023_inspections(client, inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    assert client.get(reverse("inspections:outcome", args=[inspection.pk])).status_code == 404


def test_posting_as_an_actor_the_service_would_refuse_is_forbidden(client, scene,
                                                                   quality_assurance):
    """QA may see the inspection; posting a meeting is refused (403), nothing is saved."""
    client.force_login(quality_assurance)
    response = client.post(scene["meeting-add"], {"kind": "team_daily",
                                                  **_date("held_on", D(2017, 12, 4))})
    assert response.status_code == 403
    assert not scene["inspection"].meetings.exists()


# The team and conflicts of interest -------------------------------------------------------------

def test_team_page_lists_members_and_declarations(client, scene, ofsted_admin):
    client.force_login(ofsted_admin)
    html = client.get(scene["team"]).content.decode()
    assert "Lead HMI" in html and "HMI" in html
    assert "No connection" in html
    assert "Declarations from inspectors not on the team" in html
    assert "Was a governor at a Medway school" in html
    assert scene["override"] in html


def test_an_inspector_on_the_team_declares_for_themselves(client, inspection, team_inspector):
    client.force_login(team_inspector)
    url = reverse("inspections:declare", args=[inspection.pk])
    response = client.post(url, {"has_connection": "yes", "details": "My sister works there"})
    assert response.status_code == 302
    # A connection declared on the team suspends their access: they go to their home page.
    assert response.url == reverse("home")
    declaration = ConflictDeclaration.objects.get(inspection=inspection, user=team_inspector)
    assert declaration.has_connection and declaration.details == "My sister works there"


def test_a_declared_connection_needs_details(client, inspection, team_inspector):
    client.force_login(team_inspector)
    url = reverse("inspections:declare", args=[inspection.pk])
    response = client.post(url, {"has_connection": "yes", "details": "  "})
    assert "Describe the connection to the local area" in _errors(response)
    assert re.search(r'value="yes"\s+checked', response.content.decode())


def test_assigning_a_conflicted_inspector_is_refused_until_an_admin_overrides(
        client, inspection, ofsted_admin):
    newcomer = UserFactory(username="nia.newcomer", first_name="Nia", last_name="Newcomer")
    client.force_login(ofsted_admin)
    add = reverse("inspections:team-add", args=[inspection.pk])

    refused = client.post(add, {"user": newcomer.pk, "role": TeamRole.OFSTED_INSPECTOR})
    assert "has not declared whether they have any connection to Medway" in _errors(refused)
    assert f'<option value="{newcomer.pk}" selected>' in refused.content.decode()

    declared = client.post(reverse("inspections:declare", args=[inspection.pk]), {
        "inspector": newcomer.pk, "has_connection": "yes", "details": "Lives next door"})
    assert declared.status_code == 302

    refused = client.post(add, {"user": newcomer.pk, "role": TeamRole.OFSTED_INSPECTOR})
    assert ("declared a connection to Medway; an Ofsted admin must first record that it is not "
            "a connection") in _errors(refused)
    assert re.search(r'value="oi"\s+checked', refused.content.decode())
    assert not TeamMember.objects.filter(user=newcomer).exists()

    declaration = ConflictDeclaration.objects.get(user=newcomer, inspection=inspection)
    override = reverse("inspections:override", args=[inspection.pk, declaration.pk])
    page = client.get(override).content.decode()
    assert "Lives next door" in page
    assert "Give the reason the declared matter is not a connection" in _errors(
        client.post(override, {"reason": ""}))
    assert client.post(override, {"reason": "Next door is 40 miles out"}).status_code == 302

    assigned = client.post(add, {"user": newcomer.pk, "role": TeamRole.OFSTED_INSPECTOR})
    assert assigned.status_code == 302
    assert TeamMember.objects.get(user=newcomer).role == TeamRole.OFSTED_INSPECTOR


def test_a_second_lead_is_refused_on_the_role(client, inspection, ofsted_admin):
    other = UserFactory(username="second.lead")
    services.conflict_declare(inspection=inspection, inspector=other, by=other,
                              has_connection=False)
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:team-add", args=[inspection.pk]),
                           {"user": other.pk, "role": TeamRole.LEAD})
    assert "This inspection already has a lead inspector" in _errors(response)


def test_only_inspectors_not_yet_on_the_team_can_be_chosen(client, inspection, ofsted_admin,
                                                          team_inspector, quality_assurance):
    client.force_login(ofsted_admin)
    html = client.get(reverse("inspections:team-add", args=[inspection.pk])).content.decode()
    assert f'value="{team_inspector.pk}"' not in html
    assert f'value="{quality_assurance.pk}"' not in html


def test_removal_revokes_access(client, inspection, ofsted_admin, team_inspector):
    overview = reverse("inspections:team", args=[inspection.pk])
    client.force_login(team_inspector)
    assert client.get(overview).status_code == 200

    member = TeamMember.objects.get(inspection=inspection, user=team_inspector)
    client.force_login(ofsted_admin)
    remove = reverse("inspections:team-remove", args=[inspection.pk, member.pk])
    assert "They will no longer be able to see this inspection" in \
        client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()

    client.force_login(team_inspector)
    assert client.get(overview).status_code == 404
    assert client.get(reverse("inspections:overview", args=[inspection.pk])).status_code == 404


def test_a_member_of_another_inspection_is_not_found(client, inspection, make_inspection,
                                                     ofsted_admin):
    other = make_inspection(start=D(2018, 1, 8), end=D(2018, 1, 12))
    member = inspection.team.first()
    client.force_login(ofsted_admin)
    url = reverse("inspections:team-remove", args=[other.pk, member.pk])
    assert client.get(url).status_code == 404


# Notification ---------------------------------------------------------------------------------

def _call(day: datetime.date, time: str = "09:30", **extra) -> dict:
    return {**_date("called_on", day), "called_time": time, "person_called": "Ian Sutherland",
            "role_called": "dcs", **extra}


def test_notification_with_a_new_lano_creates_the_contact(client, inspection, ofsted_admin):
    day = _working_days_before(MEDWAY_START, 5)
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:notify", args=[inspection.pk]), _call(
        day, lano="someone_else", new_lano_name="Jo Bennett",
        new_lano_email="jo.bennett@medway.gov.uk", **_date("confirmation_email_on", day),
        **_date("health_1_called_on", day), health_1_called_time="9:45",
        health_1_person_called="Dr Ade", health_1_organisation="NHS Medway CCG",
        confirm="yes"))
    assert response.status_code == 302

    contact = AreaContact.objects.get(local_area=inspection.local_area, role=ContactRole.LANO)
    assert (contact.name, contact.email, contact.start_date) == (
        "Jo Bennett", "jo.bennett@medway.gov.uk", day)
    inspection.refresh_from_db()
    assert inspection.lano == contact
    assert inspection.state == State.NOTIFIED and inspection.notified_on == day
    call = NotificationCall.objects.get(inspection=inspection)
    assert call.person_called_role == "Director of children's services"
    assert call.confirmation_email_on == day and call.warnings == []
    assert [(health.called_at, health.described) for health in call.health_calls.all()] == [
        (at(day, 9, 45), "Dr Ade, Chief Executive, NHS Medway CCG")]


def test_the_lano_for_the_first_day_on_site_is_offered_first(client, inspection, ofsted_admin,
                                                            medway):
    AreaContactFactory(local_area=medway, name="Old Lano", start_date=D(2015, 1, 1))
    current = AreaContactFactory(local_area=medway, name="Sam Current",
                                 start_date=D(2017, 6, 1))
    client.force_login(ofsted_admin)
    url = reverse("inspections:notify", args=[inspection.pk])
    html = client.get(url).content.decode()
    assert re.search(rf'value="{current.pk}"\s+checked', html)
    assert "Old Lano" not in html

    day = _working_days_before(MEDWAY_START, 5)
    senior = _call(day, lano=str(current.pk), role_called="senior",
                   senior_job_title="Deputy director")
    check = client.post(url, senior)
    assert "Check the notification call" in check.content.decode()
    assert not NotificationCall.objects.exists()
    assert client.post(url, {**senior, "confirm": "yes"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.lano == current
    assert inspection.notification_call.person_called_role == \
        "Deputy director (most senior person available)"
    assert AreaContact.objects.filter(role=ContactRole.LANO).count() == 2


def test_a_call_at_2pm_is_confirmed_with_a_warning_before_it_is_recorded(
        client, inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    url = reverse("inspections:notify", args=[inspection.pk])
    data = _call(_working_days_before(MEDWAY_START, 5), "14:00", lano="someone_else",
                 new_lano_name="Jo Bennett", new_lano_email="jo@medway.gov.uk")

    check = client.post(url, data)
    assert check.status_code == 200
    html = check.content.decode()
    assert "The call was at 14:00: notification calls are normally made between 9am and " \
           "10am" in html
    assert 'name="called_time" value="14:00"' in html
    assert not NotificationCall.objects.exists() and not AreaContact.objects.exists()

    changed = client.post(url, {**data, "change": "yes"})
    assert changed.status_code == 200 and 'value="14:00"' in changed.content.decode()
    assert not NotificationCall.objects.exists()

    recorded = client.post(url, {**data, "confirm": "yes"}, follow=True)
    assert recorded.redirect_chain[-1][0] == reverse("inspections:overview",
                                                     args=[inspection.pk])
    call = NotificationCall.objects.get(inspection=inspection)
    assert len(call.warnings) == 1 and "14:00" in call.warnings[0]
    assert [m.level_tag for m in recorded.context["messages"]] == ["success", "warning"]


def test_short_notice_is_warned(client, inspection, lead_inspector):
    client.force_login(lead_inspector)
    url = reverse("inspections:notify", args=[inspection.pk])
    data = _call(_working_days_before(MEDWAY_START, 2), lano="someone_else",
                 new_lano_name="Jo Bennett", new_lano_email="jo@medway.gov.uk")
    html = client.post(url, data).content.decode()
    assert "The call was 2 working days before on-site work starts: the handbook expects 5" \
        in html
    assert client.post(url, {**data, "confirm": "yes"}).status_code == 302
    assert "2 working days" in NotificationCall.objects.get().warnings[0]


def test_a_call_on_the_first_day_on_site_is_refused_and_the_new_lano_not_kept(
        client, inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    data = _call(MEDWAY_START, "09:30", lano="someone_else", new_lano_name="Jo Bennett",
                 new_lano_email="jo@medway.gov.uk", confirm="yes")
    response = client.post(reverse("inspections:notify", args=[inspection.pk]), data)
    assert ("The date of the call must be before on-site work starts, 4 December 2017"
            in _errors(response))
    assert 'value="Jo Bennett"' in response.content.decode()
    assert not AreaContact.objects.exists()
    inspection.refresh_from_db()
    assert inspection.state == State.PLANNING


def test_notification_form_errors_keep_the_input(client, inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:notify", args=[inspection.pk]), {
        **_date("called_on", D(2017, 11, 27)), "called_time": "25:99",
        "person_called": "Ian Sutherland", "role_called": "senior",
        "health_1_called_time": "10:00", "lano": "someone_else",
        "new_lano_email": "not-an-email"})
    errors = _errors(response)
    for message in ("Enter the time of the call as hours and minutes, like 09:30 or 14:00",
                    "Enter the job title of the person called",
                    "Enter the date of call 1",
                    "Enter the name of the person called on call 1",
                    "Enter the CCG or ICB of call 1",
                    "Enter the full name of the new LANO",
                    "Enter the LANO&#x27;s email address in the correct format"):
        assert message in errors
    html = response.content.decode()
    assert 'value="Ian Sutherland"' in html and 'value="25:99"' in html
    assert 'value="not-an-email"' in html


@pytest.mark.parametrize(("typed", "expected"), [
    ("9:30", datetime.time(9, 30)), ("09.05", datetime.time(9, 5)),
    ("2pm", datetime.time(14, 0)), ("12:15am", datetime.time(0, 15)),
    ("14:00", datetime.time(14, 0)),
])
def test_times_are_read_as_typed(typed, expected):
    from inspections.record_forms import HourMinuteField

    assert HourMinuteField(label="Time of the call").clean(typed) == expected


@pytest.mark.parametrize("typed", ["930", "24:00", "13pm", "9:3", "noon"])
def test_times_that_are_not_times_are_refused(typed):
    from django.core.exceptions import ValidationError

    from inspections.record_forms import HourMinuteField

    with pytest.raises(ValidationError):
        HourMinuteField(label="Time of the call").clean(typed)


def test_a_notified_inspection_cannot_be_notified_again(client, scene, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(scene["notify"], _call(
        _working_days_before(MEDWAY_START, 5), lano="someone_else", new_lano_name="A N Other",
        new_lano_email="a@medway.gov.uk"))
    assert "You cannot record the notification while the inspection is &#x27;notified&#x27;" \
        in _errors(response)


# Deferral -------------------------------------------------------------------------------------

NEW_START, NEW_END = D(2018, 1, 15), D(2018, 1, 19)


def _notification_due(inspection: Inspection) -> datetime.date:
    return deadline_for_case(inspection=inspection, rule_code="notification").due_date


def _request_deferral(client, inspection) -> int:
    response = client.post(reverse("inspections:deferral-request", args=[inspection.pk]), {
        **_date("requested_on", D(2017, 11, 20)), "reasons": "An Ofsted inspection of the "
                                                             "council that week"})
    assert response.status_code == 302
    return inspection.deferral_requests.get().pk


def _decide(client, inspection, request_pk, inspectorate, decision, dates=True):
    data = {"inspectorate": inspectorate, "decision": decision}
    if dates:
        data |= {**_date("new_onsite_start", NEW_START), **_date("new_onsite_end", NEW_END)}
    return client.post(reverse("inspections:deferral-decide",
                               args=[inspection.pk, request_pk]), data)


def test_both_accepting_moves_the_dates_and_the_notification_clock(client, inspection,
                                                                    ofsted_admin,
                                                                    cqc_decision_maker):
    due_before = _notification_due(inspection)
    client.force_login(ofsted_admin)
    request_pk = _request_deferral(client, inspection)

    assert _decide(client, inspection, request_pk, "ofsted", "accepted").status_code == 302
    inspection.refresh_from_db()
    assert inspection.onsite_start == MEDWAY_START
    url = reverse("inspections:deferral-decide", args=[inspection.pk, request_pk])
    page = client.get(url)
    assert "Accepted" in page.content.decode() and page.context["form"] is None
    assert "Waiting for CQC to decide" in page.content.decode()
    # CQC decides for itself.
    client.force_login(cqc_decision_maker)
    page = client.get(url)
    assert page.context["form"].fields["inspectorate"].choices == [("cqc", "CQC")]

    response = _decide(client, inspection, request_pk, "cqc", "accepted", dates=False)
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.onsite_start, inspection.onsite_end) == (NEW_START, NEW_END)
    assert inspection.state == State.PLANNING
    assert _notification_due(inspection) != due_before
    assert _notification_due(inspection) == _working_days_before(NEW_START, 5)


def test_refused_by_one_inspectorate_nothing_moves(client, inspection, ofsted_admin,
                                                   cqc_decision_maker):
    due_before = _notification_due(inspection)
    client.force_login(ofsted_admin)
    request_pk = _request_deferral(client, inspection)
    assert _decide(client, inspection, request_pk, "ofsted", "accepted").status_code == 302
    client.force_login(cqc_decision_maker)
    followed = client.post(reverse("inspections:deferral-decide",
                                   args=[inspection.pk, request_pk]),
                           {"inspectorate": "cqc", "decision": "refused"}, follow=True)
    assert "The deferral is refused" in followed.content.decode()
    inspection.refresh_from_db()
    assert (inspection.onsite_start, inspection.onsite_end) == (MEDWAY_START, MEDWAY_END)
    assert inspection.state == State.PLANNING
    assert _notification_due(inspection) == due_before


def test_a_decided_request_cannot_be_decided_again(client, inspection, ofsted_admin,
                                                   cqc_decision_maker):
    client.force_login(ofsted_admin)
    request_pk = _request_deferral(client, inspection)
    _decide(client, inspection, request_pk, "ofsted", "refused", dates=False)
    client.force_login(cqc_decision_maker)
    _decide(client, inspection, request_pk, "cqc", "refused", dates=False)
    url = reverse("inspections:deferral-decide", args=[inspection.pk, request_pk])
    page = client.get(url)
    assert "have both decided" in page.content.decode() and page.context["form"] is None
    client.post(url, {"inspectorate": "cqc", "decision": "accepted"})
    assert inspection.deferral_requests.get().cqc_decision == "refused"


@pytest.mark.parametrize(("persona", "own", "other"), [
    ("cqc_decision_maker", "cqc", "ofsted"), ("quality_assurance", "ofsted", "cqc")])
def test_the_deferral_page_offers_only_your_own_inspectorates_decision(
        client, request, inspection, ofsted_admin, persona, own, other):
    client.force_login(ofsted_admin)
    request_pk = _request_deferral(client, inspection)
    client.force_login(request.getfixturevalue(persona))
    url = reverse("inspections:deferral-decide", args=[inspection.pk, request_pk])
    offered = client.get(url).context["form"].fields["inspectorate"].choices
    assert offered == [(own, {"cqc": "CQC", "ofsted": "Ofsted"}[own])]

    refused = _decide(client, inspection, request_pk, other, "accepted", dates=False)
    assert refused.status_code == 200
    assert "You can record only your own inspectorate&#x27;s decision, once" in _errors(refused)
    assert 'href="#id_inspectorate' in _errors(refused)  # the error is on the field
    assert re.search(r'value="accepted"\s+checked', refused.content.decode())  # input kept
    deferral = inspection.deferral_requests.get()
    assert (deferral.ofsted_decision, deferral.cqc_decision) == ("pending", "pending")


def test_staff_recorded_without_an_inspectorate_record_no_deferral_decision(
        client, inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    request_pk = _request_deferral(client, inspection)
    reviewer = UserFactory(username="una.unknown", role=roles.QUALITY_ASSURANCE)
    User.objects.filter(pk=reviewer.pk).update(inspectorate="")
    client.force_login(reviewer)
    url = reverse("inspections:deferral-decide", args=[inspection.pk, request_pk])
    page = client.get(url)
    assert page.context["form"] is None
    assert "You are not recorded as working for Ofsted or CQC" in page.content.decode()
    client.post(url, {"inspectorate": "ofsted", "decision": "accepted"})
    assert inspection.deferral_requests.get().ofsted_decision == "pending"


def test_accepted_without_dates_defers_and_an_admin_reschedules(client, inspection,
                                                                 ofsted_admin,
                                                                 cqc_decision_maker):
    client.force_login(ofsted_admin)
    request_pk = _request_deferral(client, inspection)
    _decide(client, inspection, request_pk, "ofsted", "accepted", dates=False)
    client.force_login(cqc_decision_maker)
    _decide(client, inspection, request_pk, "cqc", "accepted", dates=False)
    inspection.refresh_from_db()
    assert inspection.state == State.DEFERRED
    client.force_login(ofsted_admin)

    url = reverse("inspections:reschedule", args=[inspection.pk])
    saturday = client.post(url, {**_date("onsite_start", D(2018, 1, 13)),
                                 **_date("onsite_end", D(2018, 1, 19))})
    assert "On-site work starts on a weekday" in _errors(saturday)
    response = client.post(url, {**_date("onsite_start", NEW_START),
                                 **_date("onsite_end", NEW_END)})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == State.PLANNING and inspection.onsite_start == NEW_START
    assert _notification_due(inspection) == _working_days_before(NEW_START, 5)


def test_the_local_area_requests_a_deferral_once_notified(client, scene, lano, ofsted_admin,
                                                          cqc_decision_maker):
    client.force_login(lano)
    inspection = scene["inspection"]
    for inspectorate, by in (("ofsted", ofsted_admin), ("cqc", cqc_decision_maker)):
        services.deferral_decide(request=inspection.deferral_requests.get(), by=by,
                                 inspectorate=inspectorate, decision="refused")
    response = client.post(scene["deferral-request"], {
        **_date("requested_on", D(2017, 12, 5)), "reasons": "Half term"})
    assert response.status_code == 302
    assert inspection.deferral_requests.count() == 2


def test_a_second_request_while_one_is_undecided_is_refused(client, scene, ofsted_admin):
    client.force_login(ofsted_admin)
    response = client.post(scene["deferral-request"], {
        **_date("requested_on", D(2017, 12, 5)), "reasons": "Half term"})
    assert "A deferral request for this inspection is still being decided" in _errors(response)
    assert "Half term" in response.content.decode()


# Bad input on each form shows errors and keeps what was typed ----------------------------------

BAD_INPUT = {
    "declare": ({"inspector": "", "has_connection": "yes", "details": ""},
                ["Select the inspector", "Describe the connection to the local area"],
                'value="yes"'),
    "override": ({"reason": ""}, ["Give the reason the declared matter is not a connection"], None),
    "team-add": ({"role": "hmi"}, ["Select the inspector"], 'value="hmi"'),
    "deferral-request": ({"requested_on_0": "30", "requested_on_1": "2", "requested_on_2": "2017",
                          "reasons": "Half term"},
                         ["Enter a real date"], "Half term"),
    "deferral-decide": ({"decision": "accepted", **_date("new_onsite_start", D(2018, 1, 15))},
                        ["Select Ofsted or CQC",
                         "Enter the new last day on site too, or neither"],
                        'name="new_onsite_start_0" value="15"'),
    "reschedule": ({**_date("onsite_start", D(2018, 1, 19)),
                    **_date("onsite_end", D(2018, 1, 15))},
                   ["The last day on site must be the same as or after the first day"],
                   'name="onsite_start_0" value="19"'),
    "enquiry-add": ({"hypothesis": "Waiting lists are long"},
                    ["Select question A, B or C", "Enter the line of enquiry"],
                    "Waiting lists are long"),
    "meeting-add": ({"notes": "Good start", "held_on_0": "4", "held_on_1": "12"},
                    ["Select the kind of meeting", "Enter the year"], "Good start"),
    "concern-add": ({"kind": "complaint", "details": "Rude"},
                    ["Enter the date it was raised", "Enter who raised it"], "Rude"),
    "concern-resolve": ({"resolution": "Apologised", **_date("resolved_on", D(2017, 11, 1))},
                        ["The date it was resolved must be the same as or after the date it "
                         "was raised, 28 November 2017"], "Apologised"),
    "questionnaire": ({"status": "lost"}, ["Select a valid choice"], None),
    "outcome": ({"outcome": "4"}, ["Select a valid choice"], None),
    "engagement-add": ({"notes": "Useful", **_date("held_on", D(2024, 3, 1))},
                       ["A meeting with Medway on 1 March 2024 is already recorded"], "Useful"),
}


@pytest.mark.parametrize("page", sorted(BAD_INPUT))
def test_bad_input_shows_errors_and_keeps_the_input(client, scene, lead_inspector,
                                                    ofsted_admin, page):
    data, messages, kept = BAD_INPUT[page]
    client.force_login(lead_inspector if page == "enquiry-add" else ofsted_admin)
    response = client.post(scene[page], data)
    assert response.status_code == 200
    errors = _errors(response)
    for message in messages:
        assert message in errors
    # Where nothing valid was typed (None) there is nothing to show again.
    assert kept is None or kept in response.content.decode()
    assert response.context["form"].errors
    assert "<title>Error: " in response.content.decode()


def test_most_bad_input_has_something_typed_to_keep():
    kept = [page for page, (_, _, fragment) in BAD_INPUT.items() if fragment is not None]
    assert sorted(set(BAD_INPUT) - set(kept)) == ["outcome", "override", "questionnaire"]
    assert all(BAD_INPUT[page][2] for page in kept)


def test_records_are_made_through_their_services(client, scene, lead_inspector,
                                                 ofsted_admin):
    inspection = scene["inspection"]
    client.force_login(lead_inspector)
    posts = [
        (scene["enquiry-add"], {"question": "B", "enquiry": "How fast are EHC plans issued?",
                                "hypothesis": "Too slowly"}),
        (scene["meeting-add"], {"kind": "keep_in_touch", **_date("held_on", D(2017, 11, 29)),
                                "attendees": "LANO, lead", "notes": "Timetable agreed"}),
        (scene["concern-add"], {"kind": "complaint", **_date("raised_on", D(2017, 12, 5)),
                                "raised_by": "The DCS", "details": "Too many visits"}),
        (scene["concern-resolve"], {"resolution": "Met the parent",
                                    **_date("resolved_on", D(2017, 12, 6))}),
        (scene["questionnaire"], {"status": "sent"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, _errors(response))
    assert inspection.lines_of_enquiry.get().question == "B"
    assert inspection.meetings.get().notes == "Timetable agreed"
    assert inspection.concerns.filter(kind="complaint").exists()
    assert inspection.concerns.get(kind="concern").resolution == "Met the parent"
    inspection.refresh_from_db()
    assert inspection.questionnaire_status == "sent"


def test_an_outcome_is_recorded_after_feedback(client, scene, lead_inspector, walk_to):
    inspection = scene["inspection"]
    client.force_login(lead_inspector)
    early = client.post(scene["outcome"], {"outcome": "2"})
    assert "You cannot record the outcome while the inspection is" in _errors(early)
    assert re.search(r'value="2"\s+checked', early.content.decode())
    page = client.get(scene["outcome"]).content.decode()
    assert "Outcome 3: Widespread and/or systemic failings" in page
    assert "must address urgently" in page

    # Each outcome's hint is the framework's own words (Barnet paper, para 1.13).
    for words in ("The local area partnership&#x27;s arrangements typically lead to positive "
                  "experiences and outcomes for children and young people with SEND. The local "
                  "area partnership is taking action where improvements are needed.",
                  "The local area partnership&#x27;s arrangements lead to inconsistent "
                  "experiences and outcomes for children and young people with SEND. The local "
                  "area partnership must work jointly to make improvements.",
                  "There are widespread and/or systemic failings leading to significant "
                  "concerns about the experiences and outcomes of children and young people "
                  "with SEND, which the local area partnership must address urgently."):
        assert words in page

    walk_to(inspection, State.FEEDBACK_GIVEN)
    assert client.post(scene["outcome"], {"outcome": "2"}).status_code == 302
    overview = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert "The local area partnership must work jointly to make improvements." in (
        overview.content.decode())
    inspection.refresh_from_db()
    assert inspection.outcome == 2


def test_meetings_before_notification_are_refused(client, inspection, lead_inspector):
    client.force_login(lead_inspector)
    response = client.post(reverse("inspections:meeting-add", args=[inspection.pk]), {
        "kind": "team_daily", **_date("held_on", D(2017, 11, 1))})
    assert "Meetings are recorded once the inspection has been notified" in _errors(response)


# Engagement meetings (their self-evaluations: tests/evidence/test_self_evaluations.py) -------

def test_an_admin_records_an_engagement_meeting(client, medway, ofsted_admin):
    client.force_login(ofsted_admin)
    add = reverse("inspections:engagement-add", args=[medway.pk])
    assert 'type="file"' not in client.get(add).content.decode()
    response = client.post(add, {**_date("held_on", D(2024, 4, 2)), "notes": "SEF discussed"})
    assert response.status_code == 302
    assert response.url == reverse("inspections:engagement", args=[medway.pk])
    meeting = EngagementMeeting.objects.get(local_area=medway)
    assert (meeting.held_on, meeting.notes, meeting.recorded_by) == (
        D(2024, 4, 2), "SEF discussed", ofsted_admin)


def test_engagement_meetings_are_listed_newest_first(client, medway, ofsted_admin):
    for day in (D(2023, 3, 1), D(2025, 3, 3), D(2024, 3, 4)):
        services.engagement_meeting_record(local_area=medway, by=ofsted_admin, held_on=day)
    client.force_login(ofsted_admin)
    response = client.get(reverse("inspections:engagement", args=[medway.pk]))
    html = response.content.decode()
    assert html.index("3 March 2025") < html.index("4 March 2024") < html.index("1 March 2023")


# The overview's sections ----------------------------------------------------------------------

def _add_records(inspection, by, lead, count: int) -> None:
    for n in range(count):
        day = D(2017, 12, 4) + datetime.timedelta(days=n % 5)
        services.line_of_enquiry_add(inspection=inspection, by=lead, question="ABC"[n % 3],
                                     enquiry=f"Enquiry {n}", hypothesis="Hypothesis")
        services.meeting_record(inspection=inspection, by=by, kind="team_daily", held_on=day,
                                attendees="Team", notes=f"Notes {n}")
        concern = services.concern_record(inspection=inspection, by=by, kind="concern",
                                          raised_on=day, raised_by="A parent",
                                          details=f"Details {n}")
        if n % 2:
            services.concern_resolve(concern=concern, by=by, resolution="Sorted",
                                     resolved_on=day)


def _render_sections(user, pk) -> tuple[int, int, str]:
    """Queries to fetch the inspection, queries to render its sections, and the HTML.

    The user is read afresh, as on each request, so no permission cache carries over."""
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as fetching:
        inspection = inspection_get_for_user(user=user, pk=pk)
        can = inspection_policy.permitted(user=user, inspection=inspection)
    with CaptureQueriesContext(connection) as rendering:
        meetings, more_meetings = latest_meetings(inspection)
        html = render_to_string("inspections/records/_overview_sections.html",
                                {"inspection": inspection, "can": can, "meetings": meetings,
                                 "more_meetings": more_meetings})
    return len(fetching), len(rendering), html


def test_the_sections_render_with_a_constant_number_of_queries(
        scene, ofsted_admin, lead_inspector):
    inspection = scene["inspection"]
    _add_records(inspection, ofsted_admin, lead_inspector, 1)
    fetch_one, render_one, html = _render_sections(ofsted_admin, inspection.pk)
    assert "Enquiry 0" in html and "Notes 0" in html and "Details 0" in html
    _add_records(inspection, ofsted_admin, lead_inspector, 5)
    fetch_six, render_six, html = _render_sections(ofsted_admin, inspection.pk)
    assert "Enquiry 4" in html and "Notes 4" in html and "Details 4" in html
    assert fetch_one == fetch_six, (fetch_one, fetch_six)
    # The sections read only what the selector fetched: rendering them runs no query.
    assert render_one == render_six == 0


def test_the_overview_page_renders_with_a_constant_number_of_queries(
        client, scene, ofsted_admin, lead_inspector):
    inspection = scene["inspection"]
    client.force_login(ofsted_admin)
    url = reverse("inspections:overview", args=[inspection.pk])

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "Meetings log" in response.content.decode()
        return len(queries)

    _add_records(inspection, ofsted_admin, lead_inspector, 1)
    one = measure()
    _add_records(inspection, ofsted_admin, lead_inspector, 5)
    assert measure() == one


def test_the_sections_show_open_concerns_first_and_group_enquiries(scene, ofsted_admin,
                                                                   lead_inspector):
    inspection = scene["inspection"]
    _add_records(inspection, ofsted_admin, lead_inspector, 3)
    _, _, html = _render_sections(ofsted_admin, inspection.pk)
    assert html.index("Details 2") < html.index("Details 1")  # 1 is resolved, 2 is open
    assert html.count("A: identifying children and young people with SEND") == 1
    assert html.index("Enquiry 0") < html.index("B: assessing") < html.index("Enquiry 1")


def test_the_sections_offer_links_only_to_those_allowed(scene, ofsted_admin, lead_inspector,
                                                        lano):
    inspection = inspection_get_for_user(user=ofsted_admin, pk=scene["inspection"].pk)

    def links(user) -> str:
        can = inspection_policy.permitted(user=user, inspection=inspection)
        return render_to_string("inspections/records/_overview_sections.html",
                                {"inspection": inspection, "can": can})

    admin = links(ofsted_admin)
    assert scene["team-add"] in admin and scene["deferral-decide"] in admin
    assert scene["enquiry-add"] not in admin and scene["engagement"] in admin
    lead = links(lead_inspector)
    assert scene["enquiry-add"] in lead and scene["team-add"] not in lead
    assert scene["deferral-decide"] not in lead
    local = links(lano)
    assert scene["deferral-request"] in local
    assert "Was a governor" not in local and "Could not get a meeting" not in local
    assert "Key lines of enquiry" not in local and "Meetings log" not in local
    assert "4 December 2017 at 9:30am" in local  # the Monday of week 1
    assert "Warning" not in local  # a call on the Monday of week 1 has none


# The meetings log: the overview shows the latest, its own page shows them all -------------

def _meetings(inspection, by, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        services.meeting_record(inspection=inspection, by=by, kind="team_daily",
                                held_on=D(2017, 12, 4) + datetime.timedelta(days=n),
                                attendees="Team", notes=f"Meeting note {n:03}")


def test_the_overview_shows_the_latest_meetings_oldest_first_and_links_to_the_whole_log(
        client, scene, ofsted_admin):
    inspection = scene["inspection"]
    client.force_login(ofsted_admin)
    url = reverse("inspections:overview", args=[inspection.pk])
    log = f'href="{reverse("inspections:meetings", args=[inspection.pk])}"'
    _meetings(inspection, ofsted_admin, OVERVIEW_MEETINGS)
    html = client.get(url).content.decode()
    assert "Meeting note 000" in html and log not in html  # all of them: no link needed
    _meetings(inspection, ofsted_admin, 5, first=OVERVIEW_MEETINGS)
    html = client.get(url).content.decode()
    shown = [n for n in range(OVERVIEW_MEETINGS + 5) if f"Meeting note {n:03}" in html]
    assert shown == list(range(5, OVERVIEW_MEETINGS + 5))  # the latest, oldest first
    assert html.index("Meeting note 005") < html.index("Meeting note 024")
    assert log in html and f"The {OVERVIEW_MEETINGS} latest meetings." in html


def test_the_overview_reads_the_same_queries_for_a_few_meetings_or_hundreds(
        client, scene, ofsted_admin):
    inspection = scene["inspection"]
    client.force_login(ofsted_admin)
    url = reverse("inspections:overview", args=[inspection.pk])

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), response.content.decode().count("Meeting note")

    _meetings(inspection, ofsted_admin, 3)
    few, _ = measure()
    _meetings(inspection, ofsted_admin, 40, first=3)
    many, shown = measure()
    _meetings(inspection, ofsted_admin, 100, first=43)
    assert measure() == (many, shown) == (few, OVERVIEW_MEETINGS)


def test_the_meetings_log_pages_every_meeting_oldest_first(client, scene, ofsted_admin):
    inspection = scene["inspection"]
    client.force_login(ofsted_admin)
    log = reverse("inspections:meetings", args=[inspection.pk])
    assert "No meetings recorded yet." in client.get(log).content.decode()
    _meetings(inspection, ofsted_admin, 55)
    first = client.get(log).content.decode()
    assert "55 meetings, oldest first." in first
    assert "Meeting note 000" in first and "Meeting note 049" in first
    assert "Meeting note 050" not in first and "?page=2" in first
    second = client.get(log, {"page": 2}).content.decode()
    assert "Meeting note 050" in second and "Meeting note 054" in second
    assert "Meeting note 049" not in second
    beyond = client.get(log, {"page": 9})
    assert beyond.status_code == 200
    assert "There is no page 9: the list has 2 pages." in beyond.content.decode()
    assert "Meeting note" not in client.get(log, {"page": 9}).content.decode()


def test_the_meetings_log_reads_the_same_queries_whatever_its_length(
        client, scene, ofsted_admin):
    inspection = scene["inspection"]
    client.force_login(ofsted_admin)
    log = reverse("inspections:meetings", args=[inspection.pk])

    def measure(page=1) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(log, {"page": page}).status_code == 200
        return len(queries)

    _meetings(inspection, ofsted_admin, 2)
    few = measure()
    _meetings(inspection, ofsted_admin, 120, first=2)
    assert measure() == measure(page=3) == few


def test_the_local_area_is_not_shown_the_meetings_log(client, scene, lano):
    client.force_login(lano)
    log = reverse("inspections:meetings", args=[scene["inspection"].pk])
    assert client.get(log).status_code in (403, 404)
