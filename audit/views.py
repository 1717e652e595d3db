from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from audit.selectors import audit_actions, audit_event_list
from policy import audit as audit_policy

PAGE_SIZE = 50


@require_GET
def event_list(request):
    if not audit_policy.can_generally(request.user, "view"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_event_list(**{key: value for key, value in filters.items() if value})
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": [(event, event_changes(event)) for event in page.object_list],
        "filtered": any(filters.values()) if filters else False,
    })


def event_changes(event: AuditEvent) -> list[str]:
    """What the event changed, one line per field: 'State: planning → notified', 'Inspector
    before: …' for what was removed, and 'Changed: reasons' for text fields, whose words are
    in the case record and never in the audit trail."""
    before, after = event.before, event.after
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key == "fields":
            continue
        label = key.replace("_", " ").capitalize()
        if key in before and key in after:
            lines.append(f"{label}: {_value(before[key])} → {_value(after[key])}")
        elif key in after:
            lines.append(f"{label}: {_value(after[key])}")
        else:
            lines.append(f"{label} before: {_value(before[key])}")
    if fields := [*before.get("fields", []), *after.get("fields", [])]:
        lines.append("Changed: " + ", ".join(str(field).replace("_", " ") for field in fields))
    return lines


def _value(value) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    return str(value)
