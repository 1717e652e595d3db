"""Writing evidence records, and saving what an inspector has typed but not yet saved.

A record is written by a member of the inspection's team and may be changed by any member.
Every change names the version it was made against: one made against an older version is
refused with ``EvidenceConflict``, which carries the record as it now is, so that the page
can show both versions for the person to merge (docs/decisions/0029). Each create, change,
finalising and safeguarding flag leaves one audit row in its transaction, naming the text
fields written, never what they say.

Autosave (``evidence_draft_autosave``) writes only the person's own ``EvidenceDraft`` row,
in one upsert: it takes no lock on the inspection or the record, so a team typing at once
never waits on each other.
"""

import datetime
import uuid
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.services import audit_record, text_fields
from config import clock
from deadlines.models import Notification
from evidence.models import (
    NEEDS_CONSENT,
    Activity,
    Aspect,
    EvidenceAspect,
    EvidenceDraft,
    EvidenceGroup,
    EvidenceRecord,
    EvidenceStatus,
    Group,
    HoldReason,
    RetentionHold,
    Weighing,
)
from inspections.models import Inspection
from inspections.services.common import StaleEdit, require_open
from policy import evidence as policy

QUESTIONS = ("A", "B", "C")
TEXTS = ("place", "participants", "text")
NO_QUESTION = "Select at least one question the evidence informs"
NO_CONSENT = ("Confirm that consent was checked before saving this evidence as final: "
              "the activity was with children and young people, or their parents or carers")
STAYS_FLAGGED = "A safeguarding concern, once flagged, stays flagged"
# The form fields a draft keeps; anything else posted is not stored.
DRAFT_FIELDS = frozenset({
    "activity", "happened_on_0", "happened_on_1", "happened_on_2", "happened_time", "place",
    "participants", "informs", "aspects", "groups", "weighing", "text", "consent_checked",
    "safeguarding"})
MULTIPLE = frozenset({"informs", "aspects", "groups"})
MAX_DRAFT_CHARS = 200_000


class EvidenceConflict(StaleEdit):
    """The record changed since the form was opened; `current` is the record as saved."""

    def __init__(self, current: EvidenceRecord):
        super().__init__(
            "This evidence was changed by someone else since you opened it. Your version "
            "has not been saved: compare it with the saved version, merge them, and save "
            "again.")
        self.current = current


def _check(*, activity: str, questions: Collection[str], weighing: str, aspects, groups,
           final: bool, consent_checked: bool) -> None:
    errors = {}
    if activity not in Activity.values:
        errors["activity"] = "Select the activity"
    if not questions or set(questions) - set(QUESTIONS):
        errors["informs"] = NO_QUESTION
    if weighing not in Weighing.values:
        errors["weighing"] = "Select whether it shows a strength or an area for development"
    if set(aspects) - set(Aspect.values):
        errors["aspects"] = "Select from the aspects listed"
    if set(groups) - set(Group.values):
        errors["groups"] = "Select from the groups listed"
    if final and activity in NEEDS_CONSENT and not consent_checked:
        errors["consent_checked"] = NO_CONSENT
    if errors:
        raise ValidationError(errors)


def _fields(*, activity, happened_at, place, participants, questions, weighing, text,
            consent_checked) -> dict:
    return {"activity": activity, "happened_at": happened_at, "place": place,
            "participants": participants, "informs_a": "A" in questions,
            "informs_b": "B" in questions, "informs_c": "C" in questions,
            "weighing": weighing, "text": text, "consent_checked": consent_checked}


def _set_children(record: EvidenceRecord, aspects, groups) -> None:
    """The record's aspects and groups become exactly those given."""
    for model, name, wanted in ((EvidenceAspect, "aspect", set(aspects)),
                                (EvidenceGroup, "group", set(groups))):
        model.objects.filter(record=record).exclude(**{f"{name}__in": wanted}).delete()
        model.objects.bulk_create([model(record=record, **{name: value})
                                   for value in sorted(wanted)], ignore_conflicts=True)


def _audit(record: EvidenceRecord, by, action: str, after: dict,
           before: dict | None = None) -> None:
    audit_record(actor=by, action=f"evidence.{action}", obj=record,
                 local_area=record.inspection.local_area, before=before,
                 after={"evidence_record": record.pk, "version": record.version, **after})


def _forget_draft(*, by, form_key: uuid.UUID | None) -> None:
    if form_key is not None:
        EvidenceDraft.objects.filter(author=by, form_key=form_key).delete()


