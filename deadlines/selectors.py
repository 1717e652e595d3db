"""Reads for statutory clocks, each with its joins written once."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404

from accounts import roles
from accounts.models import User
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus, NonWorkingDay, StatutoryRule
from policy import deadlines as policy

# What a page needs to show a deadline with its case's label (str of the inspection).
WITH_CASE = ("rule", "local_area", "inspection__local_area")
# The lead inspector's role on an inspection team (inspections.TeamRole.LEAD), read by a join
# from the user so that this app does not reach into the inspections app.
LEAD_INSPECTOR_ROLE = "lead"


def calendar_current() -> WorkingDayCalendar:
    """Bank holidays in England plus every extra non-working day in the database."""
    extra = dict(NonWorkingDay.objects.values_list("day", "reason"))
    return WorkingDayCalendar.england(extra=extra)


def rule_get(*, code: str) -> StatutoryRule:
    try:
        return StatutoryRule.objects.get(code=code)
    except StatutoryRule.DoesNotExist:
        raise StatutoryRule.DoesNotExist(f"No statutory rule with the code {code!r}") from None


def rules_visible_to(*, user) -> QuerySet[StatutoryRule]:
    """The rules whose clocks the user may watch (policy.deadlines); PermissionDenied for
    those who watch no clocks."""
    if not policy.can_generally(user, "watch"):
        raise PermissionDenied
    return policy.rules_visible_to(user=user).order_by("code")


def _visible(deadlines: QuerySet[Deadline], user) -> QuerySet[Deadline]:
    if not policy.can_generally(user, "watch"):
        raise PermissionDenied
    return deadlines & policy.visible_to(user=user)


def deadline_list_for_user(
    *,
    user,
    rule: str = "",
    region: str = "",
    local_area=None,
    status: str = "",
    order: str = "due",
) -> QuerySet[Deadline]:
    """Deadlines the user may watch nationally, filtered; running clocks unless asked."""
    deadlines = _visible(Deadline.objects.select_related(*WITH_CASE), user)
    if rule:
        deadlines = deadlines.filter(rule__code=rule)
    if region:
        deadlines = deadlines.filter(local_area__region=region)
    if local_area is not None:
        deadlines = deadlines.filter(local_area=local_area)
    if status:
        deadlines = deadlines.filter(status=status)
    else:
        deadlines = deadlines.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED,
                                                 DeadlineStatus.MISSED])
    ordering = ["-due_date", "-id"] if order == "-due" else ["due_date", "id"]
    return deadlines.order_by(*ordering)


def deadline_get_for_user(*, user, pk: int) -> Deadline:
    """One deadline the user may watch; 404 for missing and not yours alike."""
    deadlines = Deadline.objects.select_related(
        *WITH_CASE, "extension_approved_by", "pause_approved_by")
    try:
        deadline = _visible(deadlines, user).filter(pk=pk).first()
    except PermissionDenied:
        raise Http404("No such deadline") from None
    if deadline is None:
        raise Http404("No such deadline")
    return deadline


def deadlines_for_case(*, user, inspection_id: int) -> QuerySet[Deadline]:
    """Every clock of one inspection the user may watch, in the order they fall due: the
    case's timeline. PermissionDenied for those who watch no clocks."""
    deadlines = Deadline.objects.select_related(*WITH_CASE).filter(inspection_id=inspection_id)
    return _visible(deadlines, user).order_by("due_date", "id")


def deadline_recipients(*, deadlines: list[Deadline]) -> dict[int, list[User]]:
    """Who each deadline's rule binds, by deadline id, read in a constant number of queries.

    Ofsted and CQC: Ofsted admins, and the lead inspector of the deadline's inspection.
    The local area or principal authority: that area's local-area users. The DfE: DfE
    advisers.
    """
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL_ROLES)}
    active = User.objects.filter(is_active=True)
    admins = list(active.filter(groups=groups[roles.OFSTED_ADMIN]))
    dfe = list(active.filter(groups=groups[roles.DFE_ADVISER]))
    area_ids = {d.local_area_id for d in deadlines}
    by_area: dict[int, list[User]] = {}
    for user in active.filter(local_area_id__in=area_ids).distinct():
        by_area.setdefault(user.local_area_id, []).append(user)
    leads = _lead_inspectors(deadlines)
    recipients = {}
    for deadline in deadlines:
        rule = deadline.rule
        people = []
        if rule.binds_inspectorates:
            people += admins + leads.get(deadline.inspection_id, [])
        if rule.binds_local_area or rule.binds_principal_authority:
            people += by_area.get(deadline.local_area_id, [])
        if rule.binds_dfe:
            people += dfe
        recipients[deadline.id] = list({user.id: user for user in people}.values())
    return recipients


def deadline_due_window(*, today: datetime.date, calendar: WorkingDayCalendar,
                        before: int, after: int) -> tuple[datetime.date, datetime.date]:
    """The due dates a sweep on `today` must look at: from `after` working days ago to
    `before` working days ahead."""
    return calendar.add_working_days(today, -after), calendar.add_working_days(today, before)


def deadline_for_case(*, inspection, rule_code: str) -> Deadline | None:
    """The latest clock of the rule on the inspection, whatever its status."""
    return (Deadline.objects.select_related(*WITH_CASE)
            .filter(inspection=inspection, rule__code=rule_code)
            .order_by("-created_at", "-id").first())


def deadlines_running_for_case(*, inspection) -> list[Deadline]:
    """The inspection's clocks that are open, paused or missed."""
    return list(Deadline.objects.select_related(*WITH_CASE).filter(
        inspection=inspection,
        status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED, DeadlineStatus.MISSED]))


def _lead_inspectors(deadlines: list[Deadline]) -> dict[int, list[User]]:
    """The active lead inspectors of the deadlines' inspections, by inspection id, in one
    query joined through the users' inspection roles."""
    ids = {d.inspection_id for d in deadlines}
    leads: dict[int, list[User]] = {}
    rows = (User.objects.filter(is_active=True, inspection_roles__inspection_id__in=ids,
                                inspection_roles__role=LEAD_INSPECTOR_ROLE)
            .annotate(lead_of=F("inspection_roles__inspection_id")))
    for user in rows:
        leads.setdefault(user.lead_of, []).append(user)
    return leads
