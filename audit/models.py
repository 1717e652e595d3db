from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils import timezone


class AuditEvent(models.Model):
    """One thing someone did, recorded in the same transaction as the change itself.

    Append-only: the database refuses UPDATE (and, on PostgreSQL, DELETE) on this table;
    see migration 0002 and docs/decisions/0004. Rows never hold text of the case record
    (reasons, details, notes): only who, what, which object and inspection, and from → to in
    codes, dates, numbers and field names; audit.services.audit_event refuses the rest.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name as typed or as it was at the time, kept even if the account changes.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    local_area = models.ForeignKey(
        "local_areas.LocalArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The inspection the event concerns, when it is one or something of one (its team, a
    # deferral, a clock): one inspection's trail in one query.
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=True,
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The trail's filters each read down an index in its order (newest first), so a page
        # costs the same whether the events it shows are this week's or ten years old
        # (audit.selectors.audit_event_list; EXPLAIN ANALYZE figures in migration 0005).
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["local_area", "-at"]),
            # The trail's own order, to the key: a page after a cursor reads 50 rows down it
            # even where thousands of events share a moment (a sweep records its clocks missed
            # in one statement, at one time), which an index of `at` alone would sort.
            models.Index(fields=["-at", "-id"], name="audit_trail_idx"),
            models.Index(fields=["action", "-at", "-id"], name="audit_action_trail_idx"),
            # The username filter is case-insensitive: UPPER(actor_label) = UPPER(…).
            models.Index(Upper("actor_label"), F("at").desc(), F("id").desc(),
                         name="audit_actor_trail_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"
