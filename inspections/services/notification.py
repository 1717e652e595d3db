"""What the notification call records besides the call to the local authority: CQC's calls
to the chief executives of the area's CCGs or ICBs (handbook 18 and 21), as many as there
are, and the lead inspector's and CQC inspector's joint call with the LANO (20).

Both follow the call to the local authority ("once the lead HMI has contacted the local
authority"; "once it is confirmed that the inspection will take place") and come before
on-site work starts. inspections.services.lifecycle.inspection_notify checks and records
them in the same transaction as the notification itself.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from config import clock
from local_areas.models import AreaHealthPartner


@dataclass(frozen=True)
class HealthLeaderCalled:
    """One of CQC's calls, as given to the service: the person called, their job title
    (blank for the chief executive), the CCG or ICB (from the register, or its name), and
    when."""

    person_called: str
    called_at: datetime.datetime | None
    health_partner: object | None = None
    organisation: str = ""
    job_title: str = ""


def health_call_texts(health_calls: list[HealthLeaderCalled]) -> dict[str, str]:
    """What was typed about the health calls, by field, for the audit row's markers."""
    return {"health_leader_names": " ".join(call.person_called for call in health_calls),
            "health_leader_job_titles": " ".join(call.job_title for call in health_calls),
            "ccg_or_icb_names": " ".join(call.organisation for call in health_calls)}


def health_call_key(index: int, field: str) -> str:
    """The key a refusal about the index-th health call (from 0) is given under."""
    return f"health_calls.{index}.{field}"


def _timing_errors(called_at: datetime.datetime, *, after: datetime.datetime,
                   inspection, what: str) -> str:
    """Why a call cannot have been at that moment, in words; blank if it can."""
    if called_at > clock.now():
        return f"The {what} cannot be in the future"
    if called_at < after:
        return f"The {what} must be after the call to the local authority"
    day = timezone.localdate(called_at)
    if inspection.is_2023 and day > inspection.onsite_start:
        # Under the 2023 framework the area is told on the inspection's first day.
        return (f"The {what} must be on or before the inspection's first day, the Monday "
                f"of week 1")
    if not inspection.is_2023 and day >= inspection.onsite_start:
        return f"The {what} must be before on-site work starts"
    return ""


def health_calls_check(*, inspection, calls: list[HealthLeaderCalled],
                       after: datetime.datetime) -> None:
    """Refuse, each on its own field, a health call without a name, a CCG or ICB or a time,
    one to a CCG or ICB that does not work with the area, or one at a time it cannot have
    been at."""
    partners = set(AreaHealthPartner.objects.filter(local_area=inspection.local_area)
                   .values_list("health_partner_id", flat=True))
    errors: dict[str, list[str]] = {}
    for index, call in enumerate(calls):
        def refuse(field: str, message: str, index=index) -> None:
            errors.setdefault(health_call_key(index, field), []).append(message)

        if not call.person_called.strip():
            refuse("person_called", "Enter the name of the person CQC called")
        if (call.health_partner is None) == (not call.organisation.strip()):
            refuse("health_partner", "Select the CCG or ICB, or enter its name if it is not "
                                     "listed, but not both")
        elif call.health_partner is not None and call.health_partner.pk not in partners:
            refuse("health_partner", f"{call.health_partner.name} does not work with "
                                     f"{inspection.local_area.name}")
        if call.called_at is None:
            refuse("called_at", "Enter the date and time of CQC's call")
        elif message := _timing_errors(call.called_at, after=after, inspection=inspection,
                                       what="CQC call"):
            refuse("called_at", message)
    if errors:
        raise ValidationError(errors)


def lano_call_check(*, inspection, called_at: datetime.datetime | None, team: list,
                    after: datetime.datetime) -> None:
    """Refuse a joint call with the LANO at a time it cannot have been at, or with someone
    who is not on the inspection's team."""
    errors: dict[str, str] = {}
    if called_at is not None and (message := _timing_errors(
            called_at, after=after, inspection=inspection, what="call with the LANO")):
        errors["lano_called_at"] = message
    on_team = {member.user_id for member in inspection.team.all()}
    if any(user.pk not in on_team for user in team):
        errors["lano_call_team"] = "Only members of the inspection team can be recorded as " \
                                   "taking part in the call with the LANO"
    elif team and called_at is None:
        errors["lano_called_at"] = "Enter the date and time of the call with the LANO"
    if errors:
        raise ValidationError(errors)


def calls_record(*, notification_call, health_calls: list[HealthLeaderCalled],
                 lano_called_at: datetime.datetime | None, lano_call_team: list) -> None:
    """Replace the call's health calls and joint LANO call with those given."""
    from inspections.models import HealthLeaderCall

    notification_call.health_calls.all().delete()
    HealthLeaderCall.objects.bulk_create(
        HealthLeaderCall(notification_call=notification_call,
                         person_called=call.person_called.strip(),
                         job_title=call.job_title.strip(), health_partner=call.health_partner,
                         organisation=call.organisation.strip(), called_at=call.called_at)
        for call in health_calls)
    notification_call.lano_called_at = lano_called_at
    notification_call.save(update_fields=["lano_called_at"])
    notification_call.lano_call_team.set(lano_call_team)
