"""Writing evidence: the form, its autosave, and the merge of a conflicting change.

The form works as a plain form post; with JavaScript (static/js/evidence-autosave.js) it
also saves what is typed as the writer's draft every few seconds, and keeps a copy in the
browser until the service has it (docs/decisions/0029)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config import clock
from config.govuk_forms import form_submit, posted
from evidence.forms import FINAL, EvidenceForm, initial_of_draft, initial_of_record
from evidence.models import EvidenceDraft, EvidenceRecord, EvidenceStatus
from evidence.services import records as services
from evidence.views.access import inspection_for
from inspections.models import Inspection
from inspections.services.common import FINISHED

# A record's form is the same form each time a person opens it: reopened, it finds their
# draft of it again. (A new record's form is given a key of its own when opened.)
RECORD_FORMS = uuid.UUID("6b0d4b8e-2f43-4c7e-9a57-4d1c3f0e9b21")
OFFERED_DRAFTS = 3


def _inspection_for(request, pk: int, *, action: str) -> tuple[Inspection, frozenset[str]]:
    """The local area, who see the inspection but never its evidence, get "not found"."""
    return inspection_for(request, pk, action=action, hidden_without="view_evidence")


def _uk_time(moment) -> str:
    return f"{timezone.localtime(moment, clock.ENGLAND):%H:%M}"


def _form_page(request, inspection: Inspection, form, *, title: str, record=None,
               offered=(), draft=None, status: int = 200, **context):
    finished = inspection.state in FINISHED
    return render(request, "evidence/record_form.html", {
        "inspection": inspection, "form": None if finished else form, "title": title,
        "record": record, "finished": finished, "offered": offered, "draft": draft,
        "saved_key": _saved_key(request), **context}, status=status)


def _saved_key(request) -> str:
    """The key of the form just saved, for the page to clear the browser's copy of it."""
    try:
        return str(uuid.UUID(request.GET.get("saved", "")))
    except ValueError:
        return ""


def _own_draft(request, inspection: Inspection, **match) -> EvidenceDraft | None:
    try:
        key = uuid.UUID(request.GET.get("draft", ""))
    except ValueError:
        return None
    return EvidenceDraft.objects.filter(author=request.user, inspection=inspection,
                                        form_key=key, **match).first()


def _saved(request, inspection: Inspection, record: EvidenceRecord, form_key):
    final = record.status == EvidenceStatus.FINAL
    messages.success(request, "Evidence saved as final" if final else "Evidence saved as a "
                                                                      "draft")
    return redirect(f"{reverse('evidence:record', args=[inspection.pk, record.pk])}"
                    f"?saved={form_key}")


@require_http_methods(["GET", "POST"])
def record_add(request, pk: int):
    inspection, _ = _inspection_for(request, pk, action="record_evidence")
    draft = None if request.method == "POST" else _own_draft(request, inspection,
                                                            record__isnull=True)
    initial = ({**initial_of_draft(draft.fields), "form_key": draft.form_key} if draft
               else {"form_key": uuid.uuid4()})
    form = EvidenceForm(posted(request), initial=initial)
    done = form_submit(request, form, lambda **_: services.evidence_record_create(
        inspection=inspection, by=request.user,
        **form.service_data(final=FINAL in request.POST)))
    if done:
        return _saved(request, inspection, done.value, form.cleaned_data["form_key"])
    offered = [] if draft or request.method == "POST" else list(
        EvidenceDraft.objects.filter(author=request.user, inspection=inspection,
                                     record__isnull=True)
        .order_by("-saved_at", "-id")[:OFFERED_DRAFTS])
    return _form_page(request, inspection, form, title="Record evidence", draft=draft,
                      offered=[(item, _uk_time(item.saved_at)) for item in offered])


def _record_of(inspection: Inspection, record_pk: int) -> EvidenceRecord:
    record = (EvidenceRecord.objects.filter(inspection=inspection, pk=record_pk)
              .select_related("author", "updated_by", "safeguarding_flagged_by")
              .prefetch_related("aspects", "groups").first())
    if record is None:
        raise Http404("No such evidence on this inspection")
    record.inspection = inspection
    return record


def record_form_key(record: EvidenceRecord) -> uuid.UUID:
    return uuid.uuid5(RECORD_FORMS, str(record.pk))


