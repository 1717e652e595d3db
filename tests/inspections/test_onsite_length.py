"""On-site work over five working days under the 2016 framework is warned of, not refused:
"Inspections do not normally last longer than five days" (handbook para 30). The warning
goes ahead only when acknowledged, on every page that sets dates, and in the services."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from deadlines.selectors import calendar_current
from inspections import services
from inspections.models import Inspection, State
from inspections.scheduling import Unacknowledged, onsite_warnings, onsite_working_days
from tests.inspections.conftest import MEDWAY_END, MEDWAY_START
from tests.inspections.test_pages import _details, text

D = datetime.date
pytestmark = pytest.mark.django_db

PARA_30 = "‘Inspections do not normally last longer than five days’ (para 30)"
# Monday 4 to Tuesday 12 December 2017: seven working days.
LONG_END = D(2017, 12, 12)


def _acknowledged(response) -> str:
    match = re.search(r'name="acknowledged" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _audit_after(action: str) -> dict:
    return AuditEvent.objects.filter(action=action).latest("id").after


# The rule, counted on the calendar ---------------------------------------------------------

@pytest.mark.parametrize("start,end,days", [
    (D(2017, 12, 4), D(2017, 12, 8), 5),  # Monday to Friday
    (D(2017, 12, 4), D(2017, 12, 12), 7),
    # Christmas 2019: Monday 23 to Tuesday 31 December is nine days, five of them working.
    (D(2019, 12, 23), D(2019, 12, 31), 5),
    (D(2019, 12, 23), D(2020, 1, 2), 6),  # New Year's Day is not a working day
])
def test_on_site_length_is_counted_in_working_days_of_the_calendar(db, start, end, days):
    calendar = calendar_current()
    assert onsite_working_days(start, end, calendar) == days
    warned = onsite_warnings(start, end, framework="2016", calendar=calendar)
    assert bool(warned) is (days > 5)


def test_the_warning_quotes_the_handbook(db):
    [warning] = onsite_warnings(MEDWAY_START, LONG_END, framework="2016",
                                calendar=calendar_current())
    assert warning.code == "onsite_length"
    assert warning.message == (
        "On-site work from 4 December 2017 to 12 December 2017 covers 7 working days. The "
        f"2016 handbook says: {PARA_30}.")


def test_a_revisit_is_warned_of_against_the_inspections_length_the_handbook_gives(db):
    [warning] = onsite_warnings(MEDWAY_START, LONG_END, framework="2016_revisit",
                                calendar=calendar_current())
    assert "The 2016 handbook sets no length for re-visits" in warning.message
    assert "footnote 19" in warning.message and PARA_30 in warning.message


def test_the_2023_framework_keeps_its_refusal_until_it_has_its_own_length(db):
    assert onsite_warnings(D(2024, 3, 4), D(2024, 3, 12), framework="2023",
                           calendar=calendar_current()) == []


# The services ---------------------------------------------------------------------------------

def test_scheduling_a_long_2016_inspection_without_acknowledging_it_saves_nothing(
        ofsted_admin, medway):
    with pytest.raises(Unacknowledged) as raised:
        services.inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                                   onsite_start=MEDWAY_START, onsite_end=LONG_END)
    assert [w.code for w in raised.value.warnings] == ["onsite_length"]
    assert PARA_30 in raised.value.messages[0]
    assert not Inspection.objects.exists()


def test_scheduling_a_long_2016_inspection_acknowledged_goes_ahead_and_is_audited(
        ofsted_admin, medway):
    inspection = services.inspection_create(
        by=ofsted_admin, local_area=medway, framework="2016", onsite_start=MEDWAY_START,
        onsite_end=LONG_END, acknowledged=["onsite_length"])
    assert inspection.onsite_end == LONG_END
    assert _audit_after("inspection.create")["warnings_acknowledged"] == ["onsite_length"]


def test_an_acknowledgement_of_something_else_does_not_let_a_long_inspection_through(
        ofsted_admin, medway):
    with pytest.raises(Unacknowledged):
        services.inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                                   onsite_start=MEDWAY_START, onsite_end=LONG_END,
                                   acknowledged=["revisit_not_covered"])


def test_a_refusal_is_reported_before_the_warning(ofsted_admin, medway):
    with pytest.raises(ValidationError) as raised:
        services.inspection_create(by=ofsted_admin, local_area=medway, framework="2016",
                                   onsite_start=D(2017, 12, 2), onsite_end=LONG_END)
    assert not isinstance(raised.value, Unacknowledged)
    assert "On-site work starts on a weekday" in raised.value.messages


def test_moving_the_dates_to_a_longer_visit_needs_acknowledging(ofsted_admin,
                                                               make_inspection):
    inspection = make_inspection()
    with pytest.raises(Unacknowledged):
        services.inspection_update(inspection=inspection, by=ofsted_admin,
                                   expected_version=inspection.version, onsite_end=LONG_END)
    inspection.refresh_from_db()
    assert inspection.onsite_end == MEDWAY_END
    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=inspection.version, onsite_end=LONG_END,
                               acknowledged=["onsite_length"])
    inspection.refresh_from_db()
    assert inspection.onsite_end == LONG_END
    assert _audit_after("inspection.update")["warnings_acknowledged"] == ["onsite_length"]
    # A change that leaves the dates as they are does not ask again.
    services.inspection_update(inspection=inspection, by=ofsted_admin,
                               expected_version=inspection.version, reference="LONGER")


def test_a_deferral_decision_with_long_new_dates_needs_acknowledging(
        ofsted_admin, cqc_decision_maker, inspection):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 27), reasons="Flooding")
    new = {"new_onsite_start": D(2018, 1, 15), "new_onsite_end": D(2018, 1, 23)}
    with pytest.raises(Unacknowledged):
        services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                                 decision="accepted", **new)
    request.refresh_from_db()
    assert request.ofsted_decision == "pending" and request.new_onsite_start is None
    services.deferral_decide(request=request, by=ofsted_admin, inspectorate="ofsted",
                             decision="accepted", acknowledged=["onsite_length"], **new)
    services.deferral_decide(request=request, by=cqc_decision_maker, inspectorate="cqc",
                             decision="accepted")
    inspection.refresh_from_db()
    assert (inspection.onsite_start, inspection.onsite_end) == (D(2018, 1, 15),
                                                                D(2018, 1, 23))


def _deferred(inspection, ofsted_admin, cqc_decision_maker):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 27), reasons="Flooding")
    for by, inspectorate in ((ofsted_admin, "ofsted"), (cqc_decision_maker, "cqc")):
        request = services.deferral_decide(request=request, by=by, inspectorate=inspectorate,
                                           decision="accepted")
    inspection.refresh_from_db()
    assert inspection.state == State.DEFERRED
    return inspection


def test_rescheduling_to_a_long_visit_needs_acknowledging(ofsted_admin, cqc_decision_maker,
                                                         inspection):
    inspection = _deferred(inspection, ofsted_admin, cqc_decision_maker)
    new = {"onsite_start": D(2018, 1, 15), "onsite_end": D(2018, 1, 23)}
    with pytest.raises(Unacknowledged):
        services.inspection_reschedule(inspection=inspection, by=ofsted_admin, **new)
    inspection.refresh_from_db()
    assert inspection.state == State.DEFERRED
    services.inspection_reschedule(inspection=inspection, by=ofsted_admin,
                                   acknowledged=["onsite_length"], **new)
    inspection.refresh_from_db()
    assert inspection.state == State.PLANNING and inspection.onsite_end == D(2018, 1, 23)
    assert _audit_after("inspection.reschedule")["warnings_acknowledged"] == ["onsite_length"]


# The pages ------------------------------------------------------------------------------------

def test_the_schedule_page_warns_of_a_long_visit_then_schedules_it_when_sent_again(
        client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    data = _details(local_area=medway.pk, onsite_end_0="12", reference="LONG")
    response = client.post(reverse("inspections:create"), data)
    page = text(response)
    assert response.status_code == 200
    assert "govuk-warning-text" in response.content.decode()
    assert ("On-site work from 4 December 2017 to 12 December 2017 covers 7 working days. "
            f"The 2016 handbook says: {PARA_30}.") in page
    assert "Select ‘Schedule inspection’ again to go ahead anyway" in page
    assert "govuk-error-summary" not in response.content.decode()  # not a refusal
    assert 'value="LONG"' in response.content.decode()
    assert not Inspection.objects.exists()
    response = client.post(reverse("inspections:create"),
                           {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    assert Inspection.objects.get().onsite_end == LONG_END
    assert _audit_after("inspection.create")["warnings_acknowledged"] == ["onsite_length"]


def test_changing_the_dates_after_the_warning_warns_again(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    data = _details(local_area=medway.pk, onsite_end_0="12")
    warned = client.post(reverse("inspections:create"), data)
    response = client.post(reverse("inspections:create"),
                           {**data, "onsite_end_0": "13",
                            "acknowledged": _acknowledged(warned)})
    assert response.status_code == 200
    assert "covers 8 working days" in text(response)
    assert not Inspection.objects.exists()


def test_a_made_up_acknowledgement_does_not_schedule(client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"),
                           {**_details(local_area=medway.pk, onsite_end_0="12"),
                            "acknowledged": "something"})
    assert response.status_code == 200 and "covers 7 working days" in text(response)
    assert not Inspection.objects.exists()


def test_the_2023_framework_refuses_fieldwork_beyond_three_weeks_on_the_page(
        client, ofsted_admin, medway):
    client.force_login(ofsted_admin)
    response = client.post(reverse("inspections:create"), _details(
        local_area=medway.pk, framework="2023", onsite_start_1="3", onsite_start_2="2024",
        onsite_end_0="25", onsite_end_1="3", onsite_end_2="2024"))
    assert "govuk-error-summary" in response.content.decode()
    assert ("Under the 2023 framework an inspection lasts up to three weeks: the last day "
            "can be no later than the Friday of week 3, Friday 22 March 2024") in text(response)
    assert "Select ‘Schedule inspection’ again" not in text(response)


def test_the_edit_page_warns_of_a_long_visit_then_saves_it(client, ofsted_admin,
                                                           make_inspection):
    inspection = make_inspection()
    client.force_login(ofsted_admin)
    url = reverse("inspections:edit", args=[inspection.pk])
    data = {"framework": "2016", **_date("onsite_start", MEDWAY_START),
            **_date("onsite_end", LONG_END), "reference": inspection.reference,
            "version": inspection.version, "acknowledged": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "covers 7 working days" in text(response)
    assert "Select ‘Save changes’ again to go ahead anyway" in text(response)
    inspection.refresh_from_db()
    assert inspection.onsite_end == MEDWAY_END
    response = client.post(url, {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.onsite_end == LONG_END


def test_the_deferral_decision_page_warns_of_long_new_dates_then_records_it(
        client, ofsted_admin, inspection):
    request = services.deferral_request(inspection=inspection, by=ofsted_admin,
                                        requested_on=D(2017, 11, 27), reasons="Flooding")
    client.force_login(ofsted_admin)
    url = reverse("inspections:deferral-decide", args=[inspection.pk, request.pk])
    data = {"inspectorate": "ofsted", "decision": "accepted",
            **_date("new_onsite_start", D(2018, 1, 15)),
            **_date("new_onsite_end", D(2018, 1, 23))}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "covers 7 working days" in text(response)
    assert "Select ‘Record decision’ again to go ahead anyway" in text(response)
    request.refresh_from_db()
    assert request.ofsted_decision == "pending"
    response = client.post(url, {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.ofsted_decision == "accepted"
    assert request.new_onsite_end == D(2018, 1, 23)


def test_the_reschedule_page_warns_of_a_long_visit_then_reschedules(
        client, ofsted_admin, cqc_decision_maker, inspection):
    inspection = _deferred(inspection, ofsted_admin, cqc_decision_maker)
    client.force_login(ofsted_admin)
    url = reverse("inspections:reschedule", args=[inspection.pk])
    data = {**_date("onsite_start", D(2018, 1, 15)), **_date("onsite_end", D(2018, 1, 23))}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "covers 7 working days" in text(response)
    assert "Select ‘Reschedule inspection’ again to go ahead anyway" in text(response)
    response = client.post(url, {**data, "acknowledged": _acknowledged(response)})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == State.PLANNING and inspection.onsite_end == D(2018, 1, 23)
