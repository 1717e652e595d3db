"""Every change to an outcome letter goes through these services: atomic, checked through
the policy, audited, with the statutory clocks its lifecycle table lists."""

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from deadlines.selectors import deadline_for_case
from inspections import dates
from inspections.models import Inspection
from inspections.services.common import iso
from inspections.services.lifecycle import clocks_follow, take_step
from policy import letters as policy
from reports import accuracy, versions
from reports.models import (
    LetterReview,
    LetterVersion,
    OutcomeLetter,
    ReviewDecision,
    VersionReason,
)
from reports.selectors import (
    approvals_missing_refusal,
    approved_already,
    current_version,
    reviewer_refusal,
)
from reports.transitions import LETTER_LIFECYCLE

# From which letter states each step may be taken, as the lifecycle table says.
LETTER_STEPS: dict[str, frozenset[str]] = {
    name: step.from_states for name, step in LETTER_LIFECYCLE.items()}


def _locked(letter: OutcomeLetter) -> OutcomeLetter:
    return (OutcomeLetter.objects.select_for_update(of=("self",))
            .select_related("inspection__local_area").get(pk=letter.pk))


def _audit(letter: OutcomeLetter, by, action: str, before: dict | None, after: dict) -> None:
    audit_record(actor=by, action=f"letter.{action}", obj=letter,
                 local_area=letter.inspection.local_area, before=before, after=after)


@transaction.atomic
def inspection_start_drafting(*, inspection: Inspection, by) -> OutcomeLetter:
    """The lead starts writing the letter: the inspection moves to "reporting" and its
    letter is made, in drafting, at version 1."""
    inspection = take_step("start_drafting", inspection=inspection, by=by)
    letter = OutcomeLetter.objects.create(inspection=inspection, created_at=clock.now())
    LetterVersion.objects.create(letter=letter, number=1, reason=VersionReason.FIRST_DRAFT,
                                 started_by=by, started_at=clock.now())
    _audit(letter, by, "create", None, {"state": letter.state, "letter_version": 1})
    return letter


@transaction.atomic
def take_letter_step(name: str, *, letter: OutcomeLetter, by, on: datetime.date | None = None,
                     check: Callable[[OutcomeLetter], None] | None = None,
                     then: Callable[[OutcomeLetter], dict] | None = None) -> OutcomeLetter:
    """Take the step `name` as the letter's lifecycle table says (reports.transitions).

    On the locked, fresh row: refuses with PermissionDenied unless the policy lets `by` take
    the step, and with ValidationError if the letter is in none of the step's from-states or
    if `check` raises it. Then sets the step's to-state and its dated field to `on`, saves,
    runs `then(letter)` (the rows particular to the step; it returns what the audit row adds,
    never free text), audits, and meets and starts the clocks the table lists, all in the same
    transaction. Returns the letter as saved.
    """
    step = LETTER_LIFECYCLE[name]
    letter = _locked(letter)
    policy.require(by, letter, name)
    if letter.state not in step.from_states:
        raise ValidationError(f"You cannot {policy.RULES[name].doing} while the letter is "
                              f"'{letter.get_state_display().lower()}'")
    if check is not None:
        check(letter)
    before = letter.state
    changes = {**({"state": step.to_state} if step.to_state else {}),
               **({step.records: on} if step.records else {})}
    for field, value in changes.items():
        setattr(letter, field, value)
    letter.save(update_fields=list(changes))
    extra = {**({step.records: iso(on)} if step.records else {}),
             **(then(letter) if then else {})}
    _audit(letter, by, step.audited_as, {"state": before} if step.to_state else None,
           {**({"state": letter.state} if step.to_state else {}), **extra})
    clocks_follow(step, letter.inspection, by, on, subject=letter)
    return letter


@transaction.atomic
def letter_submit_for_qa(*, letter: OutcomeLetter, by) -> OutcomeLetter:
    return take_letter_step("submit_for_qa", letter=letter, by=by,
                            then=versions.freeze_current)


def _require_reviewer_for(by, inspectorate: str) -> None:
    """Ofsted's quality assurance decisions are recorded by Ofsted staff, CQC's by CQC's."""
    if refusal := reviewer_refusal(by, inspectorate):
        raise PermissionDenied(refusal)


