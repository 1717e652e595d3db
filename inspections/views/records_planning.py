"""Deferral, rescheduling, and the records kept while planning and on site."""

from functools import partial

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.govuk_forms import form_submit, long_date, posted
from config.pagination import numbered_page
from inspections import selectors, services
from inspections.models import Decision, DeferralRequest, State
from inspections.record_forms import (
    INSPECTORATES,
    ConcernForm,
    ConcernResolutionForm,
    DeferralDecisionForm,
    DeferralRequestForm,
    LineOfEnquiryForm,
    MeetingForm,
    OutcomeForm,
    QuestionnaireForm,
    RescheduleForm,
)
from inspections.services.planning import new_dates_warnings
from inspections.views.records_common import (
    form_page,
    inspection_for,
    one_of,
    renamed_errors,
    submit_or_warn,
    to_overview,
)
from policy import inspections as policy

MEETINGS_PAGE_SIZE = 50


@require_GET
def meetings(request, pk: int):
    """The whole meetings log, oldest first, fifty to a page: the overview shows the latest."""
    inspection, can = inspection_for(request, pk, action="view_working_records")
    page = numbered_page(selectors.meetings_of_inspection(inspection=inspection),
                         size=MEETINGS_PAGE_SIZE, number=request.GET.get("page"))
    return render(request, "inspections/records/meetings.html", {
        "inspection": inspection, "can": can, "page": page, "meetings": page.object_list,
        "query": ""})


# Deferral -------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def deferral_request(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="request_deferral")
    form = DeferralRequestForm(posted(request), inspection=inspection,
                               initial={"requested_on": clock.today()})
    if form_submit(request, form, partial(services.deferral_request, inspection=inspection,
                                          by=request.user)):
        return to_overview(request, inspection, "Deferral request recorded. Ofsted and CQC "
                                                "will each decide whether to accept it.")
    return form_page(request, inspection, form, "Request a deferral",
                     template="inspections/records/deferral_request.html")


def _pending_inspectorates(deferral: DeferralRequest) -> list[str]:
    return [key for key in INSPECTORATES
            if getattr(deferral, f"{key}_decision") == Decision.PENDING]


def _decision_message(deferral: DeferralRequest, inspectorate: str) -> str:
    if deferral.outcome == Decision.ACCEPTED and deferral.new_onsite_start:
        return (f"Ofsted and CQC both accepted the deferral. On-site work now runs from "
                f"{long_date(deferral.new_onsite_start)} to "
                f"{long_date(deferral.new_onsite_end)}.")
    if deferral.outcome == Decision.ACCEPTED:
        return ("Ofsted and CQC both accepted the deferral. The inspection is deferred until "
                "new dates are set.")
    if deferral.outcome == Decision.REFUSED:
        return "The deferral is refused. The inspection goes ahead on its dates."
    other = next(name for key, name in INSPECTORATES.items() if key != inspectorate)
    return f"{INSPECTORATES[inspectorate]}'s decision recorded. {other} has still to decide."


@require_http_methods(["GET", "POST"])
def deferral_decide(request, pk: int, request_pk: int):
    inspection, _ = inspection_for(request, pk, action="decide_deferral")
    deferral = one_of(inspection.deferral_requests.all(), request_pk)
    # Each inspectorate decides once: a second decision would apply an accepted deferral
    # (and move the dates) a second time.
    pending = _pending_inspectorates(deferral)
    # Ofsted and CQC each decide for themselves: staff record their own inspectorate's.
    yours = [key for key in pending if policy.may_decide_for(request.user, key)]
    form = DeferralDecisionForm(posted(request), pending=yours, initial={
        "inspectorate": yours[0] if len(yours) == 1 else None,
        "new_onsite_start": deferral.new_onsite_start,
        "new_onsite_end": deferral.new_onsite_end}) if yours else None

    def decide(**data):
        try:
            return services.deferral_decide(request=deferral, by=request.user, **data)
        except ValidationError as error:
            raise renamed_errors(error, {"onsite_start": "new_onsite_start",
                                         "onsite_end": "new_onsite_end"}) from error

    done, warnings = submit_or_warn(request, form, decide, lambda data: new_dates_warnings(
        inspection, data.get("new_onsite_start"), data.get("new_onsite_end"))
    ) if form else (None, [])
    if done:
        return to_overview(request, inspection,
                           _decision_message(done.value, form.cleaned_data["inspectorate"]))
    return form_page(request, inspection, form, "Record a decision on the deferral request",
                     template="inspections/records/deferral_decide.html", deferral=deferral,
                     pending=pending, waiting_for=[INSPECTORATES[key] for key in pending
                                                   if key not in yours],
                     of_neither=not any(policy.may_decide_for(request.user, key)
                                        for key in INSPECTORATES),
                     warnings=warnings, again="Record decision")


