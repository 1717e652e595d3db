"""Planning and on-site records: deferrals, lines of enquiry, meetings, concerns, the
evaluation questionnaire, and 2023 annual engagement meetings."""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from audit.services import audit_record, text_fields
from config import clock
from deadlines.models import Notification
from deadlines.selectors import calendar_current
from inspections import dates
from inspections.models import (
    BEFORE_NOTIFICATION,
    Concern,
    ConcernKind,
    Decision,
    DeferralRequest,
    EngagementMeeting,
    FeedbackTopic,
    Inspection,
    LineOfEnquiry,
    Meeting,
    MeetingKind,
    Question,
    QuestionnaireStatus,
    State,
)
from inspections.scheduling import (
    SchedulingWarning,
    check_onsite_dates,
    check_revisit_dates,
    onsite_warnings,
    require_acknowledged,
)
from inspections.services.common import (
    StaleEdit,
    audit_transition,
    iso,
    locked,
    record_stale_message,
    require_open,
    require_state,
    save_record_with_version,
    save_with_version,
)
from inspections.services.lifecycle import notification_clock_follow
from policy import inspections as policy

DEFERRABLE = {State.PLANNING, State.NOTIFIED}


def _audit(inspection: Inspection, by, action: str, after: dict,
           before: dict | None = None) -> None:
    audit_record(actor=by, action=f"inspection.{action}", obj=inspection,
                 local_area=inspection.local_area, before=before, after=after)


@transaction.atomic
def deferral_request(*, inspection: Inspection, by, requested_on: datetime.date,
                     reasons: str) -> DeferralRequest:
    """The local area asks to defer (normally at notification); recorded by them or by Ofsted."""
    inspection = locked(inspection)
    policy.require(by, inspection, "request_deferral")
    require_state(inspection=inspection, allowed=DEFERRABLE, doing="request a deferral")
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the request"})
    dates.deferral_requested(inspection).check(requested_on)
    if any(r.outcome == Decision.PENDING for r in inspection.deferral_requests.all()):
        raise ValidationError("A deferral request for this inspection is still being decided")
    request = DeferralRequest.objects.create(inspection=inspection, requested_on=requested_on,
                                             reasons=reasons, recorded_by=by)
    _audit(inspection, by, "deferral_requested", {"requested_on": iso(requested_on),
                                                  "deferral_request": request.pk,
                                                  "fields": ["reasons"]})
    _tell_of_deferral_request(inspection, by)
    return request


def _tell_of_deferral_request(inspection: Inspection, by) -> None:
    """A notification, in the service and by email once the request is committed, to the
    Ofsted admins and the lead inspector (not to whoever recorded the request). It holds no
    reasons: they are read on the inspection, behind sign-in."""
    from deadlines.tasks import deliver_notification_email

    asked = by.get_full_name() or by.get_username()
    link = f"{settings.SERVICE_URL}{reverse('inspections:overview', args=[inspection.pk])}"
    told = Notification.objects.bulk_create([
        Notification(user=user, inspection=inspection, created_at=clock.now(), by_email=True,
                     subject=f"Deferral requested: {inspection}",
                     body=f"{asked} recorded a request to defer the inspection of "
                          f"{inspection.local_area.name} (reference {inspection.reference}). "
                          f"Ofsted and CQC each decide whether to accept it.\n\n"
                          f"Read the request and record your decision in the service: {link}")
        for user in policy.told_of_deferral_request(inspection=inspection) if user != by])
    for notification in told:
        deliver_notification_email.delay_on_commit(notification.pk)


def new_dates_warnings(inspection: Inspection, start: datetime.date | None,
                       end: datetime.date | None) -> list[SchedulingWarning]:
    """What new on-site dates for the inspection warn of: on-site work longer than its
    framework's normal length. The deferral and rescheduling pages ask this first."""
    if not (start and end):
        return []
    return onsite_warnings(start, end, framework=inspection.framework,
                           calendar=calendar_current())


def _check_new_dates(inspection: Inspection, start: datetime.date,
                     end: datetime.date) -> None:
    check_onsite_dates(start, end, framework=inspection.framework,
                       calendar=calendar_current())
    check_revisit_dates(revisit_of=inspection.revisit_of, onsite_start=start)


