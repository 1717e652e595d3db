"""Annual engagement meetings with a local area (2023 framework), and their self-evaluations.

A self-evaluation is the area's own candid view of itself: it is served only through
`engagement_self_evaluation`, never from a public media address.
"""

from functools import partial
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.govuk_forms import form_submit, long_date, posted
from inspections import services
from inspections.record_forms import EngagementMeetingForm
from inspections.selectors import engagement_meeting_get_for_user, engagement_meetings_of_area
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
    form = EngagementMeetingForm(posted(request), request.FILES or None, local_area=area)
    done = form_submit(request, form, partial(services.engagement_meeting_record,
                                              local_area=area, by=request.user))
    if done:
        messages.success(request, f"Engagement meeting of {long_date(done.value.held_on)} "
                                  f"recorded")
        return redirect("inspections:engagement", area_pk=area.pk)
    return render(request, "inspections/records/engagement_form.html",
                  {"area": area, "form": form})


@require_GET
def engagement_self_evaluation(request, meeting_pk: int):
    meeting = engagement_meeting_get_for_user(user=request.user, pk=meeting_pk)
    # Those who may not download it are not told that it exists.
    if not inspection_policy.can_generally(request.user, "engagement"):
        raise Http404("No such engagement meeting")
    if not meeting.self_evaluation:
        raise Http404("No self-evaluation was uploaded for this meeting")
    try:
        document = meeting.self_evaluation.open("rb")
    except FileNotFoundError:
        raise Http404("The self-evaluation file is missing") from None
    services.engagement_self_evaluation_downloaded(meeting=meeting, by=request.user)
    # Downloaded, never shown inline, so the browser does not run what it was sent.
    return FileResponse(document, as_attachment=True,
                        filename=Path(meeting.self_evaluation.name).name)
