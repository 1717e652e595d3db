"""One confirmation page per step along the inspection's main line, and along its outcome
letter's (drafting to final issue).

GET says what will happen (which clocks start or stop); POST does it through the service.
A refusal from the service is shown on the same page and nothing changes.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.refusals import access_refused_record
from config import clock
from config.govuk_forms import form_submit, long_date, posted
from deadlines import services as deadlines
from deadlines.arithmetic import due_when, weekday_date
from deadlines.models import RUNNING, DeadlineStatus
from deadlines.selectors import calendar_current, deadline_for_case, deadlines_running_for_case
from inspections import dates, page_selectors, services
from inspections.forms import ConfirmForm, DatedConfirmForm, ReturnDraftForm, WithdrawForm
from inspections.models import Framework, Inspection, Meeting, MeetingKind, State
from inspections.selectors import inspection_get_for_user
from inspections.services.common import FINISHED
from inspections.services.lifecycle import close_refusal
from inspections.transitions import LIFECYCLE, ClockStart, Step
from policy import inspections as policy
from policy import letters as letter_policy
from reports import accuracy
from reports import selectors as letter_selectors
from reports import services as letters
from reports.models import Determination, LetterState, OutcomeLetter
from reports.personal_data import letter_warnings
from reports.transitions import LETTER_LIFECYCLE

# Clocks for visits the inspectorates plan: named for the visit, not for something to do.
VISITS = page_selectors.VISIT_RULES


# What each page adds to the table's consequences: the checks its step will make.

def _onsite_notes(inspection: Inspection) -> list[str]:
    return [f"On-site work cannot start before 9am on {weekday_date(inspection.onsite_start)}."]


def letter_of(inspection: Inspection) -> OutcomeLetter | None:
    """The inspection's letter, if drafting has started (read with the inspection)."""
    return getattr(inspection, "letter", None)


def _final_report_notes(inspection: Inspection) -> list[str]:
    due = page_selectors.clock_due_dates(inspections=[inspection],
                                         rule_code="factual_accuracy").get(inspection.pk)
    letter = letter_of(inspection)
    if letter is not None and letter.comments_received_on is None and due:
        return [f"The local area's comments have not been recorded: the final report can be "
                f"issued only after their time to comment ends on {long_date(due)}."]
    return []


def _publication_notes(inspection: Inspection) -> list[str]:
    if inspection.framework == Framework.AREA_SEND_2023 and inspection.outcome is None:
        return ["Record the outcome (1, 2 or 3) first: a 2023 area SEND report cannot be "
                "published without it."]
    letter = letter_of(inspection)
    return _personal_data_notes(letter) if letter is not None else []


def _feedback_notes(inspection: Inspection) -> list[str]:
    """The area is told of the determination at the feedback meeting (2016 framework)."""
    if inspection.framework == Framework.AREA_SEND_2023:
        return []
    notes = []
    if not Determination.objects.filter(inspection=inspection).exclude(decision="").exists():
        notes.append("HMCI's delegate has not recorded a decision on the determination: the "
                     "area is told at the feedback meeting whether a written statement of "
                     "action is required. Record it first, from the inspection's "
                     "determination page.")
    meeting = (Meeting.objects.filter(inspection=inspection, kind=MeetingKind.FINAL_FEEDBACK)
               .order_by("-held_on", "-id").first())
    if meeting is None:
        notes.append("No final feedback meeting is recorded in the meetings log: record it, "
                     "with the points of handbook paragraph 55 it covered.")
    elif meeting.not_covered:
        notes.append(f"The final feedback meeting's record does not say it covered: "
                     f"{'; '.join(meeting.not_covered)}.")
    return notes


def _quality_assurance_notes(inspection: Inspection) -> list[str]:
    letter = letter_of(inspection)
    if letter is None:
        return []
    count = letter_selectors.unsupported_findings(letter)
    notes = [f"{count} of the letter's findings {'has' if count == 1 else 'have'} no "
             f"supporting evidence: link the evidence behind "
             f"{'it' if count == 1 else 'each'} from the letter's findings page first."
             ] if count else []
    return notes + _personal_data_notes(letter)


def _personal_data_notes(letter) -> list[str]:
    """Reports never identify individuals: what in the letter looks like a child's identity."""
    return [f"{warning.message}. Reports never identify a child: take it out, or check it "
            f"is not one." for warning in letter_warnings(letter)]


