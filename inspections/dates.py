"""When each recorded event can have happened: one rule per event (docs/decisions/0016).

Everything the service records as having happened (the notification call, on-site work
starting, feedback, the draft, the area's comments, the final report, publication, closing,
meetings, concerns, deferral requests) happened no later than now, in England, and no
earlier than the events it follows. Each function below gives that rule for one event on one
inspection, letter or record, as it stands:

    rule = dates.feedback_given(inspection)
    rule.refusal(day)   # why the day cannot be true, in words; blank if it can
    rule.check(day)     # the same, raised as ValidationError keyed by the form's field
    rule.not_yet()      # why no day can be given yet (the earliest is still to come)

The services call `check`; the forms call `refusal` on their date fields, so a bad date is
an error on the field with what was typed kept; the confirmation pages call `not_yet`, so a
step no date would let through is not offered, and the page says why in the words the
service would use. One rule, three readers: the warning and the refusal cannot drift apart.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from config import clock
from config.govuk_forms import long_date
from deadlines.arithmetic import weekday_date

# The labels of the forms' date fields. The refusals are made from them, so a message names
# the field it is shown on.
FEEDBACK = "Date of the final feedback meeting"
DRAFT_SENT = "Date the draft was sent"
COMMENTS_RECEIVED = "Date the comments were received"
FINAL_ISSUED = "Date the final report was sent"
PUBLISHED = "Date of publication"
CLOSED = "Date the inspection closed"
CALL_DAY, CALL_TIME = "Date of the call", "Time of the call"
CONFIRMATION_EMAIL = "Date the confirmation email was sent"
MEETING = "Date of the meeting"
CONCERN_RAISED = "Date it was raised"
CONCERN_RESOLVED = "Date it was resolved"
DEFERRAL_REQUESTED = "Date the local area asked"

ONSITE_START_TIME = datetime.time(9, 0)


def _the(label: str) -> str:
    """'Date of the meeting' as the subject of a sentence: 'The date of the meeting'."""
    return f"The {label[0].lower()}{label[1:]}"


@dataclass(frozen=True)
class Bound:
    """Another event's date that this one must not come before (or after)."""

    day: datetime.date
    event: str  # in words: "the last day on site"
    strict: bool = False  # the date must be after (before) it, not the same day
    advice: str = ""  # what to do instead, added to the refusal

    def first_allowed(self) -> datetime.date:
        return self.day + datetime.timedelta(days=1) if self.strict else self.day

    def last_allowed(self) -> datetime.date:
        return self.day - datetime.timedelta(days=1) if self.strict else self.day

    def said(self, label: str, side: str) -> str:
        order = side if self.strict else f"the same as or {side}"
        advice = f": {self.advice}" if self.advice else ""
        return f"{_the(label)} must be {order} {self.event}, {long_date(self.day)}{advice}"


def _bounds(*candidates: Bound | None) -> tuple[Bound, ...]:
    return tuple(bound for bound in candidates if bound is not None and bound.day is not None)


