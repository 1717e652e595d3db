"""Every role's access to the local areas pages: allowed, refused (403) or not found (404).

A local-area user asking for another area's page gets 404, the same as for a page that does
not exist, so they cannot even learn that it exists.
"""

import re

import pytest
from django.urls import reverse

from tests.factories import AreaContactFactory

pytestmark = pytest.mark.django_db

STAFF_READERS = ["ofsted_admin", "lead_inspector", "quality_assurance", "dfe_adviser"]
LOCAL = ["lano", "local_area_leader"]
EVERYONE = [*STAFF_READERS, *LOCAL, "other_lano", "outsider"]


def _status(client, user, url) -> int:
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("persona", EVERYONE)
def test_list_page(client, personas, persona):
    expected = 403 if persona == "outsider" else 200
    assert _status(client, personas[persona], reverse("local_areas:list")) == expected


def test_local_area_users_see_only_their_own_area_in_the_list(client, lano, medway):
    client.force_login(lano)
    response = client.get(reverse("local_areas:list"))
    assert [area.name for area in response.context["page"].object_list] == [medway.name]


def test_staff_see_every_area_in_the_list(client, lead_inspector):
    client.force_login(lead_inspector)
    assert client.get(reverse("local_areas:list")).context["page"].paginator.count == 161


@pytest.mark.parametrize("persona", EVERYONE)
def test_medway_detail_page(client, personas, persona, medway):
    expected = 200 if persona in STAFF_READERS + LOCAL else 404
    assert _status(client, personas[persona], reverse("local_areas:detail",
                                                      args=[medway.pk])) == expected


def test_lano_cannot_see_another_areas_page(client, lano, barnet):
    assert _status(client, lano, reverse("local_areas:detail", args=[barnet.pk])) == 404


def test_missing_and_forbidden_areas_look_the_same(client, lano, barnet):
    client.force_login(lano)
    forbidden = client.get(reverse("local_areas:detail", args=[barnet.pk]))
    missing = client.get(reverse("local_areas:detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert _without_per_response_tokens(forbidden) == _without_per_response_tokens(missing)


def _without_per_response_tokens(response) -> bytes:
    """The page but for its script nonce and masked CSRF tokens, new on every response."""
    return re.sub(rb'(nonce|value)="[A-Za-z0-9+/=]{16,}"', b"", response.content)


@pytest.mark.parametrize("persona", EVERYONE)
def test_add_area_page_is_for_ofsted_admins_only(client, personas, persona):
    expected = 200 if persona == "ofsted_admin" else 403
    assert _status(client, personas[persona], reverse("local_areas:create")) == expected


@pytest.mark.parametrize("route", ["local_areas:edit", "local_areas:contact-add",
                                   "local_areas:health-partner-add"])
@pytest.mark.parametrize("persona", EVERYONE)
def test_changing_an_area_is_for_ofsted_admins_only(client, personas, persona, route, medway):
    expected = 200 if persona == "ofsted_admin" else 404
    assert _status(client, personas[persona], reverse(route, args=[medway.pk])) == expected


@pytest.mark.parametrize("persona", EVERYONE)
def test_ending_a_contact_is_for_ofsted_admins_only(client, personas, persona, medway):
    contact = AreaContactFactory(local_area=medway)
    expected = 200 if persona == "ofsted_admin" else 404
    assert _status(client, personas[persona], reverse("local_areas:contact-end",
                                                      args=[contact.pk])) == expected


def test_a_lano_cannot_change_their_own_area_by_posting(client, lano, medway):
    client.force_login(lano)
    response = client.post(reverse("local_areas:edit", args=[medway.pk]), {"name": "Hacked"})
    assert response.status_code == 404
    medway.refresh_from_db()
    assert medway.name == "Medway"


@pytest.mark.parametrize("route,args", [("local_areas:list", []), ("local_areas:detail", [1]),
                                        ("local_areas:create", []), ("audit:list", []),
                                        ("home", [])])
def test_signed_out_visitors_are_sent_to_sign_in(client, route, args):
    url = reverse(route, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next={url}"


@pytest.mark.parametrize("persona", ["lead_inspector", "quality_assurance", "dfe_adviser",
                                     "lano", "outsider"])
def test_only_ofsted_admins_change_the_register_even_through_the_services(request, persona,
                                                                          medway):
    from django.core.exceptions import PermissionDenied

    from local_areas import services

    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="Only an Ofsted admin can"):
        services.local_area_update(local_area=medway, by=user, name="Renamed")
    with pytest.raises(PermissionDenied):
        services.health_partner_create(by=user, kind="icb", name="NHS Nowhere ICB")
    medway.refresh_from_db()
    assert medway.name == "Medway"

