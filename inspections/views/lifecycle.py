"""One confirmation page per step along the inspection's main line.

GET says what will happen (which clocks start or stop); POST does it through the service.
A refusal from the service is shown on the same page and nothing changes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config import clock
from config.govuk_forms import form_submit, long_date, posted
from deadlines.arithmetic import weekday_date
from deadlines.models import RUNNING, DeadlineStatus
from deadlines.selectors import calendar_current
from inspections import page_selectors, services
from inspections.forms import ConfirmForm, DatedConfirmForm, WithdrawForm
from inspections.models import Framework, Inspection, Outcome, State
from inspections.selectors import inspection_get_for_user
from inspections.services.lifecycle import STEPS
from policy import inspections as policy


@dataclass(frozen=True)
class Transition:
    name: str  # the URL name, and the last part of its path
    label: str  # the overview's button
    doing: str  # "… you want to <doing>?"
    service: Callable
    step: str  # the step's name in the policy (who may take it) and in STEPS (from where)
    done: str  # the success banner; {on} is the date given
    date_label: str = ""  # the transition happened on a day the user gives
    asks_reason: bool = False
    starts_now: bool = False  # the service is told the moment of the click
    warning: str = ""
    offered: Callable[[Inspection], bool] = field(default=lambda inspection: True)

    @property
    def from_states(self) -> frozenset[str]:
        return STEPS[self.step]

    def form(self, data, **kwargs):
        kwargs.update(button=self.label, warning=bool(self.warning))
        if self.asks_reason:
            return WithdrawForm(data, **kwargs)
        if self.date_label:
            return DatedConfirmForm(data, date_label=self.date_label, **kwargs)
        return ConfirmForm(data, **kwargs)


TRANSITIONS = [
    Transition("start-onsite", "Start on-site work", "start on-site work",
               services.inspection_start_onsite,
               "start_onsite", "On-site work has started", starts_now=True),
    Transition("give-feedback", "Record that feedback was given",
               "record that feedback was given", services.inspection_give_feedback,
               "give_feedback",
               "Feedback was given on {on}. The final report and publication clocks have "
               "started.", date_label="Date of the final feedback meeting"),
    Transition("start-drafting", "Start drafting the letter", "start drafting the letter",
               services.inspection_start_drafting,
               "start_drafting", "Drafting of the letter has started"),
    Transition("submit-for-qa", "Submit the draft for quality assurance",
               "submit the draft for quality assurance", services.inspection_submit_for_qa,
               "submit_for_qa", "The draft letter was submitted for quality assurance"),
    Transition("send-draft", "Send the draft to the local area",
               "send the draft letter to the local area", services.inspection_send_draft,
               "send_draft",
               "The draft letter was sent to the local area on {on}. The factual-accuracy "
               "clock has started.", date_label="Date the draft was sent"),
    Transition("comments-received", "Record the local area's comments",
               "record the local area's comments on the draft",
               services.inspection_record_comments_received,
               "comments_received", "The local area's comments were received on {on}",
               date_label="Date the comments were received",
               offered=lambda inspection: inspection.comments_received_on is None),
    Transition("issue-final", "Issue the final report", "issue the final report",
               services.inspection_issue_final,
               "issue_final", "The final report was issued on {on}",
               date_label="Date the final report was sent"),
    Transition("publish", "Publish the report", "publish the report",
               services.inspection_publish,
               "publish", "The report was published on {on}", date_label="Date of publication"),
    Transition("close", "Close the inspection", "close the inspection",
               services.inspection_close,
               "close", "The inspection was closed on {on}",
               date_label="Date the inspection closed"),
    Transition("withdraw", "Withdraw the inspection", "withdraw the inspection",
               services.inspection_withdraw,
               "withdraw", "The inspection was withdrawn", asks_reason=True,
               warning="You cannot undo this. The inspection stays on record as withdrawn, "
                       "with your reason."),
]
BY_NAME = {transition.name: transition for transition in TRANSITIONS}


def transitions_open_to(*, inspection: Inspection, can: frozenset[str]) -> list[Transition]:
    """The steps the user may take next on this inspection, in main-line order. `can` is
    what the policy permits the user on it."""
    return [t for t in TRANSITIONS if t.step in can and inspection.state in t.from_states
            and t.offered(inspection)]


def _why_not(transition: Transition, inspection: Inspection, can: frozenset[str]) -> str:
    """Why the step is not open to the user now, in the services' words; blank if it is."""
    if transition.step not in can:
        return f"{policy.refusal(transition.step)}."
    if inspection.state not in transition.from_states or not transition.offered(inspection):
        return (f"You cannot {transition.doing} while the inspection is "
                f"'{inspection.get_state_display().lower()}'.")
    return ""


# What will happen ------------------------------------------------------------------------------

def _clock_starts(rule, start: datetime.date, start_event: str, calendar) -> str:
    due = (calendar.add_working_days(start, rule.period_amount)
           if rule.period_unit == "working_days" else None)
    line = f"The clock to {rule.description[0].lower()}{rule.description[1:]} starts: " \
           f"it is due {rule.period.describe()} {start_event}"
    return f"{line}, on {weekday_date(due)}." if due else f"{line}."


