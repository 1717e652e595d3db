"""Information requests: what the lead inspector asks the local area for, and the area's
answer.

A request's life: open → answered (by the LANO, once at least one file is uploaded to it).
Each change carries the version it was made against; a change against an older one is
refused. Reminders of open requests are sent by the daily sweep
(evidence.services.reminders).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from deadlines.rules_data import ANNEX_A_RULES
from evidence.models import InformationRequest, RequestStatus
from inspections.services.common import (
    record_stale_message,
    require_open,
    save_record_with_version,
)
from policy import evidence as policy


@transaction.atomic
def request_raise(*, inspection, by, title: str, details: str = "", annex_a_code: str = "",
                  due_at: datetime.datetime) -> InformationRequest:
    """Ask the inspection's local area for something, due by a moment (held in UTC, shown
    in UK time). Refuses a moment already past, and an Annex A code that is not one."""
    policy.require(by, inspection, "raise_request")
    require_open(inspection=inspection, doing="ask the local area for information")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter what you are asking for"})
    if annex_a_code and annex_a_code not in ANNEX_A_RULES:
        raise ValidationError({"title": "Select an item of Annex A from the list"})
    if due_at <= clock.now():
        raise ValidationError({"due_on": "The date and time it is due must be in the future"})
    request = InformationRequest.objects.create(
        inspection=inspection, title=title, details=details.strip(),
        annex_a_code=annex_a_code, due_at=due_at, raised_by=by, raised_at=clock.now())
    # The title is words typed about the case: the row names the fields written, not them.
    audit_record(actor=by, action="request.raised", obj=inspection,
                 local_area=inspection.local_area,
                 after={"request_id": request.pk, "status": request.status,
                        "annex_a_code": annex_a_code or None,
                        "due_at": request.due_at.isoformat(),
                        "written": text_fields(title=title, details=details)})
    return request


@transaction.atomic
def request_answer(*, request: InformationRequest, by, version: int) -> InformationRequest:
    """Mark an open request answered, once the area has uploaded at least one file to it."""
    request = (InformationRequest.objects.select_for_update().select_related(
        "inspection__local_area").get(pk=request.pk))
    policy.require(by, request.inspection, "answer_request")
    require_open(inspection=request.inspection, doing="answer an information request")
    if request.version != version:
        raise ValidationError(record_stale_message("request"))
    if request.status != RequestStatus.OPEN:
        raise ValidationError(f"This request is {request.get_status_display().lower()} "
                              f"already")
    if not request.documents.exists():
        raise ValidationError("Upload at least one file before you mark the request as "
                              "answered")
    request.status = RequestStatus.ANSWERED
    request.answered_by, request.answered_at = by, clock.now()
    save_record_with_version(request, ["status", "answered_by", "answered_at"], version,
                             "request")
    audit_record(actor=by, action="request.answered", obj=request.inspection,
                 local_area=request.inspection.local_area, before={"status": RequestStatus.OPEN},
                 after={"request_id": request.pk, "status": request.status,
                        "version": request.version})
    return request
