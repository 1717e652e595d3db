"""Information requests and documents: the list of an inspection's requests (the LANO's to-do
list), raising one, one request with its files, marking it answered, attaching a file to
evidence, and downloading a document's version."""

import unicodedata
from functools import partial
from urllib.parse import quote

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from config import clock
from config.govuk_forms import form_submit, posted
from deadlines.arithmetic import due_words
from evidence.models import (
    Document,
    DocumentVersion,
    EvidenceRecord,
    InformationRequest,
    RequestStatus,
)
from evidence.request_forms import DocumentUploadForm, RequestAnswerForm, RequestRaiseForm
from evidence.selectors import request_reminded_at
from evidence.services import documents as document_services
from evidence.services import requests as request_services
from evidence.views.access import inspection_for
from inspections.models import Inspection
from inspections.services.common import FINISHED
from policy import evidence as policy


def _inspection_for(request, pk: int, *, action: str | None,
                    evidence: bool = False) -> tuple[Inspection, frozenset[str]]:
    """For pages of the evidence base (`evidence`), the local area gets "not found"."""
    return inspection_for(request, pk, action=action,
                          hidden_without="view_evidence" if evidence else None)


def _due_words(item: InformationRequest) -> InformationRequest:
    """The request, with when it is due in words, in UK time: "by 5pm on Friday 8 December
    2017"."""
    due = timezone.localtime(item.due_at, clock.ENGLAND)
    item.due_words = due_words(due.date(), due.time())
    return item


def _requests_of(inspection: Inspection):
    return (InformationRequest.objects.filter(inspection=inspection)
            .select_related("raised_by", "answered_by")
            .annotate(files=Count("documents")).order_by("due_at", "id"))


def _request_of(inspection: Inspection, request_pk: int) -> InformationRequest:
    return _due_words(get_object_or_404(_requests_of(inspection), pk=request_pk))


def documents_of(**owner):
    return (Document.objects.filter(**owner)
            .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects
                                       .select_related("uploaded_by").order_by("-number"))))


@require_GET
def request_list(request, pk: int):
    """The inspection's requests, soonest due first: for the LANO, a to-do list of those
    still open, then those answered."""
    inspection, can = _inspection_for(request, pk, action="view_requests")
    rows = [_due_words(row) for row in
            _requests_of(inspection).filter(~Q(status=RequestStatus.WITHDRAWN))]
    return render(request, "evidence/requests.html", {
        "inspection": inspection, "can": can,
        "open": [row for row in rows if row.status == RequestStatus.OPEN],
        "answered": [row for row in rows if row.status == RequestStatus.ANSWERED]})


@require_http_methods(["GET", "POST"])
def request_add(request, pk: int):
    inspection, can = _inspection_for(request, pk, action="raise_request")
    form = RequestRaiseForm(posted(request), inspection=inspection)
    if inspection.state not in FINISHED and form_submit(
            request, form, partial(request_services.request_raise, inspection=inspection,
                                   by=request.user)):
        messages.success(request, "Request sent to the local area")
        return redirect("evidence:requests", pk=inspection.pk)
    return render(request, "evidence/request_form.html", {
        "inspection": inspection, "can": can, "finished": inspection.state in FINISHED,
        "form": None if inspection.state in FINISHED else form,
        "title": "Ask the local area for information"})


@require_GET
def request_detail(request, pk: int, request_pk: int):
    """One request with every file given in answer."""
    inspection, can = _inspection_for(request, pk, action="view_requests")
    item = _request_of(inspection, request_pk)
    documents = (list(documents_of(request=item))
                 if "view_request_documents" in can else [])
    may_upload = ("answer_request" in can and item.status == RequestStatus.OPEN
                  and inspection.state not in FINISHED)
    return render(request, "evidence/request.html", {
        "inspection": inspection, "can": can, "item": item, "documents": documents,
        "may_upload": may_upload, "may_answer": may_upload and bool(documents),
        "reminded": request_reminded_at(request=item)})