def _close_notes(inspection: Inspection) -> list[str]:
    return ["Clocks that run on after publication keep running."]


@dataclass(frozen=True)
class Transition:
    name: str  # the URL name, and the last part of its path
    label: str  # the overview's button
    doing: str  # "… you want to <doing>?"
    service: Callable
    step: str  # the step's name in the policy (who may take it) and the lifecycle table
    done: str  # the success banner; {on} is the date given
    # When the step's event can have happened (inspections.dates): the rule for the day
    # the user gives, or for the moment of the click. `due` holds the inspection's clocks'
    # due dates by rule code (the final report waits for the area's time to comment).
    rule: Callable[[Inspection, Mapping[str, datetime.date]], object] | None = None
    of_letter: bool = False  # a step of the letter's lifecycle, not the inspection's
    asks_reason: bool = False
    asks_comments: bool = False
    starts_now: bool = False  # the service is told the moment of the click
    warning: str = ""
    offered: Callable[[Inspection], bool] = field(default=lambda inspection: True)
    # Why the step is not offered although the state allows it, in the service's words.
    not_offered: Callable[[Inspection], str] | None = None
    notes: Callable[[Inspection], list[str]] = field(default=lambda inspection: [])
    # Why this user may not take the step now although the policy and the state allow it
    # (quality assurance approves for its own inspectorate, once), in the service's words.
    refused_to: Callable[[Inspection, object], str] | None = None

    @property
    def lifecycle_step(self) -> Step:
        return (LETTER_LIFECYCLE if self.of_letter else LIFECYCLE)[self.step]

    @property
    def from_states(self) -> frozenset[str]:
        return self.lifecycle_step.from_states

    def subject(self, inspection: Inspection):
        """What the step changes: the inspection, or its letter (None before drafting)."""
        return letter_of(inspection) if self.of_letter else inspection

    @property
    def asks_date(self) -> bool:
        """The step records the day it happened on, which the user gives."""
        return bool(self.lifecycle_step.records)

    def in_state(self, inspection: Inspection) -> bool:
        """Whether the inspection (or its letter) is in a state the step is taken from."""
        subject = self.subject(inspection)
        return subject is not None and subject.state in self.from_states

    def date_rule(self, inspection: Inspection, due: Mapping[str, datetime.date]):
        """The step's date rule on this inspection as it stands; None if it has none (or
        the letter whose step it is has not been started)."""
        if self.rule is None or self.subject(inspection) is None:
            return None
        return self.rule(inspection, due)

    def not_yet(self, inspection: Inspection, due: Mapping[str, datetime.date]) -> str:
        """Why the step cannot be taken yet although its state allows it: every day (or
        moment) it could be given is still to come. In the service's words; blank if not."""
        if not self.in_state(inspection):
            return ""
        rule = self.date_rule(inspection, due)
        reason = rule.not_yet() if rule is not None else ""
        return f"You cannot {self.doing} yet. {reason}." if reason else ""

    def open_now(self, inspection: Inspection,
                 due: Mapping[str, datetime.date] | None = None) -> bool:
        """Whether the inspection (or its letter) is where the step may be taken from, and
        a date it could be given has come. `due`: see `rule`."""
        return (self.in_state(inspection) and self.offered(inspection)
                and not self.not_yet(inspection, due or {}))

    def open_to(self, inspection: Inspection, user,
                due: Mapping[str, datetime.date] | None = None) -> bool:
        """Whether the step is open now and nothing particular to the user refuses it."""
        return self.open_now(inspection, due) and not (
            self.refused_to and self.refused_to(inspection, user))

    def standing(self, inspection: Inspection) -> tuple[str, str]:
        """What the step changes and where it stands: ('letter', 'drafting'); the inspection
        while its letter has not been started."""
        subject = self.subject(inspection)
        if subject is None:
            return "inspection", inspection.get_state_display().lower()
        return ("letter" if self.of_letter else "inspection",
                subject.get_state_display().lower())

    def where(self, inspection: Inspection) -> str:
        """'the inspection is 'on site'', 'the letter is 'drafting''."""
        kind, state = self.standing(inspection)
        return f"the {kind} is '{state}'"

    def form(self, data, *, rule=None, **kwargs):
        """The step's form; a dated step's checks the day given by `rule`."""
        kwargs.update(button=self.label, warning=bool(self.warning))
        if self.asks_comments:
            return ReturnDraftForm(data, **kwargs)
        if self.asks_reason:
            return WithdrawForm(data, **kwargs)
        if self.asks_date:
            return DatedConfirmForm(data, rule=rule, **kwargs)
        return ConfirmForm(data, **kwargs)


