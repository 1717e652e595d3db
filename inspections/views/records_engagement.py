"""Annual engagement meetings with a local area (2023 framework). The self-evaluation the area
shares for them is its own document (evidence.views.self_evaluations)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, long_date, posted
from inspections import services
from inspections.record_forms import EngagementMeetingForm
from inspections.selectors import engagement_meetings_of_area
from local_areas.selectors import local_area_get_for_user
from policy import inspections as inspection_policy


def _area_for_admin(request, area_pk: int):
    """The area, for Ofsted admins only. Those who may not see the area get "not found"."""
    area = local_area_get_for_user(user=request.user, pk=area_pk)
    if not inspection_policy.can_generally(request.user, "engagement"):
        raise PermissionDenied
    return area


@require_GET
def engagement(request, area_pk: int):
    area = _area_for_admin(request, area_pk)
    meetings = engagement_meetings_of_area(local_area=area)
    return render(request, "inspections/records/engagement.html",
                  {"area": area, "meetings": meetings})


@require_http_methods(["GET", "POST"])
def engagement_add(request, area_pk: int):
    area = _area_for_admin(request, area_pk)
    form = EngagementMeetingForm(posted(request), local_area=area)
    done = form_submit(request, form, partial(services.engagement_meeting_record,
                                              local_area=area, by=request.user))
    if done:
        messages.success(request, f"Engagement meeting of {long_date(done.value.held_on)} "
                                  f"recorded")
        return redirect("inspections:engagement", area_pk=area.pk)
    return render(request, "inspections/records/engagement_form.html",
                  {"area": area, "form": form})
