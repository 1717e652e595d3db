"""The inspection's main line, from planning to closed (see the Inspection docstring)."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import Label, audit_record, text_fields
from deadlines import services as clocks
from deadlines.arithmetic import weekday_date
from deadlines.calendar import WorkingDayCalendar
from deadlines.models import RUNNING, Deadline, DeadlineStatus
from deadlines.selectors import (
    calendar_current,
    deadline_for_case,
    deadlines_running_for_case,
    rule_codes_applying,
)
from inspections.models import (
    BEFORE_NOTIFICATION,
    FRAMEWORKS_2023,
    Framework,
    Inspection,
    Outcome,
    State,
)
from inspections.services.common import (
    STALE_MESSAGE,
    StaleEdit,
    audit_transition,
    iso,
    locked,
    require_state,
    save_with_version,
)
from inspections.transitions import LIFECYCLE, NOTIFICATION_RULES, ON_SCHEDULING, Step
from policy import inspections as policy
from reports.models import LetterState, OutcomeLetter

__all__ = ["StaleEdit"]

# From which states each step along the main line may be taken, as the lifecycle table says.
# Who may take it is the policy's rule of the same name (policy.inspections.RULES). The
# services enforce both; the pages read both to offer only the steps a user can take.
STEPS: dict[str, frozenset[str]] = {name: step.from_states for name, step in LIFECYCLE.items()}

ONSITE_START_TIME = datetime.time(9, 0)
NOTIFICATION_CALL_HOURS = (datetime.time(9, 0), datetime.time(10, 0))
NOTICE_WORKING_DAYS = 5


# Clocks ---------------------------------------------------------------------------------------

def _clock(inspection: Inspection, rule_code: str) -> Deadline | None:
    return deadline_for_case(inspection=inspection, rule_code=rule_code)


def _start_clock(inspection: Inspection, rule_code: str, start: datetime.date, by) -> None:
    clocks.deadline_start(rule_code=rule_code, inspection=inspection, start_date=start, by=by)


def _meet_clock(inspection: Inspection, rule_code: str, on: datetime.date, by) -> None:
    deadline = _clock(inspection, rule_code)
    if deadline is not None and deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED,
                                                    DeadlineStatus.PAUSED):
        clocks.deadline_meet(deadline=deadline, met_on=on, by=by)


def cancel_running_clocks(inspection: Inspection, reason: str, by) -> None:
    for deadline in deadlines_running_for_case(inspection=inspection):
        clocks.deadline_cancel(deadline=deadline, reason=reason, by=by)


# Creating and editing ---------------------------------------------------------------------------

def check_onsite_dates(start: datetime.date, end: datetime.date,
                       framework: str = "") -> None:
    if framework in FRAMEWORKS_2023:
        check_fieldwork_2023(start, end, calendar_current())
        return
    if end < start:
        raise ValidationError({"onsite_end": "The last day on site must be the same as or "
                                             "after the first day"})
    if start.weekday() >= 5:
        raise ValidationError({"onsite_start": "On-site work starts on a weekday"})
    if calendar_current().working_days_between(start, end) > 4:
        raise ValidationError({"onsite_end": "On-site work is normally no longer than 5 "
                                             "working days"})


# Barnet paper, para 1.11: "Inspections will be 3 weeks"; Annex A: "Week 1, Monday".
FIELDWORK_WEEKS_2023 = 3


def check_fieldwork_2023(start: datetime.date, end: datetime.date,
                         calendar: WorkingDayCalendar) -> None:
    """A 2023 inspection's dates are its fieldwork: from its first day, the Monday of week 1,
    when the area is notified (the Tuesday when that Monday is a bank holiday or another
    non-working day), to the Friday of week 3 at the latest (docs/decisions/0020)."""
    if end < start:
        raise ValidationError({"onsite_end": "The last day of fieldwork must be the same as or "
                                             "after the first day"})
    monday = start - datetime.timedelta(days=start.weekday())
    first = calendar.next_working_day_on_or_after(monday)
    if start != first:
        closed = "" if first == monday else (
            f" ({weekday_date(monday)} is not a working day, so week 1 starts on "
            f"{weekday_date(first)})")
        raise ValidationError({"onsite_start": (
            f"Under the 2023 framework the inspection starts on the Monday of week 1, the day "
            f"the local area is notified: enter {weekday_date(first)} or another week's "
            f"Monday{closed}")})
    last = monday + datetime.timedelta(weeks=FIELDWORK_WEEKS_2023 - 1, days=4)
    if end > last:
        raise ValidationError({"onsite_end": (
            f"Under the 2023 framework an inspection lasts up to three weeks: the last day "
            f"can be no later than the Friday of week 3, {weekday_date(last)}")})


@transaction.atomic
def inspection_create(*, by, local_area, framework: str, onsite_start: datetime.date,
                      onsite_end: datetime.date, reference: str = "") -> Inspection:
    """Schedule an inspection; its notification clock starts counting back from day 1."""
    policy.require_generally(by, "schedule")
    check_onsite_dates(onsite_start, onsite_end, framework)
    if not local_area.is_current(onsite_start):
        raise ValidationError({"local_area": f"{local_area.name} did not exist on "
                                             f"{onsite_start:%d %B %Y}"})
    inspection = Inspection(
        local_area=local_area, framework=framework, onsite_start=onsite_start,
        onsite_end=onsite_end,
        reference=reference or f"SEND-{local_area.ons_code}-{onsite_start:%Y%m%d}")
    inspection.full_clean()
    inspection.save()
    audit_record(actor=by, action="inspection.create", obj=inspection, local_area=local_area,
                 after={"reference": Label(inspection.reference), "framework": framework,
                        "onsite_start": iso(onsite_start), "onsite_end": iso(onsite_end)})
    _start_clocks(inspection, ON_SCHEDULING, by)
    return inspection


EDITABLE = ("framework", "onsite_start", "onsite_end", "reference")


@transaction.atomic
def inspection_update(*, inspection: Inspection, by, expected_version: int,
                      **changes) -> Inspection:
    """Change an inspection's details, refusing if someone else saved it since
    `expected_version`. Dates can change only before notification."""
    inspection = locked(inspection)
    policy.require(by, inspection, "change")
    if inspection.version != expected_version:
        raise StaleEdit(STALE_MESSAGE)
    before = {field: getattr(inspection, field) for field in EDITABLE}
    for field, value in changes.items():
        if field not in EDITABLE:
            raise ValidationError(f"{field} cannot be changed here")
        setattr(inspection, field, value)
    changed = [f for f in EDITABLE if getattr(inspection, f) != before[f]]
    if not changed:
        return inspection
    moves_dates = {"onsite_start", "onsite_end"} & set(changed)
    if moves_dates and inspection.state not in BEFORE_NOTIFICATION:
        raise ValidationError({"onsite_start": "On-site dates can change only before "
                                               "notification; after it, use a deferral"})
    check_onsite_dates(inspection.onsite_start, inspection.onsite_end, inspection.framework)
    inspection.full_clean()
    save_with_version(inspection, changed, expected_version)
    audit_record(actor=by, action="inspection.update", obj=inspection,
                 local_area=inspection.local_area,
                 before={f: _plain(before[f]) for f in changed},
                 after={**{f: _plain(getattr(inspection, f)) for f in changed},
                        "version": inspection.version})
    if "onsite_start" in changed:
        notification_clock_follow(inspection, by, "on-site dates changed")
    elif "framework" in changed and inspection.state in BEFORE_NOTIFICATION:
        notification_clock_follow(inspection, by, "framework changed")
    return inspection


def _plain(value):
    # The editable fields are dates, codes and the reference, none of them case text.
    if isinstance(value, datetime.date):
        return value.isoformat()
    return Label(value) if isinstance(value, str) else value


def notification_clock_follow(inspection: Inspection, by, reason: str) -> None:
    """The notification clock follows new dates, or a new framework: the running clock of
    the framework's notification rule counts from the new first day; one of the other
    framework's is cancelled and the right one started."""
    wanted = rule_codes_applying(codes=NOTIFICATION_RULES, inspection=inspection)
    started = False
    for rule_code in NOTIFICATION_RULES:
        deadline = _clock(inspection, rule_code)
        running = deadline is not None and deadline.status in RUNNING + [DeadlineStatus.MISSED]
        if running and rule_code not in wanted:
            clocks.deadline_cancel(deadline=deadline, reason=reason, by=by)
        elif running:
            clocks.deadline_correct_start(deadline=deadline,
                                          start_date=inspection.onsite_start,
                                          reason=reason, by=by)
            started = True
    if not started:
        _start_clocks(inspection, ON_SCHEDULING, by)


