"""How long an inspection's evidence base is kept, the holds that keep it longer, and its
deletion once the time is up (handbook 73).

The evidence base is kept for six calendar months after the report is published, and for as
long as any hold is in force: a safeguarding concern, litigation, a formal complaint, a
written statement of action, or sensitivity. Each hold says why and who set it; releasing
one is recorded beside it, never by removing it.

The evidence base is everything the inspectors gathered: the evidence records with their
aspects and groups, the autosaved drafts, the documents attached to records and the
documents the local area gave in answer to information requests, with every version and its
stored file. The information requests themselves (what was asked, by when) stay as part of
the inspection's history, as do the holds and the audit trail.

Setting a hold and deleting the evidence base both lock the inspection's row first, so a
hold set while the nightly deletion runs either comes before it (and keeps the evidence) or
after it (and is refused: there is nothing left to keep).
"""

import datetime
import logging
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q

from audit.models import AuditEvent
from audit.services import audit_record, text_fields
from config import clock
from deadlines.calendar import add_calendar_months
from evidence.models import (
    Document,
    DocumentVersion,
    EvidenceAspect,
    EvidenceDraft,
    EvidenceGroup,
    EvidenceRecord,
    HoldReason,
    RetentionHold,
)
from inspections.models import Inspection
from inspections.services.common import locked
from policy import evidence as policy

logger = logging.getLogger(__name__)

RETENTION_MONTHS = 6  # handbook 73: "retained for six months after publication"
DELETED = "evidence.deleted"
# Whoever else runs the deletion at the same moment leaves it to the one holding this key.
DELETION_LOCK_KEY = 7_300_073


# The rule, as pure functions --------------------------------------------------------------

def evidence_deletable_on(*, published_on: datetime.date | None,
                          held: bool) -> datetime.date | None:
    """The first day the evidence base may be deleted: six calendar months after publication
    (the month's last day where it is shorter: published 31 August, deletable on the last
    day of February). None while the report is unpublished or any hold is in force."""
    if published_on is None or held:
        return None
    return add_calendar_months(published_on, RETENTION_MONTHS)


@dataclass(frozen=True)
class Retention:
    """Where an inspection's evidence base stands: when it may be deleted, and why."""

    published_on: datetime.date | None
    holds: tuple = ()  # the holds in force
    deleted_on: datetime.date | None = None
    deletable_on: datetime.date | None = field(default=None)
    kept_until: datetime.date | None = None  # six months after publication, held or not

    @property
    def held(self) -> bool:
        return bool(self.holds)


def retention_of(*, published_on: datetime.date | None, holds_in_force,
                 deleted_on: datetime.date | None = None) -> Retention:
    holds = tuple(holds_in_force)
    return Retention(
        published_on=published_on, holds=holds, deleted_on=deleted_on,
        deletable_on=evidence_deletable_on(published_on=published_on, held=bool(holds)),
        kept_until=evidence_deletable_on(published_on=published_on, held=False))


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def retention_explained(retention: Retention) -> str:
    """In one sentence: "Published 3 March 2025; kept until 3 September 2025." """
    if retention.deleted_on:
        return f"The evidence base was deleted on {long_date(retention.deleted_on)}."
    if retention.held:
        reasons = "; ".join(str(hold.get_reason_display()).lower()
                            for hold in retention.holds)
        if retention.published_on is None:
            return f"Not yet published. Kept while held: {reasons}."
        return (f"Published {long_date(retention.published_on)}. Kept while held: "
                f"{reasons}.")
    if retention.published_on is None:
        return ("Not yet published: the evidence base is kept until six months after the "
                "report is published.")
    return (f"Published {long_date(retention.published_on)}; kept until "
            f"{long_date(retention.kept_until)}.")


# Reading -------------------------------------------------------------------------------------

def holds_of(*, inspection: Inspection) -> list[RetentionHold]:
    """Every hold on the inspection's evidence base, oldest first, with who set and released
    it: one query."""
    return list(RetentionHold.objects.filter(inspection=inspection)
                .select_related("set_by", "released_by").order_by("set_at", "id"))


