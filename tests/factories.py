"""Factories that build through the services, so test data obeys the same rules as real data."""

import datetime

import factory

from accounts import roles
from accounts.models import User
from accounts.services import user_create
from local_areas import services as area_services
from local_areas.models import AreaContact, ContactRole, HealthPartner, HealthPartnerKind, LocalArea
from policy import people

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    role = roles.INSPECTOR
    local_area = None
    password = TEST_PASSWORD
    # Staff of the inspectorates work for Ofsted unless a test says otherwise.
    inspectorate = factory.LazyAttribute(
        lambda o: "ofsted" if people.role_needs_inspectorate(o.role) else "")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return user_create(by=None, **kwargs)


class LocalAreaFactory(factory.Factory):
    class Meta:
        model = LocalArea

    ons_code = factory.Sequence(lambda n: f"E99{n:06d}")
    name = factory.Sequence(lambda n: f"Test area {n}")
    area_type = "unitary"
    region = "se"
    valid_from = None
    valid_to = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return area_services.local_area_create(by=None, **kwargs)


class HealthPartnerFactory(factory.Factory):
    class Meta:
        model = HealthPartner

    kind = HealthPartnerKind.ICB
    name = factory.Sequence(lambda n: f"NHS Test ICB {n}")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return area_services.health_partner_create(by=None, **kwargs)


class AreaContactFactory(factory.Factory):
    class Meta:
        model = AreaContact

    local_area = factory.LazyFunction(lambda: LocalArea.objects.get(ons_code="E06000035"))
    role = ContactRole.LANO
    name = factory.Sequence(lambda n: f"Contact {n}")
    start_date = datetime.date(2024, 1, 1)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return area_services.contact_add(by=None, **kwargs)


# The Medway inspection's first day on site, and a later Monday for areas made since.
CASE_ONSITE_STARTS = (datetime.date(2017, 12, 4), datetime.date(2024, 3, 4))


def inspection_without_clocks(*, local_area: LocalArea, by, reference: str = "",
                              notified: bool = True, framework: str = "2016"):
    """A 2016-framework inspection of the area (or of the framework given), scheduled
    through the service, to hang clocks on; notified (by a call five working days ahead, or
    under the 2023 framework on its first day), so the area has been told of it, unless
    asked otherwise. Scheduling and notifying start clocks; they are removed so a test sees
    only the clocks it starts itself. On site from Monday 4 December 2017, or, for an area
    made since, Monday 4 March 2024."""
    from django.utils import timezone

    from deadlines.calendar import WorkingDayCalendar
    from deadlines.models import Deadline
    from inspections.services import inspection_create, inspection_notify

    start = next(day for day in CASE_ONSITE_STARTS if local_area.is_current(day))
    inspection = inspection_create(by=by, local_area=local_area, framework=framework,
                                   onsite_start=start,
                                   onsite_end=start + datetime.timedelta(days=4),
                                   reference=reference)
    if notified:
        call_day = start if inspection.is_2023 else \
            WorkingDayCalendar.england().add_working_days(start, -5)
        inspection_notify(
            inspection=inspection, by=by, lano=None, person_called="The DCS",
            person_called_role="Director of children's services",
            called_at=timezone.make_aware(datetime.datetime.combine(call_day,
                                                                    datetime.time(9, 30))))
    Deadline.objects.filter(inspection=inspection).delete()
    return type(inspection).objects.get(pk=inspection.pk)