# The main line -----------------------------------------------------------------------------------

def notification_warnings(*, inspection: Inspection, called_at: datetime.datetime) -> list[str]:
    """What is unusual about a notification call: under the 2016 framework, short notice or
    a call outside 9 to 10am (handbook para 17); under the 2023 framework, a call before the
    inspection's first day, the Monday of week 1 (Annex A)."""
    if inspection.is_2023:
        return _notification_warnings_2023(inspection=inspection, called_at=called_at)
    warnings = []
    local = timezone.localtime(called_at)
    notice = calendar_current().working_days_between(local.date(), inspection.onsite_start)
    if notice < NOTICE_WORKING_DAYS:
        warnings.append(f"The call was {notice} working day{'s' if notice != 1 else ''} "
                        f"before on-site work starts: the handbook expects "
                        f"{NOTICE_WORKING_DAYS} (para 17)")
    start, end = NOTIFICATION_CALL_HOURS
    if not start <= local.time() <= end:
        warnings.append(f"The call was at {local:%H:%M}: notification calls are normally made "
                        f"between 9am and 10am (para 17)")
    return warnings


def _notification_warnings_2023(*, inspection: Inspection,
                                called_at: datetime.datetime) -> list[str]:
    call_day = timezone.localdate(called_at)
    if call_day == inspection.onsite_start:
        return []
    return [f"The call was on {weekday_date(call_day)}: under the 2023 framework the local "
            f"area is notified on the inspection's first day, the Monday of week 1, "
            f"{weekday_date(inspection.onsite_start)} (Annex A). The information it asks for "
            f"is due counting from the call"]


