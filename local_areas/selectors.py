"""Reads of the register. Every page reads through these, with its joins written once."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from local_areas.models import (
    AreaContact,
    AreaHealthPartner,
    ContactRole,
    HealthPartner,
    LocalArea,
)
from policy import local_areas as policy


def local_area_visible_to(*, user) -> QuerySet[LocalArea]:
    """Areas the user may see, as the policy says."""
    return policy.visible_to(user=user)


def local_area_list_for_user(
    *,
    user,
    search: str = "",
    region: str = "",
    status: str = "",
    today: datetime.date,
) -> QuerySet[LocalArea]:
    areas = local_area_visible_to(user=user)
    if search:
        areas = areas.filter(Q(name__icontains=search) | Q(ons_code__iexact=search))
    if region:
        areas = areas.filter(region=region)
    if status == "current":
        areas = areas.valid_on(today)
    elif status == "former":
        areas = areas.filter(valid_to__lt=today)
    return areas.order_by("name", "ons_code")


def local_area_get_for_user(*, user, pk: int, action: str = "view") -> LocalArea:
    """The area, if it exists and the user may take the action on it; 404 for missing and
    not yours alike."""
    queryset = policy.visible_to(user=user, action=action)
    area = (
        queryset.filter(pk=pk)
        .prefetch_related(
            "predecessors",
            "successors",
            Prefetch(
                "health_partnerships",
                queryset=AreaHealthPartner.objects.select_related("health_partner"),
            ),
            Prefetch(
                "contacts",
                queryset=AreaContact.objects.select_related("health_partner", "user").order_by(
                    "role", "-start_date"
                ),
            ),
        )
        .first()
    )
    if area is None:
        raise Http404("No such local area")
    return area


def contact_get_for_user(*, user, pk: int, action: str = "view") -> AreaContact:
    """A contact of an area on which the user may take the action; 404 otherwise."""
    contact = (
        AreaContact.objects.select_related("local_area", "health_partner")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404("No such contact")
    local_area_get_for_user(user=user, pk=contact.local_area_id, action=action)
    return contact


def contact_holding_role_on(
    *, local_area: LocalArea, role: str, on: datetime.date, health_partner=None
) -> AreaContact | None:
    """Who held the role for the area on that day (e.g. the LANO for an inspection)."""
    contacts = AreaContact.objects.filter(local_area=local_area, role=role).valid_on(
        on, start="start_date", end="end_date"
    )
    if role == ContactRole.HEALTH_CHIEF_EXECUTIVE:
        contacts = contacts.filter(health_partner=health_partner)
    return contacts.order_by("-start_date").first()


def contacts_overlapping(
    *,
    local_area: LocalArea,
    role: str,
    start: datetime.date,
    end: datetime.date | None,
    health_partner=None,
    exclude_pk: int | None = None,
) -> QuerySet[AreaContact]:
    """Contacts holding the same role whose period meets [start, end]."""
    contacts = AreaContact.objects.filter(local_area=local_area, role=role).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    if end is not None:
        contacts = contacts.filter(start_date__lte=end)
    if role == ContactRole.HEALTH_CHIEF_EXECUTIVE:
        contacts = contacts.filter(health_partner=health_partner)
    if exclude_pk is not None:
        contacts = contacts.exclude(pk=exclude_pk)
    return contacts.order_by("start_date")


def health_partners_on(*, local_area: LocalArea, on: datetime.date) -> list[HealthPartner]:
    """The CCGs or ICBs working with the area on that day, by name."""
    links = AreaHealthPartner.objects.filter(local_area=local_area).valid_on(on)
    return list(HealthPartner.objects.filter(area_partnerships__in=links).distinct()
                .order_by("name"))