@require_http_methods(["GET", "POST"])
def request_upload(request, pk: int, request_pk: int):
    """The LANO uploads a file in answer to a request, one at a time."""
    inspection, can = _inspection_for(request, pk, action="answer_request")
    item = _request_of(inspection, request_pk)
    form = DocumentUploadForm(posted(request), request.FILES or None)
    if form_submit(request, form, lambda file: document_services.document_upload(
            owner=item, by=request.user, upload=file)):
        messages.success(request, f"{form.cleaned_data['file'].name} uploaded")
        return redirect("evidence:request", pk=inspection.pk, request_pk=item.pk)
    return render(request, "evidence/request_upload.html", {
        "inspection": inspection, "can": can, "item": item, "form": form})


@require_http_methods(["GET", "POST"])
def request_answer(request, pk: int, request_pk: int):
    """Confirm that the request is answered: the inspectors are told it is complete."""
    inspection, can = _inspection_for(request, pk, action="answer_request")
    item = _request_of(inspection, request_pk)
    form = RequestAnswerForm(posted(request), initial={"version": item.version})
    if form_submit(request, form, partial(request_services.request_answer, request=item,
                                          by=request.user)):
        messages.success(request, f"{item.title}: marked as answered")
        return redirect("evidence:requests", pk=inspection.pk)
    return render(request, "evidence/request_answer.html", {
        "inspection": inspection, "can": can, "item": item, "form": form})


def _record_of(inspection: Inspection, record_pk: int) -> EvidenceRecord:
    return get_object_or_404(EvidenceRecord.objects.filter(inspection=inspection),
                             pk=record_pk)


@require_GET
def record_documents(request, pk: int, record_pk: int):
    """The documents attached to an evidence record."""
    inspection, can = _inspection_for(request, pk, action="view_evidence", evidence=True)
    record = _record_of(inspection, record_pk)
    return render(request, "evidence/documents.html", {
        "inspection": inspection, "can": can, "record": record,
        "documents": list(documents_of(record=record)),
        "may_attach": "attach_document" in can and inspection.state not in FINISHED})


@require_http_methods(["GET", "POST"])
def record_document_add(request, pk: int, record_pk: int):
    """An inspector on the team attaches a file to evidence."""
    inspection, can = _inspection_for(request, pk, action="attach_document", evidence=True)
    record = _record_of(inspection, record_pk)
    form = DocumentUploadForm(posted(request), request.FILES or None, button="Attach file")
    if form_submit(request, form, lambda file: document_services.document_upload(
            owner=record, by=request.user, upload=file)):
        messages.success(request, f"{form.cleaned_data['file'].name} attached")
        return redirect("evidence:record-documents", pk=inspection.pk, record_pk=record.pk)
    return render(request, "evidence/document_form.html", {
        "inspection": inspection, "can": can, "record": record, "form": form})


def content_disposition(filename: str) -> str:
    """An attachment header naming the file safely: a plain ASCII fallback, and the real name
    encoded as RFC 6266's filename* for browsers that read it."""
    fallback = "".join(
        c if c.isascii() and (c.isalnum() or c in " .-_()") else "_"
        for c in unicodedata.normalize("NFKD", filename)
        if not unicodedata.combining(c)).strip()
    return (f'attachment; filename="{fallback or "document"}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")


@require_GET
def document_download(request, pk: int, version_pk: int):
    """One version of a document, as an attachment, streamed from the store. Those who may
    not have it are told it does not exist; a version not (yet) scanned clean is not sent,
    and a page says why."""
    inspection, _ = _inspection_for(request, pk, action=None)
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document").filter(
            document__inspection=inspection), pk=version_pk)
    version.document.inspection = inspection
    if not policy.may_download(user=request.user, document=version.document):
        raise Http404("No such document")
    if not version.downloadable:
        return render(request, "evidence/document_unavailable.html", {
            "inspection": inspection, "version": version}, status=409)
    return version_response(version, by=request.user)


def version_response(version: DocumentVersion, *, by):
    """A downloadable version, as an attachment streamed from the store, its download
    audited: a safe filename, `nosniff` and `no-store`."""
    try:
        stream = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing") from None
    document_services.document_downloaded(version=version, by=by)
    response = FileResponse(stream, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(version.original_filename)
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
