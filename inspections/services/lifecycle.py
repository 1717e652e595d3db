"""The inspection's main line, from planning to closed (see the Inspection docstring)."""

import datetime
from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record, text_fields
from deadlines import services as clocks
from deadlines.arithmetic import weekday_date
from deadlines.models import RUNNING, Deadline, DeadlineStatus
from deadlines.selectors import (
    calendar_current,
    deadline_for_case,
    deadlines_running_for_case,
    rule_codes_applying,
)
from inspections import dates
from inspections.models import Framework, Inspection, Outcome, State
from inspections.services.common import (
    StaleEdit,
    audit_transition,
    iso,
    locked,
    require_state,
    save_with_version,
)
from inspections.services.notification import (
    HealthLeaderCalled,
    calls_record,
    health_call_texts,
    health_calls_check,
    lano_call_check,
)
from inspections.transitions import LIFECYCLE, NOTIFICATION_RULES, ON_SCHEDULING, Step
from policy import inspections as policy
from reports.accuracy import unanswered_refusal
from reports.copies import copies_record_statutory
from reports.models import LetterState, OutcomeLetter
from reports.selectors import quality_assurance_refusal
from reports.tasks import render_letter

__all__ = ["StaleEdit"]

# From which states each step along the main line may be taken, as the lifecycle table says.
# Who may take it is the policy's rule of the same name (policy.inspections.RULES). The
# services enforce both; the pages read both to offer only the steps a user can take.
STEPS: dict[str, frozenset[str]] = {name: step.from_states for name, step in LIFECYCLE.items()}

NOTIFICATION_CALL_HOURS = (datetime.time(9, 0), datetime.time(10, 0))
NOTICE_WORKING_DAYS = 5


# Clocks ---------------------------------------------------------------------------------------

def clock_of(inspection: Inspection, rule_code: str) -> Deadline | None:
    return deadline_for_case(inspection=inspection, rule_code=rule_code)


def _start_clock(inspection: Inspection, rule_code: str, start: datetime.date, by) -> None:
    clocks.deadline_start(rule_code=rule_code, inspection=inspection, start_date=start, by=by)


def _meet_clock(inspection: Inspection, rule_code: str, on: datetime.date, by) -> None:
    deadline = clock_of(inspection, rule_code)
    if deadline is not None and deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED,
                                                    DeadlineStatus.PAUSED):
        clocks.deadline_meet(deadline=deadline, met_on=on, by=by)


def cancel_running_clocks(inspection: Inspection, reason: str, by) -> None:
    for deadline in deadlines_running_for_case(inspection=inspection):
        clocks.deadline_cancel(deadline=deadline, reason=reason, by=by)


def notification_clock_follow(inspection: Inspection, by, reason: str) -> None:
    """The notification clock follows new dates, or a new framework: the running clock of
    the framework's notification rule counts from the new first day; one of the other
    framework's is cancelled and the right one started."""
    wanted = rule_codes_applying(codes=NOTIFICATION_RULES, inspection=inspection)
    started = False
    for rule_code in NOTIFICATION_RULES:
        deadline = clock_of(inspection, rule_code)
        running = deadline is not None and deadline.status in RUNNING + [DeadlineStatus.MISSED]
        if running and rule_code not in wanted:
            clocks.deadline_cancel(deadline=deadline, reason=reason, by=by)
        elif running:
            clocks.deadline_correct_start(deadline=deadline,
                                          start_date=inspection.onsite_start,
                                          reason=reason, by=by)
            started = True
    if not started:
        start_clocks(inspection, ON_SCHEDULING, by)


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


@transaction.atomic
def inspection_notify(*, inspection: Inspection, by, called_at: datetime.datetime,
                      person_called: str, person_called_role: str, lano,
                      health_calls: Sequence[HealthLeaderCalled] = (),
                      lano_called_at: datetime.datetime | None = None,
                      lano_call_team: Sequence = (),
                      confirmation_email_on: datetime.date | None = None) -> list[str]:
    """Record the notification call; the local area can now see the inspection. With it,
    CQC's calls to the CCG or ICB chief executives (none, one or several) and the joint call
    with the LANO and who from the team took part (inspections.services.notification).

    Returns warnings (short notice, call outside 9 to 10am); they do not stop the record.
    """
    from inspections.models import NotificationCall

    call_day = timezone.localdate(called_at)
    warnings: list[str] = []
    health_calls, lano_call_team = list(health_calls), list(lano_call_team)

    def true_dates_and_lano_of_the_area(fresh: Inspection) -> None:
        # Made by now and before day 1; the email after the call.
        dates.notification_call(fresh).check_moment(called_at)
        dates.confirmation_email(call_day=call_day).check(confirmation_email_on)
        if lano is not None and lano.local_area_id != fresh.local_area_id:
            raise ValidationError({"lano": "The LANO must act for the area being inspected"})
        health_calls_check(inspection=fresh, calls=health_calls, after=called_at)
        lano_call_check(inspection=fresh, called_at=lano_called_at, team=lano_call_team,
                        after=called_at)
        warnings.extend(notification_warnings(inspection=fresh, called_at=called_at))

    inspection = take_step("notify", inspection=inspection, by=by, on=call_day,
                           check=true_dates_and_lano_of_the_area, also={"lano": lano},
                           audit_extra=lambda: {
                               "lano": lano.pk if lano else None, "warnings": len(warnings),
                               "health_calls": len(health_calls),
                               "lano_called_at": lano_called_at,
                               "lano_call_team": sorted(user.username
                                                        for user in lano_call_team),
                               "fields": text_fields(
                                   person_called=person_called,
                                   person_called_role=person_called_role,
                                   **health_call_texts(health_calls))})
    notification_call, _ = NotificationCall.objects.update_or_create(
        inspection=inspection, defaults={
            "called_at": called_at, "person_called": person_called,
            "person_called_role": person_called_role,
            "confirmation_email_on": confirmation_email_on, "recorded_by": by,
            "warnings": warnings})
    calls_record(notification_call=notification_call, health_calls=health_calls,
                 lano_called_at=lano_called_at, lano_call_team=lano_call_team)
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
    if step.meets_revisited and inspection.revisit_of_id is not None:
        for rule_code in step.meets_revisited:
            _meet_clock(inspection.revisit_of, rule_code, on, by)
    if step.cancels_running:
        cancel_running_clocks(inspection, f"{step.cancels_running}: {reason}", by)
    start_clocks(inspection, step.clocks_started(inspection), by, subject=subject)


