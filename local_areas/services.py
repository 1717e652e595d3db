"""Every change to the register goes through here: atomic, validated and audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import Label, audit_record
from config.govuk_forms import long_date
from local_areas.models import (
    AreaContact,
    AreaHealthPartner,
    ContactRole,
    HealthPartner,
    LocalArea,
)
from local_areas.selectors import contacts_overlapping
from policy import local_areas as policy

AREA_FIELDS = ("ons_code", "name", "area_type", "region", "valid_from", "valid_to")
CONTACT_FIELDS = ("role", "name", "job_title", "email", "phone", "start_date", "end_date")


def _snapshot(obj, fields) -> dict:
    # Register entries: their names and details are reference data, not case content.
    values = {}
    for field in fields:
        value = getattr(obj, field)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        values[field] = Label(value) if isinstance(value, str) else value
    return values


@transaction.atomic
def local_area_create(*, by, **fields) -> LocalArea:
    """Add an area to the register."""
    policy.require_generally(by, "add")
    area = LocalArea(**{field: fields.get(field) for field in AREA_FIELDS})
    area.full_clean()
    area.save()
    audit_record(actor=by, action="local_area.create", obj=area, local_area=area,
                 after=_snapshot(area, AREA_FIELDS))
    return area


@transaction.atomic
def local_area_update(*, local_area: LocalArea, by, **fields) -> LocalArea:
    """Change an area's details; the audit row keeps what it was before."""
    policy.require(by, local_area, "change")
    area = LocalArea.objects.select_for_update().get(pk=local_area.pk)
    before = _snapshot(area, AREA_FIELDS)
    for field in AREA_FIELDS:
        if field in fields:
            setattr(area, field, fields[field])
    area.full_clean()
    after = _snapshot(area, AREA_FIELDS)
    changed = [field for field in AREA_FIELDS if before[field] != after[field]]
    if not changed:
        return area
    area.save(update_fields=changed)
    audit_record(actor=by, action="local_area.update", obj=area, local_area=area,
                 before={f: before[f] for f in changed}, after={f: after[f] for f in changed})
    return area


@transaction.atomic
def contact_add(
    *,
    local_area: LocalArea,
    by,
    role: str,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    job_title: str = "",
    email: str = "",
    phone: str = "",
    health_partner: HealthPartner | None = None,
    user=None,
) -> AreaContact:
    """Name someone in a role for an area from start_date.

    One person holds a role at a time. If the current holder has no end date and started
    before start_date, their role ends the day before; any other overlap is refused.
    """
    policy.require(by, local_area, "name_lano" if role == ContactRole.LANO else "change")
    # Lock the area so two admins naming a new LANO at once cannot both succeed.
    LocalArea.objects.select_for_update().get(pk=local_area.pk)
    contact = AreaContact(
        local_area=local_area, role=role, name=name, job_title=job_title, email=email,
        phone=phone, health_partner=health_partner, user=user,
        start_date=start_date, end_date=end_date,
    )
    contact.full_clean()
    _end_or_refuse_overlaps(contact=contact, by=by)
    contact.save()
    audit_record(actor=by, action="contact.add", obj=contact, local_area=local_area,
                 after=_snapshot(contact, CONTACT_FIELDS))
    return contact


def _end_or_refuse_overlaps(*, contact: AreaContact, by) -> None:
    overlapping = list(contacts_overlapping(
        local_area=contact.local_area, role=contact.role, start=contact.start_date,
        end=contact.end_date, health_partner=contact.health_partner,
    ))
    for other in overlapping:
        if other.end_date is None and other.start_date < contact.start_date:
            contact_end(contact=other, by=by,
                        end_date=contact.start_date - datetime.timedelta(days=1))
            continue
        until = f"to {long_date(other.end_date)}" if other.end_date else "with no end date"
        raise ValidationError({"start_date": (
            f"{other.name} is {other.get_role_display()} from {long_date(other.start_date)} "
            f"{until}. Choose dates that do not overlap."
        )})


@transaction.atomic
def contact_end(*, contact: AreaContact, by, end_date: datetime.date) -> AreaContact:
    """Record the last day someone held their role."""
    contact = AreaContact.objects.select_for_update().select_related("local_area").get(
        pk=contact.pk)
    policy.require(by, contact.local_area, "change")
    if end_date < contact.start_date:
        raise ValidationError({"end_date": (
            f"The end date must be the same as or after the start date, "
            f"{long_date(contact.start_date)}"
        )})
    before = {"end_date": contact.end_date.isoformat() if contact.end_date else None}
    contact.end_date = end_date
    contact.save(update_fields=["end_date"])
    audit_record(actor=by, action="contact.end", obj=contact, local_area=contact.local_area,
                 before=before, after={"end_date": end_date.isoformat()})
    return contact


@transaction.atomic
def health_partner_create(*, by, kind: str, name: str, ods_code: str = "",
                          valid_from=None, valid_to=None) -> HealthPartner:
    policy.require_generally(by, "add_health_partner")
    partner = HealthPartner(kind=kind, name=name, ods_code=ods_code,
                            valid_from=valid_from, valid_to=valid_to)
    partner.full_clean()
    partner.save()
    audit_record(actor=by, action="health_partner.create", obj=partner,
                 after={"kind": kind, "name": Label(name), "ods_code": Label(ods_code)})
    return partner


@transaction.atomic
def health_partner_link(*, local_area: LocalArea, health_partner: HealthPartner, by,
                        valid_from=None, valid_to=None) -> AreaHealthPartner:
    """Record that a health partner works with an area over a period."""
    policy.require(by, local_area, "change")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": "The end date must be after the start date"})
    link = AreaHealthPartner(local_area=local_area, health_partner=health_partner,
                             valid_from=valid_from, valid_to=valid_to)
    link.full_clean()
    link.save()
    audit_record(actor=by, action="health_partner.link", obj=link, local_area=local_area,
                 after={"health_partner": Label(health_partner.name),
                        "valid_from": valid_from.isoformat() if valid_from else None,
                        "valid_to": valid_to.isoformat() if valid_to else None})
    return link
