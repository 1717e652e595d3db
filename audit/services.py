from django.db import models, transaction

from audit.context import current_ip
from audit.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    local_area=None,
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one audit row. Call it inside the transaction of the change it records."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    if actor_label is None:
        actor_label = actor.get_username() if actor is not None else ""
    event = AuditEvent(
        actor=actor,
        actor_label=actor_label[:150],
        action=action,
        local_area=local_area,
        before=before or {},
        after=after or {},
        ip_address=current_ip.get(),
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
    event.save(force_insert=True)
    return event


def audit_sign_in(*, user) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=user, action="auth.sign_in", obj=user,
                            local_area=user.local_area if user.local_area_id else None)


def audit_sign_in_failed(*, username: str) -> AuditEvent:
    # The password is never recorded; the username as typed is.
    with transaction.atomic():
        return audit_record(actor=None, action="auth.sign_in_failed",
                            actor_label=username or "(blank)")


def audit_sign_out(*, user) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=user, action="auth.sign_out", obj=user)