@transaction.atomic
def deferral_decide(*, request: DeferralRequest, by, inspectorate: str, decision: str,
                    new_onsite_start: datetime.date | None = None,
                    new_onsite_end: datetime.date | None = None,
                    acknowledged: Collection[str] = ()) -> DeferralRequest:
    """Record Ofsted's or CQC's decision. When both accept, the dates move (or the inspection
    waits, deferred, for new ones) and the clocks follow. New dates longer than the
    framework's normal on-site length go ahead only if "onsite_length" is in `acknowledged`
    (otherwise Unacknowledged)."""
    inspection = locked(request.inspection)
    policy.require(by, inspection, "decide_deferral")
    require_state(inspection=inspection, allowed=DEFERRABLE, doing="decide a deferral")
    if decision not in (Decision.ACCEPTED, Decision.REFUSED):
        raise ValidationError({"decision": "Choose accepted or refused"})
    names = {"ofsted": "Ofsted", "cqc": "CQC"}
    if inspectorate in names and not policy.may_decide_for(by, inspectorate):
        raise PermissionDenied(f"Only {names[inspectorate]} staff can record "
                               f"{names[inspectorate]}'s decision")
    request = DeferralRequest.objects.select_for_update().get(pk=request.pk)
    already = {"ofsted": request.ofsted_decision, "cqc": request.cqc_decision}.get(inspectorate)
    if already not in (None, Decision.PENDING):
        raise ValidationError({"inspectorate": f"{names[inspectorate]} has already decided "
                                               f"this request"})
    if inspectorate == "ofsted":
        request.ofsted_decision, request.ofsted_decided_by = decision, by
    elif inspectorate == "cqc":
        request.cqc_decision, request.cqc_decided_by = decision, by
    else:
        raise ValidationError({"inspectorate": "Choose Ofsted or CQC"})
    if new_onsite_start or new_onsite_end:
        if not (new_onsite_start and new_onsite_end):
            raise ValidationError({"new_onsite_end": "Give both new on-site dates, or neither"})
        _check_new_dates(inspection, new_onsite_start, new_onsite_end)
        request.new_onsite_start, request.new_onsite_end = new_onsite_start, new_onsite_end
    warned = require_acknowledged(
        new_dates_warnings(inspection, new_onsite_start, new_onsite_end), acknowledged)
    request.save()
    _audit(inspection, by, "deferral_decision", {
        "inspectorate": inspectorate, "decision": decision, "deferral_request": request.pk,
        **({"warnings_acknowledged": warned} if warned else {})})
    if request.outcome == Decision.ACCEPTED:
        _apply_deferral(inspection, request, by)
    return request


def _apply_deferral(inspection: Inspection, request: DeferralRequest, by) -> None:
    before = inspection.state
    if request.new_onsite_start:
        inspection.onsite_start, inspection.onsite_end = (request.new_onsite_start,
                                                          request.new_onsite_end)
        inspection.state = State.PLANNING
    else:
        inspection.state = State.DEFERRED
    save_with_version(inspection, ["state", "onsite_start", "onsite_end"])
    audit_transition(inspection, by, "defer", before, {
        "onsite_start": iso(inspection.onsite_start), "onsite_end": iso(inspection.onsite_end)})
    if inspection.state == State.PLANNING:
        notification_clock_follow(inspection, by, "deferral accepted")
    else:
        from inspections.services.lifecycle import cancel_running_clocks

        cancel_running_clocks(inspection, "deferred until new dates are set", by)


