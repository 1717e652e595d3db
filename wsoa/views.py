"""The pages of one written statement of action: the statement itself, with its areas of
significant weakness, submissions, reviews, publications and clocks; and a page for each
step of its cycle. Every page finds the statement through page_selectors.wsoa_get_for_user:
"not found" to those who may not see it (another area's users among them), "forbidden" to
those who see it but may not take the page's step."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.govuk_forms import form_add_service_errors, form_submit, posted
from deadlines.selectors import calendar_current
from deadlines.services import deadline_preview
from deadlines.views.common import deadline_tag
from evidence.services.documents import document_upload
from evidence.views.documents import version_response
from policy import inspections as inspection_policy
from policy import wsoa as policy
from wsoa import page_selectors, services
from wsoa.forms import (
    DecisionForm,
    DfeAdviceForm,
    MinisterForm,
    ProgressNoteForm,
    PublicationForm,
    ReceiptForm,
    ReopenForm,
    SubmissionForm,
    ViewForm,
)
from wsoa.models import Fitness, NextStep, Stage, Submission, Wsoa

STAGE_COLOURS = {Stage.AWAITING_RECEIPT: "grey", Stage.DRAFTING: "blue",
                 Stage.UNDER_REVIEW: "purple", Stage.RESUBMISSION: "orange",
                 Stage.FIT: "green", Stage.MINISTER: "red"}
INSPECTORATE_TITLES = {"ofsted": "Ofsted", "cqc": "CQC"}
# The stages in which each step's page offers its form; the services decide, and say why
# not in the same words.
OPEN_IN = {
    "receipt": ({Stage.AWAITING_RECEIPT, Stage.DRAFTING},
                "record when the final report was received"),
    "submit": ({Stage.DRAFTING, Stage.RESUBMISSION}, "submit the statement"),
    "review": ({Stage.UNDER_REVIEW}, "record a view on the statement"),
    "decide": ({Stage.UNDER_REVIEW}, "record the fitness decision"),
    "reopen": ({Stage.FIT, Stage.RESUBMISSION, Stage.MINISTER}, "reopen the decision"),
    "minister": ({Stage.MINISTER}, "record the advice to the Minister"),
}


def _wsoa_for(request, pk: int, *, action: str | None = None):
    wsoa, can = page_selectors.wsoa_get_for_user(user=request.user, pk=pk)
    if action is not None and action not in can:
        raise PermissionDenied(policy.refusal(action))
    return wsoa, can


def _closed(wsoa: Wsoa, step: str) -> str:
    """Why the step's form is not offered at the statement's stage ("" when it is)."""
    stages, doing = OPEN_IN[step]
    if wsoa.stage in stages:
        return ""
    stage = wsoa.get_stage_display()
    return f"You cannot {doing}: the statement is '{stage[0].lower()}{stage[1:]}'"


def _detail(wsoa: Wsoa):
    return redirect("wsoa:detail", pk=wsoa.pk)


def _form_page(request, wsoa, can, form, *, title: str, closed: str = "", **context):
    return render(request, "wsoa/form.html", {
        "wsoa": wsoa, "inspection": wsoa.inspection, "can": can, "form": form,
        "title": title, "closed": closed, **context})


def _reviews_for(user, inspectorate: str) -> bool:
    return inspectorate in services.INSPECTORATES and policy.may_review_for(user, inspectorate)


# The statement's page -----------------------------------------------------------------------------

def _letter_url(wsoa: Wsoa, review) -> str:
    """The Regional Director's letter's page, where the URL configuration has one."""
    try:
        return reverse("wsoa:decision-letter", args=[wsoa.pk, review.pk])
    except NoReverseMatch:
        return ""


def _arranged(wsoa: Wsoa, submissions: list, weaknesses: list) -> None:
    """Each submission's actions under their area of significant weakness, and its review's
    views in a fixed order, from what submissions_of prefetched."""
    for submission in submissions:
        actions = list(submission.actions.all())
        submission.by_weakness = [
            (n, weakness, [a for a in actions if a.weakness_id == weakness.pk])
            for n, weakness in enumerate(weaknesses, start=1)]
        review = submission.review
        views = {view.inspectorate: view for view in review.views.all()}
        review.views_in_order = [(INSPECTORATE_TITLES[code], views.get(code))
                                 for code in services.INSPECTORATES]
        review.letter_url = _letter_url(wsoa, review) if review.letter_pdf else ""


def _submission_rule_note(wsoa: Wsoa, clocks: list, calendar) -> dict | None:
    """What the submission clock counts from and why, with the date it would have had
    counted from the report's publication, as the Medway council paper counts."""
    first = next((c for c in clocks if c.rule.code == services.SUBMISSION_RULE[1]), None)
    if first is None:
        return None
    published_on = wsoa.inspection.published_on
    alternative = None
    if published_on is not None:
        alternative = deadline_preview(rule=first.rule, start_date=published_on,
                                       calendar=calendar).due_date
    return {"clock": first, "published_on": published_on, "alternative": alternative,
            "period": first.rule.period_amount}


