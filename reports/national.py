"""National-scale outcome letters: one for every inspection that has reached reporting, in
the state its inspection's dates put it, with its findings (about half supported by the
inspection's evidence, where it still has its evidence base), its versions (each one quality
assurance decided on keeps its text, the one sent to the area is recorded, and an issued
final is a version of its own), quality assurance's decisions, the area's recipients of the
draft and their factual-accuracy comments with the lead inspector's answers, and, once
issued, its signatories and, once published, the statutory copies of the report.

Runs after the evidence (evidence.national), whose records the findings cite."""

import dataclasses
import datetime

from config.national.base import Run, at, bulk_insert
from inspections.models import State
from reports.content import QUESTION_HEADINGS, LetterContent, QuestionSection, title_and_opening
from reports.models import (
    AccuracyComment,
    CommentResponse,
    CopyRecipient,
    DraftRecipient,
    Finding,
    FindingEvidence,
    FindingKind,
    FindingSection,
    LetterReview,
    LetterSignatory,
    LetterState,
    LetterVersion,
    OutcomeLetter,
    RecipientCapacity,
    ReportCopy,
    ReviewDecision,
    VersionReason,
)
from reports.versions import letter_text

RETURN_COMMENTS = ["The evidence for the second area for development needs to be clearer.",
                   "Say how leaders know that the waiting times have improved."]
SIGNATORIES = [("ofsted", "Regional Director"),
               ("cqc", "Deputy Chief Inspector, Primary Medical Services, Children Health and "
                       "Justice")]

# The findings' words: who, and what the team found, by kind.
WHO = ["Leaders", "Area leaders", "Leaders across education, health and care",
       "Practitioners", "Frontline staff", "Partners", "Commissioners", "School leaders"]
MAIN = ["share an ambitious vision for children and young people with SEND",
        "know the area's strengths and weaknesses well",
        "have been too slow to act on what parents and carers tell them",
        "have improved the timeliness of education, health and care plans",
        "do not yet check well enough whether their actions make a difference",
        "work together effectively to identify needs early",
        "have not ensured that health services are commissioned jointly",
        "communicate well with the parent carer forum"]
STRENGTHS = ["identify needs in the early years quickly and accurately",
             "use the local offer well to help families find support",
             "co-produce plans with children, young people and their families",
             "make effective use of the designated clinical officer's work",
             "provide timely speech and language therapy for most children",
             "support young people well as they prepare for adulthood",
             "track the progress of children who attend special schools closely",
             "train school staff well to meet a wide range of needs"]
DEVELOPMENTS = ["do not identify the needs of older children soon enough",
                "leave some families waiting too long for a neurodevelopmental assessment",
                "do not make sure that plans are reviewed on time",
                "have too few places in specialist provision close to home",
                "do not gather the views of children and young people consistently",
                "have not reduced the number of exclusions of pupils with SEND",
                "do not share information between services quickly enough",
                "are not clear enough about the support available at SEN support"]
RECOMMENDATIONS = ["Leaders should improve the timeliness of assessments, so that children "
                   "and young people receive the help they need without delay.",
                   "Leaders should strengthen how they check the quality of education, "
                   "health and care plans.",
                   "Leaders should work with parents and carers to improve the local offer.",
                   "Leaders should reduce the waiting times for therapy services."]
# A draft returned by quality assurance said less in its first area for development.
VAGUE = "Some children and young people wait too long for help."
# What an accepted comment changed in a finding.
CORRECTIONS = ["as the area's own figures for the last year confirm",
               "although this is not yet the case in every part of the area",
               "and this has improved since the area's most recent self-evaluation",
               "for most, though not all, children and young people"]
COMMENTS = ["This figure is out of date: the most recent data was shared with the team on "
            "the last day of the inspection.",
            "This does not reflect the work done since the new strategy was agreed.",
            "The passage should say that this applies to only some parts of the area.",
            "We think this overstates the waiting time: most families wait less than this.",
            "The service named here is commissioned jointly, not by health alone."]
ACCEPTED = ["Accepted: the passage has been changed to reflect the area's latest data.",
            "Accepted: the passage now makes clear where this applies.",
            "Accepted: the wording has been changed as suggested."]
