from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
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
        "filtered": any(filters.values()) if filters else False,
    })