@transaction.atomic
def inspection_reschedule(*, inspection: Inspection, by, onsite_start: datetime.date,
                          onsite_end: datetime.date,
                          acknowledged: Collection[str] = ()) -> Inspection:
    """Give a deferred inspection new dates; it returns to planning and is notified again.
    Dates longer than the framework's normal on-site length go ahead only if
    "onsite_length" is in `acknowledged` (otherwise Unacknowledged)."""
    inspection = locked(inspection)
    policy.require(by, inspection, "reschedule")
    require_state(inspection=inspection, allowed={State.DEFERRED}, doing="reschedule")
    _check_new_dates(inspection, onsite_start, onsite_end)
    warned = require_acknowledged(new_dates_warnings(inspection, onsite_start, onsite_end),
                                  acknowledged)
    before = inspection.state
    inspection.onsite_start, inspection.onsite_end = onsite_start, onsite_end
    inspection.state = State.PLANNING
    save_with_version(inspection, ["state", "onsite_start", "onsite_end"])
    audit_transition(inspection, by, "reschedule", before, {
        "onsite_start": iso(onsite_start), "onsite_end": iso(onsite_end),
        **({"warnings_acknowledged": warned} if warned else {})})
    notification_clock_follow(inspection, by, "rescheduled after deferral")
    return inspection


@transaction.atomic
def line_of_enquiry_add(*, inspection: Inspection, by, question: str, enquiry: str,
                        hypothesis: str = "") -> LineOfEnquiry:
    inspection = locked(inspection)
    policy.require(by, inspection, "add_enquiry")
    require_open(inspection=inspection, doing="add a line of enquiry")
    if question not in Question.values:
        raise ValidationError({"question": "Choose question A, B or C"})
    if not enquiry.strip():
        raise ValidationError({"enquiry": "Enter the line of enquiry"})
    line = LineOfEnquiry.objects.create(inspection=inspection, question=question,
                                        enquiry=enquiry, hypothesis=hypothesis, added_by=by)
    _audit(inspection, by, "line_of_enquiry_added", {
        "question": question, "line_of_enquiry": line.pk,
        "fields": text_fields(enquiry=enquiry, hypothesis=hypothesis)})
    return line


@transaction.atomic
def feedback_covered(kind: str, covered) -> list[str]:
    """What a meeting records as covered: for a final feedback meeting, the points of
    handbook 55 given, in their order; for any other meeting, nothing."""
    given = set(covered or ())
    if given - set(FeedbackTopic.values):
        raise ValidationError({"covered": "Select the points the meeting covered"})
    if kind != MeetingKind.FINAL_FEEDBACK:
        return []
    return [topic for topic in FeedbackTopic.values if topic in given]


def meeting_record(*, inspection: Inspection, by, kind: str, held_on: datetime.date,
                   attendees: str = "", notes: str = "", covered=()) -> Meeting:
    inspection = locked(inspection)
    policy.require(by, inspection, "record_meeting")
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    require_open(inspection=inspection, doing="record a meeting")
    if inspection.state in BEFORE_NOTIFICATION:
        raise ValidationError("Meetings are recorded once the inspection has been notified")
    dates.meeting_held().check(held_on)
    meeting = Meeting.objects.create(inspection=inspection, kind=kind, held_on=held_on,
                                     attendees=attendees, notes=notes,
                                     covered=feedback_covered(kind, covered), recorded_by=by)
    _audit(inspection, by, "meeting_recorded", {
        "kind": kind, "held_on": iso(held_on), "meeting": meeting.pk,
        **({"covered": len(meeting.covered)} if kind == MeetingKind.FINAL_FEEDBACK else {}),
        "fields": text_fields(attendees=attendees, notes=notes)})
    return meeting


@transaction.atomic
def concern_record(*, inspection: Inspection, by, kind: str, raised_on: datetime.date,
                   raised_by: str, details: str, safeguarding: bool = False) -> Concern:
    inspection = locked(inspection)
    policy.require(by, inspection, "record_concern")
    require_open(inspection=inspection, doing="record a concern or complaint")
    if kind not in ConcernKind.values:
        raise ValidationError({"kind": "Choose concern or complaint"})
    dates.concern_raised().check(raised_on)
    concern = Concern.objects.create(inspection=inspection, kind=kind, raised_on=raised_on,
                                     raised_by=raised_by, details=details, recorded_by=by,
                                     safeguarding=safeguarding)
    _audit(inspection, by, "concern_recorded", {
        "kind": kind, "safeguarding": safeguarding, "raised_on": iso(raised_on),
        "concern": concern.pk,
        "fields": text_fields(raised_by=raised_by, details=details)})
    return concern