def deleted_on(*, inspection: Inspection) -> datetime.date | None:
    """The day the evidence base was deleted, from the audit row the deletion left."""
    moment = (AuditEvent.objects.filter(inspection_id=inspection.pk, action=DELETED)
              .order_by("-at").values_list("at", flat=True).first())
    return moment.astimezone(clock.ENGLAND).date() if moment else None


def inspection_retention(*, inspection: Inspection, holds: list[RetentionHold]) -> Retention:
    return retention_of(published_on=inspection.published_on,
                        holds_in_force=[hold for hold in holds if hold.released_at is None],
                        deleted_on=deleted_on(inspection=inspection))


# Holds -----------------------------------------------------------------------------------------

@transaction.atomic
def retention_hold_set(*, inspection: Inspection, by, reason: str,
                       details: str) -> RetentionHold:
    """Keep the evidence base for a reason until the hold is released. At most one hold is
    in force for each reason; none can be set once the evidence base has been deleted."""
    inspection = locked(inspection)
    policy.require(by, inspection, "hold_evidence")
    if reason not in HoldReason.values:
        raise ValidationError({"reason": "Select why the evidence base must be kept"})
    if not details.strip():
        raise ValidationError({"details": "Give the details of why the evidence base must be "
                                          "kept"})
    if deleted_on(inspection=inspection):
        raise ValidationError("The evidence base has been deleted: there is nothing to keep")
    if RetentionHold.objects.filter(inspection=inspection, reason=reason,
                                    released_at__isnull=True).exists():
        raise ValidationError({"reason": "The evidence base is already held for that reason"})
    try:
        with transaction.atomic():
            hold = RetentionHold.objects.create(inspection=inspection, reason=reason,
                                                details=details, set_by=by, set_at=clock.now())
    except IntegrityError as error:  # a hold set for the same reason a moment before
        raise ValidationError(
            {"reason": "The evidence base is already held for that reason"}) from error
    audit_record(actor=by, action="evidence.hold_set", obj=hold,
                 local_area=inspection.local_area,
                 after={"reason": reason, "hold": hold.pk,
                        "fields": text_fields(details=details)})
    return hold


@transaction.atomic
def retention_hold_release(*, hold: RetentionHold, by) -> RetentionHold:
    """Release a hold: it stays on the record with who released it and when. Once no hold is
    in force, the evidence base may be deleted when its six months are up."""
    inspection = locked(hold.inspection)
    policy.require(by, inspection, "release_hold")
    hold = RetentionHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ValidationError("This hold has already been released")
    hold.released_by, hold.released_at = by, clock.now()
    hold.save(update_fields=["released_by", "released_at"])
    audit_record(actor=by, action="evidence.hold_released", obj=hold,
                 local_area=inspection.local_area,
                 before={"reason": hold.reason, "hold": hold.pk},
                 after={"released_at": hold.released_at.isoformat()})
    return hold


# Deletion ----------------------------------------------------------------------------------------

@dataclass
class DeletionResult:
    inspections: int = 0
    records: int = 0
    documents: int = 0
    versions: int = 0
    skipped: bool = False  # another run held the lock


def _in_force():
    return RetentionHold.objects.filter(inspection=OuterRef("pk"), released_at__isnull=True)


def _has_evidence() -> Q:
    return (Q(Exists(EvidenceRecord.objects.filter(inspection=OuterRef("pk"))))
            | Q(Exists(Document.objects.filter(inspection=OuterRef("pk"),
                                               statement_of__isnull=True)))
            | Q(Exists(EvidenceDraft.objects.filter(inspection=OuterRef("pk")))))