@require_http_methods(["GET", "POST"])
def record(request, pk: int, record_pk: int):
    """A record: its form for the team, to read for the rest of the inspectorates' side. A
    save against a version changed since shows both versions to merge."""
    action = "record_evidence" if request.method == "POST" else "view_evidence"
    inspection, can = _inspection_for(request, pk, action=action)
    record = _record_of(inspection, record_pk)
    if "record_evidence" not in can:
        return render(request, "evidence/record_view.html", {
            "inspection": inspection, "record": record})
    key = record_form_key(record)
    draft = (_own_draft(request, inspection, record=record)
             if request.method == "GET" and request.GET.get("draft") else None)
    initial = {**initial_of_record(record), "form_key": key}
    if draft:
        initial.update(initial_of_draft(draft.fields), base_version=draft.base_version)
    form = EvidenceForm(posted(request), initial=initial, flagged=record.safeguarding,
                        final=record.status == EvidenceStatus.FINAL)
    conflict = []

    def change(**_):
        version = form.cleaned_data["base_version"]
        if version is None:
            raise ValidationError("Open the evidence again to change it")
        try:
            return services.evidence_record_update(
                record=record, by=request.user, expected_version=version,
                **form.service_data(final=FINAL in request.POST))
        except services.EvidenceConflict as stale:
            conflict.append(stale.current)
            raise

    done = form_submit(request, form, change)
    if done:
        return _saved(request, inspection, done.value, key)
    if conflict:
        return _merge_page(request, inspection, form, conflict[0])
    offered = [] if draft or request.method == "POST" else list(
        EvidenceDraft.objects.filter(author=request.user, record=record, form_key=key))
    return _form_page(request, inspection, form, title=record.get_activity_display(),
                      record=record, draft=draft,
                      offered=[(item, _uk_time(item.saved_at)) for item in offered])


def _merge_page(request, inspection: Inspection, form, current: EvidenceRecord):
    """Both versions: the person's, in the form, to merge and save over the version now
    saved; and the saved one, with who saved it and when."""
    form.data = form.data.copy()
    form.data[form.add_prefix("base_version")] = str(current.version)
    if current.safeguarding:  # flagged meanwhile: it stays flagged
        form.data[form.add_prefix("safeguarding")] = "on"
    current.inspection = inspection
    return render(request, "evidence/record_merge.html", {
        "inspection": inspection, "form": form, "record": current,
        "theirs": form.cleaned_data.get("text", ""),
        "saved_by": current.updated_by.get_full_name() or current.updated_by.get_username(),
        "saved_at": timezone.localtime(current.updated_at, clock.ENGLAND)})


def autosave(request, pk: int):
    """Save what the person has typed into an evidence form as their own draft: one
    upsert of their row, no lock on the inspection or the record. Answers in JSON with the
    time saved (UK), or why not."""
    inspection, _ = _inspection_for(request, pk, action="record_evidence")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if inspection.state in FINISHED:
        return JsonResponse({"saved": False, "error": "This inspection is "
                             f"{inspection.get_state_display().lower()}: its evidence no "
                             "longer changes"}, status=409)
    try:
        fields = services.draft_fields(request.POST)
    except ValidationError as error:
        return JsonResponse({"saved": False, "error": error.messages[0]}, status=400)
    if not any(value for name, value in fields.items() if name != "weighing"):
        return JsonResponse({"saved": False})  # nothing typed yet: nothing to keep
    try:
        form_key = uuid.UUID(request.POST.get("form_key", ""))
        record_id = int(request.POST["record"]) if request.POST.get("record") else None
        base = (int(request.POST["base_version"]) if request.POST.get("base_version")
                else None)
    except ValueError:
        return JsonResponse({"saved": False, "error": "The form could not be read"},
                            status=400)
    if record_id is not None and not EvidenceRecord.objects.filter(
            pk=record_id, inspection=inspection).exists():
        raise Http404("No such evidence on this inspection")
    saved_at = services.evidence_draft_autosave(inspection=inspection, by=request.user,
                                                form_key=form_key, fields=fields,
                                                record_id=record_id, base_version=base)
    return JsonResponse({"saved": True, "saved_at": _uk_time(saved_at)})
