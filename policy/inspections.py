"""Who may see an inspection and its records, and who may take each step on it.

A person's relationships to one inspection (see ``relationships``):

    admin   an Ofsted admin (inspection support), for every inspection
    qa      quality assurance / decision maker, for every inspection
    lead    the lead inspector on its team
    team    any inspector on its team (the lead included)
    lano    a local area nominated officer of the inspected area
    leader  a leader of the inspected area (DCS, chief executives)

A team member who declares a connection to the area after being assigned is none of these
until an Ofsted admin decides (removes them, or records that it is not a connection).

Local-area users (lano, leader) see their own area's inspection only once the area has been
told of it: from the notification call on, and not while it is back in planning or deferred
after a deferral (until its new notification call).

``RULES`` says which relationships allow each action; the lifecycle table
(inspections.transitions.LIFECYCLE) says from which states a step may be taken.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from inspections.models import BEFORE_NOTIFICATION, Inspection, TeamRole
from policy import grants, people
from policy.rules import Rule, rule
from policy.rules import refusal as rule_refusal

ADMIN, QA, INSPECTOR, LANO, LEADER = (people.ADMIN, people.QA, people.INSPECTOR, people.LANO,
                                      people.LEADER)
LEAD, TEAM = "lead", "team"
NAMES = {**people.NAMES, LEAD: "the lead inspector", TEAM: "a member of the team"}
INSPECTORATES_SIDE = frozenset({ADMIN, QA, TEAM})
LOCAL_AREA = frozenset({LANO, LEADER})
TEAM_GRANT = grants.TEAM_GRANTS[0]  # what a team member holds on their inspection


RULES: dict[str, Rule] = {
    # Seeing
    "view": rule(INSPECTORATES_SIDE | LOCAL_AREA, "see this inspection"),
    # Declarations, lines of enquiry, the meetings log and concerns are the inspectorates'
    # working records: they can name people and places the local area should not read about.
    "view_working_records": rule(INSPECTORATES_SIDE, "see the inspectors' working records"),
    # Details and team
    "change": rule({ADMIN}, "change an inspection"),
    "team_add": rule({ADMIN}, "assign inspectors"),
    "team_remove": rule({ADMIN}, "remove inspectors"),
    "declare": rule({ADMIN, TEAM}, "record a declaration"),
    "declare_for_someone_else": rule({ADMIN}, "record a declaration for someone else"),
    "override_conflict": rule({ADMIN}, "override a declared connection"),
    # The main line
    "notify": rule({ADMIN, LEAD}, "record the notification"),
    "start_onsite": rule({ADMIN, LEAD}, "start on-site work"),
    "give_feedback": rule({LEAD}, "record that feedback was given"),
    "start_drafting": rule({LEAD}, "start drafting the letter"),
    "publish": rule({ADMIN}, "publish the report"),
    "close": rule({ADMIN}, "close the inspection"),
    "withdraw": rule({ADMIN}, "withdraw the inspection"),
    # Deferral: requested by the area (or for it); decided by Ofsted and CQC each for itself.
    "request_deferral": rule({ADMIN, LEAD, LANO, LEADER}, "request a deferral"),
    "decide_deferral": rule({ADMIN, QA}, "record a deferral decision"),
    "reschedule": rule({ADMIN}, "reschedule"),
    # Planning and on-site records
    # Whoever may add or record one of these may also correct or remove it.
    "add_enquiry": rule({LEAD, TEAM}, "add a key line of enquiry"),
    "record_meeting": rule({LEAD, TEAM, ADMIN}, "record a meeting"),
    "record_concern": rule({LEAD, TEAM, ADMIN}, "record a concern or complaint"),
    "resolve_concern": rule({LEAD, ADMIN}, "resolve a concern or complaint"),
    # Except concerns: removing one is for those who resolve them, so that an open concern
    # is not taken away to let the inspection close.
    "remove_concern": rule({LEAD, ADMIN}, "remove a concern or complaint"),
    "questionnaire": rule({ADMIN, LEAD}, "update the evaluation questionnaire"),
    "record_outcome": rule({LEAD, ADMIN}, "record the outcome"),
    # The 2023 framework's Annex A: when the information asked for at notification came in,
    # and when the inspectors selected the cases to track.
    "record_annex_a": rule({LEAD, ADMIN}, "record when Annex A information was provided"),
}

# Actions on inspections as a whole, or on a local area's engagement with the inspectorates.
GENERAL_RULES: dict[str, Rule] = {
    "list_all": rule({ADMIN, QA}, "see every inspection"),
    "schedule": rule({ADMIN}, "schedule an inspection"),
    "list_own_team": rule({INSPECTOR}, "see the inspections you are on"),
    "list_own_area": rule(LOCAL_AREA, "see your area's inspections"),
    "engagement": rule({ADMIN}, "record an engagement meeting"),
    # What the home page lists as needing the person now.
    "needs_deferral_decisions": rule({ADMIN, QA}, "be asked for their inspectorate's "
                                                  "deferral decisions"),
    "needs_drafts": rule({QA}, "be shown drafts waiting for quality assurance"),
    "needs_clocks": rule({ADMIN}, "be shown clocks overdue or due soon"),
    "needs_teams": rule({ADMIN}, "be shown inspections without a complete team"),
    "needs_led": rule({INSPECTOR}, "be shown the next steps of the inspections they lead"),
    "needs_area_dates": rule(LOCAL_AREA, "be shown the dates their area must meet"),
}


def area_may_see(inspection: Inspection) -> bool:
    """Whether the inspected area has been told of the inspection (and not re-planned)."""
    return inspection.notified_on is not None and inspection.state not in BEFORE_NOTIFICATION


def _area_may_see_q() -> Q:
    return Q(notified_on__isnull=False) & ~Q(state__in=BEFORE_NOTIFICATION)


def relationships(*, user, inspection: Inspection) -> frozenset[str]:
    """What the user is to this inspection. Reads the inspection's prefetched team."""
    held = people.roles_held(user)
    found = held & {ADMIN, QA}
    if inspection.pk and INSPECTOR in held:
        place = next((member.role for member in inspection.team.all()
                      if member.user_id == user.pk), None)
        if place is not None and user.pk not in grants.team_access_suspended(inspection):
            found |= {TEAM, LEAD} if place == TeamRole.LEAD else {TEAM}
    if user.local_area_id == inspection.local_area_id and (not inspection.pk
                                                           or area_may_see(inspection)):
        found |= held & LOCAL_AREA
    return frozenset(found)


