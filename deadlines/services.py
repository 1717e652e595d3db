"""Starting, meeting, stopping and recomputing statutory clocks. Atomic and audited.

The lifecycle services of inspections and WSOAs call these; nothing else writes a Deadline.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import Label, audit_event, audit_record, audit_record_many
from config import clock
from config.clock import ENGLAND
from deadlines.arithmetic import compute_due_date
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import (
    RUNNING,
    Deadline,
    DeadlineStatus,
    NonWorkingDay,
    Notification,
    StatutoryRule,
)
from deadlines.selectors import calendar_current, rule_get
from local_areas.models import LocalArea


def deadline_compute(*, deadline: Deadline, calendar: WorkingDayCalendar):
    """The due date (and how it was reached) for the deadline as it stands."""
    return compute_due_date(period=deadline.rule.period, start=deadline.start_date,
                            start_event=deadline.start_event, calendar=calendar,
                            extra_working_days=deadline.extra_working_days,
                            due_time=deadline.rule.due_time)


def deadline_preview(*, rule: StatutoryRule, start_date: datetime.date,
                     calendar: WorkingDayCalendar):
    """The due date (and how it was reached) that a clock of the rule started on
    `start_date` gets: the very computation deadline_start stores, so a page announcing a
    clock before it starts shows the date it will have. Pure: no database, no clock."""
    return compute_due_date(period=rule.period, start=start_date, start_event=rule.starts_on,
                            calendar=calendar, due_time=rule.due_time)


def _audit(deadline: Deadline, action: str, by, before: dict | None = None,
           after: dict | None = None) -> None:
    audit_record(actor=by, action=action, obj=deadline, local_area=deadline.local_area,
                 inspection_id=deadline.inspection_id, before=before, after=after)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@transaction.atomic
def deadline_start(*, rule_code: str, inspection, start_date: datetime.date, by,
                   wsoa=None) -> Deadline:
    """Start a clock of the rule on the inspection, in the inspection's local area, counting
    from the rule's start event as it reads now. One running clock per rule and case, and
    only of a rule of the inspection's framework (docs/decisions/0020). Given `wsoa` (the
    written statement of action following the inspection), the clock is the statement's."""
    rule = rule_get(code=rule_code)
    if not rule.applies_under(inspection.rules_framework):
        raise ValidationError(f"The {rule.code} rule is the {rule.framework} framework's: it "
                              f"does not apply to {inspection}")
    if Deadline.objects.filter(rule=rule, inspection=inspection, status__in=RUNNING).exists():
        raise ValidationError(f"A {rule.code} clock is already running for {inspection}")
    deadline = Deadline(rule=rule, inspection=inspection, local_area=inspection.local_area,
                        wsoa=wsoa, start_event=rule.starts_on, start_date=start_date)
    # A new clock has no extension or pause yet: its due date is the preview's.
    deadline.due_date = deadline_preview(rule=rule, start_date=start_date,
                                         calendar=calendar_current()).due_date
    deadline.save()
    _audit(deadline, "deadline.start", by, after={
        "rule": rule.code, "start_date": _iso(start_date), "due_date": _iso(deadline.due_date)})
    return deadline


def _locked(deadline: Deadline) -> Deadline:
    # The inspection is joined for the audit row's label only, and not locked: the
    # inspection services lock an inspection before its clocks, never the other way round.
    return (Deadline.objects.select_for_update(of=("self", "rule", "local_area"))
            .select_related("rule", "local_area", "inspection__local_area").get(pk=deadline.pk))


MAX_EXTENSION_WORKING_DAYS = 250


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason"})


def _require_status(deadline: Deadline, allowed: list[str], doing: str) -> None:
    if deadline.status not in allowed:
        raise ValidationError(
            f"This clock is {deadline.get_status_display().lower()}, so it cannot be {doing}")