def _letter_state(inspection: Inspection) -> str:
    letter = letter_of(inspection)
    return letter.get_state_display().lower() if letter else "not started"


def _on_letter(service: Callable) -> Callable:
    """A letter service, called with the inspection whose letter it changes."""
    def take(*, inspection: Inspection, **given):
        letter = letter_of(inspection)
        if letter is None:
            raise ValidationError("Drafting of the letter has not started")
        return service(letter=letter, **given)
    return take


def _for_own_inspectorate(service: Callable) -> Callable:
    """A quality assurance step, taken for the inspectorate the user works for."""
    def take(*, letter: OutcomeLetter, by, **given):
        return service(letter=letter, by=by, inspectorate=by.inspectorate, **given)
    return take


def _approval_refused(inspection: Inspection, user) -> str:
    """Why the user cannot approve the draft now: not their inspectorate's staff, or their
    inspectorate has approved this version already. The service's words, with a full stop."""
    letter = letter_of(inspection)
    refusal = (letter_selectors.reviewer_refusal(user, user.inspectorate)
               or letter_selectors.approved_already(letter, user.inspectorate))
    return f"{refusal}." if refusal else ""


def _approvals_notes(inspection: Inspection) -> list[str]:
    """Who has approved the current version, and who has still to."""
    letter = letter_of(inspection)
    if letter is None:
        return []
    number = letter_selectors.current_version(letter).number
    notes = [f"{review.get_inspectorate_display()} approved version {number} "
             f"({review.reviewer.get_full_name() or review.reviewer.username}, "
             f"{long_date(timezone.localdate(review.decided_at))})."
             for review in letter_selectors.current_approvals(letter)]
    missing = letter_selectors.approvals_missing(letter)
    if missing:
        notes.append(f"Still to approve version {number}: {' and '.join(missing)}.")
    else:
        notes.append(f"Ofsted and CQC have both approved version {number}: it can be sent "
                     f"to the local area.")
    return notes


def _final_refusal(inspection: Inspection) -> str:
    """Why the final cannot be issued: a comment of the area's without its answer."""
    refusal = accuracy.unanswered_refusal(letter_of(inspection), "issue the final report")
    return f"{refusal}." if refusal else ""


def _publish_refusal(inspection: Inspection) -> str:
    """Why the report cannot be published although the inspection is ready: the final not
    issued, quality assurance not passed, or a comment of the area's unanswered."""
    letter = letter_of(inspection)
    if letter is None or letter.state != LetterState.FINAL_ISSUED:
        return (f"You cannot publish the report while the letter is "
                f"'{_letter_state(inspection)}': the final report is issued first.")
    refusal = (letter_selectors.quality_assurance_refusal(letter)
               or accuracy.unanswered_refusal(letter, "publish the report"))
    return f"{refusal}." if refusal else ""


def _send_notes(inspection: Inspection) -> list[str]:
    """The approvals, who of the area will read the draft, and a warning if nobody."""
    letter = letter_of(inspection)
    if letter is None:
        return []
    named = [f"{r.user.get_full_name() or r.user.username} "
             f"({r.get_capacity_display().lower()})" for r in letter.recipients.all()]
    told = ([f"Of the local area, only these can read the draft and comment on it: "
             f"{'; '.join(named)}."] if named else [])
    warning = accuracy.send_warning(letter)
    return [*_approvals_notes(inspection), *told, *([warning] if warning else [])]


