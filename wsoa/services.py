"""The written statement of action's cycle: made by the determination, the final report
received, the statement submitted, reviewed jointly, revised once, and after a second 'not
fit for purpose' referred to the Minister; then progress followed to the re-visit.

Every step locks the WSOA, asks the policy (policy.wsoa), checks the stage, changes the rows,
audits without free text and moves the statement's clocks (deadlines.services), all in one
transaction. The Regional Director's letter is rendered after commit (wsoa.tasks).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.services import audit_record, text_fields
from config import clock
from deadlines import services as clocks
from deadlines.models import RUNNING, Deadline, DeadlineStatus
from evidence.models import HoldReason, RetentionHold
from evidence.services.retention import retention_hold_release, retention_hold_set
from inspections.models import Framework, Inspection, State
from inspections.scheduling import NOT_REVISITED_IF_INSPECTED_AFTER
from policy import wsoa as policy
from reports.models import Determination, LetterState, OutcomeLetter, SignificantWeakness
from wsoa.models import (
    Action,
    Fitness,
    InspectorateView,
    NextStep,
    Progress,
    ProgressNote,
    Publication,
    Recommendation,
    Review,
    RevisitJudgement,
    Stage,
    Submission,
    Wsoa,
)

SUBMISSION_RULE = {1: "wsoa_submission", 2: "wsoa_resubmission"}
REVIEW_RULE = "wsoa_review"
MAX_SUBMISSIONS = 2
STALE_MESSAGE = ("The written statement of action was changed by someone else after you "
                 "opened it: check it as it is now, then try again")


def _locked(wsoa: Wsoa) -> Wsoa:
    return (Wsoa.objects.select_for_update(of=("self",))
            .select_related("inspection__local_area", "local_area")
            .prefetch_related("inspection__team").get(pk=wsoa.pk))


def _require_stage(wsoa: Wsoa, allowed, doing: str) -> None:
    if wsoa.stage not in allowed:
        stage = wsoa.get_stage_display()
        raise ValidationError(f"You cannot {doing}: the statement is "
                              f"'{stage[0].lower()}{stage[1:]}'")


def _check_version(wsoa: Wsoa, version: int | None) -> None:
    if version is not None and wsoa.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")


def _save(wsoa: Wsoa, fields: list[str]) -> None:
    wsoa.version += 1
    wsoa.save(update_fields=[*fields, "version"])


def _audit(wsoa: Wsoa, by, action: str, before: dict | None = None,
           after: dict | None = None, obj=None) -> None:
    audit_record(actor=by, action=action, obj=obj or wsoa, local_area=wsoa.local_area,
                 inspection_id=wsoa.inspection_id, before=before, after=after)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def clock_of(wsoa: Wsoa, rule_code: str) -> Deadline | None:
    """The statement's latest clock of the rule, whatever its status."""
    return (Deadline.objects.select_related("rule", "local_area", "inspection__local_area",
                                            "wsoa__local_area")
            .filter(wsoa=wsoa, rule__code=rule_code).order_by("-created_at", "-id").first())


def _meet(wsoa: Wsoa, rule_code: str, on: datetime.date, by) -> None:
    deadline = clock_of(wsoa, rule_code)
    if deadline is not None and deadline.status in RUNNING + [DeadlineStatus.MISSED]:
        clocks.deadline_meet(deadline=deadline, met_on=on, by=by)


def _start(wsoa: Wsoa, rule_code: str, on: datetime.date, by) -> Deadline:
    return clocks.deadline_start(rule_code=rule_code, inspection=wsoa.inspection,
                                 start_date=on, by=by, wsoa=wsoa)


def _require_past(day: datetime.date | None, field: str, what: str) -> datetime.date:
    if day is None:
        raise ValidationError({field: f"Enter the date {what}"})
    if day > clock.today():
        raise ValidationError({field: f"The date {what} must be today or in the past"})
    return day


# Made by the determination

