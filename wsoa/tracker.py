"""The national tracker of written statements of action: every statement in the country with
its stage and the next of its clocks, the pipeline's counts by stage, and the record of an
export.

Each statement's next clock is the most pressing of its running clocks (open, paused or
missed): an overdue one before any other, then the soonest due. It is read by correlated
subqueries of the statement's own query, so a page of the list, or the whole export, costs
one query however many statements there are; the pipeline's counts are one aggregate
query. Working days left are counted in Python on the working-day calendar, read once.

A clock is overdue when it is open or missed and its due date has passed, or when it was
paused after its due date (deadlines.views.common.standing_tag reads a clock the same way).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse

from audit.services import audit_record
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import RUNNING_STATUSES
from policy import wsoa as policy
from wsoa.models import STAGE_ORDER, Wsoa

# What a row of the list and of the export reads of the statement's next clock.
NEXT_CLOCK = {"next_clock_id": "pk", "next_rule_id": "rule_id", "next_due": "due_date",
              "next_status": "status", "next_paused_on": "paused_on",
              "next_overdue": "overdue"}


def _overdue_condition(today: datetime.date) -> Q:
    return (Q(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED], due_date__lt=today)
            | Q(status=DeadlineStatus.PAUSED, paused_on__gt=F("due_date")))


def _running_clocks(today: datetime.date) -> QuerySet[Deadline]:
    """The running clocks of the statement in the outer query, the most pressing first."""
    return (Deadline.objects.filter(wsoa=OuterRef("pk"), status__in=RUNNING_STATUSES)
            .annotate(overdue=Case(When(_overdue_condition(today), then=Value(1)),
                                   default=Value(0), output_field=IntegerField()))
            .order_by("-overdue", "due_date", "pk"))


def _overdue_clocks(today: datetime.date) -> Exists:
    return Exists(Deadline.objects.filter(_overdue_condition(today), wsoa=OuterRef("pk"),
                                          status__in=RUNNING_STATUSES))


def wsoas_trackable(*, user, region: str = "", stage: str = "") -> QuerySet[Wsoa]:
    """Every statement the user may track, in the region and at the stage given (either
    blank for all); PermissionDenied for those who may not track statements."""
    if not policy.can_generally(user, "track"):
        raise PermissionDenied(policy.refusal("track"))
    wsoas = policy.visible_to(user=user)
    if region:
        wsoas = wsoas.filter(local_area__region=region)
    if stage:
        wsoas = wsoas.filter(stage=stage)
    return wsoas


def wsoa_tracker_rows(wsoas: QuerySet[Wsoa], *, today: datetime.date) -> QuerySet[Wsoa]:
    """The statements with their area and next clock (NEXT_CLOCK, none where no clock
    runs): those with an overdue clock first, then by the next clock's due date, those with
    none last, then by area."""
    running = _running_clocks(today)
    return (wsoas.select_related("local_area")
            .annotate(**{name: Subquery(running.values(field)[:1])
                         for name, field in NEXT_CLOCK.items()})
            .order_by(F("next_overdue").desc(nulls_last=True),
                      F("next_due").asc(nulls_last=True), "local_area__name", "pk"))


# The export's values: the statement's own, then its next clock's (NEXT_CLOCK).
EXPORT_VALUES = ("local_area_id", "stage", "principal_authority", "determined_on",
                 "report_received_on", *NEXT_CLOCK)


def wsoa_tracker_export_rows(wsoas: QuerySet[Wsoa], *, today: datetime.date) -> QuerySet:
    """wsoa_tracker_rows as tuples of EXPORT_VALUES, in the same order, with no join."""
    return (wsoa_tracker_rows(wsoas, today=today).select_related(None)
            .values_list(*EXPORT_VALUES))


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    total: int
    overdue: int

    @property
    def on_time(self) -> int:
        return self.total - self.overdue


def wsoa_pipeline_counts(wsoas: QuerySet[Wsoa], *, today: datetime.date) -> list[StageCount]:
    """How many statements are at each stage, in STAGE_ORDER, and how many of them have an
    overdue clock: one aggregate query."""
    counted = {row["stage"]: row for row in wsoas.order_by().values("stage").annotate(
        total=Count("pk"), overdue=Count("pk", filter=_overdue_clocks(today)))}
    return [StageCount(stage=stage.value, label=stage.label,
                       total=counted.get(stage.value, {}).get("total", 0),
                       overdue=counted.get(stage.value, {}).get("overdue", 0))
            for stage in STAGE_ORDER]


# A row's standing ------------------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """Where the next clock stands today: working days left (negative when overdue)."""

    days_left: int
    overdue: bool
    paused: bool

    @property
    def words(self) -> str:
        if self.overdue:
            return f"{_days(-self.days_left)} overdue"
        if self.days_left == 0:
            return "Due today"
        left = f"{_days(self.days_left)} left"
        return f"{left} when paused" if self.paused else left


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def clock_standing(*, status: str, due_date: datetime.date, paused_on: datetime.date | None,
                   today: datetime.date, calendar: WorkingDayCalendar) -> Standing:
    """The next clock's working days left today. A paused clock's due date moves on when it
    restarts: it is as late as it was the day it stopped, or had the days left it had then."""
    if status == DeadlineStatus.PAUSED and paused_on is not None:
        if paused_on > due_date:
            return Standing(-calendar.working_days_late(due_date, paused_on), True, True)
        return Standing(calendar.working_days_between(paused_on, due_date), False, True)
    if due_date < today:
        return Standing(-calendar.working_days_late(due_date, today), True, False)
    return Standing(calendar.working_days_between(today, due_date), False, False)


def wsoa_page_url(pk: int) -> str:
    """The address of the statement's own page, or "" while the service has none."""
    try:
        return reverse("wsoa:detail", args=[pk])
    except NoReverseMatch:
        return ""


# The export's record ----------------------------------------------------------------------

@transaction.atomic
def wsoa_tracker_exported(*, by, filters: dict, rows: int) -> None:
    """Record that `by` exported the tracker: which filters (codes), how many rows. The rows
    themselves are the export's, not the trail's."""
    audit_record(actor=by, action="wsoa.tracker_exported",
                 after={"region": filters.get("region") or None,
                        "stage": filters.get("stage") or None, "rows": rows})