TRANSITIONS = [
    Transition("start-onsite", "Start on-site work", "start on-site work",
               services.inspection_start_onsite,
               "start_onsite", "On-site work has started", starts_now=True,
               rule=lambda inspection, due: dates.onsite_started(inspection),
               notes=_onsite_notes),
    Transition("give-feedback", "Record that feedback was given",
               "record that feedback was given", services.inspection_give_feedback,
               "give_feedback",
               "Feedback was given on {on}. The final report and publication clocks have "
               "started.", rule=lambda inspection, due: dates.feedback_given(inspection),
               notes=_feedback_notes),
    Transition("start-drafting", "Start drafting the letter", "start drafting the letter",
               letters.inspection_start_drafting,
               "start_drafting", "Drafting of the letter has started"),
    Transition("submit-for-qa", "Submit the draft for quality assurance",
               "submit the draft for quality assurance",
               _on_letter(letters.letter_submit_for_qa),
               "submit_for_qa", "The draft letter was submitted for quality assurance",
               of_letter=True, notes=_quality_assurance_notes),
    Transition("approve-draft", "Approve the draft", "approve the draft",
               _on_letter(_for_own_inspectorate(letters.letter_approve_draft)),
               "approve_draft", "Your inspectorate's approval of the draft was recorded",
               of_letter=True, notes=_approvals_notes, refused_to=_approval_refused),
    # Both inspectorates approve the version before it goes: the page says which approval
    # is missing, on the rule the service refuses with.
    Transition("send-draft", "Send the draft to the local area",
               "send the draft letter to the local area", _on_letter(letters.letter_send_draft),
               "send_draft",
               "The draft letter was sent to the local area on {on}. The factual-accuracy "
               "clock has started.", of_letter=True,
               rule=lambda inspection, due: dates.draft_sent(letter_of(inspection)),
               notes=_send_notes,
               offered=lambda inspection: not letter_selectors.approvals_missing(
                   letter_of(inspection)),
               not_offered=lambda inspection: letter_selectors.approvals_missing_refusal(
                   letter_of(inspection))),
    Transition("return-draft", "Return the draft to the lead inspector",
               "return the draft to the lead inspector",
               _on_letter(letters.letter_return_draft),
               "return_draft",
               "The draft letter was returned to the lead inspector with your comments",
               of_letter=True, asks_comments=True),
    # Taken by Ofsted for comments sent another way, or by the area's recipients to say
    # theirs are all in: the words suit both.
    Transition("comments-received", "Record that the local area's comments are complete",
               "record that the local area's comments on the draft are complete",
               _on_letter(letters.letter_record_comments_received),
               "comments_received", "The local area's comments were recorded as complete on "
                                    "{on}",
               of_letter=True,
               rule=lambda inspection, due: dates.comments_received(letter_of(inspection)),
               offered=lambda inspection: letter_of(inspection).comments_received_on is None,
               not_offered=lambda inspection: (
                   f"The local area's comments were recorded as received on "
                   f"{long_date(letter_of(inspection).comments_received_on)}.")),
    Transition("issue-final", "Issue the final report", "issue the final report",
               _on_letter(letters.letter_issue_final),
               "issue_final", "The final report was issued on {on}",
               of_letter=True,
               rule=lambda inspection, due: dates.final_issued(
                   letter_of(inspection), comments_due=due.get("factual_accuracy")),
               notes=_final_report_notes,
               # Every comment of the area's is answered first: the page says so.
               offered=lambda inspection: not _final_refusal(inspection),
               not_offered=_final_refusal),
    Transition("publish", "Publish the report", "publish the report",
               services.inspection_publish,
               "publish", "The report was published on {on}",
               rule=lambda inspection, due: dates.published(inspection,
                                                            letter_of(inspection)),
               notes=_publication_notes,
               offered=lambda inspection: not _publish_refusal(inspection),
               not_offered=_publish_refusal),
    Transition("close", "Close the inspection", "close the inspection",
               services.inspection_close,
               "close", "The inspection was closed on {on}",
               rule=lambda inspection, due: dates.closed(inspection), notes=_close_notes,
               # The service refuses while a concern is open: the page says so first.
               offered=lambda inspection: not close_refusal(inspection),
               not_offered=close_refusal),
    Transition("withdraw", "Withdraw the inspection", "withdraw the inspection",
               services.inspection_withdraw,
               "withdraw", "The inspection was withdrawn", asks_reason=True,
               warning="You cannot undo this. The inspection stays on record as withdrawn, "
                       "with your reason."),
]
BY_NAME = {transition.name: transition for transition in TRANSITIONS}


# What changes an inspection's records: none of it is offered once it is closed or withdrawn
# (the services refuse it too).
RECORD_CHANGES = frozenset({
    "change", "team_add", "team_remove", "add_enquiry", "record_meeting", "record_concern",
    "resolve_concern", "remove_concern", "questionnaire", "record_outcome",
    "request_deferral", "decide_deferral", "reschedule", "notify"})