def wsoa_follow_determination(*, determination: Determination, by) -> Wsoa | None:
    """HMCI's delegate decided: a WSOA is made when one is required, with the principal
    authority named; a decision changed before the feedback meeting changes it, or removes
    one not required after all (it has no clock or submission yet: the receipt of the final
    report, after the feedback meeting, starts the first). Call inside the decision's
    transaction."""
    inspection = determination.inspection
    existing = Wsoa.objects.select_for_update().filter(inspection=inspection).first()
    if determination.wsoa_required:
        if existing is None:
            wsoa = Wsoa.objects.create(
                inspection=inspection, local_area=inspection.local_area,
                principal_authority=determination.principal_authority,
                determined_on=clock.today())
            _audit(wsoa, by, "wsoa.created", after={
                "principal_authority": wsoa.principal_authority,
                "weaknesses": determination.weaknesses.count()})
            _hold_evidence(wsoa, by)
            return wsoa
        if existing.principal_authority != determination.principal_authority:
            before = existing.principal_authority
            existing.principal_authority = determination.principal_authority
            _save(existing, ["principal_authority"])
            _audit(existing, by, "wsoa.principal_authority_changed",
                   before={"principal_authority": before},
                   after={"principal_authority": existing.principal_authority})
        return existing
    if existing is not None:
        _remove(existing, by)
    return None


def _remove(wsoa: Wsoa, by) -> None:
    if wsoa.stage != Stage.AWAITING_RECEIPT or wsoa.submissions.exists():
        raise ValidationError("The written statement of action has started: it cannot be "
                              "removed")
    _audit(wsoa, by, "wsoa.removed", before={"stage": wsoa.stage})
    for hold in RetentionHold.objects.filter(inspection_id=wsoa.inspection_id,
                                             reason=HoldReason.WSOA, released_at__isnull=True):
        retention_hold_release(hold=hold, by=by)
    wsoa.delete()


# The evidence base is kept beyond six months where a statement is required (handbook 73).
HOLD_DETAILS = ("Kept while the written statement of action HMCI determined is followed "
                "(handbook paragraph 73)")


def _hold_evidence(wsoa: Wsoa, by) -> None:
    if not RetentionHold.objects.filter(inspection_id=wsoa.inspection_id,
                                        reason=HoldReason.WSOA,
                                        released_at__isnull=True).exists():
        retention_hold_set(inspection=wsoa.inspection, by=by, reason=HoldReason.WSOA,
                           details=HOLD_DETAILS)


def wsoa_follow_withdrawal(*, inspection: Inspection, by) -> None:
    """An inspection withdrawn before publication takes its statement with it: one
    determined on site has not started (the final report was never received). Call inside
    the withdrawal's transaction."""
    existing = Wsoa.objects.select_for_update().filter(inspection=inspection).first()
    if existing is not None:
        _remove(existing, by)


# The final report received: the 70 working days start

def _final_issued_on(inspection: Inspection) -> datetime.date | None:
    return (OutcomeLetter.objects.filter(inspection=inspection,
                                         state=LetterState.FINAL_ISSUED)
            .values_list("final_issued_on", flat=True).first())


def default_receipt(wsoa: Wsoa) -> datetime.date | None:
    """What the receipt form offers: the date the final report was issued."""
    return _final_issued_on(wsoa.inspection)


