"""The restricted draft with the local area: who it is sent to, the draft itself (as a page
and as a PDF, each reading audited) and the area's factual-accuracy comments with the lead
inspector's answers. The area's other users see that a draft exists and who it went to,
never its text ("forbidden", with the reason)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, posted
from deadlines.models import Deadline, DeadlineStatus
from evidence.selectors import inspection_get_for_evidence
from policy import letters as policy
from reports import accuracy, rendering
from reports import copies as copies_service
from reports.content import letter_content
from reports.forms import (
    AccuracyCommentForm,
    CommentAnswerForm,
    RecipientForm,
    ReportCopyForm,
)
from reports.models import (
    AccuracyComment,
    DraftRecipient,
    LetterRender,
    OutcomeLetter,
    ReportCopy,
)
from reports.selectors import current_version


def _draft_for(request, pk: int, *, action: str, post_action: str | None = None):
    """The inspection, its letter (with its recipients and comments) and what the user may
    do with it. "Not found" to those who may not see where the letter stands; "forbidden"
    to those who may not take `action` (or, on a POST, `post_action`)."""
    inspection = inspection_get_for_evidence(user=request.user, pk=pk)
    letter = (OutcomeLetter.objects.filter(inspection=inspection)
              .prefetch_related("recipients__user", "recipients__named_by", "versions",
                                "accuracy_comments__by", "accuracy_comments__answered_by")
              .first())
    if letter is not None:
        letter.inspection = inspection
    can = policy.permitted(user=request.user, inspection=inspection, letter=letter)
    if "view_letter" not in can:
        raise Http404("No such inspection")
    if letter is None:
        raise Http404("The letter has not been started")
    for wanted in [action, *([post_action] if request.method == "POST" and post_action
                             else [])]:
        if wanted not in can:
            raise PermissionDenied(policy.refusal(wanted))
    return inspection, letter, can


def _factual_accuracy_clock(inspection) -> Deadline | None:
    return (Deadline.objects.filter(inspection=inspection, rule__code="factual_accuracy")
            .exclude(status=DeadlineStatus.CANCELLED).order_by("-created_at", "-id").first())


# The draft ------------------------------------------------------------------------------------

@require_GET
def draft(request, pk: int):
    """The letter as it reads now, marked as the restricted draft until the final is
    issued. Each reading is audited."""
    inspection, letter, can = _draft_for(request, pk, action="view_draft")
    full = rendering.letter_for_rendering(pk=letter.pk)
    full.inspection = inspection
    is_draft = rendering.is_draft(letter)
    if is_draft:
        accuracy.draft_read(letter=letter, by=request.user, what="page")
    return render(request, "reports/draft.html", {
        "inspection": inspection, "letter": letter, "can": can, "is_draft": is_draft,
        "content": letter_content(full), "version": current_version(letter).number,
        "comments": len(letter.accuracy_comments.all())})


@require_GET
def draft_pdf(request, pk: int):
    """The newest PDF of the letter's current version; asked for, and the page says it is
    on its way, when there is none yet."""
    inspection, letter, can = _draft_for(request, pk, action="view_draft")
    number = current_version(letter).number
    found = (LetterRender.objects.filter(letter=letter, version_number=number)
             .order_by("-rendered_at", "-id").first())
    if found is None:
        if letter.pdf_requested_at is None:
            rendering.letter_pdf_request(letter=letter, by=request.user)
        return render(request, "reports/draft_pdf_waiting.html", {
            "inspection": inspection, "letter": letter, "can": can})
    try:
        stream = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF's file is missing") from None
    if found.draft:
        accuracy.draft_read(letter=letter, by=request.user, what="pdf")
    response = FileResponse(stream, content_type="application/pdf", as_attachment=True,
                            filename=f"{inspection.reference}-letter-version-{number}"
                                     f"{'-draft-restricted' if found.draft else ''}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# Recipients -----------------------------------------------------------------------------------

def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@require_http_methods(["GET", "POST"])
def recipients(request, pk: int):
    """Who the draft is (or will be) sent to; naming them, for admins and the lead, and
    naming representatives, for the DCS and health chief executives named."""
    inspection, letter, can = _draft_for(request, pk, action="view_recipients")
    may_name = bool({"name_recipients", "name_representatives"} & can)
    if request.method == "POST" and not may_name:
        raise PermissionDenied(policy.refusal("name_recipients"))
    form = None
    if may_name and not accuracy.recipients_refusal(letter):
        people = [(user.pk, f"{_name(user)} ({user.email})" if user.email else _name(user))
                  for user in accuracy.recipient_candidates(letter)]
        form = RecipientForm(posted(request), people=people,
                             representatives_only="name_recipients" not in can)
        done = form_submit(request, form, lambda user, capacity: accuracy.recipient_name(
            letter=letter, by=request.user, user=_candidate(letter, user), capacity=capacity))
        if done:
            messages.success(request, f"{_name(done.value.user)} will receive the draft")
            return redirect("reports:recipients", pk=inspection.pk)
    return render(request, "reports/recipients.html", {
        "inspection": inspection, "letter": letter, "can": can, "form": form,
        "recipients": list(letter.recipients.all()),
        "closed": accuracy.recipients_refusal(letter),
        "representatives_only": "name_recipients" not in can})


def _candidate(letter, user_pk: int):
    found = accuracy.recipient_candidates(letter).filter(pk=user_pk).first()
    if found is None:
        raise ValidationError({"user": "Select someone of the local area who has not been "
                                       "named already"})
    return found


@require_http_methods(["GET", "POST"])
def recipient_remove(request, pk: int, recipient_pk: int):
    inspection, letter, can = _draft_for(request, pk, action="remove_recipients")
    recipient = get_object_or_404(DraftRecipient.objects.select_related("user")
                                  .filter(letter=letter), pk=recipient_pk)
    recipient.letter = letter
    error = ""
    if request.method == "POST":
        try:
            accuracy.recipient_remove(recipient=recipient, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"{_name(recipient.user)} will no longer receive the "
                                      f"draft")
            return redirect("reports:recipients", pk=inspection.pk)
    return render(request, "reports/recipient_remove.html", {
        "inspection": inspection, "letter": letter, "can": can, "recipient": recipient,
        "error": error or accuracy.recipients_refusal(letter)})


# Comments -------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def comments(request, pk: int):
    """The area's comments on the draft, each with its answer; the recipients add theirs
    here while their time to comment runs."""
    inspection, letter, can = _draft_for(request, pk, action="view_comments",
                                         post_action="comment_on_draft")
    clock_row = _factual_accuracy_clock(inspection)
    closed = accuracy.comments_refusal(letter, clock_row)
    form = None
    if "comment_on_draft" in can and not closed:
        form = AccuracyCommentForm(posted(request))
        done = form_submit(request, form, partial(accuracy.accuracy_comment_add,
                                                  letter=letter, by=request.user))
        if done:
            messages.success(request, "Your comment was sent to the lead inspector")
            return redirect(f"{request.path}#comment-{done.value.pk}")
    elif request.method == "POST":
        form = AccuracyCommentForm(posted(request))
        form.is_valid()
        form.add_error(None, closed)
    rows = list(letter.accuracy_comments.all())
    return render(request, "reports/comments.html", {
        "inspection": inspection, "letter": letter, "can": can, "form": form,
        "comments": rows, "unanswered": sum(1 for row in rows if not row.response),
        "clock": clock_row, "closed": closed,
        "answerable": "answer_comments" in can and not accuracy.answer_refusal(letter)})


@require_http_methods(["GET", "POST"])
def comment_answer(request, pk: int, comment_pk: int):
    inspection, letter, can = _draft_for(request, pk, action="answer_comments")
    comment = get_object_or_404(AccuracyComment.objects.select_related("by")
                                .filter(letter=letter), pk=comment_pk)
    comment.letter = letter
    closed = accuracy.answer_refusal(letter)
    form = CommentAnswerForm(posted(request), initial={
        "response": comment.response or None, "response_text": comment.response_text,
        "version": comment.version})
    if not closed:
        done = form_submit(request, form, partial(accuracy.accuracy_comment_answer,
                                                  comment=comment, by=request.user))
        if done:
            messages.success(request, "Your answer was saved. The local area's recipients "
                                      "have been told")
            return redirect(f"{_comments_url(inspection)}#comment-{comment.pk}")
    return render(request, "reports/comment_answer.html", {
        "inspection": inspection, "letter": letter, "can": can, "form": form,
        "comment": comment, "closed": closed})


def _comments_url(inspection) -> str:
    return reverse("reports:comments", args=[inspection.pk])



# Copies of the final report -------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def copies(request, pk: int):
    """Who copies of the final report went to, and when (handbook 71); an admin records
    those sent to others HMCI considers appropriate."""
    inspection, letter, can = _draft_for(request, pk, action="view_copies",
                                         post_action="record_copies")
    closed = copies_service.copies_refusal(letter)
    form = None
    if "record_copies" in can and not closed:
        form = ReportCopyForm(posted(request), rule=copies_service.copy_date_rule(letter))
        done = form_submit(request, form, partial(copies_service.copy_add, letter=letter,
                                                  by=request.user))
        if done:
            messages.success(request, f"The copy to {done.value.name} was recorded")
            return redirect("reports:copies", pk=inspection.pk)
    elif request.method == "POST":
        form = ReportCopyForm(posted(request), rule=copies_service.copy_date_rule(letter))
        form.is_valid()
        form.add_error(None, closed)
    return render(request, "reports/copies.html", {
        "inspection": inspection, "letter": letter, "can": can, "form": form,
        "copies": list(ReportCopy.objects.filter(letter=letter).select_related("recorded_by")),
        "closed": closed})