def permitted(*, user, inspection: Inspection) -> frozenset[str]:
    """What the policy lets the user do on the inspection and on its letter; of it, nothing
    that changes the records of a closed or withdrawn inspection."""
    can = (policy.permitted(user=user, inspection=inspection)
           | letter_policy.permitted(user=user, inspection=inspection,
                                     letter=letter_of(inspection)))
    return can - RECORD_CHANGES if inspection.state in FINISHED else can


def transitions_open_to(*, inspection: Inspection, can: frozenset[str], user,
                        due: Mapping[str, datetime.date] | None = None) -> list[Transition]:
    """The steps the user may take next on this inspection, in main-line order. `can` is
    what the policy permits the user on it; `due`, its clocks' due dates by rule code."""
    return [t for t in TRANSITIONS if t.step in can and t.open_to(inspection, user, due)]


def steps_not_yet(*, inspection: Inspection, can: frozenset[str],
                  due: Mapping[str, datetime.date] | None = None) -> list[str]:
    """Why each step the user could take from here cannot be taken yet (its date is still
    to come), in the service's words: the overview says so where the step would be."""
    return [reason for t in TRANSITIONS
            if t.step in can and t.in_state(inspection) and t.offered(inspection)
            for reason in [t.not_yet(inspection, due or {})] if reason]


def _why_not(transition: Transition, inspection: Inspection, can: frozenset[str],
             user, due: Mapping[str, datetime.date]) -> str:
    """Why the step is not open to the user now, in the services' words; blank if it is."""
    if transition.step not in can:
        refusal = letter_policy.refusal if transition.of_letter else policy.refusal
        return f"{refusal(transition.step)}."
    if (transition.in_state(inspection) and not transition.offered(inspection)
            and transition.not_offered):
        return transition.not_offered(inspection)
    if not transition.in_state(inspection) or not transition.offered(inspection):
        return f"You cannot {transition.doing} while {transition.where(inspection)}."
    not_yet = transition.not_yet(inspection, due)
    if not_yet:
        return not_yet
    return transition.refused_to(inspection, user) if transition.refused_to else ""


# What will happen ------------------------------------------------------------------------------
# Read from the lifecycle table, so the page says what the service will do: the state the step
# moves to, and each clock it starts (with the due date the deadlines app will store), meets
# or cancels. The notes of each page (above) explain its own checks.

def _lower_first(words: str) -> str:
    return words[0].lower() + words[1:]


def _clock_name(rule) -> str:
    """'The clock to send the final report …'; a visit the inspectorates plan is the clock
    'for the next full inspection …'."""
    if rule.code.startswith(VISITS):
        return f"The clock for the {_lower_first(rule.description)}"
    return f"The clock to {_lower_first(rule.description)}"


def _starts(rule, start: ClockStart) -> str:
    """The starting clock and its period, in words, without a full stop."""
    if rule.code == "factual_accuracy":
        return (f"The factual-accuracy clock starts: the local area has "
                f"{rule.period.describe().removesuffix(' after')} from {start.event} to "
                f"comment on it")
    return f"{_clock_name(rule)} starts: it is due {rule.period.describe()} {start.event}"


def _clock_start_lines(step: Step, inspection: Inspection, subject) -> list[str]:
    starts = step.clocks_started(inspection)
    if not starts:
        return []
    rules = page_selectors.rules_by_code(codes=[start.rule_code for start in starts])
    calendar, today = calendar_current(), clock.today()
    lines = []
    for start in starts:
        rule = rules.get(start.rule_code)
        # Only the rules of the inspection's framework start (docs/decisions/0020).
        if rule is None or not rule.applies_under(inspection.rules_framework):
            continue
        given = start.counts_from == step.records  # counts from the date on the form
        counted_from = today if given else getattr(subject, start.counts_from)
        due = deadlines.deadline_preview(rule=rule, start_date=counted_from,
                                         calendar=calendar).due_date
        if given:
            lines.append(f"{_starts(rule, start)}. If you give today's date, "
                         f"{weekday_date(today)}, it is due {due_when(due, rule.due_time)}.")
        else:
            lines.append(f"{_starts(rule, start)} ({long_date(counted_from)}), "
                         f"{due_when(due, rule.due_time)}.")
    return lines


