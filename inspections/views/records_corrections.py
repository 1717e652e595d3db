"""Correcting and removing lines of enquiry, meetings and concerns.

A correction form carries the version the record was at when it was opened: a save over
someone else's change is refused, with what the user typed kept. Removing asks first, on a
confirmation page that names the record.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from config.govuk_forms import form_add_service_errors, long_date, posted
from inspections import services
from inspections.models import Concern, Inspection, LineOfEnquiry, Meeting
from inspections.record_forms import ConcernForm, LineOfEnquiryForm, MeetingForm
from inspections.services.common import FINISHED, StaleEdit
from inspections.services.lifecycle import concern_name
from inspections.views.records_common import form_page, inspection_for, one_of, to_overview


@dataclass(frozen=True)
class RecordKind:
    name: str  # "line of enquiry": what the pages call it
    action: str  # the policy's action for changing one
    remove_action: str  # and for removing one
    related: str  # the inspection's prefetched records of this kind
    argument: str  # the services' keyword for the record
    form: type
    fields: tuple[str, ...]
    update: Callable
    remove: Callable
    edit_url: str
    describe: Callable  # the record in a few words: "Question A line of enquiry"


def _describe_line(line: LineOfEnquiry) -> str:
    return f"line of enquiry for question {line.question}"


def _describe_meeting(meeting: Meeting) -> str:
    return f"{meeting.get_kind_display().lower()} of {long_date(meeting.held_on)}"


def _describe_concern(concern: Concern) -> str:
    return f"{concern_name(concern)} raised on {long_date(concern.raised_on)}"


ENQUIRY = RecordKind("line of enquiry", "add_enquiry", "add_enquiry", "lines_of_enquiry",
                     "line", LineOfEnquiryForm, ("question", "enquiry", "hypothesis"),
                     services.line_of_enquiry_update, services.line_of_enquiry_remove,
                     "inspections:enquiry-edit", _describe_line)
MEETING = RecordKind("meeting", "record_meeting", "record_meeting", "meetings", "meeting",
                     MeetingForm, ("kind", "held_on", "attendees", "notes", "covered"),
                     services.meeting_update, services.meeting_remove,
                     "inspections:meeting-edit", _describe_meeting)
CONCERN = RecordKind("concern or complaint", "record_concern", "remove_concern", "concerns",
                     "concern", ConcernForm,
                     ("kind", "safeguarding", "raised_on", "raised_by", "details"),
                     services.concern_update, services.concern_remove,
                     "inspections:concern-edit", _describe_concern)


def _record(request, pk: int, record_pk: int, kind: RecordKind, action: str):
    inspection, _ = inspection_for(request, pk, action=action)
    return inspection, one_of(getattr(inspection, kind.related).all(), record_pk)


def _edit(request, pk: int, record_pk: int, kind: RecordKind):
    inspection, record = _record(request, pk, record_pk, kind, kind.action)
    initial = {field: getattr(record, field) for field in kind.fields}
    form = kind.form(posted(request), initial={**initial, "version": record.version},
                     editing=True, record=record)
    stale = False
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            kind.update(**{kind.argument: record}, by=request.user, expected_version=version,
                        **values)
        except StaleEdit as error:
            form_add_service_errors(form, error)
            stale = True
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return to_overview(request, inspection,
                               f"Changes to the {kind.describe(record)} saved")
    return form_page(request, inspection, form, f"Change the {kind.describe(record)}",
                     stale=stale and reverse(kind.edit_url, args=[inspection.pk, record.pk]))


def _remove(request, pk: int, record_pk: int, kind: RecordKind):
    inspection, record = _record(request, pk, record_pk, kind, kind.remove_action)
    error = ""
    if request.method == "POST" and inspection.state not in FINISHED:
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            kind.remove(**{kind.argument: record}, by=request.user, expected_version=version)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return to_overview(request, inspection,
                               f"The {kind.describe(record)} was removed")
    return _remove_page(request, inspection, record, kind, error)


def _remove_page(request, inspection: Inspection, record, kind: RecordKind, error: str):
    return render(request, "inspections/records/remove.html", {
        "inspection": inspection, "record": record, "kind": kind, "error": error,
        "described": kind.describe(record), "finished": inspection.state in FINISHED,
        "template": f"inspections/records/_remove_{kind.argument}.html",
    }, status=200)


@require_http_methods(["GET", "POST"])
def enquiry_edit(request, pk: int, enquiry_pk: int):
    return _edit(request, pk, enquiry_pk, ENQUIRY)


@require_http_methods(["GET", "POST"])
def enquiry_remove(request, pk: int, enquiry_pk: int):
    return _remove(request, pk, enquiry_pk, ENQUIRY)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int, meeting_pk: int):
    return _edit(request, pk, meeting_pk, MEETING)


@require_http_methods(["GET", "POST"])
def meeting_remove(request, pk: int, meeting_pk: int):
    return _remove(request, pk, meeting_pk, MEETING)


@require_http_methods(["GET", "POST"])
def concern_edit(request, pk: int, concern_pk: int):
    return _edit(request, pk, concern_pk, CONCERN)


@require_http_methods(["GET", "POST"])
def concern_remove(request, pk: int, concern_pk: int):
    return _remove(request, pk, concern_pk, CONCERN)
