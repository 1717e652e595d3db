"""Who may watch and change statutory clocks, the rules and the calendar, and who is told.

Ofsted admins watch every clock; DfE advisers watch the clocks of the rules marked for them
(the WSOA clocks). A clock of an inspection is shown on the inspection's own page to
whoever may see the inspection (policy.inspections). Reminders go only to people who may
see the case: a local area hears of a clock only once it has been told of the inspection.
"""

from django.contrib.auth.models import Group
from django.db.models import F, QuerySet

from accounts import roles
from accounts.models import User
from deadlines.models import Deadline, StatutoryRule
from inspections.models import TeamRole
from policy import people
from policy.inspections import area_may_see
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


def reminder_recipients(*, deadlines: list[Deadline]) -> dict[int, list[User]]:
    """Who is reminded of each deadline, by deadline id, in a constant number of queries:
    the people its rule binds, among those who may see its case.

    Ofsted and CQC: Ofsted admins, and the lead inspector of the deadline's inspection. The
    local area or principal authority: that area's users, once the area has been told of the
    inspection. The DfE: DfE advisers, for the clocks of the rules they watch. A written
    statement of action's clocks also remind Ofsted admins and the lead inspector whomever
    they bind: they follow every statement in the country, and a late submission is
    escalated to them (deadlines.sweep.reminder_words says so).
    """
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL_ROLES)}
    active = User.objects.filter(is_active=True)
    admins = list(active.filter(groups=groups[roles.OFSTED_ADMIN]))
    dfe = list(active.filter(groups=groups[roles.DFE_ADVISER]))
    by_area: dict[int, list[User]] = {}
    for user in active.filter(local_area_id__in={d.local_area_id for d in deadlines},
                              groups__in=[groups[roles.LOCAL_AREA_OFFICER],
                                          groups[roles.LOCAL_AREA_LEADER]]).distinct():
        by_area.setdefault(user.local_area_id, []).append(user)
    leads = _lead_inspectors(deadlines)
    recipients = {}
    for deadline in deadlines:
        bound = deadline.rule
        told = []
        if bound.binds_inspectorates or deadline.wsoa_id is not None:
            told += admins + leads.get(deadline.inspection_id, [])
        if ((bound.binds_local_area or bound.binds_principal_authority)
                and area_may_see(deadline.inspection)):
            told += by_area.get(deadline.local_area_id, [])
        if bound.binds_dfe and bound.dfe_can_view:
            told += dfe
        recipients[deadline.id] = list({user.id: user for user in told}.values())
    return recipients


def _lead_inspectors(deadlines: list[Deadline]) -> dict[int, list[User]]:
    """The active lead inspectors of the deadlines' inspections, by inspection id, in one
    query."""
    leads: dict[int, list[User]] = {}
    rows = (User.objects.filter(is_active=True,
                                inspection_roles__inspection_id__in={d.inspection_id
                                                                     for d in deadlines},
                                inspection_roles__role=TeamRole.LEAD)
            .annotate(lead_of=F("inspection_roles__inspection_id")))
    for user in rows:
        leads.setdefault(user.lead_of, []).append(user)
    return leads
