import datetime

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    local_area=None,
    reference: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, filtered; dates are whole days in UK time. `reference` is
    an inspection's: its events, and those of its team, records and clocks."""
    events = AuditEvent.objects.select_related("actor", "local_area", "inspection")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if local_area is not None:
        events = events.filter(local_area=local_area)
    if reference:
        events = events.filter(inspection__reference__iexact=reference)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-id")


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
