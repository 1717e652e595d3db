"""Refused access, downloads, exports and object grants each leave an audit row."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEvent
from audit.refusals import REFUSAL_WINDOW_SECONDS
from audit.wording import ACTIONS
from inspections import services
from inspections.models import TeamRole

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def no_refusals_remembered():
    cache.clear()


def _rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_a_not_found_is_recorded_with_route_user_and_ids_only(client, other_lano, case_of,
                                                              medway):
    planned = case_of(medway)  # not Barnet's LANO's
    client.force_login(other_lano)
    assert client.get(reverse("inspections:overview", args=[planned.pk])).status_code == 404
    [row] = _rows("access.refused")
    assert row.actor == other_lano and row.object_id == "" and row.object_repr == ""
    assert row.after == {"route": "inspections:overview", "status": 404, "method": "GET",
                         "pk": planned.pk}


def test_a_forbidden_step_is_recorded(client, lead_inspector, medway):
    client.force_login(lead_inspector)
    assert client.get(reverse("local_areas:edit", args=[medway.pk])).status_code in (403, 404)
    assert client.get(reverse("audit:list")).status_code == 403
    assert [row.after["route"] for row in _rows("access.refused")] == [
        "local_areas:edit", "audit:list"]
    assert _rows("access.refused")[1].after["status"] == 403


def test_a_refusal_raised_inside_a_service_is_kept_when_its_transaction_rolls_back(
        client, lead_inspector, medway):
    # Recording an engagement meeting is for Ofsted admins: the service refuses in its
    # transaction, which rolls back; the refusal is still recorded, the meeting is not.
    client.force_login(lead_inspector)
    response = client.post(reverse("inspections:engagement-add", args=[medway.pk]),
                           {"held_on_0": "1", "held_on_1": "3", "held_on_2": "2024"})
    assert response.status_code == 403
    assert [row.after["route"] for row in _rows("access.refused")] == [
        "inspections:engagement-add"]
    assert not _rows("engagement_meeting.record")


def test_refusals_are_recorded_once_a_minute_per_user_route_and_object(
        client, lano, other_lano, case_of, medway, settings):
    # The process's own cache, whose expiry follows the frozen clock (Redis keeps its own).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    url = reverse("inspections:overview", args=[case_of(medway).pk])
    with time_machine.travel(datetime.datetime(2024, 6, 12, 11, tzinfo=datetime.UTC),
                             tick=False) as traveller:
        client.force_login(other_lano)
        for _ in range(5):
            client.get(url)
        client.get(reverse("inspections:overview", args=[999_999]))  # another object
        client.force_login(lano)
        client.get(reverse("audit:list"))  # another user
        assert len(_rows("access.refused")) == 3
        traveller.shift(REFUSAL_WINDOW_SECONDS + 1)
        client.force_login(other_lano)
        client.get(url)
        assert len(_rows("access.refused")) == 4


def test_signed_out_visitors_are_sent_to_sign_in_not_recorded(client, case_of, medway):
    client.get(reverse("inspections:overview", args=[case_of(medway).pk]))
    assert not _rows("access.refused")


def test_exporting_the_clocks_is_recorded_with_its_filters(client, dfe_adviser):
    client.force_login(dfe_adviser)
    response = client.get(reverse("deadlines:export"), {"status": "open"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [row] = _rows("deadlines.exported")
    assert row.actor == dfe_adviser
    assert row.after["status"] == "open" and isinstance(row.after["rows"], int)


def test_object_grants_given_and_taken_away_are_recorded(ofsted_admin, lead_inspector,
                                                         case_of, medway):
    inspection = case_of(medway)
    services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                              by=lead_inspector, has_connection=False)
    member = services.team_member_add(inspection=inspection, by=ofsted_admin,
                                      user=lead_inspector, role=TeamRole.LEAD)
    [given] = _rows("grant.assigned")
    assert (given.actor, given.object_id) == (ofsted_admin, str(inspection.pk))
    assert given.after == {"user": lead_inspector.username,
                           "permission": "inspections.view_inspection"}
    services.team_member_remove(member=member, by=ofsted_admin)
    [taken] = _rows("grant.removed")
    assert taken.before == given.after


def test_a_local_area_users_grant_on_their_area_is_recorded(lano, medway):
    # The persona was created through accounts.services, which gave the grant.
    [given] = [row for row in _rows("grant.assigned") if row.after["user"] == lano.username]
    assert given.object_id == str(medway.pk) and given.local_area == medway


def test_every_new_action_has_words():
    assert {"access.refused", "grant.assigned", "grant.removed", "deadlines.exported",
            "engagement_meeting.self_evaluation_downloaded", "self_evaluation.downloaded",
            "self_evaluation.shared", "self_evaluation.upload_refused",
            "document.found_infected"} <= set(ACTIONS)
