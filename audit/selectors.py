import datetime

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    local_area=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, filtered; dates are whole days in UK time."""
    events = AuditEvent.objects.select_related("local_area")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if local_area is not None:
        events = events.filter(local_area=local_area)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-id")


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