@transaction.atomic
def deadline_meet(*, deadline: Deadline, met_on: datetime.date, by,
                  met_at: datetime.datetime | None = None) -> Deadline:
    """Record the event that meets the clock: late if after the due date, or, for a clock due
    by a time of day, after that time on the due date. `met_at` is the moment, where it is
    known; `met_on` is then its date in England."""
    if met_at is not None and timezone.localdate(met_at, timezone=ENGLAND) != met_on:
        raise ValueError("met_at must fall on met_on in England")
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED],
                    "met")
    before = {"status": deadline.status}
    deadline.status, deadline.met_on, deadline.met_at = DeadlineStatus.MET, met_on, met_at
    deadline.paused_on = None
    deadline.save(update_fields=["status", "met_on", "met_at", "paused_on"])
    _audit(deadline, "deadline.meet", by, before=before, after={
        "status": DeadlineStatus.MET, "met_on": _iso(met_on),
        # With England's offset, so the trail reads the time as it was in England.
        **({"met_at": met_at.astimezone(ENGLAND).isoformat()} if met_at else {}),
        "late": met_on > deadline.due_date or deadline.met_after_due_time()})
    return deadline


@transaction.atomic
def deadline_reopen(*, deadline: Deadline, by) -> Deadline:
    """Undo the meeting of a clock whose meeting event was reopened (a WSOA's fitness
    decision, say): open again, or missed if its due date has passed."""
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.MET], "reopened")
    before = {"status": deadline.status, "met_on": _iso(deadline.met_on)}
    deadline.status = (DeadlineStatus.MISSED if deadline.due_date < clock.today()
                       else DeadlineStatus.OPEN)
    deadline.met_on = deadline.met_at = None
    deadline.save(update_fields=["status", "met_on", "met_at"])
    _audit(deadline, "deadline.reopen", by, before=before, after={"status": deadline.status})
    return deadline


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, reason: str, by) -> Deadline:
    """Stop a clock that no longer applies (e.g. an inspection withdrawn). The reason is kept
    on the deadline; the audit row names the field."""
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED],
                    "cancelled")
    before = {"status": deadline.status}
    deadline.status, deadline.stop_reason = DeadlineStatus.CANCELLED, reason
    deadline.save(update_fields=["status", "stop_reason"])
    _audit(deadline, "deadline.cancel", by, before=before,
           after={"status": DeadlineStatus.CANCELLED, "fields": ["stop_reason"]})
    return deadline


def _recompute_one(deadline: Deadline, calendar: WorkingDayCalendar) -> datetime.date:
    return deadline_compute(deadline=deadline, calendar=calendar).due_date


def _save_due_date(deadline: Deadline, new_due: datetime.date, action: str, by,
                   extra_before: dict | None = None, extra_after: dict | None = None) -> None:
    before = {"due_date": _iso(deadline.due_date), **(extra_before or {})}
    deadline.due_date = new_due
    deadline.save(update_fields=["due_date"])
    _audit(deadline, action, by, before=before,
           after={"due_date": _iso(new_due), **(extra_after or {})})


@transaction.atomic
def deadline_correct_start(*, deadline: Deadline, start_date: datetime.date, reason: str,
                           by) -> Deadline:
    """Correct the date of the start event; the due date follows.

    The reason is not recorded: the audit trail holds no free text, and the change that
    moved the event (a deferral, new on-site dates) is audited beside it.
    """
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED],
                    "corrected")
    old_start = deadline.start_date
    deadline.start_date = start_date
    deadline.save(update_fields=["start_date"])
    _save_due_date(deadline, _recompute_one(deadline, calendar_current()),
                   "deadline.correct_start", by,
                   extra_before={"start_date": _iso(old_start)},
                   extra_after={"start_date": _iso(start_date)})
    return deadline


@transaction.atomic
def deadline_extend(*, deadline: Deadline, working_days: int, reason: str, by) -> Deadline:
    """Extend a running clock by working days; `by` is who approved it."""
    if not 1 <= working_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError({"working_days": f"Enter a number of working days from 1 to "
                                               f"{MAX_EXTENSION_WORKING_DAYS}"})
    _require_reason(reason)
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED],
                    "extended")
    before = {"extension_working_days": deadline.extension_working_days}
    deadline.extension_working_days += working_days
    deadline.extension_reason = reason
    deadline.extension_approved_by = by
    deadline.save(update_fields=["extension_working_days", "extension_reason",
                                 "extension_approved_by"])
    _save_due_date(deadline, _recompute_one(deadline, calendar_current()), "deadline.extend",
                   by, extra_before=before,
                   extra_after={"extension_working_days": deadline.extension_working_days,
                                "fields": ["extension_reason"]})
    _reopen_if_due_again(deadline)
    return deadline


