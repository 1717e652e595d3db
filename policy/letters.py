"""Who may see an outcome letter and take each step on it.

A person's relationships to a letter are their relationships to its inspection
(policy.inspections.relationships): the admin, QA, the lead and the team, and the inspected
area's LANO and leaders once the area has been told of the inspection. Two relationships are
the letter's own (``letter_relationships``), held from the day the draft is sent to the area:

    recipient   someone of the area the restricted draft is sent to (handbook 66)
    principal   a recipient in their own right: the DCS, a CCG's or ICB's chief executive,
                who names their representatives as recipients

Of the local area only recipients read the draft and comment on it; the rest of the area
sees that a draft exists and who it went to.

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
from reports.models import PRINCIPAL_CAPACITIES, LetterState

RECIPIENT, PRINCIPAL = "recipient", "principal"
LETTER_NAMES = {**NAMES, RECIPIENT: "the people the draft was sent to",
                PRINCIPAL: "the DCS or a health chief executive the draft was sent to"}
# From when the area's recipients hold the draft: once it is sent, and after, when the
# final has gone to them (the draft stays restricted to the same people).
WITH_THE_AREA = frozenset({LetterState.DRAFT_WITH_LOCAL_AREA, LetterState.FINAL_ISSUED})

RULES: dict[str, Rule] = {
    "view_letter": rule(INSPECTORATES_SIDE | LOCAL_AREA,
                        "see where the outcome letter stands"),
    # Quality assurance's comments on a draft are the inspectorates' working record.
    "view_reviews": rule(INSPECTORATES_SIDE, "read quality assurance's comments"),
    "submit_for_qa": rule({LEAD}, "submit the draft for quality assurance"),
    "approve_draft": rule({QA}, "approve the draft"),
    "return_draft": rule({QA}, "return the draft to the lead inspector"),
    "send_draft": rule({QA, ADMIN}, "send the draft to the local area"),
    # The area's recipients say their comments are complete; or Ofsted records them, sent
    # another way.
    "comments_received": rule({ADMIN, LEAD, RECIPIENT}, "record the area's comments"),
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
    # The restricted draft (handbook 66 and 67): read by the inspectorates and the area's
    # recipients, each view audited; commented on by the recipients themselves, within
    # their 10 working days; each comment answered by the lead inspector.
    "view_draft": rule(INSPECTORATES_SIDE | {RECIPIENT}, "read the draft report"),
    "view_recipients": rule(INSPECTORATES_SIDE | LOCAL_AREA,
                            "see who the draft report is sent to"),
    "name_recipients": rule({ADMIN, LEAD}, "name who the draft report is sent to"),
    "name_representatives": rule({PRINCIPAL}, "name your representatives"),
    "remove_recipients": rule({ADMIN, LEAD}, "remove someone the draft report is sent to"),
    "view_comments": rule(INSPECTORATES_SIDE | {RECIPIENT},
                          "read the comments on the draft report"),
    "comment_on_draft": rule({RECIPIENT}, "comment on the draft report"),
    "answer_comments": rule({LEAD}, "answer the area's comments"),
    # Copies of the final report (handbook 71): the statutory ones are recorded on
    # publication; an Ofsted admin records those sent to others HMCI considers appropriate.
    "view_copies": rule(INSPECTORATES_SIDE | LOCAL_AREA,
                        "see who copies of the final report went to"),
    "record_copies": rule({ADMIN}, "record a copy of the final report"),
    # What changed between the draft sent to the area and the final, and every version.
    "view_changes": rule(INSPECTORATES_SIDE | {RECIPIENT}, "see the changes to the letter"),
}


def letter_relationships(*, user, letter, held: frozenset[str]) -> frozenset[str]:
    """What the user is to the letter itself, beside `held` (what they are to its
    inspection): a recipient of the draft, once it is sent, while they are still of the
    area. Reads the letter's prefetched recipients."""
    if letter is None or letter.state not in WITH_THE_AREA or not held & LOCAL_AREA:
        return frozenset()
    named = next((r for r in letter.recipients.all() if r.user_id == user.pk), None)
    if named is None:
        return frozenset()
    return frozenset({RECIPIENT, PRINCIPAL} if named.capacity in PRINCIPAL_CAPACITIES
                     else {RECIPIENT})


def relationships(*, user, letter) -> frozenset[str]:
    """What the user is to this letter: what they are to its inspection, and to the
    letter itself."""
    held = inspections.relationships(user=user, inspection=letter.inspection)
    return held | letter_relationships(user=user, letter=letter, held=held)


def can(user, letter, action: str) -> bool:
    return bool(RULES[action].who & relationships(user=user, letter=letter))


def permitted(*, user, inspection, letter=None) -> frozenset[str]:
    """Every action the user may take on the inspection's letter, whether or not it has
    been started: what templates ask as ``can``, beside the inspection's own actions.
    Given the letter (with its recipients), what the user is to it counts too."""
    held = inspections.relationships(user=user, inspection=inspection)
    held |= letter_relationships(user=user, letter=letter, held=held)
    return frozenset(action for action, rule in RULES.items() if rule.who & held)


def refusal(action: str) -> str:
    return rule_refusal(RULES[action], LETTER_NAMES)


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