def notification_call_refusal(*, inspection: Inspection, call_day: datetime.date) -> str:
    """Why a notification call on that day cannot be recorded, or blank: under the 2016
    framework it comes before on-site work starts; under the 2023 framework, on or before
    the inspection's first day, when the local area is notified."""
    if inspection.is_2023:
        if call_day > inspection.onsite_start:
            return ("The notification call must be on or before the inspection's first day, "
                    f"{weekday_date(inspection.onsite_start)}, the Monday of week 1")
        return ""
    if call_day >= inspection.onsite_start:
        return "The notification call must be before on-site work starts"
    return ""


@transaction.atomic
def inspection_notify(*, inspection: Inspection, by, called_at: datetime.datetime,
                      person_called: str, person_called_role: str, lano,
                      cqc_called_at: datetime.datetime | None = None,
                      cqc_person_called: str = "",
                      confirmation_email_on: datetime.date | None = None) -> list[str]:
    """Record the notification call; the local area can now see the inspection.

    Returns warnings (short notice, call outside 9 to 10am); they do not stop the record.
    """
    from inspections.models import NotificationCall

    call_day = timezone.localdate(called_at)
    warnings: list[str] = []

    def before_day_1_and_lano_of_the_area(fresh: Inspection) -> None:
        if refusal := notification_call_refusal(inspection=fresh, call_day=call_day):
            raise ValidationError({"called_at": refusal})
        if lano is not None and lano.local_area_id != fresh.local_area_id:
            raise ValidationError({"lano": "The LANO must act for the area being inspected"})
        warnings.extend(notification_warnings(inspection=fresh, called_at=called_at))

    inspection = take_step("notify", inspection=inspection, by=by, on=call_day,
                           check=before_day_1_and_lano_of_the_area, also={"lano": lano},
                           audit_extra=lambda: {
                               "lano": lano.pk if lano else None, "warnings": len(warnings),
                               "fields": text_fields(person_called=person_called,
                                                     person_called_role=person_called_role,
                                                     cqc_person_called=cqc_person_called)})
    NotificationCall.objects.update_or_create(inspection=inspection, defaults={
        "called_at": called_at, "person_called": person_called,
        "person_called_role": person_called_role, "cqc_called_at": cqc_called_at,
        "cqc_person_called": cqc_person_called, "confirmation_email_on": confirmation_email_on,
        "recorded_by": by, "warnings": warnings})
    return warnings