def _reopen_if_due_again(deadline: Deadline) -> None:
    """A missed clock whose due date has moved to today or later is open again."""
    if deadline.status == DeadlineStatus.MISSED and deadline.due_date >= clock.today():
        deadline.status = DeadlineStatus.OPEN
        deadline.save(update_fields=["status"])


@transaction.atomic
def deadline_pause(*, deadline: Deadline, on: datetime.date, reason: str, by) -> Deadline:
    """Stop the clock from a date; no reminders while paused."""
    _require_reason(reason)
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.OPEN], "paused")
    if on < deadline.start_date:
        raise ValidationError({"on": "A clock cannot be paused before it started"})
    if on > clock.today():
        raise ValidationError({"on": "A pause starts today or on a day already past"})
    deadline.status, deadline.paused_on = DeadlineStatus.PAUSED, on
    deadline.pause_reason, deadline.pause_approved_by = reason, by
    deadline.save(update_fields=["status", "paused_on", "pause_reason", "pause_approved_by"])
    _audit(deadline, "deadline.pause", by, before={"status": DeadlineStatus.OPEN},
           after={"status": DeadlineStatus.PAUSED, "paused_on": _iso(on),
                  "fields": ["pause_reason"]})
    return deadline


@transaction.atomic
def deadline_resume(*, deadline: Deadline, on: datetime.date, by) -> Deadline:
    """Restart a paused clock; the working days it was paused are added to its due date."""
    deadline = _locked(deadline)
    _require_status(deadline, [DeadlineStatus.PAUSED], "resumed")
    if on < deadline.paused_on:
        raise ValidationError({"on": "The clock cannot restart before it was paused"})
    calendar = calendar_current()
    paused_for = calendar.working_days_between(deadline.paused_on, on)
    before = {"status": DeadlineStatus.PAUSED,
              "paused_working_days": deadline.paused_working_days}
    deadline.paused_working_days += paused_for
    deadline.status, deadline.paused_on = DeadlineStatus.OPEN, None
    deadline.save(update_fields=["paused_working_days", "status", "paused_on"])
    _save_due_date(deadline, _recompute_one(deadline, calendar), "deadline.resume", by,
                   extra_before=before,
                   extra_after={"status": DeadlineStatus.OPEN,
                                "paused_working_days": deadline.paused_working_days})
    return deadline


def deadlines_recompute(*, deadlines, by, reason: str,
                        calendar: WorkingDayCalendar | None = None) -> int:
    """Recompute the due dates of the deadlines given; audit each one that moves.

    Call inside the transaction of the change that moved them. `reason` is the service's
    own account of that change (a day closed, a rule changed), recorded on each row: never
    text about a case. Returns how many moved.
    """
    calendar = calendar or calendar_current()
    today = clock.today()
    moved, events = [], []
    for deadline in deadlines.select_related(
            "rule", "local_area", "inspection__local_area").select_for_update(of=("self",)):
        new_due = _recompute_one(deadline, calendar)
        if new_due == deadline.due_date:
            continue
        events.append(_recompute_event(deadline, new_due, by, reason))
        deadline.due_date = new_due
        if deadline.status == DeadlineStatus.MISSED and new_due >= today:
            deadline.status = DeadlineStatus.OPEN
        moved.append(deadline)
    Deadline.objects.bulk_update(moved, ["due_date", "status"], batch_size=500)
    audit_record_many(events)
    return len(moved)


def _recompute_event(deadline: Deadline, new_due: datetime.date, by, reason: str) -> AuditEvent:
    return audit_event(actor=by, action="deadline.recompute", obj=deadline,
                       local_area=deadline.local_area,
                       inspection_id=deadline.inspection_id,
                       before={"due_date": _iso(deadline.due_date)},
                       after={"due_date": _iso(new_due), "reason": Label(reason)})


def _running_across(day: datetime.date):
    """Running clocks whose counting passes over the day, whichever way they count (the
    notification clock counts back from on-site work)."""
    forward = Q(start_date__lte=day, due_date__gte=day)
    backward = Q(due_date__lte=day, start_date__gte=day)
    return Deadline.objects.filter(forward | backward, status__in=[
        DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED])


