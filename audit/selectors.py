import datetime

from django.db.models import QuerySet

from audit.models import AuditEvent
from config import clock
from inspections.models import Inspection

# Newest first; the primary key last, so the order is total and pages by key never skip or
# repeat a row (config.pagination.keyset_page).
TRAIL_ORDER = ("-at", "-id")


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
    an inspection's: its events, and those of its team, records and clocks.

    Every filter reads down an index in the trail's order (migration 0005): a day is a range
    of `at` rather than `at`'s date, and an inspection is found by its reference first, so
    its events are read by its id rather than joining every event to its inspection."""
    events = AuditEvent.objects.select_related("actor", "local_area", "inspection")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if local_area is not None:
        events = events.filter(local_area=local_area)
    if reference:
        inspections = list(Inspection.objects.filter(reference__iexact=reference)
                           .values_list("pk", flat=True)[:2])
        if not inspections:
            return AuditEvent.objects.none()
        events = events.filter(inspection_id__in=inspections)
    if date_from:
        events = events.filter(at__gte=uk_midnight(date_from))
    if date_to:
        events = events.filter(at__lt=uk_midnight(date_to + datetime.timedelta(days=1)))
    return events.order_by(*TRAIL_ORDER)


def uk_midnight(day: datetime.date) -> datetime.datetime:
    """The moment `day` starts in the UK: 00:00 GMT in winter, 23:00 UTC the day before in
    summer (midnight is never skipped or repeated there: the clocks change at 01:00 UTC)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=clock.ENGLAND)