@transaction.atomic
def wsoa_record_receipt(*, wsoa: Wsoa, by, received_on: datetime.date | None,
                        version: int | None = None) -> Wsoa:
    """The principal authority received the final report on `received_on`: the submission
    clock counts 70 working days from it (handbook 75). Recorded again while the statement
    is being written, it corrects the clock's start. Also starts the re-visit clock of the
    inspection, 18 months from its last day on site, for an inspection that can receive
    one (handbook 118 and 119)."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "record_receipt")
    _check_version(wsoa, version)
    _require_stage(wsoa, {Stage.AWAITING_RECEIPT, Stage.DRAFTING},
                   "record when the final report was received")
    received_on = _require_past(received_on, "received_on",
                                "the final report was received")
    issued = _final_issued_on(wsoa.inspection)
    if issued is None:
        raise ValidationError({"received_on": "The final report has not been issued yet"})
    if received_on < issued:
        raise ValidationError({"received_on": f"The final report was issued on "
                                              f"{issued:%-d %B %Y}: it cannot have been "
                                              f"received before"})
    before = {"report_received_on": _iso(wsoa.report_received_on), "stage": wsoa.stage}
    first = wsoa.stage == Stage.AWAITING_RECEIPT
    wsoa.report_received_on, wsoa.stage = received_on, Stage.DRAFTING
    _save(wsoa, ["report_received_on", "stage"])
    _audit(wsoa, by, "wsoa.report_received", before=before,
           after={"report_received_on": _iso(received_on), "stage": wsoa.stage,
                  "default": received_on == issued})
    if first:
        _start(wsoa, SUBMISSION_RULE[1], received_on, by)
        _revisit_clock_start(wsoa, by)
    else:
        deadline = clock_of(wsoa, SUBMISSION_RULE[1])
        if deadline is not None and deadline.start_date != received_on:
            clocks.deadline_correct_start(deadline=deadline, start_date=received_on,
                                          reason="", by=by)
    return wsoa


def revisit_eligible(inspection: Inspection) -> bool:
    """A 2016 inspection whose area must write a WSOA receives a re-visit unless it was
    inspected after June 2021 (handbook 118)."""
    return (inspection.framework == Framework.LOCAL_AREA_SEND_2016
            and inspection.onsite_start <= NOT_REVISITED_IF_INSPECTED_AFTER)


def _revisit_clock_start(wsoa: Wsoa, by) -> None:
    inspection = wsoa.inspection
    if not revisit_eligible(inspection):
        return
    existing = (Deadline.objects.filter(inspection=inspection, rule__code="revisit")
                .exclude(status=DeadlineStatus.CANCELLED).exists())
    if not existing:
        _start(wsoa, "revisit", inspection.onsite_end, by)


# Submission

@dataclass(frozen=True)
class ActionLine:
    weakness_id: int
    text: str
    who: str
    complete_by: datetime.date | None


def submission_refusals(*, weaknesses: list[SignificantWeakness],
                        actions: list[ActionLine]) -> list[str]:
    """What is missing from a submission, in words naming the parts: an area of significant
    weakness without an action, an action without who takes it or when. Pure."""
    refusals = []
    numbered = {weakness.pk: n for n, weakness in enumerate(weaknesses, start=1)}
    for line in actions:
        if line.weakness_id not in numbered:
            refusals.append("An action names an area of significant weakness this statement "
                            "does not tackle")
    counted = {}
    for line in actions:
        if line.weakness_id not in numbered:
            continue
        n = counted[line.weakness_id] = counted.get(line.weakness_id, 0) + 1
        where = f"Area of significant weakness {numbered[line.weakness_id]}, action {n}"
        if not line.text.strip():
            refusals.append(f"{where}: say what the action is")
        if not line.who.strip():
            refusals.append(f"{where}: say who is to take it")
        if line.complete_by is None:
            refusals.append(f"{where}: enter the date it is to be completed by")
    for weakness in weaknesses:
        if weakness.pk not in counted:
            refusals.append(f"Area of significant weakness {numbered[weakness.pk]} has no "
                            f"action: enter at least one")
    return refusals


def weaknesses_of(wsoa: Wsoa) -> list[SignificantWeakness]:
    return list(SignificantWeakness.objects.filter(
        determination__inspection_id=wsoa.inspection_id).order_by("position"))


@transaction.atomic
def wsoa_submit(*, wsoa: Wsoa, by, statement, actions: list[ActionLine],
                copies_confirmed: bool, submitted_on: datetime.date | None = None,
                version: int | None = None) -> Submission:
    """The principal authority submits the statement (a DocumentVersion the WSOA owns) with
    its actions for every area of significant weakness. Refused unless every area has an
    action saying who takes it and by when, and unless copies to HMCI, the inspectorates and
    the Secretary of State are confirmed (handbook 78). Meets the submission (or
    resubmission) clock and starts the review clock."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "submit_statement")
    _check_version(wsoa, version)
    _require_stage(wsoa, {Stage.DRAFTING, Stage.RESUBMISSION}, "submit the statement")
    submitted_on = submitted_on or clock.today()
    if statement is None or statement.document.statement_of_id != wsoa.pk:
        raise ValidationError({"statement": "Choose the statement document to submit"})
    if not statement.downloadable:
        raise ValidationError({"statement": "The statement document has not passed its "
                                            "virus scan"})
    weaknesses = weaknesses_of(wsoa)
    refusals = submission_refusals(weaknesses=weaknesses, actions=actions)
    if refusals:
        raise ValidationError({"actions": refusals})
    if not copies_confirmed:
        raise ValidationError({"copies_confirmed": "Confirm that copies went to HMCI, Ofsted, "
                                                   "the CQC and the Secretary of State"})
    number = wsoa.submissions.count() + 1
    submission = Submission.objects.create(
        wsoa=wsoa, number=number, statement=statement, submitted_on=submitted_on,
        submitted_by=by, submitted_at=clock.now(), copies_confirmed=copies_confirmed)
    positions: dict[int, int] = {}
    rows = []
    for line in actions:
        positions[line.weakness_id] = positions.get(line.weakness_id, 0) + 1
        rows.append(Action(submission=submission, weakness_id=line.weakness_id,
                           text=line.text.strip(), who=line.who.strip(),
                           complete_by=line.complete_by,
                           position=positions[line.weakness_id]))
    Action.objects.bulk_create(rows)
    Review.objects.create(submission=submission)
    before = wsoa.stage
    wsoa.stage = Stage.UNDER_REVIEW
    _save(wsoa, ["stage"])
    _audit(wsoa, by, "wsoa.submitted", before={"stage": before},
           after={"stage": wsoa.stage, "number": number, "submission_id": submission.pk,
                  "version_id": statement.pk, "actions": len(actions),
                  "submitted_on": _iso(submitted_on)})
    _meet(wsoa, SUBMISSION_RULE[number], submitted_on, by)
    _start(wsoa, REVIEW_RULE, submitted_on, by)
    return submission


