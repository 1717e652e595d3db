"""Statutory clocks: the rules (as data), the deadlines running on cases, and their reminders.

A Deadline's life: open → met | missed | cancelled, and open ⇄ paused. A missed deadline can
still be met (late). Due dates are stored, and recomputed (and audited) whenever the start
event is corrected, the rule changes, a non-working day is added or removed, or an extension
or pause is recorded. Only deadlines.services changes any of this.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Due times are UK times: a clock due by 11am is due at 11am in England, summer or winter.
from config.clock import ENGLAND
from deadlines.arithmetic import (
    MONTHS,
    WORKING_DAYS,
    Period,
    due_words,
    due_words_short,
    time_words,
)
from deadlines.events import rule_refusals


class NonWorkingDay(models.Model):
    """A weekday that is not a working day although it is not a bank holiday in England."""

    day = models.DateField(
        unique=True,
        error_messages={"unique": "That day is already a non-working day"},
    )
    reason = models.CharField(max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d %B %Y}: {self.reason}"


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = WORKING_DAYS, "Working days"
    MONTHS = MONTHS, "Calendar months"


class StatutoryRule(models.Model):
    """One statutory clock: what starts it, what stops it, how long it runs, whom it binds."""

    code = models.SlugField(max_length=40, unique=True)
    description = models.CharField(max_length=300)
    starts_on = models.CharField("event it counts from", max_length=200)
    stops_on = models.CharField("event that meets it", max_length=200)
    # Bounded: the arithmetic counts day by day, and no statutory period is longer.
    period_amount = models.IntegerField(validators=[MinValueValidator(-600),
                                                    MaxValueValidator(600)])
    period_unit = models.CharField(max_length=12, choices=PeriodUnit.choices)
    binds_inspectorates = models.BooleanField("binds Ofsted and CQC", default=False)
    binds_local_area = models.BooleanField("binds the local area", default=False)
    binds_principal_authority = models.BooleanField(default=False)
    binds_dfe = models.BooleanField("binds the DfE", default=False)
    source = models.CharField(max_length=200)
    # "2016" (the 2016 framework's full inspections and re-visits), "2023" (the 2023
    # framework's full and monitoring inspections) or blank for every framework: a clock of
    # the rule runs only on inspections under it (docs/decisions/0020).
    framework = models.CharField(max_length=40, blank=True,
                                 help_text="Blank when the rule applies under every framework")
    due_time = models.TimeField(
        "due by (UK time)", null=True, blank=True,
        help_text="The time of day in England by which a clock is due on its due date; "
                  "blank when it is due by the end of the day")
    dfe_can_view = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        refusals = rule_refusals(starts_on=self.starts_on, stops_on=self.stops_on,
                                 period_amount=self.period_amount,
                                 period_unit=self.period_unit)
        if refusals:
            raise ValidationError(refusals)

    @property
    def period(self) -> Period:
        return Period(amount=self.period_amount, unit=self.period_unit)

    def applies_under(self, framework: str) -> bool:
        """Whether clocks of the rule run under the framework ("2016" or "2023", as
        Inspection.rules_framework gives it)."""
        return not self.framework or self.framework == framework

    def bound_parties(self) -> list[str]:
        parties = [(self.binds_inspectorates, "Ofsted and CQC"),
                   (self.binds_local_area, "the local area"),
                   (self.binds_principal_authority, "the principal authority"),
                   (self.binds_dfe, "the DfE")]
        return [name for bound, name in parties if bound]


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    PAUSED = "paused", "Paused"
    CANCELLED = "cancelled", "Cancelled"


RUNNING = [DeadlineStatus.OPEN, DeadlineStatus.PAUSED]
REMINDABLE = [DeadlineStatus.OPEN, DeadlineStatus.MISSED]


class Deadline(models.Model):
    """A clock of one rule running on one case.

    The case is an inspection, or the written statement of action that follows one:
    `inspection` is always set (for a WSOA's clock, the inspection the statement follows),
    and `wsoa` is set too for the clocks of the statement's own cycle. `case` chooses
    between them; code that shows or links the case reads `case`.

    `local_area` is the inspection's local area, copied when the clock starts so the
    national list filters and indexes by area without a join; it always equals
    `inspection.local_area`. `start_event` is the rule's start event as it read when the
    clock started: rules are editable, and a clock explains itself by what it counted from.
    """

    rule = models.ForeignKey(StatutoryRule, on_delete=models.PROTECT, related_name="deadlines")
    # No index of its own: deadline_inspection_idx below leads with it.
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="deadlines", db_index=False)
    wsoa = models.ForeignKey("wsoa.Wsoa", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="deadlines")
    local_area = models.ForeignKey("local_areas.LocalArea", on_delete=models.PROTECT,
                                   related_name="deadlines")
    start_event = models.CharField("event it counted from", max_length=200)
    start_date = models.DateField()
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=DeadlineStatus.choices,
                              default=DeadlineStatus.OPEN)
    met_on = models.DateField(null=True, blank=True)
    # The moment it was met, where the service records one (Annex A's information, due by a
    # time of day); met_on is that moment's date in England.
    met_at = models.DateTimeField(null=True, blank=True)
    extension_working_days = models.PositiveIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                              null=True, blank=True, related_name="+")
    paused_on = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    pause_reason = models.TextField(blank=True)
    pause_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    stop_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # The sweep reads only deadlines that can still be reminded, by due date: its
            # cost follows the number due soon, not every open deadline.
            models.Index(fields=["due_date"], condition=Q(status__in=["open", "missed"]),
                         name="deadline_remindable_due_idx"),
            # A case's clocks, in the order they fall due (its timeline and its page).
            models.Index(fields=["inspection", "due_date"], name="deadline_inspection_idx"),
            models.Index(fields=["status", "due_date"], name="deadline_status_due_idx"),
            models.Index(fields=["local_area", "status"], name="deadline_area_status_idx"),
            # The national list of running clocks, soonest or latest due first, one keyset
            # page at a time (docs/decisions/0026): read straight down (or up) the index.
            models.Index(fields=["due_date", "id"], name="deadline_running_due_idx",
                         condition=Q(status__in=["open", "paused", "missed"])),
            # Every clock, whatever its status, in the same order (the list's "Every status").
            models.Index(fields=["due_date", "id"], name="deadline_due_idx"),
            # A statement's running clocks, soonest first: the national tracker reads each
            # statement's next clock from it (wsoa.tracker).
            models.Index(fields=["wsoa", "due_date"], name="deadline_wsoa_running_idx",
                         condition=Q(status__in=["open", "paused", "missed"])),
            # Clocks met this year, for the headline count of those met late: one year's
            # met clocks, not every year's.
            models.Index(fields=["met_on", "due_date"], name="deadline_met_on_idx",
                         condition=Q(status="met")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "inspection"],
                condition=Q(status__in=["open", "paused"]),
                name="one_running_clock_per_rule_and_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code} for {self.case}"

    @property
    def case(self):
        """The case the clock runs on, as shown and linked on pages, CSV and reminders.
        Read it through select_related("inspection__local_area", "wsoa__local_area") to keep
        the label a join."""
        return self.wsoa if self.wsoa_id else self.inspection

    @property
    def extra_working_days(self) -> int:
        return self.extension_working_days + self.paused_working_days

    # When it is due. Read the rule with the deadline (select_related("rule")).

    @property
    def due_time(self) -> datetime.time | None:
        """The time of day in England it is due by on its due date; None for the end of the
        day."""
        return self.rule.due_time

    @property
    def due_at(self) -> datetime.datetime | None:
        """The moment it falls due, for a clock due by a time of day; None otherwise."""
        if self.due_time is None:
            return None
        return datetime.datetime.combine(self.due_date, self.due_time, tzinfo=ENGLAND)

    @property
    def due_in_words(self) -> str:
        """ "by 11am on Tuesday 7 March 2023", or "Tuesday 7 March 2023"."""
        return due_words(self.due_date, self.due_time)

    @property
    def due_short(self) -> str:
        """ "7 Mar 2023, by 11am", or "7 Mar 2023": for table cells."""
        return due_words_short(self.due_date, self.due_time)

    def is_past_due(self, *, today: datetime.date,
                    now: datetime.datetime | None = None) -> bool:
        """Whether its due moment has passed: the due date, for a clock due by the end of
        the day; the due time on the due date in England, for one due by a time of day,
        when `now` is given (without it, such a clock is past due only from the next day)."""
        if self.due_date < today:
            return True
        return (self.due_date == today and now is not None and self.due_at is not None
                and now > self.due_at)

    @property
    def met_time_words(self) -> str:
        """The time of day in England it was met at ("11:30am"), where recorded."""
        if self.met_at is None:
            return ""
        return time_words(timezone.localtime(self.met_at, ENGLAND).time())

    def met_after_due_time(self) -> bool:
        """Met on its due date but after its due time (known only when the moment it was
        met is recorded)."""
        return (self.met_on == self.due_date and self.met_at is not None
                and self.due_at is not None and self.met_at > self.due_at)


class Reminder(models.Model):
    """One reminder of a deadline at one offset. The unique constraint makes it exactly once."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="reminders")
    # Working days before the due date: 10, 5, 1, 0 (on the day), -1 (first day overdue).
    offset = models.SmallIntegerField()
    send_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    # Which sweep made it: rows are inserted in bulk, skipping any another sweep made first,
    # and each sweep then reads back only its own.
    sweep_run = models.UUIDField(null=True, blank=True)
    # Set when its emails are sent, under a row lock on the reminder (deadlines.sweep).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["send_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "offset"],
                                    name="one_reminder_per_deadline_and_offset"),
        ]
        indexes = [models.Index(fields=["emailed_at"], condition=Q(emailed_at__isnull=True),
                                name="reminder_email_pending_idx")]

    def __str__(self) -> str:
        return f"{self.deadline} at {self.offset}"


class Notification(models.Model):
    """A message shown to one user in the service (and, for reminders, emailed to them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="notifications")
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="notifications")
    # The inspection a notification that is not a clock's reminder is about (a deferral
    # request, say), for its link.
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # A notification that is not a reminder's may also be emailed (a reminder's emails are
    # tracked on the reminder): its own outbox, sent under a row lock, marked when sent.
    by_email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A person's notifications, newest first, one keyset page at a time.
            models.Index(fields=["user", "-created_at", "-id"],
                         name="notification_user_page_idx"),
            # The count of a person's unread ones, shown on every page.
            models.Index(fields=["user"], name="notification_unread_idx",
                         condition=models.Q(read_at__isnull=True)),
            models.Index(fields=["created_at"], name="notification_email_pending_idx",
                         condition=models.Q(by_email=True, emailed_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user"],
                                    name="one_notification_per_reminder_and_user"),
        ]

    def __str__(self) -> str:
        return self.subject
