from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from audit.selectors import audit_actions, audit_event_list
from audit.wording import change_lines, event_sentence
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
        "rows": [(event, event_changes(event)) for event in _described(page.object_list)],
        "filtered": any(filters.values()) if filters else False,
    })


def _described(events) -> list[AuditEvent]:
    events = list(events)
    for event in events:
        event.sentence = describe(event)
        event.local_area_name = event.local_area.dated_name if event.local_area else ""
    return events


def event_changes(event: AuditEvent) -> list[str]:
    """What the event changed, one line per field, in words (audit.wording.change_lines)."""
    return change_lines(event.before, event.after)


def event_actor(event: AuditEvent) -> str:
    """Who did it: their name as it is now, else the username recorded, else the service."""
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor_label
    return event.actor_label or "The service"


def describe(event: AuditEvent) -> str:
    return event_sentence(actor=event_actor(event), action=event.action,
                          object_name=event.object_repr)