@require_http_methods(["GET", "POST"])
def reschedule(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="reschedule")
    form = RescheduleForm(posted(request))
    done, warnings = submit_or_warn(
        request, form, partial(services.inspection_reschedule, inspection=inspection,
                               by=request.user),
        lambda data: new_dates_warnings(inspection, data["onsite_start"], data["onsite_end"]))
    if done:
        inspection = done.value
        return to_overview(request, inspection, f"Rescheduled: on site from "
                                                f"{long_date(inspection.onsite_start)} to "
                                                f"{long_date(inspection.onsite_end)}")
    return form_page(request, inspection, form, "Reschedule the inspection",
                     template="inspections/records/reschedule.html",
                     deferred=inspection.state == State.DEFERRED, warnings=warnings,
                     again="Reschedule inspection")


# Planning and on-site records -----------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def enquiry_add(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="add_enquiry")
    form = LineOfEnquiryForm(posted(request))
    done = form_submit(request, form, partial(services.line_of_enquiry_add,
                                              inspection=inspection, by=request.user))
    if done:
        return to_overview(request, inspection, f"Line of enquiry added to question "
                                                f"{done.value.question}")
    return form_page(request, inspection, form, "Add a key line of enquiry")


@require_http_methods(["GET", "POST"])
def meeting_add(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="record_meeting")
    form = MeetingForm(posted(request))
    done = form_submit(request, form, partial(services.meeting_record, inspection=inspection,
                                              by=request.user))
    if done:
        meeting = done.value
        return to_overview(request, inspection, f"{meeting.get_kind_display()} of "
                                                f"{long_date(meeting.held_on)} recorded")
    return form_page(request, inspection, form, "Record a meeting")


@require_http_methods(["GET", "POST"])
def concern_add(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="record_concern")
    form = ConcernForm(posted(request))
    done = form_submit(request, form, partial(services.concern_record, inspection=inspection,
                                              by=request.user))
    if done:
        return to_overview(request, inspection, f"{done.value.get_kind_display()} recorded")
    return form_page(request, inspection, form, "Record a concern or complaint")


@require_http_methods(["GET", "POST"])
def concern_resolve(request, pk: int, concern_pk: int):
    inspection, _ = inspection_for(request, pk, action="resolve_concern")
    concern = one_of(inspection.concerns.all(), concern_pk)
    form = ConcernResolutionForm(posted(request), concern=concern, initial={
        "resolution": concern.resolution,
        "resolved_on": concern.resolved_on or clock.today()})
    if form_submit(request, form, partial(services.concern_resolve, concern=concern,
                                          by=request.user)):
        return to_overview(request, inspection, f"{concern.get_kind_display()} raised on "
                                                f"{long_date(concern.raised_on)} resolved")
    return form_page(request, inspection, form,
                     f"Resolve the {concern.get_kind_display().lower()}",
                     template="inspections/records/concern_resolve.html", concern=concern)


@require_http_methods(["GET", "POST"])
def questionnaire(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="questionnaire")
    form = QuestionnaireForm(posted(request),
                             initial={"status": inspection.questionnaire_status})
    done = form_submit(request, form, partial(services.questionnaire_set_status,
                                              inspection=inspection, by=request.user))
    if done:
        inspection = done.value
        return to_overview(request, inspection, f"Evaluation questionnaire: "
                                                f"{inspection.get_questionnaire_status_display()}")
    return form_page(request, inspection, form, "Evaluation questionnaire")


@require_http_methods(["GET", "POST"])
def outcome(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="record_outcome")
    if not inspection.is_2023:
        raise Http404("Only inspections under the 2023 framework have an outcome")
    form = OutcomeForm(posted(request), initial={"outcome": inspection.outcome})
    done = form_submit(request, form, partial(services.inspection_record_outcome,
                                              inspection=inspection, by=request.user))
    if done:
        inspection = done.value
        return to_overview(request, inspection, f"Outcome recorded: outcome "
                                                f"{inspection.outcome}, "
                                                f"{inspection.get_outcome_display().lower()}")
    return form_page(request, inspection, form, "Record the outcome")
