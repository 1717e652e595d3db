"""What needs each person now, soonest first: the home page's list.

Each part is for the people the policy's general rules name (policy.inspections
.GENERAL_RULES, the ``needs_*`` actions) and reads only what they may see. Every part is a
fixed number of queries whatever the data size, and shows at most ``SHOWN`` entries with a
count of the rest.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse

from config import clock
from deadlines.arithmetic import time_words
from deadlines.models import REMINDABLE, Deadline
from deadlines.selectors import calendar_current
from deadlines.views.common import DUE_SOON_WORKING_DAYS
from inspections import page_selectors
from inspections.models import (
    BEFORE_NOTIFICATION,
    Decision,
    DeferralRequest,
    Inspection,
    State,
    TeamRole,
)
from inspections.transitions import LIFECYCLE
from policy import deadlines as clock_policy
from policy import inspections as policy
from reports.models import LetterState, OutcomeLetter
from reports.selectors import approvals_missing

SHOWN = 10
FINISHED = {State.CLOSED, State.WITHDRAWN}


@dataclass(frozen=True)
class Need:
    when: datetime.date
    when_label: str  # "Due", "Requested", "On site from"
    title: str
    url: str
    detail: str = ""
    overdue: bool = False
    when_time: datetime.time | None = None  # a clock due by a time of day (UK time)

    @property
    def when_words(self) -> str:
        """ "7 March 2023", or "by 11am on 7 March 2023" for a clock due by a time."""
        day = f"{self.when.day} {self.when:%B %Y}"
        return f"by {time_words(self.when_time)} on {day}" if self.when_time else day


@dataclass(frozen=True)
class Part:
    heading: str
    needs: list[Need]
    more: int = 0  # how many more there are beyond those shown
    more_url: str = ""
    empty: str = "Nothing for now."


def _overview(inspection_id: int) -> str:
    return reverse("inspections:overview", args=[inspection_id])


def _case(inspection: Inspection) -> str:
    return f"{inspection.local_area.name}: {inspection.reference}"


def _deferrals(user) -> Part:
    """Deferral requests still waiting for the user's own inspectorate's decision."""
    mine, other = (("cqc_decision", "ofsted_decision") if user.inspectorate == "cqc"
                   else ("ofsted_decision", "cqc_decision"))
    waiting = (DeferralRequest.objects
               .filter(inspection__in=policy.visible_to(user=user),
                       inspection__state__in=BEFORE_NOTIFICATION | {State.NOTIFIED},
                       **{mine: Decision.PENDING})
               .exclude(**{other: Decision.REFUSED})
               .select_related("inspection__local_area").order_by("requested_on", "id"))
    rows = list(waiting[:SHOWN + 1])
    body = user.get_inspectorate_display() or "your inspectorate"
    needs = [Need(row.requested_on, "Requested", _case(row.inspection),
                  reverse("inspections:deferral-decide", args=[row.inspection_id, row.pk]),
                  f"A deferral request waiting for {body}'s decision")
             for row in rows[:SHOWN]]
    return Part("Deferral requests to decide", needs, more=max(0, len(rows) - SHOWN),
                empty="No deferral request is waiting for your inspectorate's decision.")


def _clock_need(deadline: Deadline, today: datetime.date) -> Need:
    late = deadline.is_past_due(today=today, now=clock.now())
    return Need(deadline.due_date, "Was due" if late else "Due",
                f"{deadline.rule.description}", _overview(deadline.inspection_id),
                _case(deadline.inspection), overdue=late, when_time=deadline.due_time)


def _clocks_due(user, today: datetime.date) -> Part:
    """Clocks overdue or due within five working days, among those the user watches."""
    soon = calendar_current().add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = (clock_policy.visible_to(user=user)
           .filter(status__in=REMINDABLE, due_date__lte=soon)
           .select_related("rule", "inspection__local_area").order_by("due_date", "id"))
    rows = list(due[:SHOWN + 1])
    return Part("Clocks overdue or due soon", [_clock_need(d, today) for d in rows[:SHOWN]],
                more=max(0, len(rows) - SHOWN), more_url=reverse("deadlines:list"),
                empty="No clock is overdue or due within 5 working days.")


def _teams_incomplete(user) -> Part:
    """Inspections still to start whose team lacks a lead, an HMI or Ofsted Inspector, or a
    CQC inspector (handbook 30)."""
    def count(*roles):
        return Count("team", filter=Q(team__role__in=roles))

    incomplete = (policy.visible_to(user=user)
                  .filter(state__in=BEFORE_NOTIFICATION | {State.NOTIFIED})
                  .exclude(state=State.DEFERRED)
                  .annotate(leads=count(TeamRole.LEAD),
                            others=count(TeamRole.HMI, TeamRole.OFSTED_INSPECTOR),
                            cqc=count(TeamRole.CQC))
                  .filter(Q(leads=0) | Q(others=0) | Q(cqc=0))
                  .select_related("local_area").order_by("onsite_start", "id"))
    rows = list(incomplete[:SHOWN + 1])

    def lacking(row) -> str:
        missing = [name for name, held in (("lead inspector", row.leads),
                                           ("HMI or Ofsted Inspector", row.others),
                                           ("CQC inspector", row.cqc)) if not held]
        return "The team has no " + ", no ".join(missing)

    needs = [Need(row.onsite_start, "On site from", _case(row),
                  reverse("inspections:team", args=[row.pk]), lacking(row))
             for row in rows[:SHOWN]]
    return Part("Inspections without a complete team", needs, more=max(0, len(rows) - SHOWN),
                empty="Every inspection still to start has a complete team.")


def _waiting_for(letter: OutcomeLetter) -> str:
    """What quality assurance still has to do on the letter's current version."""
    missing = approvals_missing(letter)
    if not missing:
        return "Approved by Ofsted and CQC: the draft can be sent to the local area"
    return f"The draft letter is waiting for {' and '.join(missing)} to approve it"


