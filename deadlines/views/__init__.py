from deadlines.views.clocks import (
    case_timeline,
    deadline_detail,
    deadline_export,
    deadline_extend,
    deadline_list,
    deadline_pause,
    deadline_resume,
)
from deadlines.views.common import deadline_tag
from deadlines.views.notifications import notification_list
from deadlines.views.rules import (
    non_working_day_add,
    non_working_day_list,
    non_working_day_remove,
    rule_edit,
    rule_list,
)

__all__ = [
    "case_timeline", "deadline_detail", "deadline_export", "deadline_extend", "deadline_list",
    "deadline_pause", "deadline_resume", "deadline_tag", "non_working_day_add",
    "non_working_day_list", "non_working_day_remove", "notification_list", "rule_edit",
    "rule_list",
]
