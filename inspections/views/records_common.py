"""What the record pages share: who may open them, the form page, and the way back."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render

from config.govuk_forms import Submitted, form_submit
from inspections.models import Inspection
from inspections.scheduling import SchedulingWarning
from inspections.selectors import inspection_get_for_user
from inspections.services.common import FINISHED
from policy import inspections as policy


def inspection_for(request, pk: int, *, action: str) -> tuple[Inspection, frozenset[str]]:
    """The inspection and every action the user may take on it. Those who may not see it get
    "not found"; those who see it but may not take this action, "forbidden"."""
    inspection = inspection_get_for_user(user=request.user, pk=pk)
    can = policy.permitted(user=request.user, inspection=inspection)
    if action not in can:
        raise PermissionDenied
    return inspection, can


def one_of(items, pk: int):
    """The item with that id among the inspection's own (already fetched) records."""
    for item in items:
        if item.pk == pk:
            return item
    raise Http404("No such record on this inspection")


def to_overview(request, inspection: Inspection, message: str):
    messages.success(request, message)
    return redirect("inspections:overview", pk=inspection.pk)


def renamed_errors(error: ValidationError, renamed: dict) -> ValidationError:
    """A service's refusal with its fields under the form's names, where a service's name
    for a field differs from the form's (`renamed`: service name to form field)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({renamed.get(field, field): messages_
                            for field, messages_ in error.message_dict.items()})


def form_page(request, inspection: Inspection, form, title: str, *,
              template: str = "inspections/records/form.html", **context):
    """The record's form; none for a closed or withdrawn inspection, whose records no longer
    change (its services refuse), but a sentence saying so."""
    finished = inspection.state in FINISHED
    return render(request, template, {"inspection": inspection, "title": title,
                                      "form": None if finished else form,
                                      "finished": finished, **context})


def submit_or_warn(request, form, action: Callable,
                   found: Callable[[dict], list[SchedulingWarning]]
                   ) -> tuple[Submitted | None, list[str]]:
    """form_submit, with warnings that are not refusals: the first time a valid form would
    be saved, the warnings `found(cleaned_data)` gives are shown instead (their messages are
    returned), and nothing is saved. The form then carries their keys in its `acknowledged`
    field, so sending it again as it is goes ahead; if what it would warn of changes, it
    warns again. A refusal comes before any warning: the action is tried first, and undone.

    The action is called with the form's data and, as `acknowledged`, the codes of the
    warnings found: the service's own warnings (inspections.scheduling) are among them and
    it refuses to go ahead without them, so the page cannot save what it has not shown."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    warnings = found(form.cleaned_data)
    key = ",".join(warning.key for warning in warnings)
    codes = sorted({warning.code for warning in warnings if warning.code})

    def go(*, acknowledged: str = "", **data):
        return action(acknowledged=codes, **data)

    if not warnings or form.cleaned_data.get("acknowledged", "") == key:
        return form_submit(request, form, go), []
    with transaction.atomic():
        would_save = form_submit(request, form, go)
        transaction.set_rollback(True)
    if not would_save:
        return None, []  # refused: the form shows why
    form.data = form.data.copy()
    form.data[form.add_prefix("acknowledged")] = key
    return None, [warning.message for warning in warnings]


def page_warning(item, message: str) -> SchedulingWarning:
    """A warning the page makes of another record (no service requires it acknowledged),
    keyed by the record's id."""
    return SchedulingWarning(code="", key=str(item.pk), message=message)
