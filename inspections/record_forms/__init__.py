"""Forms for an inspection's records: the team, the notification call, deferrals, on-site
records and annual engagement meetings.

Field names are the services' keyword arguments wherever they can be, so that a service's
refusal (a ValidationError keyed by argument) lands on the field it is about.
"""

from inspections.record_forms.annex_a import AnnexAForm
from inspections.record_forms.common import SOMEONE_ELSE, HourMinuteField
from inspections.record_forms.engagement import EngagementMeetingForm
from inspections.record_forms.notification import NotificationForm, lano_contacts
from inspections.record_forms.planning import (
    INSPECTORATES,
    ConcernForm,
    ConcernResolutionForm,
    DeferralDecisionForm,
    DeferralRequestForm,
    LineOfEnquiryForm,
    MeetingForm,
    OutcomeForm,
    QuestionnaireForm,
    RescheduleForm,
)
from inspections.record_forms.team import DeclarationForm, OverrideForm, TeamMemberForm

__all__ = [
    "INSPECTORATES", "SOMEONE_ELSE", "AnnexAForm",
    "ConcernForm", "ConcernResolutionForm", "DeclarationForm", "DeferralDecisionForm",
    "DeferralRequestForm", "EngagementMeetingForm", "HourMinuteField", "LineOfEnquiryForm",
    "MeetingForm", "NotificationForm", "OutcomeForm", "OverrideForm", "QuestionnaireForm",
    "RescheduleForm", "TeamMemberForm", "lano_contacts",
]
