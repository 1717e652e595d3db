"""Reads for statutory clocks, each with its joins written once."""

import datetime

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from config.clock import ENGLAND
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus, NonWorkingDay, StatutoryRule
from local_areas.models import LocalArea
from policy import deadlines as policy

# A running clock due within this many working days of today is "due soon".
DUE_SOON_WORKING_DAYS = 5

# What a page needs to show a deadline with its case's label (str of the inspection).
WITH_CASE = ("rule", "local_area", "inspection__local_area", "wsoa__local_area")

RUNNING_STATUSES = [DeadlineStatus.OPEN, DeadlineStatus.PAUSED, DeadlineStatus.MISSED]
# The status filter's value for every clock, whatever its status (deadline_due_idx).
STATUS_EVERY = "all"
# The national list's two orders, each ending in the key (config.pagination.keyset_page).
# Running clocks in either are read down deadline_running_due_idx.
DEADLINE_ORDERS = {"due": ("due_date", "id"), "-due": ("-due_date", "-id")}


def calendar_current() -> WorkingDayCalendar:
    """Bank holidays in England plus every extra non-working day in the database."""
    extra = dict(NonWorkingDay.objects.values_list("day", "reason"))
    return WorkingDayCalendar.england(extra=extra)


def rule_get(*, code: str) -> StatutoryRule:
    try:
        return StatutoryRule.objects.get(code=code)
    except StatutoryRule.DoesNotExist:
        raise StatutoryRule.DoesNotExist(f"No statutory rule with the code {code!r}") from None


def rule_codes_applying(*, codes, inspection) -> set[str]:
    """Which of the rules named apply under the inspection's framework (docs/decisions/0020):
    the clocks a step that names them starts on it. One query."""
    framework = inspection.rules_framework
    return {rule.code for rule in StatutoryRule.objects.filter(code__in=list(codes))
            if rule.applies_under(framework)}


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
    """Deadlines the user may watch nationally, filtered; running clocks unless asked. In
    DEADLINE_ORDERS[order]; page it with keyset_page in that order."""
    deadlines = _filtered(_visible(Deadline.objects.select_related(*WITH_CASE), user),
                          rule=rule, region=region, local_area=local_area)
    if status and status != STATUS_EVERY:
        deadlines = deadlines.filter(status=status)
    elif not status:
        # As the partial index deadline_running_due_idx names them, so it serves the list.
        deadlines = deadlines.filter(status__in=RUNNING_STATUSES)
    return deadlines.order_by(*DEADLINE_ORDERS.get(order, DEADLINE_ORDERS["due"]))


# What the export reads of each clock, as plain values (a model instance per row would cost
# more than the rest of the export together). Areas and rules are read once, apart.
EXPORT_VALUES = ("inspection__local_area_id", "inspection__framework",
                 "inspection__onsite_start", "local_area_id", "rule_id", "start_date",
                 "due_date", "status", "met_on", "met_at", "paused_on",
                 "extension_working_days", "paused_working_days")


def deadline_export_rows(deadlines: QuerySet[Deadline]) -> QuerySet:
    """The clocks of a list (deadline_list_for_user) as tuples of EXPORT_VALUES, in the
    list's order, with no join but the inspection."""
    return deadlines.select_related(None).values_list(*EXPORT_VALUES)


def local_areas_by_id() -> dict[int, tuple[str, str, str]]:
    """Every local area's name, ONS code and region code, by id: one query of some 160 rows."""
    return {pk: (name, ons_code, region) for pk, name, ons_code, region
            in LocalArea.objects.values_list("pk", "name", "ons_code", "region")}


def rules_by_id() -> dict[int, StatutoryRule]:
    return {rule.pk: rule for rule in StatutoryRule.objects.all()}


def _filtered(deadlines: QuerySet[Deadline], *, rule: str, region: str,
              local_area) -> QuerySet[Deadline]:
    if rule:
        deadlines = deadlines.filter(rule__code=rule)
    if region:
        deadlines = deadlines.filter(local_area__region=region)
    if local_area is not None:
        deadlines = deadlines.filter(local_area=local_area)
    return deadlines


