"""Every change to an inspection goes through these services: atomic, checked, audited."""

from inspections.scheduling import Unacknowledged  # noqa: F401
from inspections.services.annex_a import annex_a_record  # noqa: F401
from inspections.services.lifecycle import (  # noqa: F401
    StaleEdit,
    inspection_close,
    inspection_give_feedback,
    inspection_notify,
    inspection_publish,
    inspection_record_outcome,
    inspection_start_onsite,
    inspection_withdraw,
)
from inspections.services.notification import HealthLeaderCalled  # noqa: F401
from inspections.services.planning import (  # noqa: F401
    concern_record,
    concern_remove,
    concern_resolve,
    concern_update,
    deferral_decide,
    deferral_request,
    engagement_meeting_record,
    inspection_reschedule,
    line_of_enquiry_add,
    line_of_enquiry_remove,
    line_of_enquiry_update,
    meeting_record,
    meeting_remove,
    meeting_update,
    questionnaire_set_status,
)
from inspections.services.scheduling import (  # noqa: F401
    inspection_create,
    inspection_update,
)
from inspections.services.team import (  # noqa: F401
    conflict_declare,
    conflict_override,
    team_member_add,
    team_member_remove,
)
