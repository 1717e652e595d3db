"""Who may watch and change statutory clocks, the rules and the calendar, and who is told.

Ofsted admins watch every clock; DfE advisers watch the clocks of the rules marked for them
(the WSOA clocks). A clock of an inspection is shown on the inspection's own page to
whoever may see the inspection (policy.inspections). Reminders go only to people who may
see the case: a local area hears of a clock only once it has been told of the inspection.
"""

from django.db.models import QuerySet

from deadlines.models import Deadline, StatutoryRule
from policy import people
from policy.rules import Rule, rule

ADMIN, DFE = people.ADMIN, people.DFE

GENERAL_RULES: dict[str, Rule] = {
    "watch": rule({ADMIN, DFE}, "watch statutory clocks"),
    "watch_all": rule({ADMIN}, "watch every statutory clock"),
    "change": rule({ADMIN}, "extend, pause or restart a clock"),
    "view_rules": rule({ADMIN}, "see the statutory rules"),
    "change_rules": rule({ADMIN}, "change a statutory rule"),
    "view_non_working_days": rule({ADMIN}, "see the non-working days"),
    "change_non_working_days": rule({ADMIN}, "add or remove a non-working day"),
}


def can_generally(user, action: str) -> bool:
    return bool(GENERAL_RULES[action].who & people.roles_held(user))


def rules_visible_to(*, user) -> QuerySet[StatutoryRule]:
    """The rules whose clocks the user may watch (none for those who watch no clocks)."""
    held = people.roles_held(user)
    if ADMIN in held:
        return StatutoryRule.objects.all()
    if DFE in held:
        return StatutoryRule.objects.filter(dfe_can_view=True)
    return StatutoryRule.objects.none()


def visible_to(*, user) -> QuerySet[Deadline]:
    """The clocks the user may watch nationally."""
    if ADMIN in people.roles_held(user):
        return Deadline.objects.all()
    return Deadline.objects.filter(rule__in=rules_visible_to(user=user))