def _clock_met_lines(step: Step, inspection: Inspection) -> list[str]:
    lines = []
    for rule_code in step.meets:
        running = deadline_for_case(inspection=inspection, rule_code=rule_code)
        if running is None or running.status not in RUNNING + [DeadlineStatus.MISSED]:
            continue
        lines.append(f"{_clock_name(running.rule)} is met on the date you give: it is due "
                     f"{due_when(running.due_date, running.due_time)}.")
    followed = inspection.revisit_of if inspection.revisit_of_id else None
    for rule_code in step.meets_revisited if followed else ():
        running = deadline_for_case(inspection=followed, rule_code=rule_code)
        if running is None or running.status not in RUNNING + [DeadlineStatus.MISSED]:
            continue
        lines.append(f"{_clock_name(running.rule)}, which runs on {followed.reference} (the "
                     f"inspection this re-visits), is met today: it is due "
                     f"{due_when(running.due_date, running.due_time)}.")
    return lines


def _clock_cancel_lines(inspection: Inspection) -> list[str]:
    running = deadlines_running_for_case(inspection=inspection)
    if not running:
        return ["It has no running clocks."]
    return [f"This running clock is cancelled: {clock.rule.description} (due "
            f"{long_date(clock.due_date)})." for clock in running]


def _moves_to(transition: Transition, step: Step, inspection: Inspection, user) -> str:
    if step.to_state is None:
        kind, state = transition.standing(inspection)
        if step.name == "approve_draft":
            number = letter_selectors.current_version(letter_of(inspection)).number
            return (f"Version {number} is approved for {user.get_inspectorate_display()}, "
                    f"as its quality assurance. The {kind} stays '{state}'.")
        return f"The {kind} stays '{state}'."
    if transition.of_letter:
        moves_to = f"The letter moves to '{LetterState(step.to_state).label.lower()}'"
        if step.name == "return_draft":
            moves_to += (": the lead inspector revises it as version "
                         f"{letter_selectors.current_version(letter_of(inspection)).number + 1}")
    else:
        moves_to = f"The inspection moves to '{State(step.to_state).label.lower()}'"
        if step.name == "start_drafting":
            moves_to += ", and the outcome letter is started as a first draft"
    if transition.starts_now:
        now = timezone.localtime(clock.now())
        return f"{moves_to} from now, {now:%H:%M} on {weekday_date(now.date())}."
    return f"{moves_to}."


def _consequences(transition: Transition, inspection: Inspection, user) -> list[str]:
    step = transition.lifecycle_step
    clocks = [*_clock_met_lines(step, inspection),
              *_clock_start_lines(step, inspection, transition.subject(inspection))]
    if step.cancels_running:
        clocks += _clock_cancel_lines(inspection)
    if not clocks:
        clocks = ["No statutory clock starts or stops."]
    return [_moves_to(transition, step, inspection, user), *transition.notes(inspection),
            *clocks]


# The page -----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def confirm(request, pk: int, name: str):
    transition = BY_NAME[name]
    inspection = inspection_get_for_user(user=request.user, pk=pk)
    due = page_selectors.clock_due_dates(inspections=[inspection],
                                         rule_code="factual_accuracy")
    due = {"factual_accuracy": due[inspection.pk]} if inspection.pk in due else {}
    form = transition.form(posted(request), rule=transition.date_rule(inspection, due),
                           initial={"on": clock.today()})

    def take_step(**given):
        if transition.starts_now:
            given["when"] = clock.now()
        try:
            return transition.service(inspection=inspection, by=request.user, **given)
        except PermissionDenied as error:
            # Recorded as every refusal is (the service's transaction has rolled back), and
            # shown on the form like a refusal, above its fields.
            access_refused_record(request=request, status=200)
            raise ValidationError(str(error) or f"You cannot {transition.doing}") from error

    if form_submit(request, form, take_step):
        messages.success(request, transition.done.format(
            on=long_date(form.cleaned_data.get("on"))))
        return redirect("inspections:overview", pk=inspection.pk)
    blocked = "" if request.method == "POST" else _why_not(
        transition, inspection, permitted(user=request.user, inspection=inspection),
        request.user, due)
    return render(request, "inspections/confirm.html", {
        "inspection": inspection, "transition": transition, "form": form, "blocked": blocked,
        "letter": letter_of(inspection),
        "consequences": _consequences(transition, inspection, request.user)
        if not blocked and transition.open_to(inspection, request.user, due) else [],
    })
