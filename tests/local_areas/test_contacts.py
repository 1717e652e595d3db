"""Who held a role for an area, on any date: one answer, with history kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from local_areas import services
from local_areas.models import AreaContact, ContactRole
from local_areas.selectors import contact_holding_role_on
from tests.factories import AreaContactFactory, HealthPartnerFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_lano_on_a_date_is_whoever_held_the_role_that_day(medway, ofsted_admin):
    first = services.contact_add(local_area=medway, by=ofsted_admin, role=ContactRole.LANO,
                                 name="Wendy Vincent", start_date=D(2017, 9, 1))
    second = services.contact_add(local_area=medway, by=ofsted_admin, role=ContactRole.LANO,
                                  name="Jo Bennett", start_date=D(2024, 9, 2))

    first.refresh_from_db()
    assert first.end_date == D(2024, 9, 1)
    assert contact_holding_role_on(local_area=medway, role=ContactRole.LANO,
                                   on=D(2017, 12, 4)) == first
    assert contact_holding_role_on(local_area=medway, role=ContactRole.LANO,
                                   on=D(2024, 9, 1)) == first
    assert contact_holding_role_on(local_area=medway, role=ContactRole.LANO,
                                   on=D(2024, 9, 2)) == second
    assert contact_holding_role_on(local_area=medway, role=ContactRole.LANO,
                                   on=D(2017, 8, 31)) is None


def test_naming_a_new_lano_ends_the_current_one_and_audits_both(medway, ofsted_admin):
    AreaContactFactory(local_area=medway, name="Old LANO", start_date=D(2020, 1, 6))
    services.contact_add(local_area=medway, by=ofsted_admin, role=ContactRole.LANO,
                         name="New LANO", start_date=D(2025, 2, 3))

    actions = list(AuditEvent.objects.filter(actor=ofsted_admin).order_by("id")
                   .values_list("action", "before", "after"))
    assert actions[0] == ("contact.end", {"end_date": None}, {"end_date": "2025-02-02"})
    assert actions[1][0] == "contact.add" and actions[1][2]["name"] == "New LANO"


def test_overlapping_a_closed_period_is_refused_and_changes_nothing(medway, ofsted_admin):
    AreaContactFactory(local_area=medway, name="Past LANO", start_date=D(2020, 1, 6),
                       end_date=D(2022, 12, 31))
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refusal:
        services.contact_add(local_area=medway, by=ofsted_admin, role=ContactRole.LANO,
                             name="Clash", start_date=D(2022, 6, 1))

    assert "Past LANO is Local area nominated officer (LANO) from 6 January 2020 to " \
           "31 December 2022" in refusal.value.message_dict["start_date"][0]
    assert not AreaContact.objects.filter(name="Clash").exists()
    assert AuditEvent.objects.count() == audit_rows


def test_starting_before_the_current_holder_is_refused(medway, ofsted_admin):
    AreaContactFactory(local_area=medway, name="Current", start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.contact_add(local_area=medway, by=ofsted_admin, role=ContactRole.LANO,
                             name="Earlier", start_date=D(2023, 6, 1))
    assert AreaContact.objects.get(name="Current").end_date is None


def test_other_areas_and_other_roles_do_not_clash(medway, barnet, ofsted_admin):
    AreaContactFactory(local_area=medway, role=ContactRole.LANO, start_date=D(2024, 1, 1))
    AreaContactFactory(local_area=barnet, role=ContactRole.LANO, start_date=D(2024, 1, 1))
    AreaContactFactory(local_area=medway, role=ContactRole.DCS, start_date=D(2024, 1, 1))
    assert AreaContact.objects.filter(end_date__isnull=True).count() == 3


def test_each_health_partner_has_its_own_chief_executive(medway, ofsted_admin):
    ccg, icb = HealthPartnerFactory(kind="ccg"), HealthPartnerFactory()
    for partner in (ccg, icb):
        services.health_partner_link(local_area=medway, health_partner=partner, by=ofsted_admin)
        services.contact_add(local_area=medway, by=ofsted_admin,
                             role=ContactRole.HEALTH_CHIEF_EXECUTIVE, name=f"CE of {partner}",
                             health_partner=partner, start_date=D(2022, 7, 1))
    found = contact_holding_role_on(local_area=medway, role=ContactRole.HEALTH_CHIEF_EXECUTIVE,
                                    on=D(2023, 1, 1), health_partner=icb)
    assert found.name == f"CE of {icb}"
    assert AreaContact.objects.filter(end_date__isnull=True).count() == 2


def test_a_health_chief_executive_needs_a_health_partner(medway, ofsted_admin):
    with pytest.raises(ValidationError):
        services.contact_add(local_area=medway, by=ofsted_admin,
                             role=ContactRole.HEALTH_CHIEF_EXECUTIVE, name="No partner",
                             start_date=D(2024, 1, 1))


def test_ending_a_role_before_it_started_is_refused(medway, ofsted_admin):
    contact = AreaContactFactory(local_area=medway, start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError) as refusal:
        services.contact_end(contact=contact, by=ofsted_admin, end_date=D(2023, 12, 31))
    assert "1 January 2024" in refusal.value.message_dict["end_date"][0]
    contact.refresh_from_db()
    assert contact.end_date is None
