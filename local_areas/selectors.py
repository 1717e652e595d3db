"""Reads of the register. Every page reads through these, with its joins written once."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from local_areas.models import AreaContact, AreaHealthPartner, ContactRole, LocalArea

VIEW_LOCAL_AREA = "local_areas.view_localarea"


def local_area_visible_to(*, user) -> QuerySet[LocalArea]:
    """Areas the user may see: all of them with the model permission, else those granted."""
    return get_objects_for_user(user, VIEW_LOCAL_AREA, klass=LocalArea, accept_global_perms=True)


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


def local_area_get_for_user(*, user, pk: int, perm: str = VIEW_LOCAL_AREA) -> LocalArea:
    """The area, if it exists and the user holds perm on it; 404 for missing and not yours."""
    queryset = get_objects_for_user(user, perm, klass=LocalArea, accept_global_perms=True)
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


def contact_get_for_user(*, user, pk: int, perm: str = VIEW_LOCAL_AREA) -> AreaContact:
    """A contact of an area the user holds perm on; 404 otherwise."""
    contact = (
        AreaContact.objects.select_related("local_area", "health_partner")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404("No such contact")
    local_area_get_for_user(user=user, pk=contact.local_area_id, perm=perm)
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