@transaction.atomic
def letter_approve_draft(*, letter: OutcomeLetter, by, inspectorate: str) -> OutcomeLetter:
    """Quality assurance approves the current version for its own inspectorate; the letter
    stays with quality assurance until it is sent. Refuses with PermissionDenied a reviewer
    who is not staff of that inspectorate, and with ValidationError a second approval of the
    same version by the same inspectorate (a database constraint holds it too)."""
    def own_inspectorate_once(fresh: OutcomeLetter) -> None:
        _require_reviewer_for(by, inspectorate)
        if refusal := approved_already(fresh, inspectorate):
            raise ValidationError(refusal)

    def approve(fresh: OutcomeLetter) -> dict:
        version = current_version(fresh)
        LetterReview.objects.create(version=version, reviewer=by, inspectorate=inspectorate,
                                    decision=ReviewDecision.APPROVED, decided_at=clock.now())
        return {"inspectorate": inspectorate, "letter_version": version.number}

    return take_letter_step("approve_draft", letter=letter, by=by,
                            check=own_inspectorate_once, then=approve)


@transaction.atomic
def letter_return_draft(*, letter: OutcomeLetter, by, comments: str) -> OutcomeLetter:
    """Quality assurance sends the draft back to the lead with comments; the lead revises
    it as the next version. The comments are kept on the review, not in the audit row."""
    if not comments.strip():
        raise ValidationError({"comments": "Say what the lead inspector needs to change"})

    def reviewer_of_an_inspectorate(fresh: OutcomeLetter) -> None:
        _require_reviewer_for(by, by.inspectorate)

    def review_and_next_version(fresh: OutcomeLetter) -> dict:
        version = current_version(fresh)
        LetterReview.objects.create(version=version, reviewer=by,
                                    inspectorate=by.inspectorate,
                                    decision=ReviewDecision.RETURNED, comments=comments,
                                    decided_at=clock.now())
        LetterVersion.objects.create(letter=fresh, number=version.number + 1,
                                     reason=VersionReason.RETURNED, started_by=by,
                                     started_at=clock.now())
        return {"inspectorate": by.inspectorate, "letter_version": version.number + 1,
                "fields": text_fields(comments=comments)}

    return take_letter_step("return_draft", letter=letter, by=by,
                            check=reviewer_of_an_inspectorate, then=review_and_next_version)


@transaction.atomic
def letter_send_draft(*, letter: OutcomeLetter, by, on: datetime.date) -> OutcomeLetter:
    """The draft goes to the area, restricted; their 10 working days to comment start.
    Refused until Ofsted and CQC have both approved the current version. Those of the area
    named to receive it read it from then on; others may be named later (a draft sent with
    nobody named reaches the area outside the service, and the page says so first)."""
    def both_approved_and_after_feedback(fresh: OutcomeLetter) -> None:
        if refusal := approvals_missing_refusal(fresh):
            raise ValidationError(refusal)
        dates.draft_sent(fresh).check(on)

    def sent(fresh: OutcomeLetter) -> dict:
        # The recipients' PDF, marked as the restricted draft, rendered once this commits.
        from reports.tasks import render_letter

        transaction.on_commit(lambda: render_letter.delay(fresh.pk))
        return versions.freeze_sent(fresh)

    return take_letter_step("send_draft", letter=letter, by=by, on=on,
                            check=both_approved_and_after_feedback, then=sent)


@transaction.atomic
def letter_record_comments_received(*, letter: OutcomeLetter, by,
                                    on: datetime.date) -> OutcomeLetter:
    """The area's comments on the draft are in: their clock is met; the state stays."""
    return take_letter_step("comments_received", letter=letter, by=by, on=on,
                            check=lambda fresh: dates.comments_received(fresh).check(on))


@transaction.atomic
def letter_issue_final(*, letter: OutcomeLetter, by, on: datetime.date) -> OutcomeLetter:
    """The final report goes to the area: after the draft, and after their comments or,
    without them, once their time to comment is up; by today. Refused while any of their
    comments has no answer."""

    def comments_in_or_time_up(fresh: OutcomeLetter) -> None:
        if refusal := accuracy.unanswered_refusal(fresh, "issue the final report"):
            raise ValidationError(refusal)
        comments_clock = deadline_for_case(inspection=fresh.inspection,
                                           rule_code="factual_accuracy")
        dates.final_issued(fresh, comments_due=comments_clock.due_date if comments_clock
                           else None).check(on)

    return take_letter_step("issue_final", letter=letter, by=by, on=on,
                            check=comments_in_or_time_up,
                            then=lambda fresh: versions.freeze_final(fresh, by))
