"""A connection declared after assignment suspends the inspector's access at once, until an
Ofsted admin decides: removes them, or records that the matter is not a connection
(framework paras 28 and 31)."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from guardian.shortcuts import get_perms

from audit.models import AuditEvent
from inspections import services
from inspections.models import ConflictDeclaration, Inspection, TeamMember
from inspections.selectors import inspection_get_for_user, inspection_visible_to
from policy import inspections as policy

pytestmark = pytest.mark.django_db
CONNECTION = "My sister is a SENCO at a school in the area"


def fresh(inspection) -> Inspection:
    return Inspection.objects.get(pk=inspection.pk)


def _declare(inspection, inspector, by=None):
    return services.conflict_declare(inspection=inspection, inspector=inspector,
                                     by=by or inspector, has_connection=True,
                                     details=CONNECTION)


def _has_access(user, inspection) -> bool:
    return (inspection in inspection_visible_to(user=user)
            and "view_inspection" in get_perms(user, fresh(inspection))
            and policy.can(user, fresh(inspection), "view"))


def test_a_connection_declared_on_the_team_suspends_access_at_once(
        inspection, team_inspector, lead_inspector):
    assert _has_access(team_inspector, inspection)
    _declare(inspection, team_inspector)
    assert not _has_access(team_inspector, inspection)
    with pytest.raises(Http404):
        inspection_get_for_user(user=team_inspector, pk=inspection.pk)
    assert TeamMember.objects.filter(inspection=inspection, user=team_inspector).exists()
    assert _has_access(lead_inspector, inspection)  # the rest of the team is untouched
    row = AuditEvent.objects.filter(action="inspection.conflict_declared").latest("id")
    assert (row.after["access_suspended"], row.after["fields"]) == (True, ["details"])
    assert CONNECTION not in str(row.after)


def test_a_suspended_lead_cannot_take_the_leads_steps(inspection, lead_inspector, notify):
    notify(inspection)
    _declare(inspection, lead_inspector)
    with pytest.raises(PermissionDenied):
        services.inspection_start_onsite(inspection=fresh(inspection), by=lead_inspector,
                                         when=None)
    assert fresh(inspection).state == "notified"


def test_recording_that_it_is_not_a_connection_gives_access_back(
        inspection, team_inspector, ofsted_admin):
    declaration = _declare(inspection, team_inspector)
    services.conflict_override(declaration=declaration, by=ofsted_admin,
                               reason="The school is outside the area")
    assert _has_access(team_inspector, inspection)
    row = AuditEvent.objects.get(action="inspection.conflict_override")
    assert (row.after["ruling"], row.after["access_restored"]) == ("not_a_connection", True)
    assert "outside the area" not in str(row.after)


def test_declaring_again_after_the_ruling_suspends_again(inspection, team_inspector,
                                                         ofsted_admin):
    declaration = _declare(inspection, team_inspector)
    services.conflict_override(declaration=declaration, by=ofsted_admin, reason="Not one")
    _declare(inspection, team_inspector, by=ofsted_admin)
    assert ConflictDeclaration.objects.get(pk=declaration.pk).override_by is None
    assert not _has_access(team_inspector, inspection)


def test_removing_the_inspector_decides_it_too(inspection, team_inspector, ofsted_admin):
    _declare(inspection, team_inspector)
    member = TeamMember.objects.get(inspection=inspection, user=team_inspector)
    services.team_member_remove(member=member, by=ofsted_admin)
    assert not _has_access(team_inspector, inspection)
    assert not TeamMember.objects.filter(inspection=inspection, user=team_inspector).exists()


def test_declaring_no_connection_leaves_access_alone(inspection, team_inspector):
    services.conflict_declare(inspection=inspection, inspector=team_inspector,
                              by=team_inspector, has_connection=False)
    assert _has_access(team_inspector, inspection)


def test_the_pages_say_access_is_suspended_and_what_the_admin_may_decide(
        client, inspection, team_inspector, ofsted_admin):
    client.force_login(team_inspector)
    response = client.post(reverse("inspections:declare", args=[inspection.pk]),
                           {"has_connection": "yes", "details": CONNECTION}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert ("Your access to this inspection is suspended until an Ofsted admin decides."
            in response.content.decode())
    assert client.get(reverse("inspections:overview", args=[inspection.pk])).status_code == 404

    client.force_login(ofsted_admin)
    team = client.get(reverse("inspections:team", args=[inspection.pk])).content.decode()
    assert "Connection declared: access suspended" in team
    assert "cannot see this inspection until an Ofsted admin removes them" in team
    declaration = ConflictDeclaration.objects.get(user=team_inspector)
    url = reverse("inspections:override", args=[inspection.pk, declaration.pk])
    assert "Record that this is not a connection" in team
    page = client.get(url).content.decode()
    assert "gives them back their access to it" in page
    done = client.post(url, {"reason": "The school is outside the area"}, follow=True)
    banner = html.unescape(done.content.decode())
    assert "is not a connection: they have their access to this inspection back" in banner, (
        re.findall(r"Recorded that[^<]*", banner))