def _open_for_writing(inspection: Inspection, by, doing: str) -> Inspection:
    """The inspection, locked and fresh, once `by` may write its evidence and it is open.

    The lock is FOR NO KEY UPDATE, the record's too: it keeps the inspection from closing
    under the save, yet lets the team's autosaves insert drafts that refer to both (their
    foreign keys take FOR KEY SHARE, which a FOR UPDATE lock would make wait)."""
    fresh = (Inspection.objects.select_for_update(no_key=True, of=("self",))
             .select_related("local_area").get(pk=inspection.pk))
    policy.require(by, inspection, "record_evidence")  # reads the team the caller fetched
    require_open(inspection=fresh, doing=doing)
    return fresh


@transaction.atomic
def evidence_record_create(*, inspection: Inspection, by, final: bool, activity: str,
                           questions: Collection[str], text: str,
                           happened_at: datetime.datetime | None = None, place: str = "",
                           participants: str = "", aspects: Collection[str] = (),
                           groups: Collection[str] = (), weighing: str = Weighing.NEITHER,
                           consent_checked: bool = False, safeguarding: bool = False,
                           form_key: uuid.UUID | None = None) -> EvidenceRecord:
    """A new record, as a draft or final, by a member of the team of an open inspection.
    Final evidence of an activity with children, young people, parents or carers needs
    consent confirmed. A safeguarding flag tells the lead inspector and Ofsted admins and
    holds the evidence base. The writer's draft of the form (`form_key`) is removed."""
    inspection = _open_for_writing(inspection, by, "record evidence")
    _check(activity=activity, questions=questions, weighing=weighing, aspects=aspects,
           groups=groups, final=final, consent_checked=consent_checked)
    now = clock.now()
    record = EvidenceRecord.objects.create(
        inspection=inspection, author=by, updated_by=by, created_at=now, updated_at=now,
        status=EvidenceStatus.FINAL if final else EvidenceStatus.DRAFT,
        **_fields(activity=activity, happened_at=happened_at, place=place,
                  participants=participants, questions=questions, weighing=weighing,
                  text=text, consent_checked=consent_checked))
    _set_children(record, aspects, groups)
    _audit(record, by, "created", {
        "status": record.status, "activity": activity, "questions": record.questions,
        "text_fields": text_fields(place=place, participants=participants, text=text)})
    if safeguarding:
        _flag_safeguarding(record, by)
    _forget_draft(by=by, form_key=form_key)
    return record


@transaction.atomic
def evidence_record_update(*, record: EvidenceRecord, by, expected_version: int, final: bool,
                           activity: str, questions: Collection[str], text: str,
                           happened_at: datetime.datetime | None = None, place: str = "",
                           participants: str = "", aspects: Collection[str] = (),
                           groups: Collection[str] = (), weighing: str = Weighing.NEITHER,
                           consent_checked: bool = False, safeguarding: bool = False,
                           form_key: uuid.UUID | None = None) -> EvidenceRecord:
    """Change a record, as any member of the team may, if it is still at `expected_version`;
    otherwise EvidenceConflict, with the record as it is now. Final evidence stays final.
    The audit row is "finalised" when a draft becomes final, else "changed"."""
    inspection = _open_for_writing(record.inspection, by, "change evidence")
    record = (EvidenceRecord.objects.select_for_update(no_key=True, of=("self",))
              .select_related("updated_by").get(pk=record.pk))
    if record.version != expected_version:
        raise EvidenceConflict(record)
    record.inspection = inspection
    if record.safeguarding and not safeguarding:
        raise ValidationError({"safeguarding": STAYS_FLAGGED})
    final = final or record.status == EvidenceStatus.FINAL
    _check(activity=activity, questions=questions, weighing=weighing, aspects=aspects,
           groups=groups, final=final, consent_checked=consent_checked)
    values = _fields(activity=activity, happened_at=happened_at, place=place,
                     participants=participants, questions=questions, weighing=weighing,
                     text=text, consent_checked=consent_checked)
    changed = [field for field, value in values.items() if getattr(record, field) != value]
    before_aspects = set(record.aspects.values_list("aspect", flat=True))
    before_groups = set(record.groups.values_list("group", flat=True))
    changed += [name for name, was, now in (("aspects", before_aspects, set(aspects)),
                                            ("groups", before_groups, set(groups)))
                if was != now]
    # A new flag is a change too: whoever has the record open meets it as one.
    flagging = safeguarding and not record.safeguarding
    changed += ["safeguarding"] if flagging else []
    finalising = final and record.status == EvidenceStatus.DRAFT
    if changed or finalising:
        before = {"status": record.status, "version": record.version}
        for field, value in values.items():
            setattr(record, field, value)
        record.status = EvidenceStatus.FINAL if final else EvidenceStatus.DRAFT
        record.version += 1
        record.updated_by, record.updated_at = by, clock.now()
        record.save()
        _set_children(record, aspects, groups)
        after = {"status": record.status, "activity": activity, "questions": record.questions,
                 "changed": changed,
                 "text_fields": [field for field in changed if field in TEXTS]}
        if finalising:
            _audit(record, by, "finalised", before=before, after=after)
        else:
            _audit(record, by, "changed", before=before, after=after)
    if flagging:
        _flag_safeguarding(record, by)
    _forget_draft(by=by, form_key=form_key)
    return record


