"""Who may see and write an inspection's evidence base, and who exchanges documents.

A person's relationships to evidence, requests and documents are their relationships to the
inspection they belong to (policy.inspections.relationships): the admin, QA, the lead and
the team, and the inspected area's LANO and leaders once the area has been told of the
inspection.

Evidence records are the inspectors' working record: the local area never sees them, nor a
document attached to one. The area sees the information requests made of it and the files
it uploaded in answer; a document of another area's is "not found" (``may_download``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from policy import inspections, local_areas, people
from policy.inspections import ADMIN, INSPECTORATES_SIDE, LEAD, LOCAL_AREA, NAMES, TEAM
from policy.rules import Rule, rule
from policy.rules import refusal as rule_refusal

LANO = inspections.LANO

RULES: dict[str, Rule] = {
    "view_evidence": rule(INSPECTORATES_SIDE, "see the evidence base"),
    # Any member of the team may write evidence, and change anyone's on their inspection:
    # a change made against an older version is shown beside the newer one, never saved
    # over it.
    "record_evidence": rule({TEAM}, "record evidence"),
    "flag_safeguarding": rule({TEAM}, "flag a safeguarding concern"),
    "attach_document": rule({TEAM}, "attach a document to evidence"),
    "hold_evidence": rule({LEAD, ADMIN}, "keep the evidence base beyond its retention "
                                         "period"),
    "release_hold": rule({ADMIN}, "release a hold on the evidence base"),
    # Information requests to the local area, and the documents it gives in answer.
    "view_requests": rule(INSPECTORATES_SIDE | LOCAL_AREA, "see the information requests"),
    "raise_request": rule({LEAD, ADMIN}, "ask the local area for information"),
    "answer_request": rule({LANO}, "answer an information request"),
    "view_request_documents": rule(INSPECTORATES_SIDE | LOCAL_AREA,
                                   "see the documents given in answer"),
}


def relationships(*, user, inspection) -> frozenset[str]:
    """What the user is to the inspection's evidence base: what they are to the inspection.
    Reads the inspection's prefetched team."""
    return inspections.relationships(user=user, inspection=inspection)


def can(user, inspection, action: str) -> bool:
    return bool(RULES[action].who & relationships(user=user, inspection=inspection))


def permitted(*, user, inspection) -> frozenset[str]:
    """Every evidence action the user may take on the inspection: what templates ask as
    ``can``, beside the inspection's own actions."""
    held = relationships(user=user, inspection=inspection)
    return frozenset(action for action, rule in RULES.items() if rule.who & held)


def refusal(action: str) -> str:
    return rule_refusal(RULES[action], NAMES)


def require(user, inspection, action: str) -> None:
    if not can(user, inspection, action):
        raise PermissionDenied(refusal(action))


def may_download(*, user, document) -> bool:
    """A document attached to evidence is for those who see the evidence base; one given
    in answer to a request, also for the inspected area's own users; an area's
    self-evaluation, for those who may see it (policy.local_areas); a written statement of
    action, for those who may see the statement (policy.wsoa)."""
    if document.self_evaluation_of_id:
        return local_areas.can(user, document.self_evaluation_of, "view_self_evaluations")
    if document.statement_of_id:
        from policy import wsoa

        return wsoa.can(user, document.statement_of, "view_wsoa")
    action = "view_evidence" if document.record_id else "view_request_documents"
    return can(user, document.inspection, action)


def told_of_safeguarding(*, inspection) -> list:
    """Who is told at once of evidence flagged as a safeguarding concern: every active
    Ofsted admin, and the inspection's lead inspector (unless their access is suspended) —
    those told of a deferral request."""
    return inspections.told_of_deferral_request(inspection=inspection)


def reminded_of_requests(*, inspections_of: list) -> dict[int, list]:
    """Who is reminded of an inspection's open information requests, by inspection id, in
    one query: the inspected area's active users who may answer them (its LANO), once the
    area has been told of the inspection. Never the inspectors, nor another area."""
    from accounts.models import User

    seen = {i.pk: i.local_area_id for i in inspections_of if inspections.area_may_see(i)}
    answerers = Q()
    for name in RULES["answer_request"].who & LOCAL_AREA:
        answerers |= Q(pk__in=people.users_holding(name).values("pk"))
    if not seen or not answerers:
        return {i.pk: [] for i in inspections_of}
    by_area: dict[int, list] = {}
    for user in (User.objects.filter(answerers, is_active=True,
                                     local_area_id__in=set(seen.values()))
                 .order_by("pk")):
        by_area.setdefault(user.local_area_id, []).append(user)
    return {i.pk: by_area.get(seen[i.pk], []) if i.pk in seen else [] for i in inspections_of}
