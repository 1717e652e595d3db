"""The letter's findings: written by the lead inspector while the letter is being drafted,
each linked to the evidence records that support it (docs/decisions/0034). Every change is
checked through the policy and audited without its words."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from audit.services import audit_record, text_fields
from config import clock
from evidence.models import EvidenceRecord, EvidenceStatus
from policy import letters as policy
from reports.models import (
    QUESTION_SECTIONS,
    Finding,
    FindingEvidence,
    FindingKind,
    FindingSection,
    LetterState,
    OutcomeLetter,
)

# The order of the letter's sections (Medway letter, 2018); a 2023-framework letter ends its
# findings with its recommendations (Barnet paper 1.10 and 1.14).
SECTION_ORDER = [FindingSection.MAIN, FindingSection.A, FindingSection.B, FindingSection.C,
                 FindingSection.SELF_EVALUATION, FindingSection.RECOMMENDATIONS]
RECOMMENDATIONS_2023_ONLY = ("Recommendations are made only in a letter under the 2023 "
                             "framework: put the finding in another section")
KIND_MESSAGE = "Select whether it is a strength or an area for development"
STALE_MESSAGE = ("This finding was changed by someone else after you opened it. Their "
                 "version is shown; make your change again")


def sections_for(inspection) -> list[str]:
    """The sections a letter of this inspection has, in the letter's order: recommendations
    only under the 2023 framework."""
    return [section for section in SECTION_ORDER
            if inspection.is_2023 or section != FindingSection.RECOMMENDATIONS]


def letter_locked(letter: OutcomeLetter) -> OutcomeLetter:
    """The letter as it stands, locked for the change about to be made to it."""
    return (OutcomeLetter.objects.select_for_update(of=("self",))
            .select_related("inspection__local_area").prefetch_related("inspection__team")
            .get(pk=letter.pk))


# While the letter's text may change: as it is drafted, and while the draft is with the
# local area, when the lead inspector amends it in answer to the area's comments (handbook
# 67). Not with quality assurance, who decide on the version as it stands, nor once final.
CHANGEABLE = frozenset({LetterState.DRAFTING, LetterState.DRAFT_WITH_LOCAL_AREA})


def require_drafting(letter: OutcomeLetter, by, *, action: str = "write_findings") -> None:
    """Refuse unless `by` may take the action and the letter's text may change."""
    policy.require(by, letter, action)
    if letter.state not in CHANGEABLE:
        raise ValidationError(
            "The letter can be changed only while it is being drafted or while the draft "
            f"is with the local area: it is now at {letter.get_state_display().lower()}")


def _kind_for(letter: OutcomeLetter, section: str, kind: str) -> str:
    """The kind a finding in this section has: a question's section holds strengths and
    areas for development; the others, findings. Recommendations only on a 2023 letter."""
    if section not in FindingSection.values:
        raise ValidationError({"section": "Select where the finding goes in the letter"})
    if section not in sections_for(letter.inspection):
        raise ValidationError({"section": RECOMMENDATIONS_2023_ONLY})
    if section in QUESTION_SECTIONS:
        if kind not in (FindingKind.STRENGTH, FindingKind.DEVELOPMENT):
            raise ValidationError({"kind": KIND_MESSAGE})
        return kind
    return FindingKind.FINDING


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the finding"})
    return text


def _audit(letter: OutcomeLetter, by, action: str, after: dict) -> None:
    audit_record(actor=by, action=action, obj=letter, local_area=letter.inspection.local_area,
                 after=after)


@transaction.atomic
def finding_add(*, letter: OutcomeLetter, by, section: str, text: str,
                kind: str = "") -> Finding:
    """A new finding, last in its section."""
    letter = letter_locked(letter)
    require_drafting(letter, by)
    kind, text = _kind_for(letter, section, kind), _clean_text(text)
    last = (Finding.objects.filter(letter=letter, section=section)
            .aggregate(last=Max("position"))["last"] or 0)
    finding = Finding.objects.create(letter=letter, section=section, kind=kind, text=text,
                                     position=last + 1, written_by=by,
                                     written_at=clock.now())
    _audit(letter, by, "finding.added", {"finding_id": finding.pk, "section": section,
                                        "kind": kind, "fields": text_fields(text=text)})
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, by, section: str, text: str, version: int,
                   kind: str = "") -> Finding:
    """Change a finding made against the version the writer saw; a change against an older
    version is refused, never saved over the newer one. Moved to another section, it goes
    last there."""
    letter = letter_locked(finding.letter)
    require_drafting(letter, by)
    current = Finding.objects.select_for_update().get(pk=finding.pk, letter=letter)
    if current.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    kind, text = _kind_for(letter, section, kind), _clean_text(text)
    before = {"section": current.section, "kind": current.kind}
    if section != current.section:
        current.position = (Finding.objects.filter(letter=letter, section=section)
                            .aggregate(last=Max("position"))["last"] or 0) + 1
    changed = text_fields(text=text) if text != current.text else []
    current.section, current.kind, current.text = section, kind, text
    current.version += 1
    current.save(update_fields=["section", "kind", "text", "position", "version"])
    audit_record(actor=by, action="finding.changed", obj=letter,
                 local_area=letter.inspection.local_area, before=before,
                 after={"finding_id": current.pk, "section": section, "kind": kind,
                        "version": current.version, "fields": changed})
    return current


