"""Planning and on-site records: deferrals, lines of enquiry, meetings, concerns, the
evaluation questionnaire, and 2023 annual engagement meetings."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from deadlines.models import Notification
from inspections.models import (
    BEFORE_NOTIFICATION,
    Concern,
    ConcernKind,
    Decision,
    DeferralRequest,
    EngagementMeeting,
    Inspection,
    LineOfEnquiry,
    Meeting,
    MeetingKind,
    Question,
    QuestionnaireStatus,
    State,
)
from inspections.services.common import (
    audit_transition,
    iso,
    locked,
    require_state,
    save_with_version,
)
from inspections.services.lifecycle import (
    check_onsite_dates,
    notification_clock_follow,
)
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
    """A notification, in the service, to the Ofsted admins and the lead inspector (not to
    whoever recorded the request). It holds no reasons: they are read on the inspection."""
    asked = by.get_full_name() or by.get_username()
    Notification.objects.bulk_create([
        Notification(user=user, inspection=inspection, created_at=clock.now(),
                     subject=f"Deferral requested: {inspection}",
                     body=f"{asked} recorded a request to defer the inspection of "
                          f"{inspection.local_area.name} (reference {inspection.reference}). "
                          f"Ofsted and CQC each decide whether to accept it.")
        for user in policy.told_of_deferral_request(inspection=inspection) if user != by])


@transaction.atomic
def deferral_decide(*, request: DeferralRequest, by, inspectorate: str, decision: str,
                    new_onsite_start: datetime.date | None = None,
                    new_onsite_end: datetime.date | None = None) -> DeferralRequest:
    """Record Ofsted's or CQC's decision. When both accept, the dates move (or the inspection
    waits, deferred, for new ones) and the clocks follow."""
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
        check_onsite_dates(new_onsite_start, new_onsite_end)
        request.new_onsite_start, request.new_onsite_end = new_onsite_start, new_onsite_end
    request.save()
    _audit(inspection, by, "deferral_decision", {"inspectorate": inspectorate,
                                                 "decision": decision,
                                                 "deferral_request": request.pk})
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
                          onsite_end: datetime.date) -> Inspection:
    """Give a deferred inspection new dates; it returns to planning and is notified again."""
    inspection = locked(inspection)
    policy.require(by, inspection, "reschedule")
    require_state(inspection=inspection, allowed={State.DEFERRED}, doing="reschedule")
    check_onsite_dates(onsite_start, onsite_end)
    before = inspection.state
    inspection.onsite_start, inspection.onsite_end = onsite_start, onsite_end
    inspection.state = State.PLANNING
    save_with_version(inspection, ["state", "onsite_start", "onsite_end"])
    audit_transition(inspection, by, "reschedule", before, {
        "onsite_start": iso(onsite_start), "onsite_end": iso(onsite_end)})
    notification_clock_follow(inspection, by, "rescheduled after deferral")
    return inspection


@transaction.atomic
def line_of_enquiry_add(*, inspection: Inspection, by, question: str, enquiry: str,
                        hypothesis: str = "") -> LineOfEnquiry:
    inspection = locked(inspection)
    policy.require(by, inspection, "add_enquiry")
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
def meeting_record(*, inspection: Inspection, by, kind: str, held_on: datetime.date,
                   attendees: str = "", notes: str = "") -> Meeting:
    inspection = locked(inspection)
    policy.require(by, inspection, "record_meeting")
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    if inspection.state in BEFORE_NOTIFICATION | {State.WITHDRAWN}:
        raise ValidationError("Meetings are recorded once the inspection has been notified")
    meeting = Meeting.objects.create(inspection=inspection, kind=kind, held_on=held_on,
                                     attendees=attendees, notes=notes, recorded_by=by)
    _audit(inspection, by, "meeting_recorded", {
        "kind": kind, "held_on": iso(held_on), "meeting": meeting.pk,
        "fields": text_fields(attendees=attendees, notes=notes)})
    return meeting


@transaction.atomic
def concern_record(*, inspection: Inspection, by, kind: str, raised_on: datetime.date,
                   raised_by: str, details: str) -> Concern:
    inspection = locked(inspection)
    policy.require(by, inspection, "record_concern")
    if kind not in ConcernKind.values:
        raise ValidationError({"kind": "Choose concern or complaint"})
    concern = Concern.objects.create(inspection=inspection, kind=kind, raised_on=raised_on,
                                     raised_by=raised_by, details=details, recorded_by=by)
    _audit(inspection, by, "concern_recorded", {
        "kind": kind, "raised_on": iso(raised_on), "concern": concern.pk,
        "fields": text_fields(raised_by=raised_by, details=details)})
    return concern


@transaction.atomic
def concern_resolve(*, concern: Concern, by, resolution: str,
                    resolved_on: datetime.date) -> Concern:
    policy.require(by, concern.inspection, "resolve_concern")
    if not resolution.strip():
        raise ValidationError({"resolution": "Describe how it was resolved"})
    if resolved_on < concern.raised_on:
        raise ValidationError({"resolved_on": "It cannot be resolved before it was raised"})
    concern.resolution, concern.resolved_on = resolution, resolved_on
    concern.save(update_fields=["resolution", "resolved_on"])
    _audit(concern.inspection, by, "concern_resolved", {
        "resolved_on": iso(resolved_on), "concern": concern.pk, "fields": ["resolution"]})
    return concern


@transaction.atomic
def questionnaire_set_status(*, inspection: Inspection, by, status: str) -> Inspection:
    """The post-inspection evaluation questionnaire, sent through the LANO (handbook 59)."""
    inspection = locked(inspection)
    policy.require(by, inspection, "questionnaire")
    if status not in QuestionnaireStatus.values:
        raise ValidationError({"status": "Choose a status"})
    before = inspection.questionnaire_status
    inspection.questionnaire_status = status
    save_with_version(inspection, ["questionnaire_status"])
    _audit(inspection, by, "questionnaire", {"status": status, "version": inspection.version},
           {"status": before})
    return inspection


@transaction.atomic
def engagement_meeting_record(*, local_area, by, held_on: datetime.date, notes: str = "",
                              self_evaluation=None) -> EngagementMeeting:
    """A 2023-framework annual engagement meeting, with the area's self-evaluation."""
    policy.require_generally(by, "engagement")
    meeting = EngagementMeeting(local_area=local_area, held_on=held_on, notes=notes,
                                recorded_by=by)
    if self_evaluation is not None:
        meeting.self_evaluation = self_evaluation
    meeting.full_clean()
    meeting.save()
    audit_record(actor=by, action="engagement_meeting.record", obj=meeting,
                 local_area=local_area, after={"held_on": iso(held_on)})
    return meeting