@transaction.atomic
def concern_resolve(*, concern: Concern, by, resolution: str,
                    resolved_on: datetime.date) -> Concern:
    inspection = locked(concern.inspection)
    policy.require(by, inspection, "resolve_concern")
    require_open(inspection=inspection, doing="resolve a concern or complaint")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if not resolution.strip():
        raise ValidationError({"resolution": "Describe how it was resolved"})
    dates.concern_resolved(concern).check(resolved_on)
    concern.resolution, concern.resolved_on = resolution, resolved_on
    save_record_with_version(concern, ["resolution", "resolved_on"], concern.version,
                             "concern or complaint")
    _audit(inspection, by, "concern_resolved", {
        "resolved_on": iso(resolved_on), "concern": concern.pk, "version": concern.version,
        "fields": ["resolution"]})
    return concern


# Correcting and removing records --------------------------------------------------------------
# Each record carries a version, as the inspection does: a form carries the version it was
# opened at, and a save against a record changed since is refused with the input kept. The
# audit row names the fields that changed and holds the codes and dates, never the text.

# What each kind of record is called, its audit key, and its free-text fields.
RECORDS = {
    LineOfEnquiry: ("line of enquiry", "line_of_enquiry", ("enquiry", "hypothesis")),
    Meeting: ("meeting", "meeting", ("attendees", "notes", "covered")),
    Concern: ("concern or complaint", "concern", ("raised_by", "details", "resolution")),
}


def _plain(value):
    return iso(value) if isinstance(value, datetime.date) else value


def _record_locked(record, *, by, action: str, doing: str):
    """The record's inspection and the record itself, locked and fresh, once the user may
    change it and the inspection is still open."""
    inspection = locked(record.inspection)
    policy.require(by, inspection, action)
    require_open(inspection=inspection, doing=doing)
    return inspection, type(record).objects.select_for_update().get(pk=record.pk)


def _record_change(record, *, inspection: Inspection, by, expected_version: int,
                   values: dict, audited_as: str):
    what, key, texts = RECORDS[type(record)]
    if record.version != expected_version:
        raise StaleEdit(record_stale_message(what))
    before = {field: getattr(record, field) for field in values}
    changed = [field for field, value in values.items() if before[field] != value]
    if not changed:
        return record
    for field in changed:
        setattr(record, field, values[field])
    save_record_with_version(record, changed, expected_version, what)
    codes = [field for field in changed if field not in texts]
    _audit(inspection, by, audited_as,
           after={key: record.pk, "version": record.version, "fields": changed,
                  **{field: _plain(values[field]) for field in codes}},
           before={field: _plain(before[field]) for field in codes})
    return record


def _record_remove(record, *, inspection: Inspection, by, expected_version: int | None,
                   audited_as: str, kept: dict) -> None:
    what, key, texts = RECORDS[type(record)]
    if expected_version is not None and record.version != expected_version:
        raise StaleEdit(record_stale_message(what))
    given = [field for field in texts
             if (value := getattr(record, field, "")) and (
                 value.strip() if isinstance(value, str) else True)]
    _audit(inspection, by, audited_as, after={key: record.pk},
           before={**kept, "version": record.version, "fields": given})
    record.delete()


@transaction.atomic
def line_of_enquiry_update(*, line: LineOfEnquiry, by, expected_version: int, question: str,
                           enquiry: str, hypothesis: str = "") -> LineOfEnquiry:
    """Correct a line of enquiry; whoever may add one may correct it."""
    inspection, line = _record_locked(line, by=by, action="add_enquiry",
                                      doing="change a line of enquiry")
    if question not in Question.values:
        raise ValidationError({"question": "Choose question A, B or C"})
    if not enquiry.strip():
        raise ValidationError({"enquiry": "Enter the line of enquiry"})
    return _record_change(line, inspection=inspection, by=by,
                          expected_version=expected_version, audited_as="line_of_enquiry_changed",
                          values={"question": question, "enquiry": enquiry,
                                  "hypothesis": hypothesis})