# Review

def _current_review(wsoa: Wsoa) -> Review:
    review = (Review.objects.select_for_update(of=("self",)).select_related("submission")
              .filter(submission__wsoa=wsoa).order_by("-submission__number").first())
    if review is None:
        raise ValidationError("A review is recorded on a submitted statement: nothing has "
                              "been submitted yet")
    return review


@transaction.atomic
def wsoa_record_view(*, wsoa: Wsoa, by, inspectorate: str, fitness: str,
                     comments: str = "") -> InspectorateView:
    """One inspectorate's view on the submitted statement, by its own staff; changed
    freely until the joint decision is recorded."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "review_statement")
    if not policy.may_review_for(by, inspectorate):
        raise PermissionDenied("Only the inspectorate's own staff record its view")
    _require_stage(wsoa, {Stage.UNDER_REVIEW}, "record a view on the statement")
    if fitness not in Fitness.values:
        raise ValidationError({"fitness": "Select whether the statement is fit for purpose"})
    review = _current_review(wsoa)
    if review.decision:
        raise ValidationError("The decision on this statement has been recorded")
    view, made = InspectorateView.objects.update_or_create(
        review=review, inspectorate=inspectorate,
        defaults={"fitness": fitness, "comments": comments.strip(), "by": by,
                  "at": clock.now()})
    _audit(wsoa, by, "wsoa.view_recorded", after={
        "submission_id": review.submission_id, "inspectorate": inspectorate,
        "fitness": fitness, "changed": not made, "fields": text_fields(comments=comments)})
    return view


INSPECTORATES = ("ofsted", "cqc")
INSPECTORATE_NAMES = {"ofsted": "Ofsted", "cqc": "the CQC"}


@transaction.atomic
def wsoa_decide(*, wsoa: Wsoa, by, regional_director: str,
                recommendations: dict[int, str] | None = None,
                decided_on: datetime.date | None = None) -> Review:
    """The joint decision, once Ofsted's and CQC's views are both recorded and agree, sent
    to the area in the Regional Director's letter (framework 18) on `decided_on`: meets the
    review clock. 'Not fit for purpose' needs a recommendation for at least one area of
    significant weakness; the first starts the resubmission clock, the second refers the
    statement to the Minister. Recorded once; reopening needs an admin."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "decide_fitness")
    _require_stage(wsoa, {Stage.UNDER_REVIEW}, "record the fitness decision")
    review = _current_review(wsoa)
    if review.decision:
        raise ValidationError("The decision on this statement has been recorded")
    views = {view.inspectorate: view.fitness for view in review.views.all()}
    missing = [name for name in INSPECTORATES if name not in views]
    if missing:
        names = " and ".join(INSPECTORATE_NAMES[name] for name in missing)
        raise ValidationError(f"The decision is joint: {names} "
                              f"{'have' if len(missing) > 1 else 'has'} not recorded a view "
                              f"yet")
    if len(set(views.values())) != 1:
        raise ValidationError("Ofsted and the CQC disagree on the statement's fitness: the "
                              "decision is joint, so they agree first")
    if not regional_director.strip():
        raise ValidationError({"regional_director": "Enter the name of the Ofsted Regional "
                                                    "Director who signs the letter"})
    decision = views["ofsted"]
    decided_on = _require_past(decided_on or clock.today(), "decided_on",
                               "the decision was sent")
    if decided_on < review.submission.submitted_on:
        raise ValidationError({"decided_on": "The decision cannot be sent before the "
                                             "statement was submitted"})
    given = {wid: text.strip() for wid, text in (recommendations or {}).items()
             if text and text.strip()}
    weakness_ids = {w.pk for w in weaknesses_of(wsoa)}
    if decision == Fitness.NOT_FIT and not given:
        raise ValidationError({"recommendations": "A statement not fit for purpose needs a "
                                                  "recommendation for at least one area of "
                                                  "significant weakness"})
    if decision == Fitness.FIT and given:
        raise ValidationError({"recommendations": "Recommendations go with a statement not "
                                                  "fit for purpose"})
    if set(given) - weakness_ids:
        raise ValidationError({"recommendations": "A recommendation names an area of "
                                                  "significant weakness the statement does "
                                                  "not tackle"})
    review.recommendations.all().delete()
    Recommendation.objects.bulk_create([Recommendation(review=review, weakness_id=wid,
                                                       text=text)
                                        for wid, text in sorted(given.items())])
    review.decision, review.decided_on, review.decided_by = decision, decided_on, by
    review.regional_director = regional_director.strip()
    review.letter_pdf, review.letter_sha256, review.letter_pages = "", "", None
    review.save()
    number = review.submission.number
    before = wsoa.stage
    if decision == Fitness.FIT:
        wsoa.stage = Stage.FIT
    elif number < MAX_SUBMISSIONS:
        wsoa.stage = Stage.RESUBMISSION
    else:
        wsoa.stage = Stage.MINISTER
    _save(wsoa, ["stage"])
    _audit(wsoa, by, "wsoa.decided", before={"stage": before},
           after={"stage": wsoa.stage, "decision": decision, "number": number,
                  "decided_on": _iso(decided_on), "recommendations": len(given)})
    _meet(wsoa, REVIEW_RULE, decided_on, by)
    if wsoa.stage == Stage.RESUBMISSION:
        _start(wsoa, SUBMISSION_RULE[2], decided_on, by)
    from wsoa.tasks import decision_letter_render_later
    decision_letter_render_later(review)
    return review


