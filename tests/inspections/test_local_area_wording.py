"""What the local area is told: the LANO is never told that their LANO is themself."""

import datetime

from django.urls import reverse

from accounts import roles
from inspections.models import State
from local_areas.models import ContactRole
from tests.factories import AreaContactFactory, UserFactory
from tests.inspections.conftest import MEDWAY_CALL, MEDWAY_HISTORY

D = datetime.date


def _jo(medway, user=None):
    return AreaContactFactory(local_area=medway, role=ContactRole.LANO, name="Jo Bennett",
                              start_date=D(2017, 1, 1), user=user)


def test_the_lano_is_told_they_are_the_lano(client, lano, inspection, notify, medway):
    notify(inspection, lano=_jo(medway, user=lano))
    client.force_login(lano)
    page = client.get(reverse("inspections:ours")).content.decode()
    assert "Prepare for on-site work starting 4 December 2017; you are the LANO." in page
    assert "your LANO is" not in page

    overview = client.get(reverse("inspections:overview", args=[inspection.pk]))
    assert "Jo Bennett (you)" in overview.content.decode()


def test_others_in_the_area_are_told_who_the_lano_is(client, lano, local_area_leader,
                                                     inspection, notify, medway):
    notify(inspection, lano=_jo(medway, user=lano))
    client.force_login(local_area_leader)
    page = client.get(reverse("inspections:ours")).content.decode()
    assert "Prepare for on-site work starting 4 December 2017; your LANO is Jo Bennett." in page
    assert "(you)" not in client.get(
        reverse("inspections:overview", args=[inspection.pk])).content.decode()


def test_on_site_the_lano_keeps_in_touch_as_the_lano(client, lano, inspection, walk_to,
                                                    medway):
    walk_to(inspection, State.ON_SITE, call={**MEDWAY_CALL, "lano": _jo(medway, user=lano)},
            **MEDWAY_HISTORY)
    client.force_login(lano)
    page = client.get(reverse("inspections:ours")).content.decode()
    assert "As the LANO, keep in touch with the lead inspector." in page
    assert "through your LANO" not in page

    client.force_login(UserFactory(username="other.officer", role=roles.LOCAL_AREA_OFFICER,
                                   local_area=medway))
    assert "Keep in touch with the lead inspector through your LANO." in client.get(
        reverse("inspections:ours")).content.decode()