def start_clocks(inspection: Inspection, starts, by, subject=None) -> None:
    """Start the clocks named whose rules are of the inspection's framework."""
    if not starts:
        return
    applying = rule_codes_applying(codes=[start.rule_code for start in starts],
                                   inspection=inspection)
    for start in starts:
        if start.rule_code in applying:
            _start_clock(inspection, start.rule_code,
                         getattr(subject or inspection, start.counts_from), by)


@transaction.atomic
def inspection_start_onsite(*, inspection: Inspection, by,
                            when: datetime.datetime) -> Inspection:
    """On-site work begins at `when`: never before 9am on day 1, never later than now. A
    re-visit is then carried out: the re-visit clock of the inspection it follows is met
    that day."""
    return take_step("start_onsite", inspection=inspection, by=by,
                     on=timezone.localtime(when).date(),
                     check=lambda fresh: dates.onsite_started(fresh).check(when))


@transaction.atomic
def inspection_give_feedback(*, inspection: Inspection, by,
                             on: datetime.date) -> Inspection:
    """The final feedback meeting is held, once on-site work is over and by today; the
    report clocks start from the last day on site."""
    return take_step("give_feedback", inspection=inspection, by=by, on=on,
                     check=lambda fresh: dates.feedback_given(fresh).check(on))


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
    """Publication: its clock is met, and the long-range clocks of the 2023 framework start.
    Refused unless the final report has been issued, quality assurance passed the draft and
    every comment of the local area's has its answer."""

    def ready_to_publish(fresh: Inspection) -> None:
        letter = OutcomeLetter.objects.filter(inspection=fresh).first()
        if letter is None or letter.state != LetterState.FINAL_ISSUED:
            state = letter.get_state_display().lower() if letter else "not started"
            raise ValidationError(f"You cannot publish the report while the letter is "
                                  f"'{state}': the final report is issued first")
        refusal = (quality_assurance_refusal(letter)
                   or unanswered_refusal(letter, "publish the report"))
        if refusal:
            raise ValidationError(refusal)
        dates.published(fresh, letter).check(on)
        if fresh.framework == Framework.AREA_SEND_2023 and fresh.outcome is None:
            raise ValidationError("Record the outcome (1, 2 or 3) before publishing")

    published = take_step("publish", inspection=inspection, by=by, on=on,
                          check=ready_to_publish)
    # The copies the regulations require go on the day of publication (handbook 71).
    copies_record_statutory(
        letter=OutcomeLetter.objects.select_related(
            "inspection__local_area", "inspection__determination").get(inspection=published),
        by=by, on=on)
    # Where a written statement of action is required, the DfE's progress advice is due 12
    # months from publication (framework 19).
    from wsoa.services import wsoa_publication_clocks

    wsoa_publication_clocks(inspection=published, on=on, by=by)
    # The public register serves the final as a PDF, rendered once the publication commits.
    letter_id = OutcomeLetter.objects.filter(inspection=published).values_list(
        "pk", flat=True).first()
    transaction.on_commit(lambda: render_letter.delay(letter_id))
    return published


@transaction.atomic
def inspection_close(*, inspection: Inspection, by, on: datetime.date) -> Inspection:
    """Close a published inspection: refused while any concern or complaint is open."""
    def check(inspection: Inspection) -> None:
        dates.closed(inspection).check(on)
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
    """Stop an inspection before publication; its running clocks are cancelled, and a
    written statement of action it determined, not started, goes with it."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the inspection"})
    # The reason is kept on the inspection, not in the audit row: it is free text.
    withdrawn = take_step("withdraw", inspection=inspection, by=by,
                          also={"withdrawn_reason": reason}, reason=reason)
    from wsoa.services import wsoa_follow_withdrawal

    wsoa_follow_withdrawal(inspection=withdrawn, by=by)
    return withdrawn
