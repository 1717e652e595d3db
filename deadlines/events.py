"""The events the service records, which a statutory rule counts from or is met by.

A rule names its events in these words, chosen from this list (never typed), so a clock
always counts from something the service holds a date for. A period may be negative (the
due date before the event) only when the event is planned: its date is recorded ahead of the
day, as on-site work is when the inspection is scheduled, so the clock can start before its
due date. A due date before an event recorded only once it happens would always be past.
"""

from __future__ import annotations

from dataclasses import dataclass

from deadlines.arithmetic import MONTHS


@dataclass(frozen=True)
class Event:
    wording: str  # as a rule reads: "70 working days after <wording>"
    planned: bool = False  # its date is recorded before the day


EVENTS: tuple[Event, ...] = (
    # The inspection (inspections.transitions).
    Event("on-site work starts", planned=True),
    # Under the 2023 framework the inspection's first day is the day the area is notified.
    Event("the inspection's first day, the Monday of week 1", planned=True),
    Event("notification call made"),
    # Annex A of the 2023 framework: information asked for at notification.
    Event("person-level data received"),
    Event("list of providers and settings received"),
    Event("information about SEND arrangements received"),
    Event("cases selected for tracking"),
    Event("information about the tracked cases received"),
    Event("additional information about SEND arrangements received"),
    Event("last day of on-site work"),
    Event("final feedback given"),
    # The outcome letter (reports.transitions).
    Event("draft letter sent to the area"),
    Event("the area's comments received"),
    Event("final report sent"),
    Event("principal authority receives the final report"),
    Event("report published"),
    Event("outcome 1 report published"),
    Event("outcome 2 report published"),
    Event("outcome 3 report published"),
    # The written statement of action and what follows it.
    Event("written statement received"),
    Event("fitness decision sent to the area"),
    Event("'not fit for purpose' decision sent"),
    Event("revised statement received"),
    Event("DfE advice recorded"),
    Event("re-visit carried out"),
    Event("monitoring inspection carried out"),
    Event("next full inspection starts"),
)
BY_WORDING = {event.wording: event for event in EVENTS}
EVENT_CHOICES = [(event.wording, event.wording[0].upper() + event.wording[1:])
                 for event in EVENTS]

UNKNOWN_START = "Select the event the clock counts from"
UNKNOWN_STOP = "Select the event that meets the deadline"
NEGATIVE_MONTHS = "A period in calendar months must be 0 or more"
NEGATIVE_FORWARD = ("A period can be negative only for a rule that counts back from a "
                    "planned event, like on-site work starting. Enter 0 or more")


def rule_refusals(*, starts_on: str, stops_on: str, period_amount: int | None,
                  period_unit: str) -> dict[str, str]:
    """What is wrong with a rule so made, by field: events not in the list, a negative
    period in months, a negative period counting from an event that is not planned. The
    rule form and the model's validation (hence the service) both ask this."""
    refusals = {}
    if starts_on not in BY_WORDING:
        refusals["starts_on"] = UNKNOWN_START
    if stops_on not in BY_WORDING:
        refusals["stops_on"] = UNKNOWN_STOP
    if period_amount is not None and period_amount < 0:
        if period_unit == MONTHS:
            refusals["period_amount"] = NEGATIVE_MONTHS
        elif starts_on in BY_WORDING and not BY_WORDING[starts_on].planned:
            refusals["period_amount"] = NEGATIVE_FORWARD
    return refusals
