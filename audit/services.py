"""Writing the audit trail. Every row is built by audit_event, the one place that refuses
case content; audit_record saves one, audit_record_many many (docs/decisions/0004)."""

import datetime
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from audit.context import current_ip
from audit.models import AuditEvent

INSPECTION = "inspections.inspection"
# A code, an id, a username, an ISO date or time: one "word", never a sentence.
_CODE = re.compile(r"[\w.@+:/-]*")
MAX_CODE_LENGTH = 150  # Django's longest username
MAX_LABEL_LENGTH = 300  # the longest register or rule wording
_KEY = re.compile(r"[a-z][a-z0-9_]*")


class Label(str):
    """Words that are reference data, never case content: a name or code in the register
    (areas, health partners, contacts), a role, an inspection's reference, a rule's wording,
    the service's own account of a change (a day closed, a rule changed). Wrapping a value
    in Label is the one way words reach an audit row, so it is done where the value is
    known to be one of these, never to text a user typed about a case."""


def text_fields(**texts: str) -> list[str]:
    """The names of the free-text fields that were given, for an audit row to say that
    they were written without holding what they say."""
    return [name for name, text in texts.items() if text and text.strip()]


def _checked_value(key: str, value):
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Label):
        if len(value) <= MAX_LABEL_LENGTH:
            return str(value)
    elif isinstance(value, str):
        if len(value) <= MAX_CODE_LENGTH and _CODE.fullmatch(value):
            return value
    elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        # Field names, codes, role names: a flat list of short strings.
        return [_checked_value(key, item) for item in value]
    # The value is not echoed: the message may reach a log that outlives the case record.
    raise ValueError(f"Audit value {key!r} is not allowed: audit rows hold codes, ids, dates, "
                     f"numbers, yes/no and field names, never free text from the case record")


def _checked(values: dict | None) -> dict:
    checked = {}
    for key, value in (values or {}).items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError("Audit keys are field names")
        checked[key] = _checked_value(key, value)
    return checked


def _inspection_id_of(obj: models.Model) -> int | None:
    """The inspection the object is, or belongs to through a foreign key named inspection."""
    if obj._meta.label_lower == INSPECTION:
        return obj.pk
    try:
        field = obj._meta.get_field("inspection")
    except FieldDoesNotExist:
        return None
    to_one = field.many_to_one or field.one_to_one
    if to_one and field.related_model._meta.label_lower == INSPECTION:
        return obj.inspection_id
    return None


def audit_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    local_area=None,
    inspection_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """One audit row, unsaved: who, what, which object (and inspection), from → to.

    The inspection is the object itself, or the one it belongs to, unless given. Raises
    ValueError for any before/after value that could be free text (see Label): the text of
    the case record lives in its own records, which are kept only as long as the handbook
    allows, and never in this append-only table.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    if actor_label is None:
        actor_label = actor.get_username() if actor is not None else ""
    event = AuditEvent(actor=actor, actor_label=actor_label[:150], action=action,
                       local_area=local_area, inspection_id=inspection_id,
                       before=_checked(before), after=_checked(after),
                       ip_address=current_ip.get())
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
        if inspection_id is None:
            event.inspection_id = _inspection_id_of(obj)
    return event


def audit_record(**fields) -> AuditEvent:
    """Append one audit row, built by audit_event from the same keyword arguments. Call it
    inside the transaction of the change it records."""
    event = audit_event(**fields)
    event.save(force_insert=True)
    return event


def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append rows made by audit_event in one go. Call it inside the transaction of the
    changes they record."""
    return AuditEvent.objects.bulk_create(events, batch_size=500)


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


def audit_lockout(*, username: str) -> AuditEvent:
    # Who was locked out, as typed, and from which address (the row's ip_address).
    with transaction.atomic():
        return audit_record(actor=None, action="auth.lockout",
                            actor_label=username or "(blank)")