@transaction.atomic
def non_working_day_add(*, day: datetime.date, reason: str, by) -> tuple[NonWorkingDay, int]:
    """Make a weekday a non-working day; running clocks over it move. Returns (day, moved)."""
    if day.weekday() >= 5:
        raise ValidationError({"day": "That day is a weekend day, which is never a working day"})
    calendar = calendar_current()
    if day in calendar.non_working:
        raise ValidationError({"day": f"That day is already a non-working day "
                                      f"({calendar.non_working[day]})"})
    entry = NonWorkingDay(day=day, reason=reason, added_by=by)
    entry.full_clean()
    entry.save()
    audit_record(actor=by, action="non_working_day.add", obj=entry,
                 after={"day": _iso(day), "reason": Label(reason)})
    moved = deadlines_recompute(deadlines=_running_across(day), by=by,
                                reason=f"{day.isoformat()} became a non-working day: {reason}")
    return entry, moved


@transaction.atomic
def non_working_day_remove(*, entry: NonWorkingDay, by) -> int:
    """Make the day a working day again; running clocks over it move back."""
    day, reason = entry.day, entry.reason
    audit_record(actor=by, action="non_working_day.remove", obj=entry,
                 before={"day": _iso(day), "reason": Label(reason)})
    entry.delete()
    # The day was skipped, so it lies strictly between each affected clock's start and due.
    return deadlines_recompute(deadlines=_running_across(day), by=by,
                               reason=f"{day.isoformat()} is a working day again")


RULE_EDITABLE = ("description", "starts_on", "stops_on", "period_amount", "period_unit",
                 "binds_inspectorates", "binds_local_area", "binds_principal_authority",
                 "binds_dfe", "source", "dfe_can_view")


@dataclass(frozen=True)
class DueDateMove:
    """A running clock whose due date a change would move, from `old` to `new`."""

    deadline: Deadline
    old: datetime.date
    new: datetime.date


def rule_change_preview(*, rule: StatutoryRule, changes: dict) -> list[DueDateMove]:
    """The running clocks whose due dates would move if the rule changed so, soonest due
    first, each with its due date now and after. The new dates are worked out as rule_update
    stores them (deadline_compute on the current calendar). Reads only: nothing changes."""
    proposed = StatutoryRule(**{**{f: getattr(rule, f) for f in RULE_EDITABLE}, **changes})
    calendar = calendar_current()
    moves = []
    for deadline in _running_of(rule).select_related(
            "local_area", "inspection__local_area").order_by("due_date", "id"):
        deadline.rule = proposed
        new_due = _recompute_one(deadline, calendar)
        deadline.rule = rule
        if new_due != deadline.due_date:
            moves.append(DueDateMove(deadline=deadline, old=deadline.due_date, new=new_due))
    return moves


def _running_of(rule: StatutoryRule):
    return Deadline.objects.filter(rule=rule, status__in=[
        DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED])


@transaction.atomic
def rule_update(*, rule: StatutoryRule, by, **changes) -> tuple[StatutoryRule, int]:
    """Change a rule; its running clocks are recomputed. Returns (rule, how many moved)."""
    rule = StatutoryRule.objects.select_for_update().get(pk=rule.pk)
    before = {f: getattr(rule, f) for f in RULE_EDITABLE if f in changes}
    for field, value in changes.items():
        if field not in RULE_EDITABLE:
            raise ValidationError(f"{field} cannot be changed")
        setattr(rule, field, value)
    rule.full_clean()
    rule.save()
    changed = {f: v for f, v in changes.items() if before.get(f) != v}
    audit_record(actor=by, action="rule.update", obj=rule,
                 before={f: _rule_value(before[f]) for f in changed},
                 after={f: _rule_value(v) for f, v in changed.items()})
    moved = deadlines_recompute(deadlines=_running_of(rule), by=by,
                                reason=f"rule {rule.code} changed")
    return rule, moved


def _rule_value(value):
    # A rule's wording is reference data, not case content.
    return Label(value) if isinstance(value, str) else value


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of the user as read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=clock.now())


@transaction.atomic
def deadlines_exported(*, by, filters: dict, rows: int) -> None:
    """Record that `by` exported the list of clocks: which filters, how many rows. The rows
    themselves (areas, dates) are the export's, not the trail's. The local area filter is
    the area's id."""
    area_id = filters.get("local_area")
    area = LocalArea.objects.filter(pk=area_id).first() if area_id else None
    audit_record(actor=by, action="deadlines.exported", local_area=area,
                 after={"rule": filters.get("rule") or None,
                        "region": filters.get("region") or None,
                        "local_area": area.pk if area else None,
                        "status": filters.get("status") or None, "rows": rows})
