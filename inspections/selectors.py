"""Reads of inspections, each with its joins written once."""

import datetime

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from inspections.models import Inspection, Meeting, State, TeamMember, TeamRole
from policy import inspections as policy

# An inspection's work is over once it is published (or closed, or withdrawn): the rest are
# current or upcoming.
PAST = frozenset({State.PUBLISHED, State.CLOSED, State.WITHDRAWN})


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
    search: str = "",
    lead=None,
) -> QuerySet[Inspection]:
    """The inspections the user may see, filtered; latest on site first. `search` finds a
    reference or a local area's name (any part of either, in any case)."""
    inspections = inspection_visible_to(user=user)
    search = search.strip()
    if search:
        inspections = inspections.filter(Q(reference__icontains=search)
                                         | Q(local_area__name__icontains=search))
    if lead is not None:
        inspections = inspections.filter(team__user=lead, team__role=TeamRole.LEAD)
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
    """The inspections the user is on the team of: current and upcoming ones first, soonest
    on site first; then past ones (published, closed, withdrawn), latest first. Each has
    `is_past`."""
    past = Q(state__in=PAST)
    return _with_list_joins(Inspection.objects.filter(team__user=user)).annotate(
        is_past=Case(When(past, then=Value(1)), default=Value(0),
                     output_field=IntegerField()),
        upcoming_start=Case(When(~past, then=F("onsite_start"))),
        past_start=Case(When(past, then=F("onsite_start"))),
    ).order_by("is_past", F("upcoming_start").asc(nulls_last=True),
               F("past_start").desc(nulls_last=True), "reference")


def inspection_list_of_area(*, user, local_area) -> QuerySet[Inspection]:
    """The area's inspections the user may see, latest on site first."""
    return inspection_list_for_user(user=user, local_area=local_area)


def inspections_overlapping(*, inspector, inspection: Inspection) -> list[Inspection]:
    """The other inspections the inspector is on whose on-site dates overlap this one's
    (withdrawn and deferred ones aside), for a warning when they are assigned."""
    return list(Inspection.objects.filter(
        team__user=inspector, onsite_start__lte=inspection.onsite_end,
        onsite_end__gte=inspection.onsite_start).exclude(pk=inspection.pk).exclude(
        state__in=[State.WITHDRAWN, State.DEFERRED]).select_related("local_area")
        .order_by("onsite_start", "reference"))


def inspections_in_progress_of_area(*, local_area) -> list[Inspection]:
    """The area's current and upcoming inspections, for a warning when scheduling another."""
    return list(Inspection.objects.filter(local_area=local_area).exclude(state__in=PAST)
                .exclude(state=State.DEFERRED).select_related("local_area")
                .order_by("onsite_start", "reference"))


def inspection_schedule(*, user, start: datetime.date, weeks: int) -> QuerySet[Inspection]:
    """Inspections on site in the coming weeks, for planning the national programme."""
    end = start + datetime.timedelta(weeks=weeks)
    return _with_list_joins(inspection_visible_to(user=user).filter(
        onsite_start__lt=end, onsite_end__gte=start).exclude(state=State.WITHDRAWN)
    ).order_by("onsite_start", "reference")


# The overview shows this many of the latest meetings; the meetings log page shows them all,
# a page at a time. An inspection can hold hundreds: the overview must not grow with them.
OVERVIEW_MEETINGS = 20


def inspection_get_for_user(*, user, pk: int) -> Inspection:
    """One inspection the user may see, with what its overview shows; 404 for missing and
    not yours alike. `latest_meetings` holds its OVERVIEW_MEETINGS + 1 latest meetings,
    newest first (one more than the overview shows, to know whether there are more)."""
    inspection = (inspection_visible_to(user=user).filter(pk=pk)
                  .select_related("local_area", "lano", "notification_call", "letter",
                                  "revisit_of__local_area")
                  .prefetch_related(
                      Prefetch("team", queryset=TeamMember.objects.select_related("user")),
                      "conflict_declarations__user", "conflict_declarations__override_by",
                      "deferral_requests", "lines_of_enquiry", "concerns",
                      Prefetch("meetings", to_attr="latest_meetings",
                               queryset=Meeting.objects.order_by("-held_on", "-id")
                               [:OVERVIEW_MEETINGS + 1]),
                      "letter__versions__reviews__reviewer", "letter__signatories",
                      "letter__recipients__user", "letter__accuracy_comments",
                      "notification_call__health_calls__health_partner",
                      "notification_call__lano_call_team")
                  .first())
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


def latest_meetings(inspection: Inspection) -> tuple[list[Meeting], bool]:
    """The overview's meetings: the OVERVIEW_MEETINGS latest, oldest first as in the whole
    log, and whether there are more. Reads what inspection_get_for_user fetched."""
    latest = inspection.latest_meetings
    return latest[:OVERVIEW_MEETINGS][::-1], len(latest) > OVERVIEW_MEETINGS


def meetings_of_inspection(*, inspection: Inspection) -> QuerySet[Meeting]:
    """The inspection's meetings log, oldest first."""
    return Meeting.objects.filter(inspection=inspection).order_by("held_on", "id")


def engagement_meetings_of_area(*, local_area) -> QuerySet:
    """An area's annual engagement meetings, newest first."""
    from inspections.models import EngagementMeeting

    return EngagementMeeting.objects.filter(local_area=local_area).select_related(
        "recorded_by").order_by("-held_on")

