"""The inspection's main line, from planning to closed (see the Inspection docstring)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import Label, audit_record, text_fields
from deadlines import services as clocks
from deadlines.models import RUNNING, Deadline, DeadlineStatus
from deadlines.selectors import calendar_current, deadline_for_case, deadlines_running_for_case
from inspections.models import BEFORE_NOTIFICATION, Framework, Inspection, Outcome, State
from inspections.services.common import (
    ALL_BEFORE_PUBLISHED,
    STALE_MESSAGE,
    StaleEdit,
    audit_transition,
    iso,
    locked,
    require_state,
    save_with_version,
)
from policy import inspections as policy

__all__ = ["StaleEdit"]

# From which states each step along the main line may be taken. Who may take it is the
# policy's rule of the same name (policy.inspections.RULES). The services enforce both; the
# pages read both to offer only the steps a user can take.
STEPS: dict[str, frozenset[str]] = {
    "notify": frozenset({State.PLANNING}),
    "start_onsite": frozenset({State.NOTIFIED}),
    "give_feedback": frozenset({State.ON_SITE}),
    "start_drafting": frozenset({State.FEEDBACK_GIVEN}),
    "submit_for_qa": frozenset({State.DRAFTING}),
    "send_draft": frozenset({State.QUALITY_ASSURANCE}),
    "comments_received": frozenset({State.DRAFT_WITH_LOCAL_AREA}),
    "issue_final": frozenset({State.DRAFT_WITH_LOCAL_AREA}),
    "publish": frozenset({State.FINAL_ISSUED}),
    "close": frozenset({State.PUBLISHED}),
    "withdraw": frozenset(ALL_BEFORE_PUBLISHED),
}

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

def check_onsite_dates(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError({"onsite_end": "The last day on site must be the same as or "
                                             "after the first day"})
    if start.weekday() >= 5:
        raise ValidationError({"onsite_start": "On-site work starts on a weekday"})
    if calendar_current().working_days_between(start, end) > 4:
        raise ValidationError({"onsite_end": "On-site work is normally no longer than 5 "
                                             "working days"})


@transaction.atomic
def inspection_create(*, by, local_area, framework: str, onsite_start: datetime.date,
                      onsite_end: datetime.date, reference: str = "") -> Inspection:
    """Schedule an inspection; its notification clock starts counting back from day 1."""
    policy.require_generally(by, "schedule")
    check_onsite_dates(onsite_start, onsite_end)
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
    _start_clock(inspection, "notification", onsite_start, by)
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
    check_onsite_dates(inspection.onsite_start, inspection.onsite_end)
    inspection.full_clean()
    save_with_version(inspection, changed, expected_version)
    audit_record(actor=by, action="inspection.update", obj=inspection,
                 local_area=inspection.local_area,
                 before={f: _plain(before[f]) for f in changed},
                 after={**{f: _plain(getattr(inspection, f)) for f in changed},
                        "version": inspection.version})
    if "onsite_start" in changed:
        notification_clock_follow(inspection, by, "on-site dates changed")
    return inspection


def _plain(value):
    # The editable fields are dates, codes and the reference, none of them case text.
    if isinstance(value, datetime.date):
        return value.isoformat()
    return Label(value) if isinstance(value, str) else value


def notification_clock_follow(inspection: Inspection, by, reason: str) -> None:
    deadline = _clock(inspection, "notification")
    if deadline is not None and deadline.status in RUNNING + [DeadlineStatus.MISSED]:
        clocks.deadline_correct_start(deadline=deadline, start_date=inspection.onsite_start,
                                      reason=reason, by=by)
    elif deadline is None or deadline.status in (DeadlineStatus.MET, DeadlineStatus.CANCELLED):
        _start_clock(inspection, "notification", inspection.onsite_start, by)


# The main line -----------------------------------------------------------------------------------

def notification_warnings(*, inspection: Inspection, called_at: datetime.datetime) -> list[str]:
    """What is unusual about a notification call: short notice, or outside 9 to 10am."""
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

    inspection = locked(inspection)
    policy.require(by, inspection, "notify")
    require_state(inspection=inspection, allowed=STEPS["notify"],
                  doing="record the notification")
    call_day = timezone.localdate(called_at)
    if call_day >= inspection.onsite_start:
        raise ValidationError({"called_at": "The notification call must be before on-site "
                                            "work starts"})
    if lano is not None and lano.local_area_id != inspection.local_area_id:
        raise ValidationError({"lano": "The LANO must act for the area being inspected"})
    warnings = notification_warnings(inspection=inspection, called_at=called_at)
    NotificationCall.objects.update_or_create(inspection=inspection, defaults={
        "called_at": called_at, "person_called": person_called,
        "person_called_role": person_called_role, "cqc_called_at": cqc_called_at,
        "cqc_person_called": cqc_person_called, "confirmation_email_on": confirmation_email_on,
        "recorded_by": by, "warnings": warnings})
    before = inspection.state
    inspection.state, inspection.notified_on, inspection.lano = State.NOTIFIED, call_day, lano
    save_with_version(inspection, ["state", "notified_on", "lano"])
    audit_transition(inspection, by, "notify", before, {
        "notified_on": iso(call_day), "lano": lano.pk if lano else None,
        "warnings": len(warnings),
        "fields": text_fields(person_called=person_called,
                              person_called_role=person_called_role,
                              cqc_person_called=cqc_person_called)})
    _meet_clock(inspection, "notification", call_day, by)
    return warnings


def _advance(inspection: Inspection, *, by, step: str, to_state: str, doing: str,
             dates: dict | None = None, check=None) -> Inspection:
    """Move the inspection to `to_state`. `check` runs on the locked, fresh row, after the
    actor and state checks, and raises ValidationError to refuse."""
    inspection = locked(inspection)
    policy.require(by, inspection, step)
    require_state(inspection=inspection, allowed=STEPS[step], doing=doing)
    if check is not None:
        check(inspection)
    before = inspection.state
    inspection.state = to_state
    for field, value in (dates or {}).items():
        setattr(inspection, field, value)
    save_with_version(inspection, ["state", *(dates or {})])
    audit_transition(inspection, by, step, before,
                     {field: iso(value) for field, value in (dates or {}).items()})
    return inspection


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

    return _advance(inspection, by=by, to_state=State.ON_SITE,
                    doing="start on-site work", step="start_onsite",
                    check=not_before_9am_on_day_1)


@transaction.atomic
def inspection_give_feedback(*, inspection: Inspection, by,
                             on: datetime.date) -> Inspection:
    """The final feedback meeting is held; the report clocks start from the last day on site."""
    inspection = _advance(inspection, by=by, to_state=State.FEEDBACK_GIVEN,
                          doing="record that feedback was given", step="give_feedback",
                          dates={"feedback_on": on},
                          check=_not_before("onsite_start", "the first day on site", on))
    _start_clock(inspection, "final_report", inspection.onsite_end, by)
    _start_clock(inspection, "publication", inspection.onsite_end, by)
    return inspection


@transaction.atomic
def inspection_start_drafting(*, inspection: Inspection, by) -> Inspection:
    return _advance(inspection, by=by, to_state=State.DRAFTING,
                    doing="start drafting the letter", step="start_drafting")


@transaction.atomic
def inspection_submit_for_qa(*, inspection: Inspection, by) -> Inspection:
    return _advance(inspection, by=by, to_state=State.QUALITY_ASSURANCE,
                    doing="submit the draft for quality assurance", step="submit_for_qa")


@transaction.atomic
def inspection_send_draft(*, inspection: Inspection, by, on: datetime.date) -> Inspection:
    """QA passes the draft, which goes to the area, restricted; their 10 days start."""
    inspection = _advance(inspection, by=by, to_state=State.DRAFT_WITH_LOCAL_AREA,
                          doing="send the draft to the local area", step="send_draft",
                          dates={"draft_sent_on": on},
                          check=_not_before("feedback_on", "the feedback meeting", on))
    _start_clock(inspection, "factual_accuracy", on, by)
    return inspection


@transaction.atomic
def inspection_record_comments_received(*, inspection: Inspection, by,
                                        on: datetime.date) -> Inspection:
    inspection = locked(inspection)
    policy.require(by, inspection, "comments_received")
    require_state(inspection=inspection, allowed=STEPS["comments_received"],
                  doing="record the area's comments")
    _not_before("draft_sent_on", "the draft was sent", on)(inspection)
    inspection.comments_received_on = on
    save_with_version(inspection, ["comments_received_on"])
    audit_record(actor=by, action="inspection.comments_received", obj=inspection,
                 local_area=inspection.local_area,
                 after={"comments_received_on": iso(on), "version": inspection.version})
    _meet_clock(inspection, "factual_accuracy", on, by)
    return inspection


@transaction.atomic
def inspection_issue_final(*, inspection: Inspection, by, on: datetime.date) -> Inspection:
    """The final report goes to the area: after their comments, or once their time is up."""

    def comments_in_or_time_up(fresh: Inspection) -> None:
        _not_before("draft_sent_on", "the draft was sent", on)(fresh)
        comments_clock = _clock(fresh, "factual_accuracy")
        if (fresh.comments_received_on is None and comments_clock is not None
                and comments_clock.due_date >= on):
            raise ValidationError(f"The local area has until "
                                  f"{comments_clock.due_date:%d %B %Y} to comment on the "
                                  f"draft; record their comments first")

    inspection = _advance(inspection, by=by, to_state=State.FINAL_ISSUED,
                          doing="issue the final report", step="issue_final",
                          dates={"final_issued_on": on},
                          check=comments_in_or_time_up)
    _meet_clock(inspection, "final_report", on, by)
    return inspection


@transaction.atomic
def inspection_record_outcome(*, inspection: Inspection, by, outcome: int) -> Inspection:
    """The 2023 framework's outcome, decided at the end of the inspection."""
    inspection = locked(inspection)
    policy.require(by, inspection, "record_outcome")
    if not inspection.is_2023:
        raise ValidationError("Only inspections under the 2023 framework have an outcome")
    require_state(inspection=inspection, allowed={
        State.FEEDBACK_GIVEN, State.DRAFTING, State.QUALITY_ASSURANCE,
        State.DRAFT_WITH_LOCAL_AREA, State.FINAL_ISSUED}, doing="record the outcome")
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
        _not_before("final_issued_on", "the final report was issued", on)(fresh)
        if fresh.framework == Framework.AREA_SEND_2023 and fresh.outcome is None:
            raise ValidationError("Record the outcome (1, 2 or 3) before publishing")

    inspection = _advance(inspection, by=by, to_state=State.PUBLISHED,
                          doing="publish the report", step="publish",
                          dates={"published_on": on}, check=ready_to_publish)
    _meet_clock(inspection, "publication", on, by)
    if inspection.framework == Framework.AREA_SEND_2023:
        _start_clock(inspection, f"next_full_inspection_{inspection.outcome}", on, by)
        if inspection.outcome == Outcome.SYSTEMIC_FAILINGS:
            _start_clock(inspection, "monitoring_inspection", on, by)
    return inspection


@transaction.atomic
def inspection_close(*, inspection: Inspection, by, on: datetime.date) -> Inspection:
    return _advance(inspection, by=by, to_state=State.CLOSED, doing="close the inspection",
                    step="close", dates={"closed_on": on},
                    check=_not_before("published_on", "publication", on))


@transaction.atomic
def inspection_withdraw(*, inspection: Inspection, by, reason: str) -> Inspection:
    """Stop an inspection before publication; its running clocks are cancelled."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the inspection"})
    inspection = _advance(inspection, by=by, to_state=State.WITHDRAWN,
                          doing="withdraw the inspection", step="withdraw")
    inspection.withdrawn_reason = reason
    Inspection.objects.filter(pk=inspection.pk).update(withdrawn_reason=reason)
    cancel_running_clocks(inspection, f"inspection withdrawn: {reason}", by)
    return inspection