@transaction.atomic
def finding_move(*, finding: Finding, by, direction: str) -> Finding:
    """Move a finding one place up or down among those the letter prints with it (its
    section, and in a question's section its kind), by swapping places with its neighbour.
    At the top (or bottom) already, it stays, and says so."""
    letter = letter_locked(finding.letter)
    require_drafting(letter, by)
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the finding up or down")
    current = Finding.objects.get(pk=finding.pk, letter=letter)
    # The section numbered 1, 2, 3 … in its order first: places are then distinct.
    in_section = list(Finding.objects.select_for_update()
                      .filter(letter=letter, section=current.section).order_by("position", "id"))
    for number, row in enumerate(in_section, start=1):
        row.position = number
    together = [row for row in in_section if row.kind == current.kind]
    here = next(index for index, row in enumerate(together) if row.pk == current.pk)
    there = here - 1 if direction == "up" else here + 1
    if not 0 <= there < len(together):
        raise ValidationError(f"The finding is {'first' if direction == 'up' else 'last'} "
                              f"in its part of the letter already")
    together[here].position, together[there].position = (together[there].position,
                                                          together[here].position)
    Finding.objects.bulk_update(in_section, ["position"])
    _audit(letter, by, "finding.moved", {"finding_id": current.pk, "direction": direction})
    return current


@transaction.atomic
def finding_remove(*, finding: Finding, by) -> None:
    letter = letter_locked(finding.letter)
    require_drafting(letter, by)
    current = Finding.objects.get(pk=finding.pk, letter=letter)
    links = current.links.count()
    current.delete()
    _audit(letter, by, "finding.removed", {"finding_id": finding.pk,
                                          "section": current.section, "links": links})


@transaction.atomic
def finding_evidence_link(*, finding: Finding, by, record_ids: list[int]) -> int:
    """Link final evidence records of the letter's inspection to the finding (those linked
    already stay as they are). Returns how many were newly linked."""
    letter = letter_locked(finding.letter)
    require_drafting(letter, by)
    wanted = set(record_ids)
    if not wanted:
        raise ValidationError({"records": "Select the evidence that supports the finding"})
    found = dict(EvidenceRecord.objects.filter(inspection_id=letter.inspection_id,
                                               pk__in=wanted).values_list("pk", "status"))
    if set(found) != wanted:
        raise ValidationError({"records": "Select evidence recorded on this inspection"})
    if any(status != EvidenceStatus.FINAL for status in found.values()):
        raise ValidationError({"records": "Only final evidence can support a finding: make "
                                          "the draft final first"})
    already = set(FindingEvidence.objects.filter(finding=finding, record_id__in=wanted)
                  .values_list("record_id", flat=True))
    now = clock.now()
    new = sorted(wanted - already)
    FindingEvidence.objects.bulk_create(
        [FindingEvidence(finding=finding, record_id=pk, linked_by=by, linked_at=now)
         for pk in new], ignore_conflicts=True)
    if new:
        _audit(letter, by, "finding.evidence_linked", {
            "finding_id": finding.pk, "records": len(new),
            "record_ids": [str(pk) for pk in new]})
    return len(new)


@transaction.atomic
def finding_evidence_unlink(*, finding: Finding, by, record_id: int) -> None:
    letter = letter_locked(finding.letter)
    require_drafting(letter, by)
    deleted, _ = FindingEvidence.objects.filter(finding=finding, record_id=record_id).delete()
    if deleted:
        _audit(letter, by, "finding.evidence_unlinked", {
            "finding_id": finding.pk, "records": 1, "record_ids": [str(record_id)]})
