"""The policy's visibility rules, and object grants that always match the rows behind them."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

from accounts import roles
from accounts.models import User
from accounts.services import user_set_role
from inspections import services
from inspections.models import Inspection, State, TeamRole
from local_areas.models import LocalArea
from policy import inspections as policy

D = datetime.date


def fresh(inspection):
    return Inspection.objects.get(pk=inspection.pk)


def _team_grants(inspection) -> set[int]:
    return set(UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Inspection),
        object_pk=str(inspection.pk), permission__codename="view_inspection",
    ).values_list("user_id", flat=True))


def _area_grants(user) -> set[int]:
    return {int(pk) for pk in UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(LocalArea), user=user,
        permission__codename="view_localarea").values_list("object_pk", flat=True)}


def test_an_inspection_replanned_after_a_deferral_is_hidden_from_the_area_until_notified_again(
        inspection, notify, lano, local_area_leader, ofsted_admin, cqc_decision_maker):
    notify(inspection)
    assert set(policy.visible_to(user=lano)) == {fresh(inspection)}
    request = services.deferral_request(inspection=fresh(inspection), by=lano,
                                        requested_on=D(2017, 11, 27), reasons="Flooding")
    for body, by in (("ofsted", ofsted_admin), ("cqc", cqc_decision_maker)):
        services.deferral_decide(request=request, by=by, inspectorate=body,
                                 decision="accepted", new_onsite_start=D(2018, 1, 15),
                                 new_onsite_end=D(2018, 1, 19))
    assert fresh(inspection).state == State.PLANNING
    for user in (lano, local_area_leader):
        assert not policy.visible_to(user=user).exists()
        assert not policy.can(user, fresh(inspection), "view")
    notify(fresh(inspection))
    assert set(policy.visible_to(user=local_area_leader)) == {fresh(inspection)}


def test_a_deferred_inspection_is_hidden_from_the_area(inspection, notify, lano, ofsted_admin,
                                                       cqc_decision_maker):
    notify(inspection)
    request = services.deferral_request(inspection=fresh(inspection), by=lano,
                                        requested_on=D(2017, 11, 27), reasons="Flooding")
    for body, by in (("ofsted", ofsted_admin), ("cqc", cqc_decision_maker)):
        services.deferral_decide(request=request, by=by, inspectorate=body,
                                 decision="accepted")
    assert fresh(inspection).state == State.DEFERRED
    assert not policy.visible_to(user=lano).exists()


def test_the_lano_and_the_leaders_are_distinct_relationships(inspection, notify, lano,
                                                             local_area_leader):
    notify(inspection)
    inspection = fresh(inspection)
    assert policy.relationships(user=lano, inspection=inspection) == {policy.LANO}
    assert policy.relationships(user=local_area_leader, inspection=inspection) == {
        policy.LEADER}


def test_team_grants_follow_the_team(make_inspection, assign, lead_inspector, team_inspector,
                                     ofsted_admin):
    inspection = make_inspection()
    assert _team_grants(inspection) == set()
    assign(inspection, lead_inspector, TeamRole.LEAD)
    member = assign(inspection, team_inspector, TeamRole.HMI)
    assert _team_grants(inspection) == {lead_inspector.pk, team_inspector.pk}
    services.team_member_remove(member=member, by=ofsted_admin)
    assert _team_grants(inspection) == {lead_inspector.pk}
    assert set(inspection.team.values_list("user_id", flat=True)) == _team_grants(inspection)


def test_area_grants_follow_the_account(ofsted_admin, lano, medway, barnet):
    assert _area_grants(lano) == {medway.pk}
    user_set_role(by=ofsted_admin, user=lano, role=roles.LOCAL_AREA_LEADER, local_area=barnet)
    assert _area_grants(User.objects.get(pk=lano.pk)) == {barnet.pk}
    user_set_role(by=ofsted_admin, user=User.objects.get(pk=lano.pk), role=roles.INSPECTOR,
                  inspectorate="ofsted")
    assert _area_grants(User.objects.get(pk=lano.pk)) == set()


@pytest.mark.parametrize("persona", ["ofsted_admin", "quality_assurance", "dfe_adviser",
                                     "outsider", "other_lano"])
def test_who_sees_an_inspection_before_anyone_is_on_its_team(request, make_inspection, persona):
    user = request.getfixturevalue(persona)
    inspection = make_inspection()
    expected = persona in ("ofsted_admin", "quality_assurance")
    assert policy.visible_to(user=user).filter(pk=inspection.pk).exists() is expected


def test_only_the_lead_notifying_the_area_or_an_admin_names_its_lano(
        make_inspection, assign, lead_inspector, team_inspector, medway, barnet):
    from django.core.exceptions import PermissionDenied

    from local_areas import services
    from local_areas.models import ContactRole

    inspection = make_inspection(local_area=medway)
    assign(inspection, lead_inspector, "lead")
    assign(inspection, team_inspector, "hmi")
    services.contact_add(local_area=medway, by=lead_inspector, role=ContactRole.LANO,
                         name="Jo Bennett", start_date=inspection.onsite_start)
    for user, area in ((team_inspector, medway), (lead_inspector, barnet)):
        with pytest.raises(PermissionDenied, match="Only an Ofsted admin or the lead"):
            services.contact_add(local_area=area, by=user, role=ContactRole.LANO,
                                 name="Someone Else", start_date=inspection.onsite_start)
    with pytest.raises(PermissionDenied, match="Only an Ofsted admin can"):
        services.contact_add(local_area=medway, by=lead_inspector, role=ContactRole.DCS,
                             name="A Director", start_date=inspection.onsite_start)
