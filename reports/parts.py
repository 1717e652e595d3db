"""The letter's other parts, written while it is drafted: HMCI's determination (whether a
written statement of action is required, and who must submit it) and who the letter is
addressed and copied to. Checked through the policy, audited without their words."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from reports.findings import _locked, _require_drafting
from reports.models import Determination, OutcomeLetter, PrincipalAuthority

AUTHORITY_MESSAGE = "Select who must submit the written statement of action"


@transaction.atomic
def determination_record(*, letter: OutcomeLetter, by, wsoa_required: bool,
                         principal_authority: str = "") -> Determination:
    """Record (or correct) the determination. With no written statement of action there is
    no one to submit it."""
    letter = _locked(letter)
    _require_drafting(letter, by, action="record_determination")
    if wsoa_required and principal_authority not in PrincipalAuthority.values:
        raise ValidationError({"principal_authority": AUTHORITY_MESSAGE})
    authority = principal_authority if wsoa_required else ""
    determination, made = Determination.objects.update_or_create(
        letter=letter, defaults={"wsoa_required": wsoa_required,
                                 "principal_authority": authority, "recorded_by": by,
                                 "recorded_at": clock.now()})
    audit_record(actor=by, action="letter.determination_recorded", obj=letter,
                 local_area=letter.inspection.local_area,
                 after={"wsoa_required": wsoa_required, "principal_authority": authority,
                        "corrected": not made})
    return determination


@transaction.atomic
def letter_recipients_update(*, letter: OutcomeLetter, by, addressee: str,
                             also_addressed: str = "", cc: str = "") -> OutcomeLetter:
    """Who the letter is written to (a line each: name, role, organisation, address), who
    else it is addressed to, and who it is copied to."""
    letter = _locked(letter)
    _require_drafting(letter, by)
    letter.addressee, letter.also_addressed, letter.cc = (
        addressee.strip(), also_addressed.strip(), cc.strip())
    letter.save(update_fields=["addressee", "also_addressed", "cc"])
    audit_record(actor=by, action="letter.recipients_changed", obj=letter,
                 local_area=letter.inspection.local_area,
                 after={"fields": text_fields(addressee=addressee,
                                              also_addressed=also_addressed, cc=cc)})
    return letter