@require_GET
def detail(request, pk: int):
    wsoa, can = _wsoa_for(request, pk)
    today, now, calendar = clock.today(), clock.now(), calendar_current()
    weaknesses = services.weaknesses_of(wsoa)
    submissions = page_selectors.submissions_of(wsoa)
    _arranged(wsoa, submissions, weaknesses)
    clocks = list(page_selectors.clocks_of(wsoa))
    current = submissions[-1] if submissions else None
    return render(request, "wsoa/detail.html", {
        "wsoa": wsoa, "inspection": wsoa.inspection, "can": can,
        "stage_colour": STAGE_COLOURS[wsoa.stage],
        "contacts": page_selectors.contacts_of(wsoa, on=today),
        "weaknesses": weaknesses, "submissions": submissions, "current": current,
        "publications": list(wsoa.publications.all()),
        "clocks": [(deadline, deadline_tag(deadline, today=today, calendar=calendar, now=now))
                   for deadline in clocks],
        "submission_rule": _submission_rule_note(wsoa, clocks, calendar),
        "next_step": NextStep(wsoa.next_step).label if wsoa.next_step else "",
        "open": {step: not _closed(wsoa, step) for step in OPEN_IN},
        "may_review": _reviews_for(request.user, request.user.inspectorate or ""),
        "inspection_visible": inspection_policy.can(request.user, wsoa.inspection, "view"),
        # The re-visit judging progress, for those who see its judgements.
        "revisit": page_selectors.latest_revisit(wsoa) if "view_progress" in can else None,
    })


# The final report received ------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def receipt(request, pk: int):
    wsoa, can = _wsoa_for(request, pk, action="record_receipt")
    closed = _closed(wsoa, "receipt")
    form = ReceiptForm(posted(request), initial={
        "received_on": wsoa.report_received_on or services.default_receipt(wsoa),
        "version": wsoa.version})
    if not closed and form_submit(request, form, partial(
            services.wsoa_record_receipt, wsoa=wsoa, by=request.user)):
        messages.success(request, "The date the final report was received was recorded")
        return _detail(wsoa)
    return _form_page(request, wsoa, can, form, closed=closed,
                      title="When was the final report received?",
                      intro="receipt")


# The statement submitted --------------------------------------------------------------------------

def _previous_actions(submissions: list) -> tuple[dict, dict[int, int]]:
    """The last submission's actions as the form's initial rows, and how many rows each
    area of significant weakness needs for them."""
    if not submissions:
        return {}, {}
    initial, rows = {}, {}
    for action in submissions[-1].actions.all():
        row = rows.get(action.weakness_id, 0)
        rows[action.weakness_id] = row + 1
        stem = f"w{action.weakness_id}_{row}"
        initial.update({f"{stem}_text": action.text, f"{stem}_who": action.who,
                        f"{stem}_by": action.complete_by})
    return initial, rows