def _drafts_waiting(user) -> Part:
    """Letters with quality assurance, soonest final report first."""
    final_due = Deadline.objects.filter(inspection=OuterRef("inspection"),
                                        rule__code="final_report").order_by("-id")
    letters = (OutcomeLetter.objects
               .filter(state=LetterState.QUALITY_ASSURANCE,
                       inspection__in=policy.visible_to(user=user))
               .annotate(final_due=Subquery(final_due.values("due_date")[:1]))
               .select_related("inspection__local_area")
               .prefetch_related("versions__reviews")
               .order_by("final_due", "id"))
    rows = list(letters[:SHOWN + 1])
    needs = [Need(row.final_due or row.inspection.onsite_end, "Final report due",
                  _case(row.inspection), _overview(row.inspection_id), _waiting_for(row))
             for row in rows[:SHOWN]]
    return Part("Drafts waiting for quality assurance", needs, more=max(0, len(rows) - SHOWN),
                empty="No draft letter is waiting for quality assurance.")


def _led_by(user, today: datetime.date) -> Part:
    """The user's own inspections as lead: what step is next, and when it is due."""
    from inspections.views.lifecycle import permitted, transitions_open_to

    led = list(policy.visible_to(user=user)
               .filter(team__user=user, team__role=TeamRole.LEAD)
               .exclude(state__in=FINISHED)
               .select_related("local_area", "letter")
               .prefetch_related("conflict_declarations",
                                 "team").order_by("onsite_start", "id"))
    due, now = {}, clock.now()
    for deadline in (Deadline.objects.filter(inspection__in=[i.pk for i in led],
                                             status__in=REMINDABLE)
                     .select_related("rule").order_by("due_date", "id")):
        due.setdefault(deadline.inspection_id, deadline)
    # The final report waits for the area's time to comment: a step whose date is still to
    # come is not next.
    comments_due = page_selectors.clock_due_dates(inspections=led,
                                                  rule_code="factual_accuracy")
    needs = []
    for inspection in led:
        can = permitted(user=user, inspection=inspection)
        clocks_due = ({"factual_accuracy": comments_due[inspection.pk]}
                      if inspection.pk in comments_due else {})
        steps = [t.label for t in transitions_open_to(inspection=inspection, can=can,
                                                      user=user, due=clocks_due)
                 if not t.warning]
        if inspection.state in LIFECYCLE["notify"].from_states and "notify" in can:
            steps.insert(0, "Record the notification")
        running = due.get(inspection.pk)
        if not steps and running is None:
            continue
        detail = f"Next: {steps[0]}" if steps else "No step is yours to take now"
        if running is not None:
            late = running.is_past_due(today=today, now=now)
            needs.append(Need(running.due_date, "Was due" if late else "Due",
                              _case(inspection), _overview(inspection.pk),
                              f"{detail}. Clock: {running.rule.description}", overdue=late,
                              when_time=running.due_time))
        else:
            needs.append(Need(inspection.onsite_start, "On site from", _case(inspection),
                              _overview(inspection.pk), detail))
    needs.sort(key=lambda need: (need.when, need.title))
    return Part("Your inspections as lead inspector", needs[:SHOWN],
                more=max(0, len(needs) - SHOWN), more_url=reverse("inspections:mine"),
                empty="None of the inspections you lead needs a step from you now.")


def _area_dates(user, today: datetime.date) -> Part:
    """Dates the user's local area must meet: the running clocks that bind it, on the
    inspections it has been told of."""
    binding = (Deadline.objects
               .filter(inspection__in=policy.visible_to(user=user), status__in=REMINDABLE)
               .filter(Q(rule__binds_local_area=True) | Q(rule__binds_principal_authority=True))
               .select_related("rule", "inspection__local_area").order_by("due_date", "id"))
    rows = list(binding[:SHOWN + 1])
    return Part("Dates your area must meet", [_clock_need(d, today) for d in rows[:SHOWN]],
                more=max(0, len(rows) - SHOWN), more_url=reverse("inspections:ours"),
                empty="Nothing is due from your area now.")


def needs_you_now(*, user, today: datetime.date) -> list[Part]:
    """The parts of the user's list, for what the policy says they look after."""
    parts = []
    if policy.can_generally(user, "needs_deferral_decisions"):
        parts.append(_deferrals(user))
    if policy.can_generally(user, "needs_drafts"):
        parts.append(_drafts_waiting(user))
    if policy.can_generally(user, "needs_clocks"):
        parts.append(_clocks_due(user, today))
    if policy.can_generally(user, "needs_teams"):
        parts.append(_teams_incomplete(user))
    if policy.can_generally(user, "needs_led"):
        parts.append(_led_by(user, today))
    if policy.can_generally(user, "needs_area_dates"):
        parts.append(_area_dates(user, today))
    return parts
