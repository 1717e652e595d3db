"""Reads the pages of one written statement of action need, each a fixed number of queries
whatever the number of submissions, actions, notes or clocks."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from deadlines.models import Deadline
from inspections.models import Inspection, State
from local_areas.models import AreaContact, ContactRole
from policy import wsoa as policy
from reports.models import PrincipalAuthority
from wsoa.models import Action, ProgressNote, Submission, Wsoa

# Who speaks for each principal authority (handbook 54 and 55): the local authority's
# director of children's services and chief executive; the CCG's or ICB's chief executive.
CONTACT_ROLES = {
    PrincipalAuthority.LOCAL_AUTHORITY: [ContactRole.DCS, ContactRole.LA_CHIEF_EXECUTIVE],
    PrincipalAuthority.HEALTH: [ContactRole.HEALTH_CHIEF_EXECUTIVE],
    PrincipalAuthority.JOINT: [ContactRole.DCS, ContactRole.LA_CHIEF_EXECUTIVE,
                               ContactRole.HEALTH_CHIEF_EXECUTIVE],
}


def wsoa_get_for_user(*, user, pk: int) -> tuple[Wsoa, frozenset[str]]:
    """The statement, with what the policy reads, and what the user may do with it: "not
    found" for a statement that does not exist and one the user may not see alike."""
    found = (policy.visible_to(user=user)
             .select_related("inspection__local_area", "local_area")
             .prefetch_related("inspection__team").filter(pk=pk).first())
    if found is None:
        raise Http404("No such written statement of action")
    can = policy.permitted(user=user, wsoa=found)
    if "view_wsoa" not in can:
        raise Http404("No such written statement of action")
    return found, can


def latest_revisit(wsoa: Wsoa) -> Inspection | None:
    """The statement's inspection's latest re-visit not withdrawn, with its team."""
    return (Inspection.objects.filter(revisit_of_id=wsoa.inspection_id)
            .exclude(state=State.WITHDRAWN).select_related("local_area")
            .prefetch_related("team").order_by("-onsite_start", "-pk").first())


def submissions_of(wsoa: Wsoa) -> list[Submission]:
    """Every submission, first first, with its statement, its actions (each with its area of
    significant weakness and its progress notes), and its review (each inspectorate's view,
    the recommendations): five queries."""
    notes = ProgressNote.objects.select_related("by").order_by("at", "id")
    actions = (Action.objects.select_related("weakness")
               .prefetch_related(Prefetch("progress_notes", queryset=notes)))
    return list(Submission.objects.filter(wsoa=wsoa)
                .select_related("statement__document", "submitted_by", "review__decided_by")
                .prefetch_related(Prefetch("actions", queryset=actions),
                                  "review__views__by", "review__recommendations__weakness")
                .order_by("number"))


def action_of(wsoa: Wsoa, action_pk: int) -> Action:
    found = (Action.objects.select_related("weakness", "submission")
             .filter(submission__wsoa=wsoa, pk=action_pk).first())
    if found is None:
        raise Http404("No such action")
    found.submission.wsoa = wsoa
    return found


def clocks_of(wsoa: Wsoa) -> QuerySet[Deadline]:
    """The statement's own clocks, in the order they started."""
    return Deadline.objects.filter(wsoa=wsoa).select_related("rule").order_by("created_at", "id")


@dataclass(frozen=True)
class Contact:
    role: str
    name: str
    job_title: str
    email: str
    health_partner: str


def contacts_of(wsoa: Wsoa, *, on: datetime.date) -> list[Contact]:
    """The principal authority's people holding their role for the area on that day: one
    query."""
    roles = CONTACT_ROLES[wsoa.principal_authority]
    rows = (AreaContact.objects.filter(local_area_id=wsoa.local_area_id, role__in=roles)
            .valid_on(on, start="start_date", end="end_date").select_related("health_partner")
            .order_by("role", "health_partner__name", "-start_date"))
    ordered = sorted(rows, key=lambda row: roles.index(row.role))
    return [Contact(role=ContactRole(row.role).label, name=row.name, job_title=row.job_title,
                    email=row.email,
                    health_partner=row.health_partner.name if row.health_partner else "")
            for row in ordered]