@transaction.atomic
def take_step(name: str, *, inspection: Inspection, by, on: datetime.date | None = None,
              check: Callable[[Inspection], None] | None = None, also: dict | None = None,
              audit_extra: Callable[[], dict] | None = None, reason: str = "") -> Inspection:
    """Take the step `name` as the lifecycle table (inspections.transitions.LIFECYCLE) says.

    On the locked, fresh row: refuses with PermissionDenied unless the policy lets `by` take
    the step, and with ValidationError if the inspection is in none of the step's from-states
    or if `check` raises it. Then sets the step's to-state, its dated field to `on` and the
    fields in `also`, saves with a new version and audits (the date, plus `audit_extra()`:
    never free text). Last, in the same transaction, it meets, cancels (giving `reason`) and
    starts the clocks the table lists. Returns the inspection as saved.
    """
    step = LIFECYCLE[name]
    inspection = locked(inspection)
    policy.require(by, inspection, name)
    require_state(inspection=inspection, allowed=step.from_states,
                  doing=policy.RULES[name].doing)
    if check is not None:
        check(inspection)
    before = inspection.state
    changes = {**({"state": step.to_state} if step.to_state else {}),
               **({step.records: on} if step.records else {}), **(also or {})}
    for field, value in changes.items():
        setattr(inspection, field, value)
    save_with_version(inspection, list(changes))
    extra = {**({step.records: iso(on)} if step.records else {}),
             **(audit_extra() if audit_extra else {})}
    if step.to_state:
        audit_transition(inspection, by, step.audited_as, before, extra)
    else:
        audit_record(actor=by, action=f"inspection.{step.audited_as}", obj=inspection,
                     local_area=inspection.local_area,
                     after={**extra, "version": inspection.version})
    clocks_follow(step, inspection, by, on, reason=reason)
    return inspection


def clocks_follow(step: Step, inspection: Inspection, by, on: datetime.date | None, *,
                  reason: str = "", subject=None) -> None:
    """Meet, cancel and start the inspection's clocks as `step` says. The clocks it starts
    count from a date field of `subject`: the inspection, or the letter whose step it is."""
    for rule_code in step.meets:
        _meet_clock(inspection, rule_code, on, by)
    if step.cancels_running:
        cancel_running_clocks(inspection, f"{step.cancels_running}: {reason}", by)
    _start_clocks(inspection, step.clocks_started(inspection), by, subject=subject)


def _start_clocks(inspection: Inspection, starts, by, subject=None) -> None:
    """Start the clocks named whose rules are of the inspection's framework."""
    if not starts:
        return
    applying = rule_codes_applying(codes=[start.rule_code for start in starts],
                                   inspection=inspection)
    for start in starts:
        if start.rule_code in applying:
            _start_clock(inspection, start.rule_code,
                         getattr(subject or inspection, start.counts_from), by)


def _not_before(field: str, label: str, on: datetime.date):
    """A check that `on` is not before the date already recorded in `field`."""
    def check(inspection: Inspection) -> None:
        earlier = getattr(inspection, field)
        if earlier is not None and on < earlier:
            raise ValidationError({"on": f"The date cannot be before {label}, "
                                         f"{earlier.day} {earlier:%B %Y}"})
    return check


@transaction.atomic
def inspection_start_onsite(*, inspection: Inspection, by,
                            when: datetime.datetime) -> Inspection:
    """On-site work begins: never before 9am on day 1."""
    local = timezone.localtime(when)

    def not_before_9am_on_day_1(fresh: Inspection) -> None:
        if (local.date(), local.time()) < (fresh.onsite_start, ONSITE_START_TIME):
            raise ValidationError(f"On-site work cannot start before 9am on "
                                  f"{fresh.onsite_start:%A %d %B %Y}")

    return take_step("start_onsite", inspection=inspection, by=by,
                     check=not_before_9am_on_day_1)