def _submit(request, wsoa: Wsoa, form: SubmissionForm):
    """Keep the statement document and submit it with its actions, in one transaction: a
    refusal keeps neither the document's new version nor its file."""
    data, version = form.cleaned_data, None
    try:
        with transaction.atomic():
            try:
                version = document_upload(owner=wsoa, by=request.user,
                                          upload=data["statement"])
            except ValidationError as error:
                form.add_error("statement", error)
                return None
            return services.wsoa_submit(
                wsoa=wsoa, by=request.user, statement=version, actions=data["actions"],
                copies_confirmed=data["copies_confirmed"], version=data.get("version"))
    except ValidationError as error:
        if version is not None:
            version.file.storage.delete(version.file.name)
        if hasattr(error, "error_dict") and "actions" in error.error_dict:
            form.add_error(None, error.error_dict.pop("actions"))
        form_add_service_errors(form, error)
        return None


@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    wsoa, can = _wsoa_for(request, pk, action="submit_statement")
    closed = _closed(wsoa, "submit")
    weaknesses = services.weaknesses_of(wsoa)
    submissions = page_selectors.submissions_of(wsoa)
    initial, rows = _previous_actions(submissions)
    last_review = submissions[-1].review if submissions else None
    asked = ({r.weakness_id: r.text for r in last_review.recommendations.all()}
             if last_review is not None and last_review.decision == Fitness.NOT_FIT else {})
    form = SubmissionForm(posted(request), request.FILES or None, weaknesses=weaknesses,
                          rows=rows, recommendations=asked,
                          initial={**initial, "version": wsoa.version})
    if request.method == "POST" and not closed and form.is_valid():
        submission = _submit(request, wsoa, form)
        if submission is not None:
            messages.success(request, "The statement was submitted: Ofsted and the CQC "
                                      "review it within 10 working days")
            return _detail(wsoa)
    return _form_page(request, wsoa, can, form, closed=closed, intro="submit",
                      title="Submit the revised statement" if submissions
                      else "Submit the written statement of action",
                      multipart=True, previous=submissions[-1] if submissions else None)


# The review ---------------------------------------------------------------------------------------

def _current_submission(wsoa: Wsoa, weaknesses: list):
    submissions = page_selectors.submissions_of(wsoa)
    _arranged(wsoa, submissions, weaknesses)
    return submissions[-1] if submissions else None


@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """One inspectorate's view, recorded by its own staff."""
    wsoa, can = _wsoa_for(request, pk, action="review_statement")
    inspectorate = request.user.inspectorate or ""
    if not _reviews_for(request.user, inspectorate):
        raise PermissionDenied("Only the inspectorate's own staff record its view")
    current = _current_submission(wsoa, services.weaknesses_of(wsoa))
    mine = next((view for view in current.review.views.all()
                 if view.inspectorate == inspectorate), None) if current else None
    form = ViewForm(posted(request), initial={"fitness": mine.fitness, "comments":
                                              mine.comments} if mine else {})
    closed = _closed(wsoa, "review")
    name = services.INSPECTORATE_NAMES.get(inspectorate, inspectorate)
    if not closed and form_submit(request, form, partial(
            services.wsoa_record_view, wsoa=wsoa, by=request.user, inspectorate=inspectorate)):
        messages.success(request, f"The view of {name} was recorded")
        return _detail(wsoa)
    return _form_page(request, wsoa, can, form, closed=closed, current=current,
                      title=f"The view of {name}", intro="review")


def _regional_director(submissions: list) -> str:
    """Who signed the last letter, to offer again."""
    names = [s.review.regional_director for s in submissions if s.review.regional_director]
    return names[-1] if names else ""


@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """The joint decision, once both views are recorded and agree."""
    wsoa, can = _wsoa_for(request, pk, action="decide_fitness")
    weaknesses = services.weaknesses_of(wsoa)
    submissions = page_selectors.submissions_of(wsoa)
    _arranged(wsoa, submissions, weaknesses)
    current = submissions[-1] if submissions else None
    fitness = {view.fitness for _, view in current.review.views_in_order if view} \
        if current else set()
    form = DecisionForm(posted(request), weaknesses=weaknesses,
                        recommend=fitness != {Fitness.FIT},
                        initial={"regional_director": _regional_director(submissions)})
    closed = _closed(wsoa, "decide")
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.wsoa_decide(wsoa=wsoa, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "recommendations" in error.error_dict:
                form.add_error(next((key for key in form.fields
                                     if key.startswith("recommendation_")), None),
                               error.error_dict.pop("recommendations"))
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The decision was recorded. The Regional Director's "
                                      "letter is being prepared")
            return _detail(wsoa)
    return _form_page(request, wsoa, can, form, closed=closed, current=current,
                      title="Record the joint decision", intro="decide")