@dataclass(frozen=True)
class DateRule:
    """The days an event can have happened on: from the latest of `after` (if any) to
    today, and before each of `before`. A call is a moment: with `now`, a time later today
    is refused too."""

    label: str  # the form field's label
    field: str  # the service's keyword for the date, which the form's field shares
    today: datetime.date
    after: tuple[Bound, ...] = ()
    before: tuple[Bound, ...] = ()
    now: datetime.datetime | None = None
    time_label: str = ""

    def earliest(self) -> Bound | None:
        """The event it must not come before: the latest of them."""
        return max(self.after, key=Bound.first_allowed, default=None)

    def latest_day(self) -> datetime.date:
        return min([self.today, *(bound.last_allowed() for bound in self.before)])

    def refusal(self, day: datetime.date | None) -> str:
        """Why the event cannot have happened on `day`; blank if it can (or no day given)."""
        if day is None:
            return ""
        if day > self.today:
            return f"{_the(self.label)} must be today or in the past"
        for bound in self.before:
            if day > bound.last_allowed():
                return bound.said(self.label, "before")
        earliest = self.earliest()
        if earliest is not None and day < earliest.first_allowed():
            return earliest.said(self.label, "after")
        return ""

    def time_refusal(self, moment: datetime.datetime | None) -> str:
        """Why a moment on an allowed day cannot be true: it is later than now."""
        if moment is None or self.now is None or moment <= self.now:
            return ""
        if timezone.localdate(moment, timezone=clock.ENGLAND) > self.today:
            return ""  # the day itself is refused
        return (f"{_the(self.time_label)} must be in the past: it is now "
                f"{timezone.localtime(self.now, clock.ENGLAND):%H:%M}")

    def moment_refusal(self, moment: datetime.datetime | None) -> str:
        """Why the moment cannot be true, as the day's refusal or else the time's."""
        if moment is None:
            return ""
        return (self.refusal(timezone.localdate(moment, timezone=clock.ENGLAND))
                or self.time_refusal(moment))

    def check(self, day: datetime.date | None) -> None:
        refusal = self.refusal(day)
        if refusal:
            raise ValidationError({self.field: refusal})

    def check_moment(self, moment: datetime.datetime | None) -> None:
        refusal = self.moment_refusal(moment)
        if refusal:
            raise ValidationError({self.field: refusal})

    def not_yet(self) -> str:
        """Why no day can be given yet, in the refusal's words; blank if one can."""
        earliest = self.earliest()
        if earliest is None or earliest.first_allowed() <= self.latest_day():
            return ""
        return self.refusal(self.latest_day())


@dataclass(frozen=True)
class OnsiteStartRule:
    """On-site work starts at the moment someone says it has: not before 9am on the first
    day on site (handbook para 30), and not later than now."""

    onsite_start: datetime.date
    now: datetime.datetime

    def refusal(self, when: datetime.datetime) -> str:
        local = timezone.localtime(when, clock.ENGLAND)
        if (local.date(), local.time()) < (self.onsite_start, ONSITE_START_TIME):
            return (f"On-site work cannot start before 9am on "
                    f"{weekday_date(self.onsite_start)}")
        if when > self.now:
            return (f"On-site work can be recorded as started only once it has: "
                    f"{local:%H:%M} on {weekday_date(local.date())} is still to come")
        return ""

    def check(self, when: datetime.datetime) -> None:
        refusal = self.refusal(when)
        if refusal:
            raise ValidationError(refusal)

    def not_yet(self) -> str:
        return self.refusal(self.now)


def _today(today: datetime.date | None) -> datetime.date:
    return clock.today() if today is None else today


# The inspection's main line ----------------------------------------------------------------

def notification_call(inspection, *, now: datetime.datetime | None = None) -> DateRule:
    """The call to the DCS: made by now, and before on-site work starts (handbook 17); under
    the 2023 framework on or before the inspection's first day, the Monday of week 1, when
    the area is notified (Barnet paper, Annex A; docs/decisions/0020)."""
    now = clock.now() if now is None else now
    if inspection.is_2023:
        latest = Bound(inspection.onsite_start,
                       "the inspection's first day, the Monday of week 1")
    else:
        latest = Bound(inspection.onsite_start, "on-site work starts", strict=True)
    return DateRule(CALL_DAY, "called_at", timezone.localdate(now, timezone=clock.ENGLAND),
                    before=_bounds(latest), now=now, time_label=CALL_TIME)


def confirmation_email(*, call_day: datetime.date | None,
                       today: datetime.date | None = None) -> DateRule:
    """Ofsted's email confirming the call (handbook 19): after the call, by today."""
    return DateRule(CONFIRMATION_EMAIL, "confirmation_email_on", _today(today),
                    after=_bounds(Bound(call_day, "the notification call")))


def onsite_started(inspection, *, now: datetime.datetime | None = None) -> OnsiteStartRule:
    return OnsiteStartRule(inspection.onsite_start, clock.now() if now is None else now)


def feedback_given(inspection, *, today: datetime.date | None = None) -> DateRule:
    """The final feedback meeting (handbook 54): once on-site work is over, by today."""
    return DateRule(FEEDBACK, "on", _today(today),
                    after=_bounds(Bound(inspection.onsite_end, "the last day on site")))