@transaction.atomic
def inspection_give_feedback(*, inspection: Inspection, by,
                             on: datetime.date) -> Inspection:
    """The final feedback meeting is held; the report clocks start from the last day on site."""
    return take_step("give_feedback", inspection=inspection, by=by, on=on,
                     check=_not_before("onsite_start", "the first day on site", on))


@transaction.atomic
def inspection_record_outcome(*, inspection: Inspection, by, outcome: int) -> Inspection:
    """The 2023 framework's outcome, decided at the end of the inspection."""
    inspection = locked(inspection)
    policy.require(by, inspection, "record_outcome")
    if not inspection.is_2023:
        raise ValidationError("Only inspections under the 2023 framework have an outcome")
    require_state(inspection=inspection, allowed={State.FEEDBACK_GIVEN, State.REPORTING},
                  doing="record the outcome")
    before = inspection.outcome
    inspection.outcome = Outcome(outcome)
    save_with_version(inspection, ["outcome"])
    audit_record(actor=by, action="inspection.outcome", obj=inspection,
                 local_area=inspection.local_area, before={"outcome": before},
                 after={"outcome": int(outcome), "version": inspection.version})
    return inspection


@transaction.atomic
def inspection_publish(*, inspection: Inspection, by, on: datetime.date) -> Inspection:
    """Publication: its clock is met, and the long-range clocks of the 2023 framework start."""

    def ready_to_publish(fresh: Inspection) -> None:
        letter = OutcomeLetter.objects.filter(inspection=fresh).first()
        if letter is None or letter.state != LetterState.FINAL_ISSUED:
            state = letter.get_state_display().lower() if letter else "not started"
            raise ValidationError(f"You cannot publish the report while the letter is "
                                  f"'{state}': the final report is issued first")
        if on < letter.final_issued_on:
            raise ValidationError({"on": f"The date cannot be before the final report was "
                                         f"issued, {letter.final_issued_on.day} "
                                         f"{letter.final_issued_on:%B %Y}"})
        if fresh.framework == Framework.AREA_SEND_2023 and fresh.outcome is None:
            raise ValidationError("Record the outcome (1, 2 or 3) before publishing")

    return take_step("publish", inspection=inspection, by=by, on=on, check=ready_to_publish)


@transaction.atomic
def inspection_close(*, inspection: Inspection, by, on: datetime.date) -> Inspection:
    """Close a published inspection: refused while any concern or complaint is open."""
    def check(inspection: Inspection) -> None:
        _not_before("published_on", "publication", on)(inspection)
        refusal = close_refusal(inspection)
        if refusal:
            raise ValidationError(refusal)
    return take_step("close", inspection=inspection, by=by, on=on, check=check)


def concern_name(concern) -> str:
    """'possible safeguarding concern', 'concern' or 'complaint'."""
    if concern.safeguarding:
        return "possible safeguarding concern"
    return concern.get_kind_display().lower()


def close_refusal(inspection: Inspection) -> str:
    """Why the inspection cannot close yet, in words; blank if it can. Open concerns and
    complaints must be resolved first, possible safeguarding concerns above all. The close
    confirmation page says this before anyone tries (it reads the prefetched concerns)."""
    open_ = sorted((c for c in inspection.concerns.all() if c.resolved_on is None),
                   key=lambda c: (not c.safeguarding, c.raised_on, c.pk))
    if not open_:
        return ""
    listed = "; ".join(f"the {concern_name(c)} raised on {c.raised_on.day} {c.raised_on:%B %Y}"
                       for c in open_)
    what = ("a concern or complaint is" if len(open_) == 1
            else f"{len(open_)} concerns or complaints are")
    them = "it" if len(open_) == 1 else "them"
    return (f"You cannot close the inspection while {what} open. Resolve {them} first: "
            f"{listed}.")


@transaction.atomic
def inspection_withdraw(*, inspection: Inspection, by, reason: str) -> Inspection:
    """Stop an inspection before publication; its running clocks are cancelled."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the inspection"})
    # The reason is kept on the inspection, not in the audit row: it is free text.
    return take_step("withdraw", inspection=inspection, by=by,
                     also={"withdrawn_reason": reason}, reason=reason)