@transaction.atomic
def line_of_enquiry_remove(*, line: LineOfEnquiry, by,
                           expected_version: int | None = None) -> None:
    inspection, line = _record_locked(line, by=by, action="add_enquiry",
                                      doing="remove a line of enquiry")
    _record_remove(line, inspection=inspection, by=by, expected_version=expected_version,
                   audited_as="line_of_enquiry_removed", kept={"question": line.question})


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, expected_version: int, kind: str,
                   held_on: datetime.date, attendees: str = "", notes: str = "",
                   covered=()) -> Meeting:
    """Correct a meeting in the log; whoever may record one may correct it."""
    inspection, meeting = _record_locked(meeting, by=by, action="record_meeting",
                                         doing="change a meeting")
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    dates.meeting_held().check(held_on)
    return _record_change(meeting, inspection=inspection, by=by,
                          expected_version=expected_version, audited_as="meeting_changed",
                          values={"kind": kind, "held_on": held_on, "attendees": attendees,
                                  "notes": notes, "covered": feedback_covered(kind, covered)})


@transaction.atomic
def meeting_remove(*, meeting: Meeting, by, expected_version: int | None = None) -> None:
    inspection, meeting = _record_locked(meeting, by=by, action="record_meeting",
                                         doing="remove a meeting")
    _record_remove(meeting, inspection=inspection, by=by, expected_version=expected_version,
                   audited_as="meeting_removed",
                   kept={"kind": meeting.kind, "held_on": iso(meeting.held_on)})


@transaction.atomic
def concern_update(*, concern: Concern, by, expected_version: int, kind: str,
                   raised_on: datetime.date, raised_by: str, details: str,
                   safeguarding: bool = False) -> Concern:
    """Correct a concern or complaint; whoever may record one may correct it. Its resolution
    is changed by resolving it again."""
    inspection, concern = _record_locked(concern, by=by, action="record_concern",
                                         doing="change a concern or complaint")
    if kind not in ConcernKind.values:
        raise ValidationError({"kind": "Choose concern or complaint"})
    dates.concern_raised(resolved_on=concern.resolved_on).check(raised_on)
    return _record_change(concern, inspection=inspection, by=by,
                          expected_version=expected_version, audited_as="concern_changed",
                          values={"kind": kind, "safeguarding": safeguarding,
                                  "raised_on": raised_on, "raised_by": raised_by,
                                  "details": details})


@transaction.atomic
def concern_remove(*, concern: Concern, by, expected_version: int | None = None) -> None:
    """Remove a concern or complaint recorded in error: only those who may resolve one, so
    that an open concern is not taken away to let the inspection close."""
    inspection, concern = _record_locked(concern, by=by, action="remove_concern",
                                         doing="remove a concern or complaint")
    _record_remove(concern, inspection=inspection, by=by, expected_version=expected_version,
                   audited_as="concern_removed",
                   kept={"kind": concern.kind, "safeguarding": concern.safeguarding,
                         "raised_on": iso(concern.raised_on),
                         "resolved_on": iso(concern.resolved_on)})


@transaction.atomic
def questionnaire_set_status(*, inspection: Inspection, by, status: str) -> Inspection:
    """The post-inspection evaluation questionnaire, sent through the LANO (handbook 59)."""
    inspection = locked(inspection)
    policy.require(by, inspection, "questionnaire")
    require_open(inspection=inspection, doing="update the evaluation questionnaire")
    if status not in QuestionnaireStatus.values:
        raise ValidationError({"status": "Choose a status"})
    before = inspection.questionnaire_status
    inspection.questionnaire_status = status
    save_with_version(inspection, ["questionnaire_status"])
    _audit(inspection, by, "questionnaire", {"status": status, "version": inspection.version},
           {"status": before})
    return inspection


@transaction.atomic
def engagement_meeting_record(*, local_area, by, held_on: datetime.date,
                              notes: str = "") -> EngagementMeeting:
    """A 2023-framework annual engagement meeting. The area shares its self-evaluation
    itself (evidence.services.documents, owned by the area)."""
    policy.require_generally(by, "engagement")
    dates.meeting_held().check(held_on)
    meeting = EngagementMeeting(local_area=local_area, held_on=held_on, notes=notes,
                                recorded_by=by)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=by, action="engagement_meeting.record", obj=meeting,
                 local_area=local_area, after={"held_on": iso(held_on)})
    return meeting
