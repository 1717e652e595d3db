"""Who may see and change the register: local areas, their contacts and health partners.

Staff of the inspectorates and DfE advisers read the whole register; a local-area user sees
their own area only (the django-guardian grant policy.grants derives from their account);
Ofsted admins keep it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from local_areas.models import LocalArea
from policy import grants, people
from policy.rules import Rule, refusal, rule

ADMIN, QA, INSPECTOR, DFE, LANO, LEADER = (people.ADMIN, people.QA, people.INSPECTOR,
                                           people.DFE, people.LANO, people.LEADER)
OWN_AREA = "own_area"  # a local-area user, on their own area
# The lead inspector of an inspection of the area not yet notified: recording the
# notification call, they may name the LANO the area gives them.
NOTIFYING_LEAD = "notifying_lead"
READERS = frozenset({ADMIN, QA, INSPECTOR, DFE})
NAMES = {**people.NAMES, OWN_AREA: "the area's own users",
         NOTIFYING_LEAD: "the lead inspector notifying the area"}

RULES: dict[str, Rule] = {
    "view": rule(READERS | {OWN_AREA}, "see this local area"),
    "change": rule({ADMIN}, "change the register"),
    "name_lano": rule({ADMIN, NOTIFYING_LEAD}, "name the area's LANO"),
    # The self-evaluation the area shares for its annual engagement meetings (2023 framework,
    # handbook 182): its own candid view of itself, for Ofsted admins and the area alone.
    "view_self_evaluations": rule({ADMIN, OWN_AREA}, "see the area's self-evaluations"),
    "share_self_evaluation": rule({OWN_AREA}, "share the area's self-evaluation"),
}
GENERAL_RULES: dict[str, Rule] = {
    "list": rule(READERS, "see the register of local areas"),
    "see_own_area": rule({LANO, LEADER}, "see your local area"),
    "add": rule({ADMIN}, "add a local area"),
    "add_health_partner": rule({ADMIN}, "add a CCG or ICB"),
}


def relationships(*, user, area: LocalArea, asking: str = "") -> frozenset[str]:
    """What the user is to the area. Whether they lead its coming inspection is read (one
    query) only when the action asked about depends on it."""
    held = people.roles_held(user)
    found = set(held & READERS)
    if held & {LANO, LEADER} and user.local_area_id == area.pk:
        found.add(OWN_AREA)
    if asking and NOTIFYING_LEAD in RULES[asking].who and INSPECTOR in held:
        from inspections.models import BEFORE_NOTIFICATION, TeamMember, TeamRole

        if TeamMember.objects.filter(user=user, role=TeamRole.LEAD, inspection__local_area=area,
                                     inspection__state__in=BEFORE_NOTIFICATION).exists():
            found.add(NOTIFYING_LEAD)
    return frozenset(found)


def can(user, area: LocalArea, action: str) -> bool:
    return bool(RULES[action].who & relationships(user=user, area=area, asking=action))


def can_generally(user, action: str) -> bool:
    return bool(GENERAL_RULES[action].who & people.roles_held(user))


def visible_to(*, user, action: str = "view") -> QuerySet[LocalArea]:
    """The areas on which the user may take the action."""
    who, held = RULES[action].who, people.roles_held(user)
    if who & held:
        return LocalArea.objects.all()
    if OWN_AREA in who and held & {LANO, LEADER}:
        return get_objects_for_user(user, grants.LOCAL_AREA_GRANTS[0], klass=LocalArea,
                                    accept_global_perms=False)
    return LocalArea.objects.none()


def require(user, area: LocalArea, action: str) -> None:
    """Raise PermissionDenied, in words, unless the user may take the action on the area.
    No user means the service itself (loading reference data, seeding the demo)."""
    if user is not None and not can(user, area, action):
        raise PermissionDenied(refusal(RULES[action], NAMES))


def require_generally(user, action: str) -> None:
    if user is not None and not can_generally(user, action):
        raise PermissionDenied(refusal(GENERAL_RULES[action], NAMES))
