"""The pages that keep an inspection's records: its team and their declarations, the
notification call, deferrals, lines of enquiry, meetings, concerns, the evaluation
questionnaire and the outcome; and each local area's annual engagement meetings.

Every page reads the inspection through `inspection_get_for_user` (so it is "not found" to
anyone who may not see it) and changes it through one service, acting as the signed-in user.
"""

from inspections.views.records_annex_a import annex_a
from inspections.views.records_corrections import (
    concern_edit,
    concern_remove,
    enquiry_edit,
    enquiry_remove,
    meeting_edit,
    meeting_remove,
)
from inspections.views.records_engagement import (
    engagement,
    engagement_add,
)
from inspections.views.records_notification import notify
from inspections.views.records_planning import (
    concern_add,
    concern_resolve,
    deferral_decide,
    deferral_request,
    enquiry_add,
    meeting_add,
    meetings,
    outcome,
    questionnaire,
    reschedule,
)
from inspections.views.records_team import declare, override, team, team_add, team_remove

__all__ = [
    "annex_a", "concern_add", "concern_edit", "concern_remove", "concern_resolve", "declare",
    "deferral_decide", "deferral_request", "engagement", "engagement_add",
    "enquiry_add", "enquiry_edit", "enquiry_remove",
    "meeting_add", "meeting_edit", "meeting_remove", "meetings", "notify", "outcome", "override",
    "questionnaire", "reschedule", "team", "team_add", "team_remove",
]