def deadline_standing_conditions(*, today: datetime.date, calendar: WorkingDayCalendar,
                                 now: datetime.datetime | None = None) -> dict[str, Q]:
    """How clocks stand today, as conditions on the table, named as the headline counts name
    them. They say what views.common.deadline_tag says of one clock: a running clock past
    its due date (or paused after it) is overdue, as is one due today by a time of day now
    past in England (given `now`); one due from today to the fifth working day after is due
    soon; a later one is on track; a clock met after its due date (or after its due time on
    its due date) this calendar year was met late this year."""
    conditions = {}
    for name, parts in _standing_parts(today=today, calendar=calendar, now=now).items():
        condition = Q(pk__in=[])
        for part in parts:
            condition |= part
        conditions[name] = condition
    return conditions


def _standing_parts(*, today: datetime.date, calendar: WorkingDayCalendar,
                    now: datetime.datetime | None) -> dict[str, list[Q]]:
    """deadline_standing_conditions, each as disjoint parts that each an index serves: a
    count of the whole is the sum of the parts' counts."""
    counting = Q(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
    # Due on or before the fifth working day after today: before the sixth.
    soon_ends = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS + 1)
    past_due_today = _past_due_time_today(today=today, now=now)
    met_this_year = Q(status=DeadlineStatus.MET, met_on__gte=datetime.date(today.year, 1, 1))
    return {
        # deadline_remindable_due_idx; the few due today; the few paused.
        "overdue": [counting & Q(due_date__lt=today), counting & past_due_today,
                    Q(status=DeadlineStatus.PAUSED, paused_on__gt=F("due_date"))],
        "due_soon": [counting & Q(due_date=today) & ~past_due_today,
                     counting & Q(due_date__gt=today, due_date__lt=soon_ends)],
        "on_track": [counting & Q(due_date__gte=soon_ends)],
        # deadline_met_on_idx: this year's met clocks, not every year's.
        "met_late_this_year": [met_this_year & Q(met_on__gt=F("due_date")),
                               met_this_year & _met_after_due_time()],
    }


def deadline_past_due(*, today: datetime.date, now: datetime.datetime | None = None) -> Q:
    """Clocks whose due moment has passed (Deadline.is_past_due, in SQL): due before today,
    or due today by a time of day in England that `now` is past."""
    return Q(due_date__lt=today) | _past_due_time_today(today=today, now=now)


def _past_due_time_today(*, today: datetime.date, now: datetime.datetime | None) -> Q:
    if now is None or timezone.localdate(now, ENGLAND) != today:
        return Q(pk__in=[])
    return Q(due_date=today, rule__due_time__lt=timezone.localtime(now, ENGLAND).time())


def _met_after_due_time() -> Q:
    """Met on the due date, at a recorded moment after the rule's due time in England (the
    time zone the database compares times in: settings.TIME_ZONE)."""
    return Q(met_on=F("due_date"), met_at__isnull=False, rule__due_time__isnull=False,
             met_at__time__gt=F("rule__due_time"))


def deadline_headline_counts(*, user, today: datetime.date, calendar: WorkingDayCalendar,
                             now: datetime.datetime | None = None) -> dict[str, int]:
    """Of every clock the user may watch: how many are overdue, due soon, on track, and met
    late this year. One query, each count in it read from an index of the clocks it counts
    (running ones, or this year's met ones), not from the whole table."""
    visible = _visible(Deadline.objects.all(), user)
    parts = _standing_parts(today=today, calendar=calendar, now=now)
    return _counts({name: [visible.filter(part) for part in name_parts]
                    for name, name_parts in parts.items()})


def _counts(querysets: dict[str, list[QuerySet]]) -> dict[str, int]:
    """Several counts in one round trip: SELECT (SELECT COUNT(*) FROM (…)) + (…), …, each
    count the sum of its parts' counts, each part planned on its own (so on its own index).
    The parts are the ORM's own SQL and parameters; a part that can match nothing is 0."""
    selects, params = [], []
    for parts in querysets.values():
        terms = []
        for queryset in parts:
            try:
                sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:
                continue
            # The ORM's own SQL, its values kept apart as parameters: nothing is pasted in.
            terms.append(f"(SELECT COUNT(*) FROM ({sql}) AS part)")  # noqa: S608  # nosec B608
            params.extend(part_params)
        selects.append(" + ".join(terms) or "0")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = cursor.fetchone()
    return {name: int(count) for name, count in zip(querysets, row, strict=True)}


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
    """Who is reminded of each deadline, by deadline id: those its rule binds who may see
    its case (policy.deadlines.reminder_recipients). Read the deadlines with WITH_CASE."""
    return policy.reminder_recipients(deadlines=deadlines)


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