@transaction.atomic
def wsoa_reopen(*, wsoa: Wsoa, by, reason: str) -> Review:
    """An admin reopens the last fitness decision, saying why: the statement is under review
    again, the review clock runs again, and a resubmission clock the decision started is
    cancelled (a referral to the Minister is withdrawn with it)."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "reopen_decision")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the decision is reopened"})
    _require_stage(wsoa, {Stage.FIT, Stage.RESUBMISSION, Stage.MINISTER},
                   "reopen the decision")
    review = _current_review(wsoa)
    if not review.decision:
        raise ValidationError("There is no decision to reopen")
    if wsoa.stage == Stage.RESUBMISSION and wsoa.submissions.count() > review.submission.number:
        raise ValidationError("The revised statement has been submitted: the decision on "
                              "the first cannot be reopened")
    before = {"stage": wsoa.stage, "decision": review.decision}
    if wsoa.stage == Stage.RESUBMISSION:
        resubmission = clock_of(wsoa, SUBMISSION_RULE[2])
        if resubmission is not None and resubmission.status in RUNNING + [DeadlineStatus.MISSED]:
            clocks.deadline_cancel(deadline=resubmission,
                                   reason=f"fitness decision reopened: {reason.strip()}", by=by)
    review.decision, review.decided_on, review.decided_by = "", None, None
    review.letter_pdf, review.letter_sha256, review.letter_pages = "", "", None
    review.reopened_count += 1
    review.save()
    review.recommendations.all().delete()
    wsoa.stage = Stage.UNDER_REVIEW
    wsoa.minister_advised_on, wsoa.next_step = None, ""
    _save(wsoa, ["stage", "minister_advised_on", "next_step"])
    _audit(wsoa, by, "wsoa.reopened", before=before,
           after={"stage": wsoa.stage, "submission_id": review.submission_id,
                  "fields": ["reason"]})
    deadline = clock_of(wsoa, REVIEW_RULE)
    if deadline is not None and deadline.status == DeadlineStatus.MET:
        clocks.deadline_reopen(deadline=deadline, by=by)
    return review


# After the decision

@transaction.atomic
def wsoa_advise_minister(*, wsoa: Wsoa, by, advised_on: datetime.date | None,
                         next_step: str) -> Wsoa:
    """After a second 'not fit for purpose': the advice to the Minister, and the next step
    chosen (targeted support, continued monitoring, statutory direction, further
    inspection)."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "advise_minister")
    _require_stage(wsoa, {Stage.MINISTER}, "record the advice to the Minister")
    advised_on = _require_past(advised_on, "advised_on", "the Minister was advised")
    if next_step not in NextStep.values:
        raise ValidationError({"next_step": "Select the next step"})
    before = {"minister_advised_on": _iso(wsoa.minister_advised_on),
              "next_step": wsoa.next_step or None}
    wsoa.minister_advised_on, wsoa.next_step = advised_on, next_step
    _save(wsoa, ["minister_advised_on", "next_step"])
    _audit(wsoa, by, "wsoa.minister_advised", before=before,
           after={"minister_advised_on": _iso(advised_on), "next_step": next_step})
    return wsoa


