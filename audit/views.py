from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from audit.selectors import TRAIL_ORDER, audit_event_list
from audit.wording import change_lines, event_sentence
from config.pagination import capped_count, keyset_page
from policy import audit as audit_policy

PAGE_SIZE = 50
# Where the list is in the address, not what it is filtered by.
PAGING_PARAMETERS = ("after", "before", "page")


@require_GET
def event_list(request):
    """The trail, a page at a time by key, with its total counted to 10,000 at most
    (docs/decisions/0026). Filters that cannot be (a year 99999, an area that is not one)
    are errors on the form and read no events at all."""
    if not audit_policy.can_generally(request.user, "view"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    query = request.GET.copy()
    for name in PAGING_PARAMETERS:
        query.pop(name, None)
    context = {"form": form, "query": query.urlencode(), "filtered": False,
               "page": None, "total": None, "rows": []}
    if not form.is_bound or form.is_valid():
        filters = {key: value for key, value in (form.cleaned_data if form.is_bound else {})
                   .items() if value}
        events = audit_event_list(**filters)
        page = keyset_page(events, order=TRAIL_ORDER, size=PAGE_SIZE,
                           after=request.GET.get("after", ""),
                           before=request.GET.get("before", ""))
        context.update(
            page=page, total=capped_count(events), filtered=bool(filters),
            rows=[(event, event_changes(event)) for event in _described(page.rows)])
    return render(request, "audit/list.html", context)


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
