"""Who may see a written statement of action and take each step of its cycle.

A person's relationships to a WSOA are their relationships to the inspection it follows
(policy.inspections.relationships: the admin, QA, the lead and the team, and the inspected
area's LANO and leaders), and one of its own:

    dfe     a DfE or NHS England adviser, who follows every WSOA's progress (framework 19)

The principal authority (the local authority, the CCG or ICB, or both jointly) acts through
the inspected area's own users: local-area accounts belong to one area, not to one body of
it, so the area's LANO and leaders submit for whichever body HMCI named
(docs/decisions/0037). Another area's users are nothing to the WSOA: its pages are 404 to
them.

Ofsted and CQC review a statement each for itself (``may_review_for``, as for quality
assurance of the letter); the decision is joint and is recorded once both views agree.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from policy import inspections, people
from policy.inspections import ADMIN, INSPECTORATES_SIDE, LEAD, LOCAL_AREA, NAMES, QA
from policy.rules import Rule, rule
from policy.rules import refusal as rule_refusal

DFE = people.DFE
WSOA_NAMES = {**NAMES, DFE: "a DfE adviser"}
PRINCIPAL_AUTHORITY = LOCAL_AREA

RULES: dict[str, Rule] = {
    "view_wsoa": rule(INSPECTORATES_SIDE | LOCAL_AREA | {DFE},
                      "see the written statement of action"),
    # Handbook 75: the clock counts from the principal authority's receipt of the final
    # report; the area records it, or Ofsted does for it.
    "record_receipt": rule({ADMIN} | PRINCIPAL_AUTHORITY,
                           "record when the final report was received"),
    "submit_statement": rule(PRINCIPAL_AUTHORITY, "submit the written statement of action"),
    "record_publication": rule({ADMIN} | PRINCIPAL_AUTHORITY,
                               "record where the statement is published"),
    # Each inspectorate's view, by its own staff; the joint decision once they agree.
    "review_statement": rule({ADMIN, QA}, "record a view on the statement's fitness"),
    "decide_fitness": rule({ADMIN, QA}, "record the joint fitness decision"),
    "reopen_decision": rule({ADMIN}, "reopen a fitness decision"),
    "advise_minister": rule({ADMIN}, "record the advice to the Minister"),
    "record_progress": rule({DFE}, "record progress on an action"),
    "record_dfe_advice": rule({DFE, ADMIN}, "record the DfE's advice to the Minister"),
    # A 2016 re-visit judges progress on each area of significant weakness: its lead, and
    # its team and the inspectorates see the judgements (relationships to the re-visit).
    "judge_progress": rule({LEAD}, "judge progress on the areas of significant weakness"),
    "view_progress": rule(INSPECTORATES_SIDE,
                          "see the re-visit's judgements of progress"),
    # The reviewers' comments are the inspectorates' working record until the letter.
    "view_reviews": rule(INSPECTORATES_SIDE, "read the inspectorates' views"),
}

GENERAL_RULES: dict[str, Rule] = {
    "track": rule({ADMIN, DFE}, "see every written statement of action"),
}


def area_told(inspection) -> bool:
    """The area is told of the determination at the final feedback meeting (handbook 54
    and 55): until then the statement is the inspectorates' own."""
    return inspection.feedback_on is not None


def relationships(*, user, wsoa) -> frozenset[str]:
    """What the user is to the WSOA: what they are to its inspection (read with its team
    prefetched), the area's users only once the area has been told of the determination;
    and a DfE adviser."""
    held = inspections.relationships(user=user, inspection=wsoa.inspection)
    if not area_told(wsoa.inspection):
        held -= LOCAL_AREA
    return held | (people.roles_held(user) & {DFE})


def can(user, wsoa, action: str) -> bool:
    return bool(RULES[action].who & relationships(user=user, wsoa=wsoa))


def can_generally(user, action: str) -> bool:
    return bool(GENERAL_RULES[action].who & people.roles_held(user))


def permitted(*, user, wsoa) -> frozenset[str]:
    held = relationships(user=user, wsoa=wsoa)
    general = people.roles_held(user)
    return frozenset([a for a, r in RULES.items() if r.who & held]
                     + [a for a, r in GENERAL_RULES.items() if r.who & general])


def refusal(action: str) -> str:
    return rule_refusal(RULES.get(action) or GENERAL_RULES[action], WSOA_NAMES)


def require(user, wsoa, action: str) -> None:
    if not can(user, wsoa, action):
        raise PermissionDenied(refusal(action))


def require_generally(user, action: str) -> None:
    if not can_generally(user, action):
        raise PermissionDenied(refusal(action))


def can_on_revisit(user, revisit, action: str) -> bool:
    """An action on a re-visit's judgements of progress: what the user is to the re-visit
    (read with its team prefetched) decides."""
    return bool(RULES[action].who & inspections.relationships(user=user, inspection=revisit))


def may_review_for(user, inspectorate: str) -> bool:
    """A view on the statement is recorded for an inspectorate by its own staff."""
    return bool(inspectorate) and people.works_for(user, inspectorate)


def visible_to(*, user) -> QuerySet:
    """The WSOAs the user may see: every one for admins, QA and DfE advisers; those of the
    inspections they are on for inspectors; their own area's for its users, once the
    area has been told at the final feedback meeting."""
    from wsoa.models import Wsoa

    held = people.roles_held(user)
    if held & {ADMIN, QA, DFE}:
        return Wsoa.objects.all()
    if not held & ({people.INSPECTOR} | LOCAL_AREA):
        return Wsoa.objects.none()
    visible = Q(inspection__in=inspections.visible_to(user=user).values("pk"))
    if held & LOCAL_AREA:
        visible &= Q(inspection__feedback_on__isnull=False)
    return Wsoa.objects.filter(visible)