def published(inspection, letter, *, today: datetime.date | None = None) -> DateRule:
    """Publication: after the final report is issued, by today."""
    issued = letter.final_issued_on if letter is not None else None
    return DateRule(PUBLISHED, "on", _today(today),
                    after=_bounds(Bound(issued, "the date the final report was sent")))


def closed(inspection, *, today: datetime.date | None = None) -> DateRule:
    """Closing the inspection: after publication, by today."""
    return DateRule(CLOSED, "on", _today(today),
                    after=_bounds(Bound(inspection.published_on, "publication")))


# The outcome letter ----------------------------------------------------------------------

def draft_sent(letter, *, today: datetime.date | None = None) -> DateRule:
    """The restricted draft goes to the area (handbook 66): after feedback, by today."""
    return DateRule(DRAFT_SENT, "on", _today(today),
                    after=_bounds(Bound(letter.inspection.feedback_on,
                                        "the final feedback meeting")))


def comments_received(letter, *, today: datetime.date | None = None) -> DateRule:
    """The area's comments on the draft (handbook 67): after the draft went, by today."""
    return DateRule(COMMENTS_RECEIVED, "on", _today(today),
                    after=_bounds(Bound(letter.draft_sent_on, "the date the draft was sent")))


def final_issued(letter, *, comments_due: datetime.date | None,
                 today: datetime.date | None = None) -> DateRule:
    """The final report (handbook 68): after the draft went and after the area's comments,
    by today. Without their comments, only once their time to comment (ending on
    `comments_due`, the factual-accuracy clock's due date) is over."""
    waiting = None
    if letter.comments_received_on is None and comments_due is not None:
        waiting = Bound(comments_due, "the last day the local area has to comment on the draft",
                        strict=True, advice="record their comments first if they have sent "
                                            "them")
    return DateRule(FINAL_ISSUED, "on", _today(today), after=_bounds(
        Bound(letter.draft_sent_on, "the date the draft was sent"),
        Bound(letter.comments_received_on, "the date the local area's comments were "
                                           "received"),
        waiting))


# Records kept along the way ----------------------------------------------------------------

def meeting_held(*, today: datetime.date | None = None) -> DateRule:
    """A meeting of the inspection, or an annual engagement meeting: held by today."""
    return DateRule(MEETING, "held_on", _today(today))


def concern_raised(*, resolved_on: datetime.date | None = None,
                   today: datetime.date | None = None) -> DateRule:
    """A concern or complaint: raised by today, and not after it was resolved."""
    return DateRule(CONCERN_RAISED, "raised_on", _today(today),
                    before=_bounds(Bound(resolved_on, "the date it was resolved")))


def concern_resolved(concern, *, today: datetime.date | None = None) -> DateRule:
    """Its resolution: not before it was raised, by today."""
    return DateRule(CONCERN_RESOLVED, "resolved_on", _today(today),
                    after=_bounds(Bound(concern.raised_on, "the date it was raised")))


def annex_a_done(inspection, *, done_by_inspectors: bool = False,
                 now: datetime.datetime | None = None) -> DateRule:
    """An Annex A item provided, or the cases selected (Barnet paper, Annex A): a moment by
    now, and not before the notification call that asked for it."""
    now = clock.now() if now is None else now
    what = "the cases were selected" if done_by_inspectors else "it was provided"
    return DateRule(f"Date {what}", "on", timezone.localdate(now, timezone=clock.ENGLAND),
                    after=_bounds(Bound(inspection.notified_on, "the notification call")),
                    now=now, time_label=f"Time {what}")


def deferral_requested(inspection, *, today: datetime.date | None = None) -> DateRule:
    """The area's request to defer, made "at the point of notification" (handbook 25): by
    today, and not before the call that told the area of the inspection, once there was
    one."""
    return DateRule(DEFERRAL_REQUESTED, "requested_on", _today(today),
                    after=_bounds(Bound(inspection.notified_on, "the notification call")))