def expired_candidates(*, today: datetime.date) -> list[int]:
    """The inspections whose evidence base may be deleted today, with something left to
    delete, oldest publication first."""
    # Six months back, less a few days: month ends make the exact rule (checked in Python)
    # land up to three days after this.
    roughly = today - relativedelta(months=RETENTION_MONTHS) + datetime.timedelta(days=4)
    rows = (Inspection.objects.filter(published_on__isnull=False, published_on__lte=roughly)
            .filter(~Exists(_in_force())).filter(_has_evidence())
            .order_by("published_on", "pk").values_list("pk", "published_on"))
    return [pk for pk, published_on in rows
            if evidence_deletable_on(published_on=published_on, held=False) <= today]


def evidence_delete_expired(*, today: datetime.date) -> DeletionResult:
    """Delete every evidence base whose time is up on `today` and that no hold keeps. Each
    inspection's deletion is one transaction with its one audit row (counts only); the
    stored files go once it commits. Safe to run again, and alongside another run."""
    result = DeletionResult()
    with _run_lock() as acquired:
        if not acquired:
            result.skipped = True
            logger.info("evidence deletion for %s: another run is under way", today)
            return result
        for pk in expired_candidates(today=today):
            counts = _delete_one(pk=pk, today=today)
            if counts:
                result.inspections += 1
                result.records += counts["records"]
                result.documents += counts["documents"]
                result.versions += counts["versions"]
    logger.info("evidence deletion for %s: %s", today, result)
    return result


class _run_lock:
    """A non-blocking PostgreSQL advisory lock for the whole run (elsewhere, always got):
    a second run started while one is going finds it taken and stops."""

    def __enter__(self) -> bool:
        self.postgres = connection.vendor == "postgresql"
        if not self.postgres:
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [DELETION_LOCK_KEY])
            self.acquired = cursor.fetchone()[0]
        return self.acquired

    def __exit__(self, *exc) -> None:
        if self.postgres and self.acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [DELETION_LOCK_KEY])


@transaction.atomic
def _delete_one(*, pk: int, today: datetime.date) -> dict | None:
    """Delete one inspection's evidence base, unless a hold was set since it was picked or
    another run has it. A fixed number of queries, however large the evidence base."""
    inspection = (Inspection.objects.select_for_update(skip_locked=True, of=("self",))
                  .select_related("local_area").filter(pk=pk).first())
    if inspection is None or RetentionHold.objects.filter(
            inspection=inspection, released_at__isnull=True).exists():
        return None
    deletable_on = evidence_deletable_on(published_on=inspection.published_on, held=False)
    if deletable_on is None or deletable_on > today:
        return None
    # A written statement of action is the principal authority's, not the inspectors'
    # evidence: it stays with the statement.
    versions = DocumentVersion.objects.filter(document__inspection=inspection,
                                              document__statement_of__isnull=True)
    files = [name for name in versions.values_list("file", flat=True) if name]
    records = EvidenceRecord.objects.filter(inspection=inspection)
    counts = {
        "versions": versions.delete()[0],
        "documents": Document.objects.filter(inspection=inspection,
                                             statement_of__isnull=True).delete()[0],
        "drafts": EvidenceDraft.objects.filter(inspection=inspection).delete()[0],
        "aspects": EvidenceAspect.objects.filter(record__inspection=inspection).delete()[0],
        "groups": EvidenceGroup.objects.filter(record__inspection=inspection).delete()[0],
    }
    counts["records"] = records.delete()[1].get(EvidenceRecord._meta.label, 0)
    if not any(counts.values()):
        return None
    audit_record(actor=None, action="evidence.deleted", obj=inspection,
                 local_area=inspection.local_area,
                 after={**counts, "files": len(files),
                        "published_on": inspection.published_on,
                        "deletable_on": deletable_on, "deleted_on": today})
    transaction.on_commit(lambda: _delete_files(files))
    return counts


def _delete_files(names: list[str]) -> None:
    """Remove the stored files of deleted versions, through the field's storage. A file
    that cannot be removed is logged by name (a generated name, nothing of the case) and
    left: the rows are gone, and the store's own housekeeping can find it."""
    storage = DocumentVersion._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("evidence deletion: could not delete stored file %s", name)
