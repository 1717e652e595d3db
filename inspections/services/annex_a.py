"""Annex A of the 2023 framework: when the information asked for at notification came in,
and when the inspectors selected the cases to track (docs/decisions/0020)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.clock import ENGLAND
from deadlines import services as clocks
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules_data import ANNEX_A_RULES
from deadlines.selectors import deadline_for_case
from inspections import dates
from inspections.models import Inspection
from inspections.services.common import locked
from policy import inspections as policy

RECORDABLE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED, DeadlineStatus.PAUSED)


def annex_a_clock(*, inspection: Inspection, rule_code: str) -> Deadline | None:
    """The inspection's latest clock of the Annex A rule, or None."""
    if rule_code not in ANNEX_A_RULES:
        return None
    return deadline_for_case(inspection=inspection, rule_code=rule_code)


@transaction.atomic
def annex_a_record(*, inspection: Inspection, by, rule_code: str,
                   at: datetime.datetime) -> Deadline:
    """Record the moment an Annex A item was provided (or the cases were selected): its
    clock is met at that moment, late if after its due time on its due date, or after its
    due date. Refuses a moment still to come, or before the notification call, and an item
    whose clock is not running."""
    inspection = locked(inspection)
    policy.require(by, inspection, "record_annex_a")
    deadline = annex_a_clock(inspection=inspection, rule_code=rule_code)
    if deadline is None or deadline.status not in RECORDABLE:
        raise ValidationError("This information is not waiting to be recorded: it is asked "
                              "for when the local area is notified, and recorded once")
    day = timezone.localdate(at, ENGLAND)
    rule = dates.annex_a_done(inspection,
                              done_by_inspectors=rule_code == "annex_a_case_selection")
    if refusal := rule.refusal(day):
        raise ValidationError({"on": refusal})
    if refusal := rule.time_refusal(at):
        raise ValidationError({"time": refusal})
    return clocks.deadline_meet(deadline=deadline, met_on=day, met_at=at, by=by)
