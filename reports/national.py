"""National-scale outcome letters: one for every inspection that has reached reporting, in
the state its inspection's dates put it, with its versions, quality assurance's decisions
and, once issued, its signatories."""

from config.national.base import Run, at, bulk_insert
from inspections.models import State
from reports.models import (
    LetterReview,
    LetterSignatory,
    LetterState,
    LetterVersion,
    OutcomeLetter,
    ReviewDecision,
    VersionReason,
)

RETURN_COMMENTS = ["The evidence for the second area for development needs to be clearer.",
                   "Say how leaders know that the waiting times have improved."]
SIGNATORIES = [("ofsted", "Regional Director"),
               ("cqc", "Deputy Chief Inspector, Primary Medical Services, Children Health and "
                       "Justice")]


def seed_letters(run: Run) -> None:
    rng = run.rng("reports")
    people = run.shared["people"]
    ofsted_qa = [pk for pk, _n, _u in people["shmi"]]
    cqc_qa = [pk for pk, _n, _u in people["cqcqa"]]
    with_letters = [p for p in run.shared["inspections"] if p.reached(State.REPORTING)]
    for p in with_letters:
        if p.letter_state is None:
            p.letter_state = LetterState.FINAL_ISSUED
    letters = bulk_insert(run, OutcomeLetter, (
        OutcomeLetter(inspection_id=p.pk, state=p.letter_state, draft_sent_on=p.draft_sent_on,
                      comments_received_on=p.comments_received_on,
                      final_issued_on=p.final_issued_on,
                      created_at=at(run.add_wd(p.feedback_on, 1), 9))
        for p in with_letters), desc="outcome letters", keep=lambda letter: letter.pk)
    run.shared["letters"] = dict(zip([p.pk for p in with_letters], letters, strict=True))

    # Versions: the first draft, and a second for a draft quality assurance returned.
    returned = {p.pk: p.large or (p.letter_state != LetterState.DRAFTING and rng.random() < 0.15)
                for p in with_letters}
    versions = []
    for p, letter in zip(with_letters, letters, strict=True):
        started = run.add_wd(p.feedback_on, 1)
        versions.append((p, letter, 1, VersionReason.FIRST_DRAFT, started))
        if returned[p.pk]:
            versions.append((p, letter, 2, VersionReason.RETURNED, run.add_wd(started, 4)))
    made = bulk_insert(run, LetterVersion, (
        LetterVersion(letter_id=letter, number=number, reason=reason, started_by_id=p.lead,
                      started_at=at(day, 9, 30))
        for p, letter, number, reason, day in versions), total=len(versions),
        desc="letter versions", keep=lambda version: version.pk)

    def reviews():
        for pk, (p, _letter, number, _reason, day) in zip(made, versions, strict=True):
            last = number == (2 if returned[p.pk] else 1)
            if not last:
                yield LetterReview(version_id=pk, reviewer_id=rng.choice(cqc_qa),
                                   inspectorate="cqc", decision=ReviewDecision.RETURNED,
                                   comments=rng.choice(RETURN_COMMENTS),
                                   decided_at=at(run.add_wd(day, 3), 15))
                continue
            if p.letter_state == LetterState.DRAFTING:
                continue
            yield LetterReview(version_id=pk, reviewer_id=rng.choice(ofsted_qa),
                               inspectorate="ofsted", decision=ReviewDecision.APPROVED,
                               decided_at=at(run.add_wd(day, 3), 11))
            if p.letter_state != LetterState.QUALITY_ASSURANCE:
                yield LetterReview(version_id=pk, reviewer_id=rng.choice(cqc_qa),
                                   inspectorate="cqc", decision=ReviewDecision.APPROVED,
                                   decided_at=at(run.add_wd(day, 4), 11))

    bulk_insert(run, LetterReview, reviews(), desc="letter reviews")
    bulk_insert(run, LetterSignatory, (
        LetterSignatory(letter_id=letter, inspectorate=inspectorate,
                        name=f"{name} {rng.choice(['Russell', 'Gallagher', 'Okoro', 'Hale'])}",
                        title=title, order=order)
        for p, letter in zip(with_letters, letters, strict=True)
        if p.letter_state == LetterState.FINAL_ISSUED
        for order, (inspectorate, title) in enumerate(SIGNATORIES)
        for name in [rng.choice(["Christopher", "Ursula", "Nicola", "Martin"])]),
        desc="letter signatories")
