"""The letter's findings: the lead inspector writes them while the letter is being drafted
and links each to the evidence that supports it; the inspectorates' side reads them. The
local area is not told these pages exist ("not found") until the letter reaches it."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, posted
from config.pagination import numbered_page
from evidence.models import EvidenceStatus
from evidence.selectors import EvidenceFilters, evidence_list, inspection_get_for_evidence
from inspections.models import Inspection, Question
from policy import letters as policy
from reports import findings as services
from reports import parts, rendering
from reports.findings import CHANGEABLE, sections_for
from reports.forms import (
    DeterminationDecisionForm,
    DeterminationRecommendForm,
    EvidenceLinkForm,
    FindingForm,
)
from reports.models import (
    Determination,
    Finding,
    FindingSection,
    LetterRender,
    OutcomeLetter,
)

EVIDENCE_PAGE_SIZE = 25


def _inspection_for(request, pk: int, *, hidden_without: str, action: str):
    """How every page here finds its inspection: with what the policy reads, and what the
    user may do. "Not found" to those who may not `hidden_without` (the local area, until
    the letter reaches it); "forbidden" to those who may not take `action`."""
    inspection = inspection_get_for_evidence(user=request.user, pk=pk)
    can = policy.permitted(user=request.user, inspection=inspection)
    if hidden_without not in can:
        raise Http404("No such inspection")
    if action not in can:
        raise PermissionDenied(policy.refusal(action))
    return inspection, can


def _letter_for(request, pk: int, *, action: str = "view_findings"):
    """The inspection, its letter (None before drafting starts) and what the user may do
    with it."""
    inspection, can = _inspection_for(request, pk, hidden_without="view_findings",
                                      action=action)
    letter = OutcomeLetter.objects.filter(inspection=inspection).first()
    if letter is not None:
        letter.inspection = inspection
    return inspection, letter, can


def _editable(letter: OutcomeLetter | None, can) -> bool:
    return (letter is not None and letter.state in CHANGEABLE
            and "write_findings" in can)


def _finding_of(letter: OutcomeLetter | None, finding_pk: int) -> Finding:
    if letter is None:
        raise Http404("No such finding")
    finding = get_object_or_404(Finding.objects.filter(letter=letter)
                                .annotate(supporting=Count("links")), pk=finding_pk)
    finding.letter = letter
    return finding


@require_GET
def finding_list(request, pk: int):
    """Every finding, section by section in the letter's order, each with how much evidence
    supports it; those with none are flagged."""
    inspection, letter, can = _letter_for(request, pk)
    sections = []
    unsupported = 0
    if letter is not None:
        found = list(Finding.objects.filter(letter=letter).annotate(supporting=Count("links"))
                     .order_by("position", "id"))
        unsupported = sum(1 for finding in found if not finding.supporting)
        for section in sections_for(inspection):
            rows = [finding for finding in found if finding.section == section]
            # Whether each can move up or down among those the letter prints with it.
            for kind in {finding.kind for finding in rows}:
                alike = [finding for finding in rows if finding.kind == kind]
                for index, finding in enumerate(alike):
                    finding.can_up, finding.can_down = index > 0, index < len(alike) - 1
            sections.append({"code": section, "label": FindingSection(section).label,
                             "findings": rows})
    return render(request, "reports/findings.html", {
        "inspection": inspection, "letter": letter, "can": can, "sections": sections,
        "unsupported": unsupported, "editable": _editable(letter, can)})


def _closed_page(request, inspection, letter, can):
    return render(request, "reports/findings_closed.html", {
        "inspection": inspection, "letter": letter, "can": can}, status=200)


@require_http_methods(["GET", "POST"])
def finding_add(request, pk: int):
    inspection, letter, can = _letter_for(request, pk, action="write_findings")
    if not _editable(letter, can):
        return _closed_page(request, inspection, letter, can)
    section = request.GET.get("section", "")
    form = FindingForm(posted(request), sections=sections_for(inspection), initial={
        "section": section if section in sections_for(inspection) else None})
    done = form_submit(request, form, partial(services.finding_add, letter=letter,
                                              by=request.user))
    if done:
        messages.success(request, f"Finding added to {done.value.get_section_display()}")
        return redirect(f"{_list_url(inspection)}#finding-{done.value.pk}")
    return render(request, "reports/finding_form.html", {
        "inspection": inspection, "letter": letter, "can": can, "form": form,
        "title": "Add a finding"})


def _list_url(inspection: Inspection) -> str:
    return reverse("reports:findings", args=[inspection.pk])


@require_http_methods(["GET", "POST"])
def finding_edit(request, pk: int, finding_pk: int):
    inspection, letter, can = _letter_for(request, pk, action="write_findings")
    finding = _finding_of(letter, finding_pk)
    if not _editable(letter, can):
        return _closed_page(request, inspection, letter, can)
    form = FindingForm(posted(request), editing=True, sections=sections_for(inspection),
                       initial={"section": finding.section, "kind": finding.kind,
                                "text": finding.text, "version": finding.version})
    done = form_submit(request, form, partial(services.finding_update, finding=finding,
                                              by=request.user))
    if done:
        messages.success(request, "Finding saved")
        return redirect(f"{_list_url(inspection)}#finding-{finding.pk}")
    stale = None
    if form.is_bound and any(error.code == "stale" for error in
                             form.errors.as_data().get("__all__", [])):
        stale = Finding.objects.get(pk=finding.pk)
    return render(request, "reports/finding_form.html", {
        "inspection": inspection, "letter": letter, "can": can, "form": form,
        "finding": finding, "stale": stale, "title": "Change a finding"})


@require_http_methods(["GET", "POST"])
def finding_remove(request, pk: int, finding_pk: int):
    inspection, letter, can = _letter_for(request, pk, action="write_findings")
    finding = _finding_of(letter, finding_pk)
    if not _editable(letter, can):
        return _closed_page(request, inspection, letter, can)
    if request.method == "POST":
        services.finding_remove(finding=finding, by=request.user)
        messages.success(request, "Finding removed")
        return redirect("reports:findings", pk=inspection.pk)
    return render(request, "reports/finding_remove.html", {
        "inspection": inspection, "letter": letter, "can": can, "finding": finding})


@require_http_methods(["GET", "POST"])
def finding_move(request, pk: int, finding_pk: int):
    """A POST from a move button: one place up or down in its part of the letter; back to
    the finding on the list. Who may not is told so before the method is judged."""
    inspection, letter, can = _letter_for(request, pk, action="write_findings")
    finding = _finding_of(letter, finding_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not _editable(letter, can):
        return _closed_page(request, inspection, letter, can)
    try:
        services.finding_move(finding=finding, by=request.user,
                              direction=request.POST.get("direction", ""))
    except ValidationError as refused:
        messages.warning(request, " ".join(refused.messages))
    else:
        messages.success(request, f"Finding moved {request.POST['direction']}")
    return redirect(f"{_list_url(inspection)}#finding-{finding.pk}")


@require_http_methods(["GET", "POST"])
def finding_evidence(request, pk: int, finding_pk: int):
    """The evidence behind one finding, and the inspection's final evidence to link to it:
    narrowed to the finding's question, and searched, a page at a time."""
    inspection, letter, can = _letter_for(request, pk)
    finding = _finding_of(letter, finding_pk)
    editable = _editable(letter, can)
    posted_ids = [value for value in request.POST.getlist("records") if value.isdigit()]
    form = EvidenceLinkForm(posted(request), choices=[(value, value) for value in posted_ids])
    if request.method == "POST":
        if "write_findings" not in can:
            raise PermissionDenied(policy.refusal("write_findings"))
        if not editable:
            return _closed_page(request, inspection, letter, can)
        if form_submit(request, form, lambda records: services.finding_evidence_link(
                finding=finding, by=request.user, record_ids=records)):
            messages.success(request, "Evidence linked to the finding")
            return redirect("reports:finding-evidence", pk=inspection.pk,
                            finding_pk=finding.pk)
    question = request.GET.get("question", finding.section
                               if finding.section in Question.values else "")
    if question not in Question.values:
        question = ""
    words = request.GET.get("q", "").strip()[:200]
    linked = list(finding.evidence.select_related("author").order_by("happened_at", "id"))
    candidates = evidence_list(inspection=inspection, filters=EvidenceFilters(
        question=question, status=EvidenceStatus.FINAL, q=words)).exclude(
        pk__in=[record.pk for record in linked])
    page = numbered_page(candidates, size=EVIDENCE_PAGE_SIZE, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/finding_evidence.html", {
        "inspection": inspection, "letter": letter, "can": can, "finding": finding,
        "linked": linked, "page": page, "records": list(page.object_list), "form": form,
        "editable": editable, "question": question, "q": words,
        "questions": Question.choices, "query": query.urlencode()})


