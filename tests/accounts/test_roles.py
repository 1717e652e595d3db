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


def test_every_role_exists_as_a_group_with_its_declared_permissions():
    assert set(roles.ROLE_PERMISSIONS) == set(roles.ALL_ROLES)
    for role, declared in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(declared), role


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
    assert event.before == {"roles": [roles.LOCAL_AREA_OFFICER], "local_area": "Medway"}
    assert event.after == {"roles": [roles.LOCAL_AREA_LEADER], "local_area": "Barnet"}


def test_a_local_area_user_who_becomes_staff_loses_their_area(ofsted_admin, lano):
    user_set_role(by=ofsted_admin, user=lano, role=roles.INSPECTOR)
    lano = User.objects.get(pk=lano.pk)
    assert lano.local_area is None
    assert local_area_visible_to(user=lano).count() == 161


def test_user_creation_is_audited(ofsted_admin, medway):
    user = UserFactory(username="new.lano", role=roles.LOCAL_AREA_OFFICER, local_area=medway)
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.after == {"username": "new.lano", "role": roles.LOCAL_AREA_OFFICER,
                           "local_area": "Medway"}
    assert event.local_area == medway