@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    """An admin reopens the last decision, saying why, once they have confirmed it."""
    wsoa, can = _wsoa_for(request, pk, action="reopen_decision")
    closed = _closed(wsoa, "reopen")
    form = ReopenForm(posted(request))
    if request.method == "POST" and not closed and form.is_valid():
        if request.POST.get("confirm") != "yes":
            return render(request, "wsoa/reopen_confirm.html", {
                "wsoa": wsoa, "inspection": wsoa.inspection, "can": can,
                "reason": form.cleaned_data["reason"]})
        if form_submit(request, form, partial(services.wsoa_reopen, wsoa=wsoa,
                                              by=request.user)):
            messages.success(request, "The decision was reopened: the statement is under "
                                      "review again")
            return _detail(wsoa)
    return _form_page(request, wsoa, can, form, closed=closed, intro="reopen",
                      title="Reopen the decision")


# After the decision -------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def minister(request, pk: int):
    wsoa, can = _wsoa_for(request, pk, action="advise_minister")
    closed = _closed(wsoa, "minister")
    form = MinisterForm(posted(request), initial={"advised_on": wsoa.minister_advised_on,
                                                  "next_step": wsoa.next_step or None})
    if not closed and form_submit(request, form, partial(
            services.wsoa_advise_minister, wsoa=wsoa, by=request.user)):
        messages.success(request, "The advice to the Minister was recorded")
        return _detail(wsoa)
    return _form_page(request, wsoa, can, form, closed=closed, intro="minister",
                      title="Record the advice to the Minister")


@require_http_methods(["GET", "POST"])
def publication_add(request, pk: int):
    wsoa, can = _wsoa_for(request, pk, action="record_publication")
    form = PublicationForm(posted(request))
    done = form_submit(request, form, partial(services.wsoa_record_publication, wsoa=wsoa,
                                              by=request.user))
    if done:
        messages.success(request, f"The publication by {done.value.body} was recorded")
        return _detail(wsoa)
    return _form_page(request, wsoa, can, form, intro="publication",
                      title="Record where the statement is published")


@require_http_methods(["GET", "POST"])
def progress_note(request, pk: int, action_pk: int):
    wsoa, can = _wsoa_for(request, pk, action="record_progress")
    action = page_selectors.action_of(wsoa, action_pk)
    form = ProgressNoteForm(posted(request))
    if form_submit(request, form, partial(services.wsoa_progress_note, action=action,
                                          by=request.user)):
        messages.success(request, "The progress note was added")
        return redirect(f"{reverse('wsoa:detail', args=[wsoa.pk])}#action-{action.pk}")
    return _form_page(request, wsoa, can, form, intro="progress", action=action,
                      title="Add a progress note")


@require_http_methods(["GET", "POST"])
def dfe_advice(request, pk: int):
    wsoa, can = _wsoa_for(request, pk, action="record_dfe_advice")
    form = DfeAdviceForm(posted(request))
    if form_submit(request, form, partial(services.wsoa_record_dfe_advice, wsoa=wsoa,
                                          by=request.user)):
        messages.success(request, "The DfE's advice to the Minister was recorded")
        return _detail(wsoa)
    return _form_page(request, wsoa, can, form, intro="dfe",
                      title="Record the DfE's advice to the Minister on progress")



@require_GET
def statement_download(request, pk: int, submission_pk: int):
    """The statement as submitted, for whoever may see the statement (a DfE adviser among
    them, who may not open the inspection's own documents); "not found" to others. A version
    not scanned clean is not sent."""
    wsoa, _can = _wsoa_for(request, pk)
    submission = get_object_or_404(
        Submission.objects.select_related("statement__document__inspection__local_area"),
        wsoa=wsoa, pk=submission_pk)
    version = submission.statement
    if not version.downloadable:
        return render(request, "evidence/document_unavailable.html", {
            "inspection": wsoa.inspection, "version": version}, status=409)
    return version_response(version, by=request.user)
