"""Scheduling an inspection and changing its details: the dates the sources allow, the
warnings that go ahead only when acknowledged (inspections.scheduling), and, for a 2016
re-visit, the inspection it follows and that inspection's re-visit clock."""

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import Label, audit_record
from deadlines.models import DeadlineStatus
from deadlines.selectors import calendar_current
from inspections.models import BEFORE_NOTIFICATION, Framework, Inspection
from inspections.scheduling import (
    SchedulingWarning,
    check_onsite_dates,
    check_revisit,
    check_revisit_dates,
    onsite_warnings,
    require_acknowledged,
    revisit_warnings,
)
from inspections.services.common import STALE_MESSAGE, StaleEdit, iso, locked, save_with_version
from inspections.services.lifecycle import clock_of, notification_clock_follow, start_clocks
from inspections.transitions import ON_SCHEDULING, ON_SCHEDULING_A_REVISIT
from policy import inspections as policy

# Creating and editing ---------------------------------------------------------------------------

def date_warnings(*, framework: str, onsite_start: datetime.date, onsite_end: datetime.date,
                  revisit_of: Inspection | None = None, calendar=None) -> list[SchedulingWarning]:
    """What scheduling these dates warns of (inspections.scheduling): on-site work longer
    than the framework's normal length, and a re-visit of an inspection the handbook's
    re-visit rules do not cover. The pages ask this before they send; the services require
    each one acknowledged."""
    calendar = calendar or calendar_current()
    return [*onsite_warnings(onsite_start, onsite_end, framework=framework, calendar=calendar),
            *revisit_warnings(framework=framework, revisit_of=revisit_of)]


def _acknowledged_audit(codes: list[str]) -> dict:
    return {"warnings_acknowledged": codes} if codes else {}


@transaction.atomic
def inspection_create(*, by, local_area, framework: str, onsite_start: datetime.date,
                      onsite_end: datetime.date, reference: str = "",
                      revisit_of: Inspection | None = None,
                      acknowledged: Collection[str] = ()) -> Inspection:
    """Schedule an inspection; its notification clock starts counting back from day 1.

    A 2016 re-visit names the published 2016 inspection of the same area that it follows
    (`revisit_of`, refused otherwise, and for an inspection after June 2021: handbook para
    118); that inspection's re-visit clock starts, unless it already runs. What
    date_warnings finds goes ahead only if each warning's code is in `acknowledged`:
    otherwise Unacknowledged is raised and nothing is saved."""
    policy.require_generally(by, "schedule")
    calendar = calendar_current()
    check_onsite_dates(onsite_start, onsite_end, framework=framework, calendar=calendar)
    if not local_area.is_current(onsite_start):
        raise ValidationError({"local_area": f"{local_area.name} did not exist on "
                                             f"{onsite_start:%d %B %Y}"})
    if revisit_of is not None:
        revisit_of = locked(revisit_of)
    check_revisit(framework=framework, revisit_of=revisit_of, local_area=local_area,
                  onsite_start=onsite_start)
    inspection = Inspection(
        local_area=local_area, framework=framework, onsite_start=onsite_start,
        onsite_end=onsite_end, revisit_of=revisit_of,
        reference=reference or f"SEND-{local_area.ons_code}-{onsite_start:%Y%m%d}")
    inspection.full_clean()
    warned = require_acknowledged(
        date_warnings(framework=framework, onsite_start=onsite_start, onsite_end=onsite_end,
                      revisit_of=revisit_of, calendar=calendar), acknowledged)
    inspection.save()
    audit_record(actor=by, action="inspection.create", obj=inspection, local_area=local_area,
                 after={"reference": Label(inspection.reference), "framework": framework,
                        "onsite_start": iso(onsite_start), "onsite_end": iso(onsite_end),
                        **({"revisit_of": Label(revisit_of.reference)} if revisit_of else {}),
                        **_acknowledged_audit(warned)})
    start_clocks(inspection, ON_SCHEDULING, by)
    if revisit_of is not None:
        _revisit_clock_start(revisit_of, by)
    return inspection


def _revisit_clock_start(revisited: Inspection, by) -> None:
    """The re-visit clock of the inspection re-visited, once: a clock of it already running,
    missed or met stays as it is (a second re-visit, after one withdrawn, finds it)."""
    existing = clock_of(revisited, "revisit")
    if existing is None or existing.status == DeadlineStatus.CANCELLED:
        start_clocks(revisited, ON_SCHEDULING_A_REVISIT, by)


EDITABLE = ("framework", "onsite_start", "onsite_end", "reference")


def update_warnings(inspection: Inspection, changed: Collection[str],
                    calendar=None) -> list[SchedulingWarning]:
    """What changing these details warns of: the on-site length, when the dates or the
    framework change (the re-visit's standing was warned of when it was scheduled)."""
    if not {"onsite_start", "onsite_end", "framework"} & set(changed):
        return []
    return onsite_warnings(inspection.onsite_start, inspection.onsite_end,
                           framework=inspection.framework,
                           calendar=calendar or calendar_current())


def _check_framework_change(inspection: Inspection, was: str) -> None:
    """A re-visit is scheduled as one, naming what it follows, and stays one; an inspection
    with a re-visit stays a 2016 inspection."""
    if Framework.REVISIT_2016 in (was, inspection.framework):
        raise ValidationError({"framework": "A 2016 re-visit is scheduled as one, naming the "
                                            "inspection it follows, and stays one: schedule "
                                            "a new inspection instead"})
    if Inspection.objects.filter(revisit_of=inspection).exists():
        raise ValidationError({"framework": "This inspection has a re-visit, so it stays a "
                                            "2016 inspection"})


@transaction.atomic
def inspection_update(*, inspection: Inspection, by, expected_version: int,
                      acknowledged: Collection[str] = (), **changes) -> Inspection:
    """Change an inspection's details, refusing if someone else saved it since
    `expected_version`. Dates can change only before notification. On-site work longer
    than the framework's normal length goes ahead only if "onsite_length" is in
    `acknowledged` (otherwise Unacknowledged)."""
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
    if "framework" in changed:
        _check_framework_change(inspection, before["framework"])
    calendar = calendar_current()
    check_onsite_dates(inspection.onsite_start, inspection.onsite_end,
                       framework=inspection.framework, calendar=calendar)
    check_revisit_dates(revisit_of=inspection.revisit_of, onsite_start=inspection.onsite_start)
    inspection.full_clean()
    warned = require_acknowledged(update_warnings(inspection, changed, calendar),
                                  acknowledged)
    save_with_version(inspection, changed, expected_version)
    audit_record(actor=by, action="inspection.update", obj=inspection,
                 local_area=inspection.local_area,
                 before={f: _plain(before[f]) for f in changed},
                 after={**{f: _plain(getattr(inspection, f)) for f in changed},
                        "version": inspection.version, **_acknowledged_audit(warned)})
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


