"""What every inspection service shares: state checks, versions, audit. Who may act is
asked of policy.inspections."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F

from audit.services import audit_record
from inspections.models import Inspection, State

# Where an inspection's story ends: no more steps, and its records no longer change.
FINISHED = frozenset({State.CLOSED, State.WITHDRAWN})


def require_state(*, inspection: Inspection, allowed: set[str], doing: str) -> None:
    if inspection.state not in allowed:
        raise ValidationError(
            f"You cannot {doing} while the inspection is "
            f"'{inspection.get_state_display().lower()}'")


def require_open(*, inspection: Inspection, doing: str) -> None:
    """Refuse any change to the records of a closed or withdrawn inspection."""
    if inspection.state in FINISHED:
        raise ValidationError(f"You cannot {doing}: the inspection is "
                              f"{inspection.get_state_display().lower()}")


class StaleEdit(ValidationError):
    """The inspection changed after the form was opened."""


STALE_MESSAGE = ("This inspection was changed by someone else since you opened it. Your "
                 "changes were not saved: reload the page to see the latest version, then "
                 "make your changes again.")


def locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("local_area").get(
        pk=inspection.pk)


def save_with_version(inspection: Inspection, fields: list[str],
                      expected_version: int | None = None) -> None:
    """Save the fields and bump the version; refuse if the stored version moved on."""
    expected = inspection.version if expected_version is None else expected_version
    updated = Inspection.objects.filter(pk=inspection.pk, version=expected).update(
        version=F("version") + 1, **{field: getattr(inspection, field) for field in fields})
    if not updated:
        raise StaleEdit(STALE_MESSAGE)
    inspection.version = expected + 1


def record_stale_message(what: str) -> str:
    return (f"This {what} was changed by someone else since you opened it. Your changes were "
            f"not saved: reload the page to see the latest version, then make your changes "
            f"again.")


def save_record_with_version(record, fields: list[str], expected_version: int,
                             what: str) -> None:
    """Save a record's fields and bump its version; refuse if it moved on since the form
    that changes it was opened at `expected_version`."""
    updated = type(record).objects.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1, **{field: getattr(record, field) for field in fields})
    if not updated:
        raise StaleEdit(record_stale_message(what))
    record.version = expected_version + 1


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def audit_transition(inspection: Inspection, by, action: str, before_state: str,
                     extra: dict | None = None) -> None:
    audit_record(actor=by, action=f"inspection.{action}", obj=inspection,
                 local_area=inspection.local_area, before={"state": before_state},
                 after={"state": inspection.state, "version": inspection.version,
                        **(extra or {})})

