"""Reads the inspection pages need besides the inspections themselves: clocks, areas, rules."""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accounts.models import User
from deadlines.models import RUNNING, Deadline, DeadlineStatus, StatutoryRule
from inspections.models import Framework, Inspection, TeamMember, TeamRole
from inspections.scheduling import REVISITABLE_STATES
from local_areas.models import LocalArea


def inspection_clocks(*, inspection: Inspection) -> tuple[list[Deadline], int]:
    """The inspection's current clocks, soonest due first, and how many it had that were
    replaced: each rule's latest clock replaces any earlier one (restarted after a
    correction). Whoever may see the inspection may see its clocks, so this does not ask
    whether the user watches clocks nationally. One query: a case has dozens of clocks at
    most, and picking each rule's latest here costs less than asking the database to."""
    every = list(Deadline.objects.filter(inspection=inspection).select_related("rule")
                 .order_by("created_at", "id"))
    latest = {deadline.rule_id: deadline for deadline in every}
    current = sorted(latest.values(), key=lambda deadline: (deadline.due_date, deadline.id))
    return current, len(every) - len(current)


def revisit_clock_of(*, inspection: Inspection) -> Deadline | None:
    """The latest re-visit clock of the inspection, if one has started: a re-visit's page
    shows the clock of the inspection it follows."""
    return (Deadline.objects.filter(inspection=inspection, rule__code="revisit")
            .select_related("rule").order_by("-created_at", "-id").first())


def clock_due_dates(*, inspections: Iterable[Inspection],
                    rule_code: str) -> dict[int, datetime.date]:
    """The due date of each inspection's latest clock of the rule, by inspection id, read in
    one query for a whole page of inspections."""
    ids = [inspection.pk for inspection in inspections]
    if not ids:
        return {}
    rows = (Deadline.objects.filter(inspection_id__in=ids, rule__code=rule_code)
            .order_by("created_at", "id").values_list("inspection_id", "due_date"))
    # Later clocks of the same rule (restarted after a correction) replace earlier ones.
    return dict(rows)


def team_roles(*, user, inspections: Iterable[Inspection]) -> dict[int, str]:
    """The user's role display on each inspection, by inspection id, in one query."""
    ids = [inspection.pk for inspection in inspections]
    if not ids:
        return {}
    members = TeamMember.objects.filter(user=user, inspection_id__in=ids).only(
        "inspection_id", "role")
    return {member.inspection_id: member.get_role_display() for member in members}


def local_areas_current(*, on: datetime.date) -> QuerySet[LocalArea]:
    """The areas an inspection can be scheduled for: those that exist on the day."""
    return LocalArea.objects.valid_on(on).order_by("name")


def rules_by_code(*, codes: Iterable[str]) -> dict[str, StatutoryRule]:
    """The rules a confirmation page describes, so the periods shown are the ones in force."""
    return {rule.code: rule for rule in StatutoryRule.objects.filter(code__in=list(codes))}


def lead_inspectors() -> QuerySet[User]:
    """Everyone who leads, or has led, an inspection: the list's lead inspector filter."""
    return User.objects.filter(pk__in=TeamMember.objects.filter(role=TeamRole.LEAD)
                               .values("user_id")).order_by("last_name", "first_name",
                                                            "username")


def inspections_revisitable() -> QuerySet[Inspection]:
    """The inspections a 2016 re-visit can follow: published 2016 inspections, by area and
    then date, for the schedule form's choice."""
    return (Inspection.objects.filter(framework=Framework.LOCAL_AREA_SEND_2016,
                                      state__in=REVISITABLE_STATES)
            .select_related("local_area")
            .order_by("local_area__name", "local_area__ons_code", "onsite_start", "pk"))


def local_areas_all() -> QuerySet[LocalArea]:
    """Every area in the register, current and former: the list's local area filter."""
    return LocalArea.objects.order_by("name", "ons_code")


# Clocks for visits the inspectorates plan: the next full inspection, monitoring, re-visit.
VISIT_RULES = ("next_full_inspection_", "monitoring_inspection", "revisit")


def visit_clocks_of_area(*, local_area, deadlines: QuerySet[Deadline]) -> list[Deadline]:
    """The running (or missed) next-inspection clocks on the area's inspections, soonest due
    first, among `deadlines`: the clocks the user may watch."""
    visits = Q()
    for code in VISIT_RULES:
        visits |= Q(rule__code__startswith=code)
    return list(deadlines.filter(visits, inspection__local_area=local_area,
                                 status__in=[*RUNNING, DeadlineStatus.MISSED])
                .select_related("rule", "inspection").order_by("due_date", "id"))
