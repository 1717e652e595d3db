"""Reads of inspections, each with its joins written once."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from inspections.models import Inspection, State, TeamMember, TeamRole
from policy import inspections as policy


def inspection_visible_to(*, user) -> QuerySet[Inspection]:
    """The inspections the user may see, as the policy says."""
    return policy.visible_to(user=user)


def _with_list_joins(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return inspections.select_related("local_area", "letter").prefetch_related(
        Prefetch("team", queryset=TeamMember.objects.filter(role=TeamRole.LEAD)
                 .select_related("user"), to_attr="leads"))


def inspection_list_for_user(
    *,
    user,
    state: str = "",
    region: str = "",
    framework: str = "",
    starts_from: datetime.date | None = None,
    starts_to: datetime.date | None = None,
    local_area=None,
) -> QuerySet[Inspection]:
    inspections = inspection_visible_to(user=user)
    if state:
        inspections = inspections.filter(state=state)
    if region:
        inspections = inspections.filter(local_area__region=region)
    if framework:
        inspections = inspections.filter(framework=framework)
    if local_area is not None:
        inspections = inspections.filter(local_area=local_area)
    if starts_from:
        inspections = inspections.filter(onsite_start__gte=starts_from)
    if starts_to:
        inspections = inspections.filter(onsite_start__lte=starts_to)
    return _with_list_joins(inspections).order_by("-onsite_start", "reference")


def inspection_list_for_inspector(*, user) -> QuerySet[Inspection]:
    """The inspections the user is on the team of, soonest on site first."""
    return _with_list_joins(Inspection.objects.filter(team__user=user)).order_by(
        "onsite_start", "reference")


def inspection_schedule(*, user, start: datetime.date, weeks: int) -> QuerySet[Inspection]:
    """Inspections on site in the coming weeks, for planning the national programme."""
    end = start + datetime.timedelta(weeks=weeks)
    return _with_list_joins(inspection_visible_to(user=user).filter(
        onsite_start__lt=end, onsite_end__gte=start).exclude(state=State.WITHDRAWN)
    ).order_by("onsite_start", "reference")


def inspection_get_for_user(*, user, pk: int) -> Inspection:
    """One inspection the user may see, with what its overview shows; 404 for missing and
    not yours alike."""
    inspection = (inspection_visible_to(user=user).filter(pk=pk)
                  .select_related("local_area", "lano", "notification_call", "letter")
                  .prefetch_related(
                      Prefetch("team", queryset=TeamMember.objects.select_related("user")),
                      "conflict_declarations__user", "conflict_declarations__override_by",
                      "deferral_requests", "lines_of_enquiry", "meetings", "concerns",
                      "letter__versions__reviews__reviewer", "letter__signatories")
                  .first())
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def engagement_meetings_of_area(*, local_area) -> QuerySet:
    """An area's annual engagement meetings, newest first."""
    from inspections.models import EngagementMeeting

    return EngagementMeeting.objects.filter(local_area=local_area).select_related(
        "recorded_by").order_by("-held_on")


def engagement_meeting_get_for_user(*, user, pk: int):
    """One engagement meeting of an area the user may see; 404 for missing and not yours."""
    from inspections.models import EngagementMeeting
    from local_areas.selectors import local_area_visible_to

    meeting = (EngagementMeeting.objects.select_related("local_area")
               .filter(pk=pk, local_area__in=local_area_visible_to(user=user)).first())
    if meeting is None:
        raise Http404("No such engagement meeting")
    return meeting
