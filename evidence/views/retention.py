"""How long an inspection's evidence base is kept: the retention page, setting a hold and
releasing one."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, posted
from evidence.retention_forms import RetentionHoldForm
from evidence.services import retention as services
from evidence.views.access import inspection_for
from inspections.models import Inspection
from inspections.views.records_common import one_of


def _to_retention(request, inspection: Inspection, message: str):
    messages.success(request, message)
    return redirect("evidence:retention", pk=inspection.pk)


@require_GET
def retention(request, pk: int):
    inspection, can = inspection_for(request, pk, action="view_evidence")
    holds = services.holds_of(inspection=inspection)
    standing = services.inspection_retention(inspection=inspection, holds=holds)
    return render(request, "evidence/retention.html", {
        "inspection": inspection, "can": can, "standing": standing,
        "explained": services.retention_explained(standing),
        "in_force": [hold for hold in holds if hold.released_at is None],
        "released": [hold for hold in holds if hold.released_at is not None],
    })


@require_http_methods(["GET", "POST"])
def hold_add(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="hold_evidence")
    form = RetentionHoldForm(posted(request))
    if form_submit(request, form, partial(services.retention_hold_set, inspection=inspection,
                                          by=request.user)):
        return _to_retention(request, inspection, f"The evidence base is kept: "
                                                  f"{_reason(form).lower()}")
    return render(request, "evidence/retention_hold.html",
                  {"inspection": inspection, "form": form})


def _reason(form) -> str:
    return str(dict(form.fields["reason"].choices)[form.cleaned_data["reason"]])


@require_http_methods(["GET", "POST"])
def hold_release(request, pk: int, hold_pk: int):
    inspection, _ = inspection_for(request, pk, action="release_hold")
    hold = one_of(services.holds_of(inspection=inspection), hold_pk)
    error = ""
    if request.method == "POST":
        try:
            services.retention_hold_release(hold=hold, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return _to_retention(request, inspection, f"Hold released: "
                                                      f"{hold.get_reason_display().lower()}")
    return render(request, "evidence/retention_release.html",
                  {"inspection": inspection, "hold": hold, "error": error})
