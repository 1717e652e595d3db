"""Walk an inspection along the main line to any state, through the real services.

The demo data and the tests both need inspections that have got somewhere: this is the one
way they get there, so they obey every check a real inspection does.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from config import clock
from deadlines.selectors import calendar_current
from inspections import services
from inspections.models import Inspection, TeamRole
from inspections.services.notification import HealthLeaderCalled
from inspections.transitions import LIFECYCLE
from local_areas.models import AreaContact, ContactRole
from local_areas.selectors import contact_holding_role_on
from reports import services as letters
from reports.models import LetterState
from reports.progress import PROGRESS, standing
from reports.selectors import approved_already
from reports.transitions import LETTER_LIFECYCLE


@dataclasses.dataclass(frozen=True)
class WalkDates:
    """When each step of the walk is taken."""

    notified_at: datetime.datetime
    onsite_at: datetime.datetime
    feedback_on: datetime.date
    draft_sent_on: datetime.date
    # None: the final report is issued once the area's time to comment is up.
    comments_received_on: datetime.date | None
    final_issued_on: datetime.date
    published_on: datetime.date
    closed_on: datetime.date


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def walk_dates(inspection: Inspection, **overrides) -> WalkDates:
    """Dates for each step, derived from the on-site dates: the call at 9:30am five working
    days before day 1, on site from 9am on day 1 (under the 2023 framework, the call at
    9:30am on the inspection's first day, the Monday of week 1, and fieldwork from 10am),
    feedback on the last day, then the draft, comments, final report, publication and
    closure at a usual pace. `overrides` replace any of them by name (an unknown name is a
    TypeError)."""
    calendar = calendar_current()
    start, end = inspection.onsite_start, inspection.onsite_end
    draft_on = calendar.add_working_days(end, 15)
    final_on = calendar.add_working_days(draft_on, 11)
    derived = WalkDates(
        notified_at=_at(start if inspection.is_2023 else calendar.add_working_days(start, -5),
                        9, 30),
        onsite_at=_at(start, 10 if inspection.is_2023 else 9),
        feedback_on=end,
        draft_sent_on=draft_on,
        comments_received_on=calendar.add_working_days(draft_on, 8),
        final_issued_on=final_on,
        published_on=calendar.add_working_days(final_on, 5),
        closed_on=calendar.add_working_days(final_on, 30),
    )
    return dataclasses.replace(derived, **overrides)


@dataclasses.dataclass(frozen=True)
class _Walk:
    admin: object
    lead: object
    qa: object
    cqc_qa: object
    dates: WalkDates
    call: dict
    outcome: int | None


def _soon_after(moment: datetime.datetime, minutes: int) -> datetime.datetime:
    """`minutes` after the moment, but never later than now (a walk that ends today)."""
    return min(moment + datetime.timedelta(minutes=minutes), max(moment, clock.now()))


def _health_calls(inspection: Inspection, at: datetime.datetime) -> list[HealthLeaderCalled]:
    """CQC's calls to whoever the register names as chief executive of each of the area's
    CCGs or ICBs on the day of the call."""
    chief_executives = (AreaContact.objects
                        .filter(local_area=inspection.local_area,
                                role=ContactRole.HEALTH_CHIEF_EXECUTIVE)
                        .valid_on(timezone.localdate(at), start="start_date", end="end_date")
                        .select_related("health_partner").order_by("health_partner__name"))
    return [HealthLeaderCalled(person_called=contact.name, job_title=contact.job_title,
                               health_partner=contact.health_partner, called_at=at)
            for contact in chief_executives]


def _notify(walk: _Walk, inspection: Inspection) -> None:
    """The call to the DCS; CQC's calls to the chief executives the register names; and,
    with the LANO the register names, the lead's and CQC inspectors' joint call with them."""
    day = timezone.localdate(walk.dates.notified_at)
    lano = contact_holding_role_on(local_area=inspection.local_area, role=ContactRole.LANO,
                                   on=inspection.onsite_start)
    call = {
        "person_called": "Director of children's services", "person_called_role": "DCS",
        "lano": lano, "confirmation_email_on": day,
        "health_calls": _health_calls(inspection, _soon_after(walk.dates.notified_at, 45)),
        **walk.call,
    }
    if call["lano"] is not None:
        call.setdefault("lano_called_at", _soon_after(walk.dates.notified_at, 60))
        call.setdefault("lano_call_team", [member.user for member in inspection.team.all()
                                           if member.role in (TeamRole.LEAD, TeamRole.CQC)])
    services.inspection_notify(inspection=inspection, by=walk.admin,
                               called_at=walk.dates.notified_at, **call)


def _send_draft(walk: _Walk, inspection: Inspection) -> None:
    """Ofsted's and CQC's quality assurance each approve the version (those that have not
    yet), then Ofsted's sends it."""
    for reviewer in (walk.qa, walk.cqc_qa):
        letter = _fresh(inspection).letter
        if not approved_already(letter, reviewer.inspectorate):
            letters.letter_approve_draft(letter=letter, by=reviewer,
                                         inspectorate=reviewer.inspectorate)
    letters.letter_send_draft(letter=_fresh(inspection).letter, by=walk.qa,
                              on=walk.dates.draft_sent_on)


def _issue_final(walk: _Walk, inspection: Inspection) -> None:
    if walk.dates.comments_received_on is not None:
        letters.letter_record_comments_received(
            letter=inspection.letter, by=walk.lead, on=walk.dates.comments_received_on)
        inspection = _fresh(inspection)
    letters.letter_issue_final(letter=inspection.letter, by=walk.lead,
                               on=walk.dates.final_issued_on)


def _publish(walk: _Walk, inspection: Inspection) -> None:
    if walk.outcome is not None:
        services.inspection_record_outcome(inspection=inspection, by=walk.lead,
                                           outcome=walk.outcome)
        inspection = _fresh(inspection)
    services.inspection_publish(inspection=inspection, by=walk.admin,
                                on=walk.dates.published_on)


# The main line, one row per step: the step, the place along the line it reaches (the
# to-state its lifecycle table gives: the inspection's, or its letter's) and how the walk
# takes it. This table is the only place the walk lists its steps.
WALK: list[tuple[str, str, Callable[[_Walk, Inspection], object]]] = [
    ("notify", LIFECYCLE["notify"].to_state, _notify),
    ("start_onsite", LIFECYCLE["start_onsite"].to_state,
     lambda walk, inspection: services.inspection_start_onsite(
         inspection=inspection, by=walk.lead, when=walk.dates.onsite_at)),
    ("give_feedback", LIFECYCLE["give_feedback"].to_state,
     lambda walk, inspection: services.inspection_give_feedback(
         inspection=inspection, by=walk.lead, on=walk.dates.feedback_on)),
    # The inspection moves to "reporting"; its letter starts in drafting.
    ("start_drafting", LetterState.DRAFTING,
     lambda walk, inspection: letters.inspection_start_drafting(
         inspection=inspection, by=walk.lead)),
    ("submit_for_qa", LETTER_LIFECYCLE["submit_for_qa"].to_state,
     lambda walk, inspection: letters.letter_submit_for_qa(
         letter=inspection.letter, by=walk.lead)),
    # Both inspectorates approving the version first.
    ("send_draft", LETTER_LIFECYCLE["send_draft"].to_state, _send_draft),
    # Recording the area's comments first, if they came.
    ("issue_final", LETTER_LIFECYCLE["issue_final"].to_state, _issue_final),
    ("publish", LIFECYCLE["publish"].to_state, _publish),
    ("close", LIFECYCLE["close"].to_state,
     lambda walk, inspection: services.inspection_close(
         inspection=inspection, by=walk.admin, on=walk.dates.closed_on)),
]


def _fresh(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_related("local_area", "letter").get(pk=inspection.pk)


def _place(state: str) -> int:
    if state not in PROGRESS:
        raise ValueError(f"'{state}' is not on the main line")
    return PROGRESS.index(state)


@transaction.atomic
def inspection_walk_to(*, inspection: Inspection, state: str, admin, lead, qa, cqc_qa,
                       dates: dict | None = None, call: dict | None = None,
                       outcome: int | None = None) -> Inspection:
    """Take the inspection from where it stands to `state` along the main line, one service
    per step: the admin notifies, publishes and closes; Ofsted's quality assurance (`qa`)
    and CQC's (`cqc_qa`) each approve the draft, and `qa` sends it; the lead takes every
    other step (and records `outcome`, if given, just before publishing). `state` is a place
    in reports.progress.PROGRESS: an inspection's state, or its letter's.

    `dates` override `walk_dates(inspection)` by name; `call` overrides the notification
    call's details (person called, their role, the LANO, CQC's health calls, the joint call
    with the LANO). Returns the
    inspection as saved. Refuses with ValueError a state off the main line or behind the
    inspection's; a refusal by any service stops the walk and undoes all of it.
    """
    inspection = _fresh(inspection)
    here, there = _place(standing(inspection)), _place(state)
    if there < here:
        raise ValueError(f"The inspection is already past '{state}'")
    walk = _Walk(admin=admin, lead=lead, qa=qa, cqc_qa=cqc_qa,
                 dates=walk_dates(inspection, **(dates or {})), call=call or {},
                 outcome=outcome)
    for _step, reaches, take in WALK:
        if here < PROGRESS.index(reaches) <= there:
            take(walk, _fresh(inspection))
    return _fresh(inspection)
