"""A local area's self-evaluations: what it shares with Ofsted and CQC ahead of each annual
engagement meeting (2023 framework, handbook 182), uploaded by the area itself through the
same document machinery as its answers to information requests (docs/decisions/0033).

The area's own users and Ofsted admins see them. Others who see the area in the register
are told they may not; anyone asking after another area's, or after a file they may not
have, is told it does not exist ("not found").
"""

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, posted
from config.pagination import numbered_page
from evidence.models import DocumentVersion
from evidence.request_forms import DocumentUploadForm
from evidence.services import documents as document_services
from evidence.views.documents import documents_of, version_response
from local_areas.models import LocalArea
from policy import local_areas as policy

PAGE_SIZE = 20


def _area_for(request, area_pk: int, *, action: str) -> LocalArea:
    """The area, if the user sees it (else "not found"), once they may take the action (else
    "forbidden", saying who may)."""
    area = get_object_or_404(policy.visible_to(user=request.user), pk=area_pk)
    policy.require(request.user, area, action)
    return area


@require_GET
def self_evaluation_list(request, area_pk: int):
    """Every self-evaluation the area has shared, the most recently updated first, each with
    all its versions."""
    area = _area_for(request, area_pk, action="view_self_evaluations")
    documents = (documents_of(self_evaluation_of=area)
                 .annotate(updated=Max("versions__uploaded_at")).order_by("-updated", "-id"))
    page = numbered_page(documents, size=PAGE_SIZE, number=request.GET.get("page"))
    return render(request, "evidence/self_evaluations.html", {
        "area": area, "page": page,
        "may_share": policy.can(request.user, area, "share_self_evaluation"),
        "documents": list(page.object_list)})


@require_http_methods(["GET", "POST"])
def self_evaluation_upload(request, area_pk: int):
    """The area's LANO or a leader shares a self-evaluation, one file at a time."""
    area = _area_for(request, area_pk, action="share_self_evaluation")
    form = DocumentUploadForm(posted(request), request.FILES or None,
                              button="Share self-evaluation")
    if form_submit(request, form, lambda file: document_services.document_upload(
            owner=area, by=request.user, upload=file)):
        messages.success(request, f"{form.cleaned_data['file'].name} shared with Ofsted and "
                                  f"CQC")
        return redirect("self_evaluations:list", area_pk=area.pk)
    return render(request, "evidence/self_evaluation_form.html", {"area": area, "form": form})


@require_GET
def self_evaluation_download(request, area_pk: int, version_pk: int):
    """One version of one of the area's self-evaluations, once scanned clean. Those who may
    not have it are told it does not exist."""
    area = get_object_or_404(policy.visible_to(user=request.user,
                                               action="view_self_evaluations"), pk=area_pk)
    version = get_object_or_404(DocumentVersion.objects.select_related("document").filter(
        document__self_evaluation_of=area), pk=version_pk)
    version.document.self_evaluation_of = area
    if not version.downloadable:
        return render(request, "evidence/document_unavailable.html", {
            "area": area, "version": version}, status=409)
    return version_response(version, by=request.user)
