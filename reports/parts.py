"""The determination, and who the letter is addressed and copied to.

The determination is recorded on the inspection before the final feedback meeting, where the
area is told of it (framework 15 to 17, handbook 37, 38, 54 and 55): first the team's
recommendation at the final team meeting (the lead inspector: whether a written statement of
action is required, who must submit it, and the areas of significant weakness it must
tackle), then the decision of HMCI's delegate, who agrees or changes it with reasons. The
letter's addressees are written while it is drafted. Every change is checked through the
policy and audited without its words."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from inspections.models import Inspection, State
from policy import letters as policy
from reports.findings import letter_locked, require_drafting
from reports.models import (
    Determination,
    DeterminationDecision,
    OutcomeLetter,
    PrincipalAuthority,
    SignificantWeakness,
)

AUTHORITY_MESSAGE = "Select who must submit the written statement of action"
WEAKNESSES_MESSAGE = ("Enter the areas of significant weakness the written statement of "
                      "action must tackle, one to a line")
# The final team meeting is on the last day on site; the area is told at the feedback meeting.
BEFORE_FEEDBACK = frozenset({State.ON_SITE})
STALE_MESSAGE = ("The determination was changed by someone else after you opened it: check "
                 "it as it is now, then make your change again")


def _inspection_locked(inspection: Inspection) -> Inspection:
    return (Inspection.objects.select_for_update(of=("self",)).select_related("local_area")
            .prefetch_related("team").get(pk=inspection.pk))


def _require_before_feedback(inspection: Inspection) -> None:
    if inspection.state not in BEFORE_FEEDBACK:
        raise ValidationError(
            "The determination is recorded while the team is on site, before the final "
            f"feedback meeting: this inspection is {inspection.get_state_display().lower()}")


def _authority(wsoa: bool, authority: str) -> str:
    if not wsoa:
        return ""
    if authority not in PrincipalAuthority.values:
        raise ValidationError({"principal_authority": AUTHORITY_MESSAGE})
    return authority


def _audit(inspection: Inspection, by, action: str, after: dict) -> None:
    audit_record(actor=by, action=action, obj=inspection, local_area=inspection.local_area,
                 after=after)


@transaction.atomic
def determination_recommend(*, inspection: Inspection, by, wsoa_required: bool,
                            principal_authority: str = "", weaknesses: list[str] = (),
                            version: int | None = None) -> Determination:
    """The team's recommendation, recorded by the lead inspector: again, to correct it,
    until HMCI's delegate has decided."""
    inspection = _inspection_locked(inspection)
    policy.require_on_inspection(by, inspection, "recommend_determination")
    _require_before_feedback(inspection)
    authority = _authority(wsoa_required, principal_authority)
    lines = [line.strip() for line in weaknesses if line and line.strip()]
    if wsoa_required and not lines:
        raise ValidationError({"weaknesses": WEAKNESSES_MESSAGE})
    if not wsoa_required:
        lines = []
    existing = Determination.objects.select_for_update().filter(inspection=inspection).first()
    if existing is not None:
        if existing.decision:
            raise ValidationError("HMCI's delegate has already decided: the recommendation "
                                  "can no longer change")
        if version is not None and existing.version != version:
            raise ValidationError(STALE_MESSAGE, code="stale")
    now = clock.now()
    determination, made = Determination.objects.update_or_create(
        inspection=inspection, defaults={
            "recommended_wsoa": wsoa_required, "recommended_authority": authority,
            "recommended_by": by, "recommended_at": now,
            "version": 1 if existing is None else existing.version + 1})
    SignificantWeakness.objects.filter(determination=determination).delete()
    SignificantWeakness.objects.bulk_create(
        [SignificantWeakness(determination=determination, text=text, position=n)
         for n, text in enumerate(lines, start=1)])
    _audit(inspection, by, "inspection.determination_recommended", {
        "wsoa_required": wsoa_required, "principal_authority": authority,
        "weaknesses": len(lines), "corrected": not made})
    return determination


@transaction.atomic
def determination_decide(*, inspection: Inspection, by, agreed: bool,
                         wsoa_required: bool | None = None, principal_authority: str = "",
                         reasons: str = "", version: int | None = None) -> Determination:
    """HMCI's delegate agrees with the team's recommendation, or changes it, saying why."""
    inspection = _inspection_locked(inspection)
    policy.require_on_inspection(by, inspection, "decide_determination")
    _require_before_feedback(inspection)
    determination = (Determination.objects.select_for_update()
                     .filter(inspection=inspection).first())
    if determination is None:
        raise ValidationError("The team has not recommended a determination yet")
    if version is not None and determination.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    reasons = (reasons or "").strip()
    if agreed:
        wsoa, authority = determination.recommended_wsoa, determination.recommended_authority
        decision = DeterminationDecision.AGREED
    else:
        if wsoa_required is None:
            raise ValidationError({"wsoa_required": "Select whether a written statement of "
                                                    "action is required"})
        wsoa, authority = wsoa_required, _authority(wsoa_required, principal_authority)
        if not reasons:
            raise ValidationError({"reasons": "Say why the recommendation is changed"})
        if wsoa and not determination.weaknesses.exists():
            raise ValidationError({"wsoa_required": "The team named no areas of significant "
                                                    "weakness: ask the lead inspector to "
                                                    "recommend them first"})
        decision = DeterminationDecision.CHANGED
    determination.decision, determination.wsoa_required = decision, wsoa
    determination.principal_authority, determination.reasons = authority, reasons
    determination.decided_by, determination.decided_at = by, clock.now()
    determination.version += 1
    determination.save()
    _audit(inspection, by, "inspection.determination_decided", {
        "decision": decision, "wsoa_required": wsoa, "principal_authority": authority,
        "fields": text_fields(reasons=reasons)})
    from wsoa.services import wsoa_follow_determination

    wsoa_follow_determination(determination=determination, by=by)
    return determination


@transaction.atomic
def letter_recipients_update(*, letter: OutcomeLetter, by, addressee: str,
                             also_addressed: str = "", cc: str = "") -> OutcomeLetter:
    """Who the letter is written to (a line each: name, role, organisation, address), who
    else it is addressed to, and who it is copied to."""
    letter = letter_locked(letter)
    require_drafting(letter, by)
    letter.addressee, letter.also_addressed, letter.cc = (
        addressee.strip(), also_addressed.strip(), cc.strip())
    letter.save(update_fields=["addressee", "also_addressed", "cc"])
    audit_record(actor=by, action="letter.recipients_changed", obj=letter,
                 local_area=letter.inspection.local_area,
                 after={"fields": text_fields(addressee=addressee,
                                              also_addressed=also_addressed, cc=cc)})
    return letter
