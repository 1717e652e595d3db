"""Copies of the final report (handbook 71): the Secretary of State (for Education, and for
Health and Social Care), the local authority for the area inspected, and the principal
authority where HMCI determined that a written statement of action is required and it is not
the local authority alone; and any others HMCI considers appropriate.

The statutory copies are recorded as sent on the day the report is published, as part of
publishing it; an Ofsted admin records the others."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record
from config import clock
from inspections import dates
from local_areas.models import AreaHealthPartner
from policy import letters as policy
from reports.models import (
    CopyRecipient,
    LetterState,
    OutcomeLetter,
    PrincipalAuthority,
    ReportCopy,
)

SENT_ON = "Date the copy was sent"


def statutory_copies(letter: OutcomeLetter, on: datetime.date) -> list[tuple[str, str]]:
    """(recipient, name) of each copy the regulations require, for the report published on
    `on`."""
    inspection = letter.inspection
    area = inspection.local_area
    copies = [(CopyRecipient.EDUCATION, CopyRecipient.EDUCATION.label.removeprefix("The ")),
              (CopyRecipient.HEALTH, CopyRecipient.HEALTH.label.removeprefix("The ")),
              (CopyRecipient.LOCAL_AUTHORITY, f"The local authority of {area.name}")]
    determination = getattr(inspection, "determination", None)
    if determination is not None and determination.wsoa_required and \
            determination.principal_authority in (PrincipalAuthority.HEALTH,
                                                  PrincipalAuthority.JOINT):
        partners = [p.health_partner.name for p in AreaHealthPartner.objects.valid_on(on)
                    .filter(local_area=area).select_related("health_partner")
                    .order_by("health_partner__name")]
        copies += [(CopyRecipient.PRINCIPAL, name) for name in partners] or [
            (CopyRecipient.PRINCIPAL, f"The CCG or ICB of {area.name}")]
    return copies


def copies_record_statutory(*, letter: OutcomeLetter, by, on: datetime.date) -> int:
    """Record the statutory copies as sent on `on` (the day of publication), once each. Run
    inside publishing's transaction. Returns how many were recorded now."""
    made = 0
    for recipient, name in statutory_copies(letter, on):
        _, created = ReportCopy.objects.get_or_create(
            letter=letter, recipient=recipient, name=name,
            defaults={"sent_on": on, "recorded_by": by, "recorded_at": clock.now()})
        made += created
    if made:
        audit_record(actor=by, action="letter.copies_recorded", obj=letter,
                     local_area=letter.inspection.local_area,
                     after={"copies": made, "sent_on": on})
    return made


def copy_date_rule(letter: OutcomeLetter) -> dates.DateRule:
    """A copy goes once the final report has been issued, by today."""
    issued = letter.final_issued_on
    return dates.DateRule(SENT_ON, "sent_on", clock.today(), after=(
        (dates.Bound(issued, "the date the final report was sent"),) if issued else ()))


def copies_refusal(letter: OutcomeLetter) -> str:
    if letter.state != LetterState.FINAL_ISSUED:
        return "Copies are sent once the final report has been issued"
    return ""


@transaction.atomic
def copy_add(*, letter: OutcomeLetter, by, name: str, sent_on: datetime.date) -> ReportCopy:
    """Record a copy sent to someone else HMCI considers appropriate."""
    letter = (OutcomeLetter.objects.select_for_update(of=("self",))
              .select_related("inspection__local_area").get(pk=letter.pk))
    policy.require(by, letter, "record_copies")
    if not name.strip():
        raise ValidationError({"name": "Enter who the copy was sent to"})
    if refusal := copies_refusal(letter):
        raise ValidationError(refusal)
    copy_date_rule(letter).check(sent_on)
    if ReportCopy.objects.filter(letter=letter, recipient=CopyRecipient.OTHER,
                                 name=name.strip()).exists():
        raise ValidationError({"name": "A copy to them is already recorded"})
    made = ReportCopy.objects.create(letter=letter, recipient=CopyRecipient.OTHER,
                                     name=name.strip(), sent_on=sent_on, recorded_by=by,
                                     recorded_at=clock.now())
    audit_record(actor=by, action="letter.copy_added", obj=letter,
                 local_area=letter.inspection.local_area,
                 after={"copy_id": made.pk, "sent_on": sent_on})
    return made
