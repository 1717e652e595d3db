"""Who may see an outcome letter and take each step on it.

A person's relationships to a letter are their relationships to its inspection
(policy.inspections.relationships): the admin, QA, the lead and the team, and the inspected
area's LANO and leaders once the area has been told of the inspection. Named recipients of
the restricted draft will be a relationship of the letter itself.

``RULES`` says which relationships allow each action; the letter's lifecycle table
(reports.transitions.LETTER_LIFECYCLE) says from which states a step may be taken.

Quality assurance is done by Ofsted and CQC each for itself (handbook 62): a reviewer's
decision is their own inspectorate's, and only its own staff record it (``may_review_for``).
"""

from django.core.exceptions import PermissionDenied

from policy import inspections, people
from policy.inspections import ADMIN, INSPECTORATES_SIDE, LEAD, LOCAL_AREA, NAMES, QA
from policy.rules import Rule, rule
from policy.rules import refusal as rule_refusal

RULES: dict[str, Rule] = {
    "view_letter": rule(INSPECTORATES_SIDE | LOCAL_AREA,
                        "see where the outcome letter stands"),
    # Quality assurance's comments on a draft are the inspectorates' working record.
    "view_reviews": rule(INSPECTORATES_SIDE, "read quality assurance's comments"),
    "submit_for_qa": rule({LEAD}, "submit the draft for quality assurance"),
    "approve_draft": rule({QA}, "approve the draft"),
    "return_draft": rule({QA}, "return the draft to the lead inspector"),
    "send_draft": rule({QA, ADMIN}, "send the draft to the local area"),
    "comments_received": rule({ADMIN, LEAD}, "record the area's comments"),
    "issue_final": rule({LEAD, ADMIN}, "issue the final report"),
    # The findings, and the evidence behind each, are the inspectorates' until the letter
    # reaches the area; the lead inspector writes them.
    "view_findings": rule(INSPECTORATES_SIDE, "see the letter's findings"),
    "write_findings": rule({LEAD}, "write the letter's findings"),
    # The determination, before the final feedback meeting: the team's recommendation,
    # recorded by the lead, and the decision of HMCI's delegate, recorded by an Ofsted admin
    # for them. The inspectorates' own until the letter reaches the area.
    "view_determination": rule(INSPECTORATES_SIDE, "see the determination"),
    "recommend_determination": rule({LEAD}, "record the team's recommendation"),
    "decide_determination": rule({ADMIN}, "record the decision of HMCI's delegate"),
    # What changed between the draft sent to the area and the final, and every version.
    "view_changes": rule(INSPECTORATES_SIDE, "see the changes to the letter"),
}


def relationships(*, user, letter) -> frozenset[str]:
    """What the user is to this letter: what they are to its inspection."""
    return inspections.relationships(user=user, inspection=letter.inspection)


def can(user, letter, action: str) -> bool:
    return bool(RULES[action].who & relationships(user=user, letter=letter))


def permitted(*, user, inspection) -> frozenset[str]:
    """Every action the user may take on the inspection's letter, whether or not it has
    been started: what templates ask as ``can``, beside the inspection's own actions."""
    held = inspections.relationships(user=user, inspection=inspection)
    return frozenset(action for action, rule in RULES.items() if rule.who & held)


def refusal(action: str) -> str:
    return rule_refusal(RULES[action], NAMES)


def require(user, letter, action: str) -> None:
    if not can(user, letter, action):
        raise PermissionDenied(refusal(action))


def require_on_inspection(user, inspection, action: str) -> None:
    """As `require`, for an action on the inspection's letter taken before it has one."""
    if not RULES[action].who & inspections.relationships(user=user, inspection=inspection):
        raise PermissionDenied(refusal(action))


def may_review_for(user, inspectorate: str) -> bool:
    """A quality assurance decision is recorded for an inspectorate by its own staff."""
    return people.works_for(user, inspectorate)