def _consequences(transition: Transition, inspection: Inspection) -> list[str]:
    name = transition.name
    if name == "start-onsite":
        now = timezone.localtime(clock.now())
        return [f"The inspection moves to 'on site' from now, {now:%H:%M} on "
                f"{weekday_date(now.date())}.",
                f"On-site work cannot start before 9am on {weekday_date(inspection.onsite_start)}."]
    if name == "give-feedback":
        rules = page_selectors.rules_by_code(codes=["final_report", "publication"])
        calendar = calendar_current()
        return [_clock_starts(rules[code], inspection.onsite_end,
                              f"the last day on site ({long_date(inspection.onsite_end)})",
                              calendar) for code in ("final_report", "publication")
                if code in rules]
    if name in ("start-drafting", "submit-for-qa"):
        moves_to = State.DRAFTING if name == "start-drafting" else State.QUALITY_ASSURANCE
        return [f"The inspection moves to '{moves_to.label.lower()}'.",
                "No statutory clock starts or stops."]
    if name == "send-draft":
        rule = page_selectors.rules_by_code(codes=["factual_accuracy"]).get("factual_accuracy")
        period = rule.period.describe().removesuffix(" after") if rule else "a limited time"
        return ["The inspection moves to 'draft with local area'.",
                f"The factual-accuracy clock starts: the local area has {period} from the "
                f"date the draft is sent to comment on it."]
    if name in ("comments-received", "issue-final"):
        return _draft_consequences(name, inspection)
    if name == "publish":
        return _publication_consequences(inspection)
    if name == "close":
        return ["The inspection moves to 'closed'.",
                "Clocks that run on after publication keep running."]
    return _withdrawal_consequences(inspection)


def _withdrawal_consequences(inspection: Inspection) -> list[str]:
    running = [clock for clock in page_selectors.inspection_clocks(inspection=inspection)
               if clock.status in RUNNING + [DeadlineStatus.MISSED]]
    if not running:
        return ["The inspection moves to 'withdrawn'. It has no running clocks."]
    return ["The inspection moves to 'withdrawn'.",
            *(f"This running clock is cancelled: {clock.rule.description} (due "
              f"{long_date(clock.due_date)})." for clock in running)]


def _draft_consequences(name: str, inspection: Inspection) -> list[str]:
    due = page_selectors.clock_due_dates(inspections=[inspection],
                                         rule_code="factual_accuracy").get(inspection.pk)
    if name == "comments-received":
        lines = ["The factual-accuracy clock is met on the date you give."]
        if due:
            lines.append(f"The local area's comments are due by {long_date(due)}.")
        return lines
    lines = ["The inspection moves to 'final issued' and the final report clock is met on the "
             "date you give."]
    if inspection.comments_received_on is None and due:
        lines.append(f"The local area's comments have not been recorded: the final report can "
                     f"be issued only after their time to comment ends on {long_date(due)}.")
    return lines


def _publication_consequences(inspection: Inspection) -> list[str]:
    lines = ["The inspection moves to 'published' and the publication clock is met on the date "
             "you give."]
    if inspection.framework != Framework.AREA_SEND_2023:
        return lines
    if inspection.outcome is None:
        return [*lines, "Record the outcome (1, 2 or 3) first: a 2023 area SEND report cannot "
                        "be published without it."]
    codes = [f"next_full_inspection_{inspection.outcome}"]
    if inspection.outcome == Outcome.SYSTEMIC_FAILINGS:
        codes.append("monitoring_inspection")
    rules = page_selectors.rules_by_code(codes=codes)
    return [*lines, *(f"The clock for the {rules[code].description[0].lower()}"
                      f"{rules[code].description[1:]} starts: it is due "
                      f"{rules[code].period.describe()} publication."
                      for code in codes if code in rules)]


# The page -----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def confirm(request, pk: int, name: str):
    transition = BY_NAME[name]
    inspection = inspection_get_for_user(user=request.user, pk=pk)
    form = transition.form(posted(request),
                           initial={"on": clock.today()})

    def take_step(**given):
        if transition.starts_now:
            given["when"] = clock.now()
        try:
            return transition.service(inspection=inspection, by=request.user, **given)
        except PermissionDenied as error:
            # Shown on the form like a refusal, above its fields.
            raise ValidationError(str(error) or f"You cannot {transition.doing}") from error

    if form_submit(request, form, take_step):
        messages.success(request, transition.done.format(
            on=long_date(form.cleaned_data.get("on"))))
        return redirect("inspections:overview", pk=inspection.pk)
    blocked = "" if request.method == "POST" else _why_not(
        transition, inspection, policy.permitted(user=request.user, inspection=inspection))
    return render(request, "inspections/confirm.html", {
        "inspection": inspection, "transition": transition, "form": form, "blocked": blocked,
        "consequences": [] if blocked else _consequences(transition, inspection),
    })