def general_relationships(*, user) -> frozenset[str]:
    """What the user is to inspections in general: their roles."""
    return people.roles_held(user)


def can(user, inspection: Inspection, action: str) -> bool:
    """Whether the user may take the action on the inspection (whatever its state)."""
    return bool(RULES[action].who & relationships(user=user, inspection=inspection))


def can_generally(user, action: str) -> bool:
    return bool(GENERAL_RULES[action].who & general_relationships(user=user))


def permitted(*, user, inspection: Inspection) -> frozenset[str]:
    """Every action the user may take on the inspection, and every general one they may
    take from its pages: what templates ask as ``can``."""
    held = relationships(user=user, inspection=inspection)
    general = general_relationships(user=user)
    return frozenset([action for action, rule in RULES.items() if rule.who & held]
                     + [action for action, rule in GENERAL_RULES.items() if rule.who & general])


def refusal(action: str) -> str:
    """'Only … can …': why the action was refused, in words."""
    return rule_refusal(RULES.get(action) or GENERAL_RULES[action], NAMES)


def require(user, inspection: Inspection, action: str) -> None:
    """Raise PermissionDenied, in words, unless the user may take the action."""
    if not can(user, inspection, action):
        raise PermissionDenied(refusal(action))


def require_generally(user, action: str) -> None:
    if not can_generally(user, action):
        raise PermissionDenied(refusal(action))


def may_decide_for(user, inspectorate: str) -> bool:
    """A deferral decision is recorded for an inspectorate by its own staff."""
    return people.works_for(user, inspectorate)


def visible_to(*, user) -> QuerySet[Inspection]:
    """Every inspection for Ofsted admins and QA; the team's own for inspectors; for
    local-area users, their own area's once the area has been told of it."""
    held = people.roles_held(user)
    if held & {ADMIN, QA}:
        return Inspection.objects.all()
    visible = Q(pk__in=[])
    if INSPECTOR in held:
        on_team = get_objects_for_user(user, TEAM_GRANT, klass=Inspection,
                                       accept_global_perms=False)
        visible |= Q(pk__in=on_team.values("pk"))
    if held & LOCAL_AREA:
        visible |= Q(local_area_id=user.local_area_id) & _area_may_see_q()
    return Inspection.objects.filter(visible)


def told_of_deferral_request(*, inspection: Inspection) -> list:
    """Who is told of a deferral request: every active Ofsted admin, and the inspection's
    lead inspector (unless their access is suspended)."""
    from accounts.models import User

    suspended = grants.team_access_suspended(inspection)
    leads = [member.user_id for member in inspection.team.all()
             if member.role == TeamRole.LEAD and member.user_id not in suspended]
    admins = people.users_holding(ADMIN)
    return list(User.objects.filter(is_active=True).filter(
        Q(pk__in=admins.values("pk")) | Q(pk__in=leads)).distinct().order_by("pk"))