@require_http_methods(["GET", "POST"])
def finding_evidence_unlink(request, pk: int, finding_pk: int, record_pk: int):
    """A POST from the unlink button. Who may not is told so before the method is judged."""
    inspection, letter, can = _letter_for(request, pk, action="write_findings")
    finding = _finding_of(letter, finding_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not _editable(letter, can):
        return _closed_page(request, inspection, letter, can)
    services.finding_evidence_unlink(finding=finding, by=request.user, record_id=record_pk)
    messages.success(request, "Evidence unlinked from the finding")
    return redirect("reports:finding-evidence", pk=inspection.pk, finding_pk=finding.pk)


# The determination ------------------------------------------------------------------------

def _determination_for(request, pk: int, *, action: str = "view_determination"):
    """The inspection, its determination (None before the team recommends one) and what
    the user may do."""
    inspection, can = _inspection_for(request, pk, hidden_without="view_determination",
                                      action=action)
    determination = (Determination.objects.filter(inspection=inspection)
                     .prefetch_related("weaknesses")
                     .select_related("recommended_by", "decided_by").first())
    return inspection, determination, can


@require_GET
def determination(request, pk: int):
    inspection, found, can = _determination_for(request, pk)
    return render(request, "reports/determination.html", {
        "inspection": inspection, "determination": found, "can": can,
        "open": inspection.state in parts.BEFORE_FEEDBACK})


@require_http_methods(["GET", "POST"])
def determination_recommend(request, pk: int):
    inspection, found, can = _determination_for(request, pk, action="recommend_determination")
    initial = {"version": found.version, "wsoa_required": "yes" if found.recommended_wsoa
               else "no", "principal_authority": found.recommended_authority,
               "weaknesses": "\n".join(w.text for w in found.weaknesses.all())} if found else {}
    form = DeterminationRecommendForm(posted(request), initial=initial)
    if form_submit(request, form, partial(parts.determination_recommend,
                                          inspection=inspection, by=request.user)):
        messages.success(request, "The team's recommendation was recorded")
        return redirect("reports:determination", pk=inspection.pk)
    return render(request, "reports/determination_form.html", {
        "inspection": inspection, "determination": found, "can": can, "form": form,
        "title": "Record the team's recommendation",
        "open": inspection.state in parts.BEFORE_FEEDBACK})


@require_http_methods(["GET", "POST"])
def determination_decide(request, pk: int):
    inspection, found, can = _determination_for(request, pk, action="decide_determination")
    form = DeterminationDecisionForm(posted(request), initial={
        "version": found.version if found else None})
    if form_submit(request, form, partial(parts.determination_decide,
                                          inspection=inspection, by=request.user)):
        messages.success(request, "The decision of HMCI's delegate was recorded")
        return redirect("reports:determination", pk=inspection.pk)
    return render(request, "reports/determination_form.html", {
        "inspection": inspection, "determination": found, "can": can, "form": form,
        "title": "Record the decision of HMCI's delegate", "deciding": True,
        "open": inspection.state in parts.BEFORE_FEEDBACK})


# The letter as a PDF ------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def letter_pdf(request, pk: int):
    """The latest PDF of the letter's current version, and a way to ask for a new one: it is
    rendered by a Celery task, and the page says so while it is on its way. A draft is marked
    as one on every page."""
    inspection, letter, can = _letter_for(request, pk)
    if letter is None:
        return _closed_page(request, inspection, letter, can)
    if request.method == "POST":
        rendering.letter_pdf_request(letter=letter, by=request.user)
        messages.success(request, "The PDF is being prepared. It takes a few seconds")
        return redirect("reports:letter-pdf", pk=inspection.pk)
    version = max((v.number for v in letter.versions.all()), default=1)
    latest = (LetterRender.objects.filter(letter=letter).order_by("-rendered_at", "-id")
              .first())
    waiting = letter.pdf_requested_at is not None and (
        latest is None or latest.rendered_at < letter.pdf_requested_at)
    return render(request, "reports/letter_pdf_page.html", {
        "inspection": inspection, "letter": letter, "can": can, "latest": latest,
        "current": latest is not None and latest.version_number == version,
        "version": version, "waiting": waiting})


@require_GET
def letter_pdf_download(request, pk: int, render_pk: int):
    inspection, letter, can = _letter_for(request, pk)
    found = get_object_or_404(LetterRender.objects.filter(letter=letter), pk=render_pk)
    try:
        stream = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF's file is missing") from None
    rendering.letter_pdf_downloaded(render=found, letter=letter, by=request.user)
    response = FileResponse(stream, content_type="application/pdf", as_attachment=True,
                            filename=f"{inspection.reference}-letter-version-"
                                     f"{found.version_number}"
                                     f"{'-draft' if found.draft else ''}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# What changed between the draft sent and the final --------------------------------------------

@require_GET
def letter_changes(request, pk: int):
    """The passages of the letter that changed between the draft sent to the local area and
    the final (or the letter as it reads now, until the final is issued), and every version
    of the letter. Its cost does not grow with the letter's findings or versions."""
    from reports import versions as letter_versions
    from reports.models import LetterVersion

    # The area's recipients read them too: "forbidden" to the rest of the area, who see
    # that a draft exists; "not found" to those who do not see the letter at all.
    inspection = inspection_get_for_evidence(user=request.user, pk=pk)
    held = (OutcomeLetter.objects.filter(inspection=inspection).prefetch_related("recipients")
            .first())
    if held is not None:
        held.inspection = inspection
    can = policy.permitted(user=request.user, inspection=inspection, letter=held)
    if "view_letter" not in can:
        raise Http404("No such inspection")
    if "view_changes" not in can:
        raise PermissionDenied(policy.refusal("view_changes"))
    letter_pk = held.pk if held is not None else None
    changes, versions = None, []
    if letter_pk is not None:
        letter = rendering.letter_for_rendering(pk=letter_pk)
        changes = letter_versions.letter_changes(letter)
        versions = list(LetterVersion.objects.filter(letter=letter)
                        .select_related("started_by").order_by("number"))
    return render(request, "reports/letter_changes.html", {
        "inspection": inspection, "can": can, "changes": changes, "versions": versions})