def _flag_safeguarding(record: EvidenceRecord, by) -> None:
    """Flag the record, hold the evidence base for safeguarding (unless such a hold is in
    force), and tell the lead inspector and Ofsted admins at once."""
    policy.require(by, record.inspection, "flag_safeguarding")
    now = clock.now()
    record.safeguarding, record.safeguarding_flagged_at = True, now
    record.safeguarding_flagged_by = by
    record.save(update_fields=["safeguarding", "safeguarding_flagged_at",
                               "safeguarding_flagged_by"])
    hold, held_now = _safeguarding_hold(record.inspection, by, now)
    _audit(record, by, "safeguarding_flagged", {"retention_hold": hold.pk,
                                                "hold_set": held_now})
    _tell_of_safeguarding(record, by)


def _safeguarding_hold(inspection: Inspection, by, now) -> tuple[RetentionHold, bool]:
    """The hold for safeguarding in force on the evidence base, set now if there was none."""
    in_force = RetentionHold.objects.filter(inspection=inspection,
                                            reason=HoldReason.SAFEGUARDING,
                                            released_at__isnull=True)
    hold = in_force.first()
    if hold is not None:
        return hold, False
    try:
        with transaction.atomic():
            return RetentionHold.objects.create(
                inspection=inspection, reason=HoldReason.SAFEGUARDING, set_by=by, set_at=now,
                details="Set when evidence was flagged as a safeguarding concern"), True
    except IntegrityError:  # set at the same moment by another flag
        return in_force.get(), False


def _tell_of_safeguarding(record: EvidenceRecord, by) -> None:
    """A notification, in the service and by email once the flag is committed, to the lead
    inspector and Ofsted admins (not to whoever flagged it). It holds none of the evidence:
    that is read in the service, behind sign-in."""
    from deadlines.tasks import deliver_notification_email

    inspection = record.inspection
    flagged = by.get_full_name() or by.get_username()
    link = (f"{settings.SERVICE_URL}"
            f"{reverse('evidence:record', args=[inspection.pk, record.pk])}")
    told = Notification.objects.bulk_create([
        Notification(user=user, inspection=inspection, created_at=clock.now(), by_email=True,
                     subject=f"Safeguarding concern flagged: {inspection}",
                     body=f"{flagged} flagged evidence on the inspection of "
                          f"{inspection.local_area.name} (reference {inspection.reference}) "
                          f"as a safeguarding concern. Follow the published safeguarding "
                          f"procedure. The inspection's evidence base is now held beyond "
                          f"its retention period.\n\n"
                          f"Read the evidence in the service: {link}")
        for user in policy.told_of_safeguarding(inspection=inspection) if user != by])
    for notification in told:
        deliver_notification_email.delay_on_commit(notification.pk)


# Autosave -------------------------------------------------------------------------------------

def draft_fields(posted) -> dict:
    """What a draft keeps of a posted form: its known fields, as lists for those that take
    several values. Refuses more text than any evidence form holds."""
    fields = {}
    for name in DRAFT_FIELDS & set(posted):
        values = [str(value) for value in posted.getlist(name)]
        fields[name] = values if name in MULTIPLE else values[-1]
    if sum(len(value) for values in fields.values()
           for value in (values if isinstance(values, list) else [values])) > MAX_DRAFT_CHARS:
        raise ValidationError("The draft is too long to save")
    return fields


def evidence_draft_autosave(*, inspection: Inspection, by, form_key: uuid.UUID,
                            fields: dict, record_id: int | None = None,
                            base_version: int | None = None) -> datetime.datetime:
    """Save what `by` has typed into one form as their own draft, over the draft's last
    save: one upsert of their row, keyed by (author, form_key). The caller has checked that
    `by` may write the inspection's evidence, that it is open, and that the record (if any)
    is the inspection's. Returns the moment saved. Not audited: a draft is no record."""
    saved_at = clock.now()
    EvidenceDraft.objects.bulk_create(
        [EvidenceDraft(inspection=inspection, author=by, form_key=form_key,
                       record_id=record_id, base_version=base_version, fields=fields,
                       saved_at=saved_at)],
        update_conflicts=True, unique_fields=["author", "form_key"],
        update_fields=["inspection", "record", "base_version", "fields", "saved_at"])
    return saved_at
