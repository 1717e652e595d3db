"""Roles are groups with declared permissions; local-area users belong to exactly one area."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts import roles
from accounts.models import User
from accounts.services import user_create, user_set_role
from audit.models import AuditEvent
from local_areas.selectors import local_area_visible_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_holding_no_model_permissions():
    # What a role allows is said by the policy alone, never by a second store.
    for role in roles.ALL_ROLES:
        assert not Group.objects.get(name=role).permissions.exists(), role
    assert Group.objects.filter(name__in=roles.ALL_ROLES).count() == len(roles.ALL_ROLES)


def test_staff_must_say_which_inspectorate_they_work_for():
    with pytest.raises(ValidationError, match="Select the inspectorate"):
        user_create(by=None, username="no.body", email="", first_name="No", last_name="Body",
                    role=roles.INSPECTOR)
    with pytest.raises(ValidationError, match="does not work for an inspectorate"):
        user_create(by=None, username="dfe.body", email="", first_name="D", last_name="F",
                    role=roles.DFE_ADVISER, inspectorate="cqc")
    assert not User.objects.filter(username__in=["no.body", "dfe.body"]).exists()


def test_a_local_area_user_must_have_a_local_area():
    with pytest.raises(ValidationError) as refusal:
        user_create(by=None, username="no.area", email="", first_name="No", last_name="Area",
                    role=roles.LOCAL_AREA_OFFICER)
    assert "Select the local area" in str(refusal.value)
    assert not User.objects.filter(username="no.area").exists()


def test_staff_cannot_belong_to_a_local_area(medway):
    with pytest.raises(ValidationError):
        user_create(by=None, username="hmi.area", email="", first_name="H", last_name="M",
                    role=roles.INSPECTOR, local_area=medway)


def test_a_lano_can_see_only_their_own_area(lano, medway):
    assert list(local_area_visible_to(user=lano)) == [medway]


def test_moving_a_local_area_user_moves_their_access(ofsted_admin, lano, medway, barnet):
    user_set_role(by=ofsted_admin, user=lano, role=roles.LOCAL_AREA_LEADER, local_area=barnet)
    lano = User.objects.get(pk=lano.pk)
    assert list(local_area_visible_to(user=lano)) == [barnet]
    event = AuditEvent.objects.get(action="user.set_role")
    assert event.before == {"roles": [roles.LOCAL_AREA_OFFICER], "local_area": "Medway",
                            "inspectorate": ""}
    assert event.after == {"roles": [roles.LOCAL_AREA_LEADER], "local_area": "Barnet",
                           "inspectorate": ""}


def test_a_local_area_user_who_becomes_staff_loses_their_area(ofsted_admin, lano):
    user_set_role(by=ofsted_admin, user=lano, role=roles.INSPECTOR, inspectorate="ofsted")
    lano = User.objects.get(pk=lano.pk)
    assert lano.local_area is None
    assert local_area_visible_to(user=lano).count() == 161


def test_user_creation_is_audited(ofsted_admin, medway):
    user = UserFactory(username="new.lano", role=roles.LOCAL_AREA_OFFICER, local_area=medway)
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.after == {"username": "new.lano", "role": roles.LOCAL_AREA_OFFICER,
                           "local_area": "Medway", "inspectorate": ""}
    assert event.local_area == medway
