"""The access policy as tables of role × action, one per protected object, for the decision
record (docs/decisions/0010-one-access-policy.md) and `manage.py access_policy_table`."""

from policy import (
    accounts,
    audit,
    deadlines,
    evidence,
    inspections,
    letters,
    local_areas,
    wsoa,
)

COLUMNS = {
    "admin": "Ofsted admin", "qa": "QA", "lead": "Lead inspector", "team": "Team member",
    "inspector": "Inspector", "lano": "LANO", "leader": "Area leader",
    "own_area": "Area's own users", "notifying_lead": "Lead notifying the area",
    "dfe": "DfE adviser", "recipient": "Draft's recipient",
    "principal": "DCS or health chief executive named",
}
# (heading, rules, what the relationships mean there)
SECTIONS = [
    ("An inspection and its records", inspections.RULES,
     "Lead inspector and team member: on that inspection's team (the lead is a team member "
     "too). LANO and area leader: of the inspected area, once it has been told of the "
     "inspection (not while it is back in planning or deferred). A deferral decision is "
     "recorded for Ofsted or CQC by that inspectorate's own staff."),
    ("Inspections in general", inspections.GENERAL_RULES, ""),
    ("An outcome letter", letters.RULES,
     "Each person is to a letter what they are to its inspection: the lead inspector and team "
     "member of its team; the LANO and area leaders of the inspected area, once it has been "
     "told of the inspection. Quality assurance approves or returns a draft for its own "
     "inspectorate, recorded on each staff user (Ofsted or CQC), and approves a version "
     "once; the draft is sent only once Ofsted and CQC have both approved its version. "
     "Draft's recipient: someone of the area named to receive the restricted draft, from the "
     "day it is sent; the DCS or health chief executive named among them names their "
     "representatives (handbook 66)."),
    ("An inspection's evidence base, requests and documents", evidence.RULES,
     "Each person is to the evidence base what they are to its inspection. The local area "
     "never sees evidence records or the documents attached to them; it sees the requests "
     "made of it and the documents given in answer."),
    ("A local area in the register", local_areas.RULES,
     "The area's own users: its LANO and leaders, through the grant on their own area. Lead "
     "notifying the area: the lead inspector of an inspection of the area still in planning "
     "(or deferred), who names the LANO the area gives them when recording the call. The "
     "self-evaluation an area shares for its annual engagement meetings is for Ofsted admins "
     "and the area alone."),
    ("The register in general", local_areas.GENERAL_RULES, ""),
    ("A written statement of action", wsoa.RULES,
     "Each person is to a statement what they are to the inspection it follows; a DfE "
     "adviser follows every statement's progress. The principal authority acts through the "
     "inspected area's own users (docs/decisions/0037); another area's users are nothing to "
     "it. A view on a statement is recorded for Ofsted or CQC by that inspectorate's own "
     "staff; the decision is joint, recorded once both views agree."),
    ("Written statements in general", wsoa.GENERAL_RULES, ""),
    ("Statutory clocks", deadlines.GENERAL_RULES,
     "DfE advisers watch the clocks of the rules marked for them (the WSOA clocks). Whoever "
     "may see an inspection sees its clocks on its page."),
    ("The audit trail", audit.GENERAL_RULES, ""),
    ("Other people's sign-in", accounts.GENERAL_RULES,
     "Everyone signed in sees and ends their own sessions and looks after their own second "
     "factor (docs/decisions/0023)."),
]


def markdown() -> str:
    """Every policy table, as Markdown."""
    parts = []
    for heading, rules, note in SECTIONS:
        used = [key for key in COLUMNS if any(key in rule.who for rule in rules.values())]
        parts.append(f"### {heading}\n")
        if note:
            parts.append(f"{note}\n")
        parts.append("| Action | " + " | ".join(COLUMNS[key] for key in used) + " |")
        parts.append("|---|" + "---|" * len(used))
        for action, rule in rules.items():
            marks = " | ".join("yes" if key in rule.who else "" for key in used)
            parts.append(f"| {rule.doing[0].upper()}{rule.doing[1:]} (`{action}`) | {marks} |")
        parts.append("")
    return "\n".join(parts)