NOT_ACCEPTED = ["Not accepted: the evidence gathered on site supports the finding as written.",
                "Not accepted: the data the team saw during the inspection shows this.",
                "Not accepted: this is what parents, carers and practitioners told the team."]
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


@dataclasses.dataclass
class _Finding:
    section: str
    kind: str
    text: str  # as sent to the area, and as it reads now unless a comment changed it
    position: int
    written_at: datetime.datetime
    record: int | None = None  # the evidence record that supports it
    changed: str = ""  # as it reads now, after an accepted comment
    changed_at: datetime.datetime | None = None

    @property
    def now(self) -> str:
        return self.changed or self.text


def _findings(run: Run, rng, p) -> list[_Finding]:
    """Three main findings, one or two strengths and areas for development under each
    question, and a 2023 letter's two recommendations, written the day drafting started."""
    started = run.add_wd(p.feedback_on, 1)
    plan = [(FindingSection.MAIN, FindingKind.FINDING,
             f"{who} {what}.") for who, what in zip(rng.sample(WHO, 3), rng.sample(MAIN, 3),
                                                    strict=True)]
    strengths, developments = rng.sample(STRENGTHS, 6), rng.sample(DEVELOPMENTS, 6)
    for question in "ABC":
        for kind, pool in ((FindingKind.STRENGTH, strengths),
                           (FindingKind.DEVELOPMENT, developments)):
            for _ in range(rng.randint(1, 2)):
                plan.append((question, kind, f"{rng.choice(WHO)} {pool.pop()}."))
    if p.is_2023:
        plan += [(FindingSection.RECOMMENDATIONS, FindingKind.FINDING, text)
                 for text in rng.sample(RECOMMENDATIONS, 2)]
    return [_Finding(section, kind, text, position,
                     min(at(started, 10 + position // 4, (position * 7) % 60),
                         run.now - MINUTE * (30 - position)))
            for position, (section, kind, text) in enumerate(plan, start=1)]


def _text(p, findings: list[_Finding], *, now: bool = False, vague: bool = False
          ) -> list[dict]:
    """The letter's text (reports.versions) from its findings, as sent (or as they read
    `now`): no determination or outcome is in the national data before publication."""
    title, opening = title_and_opening(is_2023=p.is_2023, area=p.area.name,
                                       onsite_start=p.start, onsite_end=p.end,
                                       roles=[role for _pk, role in p.team])

    def lines(section, kind=FindingKind.FINDING):
        return [f.now if now else f.text for f in findings
                if f.section == section and f.kind == kind]

    sections = [QuestionSection(question=q, heading=QUESTION_HEADINGS[q],
                                strengths=lines(q, FindingKind.STRENGTH),
                                areas_for_development=lines(q, FindingKind.DEVELOPMENT))
                for q in "ABC"]
    if vague:
        sections[0].areas_for_development[0] = VAGUE
    return letter_text(LetterContent(
        reference=p.reference, title=title, letter_date=None, letterhead=[], addressee=[],
        also_addressed=[], salutation="", opening=opening,
        main_findings=lines(FindingSection.MAIN), sections=sections, closing=[],
        significant_weaknesses=[], sign_off="", signatories=[], cc=[],
        recommendations=lines(FindingSection.RECOMMENDATIONS) if p.is_2023 else []))


def _recipients(run: Run, p) -> list[tuple[int, str]]:
    """The area's leader as its DCS and its LANO as a representative, those of the
    national accounts the area has who had joined when the draft went."""
    people = run.shared["area_people"].get(p.area.pk, {})
    return [(people[kind][0], capacity)
            for kind, capacity in (("leader", RecipientCapacity.DCS),
                                   ("lano", RecipientCapacity.REPRESENTATIVE))
            if kind in people and people[kind][2] <= p.draft_sent_on]


def _comments(run: Run, rng, p, findings: list[_Finding], recipients: list) -> list[dict]:
    """Up to three comments by the recipients within their 10 working days; on an issued
    final every one answered before it was issued (some 30% of finals changed by one or two
    accepted comments), on a draft still with the area some answered so far."""
    if not recipients:
        return []
    final = p.letter_state == LetterState.FINAL_ISSUED
    limit = min(day for day in (p.comments_received_on, p.final_issued_on, run.today) if day)
    days = [day for day in (run.add_wd(p.draft_sent_on, k) for k in range(1, 11))
            if day <= limit]
    changes = final and rng.random() < 0.3
    n = min(len(days), rng.randint(1 if changes else 0, 3)) if days else 0
    to_accept = min(n, rng.randint(1, 2)) if changes else 0
    comments = []
    for k, finding in enumerate(rng.sample(findings, n)):
        submitted = min(at(rng.choice(days), rng.randint(9, 16), rng.choice((0, 15, 30, 45))),
                        run.now - MINUTE * (60 - k))
        comment = {"finding": finding, "by": rng.choice(recipients)[0],
                   "submitted_at": submitted, "comment": rng.choice(COMMENTS),
                   "response": "", "response_text": "", "answered_at": None}
        if final:
            answered = min(submitted + HOUR * rng.randint(2, 72),
                           at(p.final_issued_on, 10, 30), run.now)
            accepted = k < to_accept
        else:
            answered = submitted + HOUR * rng.randint(2, 72)
            if rng.random() < 0.5 or answered >= run.now:
                answered = None
            accepted = rng.random() < 0.4
        if answered is not None:
            comment["answered_at"] = answered
            if accepted:
                comment["response"] = CommentResponse.ACCEPTED
                comment["response_text"] = rng.choice(ACCEPTED)
                finding.changed = f"{finding.text.removesuffix('.')}, {rng.choice(CORRECTIONS)}."
                finding.changed_at = answered
            else:
                comment["response"] = CommentResponse.NOT_ACCEPTED
                comment["response_text"] = rng.choice(NOT_ACCEPTED)
        comments.append(comment)
    return comments


def seed_letters(run: Run) -> None:
    rng = run.rng("reports")
    people = run.shared["people"]
    ofsted_qa = [pk for pk, _n, _u in people["shmi"]]
    cqc_qa = [pk for pk, _n, _u in people["cqcqa"]]
    admins = [pk for pk, _n, _u in people["admin"]]
    with_letters = [p for p in run.shared["inspections"] if p.reached(State.REPORTING)]
    for p in with_letters:
        if p.letter_state is None:
            p.letter_state = LetterState.FINAL_ISSUED
    sent = {p.pk for p in with_letters if p.letter_state in (LetterState.DRAFT_WITH_LOCAL_AREA,
                                                             LetterState.FINAL_ISSUED)}
    # Versions: the first draft, and a second for a draft quality assurance returned.
    returned = {p.pk: p.large or (p.letter_state != LetterState.DRAFTING and rng.random() < 0.15)
                for p in with_letters}
    last_qa = {p.pk: 2 if returned[p.pk] else 1 for p in with_letters}
    letters = bulk_insert(run, OutcomeLetter, (
        OutcomeLetter(inspection_id=p.pk, state=p.letter_state, draft_sent_on=p.draft_sent_on,
                      comments_received_on=p.comments_received_on,
                      final_issued_on=p.final_issued_on,
                      sent_version_number=last_qa[p.pk] if p.pk in sent else None,
                      created_at=at(run.add_wd(p.feedback_on, 1), 9))
        for p in with_letters), desc="outcome letters", keep=lambda letter: letter.pk)
    run.shared["letters"] = dict(zip([p.pk for p in with_letters], letters, strict=True))

    # What each letter says and what the area said of it, from random numbers of their own.
    words = run.rng("reports.findings")
    findings = {p.pk: _findings(run, words, p) for p in with_letters}
    records = run.shared.get("evidence_records", {})
    for p in with_letters:
        # About half the findings cite one of the records written before drafting began.
        first = min(f.written_at for f in findings[p.pk])
        cited = [pk for pk, created in records.get(p.pk, ()) if created < first]
        for finding in findings[p.pk] if cited else ():
            if words.random() < 0.5:
                finding.record = words.choice(cited)
    recipients = {p.pk: _recipients(run, p) for p in with_letters if p.pk in sent}
    comments = {pk: _comments(run, words, p, findings[pk], recipients[pk])
                for p in with_letters if (pk := p.pk) in sent}

    versions = []
    for p, letter in zip(with_letters, letters, strict=True):
        started = run.add_wd(p.feedback_on, 1)
        versions.append((p, letter, 1, VersionReason.FIRST_DRAFT, started))
        if returned[p.pk]:
            versions.append((p, letter, 2, VersionReason.RETURNED, run.add_wd(started, 4)))
        if p.letter_state == LetterState.FINAL_ISSUED:
            versions.append((p, letter, last_qa[p.pk] + 1, VersionReason.FINAL,
                             p.final_issued_on))

    def version(p, letter, number, reason, day):
        text, frozen = [], None
        if reason == VersionReason.FINAL:
            text, frozen = _text(p, findings[p.pk], now=True), min(at(day, 11), run.now)
            return LetterVersion(letter_id=letter, number=number, reason=reason,
                                 started_by_id=p.lead, started_at=frozen, text=text,
                                 frozen_at=frozen)
        if number < last_qa[p.pk] or p.letter_state != LetterState.DRAFTING:
            # Frozen when submitted for quality assurance, and again when sent.
            text = _text(p, findings[p.pk], vague=number < last_qa[p.pk])
            frozen = at(run.add_wd(day, 2), 17)
            if p.pk in sent and number == last_qa[p.pk]:
                frozen = at(p.draft_sent_on, 12)
            frozen = min(frozen, run.now)
        return LetterVersion(letter_id=letter, number=number, reason=reason,
                             started_by_id=p.lead, started_at=at(day, 9, 30), text=text,
                             frozen_at=frozen)

    made = bulk_insert(run, LetterVersion, (version(*row) for row in versions),
                       total=len(versions), desc="letter versions",
                       keep=lambda version: version.pk)

    def reviews():
        for pk, (p, _letter, number, reason, day) in zip(made, versions, strict=True):
            if reason == VersionReason.FINAL:
                continue
            last = number == last_qa[p.pk]
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

    written = [(p, letter, finding) for p, letter in zip(with_letters, letters, strict=True)
               for finding in findings[p.pk]]
    finding_pks = bulk_insert(run, Finding, (
        Finding(letter_id=letter, section=f.section, kind=f.kind, text=f.now,
                position=f.position, written_by_id=p.lead,
                written_at=f.changed_at or f.written_at, version=2 if f.changed else 1)
        for p, letter, f in written), total=len(written), desc="letter findings",
        keep=lambda finding: finding.pk)
    bulk_insert(run, FindingEvidence, (
        FindingEvidence(finding_id=pk, record_id=f.record, linked_by_id=p.lead,
                        linked_at=f.written_at)
        for pk, (p, _letter, f) in zip(finding_pks, written, strict=True) if f.record),
        desc="finding evidence links")
    bulk_insert(run, DraftRecipient, (
        DraftRecipient(letter_id=letter, user_id=user, capacity=capacity, named_by_id=p.lead,
                       named_at=min(at(p.draft_sent_on, 10, n), run.now))
        for p, letter in zip(with_letters, letters, strict=True) if p.pk in sent
        for n, (user, capacity) in enumerate(recipients[p.pk])), desc="draft recipients")
    bulk_insert(run, AccuracyComment, (
        AccuracyComment(letter_id=letter, version_number=last_qa[p.pk],
                        passage=c["finding"].text, comment=c["comment"], by_id=c["by"],
                        submitted_at=c["submitted_at"], response=c["response"],
                        response_text=c["response_text"],
                        answered_by_id=p.lead if c["response"] else None,
                        answered_at=c["answered_at"], version=2 if c["response"] else 1)
        for p, letter in zip(with_letters, letters, strict=True) if p.pk in sent
        for c in comments[p.pk]), desc="accuracy comments")
    # The statutory copies, recorded as the report was published (no determinations are in
    # the national data, so no principal authority's copy).
    copies = [(CopyRecipient.EDUCATION, CopyRecipient.EDUCATION.label.removeprefix("The ")),
              (CopyRecipient.HEALTH, CopyRecipient.HEALTH.label.removeprefix("The "))]
    bulk_insert(run, ReportCopy, (
        ReportCopy(letter_id=letter, recipient=recipient, name=name, sent_on=p.published_on,
                   recorded_by_id=admins[p.lineage % len(admins)],
                   recorded_at=min(at(p.published_on, 9), run.now))
        for p, letter in zip(with_letters, letters, strict=True)
        if p.state in (State.PUBLISHED, State.CLOSED)
        for recipient, name in [*copies, (CopyRecipient.LOCAL_AUTHORITY,
                                          f"The local authority of {p.area.name}")]),
        desc="report copies")
