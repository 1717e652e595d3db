"""What the sources say about setting an inspection's dates, as rules the services apply and
the pages show before anyone sends a form (docs/decisions/0021).

Two kinds of finding: a refusal (ValidationError, nothing saved) and a warning, which is not
a refusal but goes ahead only when the caller says it was seen. A service given warnings it
was not told were acknowledged raises `Unacknowledged`, so no caller can pass one by without
saying so; the pages show the same warnings, from the same functions, first.

Everything here is pure: the calendar and the inspections concerned are passed in.
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from config.govuk_forms import long_date
from deadlines.arithmetic import weekday_date
from deadlines.calendar import WorkingDayCalendar
from inspections.models import FRAMEWORKS_2023, Framework, Inspection, State

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class SchedulingWarning:
    """Something unusual about what is being saved, in words."""

    code: str  # what kind of thing is warned of; a service is told the codes acknowledged
    key: str  # what exactly: when the answers change, the key changes and a form warns again
    message: str


class Unacknowledged(ValidationError):
    """The step would go ahead, but its warnings were not acknowledged: nothing was saved."""

    def __init__(self, warnings: Iterable[SchedulingWarning]):
        self.warnings = list(warnings)
        super().__init__([warning.message for warning in self.warnings],
                         code="unacknowledged")


def require_acknowledged(warnings: Iterable[SchedulingWarning],
                         acknowledged: Collection[str]) -> list[str]:
    """The codes of the warnings, once every one of them is among `acknowledged`; otherwise
    Unacknowledged naming those that are not. Services call it after every refusal, just
    before they save, so that a refusal is always reported before a warning."""
    warnings = list(warnings)
    missing = [warning for warning in warnings if warning.code not in acknowledged]
    if missing:
        raise Unacknowledged(missing)
    return sorted({warning.code for warning in warnings})


# What the audit trail calls each warning that was acknowledged.
WARNING_LABELS = {
    "onsite_length": "on-site work longer than usual",
    "revisit_not_covered": "a re-visit of an inspection the handbook's re-visit rules do "
                           "not cover",
}


# On-site length -----------------------------------------------------------------------------

HANDBOOK_PARA_30 = "Inspections do not normally last longer than five days"


@dataclass(frozen=True)
class OnsiteLength:
    """How long on-site work normally lasts under a framework, and whether longer is
    refused or only warned of."""

    working_days: int
    refused: bool
    source: str


# One entry a framework. The 2016 handbook says "normally" (para 30): longer is warned of,
# not refused. It sets no length for re-visits, which follow their own guidance (footnote
# 19, not among our sources), so a re-visit is warned of against the inspection's length.
# The 2023 framework's inspections are not measured in on-site days: their dates are the
# three weeks of fieldwork (check_fieldwork_2023), so they have no entry here.
ONSITE_LENGTHS: dict[str, OnsiteLength] = {
    Framework.LOCAL_AREA_SEND_2016: OnsiteLength(5, refused=False, source="para 30"),
    Framework.REVISIT_2016: OnsiteLength(5, refused=False, source="para 30"),
}


def onsite_working_days(start: datetime.date, end: datetime.date,
                        calendar: WorkingDayCalendar) -> int:
    """How many working days on-site work covers, first and last day included."""
    return calendar.working_days_between(start - ONE_DAY, end)


def check_onsite_dates(start: datetime.date, end: datetime.date, *, framework: str,
                       calendar: WorkingDayCalendar) -> None:
    """Refuse on-site dates that cannot be: out of order, starting at a weekend, or longer
    than the framework allows where its limit is a refusal; a 2023 inspection's fieldwork
    as check_fieldwork_2023 says."""
    if framework in FRAMEWORKS_2023:
        check_fieldwork_2023(start, end, calendar)
        return
    if end < start:
        raise ValidationError({"onsite_end": "The last day on site must be the same as or "
                                             "after the first day"})
    if start.weekday() >= 5:
        raise ValidationError({"onsite_start": "On-site work starts on a weekday"})
    length = ONSITE_LENGTHS.get(framework)
    if (length and length.refused
            and onsite_working_days(start, end, calendar) > length.working_days):
        raise ValidationError({"onsite_end": f"On-site work is normally no longer than "
                                             f"{length.working_days} working days"})


# Barnet paper, para 1.11: "Inspections will be 3 weeks"; Annex A: "Week 1, Monday".
FIELDWORK_WEEKS_2023 = 3


def check_fieldwork_2023(start: datetime.date, end: datetime.date,
                         calendar: WorkingDayCalendar) -> None:
    """A 2023 inspection's dates are its fieldwork: from its first day, the Monday of week 1,
    when the area is notified (the Tuesday when that Monday is a bank holiday or another
    non-working day), to the Friday of week 3 at the latest (docs/decisions/0020)."""
    if end < start:
        raise ValidationError({"onsite_end": "The last day of fieldwork must be the same as or "
                                             "after the first day"})
    monday = start - datetime.timedelta(days=start.weekday())
    first = calendar.next_working_day_on_or_after(monday)
    if start != first:
        closed = "" if first == monday else (
            f" ({weekday_date(monday)} is not a working day, so week 1 starts on "
            f"{weekday_date(first)})")
        raise ValidationError({"onsite_start": (
            f"Under the 2023 framework the inspection starts on the Monday of week 1, the day "
            f"the local area is notified: enter {weekday_date(first)} or another week's "
            f"Monday{closed}")})
    last = monday + datetime.timedelta(weeks=FIELDWORK_WEEKS_2023 - 1, days=4)
    if end > last:
        raise ValidationError({"onsite_end": (
            f"Under the 2023 framework an inspection lasts up to three weeks: the last day "
            f"can be no later than the Friday of week 3, {weekday_date(last)}")})


def onsite_warnings(start: datetime.date, end: datetime.date, *, framework: str,
                    calendar: WorkingDayCalendar) -> list[SchedulingWarning]:
    """A warning when on-site work is longer than the framework's normal length and the
    framework does not refuse it; none for dates check_onsite_dates refuses."""
    length = ONSITE_LENGTHS.get(framework)
    if length is None or length.refused or end < start:
        return []
    days = onsite_working_days(start, end, calendar)
    if days <= length.working_days:
        return []
    if framework == Framework.REVISIT_2016:
        said = (f"The 2016 handbook sets no length for re-visits (they follow their own "
                f"guidance, footnote 19); of inspections it says: \u2018{HANDBOOK_PARA_30}"
                f"\u2019 ({length.source}).")
    else:
        said = f"The 2016 handbook says: \u2018{HANDBOOK_PARA_30}\u2019 ({length.source})."
    return [SchedulingWarning(
        "onsite_length", f"onsite_length:{start.isoformat()}:{end.isoformat()}",
        f"On-site work from {long_date(start)} to {long_date(end)} covers {days} working "
        f"days. {said}")]


# Re-visits ----------------------------------------------------------------------------------

# Handbook paras 118 and 119: which areas receive a re-visit under the 2016 framework.
REVISITED_IF_INSPECTED_BEFORE = datetime.date(2020, 3, 1)  # para 119: before March 2020
NOT_REVISITED_IF_INSPECTED_AFTER = datetime.date(2021, 6, 30)  # para 118: after June 2021
HANDBOOK_PARA_118 = ("Local areas inspected after June 2021 that are required to produce a "
                     "WSOA will not receive a re-visit from Ofsted and the CQC under the "
                     "current inspection framework")
# What a re-visit can follow: a 2016 inspection whose report is published.
REVISITABLE_STATES = (State.PUBLISHED, State.CLOSED)


def onsite_dates_text(inspection: Inspection) -> str:
    """'4 to 8 December 2017', '27 November to 1 December 2017', or both dates in full."""
    start, end = inspection.onsite_start, inspection.onsite_end
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def check_revisit(*, framework: str, revisit_of: Inspection | None, local_area,
                  onsite_start: datetime.date) -> None:
    """Refuse a re-visit that names no inspection, or one it cannot follow: not a published
    2016 inspection of the same area, one inspected after June 2021 (handbook para 118), or
    on-site work before the report it follows was published. Refuse an inspection re-visits
    names when it is not a 2016 re-visit."""
    if framework != Framework.REVISIT_2016:
        if revisit_of is not None:
            raise ValidationError({"revisit_of": "Only a 2016 re-visit re-visits an "
                                                 "inspection: choose the 2016 re-visit "
                                                 "framework, or leave this blank"})
        return
    if revisit_of is None:
        raise ValidationError({"revisit_of": "Select the 2016 inspection this re-visit "
                                             "follows"})
    if (revisit_of.framework != Framework.LOCAL_AREA_SEND_2016
            or revisit_of.state not in REVISITABLE_STATES):
        raise ValidationError({"revisit_of": f"A re-visit follows a 2016 inspection whose "
                                             f"report is published: {revisit_of.reference} "
                                             f"is not one"})
    if revisit_of.local_area_id != local_area.pk:
        raise ValidationError({"revisit_of": f"A re-visit is of the same local area as the "
                                             f"inspection it follows: "
                                             f"{revisit_of.reference} was of "
                                             f"{revisit_of.local_area.name}"})
    if revisit_of.onsite_start > NOT_REVISITED_IF_INSPECTED_AFTER:
        raise ValidationError({"revisit_of": f"{revisit_of.reference} was on site "
                                             f"{onsite_dates_text(revisit_of)}, after June "
                                             f"2021: \u2018{HANDBOOK_PARA_118}\u2019 "
                                             f"(handbook para 118)"})
    check_revisit_dates(revisit_of=revisit_of, onsite_start=onsite_start)


def check_revisit_dates(*, revisit_of: Inspection | None,
                        onsite_start: datetime.date) -> None:
    """A re-visit's on-site work starts after the report it follows was published."""
    published = revisit_of.published_on if revisit_of is not None else None
    if published is not None and onsite_start <= published:
        raise ValidationError({"onsite_start": f"A re-visit starts on site after the report "
                                               f"of the inspection it follows was "
                                               f"published, on {long_date(published)}"})


def revisit_warnings(*, framework: str,
                     revisit_of: Inspection | None) -> list[SchedulingWarning]:
    """A warning when the inspection re-visited was on site between March 2020 and June
    2021, on which the handbook says nothing (paras 118 and 119 cover before and after)."""
    if framework != Framework.REVISIT_2016 or revisit_of is None:
        return []
    if (revisit_of.onsite_end < REVISITED_IF_INSPECTED_BEFORE
            or revisit_of.onsite_start > NOT_REVISITED_IF_INSPECTED_AFTER):
        return []
    return [SchedulingWarning(
        "revisit_not_covered", f"revisit_not_covered:{revisit_of.pk}",
        f"{revisit_of.reference} was on site {onsite_dates_text(revisit_of)}, between "
        f"March 2020 and June 2021. The handbook says areas inspected before March 2020 "
        f"will likely receive a re-visit (para 119) and areas inspected after June 2021 "
        f"will not (para 118); it says nothing of areas inspected in between.")]