@transaction.atomic
def wsoa_record_publication(*, wsoa: Wsoa, by, body: str, url: str, local_offer: bool,
                            published_on: datetime.date | None) -> Publication:
    """Where the local authority or a co-operating body published the statement, the Local
    Offer site among them (handbook 79)."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "record_publication")
    if not wsoa.submissions.exists():
        raise ValidationError("The statement is published once it has been submitted")
    published_on = _require_past(published_on, "published_on", "it was published")
    publication = Publication(wsoa=wsoa, body=body.strip(), url=url.strip(),
                              local_offer=local_offer, published_on=published_on,
                              recorded_by=by, recorded_at=clock.now())
    publication.full_clean(exclude=["wsoa", "recorded_by"])
    publication.save()
    _audit(wsoa, by, "wsoa.publication_recorded",
           after={"publication_id": publication.pk, "local_offer": local_offer,
                  "published_on": _iso(published_on), "fields": ["body", "url"]})
    return publication


@transaction.atomic
def wsoa_progress_note(*, action: Action, by, text: str) -> ProgressNote:
    """A DfE or NHS England adviser's note of progress on an action."""
    wsoa = _locked(action.submission.wsoa)
    policy.require(by, wsoa, "record_progress")
    if not text.strip():
        raise ValidationError({"text": "Enter the progress note"})
    note = ProgressNote.objects.create(action=action, text=text.strip(), by=by,
                                       at=clock.now())
    _audit(wsoa, by, "wsoa.progress_noted",
           after={"action_id": action.pk, "note_id": note.pk, "fields": ["text"]})
    return note


