"""CQC's calls to each CCG or ICB chief executive and the joint call with the LANO, recorded
with the notification call (handbook 18, 20 and 21): as many calls as there are, each with
its CCG or ICB and time; refusals on the field of the call concerned, with the input kept."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from deadlines.selectors import calendar_current
from inspections import services
from inspections.models import HealthLeaderCall, NotificationCall, State
from inspections.services import HealthLeaderCalled
from local_areas import services as area_services
from local_areas.models import HealthPartnerKind
from tests.inspections.conftest import MEDWAY_START, at
from tests.inspections.test_records import _date, _errors

D = datetime.date
pytestmark = pytest.mark.django_db
DAY = D(2017, 11, 27)  # five working days before Medway's first day on site
KENT_AND_MEDWAY = "NHS Kent and Medway Clinical Commissioning Group"
SWALE = "NHS Swale Clinical Commissioning Group"


@pytest.fixture
def ccgs(medway, ofsted_admin):
    """Two CCGs working with Medway in 2017, and one that works with another area."""
    made = {}
    for name in (KENT_AND_MEDWAY, SWALE, "NHS Barnet CCG"):
        made[name] = area_services.health_partner_create(
            by=ofsted_admin, kind=HealthPartnerKind.CCG, name=name,
            valid_to=D(2022, 6, 30))
    for name in (KENT_AND_MEDWAY, SWALE):
        area_services.health_partner_link(local_area=medway, health_partner=made[name],
                                          by=ofsted_admin, valid_to=D(2022, 6, 30))
    return made


def _url(inspection) -> str:
    return reverse("inspections:notify", args=[inspection.pk])


def _call(**extra) -> dict:
    """The call to the DCS at 9:30 on Monday 27 November 2017, with a new LANO."""
    return {**_date("called_on", DAY), "called_time": "09:30", "person_called": "Ian Sutherland",
            "role_called": "dcs", "lano": "someone_else", "new_lano_name": "Wendy Vincent",
            "new_lano_email": "wendy.vincent@medway.gov.uk", **extra}


def _health(n: int, *, person: str, partner=None, organisation: str = "", time: str = "09:50",
            day: D = DAY, job_title: str = "") -> dict:
    row = {f"health_{n}_person_called": person, f"health_{n}_job_title": job_title,
           f"health_{n}_organisation": organisation, f"health_{n}_called_time": time,
           **_date(f"health_{n}_called_on", day)}
    if partner is not None:
        row[f"health_{n}_health_partner"] = str(partner.pk)
    return row


def test_several_chief_executives_and_the_lano_call_are_recorded(
        client, inspection, ofsted_admin, lead_inspector, team_inspector, ccgs):
    client.force_login(ofsted_admin)
    page = client.get(_url(inspection)).content.decode()
    assert "Call 1: name of the person called" in page and "Call 2:" not in page
    assert f">{KENT_AND_MEDWAY}</option>" in page and f">{SWALE}</option>" in page
    assert "NHS Barnet CCG" not in page  # it does not work with Medway

    first = {**_call(health_rows="1"),
             **_health(1, person="Caroline Selkirk", partner=ccgs[KENT_AND_MEDWAY])}
    added = client.post(_url(inspection), {**first, "add_health_call": "yes"})
    html = added.content.decode()
    assert added.status_code == 200 and _errors(added) == ""
    assert "Call 2: name of the person called" in html
    assert 'value="Caroline Selkirk"' in html  # what was typed is kept
    assert re.search(rf'value="{ccgs[KENT_AND_MEDWAY].pk}"\s+selected', html)
    assert not NotificationCall.objects.exists()

    response = client.post(_url(inspection), {
        **first, "health_rows": "2",
        **_health(2, person="Pat Jones", job_title="Director of Commissioning",
                  partner=ccgs[SWALE], time="10:05"),
        **_date("lano_called_on", DAY), "lano_called_time": "11:00",
        "lano_call_team": [str(lead_inspector.pk)], "confirm": "yes"})
    assert response.status_code == 302
    call = NotificationCall.objects.get(inspection=inspection)
    assert [(health.described, health.called_at) for health in call.health_calls.all()] == [
        (f"Caroline Selkirk, Chief Executive, {KENT_AND_MEDWAY}", at(DAY, 9, 50)),
        (f"Pat Jones, Director of Commissioning, {SWALE}", at(DAY, 10, 5))]
    assert call.lano_called_at == at(DAY, 11, 0)
    assert list(call.lano_call_team.all()) == [lead_inspector]

    overview = client.get(reverse("inspections:overview", args=[inspection.pk]))
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", overview.content.decode()))
    assert f"Caroline Selkirk, Chief Executive, {KENT_AND_MEDWAY}, 27 November 2017 at " \
           f"9:50am" in shown
    assert f"Pat Jones, Director of Commissioning, {SWALE}, 27 November 2017 at 10:05am" \
        in shown
    assert f"Joint call with the LANO 27 November 2017 at 11:00am, with " \
           f"{lead_inspector.get_full_name()}" in shown


def test_the_audit_row_counts_the_calls_and_holds_no_names(client, inspection, ofsted_admin,
                                                           lead_inspector, ccgs):
    client.force_login(ofsted_admin)
    client.post(_url(inspection), {
        **_call(health_rows="2"),
        **_health(1, person="Caroline Selkirk", partner=ccgs[KENT_AND_MEDWAY]),
        **_health(2, person="Sam Other", organisation="NHS Somewhere Else CCG",
                  job_title="Deputy Chief Executive"),
        **_date("lano_called_on", DAY), "lano_called_time": "11:00",
        "lano_call_team": [str(lead_inspector.pk)], "confirm": "yes"})
    row = AuditEvent.objects.get(action="inspection.notify")
    assert row.after["health_calls"] == 2
    assert row.after["lano_call_team"] == [lead_inspector.username]
    assert row.after["fields"] == ["person_called", "person_called_role",
                                   "health_leader_names", "health_leader_job_titles",
                                   "ccg_or_icb_names"]
    for typed in ("Caroline", "Selkirk", "Sam Other", "Somewhere", "Deputy"):
        assert typed not in str(row.after) and typed not in str(row.before)


def test_a_call_given_in_part_is_refused_on_its_own_fields_with_the_input_kept(
        client, inspection, ofsted_admin, ccgs):
    client.force_login(ofsted_admin)
    response = client.post(_url(inspection), {
        **_call(health_rows="3", confirm="yes"),
        **_health(1, person="Caroline Selkirk", partner=ccgs[KENT_AND_MEDWAY]),
        # Row 2 left blank: not a call. Row 3 given in part.
        "health_3_person_called": "", "health_3_called_time": "25:00",
        "health_3_organisation": "NHS Swale CCG",
        "health_3_health_partner": str(ccgs[SWALE].pk)})
    errors = _errors(response)
    for field, message in [
            ("health_3_person_called", "Enter the name of the person called on call 3"),
            ("health_3_organisation", "Call 3: select the CCG or ICB or enter its name, not "
                                      "both"),
            ("health_3_called_on", "Enter the date of call 3"),
            ("health_3_called_time", "Enter the time of call 3 as hours and minutes")]:
        assert message in errors, message
        assert f'href="#id_{field}' in errors, field
    assert "call 1" not in errors.lower() and "call 2" not in errors.lower()
    html = response.content.decode()
    assert 'value="Caroline Selkirk"' in html and 'value="25:00"' in html
    assert 'value="NHS Swale CCG"' in html
    assert not NotificationCall.objects.exists()
    assert fresh_state(inspection) == State.PLANNING


def fresh_state(inspection) -> str:
    return type(inspection).objects.get(pk=inspection.pk).state


@pytest.mark.parametrize(("time", "day", "message"), [
    ("09:15", DAY, "Call 3: the CQC call must be after the call to the local authority"),
    ("09:45", MEDWAY_START, "Call 3: the CQC call must be before on-site work starts"),
    ("09:45", D(2099, 1, 5), "Call 3: the CQC call cannot be in the future"),
])
def test_a_call_at_a_time_it_cannot_have_been_is_refused_on_that_call(
        client, inspection, ofsted_admin, ccgs, time, day, message):
    client.force_login(ofsted_admin)
    response = client.post(_url(inspection), {
        **_call(health_rows="3", confirm="yes"),
        **_health(1, person="Caroline Selkirk", partner=ccgs[KENT_AND_MEDWAY]),
        **_health(3, person="Pat Jones", partner=ccgs[SWALE], time=time, day=day)})
    errors = _errors(response)
    assert message in errors
    assert 'href="#id_health_3_called_on' in errors
    assert not NotificationCall.objects.exists()


def test_the_lano_call_is_refused_before_the_call_to_the_local_authority(
        client, inspection, ofsted_admin, lead_inspector):
    client.force_login(ofsted_admin)
    response = client.post(_url(inspection), {
        **_call(confirm="yes"), **_date("lano_called_on", DAY), "lano_called_time": "08:00",
        "lano_call_team": [str(lead_inspector.pk)]})
    errors = _errors(response)
    assert "The call with the LANO must be after the call to the local authority" in errors
    assert 'href="#id_lano_called_on' in errors
    assert re.search(rf'value="{lead_inspector.pk}"\s+checked', response.content.decode())
    assert not NotificationCall.objects.exists()


def test_the_team_at_the_lano_call_needs_its_date(client, inspection, ofsted_admin,
                                                  lead_inspector):
    client.force_login(ofsted_admin)
    response = client.post(_url(inspection), {
        **_call(confirm="yes"), "lano_call_team": [str(lead_inspector.pk)]})
    assert "Enter the date of the call with the LANO" in _errors(response)
    assert "Enter the time of the call with the LANO" in _errors(response)


def test_a_notification_without_cqcs_calls_records_none(client, inspection, ofsted_admin):
    client.force_login(ofsted_admin)
    assert client.post(_url(inspection), _call(confirm="yes")).status_code == 302
    call = NotificationCall.objects.get(inspection=inspection)
    assert not call.health_calls.exists() and call.lano_called_at is None
    overview = client.get(reverse("inspections:overview", args=[inspection.pk])).content
    assert re.search(rb'id="health-calls">.*?Not recorded', overview, re.S)


def test_the_check_page_lists_each_call(client, inspection, ofsted_admin, ccgs):
    client.force_login(ofsted_admin)
    response = client.post(_url(inspection), {
        **_call(health_rows="2", called_time="14:00"),
        **_health(1, person="Caroline Selkirk", partner=ccgs[KENT_AND_MEDWAY], time="14:20"),
        **_health(2, person="Pat Jones", partner=ccgs[SWALE], time="14:40")})
    page = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                    response.content.decode())))
    assert "Check the notification call" in page
    assert (f"CQC's call 1 Caroline Selkirk, Chief Executive, {KENT_AND_MEDWAY}, "
            f"27 November 2017 at 14:20") in page
    assert f"CQC's call 2 Pat Jones, Chief Executive, {SWALE}, 27 November 2017 at 14:40" \
        in page
    assert 'name="health_rows" value="2"' in response.content.decode()
    assert not NotificationCall.objects.exists()


def test_the_service_refuses_a_ccg_of_another_area_and_a_caller_off_the_team(
        inspection, ofsted_admin, outsider, ccgs):
    def notify(**given):
        return services.inspection_notify(
            inspection=inspection, by=ofsted_admin, called_at=at(DAY),
            person_called="Ian Sutherland", person_called_role="DCS", lano=None, **given)

    with pytest.raises(ValidationError) as refused:
        notify(health_calls=[HealthLeaderCalled(person_called="Dan Price",
                                                health_partner=ccgs["NHS Barnet CCG"],
                                                called_at=at(DAY, 9, 45))])
    assert refused.value.message_dict == {
        "health_calls.0.health_partner": ["NHS Barnet CCG does not work with Medway"]}
    with pytest.raises(ValidationError) as refused:
        notify(lano_called_at=at(DAY, 11), lano_call_team=[outsider])
    assert "lano_call_team" in refused.value.message_dict
    assert not NotificationCall.objects.exists() and not HealthLeaderCall.objects.exists()


def test_the_overview_reads_the_calls_in_constant_queries(client, make_inspection, assign,
                                                          lead_inspector, ofsted_admin, ccgs):
    def notified_with(calls: int):
        made = make_inspection(start=MEDWAY_START + datetime.timedelta(weeks=calls),
                               end=MEDWAY_START + datetime.timedelta(weeks=calls, days=4))
        assign(made, lead_inspector, "lead")
        day = calendar_current().add_working_days(made.onsite_start, -5)
        services.inspection_notify(
            inspection=made, by=ofsted_admin, called_at=at(day),
            person_called="Ian Sutherland", person_called_role="DCS", lano=None,
            health_calls=[HealthLeaderCalled(person_called=f"Person {n}",
                                             health_partner=ccgs[SWALE],
                                             called_at=at(day, 10, n)) for n in range(calls)],
            lano_called_at=at(day, 11), lano_call_team=[lead_inspector])
        return reverse("inspections:overview", args=[made.pk])

    client.force_login(ofsted_admin)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(notified_with(1)) == queries(notified_with(4))
