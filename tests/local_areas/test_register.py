"""The register holds the 152 areas of April 2021 and the reorganisations around them."""

import collections
import datetime

import pytest

from local_areas.models import LocalArea

D = datetime.date
pytestmark = pytest.mark.django_db


def test_register_holds_the_152_upper_tier_areas_of_april_2021():
    on_day = LocalArea.objects.valid_on(D(2021, 4, 1))
    assert on_day.count() == 152
    by_type = collections.Counter(on_day.values_list("area_type", flat=True))
    assert by_type == {"unitary": 59, "metropolitan": 36, "london_borough": 33, "county": 24}


def test_register_also_held_152_areas_when_the_2016_framework_began():
    assert LocalArea.objects.valid_on(D(2016, 5, 1)).count() == 152
    assert LocalArea.objects.valid_on(D(2016, 5, 1)).filter(ons_code="E10000021").exists()


def test_cumbria_is_replaced_by_cumberland_and_westmorland_and_furness_in_april_2023():
    cumbria = LocalArea.objects.get(ons_code="E10000006")
    assert cumbria.valid_to == D(2023, 3, 31)
    assert sorted(cumbria.successors.values_list("name", flat=True)) == [
        "Cumberland", "Westmorland and Furness"]
    assert cumbria.is_current(D(2023, 3, 31)) and not cumbria.is_current(D(2023, 4, 1))
    assert LocalArea.objects.valid_on(D(2023, 4, 1)).count() == 153


def test_every_area_has_an_ofsted_region_and_london_boroughs_are_in_london():
    assert not LocalArea.objects.filter(region="").exists()
    london = LocalArea.objects.filter(area_type="london_borough")
    assert set(london.values_list("region", flat=True)) == {"london"}
    assert LocalArea.objects.get(name="Medway").region == "se"
    assert LocalArea.objects.get(name="Leeds").region == "neyh"


def test_an_area_cannot_end_before_it_began(medway):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LocalArea.objects.filter(pk=medway.pk).update(valid_from=D(2020, 1, 1),
                                                      valid_to=D(2019, 1, 1))