def wsoa_publication_clocks(*, inspection: Inspection, on: datetime.date, by) -> None:
    """The report is published: where a WSOA is required, the DfE's progress advice is due
    12 months on (framework 19). Call inside the publication's transaction."""
    wsoa = Wsoa.objects.filter(inspection=inspection).select_related(
        "inspection__local_area", "local_area").first()
    if wsoa is None:
        return
    if not Deadline.objects.filter(wsoa=wsoa, rule__code="dfe_progress_review").exists():
        _start(wsoa, "dfe_progress_review", on, by)


@transaction.atomic
def wsoa_record_dfe_advice(*, wsoa: Wsoa, by, advised_on: datetime.date | None) -> Wsoa:
    """The DfE advised the Minister on the area's progress: its clock is met."""
    wsoa = _locked(wsoa)
    policy.require(by, wsoa, "record_dfe_advice")
    advised_on = _require_past(advised_on, "advised_on", "the DfE advised the Minister")
    deadline = clock_of(wsoa, "dfe_progress_review")
    if deadline is None or deadline.status not in RUNNING + [DeadlineStatus.MISSED]:
        raise ValidationError("The DfE's progress advice is not due: the report is not "
                              "published, or the advice is recorded")
    clocks.deadline_meet(deadline=deadline, met_on=advised_on, by=by)
    _audit(wsoa, by, "wsoa.dfe_advice_recorded", after={"advised_on": _iso(advised_on)})
    return wsoa


JUDGING_STATES = frozenset({State.ON_SITE, State.FEEDBACK_GIVEN, State.REPORTING})


@transaction.atomic
def revisit_judge(*, revisit: Inspection, by, judgements: dict[int, str]) -> int:
    """The re-visit's lead inspector judges progress on every area of significant weakness
    of the WSOA the re-visit follows: sufficient, or not sufficient (handbook 117)."""
    revisit = (Inspection.objects.select_for_update(of=("self",)).select_related("local_area")
               .prefetch_related("team").get(pk=revisit.pk))
    if revisit.revisit_of_id is None:
        raise ValidationError("Only a re-visit judges progress on a written statement")
    wsoa = Wsoa.objects.filter(inspection_id=revisit.revisit_of_id).first()
    if wsoa is None:
        raise ValidationError("The inspection re-visited has no written statement of action")
    if not policy.can_on_revisit(by, revisit, "judge_progress"):
        raise PermissionDenied(policy.refusal("judge_progress"))
    if revisit.state not in JUDGING_STATES:
        raise ValidationError(f"Progress is judged from the re-visit's on-site work until "
                              f"its report is published: this re-visit is "
                              f"{revisit.get_state_display().lower()}")
    weaknesses = weaknesses_of(wsoa)
    missing = [n for n, w in enumerate(weaknesses, start=1)
               if judgements.get(w.pk) not in Progress.values]
    if missing:
        raise ValidationError({"judgements": [f"Area of significant weakness {n}: select "
                                              f"sufficient or not sufficient progress"
                                              for n in missing]})
    now = clock.now()
    for weakness in weaknesses:
        RevisitJudgement.objects.update_or_create(
            revisit=revisit, weakness=weakness,
            defaults={"progress": judgements[weakness.pk], "by": by, "at": now})
    audit_record(actor=by, action="wsoa.progress_judged", obj=revisit,
                 local_area=revisit.local_area,
                 after={"wsoa_id": wsoa.pk, "sufficient": sum(
                     1 for w in weaknesses if judgements[w.pk] == Progress.SUFFICIENT),
                     "not_sufficient": sum(1 for w in weaknesses
                                           if judgements[w.pk] == Progress.NOT_SUFFICIENT)})
    return len(weaknesses)
